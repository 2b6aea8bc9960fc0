"""freeze_layout and pin_titles: a slider redraw skips the layout work, and the picture stays the same."""
import matplotlib.pyplot as plt
import numpy as np
import pytest

from lessonlib.figures import DPI, freeze_layout, pin_titles


def _figure(layout="constrained"):
    fig, axes = plt.subplots(1, 2, figsize=(5, 2.4), dpi=DPI, layout=layout)
    axes[0].imshow(np.arange(12.0).reshape(3, 4))
    axes[0].set_title("an image", fontsize=10)
    axes[1].plot([0, 1, 2], [3, 1, 2])
    axes[1].set(xlabel="step", ylabel="loss", title="a curve")
    fig.suptitle("two panels", fontsize=10)
    return fig


def _rgba(fig):
    fig.canvas.draw()
    return bytes(fig.canvas.buffer_rgba())


def test_freeze_layout_keeps_the_constrained_layout_and_its_pixels():
    live, frozen = _figure(), _figure()
    freeze_layout(frozen)
    assert frozen.get_layout_engine() is None or type(frozen.get_layout_engine()).__name__ == "PlaceHolderLayoutEngine"
    assert _rgba(frozen) == _rgba(live)
    for a, b in zip(live.axes, frozen.axes):
        np.testing.assert_allclose(a.get_position().bounds, b.get_position().bounds)
    plt.close(live), plt.close(frozen)


def test_pin_titles_keeps_the_pixels_and_stops_the_title_from_moving():
    # a figure laid out by hand (as the views with their own grid are; freeze_layout pins its own)
    live, pinned = _figure(layout=None), _figure(layout=None)
    pin_titles(pinned)
    assert _rgba(pinned) == _rgba(live)
    # what the automatic rule would do now: tick labels on top push a title up; a pinned one stays
    for fig in (live, pinned):
        fig.axes[1].xaxis.set_ticks_position("top")
        fig.axes[1].xaxis.set_label_position("top")
        fig.canvas.draw()
    y_live, y_pinned = (f.axes[1].title.get_position()[1] for f in (live, pinned))
    assert y_pinned == pytest.approx(1.0)
    assert y_live > 1.0
    plt.close(live), plt.close(pinned)
