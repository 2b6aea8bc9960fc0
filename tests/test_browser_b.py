"""The second half of the lessons in JupyterLab + headless Chromium (see _browser_harness.py)."""
import pytest

from _browser_draw import draw_a_one_and_a_seven
from _browser_harness import HALF, NOTEBOOKS, browser, check_lesson_in_jupyterlab, lab  # noqa: F401 (fixtures)


DRAWING_LESSON = "20_cnn_on_mnist.ipynb"


@pytest.mark.parametrize("path", NOTEBOOKS[HALF:], ids=lambda p: p.name)
def test_lesson_runs_in_jupyterlab(lab, browser, path):  # noqa: F811
    # lesson 20 also has its drawing pad drawn on, on the same page (the lesson runs once for both)
    then = draw_a_one_and_a_seven if path.name == DRAWING_LESSON else None
    check_lesson_in_jupyterlab(lab, browser, path, then=then)


def test_the_drawing_pad_is_checked_in_this_half():
    """A renamed or moved lesson must not drop the drawing check silently."""
    assert DRAWING_LESSON in [p.name for p in NOTEBOOKS[HALF:]]
