"""The project's promises about itself: lesson list, README, Binder files, notebook hygiene."""
import json
import re
from pathlib import Path

import pytest

from lessonlib.catalog import LESSONS, markdown_table

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def test_every_notebook_is_in_the_catalog_and_back():
    assert [p.name for p in NOTEBOOKS] == [lesson.notebook for lesson in LESSONS]


def test_readme_lesson_table_is_the_catalog():
    assert markdown_table() in (ROOT / "README.md").read_text()


def test_readme_shows_the_commands_ci_runs():
    readme = (ROOT / "README.md").read_text().splitlines()
    ci = [line.strip() for line in (ROOT / ".ci/run").read_text().splitlines()
          if line.strip().startswith(("pip ", "python "))]
    assert ci == ["pip install -r requirements.txt",
                  "python -m pytest tests notebooks --nbval-lax --nbval-current-env -n 2 --dist loadfile"]
    assert all(command in readme for command in ci)


def _requirements(path):
    return sorted(line.split("#")[0].strip() for line in path.read_text().splitlines()
                  if line.split("#")[0].strip())


def test_binder_installs_what_the_project_needs():
    assert _requirements(ROOT / "binder/requirements.txt") == _requirements(ROOT / "requirements.txt")
    assert re.fullmatch(r"python-3\.\d+\s*", (ROOT / "binder/runtime.txt").read_text())
    post, start = (ROOT / "binder/postBuild").read_text(), (ROOT / "binder/start").read_text()
    assert "set -e" in post and "python -m lessonlib.warmup" in post
    # the cache is only reused where both set the same CPU target
    assert "NUMBA_CPU_NAME=generic" in post and "NUMBA_CPU_NAME=generic" in start
    assert start.rstrip().endswith('exec "$@"')


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_clean_and_was_run_top_to_bottom(path):
    nb = json.loads(path.read_text())
    assert "widgets" not in nb["metadata"], "strip widget state before committing"
    assert path.stat().st_size < 600_000, "keep stored outputs small"
    counts = [c["execution_count"] for c in nb["cells"] if c["cell_type"] == "code" and c["source"]]
    assert counts == list(range(1, len(counts) + 1)), "stored outputs must come from one fresh top-to-bottom run"
    errors = [o for c in nb["cells"] if c["cell_type"] == "code" for o in c["outputs"] if o["output_type"] == "error"]
    assert not errors


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_checks_some_numbers(path):
    nb = json.loads(path.read_text())
    checked = [c for c in nb["cells"] if c["cell_type"] == "code" and "# NBVAL_CHECK_OUTPUT" in "".join(c["source"])]
    assert checked, "every lesson has at least one cell whose printed numbers nbval checks"
