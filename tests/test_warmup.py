"""Binder's postBuild runs lessonlib.warmup: it must compile every jitted kernel in the package,
in float32 and float64, or a student waits for Numba in class."""
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

LIST_UNCOMPILED = r"""
import importlib, pkgutil, numba, numpy as np
from numba.core.registry import CPUDispatcher
from numba.np.ufunc.dufunc import DUFunc
import lessonlib, lessonlib.warmup
lessonlib.warmup.main()
missing = []
for info in pkgutil.walk_packages(lessonlib.__path__, "lessonlib."):
    module = importlib.import_module(info.name)
    for name, obj in vars(module).items():
        if isinstance(obj, CPUDispatcher) and obj.__module__ == info.name and not obj.signatures:
            missing.append(f"{info.name}.{name}")
        if isinstance(obj, np.ufunc) and getattr(obj, "__module__", None) == info.name and obj.ntypes < 2:
            missing.append(f"{info.name}.{name}")
print("UNCOMPILED", sorted(set(missing)))
"""


def test_warmup_compiles_every_jitted_function_in_the_package(tmp_path):
    # An empty cache folder: every function is compiled, so a callee counts as compiled when its
    # caller is (a caller loaded from an old cache would not touch its callees).
    env = dict(os.environ, NUMBA_CACHE_DIR=str(tmp_path))
    run = subprocess.run([sys.executable, "-c", LIST_UNCOMPILED], cwd=ROOT, capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stderr[-3000:]
    line = [l for l in run.stdout.splitlines() if l.startswith("UNCOMPILED")][0]
    assert line == "UNCOMPILED []", line
