"""figures.cached_panels: axes drawn from pictures cached per key look like a direct draw, are
rendered again only for a new key or a new canvas size, and overlays move without a render."""
import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402
from PIL import Image  # noqa: E402

from lessonlib.figures.cached_panels import cache_panels  # noqa: E402


def _figure():
    fig, (a, b) = plt.subplots(1, 2, figsize=(4, 2), dpi=72)
    im = a.imshow(np.arange(16.0).reshape(4, 4))
    a.set_title("left")
    b.plot([0, 1], [1, 0])
    box = Rectangle((0.5, 0.5), 1, 1, fill=False, ec="r", lw=2)      # off the frame: overlays go over it
    a.add_patch(box)
    return fig, a, b, im, box


def _screen(fig):
    fig.canvas.draw()
    return np.asarray(fig.canvas.buffer_rgba()).astype(int)


def _saved(fig):
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=fig.dpi)
    return np.asarray(Image.open(buf).convert("RGBA")).astype(int)


def test_cached_drawing_matches_a_direct_draw_and_renders_only_new_keys():
    fig, a, b, im, box = _figure()
    direct = _screen(fig)
    panels = cache_panels(fig, [a, b], overlays=[box])
    panels.keys = ["first", "same"]
    assert np.abs(_screen(fig) - direct).max() <= 2 and panels.renders == 2
    box.set_xy((1.5, 1.5))                               # an overlay moves: no render
    moved = _screen(fig)
    assert panels.renders == 2 and not np.array_equal(moved, direct)
    assert np.abs(moved - _saved(fig)).max() <= 2          # saving draws the axes and their overlay directly
    im.set_data(np.arange(16.0).reshape(4, 4)[::-1])
    panels.keys = ["second", "same"]                      # the view says what changed
    changed = _screen(fig)
    assert panels.renders == 3 and np.abs(changed - _saved(fig)).max() <= 2
    im.set_data(np.arange(16.0).reshape(4, 4))
    panels.keys = ["first", "same"]                       # seen before: pasted from its picture
    assert np.abs(_screen(fig) - moved).max() <= 2 and panels.renders == 3
    plt.close(fig)


def test_a_new_canvas_size_renders_again_and_old_keys_are_dropped():
    fig, a, b, _, box = _figure()
    panels = cache_panels(fig, [a, b], overlays=[box], keep=2)
    panels.keys = [0, 0]
    _screen(fig)
    fig.set_dpi(144)                                      # a HiDPI screen: every picture again
    assert _screen(fig).shape[:2] == (288, 576) and panels.renders == 4
    for k in (1, 2, 0):
        panels.keys = [k, 0]
        _screen(fig)
    assert panels.renders == 7                            # key 0 was dropped (keep=2) and rendered again
    plt.close(fig)


def test_needs_axes():
    fig = plt.figure()
    with pytest.raises(ValueError, match="at least one Axes"):
        cache_panels(fig, [])
    plt.close(fig)


def test_a_legend_cached_above_the_overlays_looks_like_a_direct_draw_and_saves_once():
    fig, ax = plt.subplots(figsize=(3, 2), dpi=72)
    (line,) = ax.plot([0, 1], [0, 1], lw=6, label="a thick line")   # runs under the legend
    legend = ax.legend(loc="upper left", framealpha=0.5)
    direct, direct_saved = _screen(fig), _saved(fig)
    panels = cache_panels(fig, [ax], overlays=[line])
    legends = cache_panels(fig, [legend], zorder=legend.get_zorder())
    assert np.abs(_screen(fig) - direct).max() <= 2 and legends.renders == 1   # over the line, as before
    # saved: the axes draws its legend itself; drawn a second time, its half-transparent frame would darken
    assert np.abs(_saved(fig) - direct_saved).max() <= 2
    legend.get_texts()[0].set_text("renamed")
    legends.keys[0] = "renamed"
    assert not np.array_equal(_screen(fig), direct) and legends.renders == 2
    plt.close(fig)
