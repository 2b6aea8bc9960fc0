"""render.arithmetic_explorer: colours follow the geometry; update() redraws for valid and invalid settings."""
import matplotlib.pyplot as plt
import numpy as np

from lessonlib.conv_geometry import geometry
from lessonlib.render.arithmetic_explorer import COLOURS, ExplorerView, input_colours, plot_positions


def flat(text_artist):
    """The text with its line wrapping undone."""
    return " ".join(text_artist.get_text().split())


def test_input_colours_mark_padding_kernel_and_uncovered_cells():
    img = input_colours(geometry(5, 3, padding=1), 0)
    assert img.shape == (7, 7, 3)
    assert tuple(img[6, 6]) == COLOURS["padding"] and tuple(img[0, 0]) == COLOURS["kernel"]
    assert tuple(img[3, 3]) == COLOURS["input"]
    bad = input_colours(geometry(10, 3, stride=5), 0)
    assert tuple(bad[0, 3]) == COLOURS["uncovered"] and tuple(bad[9, 0]) == COLOURS["uncovered"]


def test_update_valid_then_invalid_then_no_fit():
    view = ExplorerView(geometry(7, 3), 0)
    first = view.im_in.get_array().copy()
    view.update(geometry(7, 3), 24)                       # last position of 5x5
    assert not np.array_equal(view.im_in.get_array(), first)
    assert view.span.get_x() == 4 - 0.5 and view.span.get_y() == 4 - 0.5
    assert "= 5" in view.formula.get_text() and flat(view.message) == ""
    view.update(geometry(10, 3, stride=5, padding=0), 3)
    assert "not an integer" in view.formula.get_text()
    assert "zero padding is your friend" in flat(view.message) and "try padding 4" in flat(view.message)
    assert "floor to 2×2" in view.title_out.get_text()
    view.update(geometry(3, 5), 0)
    assert not view.span.get_visible() and "does not fit" in view.title_out.get_text()
    view.update(geometry(14, 7, padding=4, stride=1, dilation=1), 10 ** 6)   # slider extremes, clipped position
    assert view.im_in.get_array().shape == (22, 22, 3)
    plt.close(view.fig)


def test_plot_positions():
    fig = plot_positions(geometry(7, 3, stride=2), range(3), "t")
    assert len(fig.axes) == 3 and fig.axes[2].get_title() == "output (0, 2)"
    plt.close(fig)
