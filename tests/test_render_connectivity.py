"""render.connectivity: lines and nodes follow the masks; update re-lays out for a new size."""
import matplotlib.pyplot as plt
import numpy as np
import pytest

from lessonlib.render.connectivity import HIGHLIGHT, MAX_UNITS, ConnectivityView
from lessonlib.widgets.connectivity import connectivity_figure


def _highlighted(lines):
    return sum(tuple(c[:3]) == (0.0, 0.0, 0.0) for c in lines.get_colors())


def test_figure_9_2_then_9_5_then_bigger():
    view = ConnectivityView(*connectivity_figure("input", 2))
    conv_lines, dense_lines = view.panels[0][1], view.panels[1][1]
    assert len(conv_lines.get_segments()) == 13 and len(dense_lines.get_segments()) == 25
    assert _highlighted(conv_lines) == 3 and _highlighted(dense_lines) == 5
    assert HIGHLIGHT == "black"
    view.update(*connectivity_figure("parameter", 2))
    assert _highlighted(conv_lines) == 5 and _highlighted(dense_lines) == 1
    assert "figure 9.5" in view.caption.get_text()
    view.update(*connectivity_figure("output", 0, n=9, kernel_width=5))
    assert len(conv_lines.get_segments()) == 9 * 5 - 2 * (2 + 1)
    assert [t.get_text() for t in view.panels[0][4]][:9] == [f"x{k}" for k in range(1, 10)]
    assert view.panels[0][0].get_xlim() == (-4.5, 4.5)
    plt.close(view.fig)


def test_too_many_units_is_explained():
    mask = np.ones((MAX_UNITS + 1, MAX_UNITS + 1), bool)
    with pytest.raises(ValueError, match="at most"):
        ConnectivityView(mask, mask, mask, mask)
    plt.close("all")
