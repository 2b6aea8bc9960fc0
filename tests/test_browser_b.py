"""The second half of the lessons in JupyterLab + headless Chromium (see _browser_harness.py)."""
import pytest

from _browser_harness import HALF, NOTEBOOKS, browser, check_lesson_in_jupyterlab, lab  # noqa: F401 (fixtures)


@pytest.mark.parametrize("path", NOTEBOOKS[HALF:], ids=lambda p: p.name)
def test_lesson_runs_in_jupyterlab(lab, browser, path):  # noqa: F811
    check_lesson_in_jupyterlab(lab, browser, path)
