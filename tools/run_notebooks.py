"""Run lesson notebooks top to bottom in a fresh kernel and store their outputs, as committed.

    python tools/run_notebooks.py                 # every lesson
    python tools/run_notebooks.py 09 15           # the lessons whose stems start so

Each notebook runs in its own folder with progress bars off (a stored bar would show a frozen
state), and is saved without widget state and without per-cell timing metadata, so that a
re-run changes only what the lesson prints or draws. Its kernelspec is stored as the installed
one names itself: JupyterLab rewrites a different display name when the kernel starts, and the
lesson would look modified the moment it opens.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import nbformat
from jupyter_client.kernelspec import KernelSpecManager
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


def kernelspec() -> dict:
    """The notebook metadata JupyterLab writes for the installed python3 kernel."""
    spec = KernelSpecManager().get_kernel_spec("python3")
    return {"display_name": spec.display_name, "language": spec.language, "name": "python3"}


def run(path: Path, timeout: int = 600) -> None:
    nb = nbformat.read(path, as_version=4)
    os.environ["TQDM_DISABLE"] = "1"
    NotebookClient(nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}},
                   record_timing=False).execute()
    nb.metadata.pop("widgets", None)
    nb.metadata["kernelspec"] = kernelspec()
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    nbformat.write(nb, path)


def main(prefixes: list[str]) -> None:
    paths = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    chosen = [p for p in paths if not prefixes or p.name.startswith(tuple(prefixes))]
    if not chosen:
        sys.exit(f"no notebook in {NOTEBOOKS} starts with any of {prefixes}")
    for path in chosen:
        print(f"running {path.name} ...", flush=True)
        run(path)


if __name__ == "__main__":
    main(sys.argv[1:])
