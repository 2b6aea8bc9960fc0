"""A Binder launch, rehearsed offline: the repository copied to a fresh $HOME, a fresh virtual
environment that must find everything in binder/requirements.txt without downloading
(pip --no-index; the packages of the environment running this test are visible to it),
binder/postBuild run there (it installs the project and runs lessonlib.warmup from an empty
cache), then a lesson executed under binder/start — and Numba must load every kernel from the
cache postBuild wrote. postBuild's warm-up must have compiled every jitted function of the
package, or a student waits for Numba in class: its cache files are the record of what it
compiled (this check used to compile everything a second time in a test of its own)."""
import importlib
import os
import pkgutil
import shutil
import site
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from numba.core.registry import CPUDispatcher

import lessonlib
from lessonlib.kernels.activations import _LazyUfunc

ROOT = Path(__file__).resolve().parent.parent


def _copy_tracked_files(dest: Path):
    """What repo2docker copies into $HOME: the repository's files (links kept as links)."""
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    for rel in files:
        src, dst = ROOT / rel, dest / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_symlink():
            dst.symlink_to(os.readlink(src))
        elif src.exists():  # a file deleted in the work tree but still in the index is skipped
            shutil.copy2(src, dst)


@pytest.fixture(scope="module")
def binder_home(tmp_path_factory):
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs the git checkout to know which files Binder would copy")
    home = tmp_path_factory.mktemp("binder-home")
    _copy_tracked_files(home)
    venv = tmp_path_factory.mktemp("binder-venv")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    # The packages of the environment running this test, seen from the new one. (`--system-site-
    # packages` would show the *base* interpreter's packages when this test itself runs in a venv.)
    # Plain paths: the .pth files inside them are not run, so this checkout's own editable install
    # stays out of the Binder copy.
    ours = [p for p in dict.fromkeys(site.getsitepackages() + [sysconfig.get_paths()["purelib"]]) if Path(p).is_dir()]
    venv_site = Path(subprocess.run([str(venv / "bin/python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                    capture_output=True, text=True, check=True).stdout.strip())
    venv_site.mkdir(parents=True, exist_ok=True)
    (venv_site / "outer-environment.pth").write_text("\n".join(ours) + "\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("NUMBA_")}
    env.update(HOME=str(home), PATH=f"{venv / 'bin'}:{env['PATH']}", TQDM_DISABLE="1")
    install = subprocess.run([str(venv / "bin/python"), "-m", "pip", "install", "--no-index", "-r", "binder/requirements.txt"],
                             cwd=home, env=env, capture_output=True, text=True)
    assert install.returncode == 0, install.stdout + install.stderr
    return home, env


def _jitted_functions():
    """{module file path relative to the package's parent: [(qualname, first line), ...]} for every
    Numba function defined in lessonlib (lazy ufuncs included), each checked to cache to disk."""
    found = {}
    for info in pkgutil.walk_packages(lessonlib.__path__, "lessonlib."):
        module = importlib.import_module(info.name)
        for obj in vars(module).values():
            if isinstance(obj, _LazyUfunc):
                py_func, caches = obj._py_func, True  # built with vectorize(..., cache=True)
            elif isinstance(obj, CPUDispatcher):
                py_func, caches = obj.py_func, obj._cache.__class__.__name__ != "NullCache"
            else:
                continue
            if py_func.__module__ != info.name:
                continue  # imported from where it is defined
            assert caches, f"{info.name}.{py_func.__qualname__} is jitted without cache=True: Binder's warm-up cannot keep it"
            rel = Path(module.__file__).relative_to(Path(lessonlib.__file__).parent.parent)
            found.setdefault(rel, []).append((py_func.__qualname__, py_func.__code__.co_firstlineno))
    return found


def _uncached(home: Path) -> list[str]:
    """The package's jitted functions with no Numba cache index in the Binder copy.

    Numba names a function's index <file stem>.<qualname>-<first line>.py<ver>.nbi, in the
    __pycache__ beside the module; a function compiled only as the callee of another gets its own."""
    missing = []
    for rel, functions in _jitted_functions().items():
        cache_dir = home / rel.parent / "__pycache__"
        names = {p.name for p in cache_dir.glob("*.nbi")} if cache_dir.is_dir() else set()
        for qualname, line in functions:
            prefix = f"{rel.stem}.{qualname}-{line}.py"
            if not any(name.startswith(prefix) for name in names):
                missing.append(f"{rel}:{qualname}")
    return sorted(missing)


def test_postbuild_warms_every_kernel_and_a_lesson_then_runs_from_the_cache(binder_home):
    home, env = binder_home
    post = subprocess.run(["bash", "binder/postBuild"], cwd=home, env=env, capture_output=True, text=True)
    assert post.returncode == 0, post.stdout + post.stderr
    assert "warmed conv2d" in post.stdout and "warmed pooling" in post.stdout
    # The copy started with no __pycache__ (git tracks none), so every index there is postBuild's.
    assert _jitted_functions(), "found no jitted function: the enumeration is broken"
    assert _uncached(home) == [], "lessonlib.warmup does not compile these; add a call to lessonlib/warmup.py"

    launch = subprocess.run(
        ["bash", "binder/start", "python", "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute",
         "--output", str(home / "executed.ipynb"), "notebooks/00_start_here.ipynb"],
        cwd=home, env=dict(env, NUMBA_DEBUG_CACHE="1"), capture_output=True, text=True)
    assert launch.returncode == 0, launch.stderr[-3000:]
    assert "fast kernel equals the reference: True" in (home / "executed.ipynb").read_text()

    # In the student's session Numba must load, not compile: a cache miss would print "data saved".
    first_use = subprocess.run(
        ["bash", "binder/start", "python", "-c",
         "import numpy as np, lessonlib; out, c = lessonlib.conv2d_forward(np.ones((1, 1, 28, 28)), np.ones((1, 1, 3, 3)));"
         "lessonlib.maxpool2d_forward(out, 2)"],
        cwd=home, env=dict(env, NUMBA_DEBUG_CACHE="1"), capture_output=True, text=True)
    assert first_use.returncode == 0, first_use.stderr[-3000:]
    assert "data loaded" in first_use.stdout
    assert "data saved" not in first_use.stdout


def test_the_cache_check_names_a_function_without_an_index(tmp_path):
    # Cheap, no compiling: with no cache at all everything is missing; one index written by hand
    # (named as Numba names it) takes exactly that function off the list.
    functions = _jitted_functions()
    everything = _uncached(tmp_path)
    assert len(everything) == sum(len(f) for f in functions.values()) > 20
    rel, [(qualname, line), *_] = next(iter(functions.items()))
    (tmp_path / rel.parent / "__pycache__").mkdir(parents=True)
    (tmp_path / rel.parent / "__pycache__" / f"{rel.stem}.{qualname}-{line}.py311.nbi").touch()
    assert _uncached(tmp_path) == [m for m in everything if m != f"{rel}:{qualname}"]
