"""Lesson 00: the stride slider's frame and its explorer, headless."""
import base64

import pytest

from lessonlib.figures.explorer import LIVE_HINT
from lessonlib.lessons.l00_start_here.compute import stride_frame
from lessonlib.lessons.l00_start_here.controls import stride_explorer


@pytest.mark.parametrize("stride, starts, fits", [(1, (0, 1, 2, 3, 4), True), (2, (0, 2, 4), True),
                                                  (3, (0, 3), False), (4, (0, 4), True)])
def test_windows_and_whether_the_stride_fits(stride, starts, fits):
    frame = stride_frame(stride)
    assert frame.starts == starts and frame.fits is fits
    assert ("output" in frame.message) if fits else ("not an integer" in frame.message)


def test_suggestions_work_and_skipped_cells_are_named():
    assert stride_frame(3).message.endswith("(zero padding is your friend); try padding 1 or stride 2")
    four = stride_frame(4)          # a whole number of outputs, but column 3 is never read
    assert four.unread == (3,) and "input column 3 and the same row is never read" in four.message
    assert stride_frame(2).unread == ()


def test_explorer_redraws_the_windows_and_shows_a_picture_before_it_runs():
    explorer = stride_explorer()
    assert sum(w.get_visible() for w in explorer.view.windows) == 5
    frame = explorer.update(stride=3)
    assert frame is explorer.frame and frame.stride == 3
    assert sum(w.get_visible() for w in explorer.view.windows) == 2
    assert explorer.view.message.get_color() == "crimson"
    explorer.update(stride=4)
    assert [c.get_facecolor()[1] < 0.9 for c in explorer.view.cells] == [False] * 3 + [True] + [False] * 3
    bundle = explorer._repr_mimebundle_()
    assert base64.b64decode(bundle["image/png"]).startswith(b"\x89PNG")
    assert bundle["text/plain"] == LIVE_HINT
    assert "application/vnd.jupyter.widget-view+json" in bundle
    with pytest.raises(ValueError, match="unknown setting"):
        explorer.update(kernel=5)
