"""Lesson 12: parameter ids, the book's highlighted connections and edge-detector costs; the
connectivity figure and explorer, headless."""
import matplotlib.pyplot as plt
import numpy as np
import pytest

from lessonlib.lessons.l12_sparse_connectivity_sharing.compute import (connection_highlight, connectivity_figure,
                                                                       conv1d_parameter_ids, dense_parameter_ids,
                                                                       edge_detection_costs)
from lessonlib.lessons.l12_sparse_connectivity_sharing.controls import connectivity_explorer
from lessonlib.lessons.l12_sparse_connectivity_sharing.view import HIGHLIGHT, MAX_UNITS, ConnectivityView


def test_parameter_ids_figure_9_5():
    conv = conv1d_parameter_ids(5, 3, padding=1)
    assert conv.shape == (5, 5)
    assert (conv == 1).sum() == 5                        # the central weight is used at every position
    assert set(conv[conv >= 0]) == {0, 1, 2}
    dense = dense_parameter_ids(5, 5)
    assert len(np.unique(dense)) == 25                   # no sharing


def test_edge_detection_costs_of_the_book():
    c = edge_detection_costs(280, 320)
    assert c.out_shape == (280, 319)
    assert c.conv_flops == 319 * 280 * 3 == 267_960
    assert c.matrix_entries == 320 * 280 * 319 * 280 == 8_003_072_000
    assert c.matrix_nonzeros == 2 * 319 * 280
    assert c.matrix_flops == 2 * c.matrix_entries


def test_connection_highlight_reproduces_figures_9_2_9_3_9_5():
    conv, dense = conv1d_parameter_ids(5, 3, padding=1), dense_parameter_ids(5, 5)
    assert np.flatnonzero(connection_highlight(conv, "input", 2).any(axis=1)).tolist() == [1, 2, 3]
    assert connection_highlight(dense, "input", 2).sum() == 5
    assert np.flatnonzero(connection_highlight(conv, "output", 2)[2]).tolist() == [1, 2, 3]
    assert connection_highlight(conv, "output", 0).sum() == 2                # s1 sees x1, x2 (padding)
    central = connection_highlight(conv, "parameter", 2)
    assert central.sum() == 5 and np.array_equal(central, np.eye(5, dtype=bool))
    assert connection_highlight(dense, "parameter", 2).sum() == 1
    assert not connection_highlight(conv, "parameter", 0).any()              # x1 does not reach s3
    with pytest.raises(ValueError, match="mode"):
        connection_highlight(conv, "sideways", 0)


def test_titles_count_what_the_book_counts():
    frame = connectivity_figure("output", 2)
    assert frame.titles[0].endswith("inputs that affect s3: 3") and frame.titles[1].endswith(": 5")
    assert "connections: convolution 13 vs dense 25" in frame.caption
    assert "parameters: convolution 3 vs dense 25" in frame.caption
    assert frame.conv_lit_out.tolist() == [False, False, True, False, False]
    assert frame.conv_lit_in.tolist() == [False, True, True, True, False] and frame.dense_lit_in.all()


# --- drawings ------------------------------------------------------------------------------------


def _highlighted(lines):
    return sum(tuple(c[:3]) == (0.0, 0.0, 0.0) for c in lines.get_colors())


def test_figure_9_2_then_9_5_then_bigger():
    view = ConnectivityView(connectivity_figure("input", 2))
    conv_lines, dense_lines = view.panels[0][1], view.panels[1][1]
    assert len(conv_lines.get_segments()) == 13 and len(dense_lines.get_segments()) == 25
    assert _highlighted(conv_lines) == 3 and _highlighted(dense_lines) == 5
    assert HIGHLIGHT == "black"
    view.update(connectivity_figure("parameter", 2))
    assert _highlighted(conv_lines) == 5 and _highlighted(dense_lines) == 1
    assert "figure 9.5" in view.caption.get_text()
    view.update(connectivity_figure("output", 0, n=9, kernel_width=5))
    assert len(conv_lines.get_segments()) == 9 * 5 - 2 * (2 + 1)
    assert [t.get_text() for t in view.panels[0][4]][:9] == [f"x{k}" for k in range(1, 10)]
    assert view.panels[0][0].get_xlim() == (-4.5, 4.5)
    plt.close(view.fig)


def test_too_many_units_is_explained():
    with pytest.raises(ValueError, match="at most"):
        ConnectivityView(connectivity_figure("input", 0, n=MAX_UNITS + 1))
    plt.close("all")


# --- the explorer --------------------------------------------------------------------------------


def test_controls():
    explorer = connectivity_explorer()
    view, c = explorer.view, explorer.controls
    c["mode"].value = "output"
    assert "inputs that affect s3" in view.panels[0][5].get_text()
    c["n"].value = c["n"].max
    c["unit"].value = c["unit"].max
    assert "s12" in view.panels[0][5].get_text()
    c["n"].value = c["n"].min                          # unit is clamped to the new range
    assert c["unit"].value == 2 and "s3" in view.panels[0][5].get_text()
    c["kernel_width"].value = c["kernel_width"].max
    assert "kernel width 7" in view.panels[0][5].get_text()
    plt.close(view.fig)


def test_update_changes_the_frame_and_the_range_follows_n():
    explorer = connectivity_explorer(mode="input", unit=2)
    assert explorer.controls["mode"].label == "9.2: one input's outputs"
    frame = explorer.update(mode="parameter")
    assert frame is explorer.frame and "figure 9.5" in explorer.view.caption.get_text()
    explorer.update(n=8)
    assert explorer.controls["unit"].max == 7
    frame = explorer.update(unit=7)
    assert frame.conv_mask.shape == (8, 8) and explorer.settings["unit"] == 7
    frame = explorer.update(n=4)                       # the unit follows the shorter range
    assert explorer.controls["unit"].max == 3 and explorer.settings["unit"] == 3
    assert frame.conv_mask.shape == (4, 4) and frame is explorer.frame
    assert [t.get_text() for t in explorer.view.panels[0][4]][:5] == ["x1", "x2", "x3", "x4", ""]
    plt.close(explorer.fig)
