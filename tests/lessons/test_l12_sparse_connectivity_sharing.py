"""Lesson 12: parameter ids, the book's highlighted connections and edge-detector costs; the
connectivity figure and explorer, headless."""
import matplotlib.pyplot as plt
import numpy as np
import pytest

from lessonlib.lessons.l12_sparse_connectivity_sharing.compute import (connection_highlight, connectivity_figure,
                                                                       conv1d_parameter_ids, dense_parameter_ids,
                                                                       edge_detection_costs, local_parameter_ids,
                                                                       locally_connected_params)
from lessonlib.lessons.l12_sparse_connectivity_sharing.exercises import reference as locally_connected_reference
from lessonlib.lessons.l12_sparse_connectivity_sharing.controls import connectivity_explorer
from lessonlib.lessons.l12_sparse_connectivity_sharing.view import HIGHLIGHT, MAX_UNITS, ConnectivityView


def test_parameter_ids_figure_9_5():
    conv = conv1d_parameter_ids(5, 3, padding=1)
    assert conv.shape == (5, 5)
    assert (conv == 1).sum() == 5                        # the central weight is used at every position
    assert set(conv[conv >= 0]) == {0, 1, 2}
    dense = dense_parameter_ids(5, 5)
    assert len(np.unique(dense)) == 25                   # no sharing


def test_locally_connected_ids_have_the_convolutions_wiring_and_no_sharing():
    for n, k, p, s in [(5, 3, 1, 1), (9, 5, 2, 1), (9, 3, 0, 2), (7, 1, 0, 1)]:
        conv, local = conv1d_parameter_ids(n, k, p, s), local_parameter_ids(n, k, p, s)
        assert np.array_equal(local >= 0, conv >= 0)                       # same connections
        used = local[local >= 0]
        assert len(np.unique(used)) == used.size                           # every weight used at most once
        assert np.array_equal(local[local >= 0] % k, conv[conv >= 0])      # weight i·k + j at kernel position j
    assert sorted(set(range(15)) - set(local_parameter_ids(5, 3, 1).ravel())) == [0, 14]   # only meet padding


def test_locally_connected_params():
    assert locally_connected_params((5,), 3, padding=1) == 15
    assert locally_connected_params((1000, 1000), 5, padding=2) == 25_000_000
    assert locally_connected_params((10, 12), (3, 5)) == 8 * 8 * 15
    assert locally_connected_params((9, 9), 3, stride=2, in_channels=4, out_channels=2, bias=True) == 2 * 16 * (36 + 1)
    # the count matches the weights the exercise's layer reads: ids' rows x kernel width
    ids = local_parameter_ids(11, 3, padding=0, stride=2)
    assert locally_connected_params((11,), 3, stride=2) == ids.shape[0] * 3


def test_local_ids_drive_the_exercise_reference():
    rng = np.random.default_rng(0)
    x, w, b = rng.standard_normal(6), rng.standard_normal((6, 3)), rng.standard_normal(6)
    ids = local_parameter_ids(6, 3, padding=1)
    flat = w.ravel()
    expected = b + np.array([sum(flat[ids[i, j]] * x[j] for j in range(6) if ids[i, j] >= 0) for i in range(6)])
    assert np.allclose(locally_connected_reference(x, w, b, padding=1), expected)


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
    assert frame.titles[0].endswith("inputs that affect s3: 3") and frame.titles[2].endswith(": 5")
    assert frame.titles[1].startswith("locally connected") and frame.titles[1].endswith(": 3")
    assert "connections: convolution 13, locally connected 13, dense 25" in frame.caption
    assert "parameters: convolution 3, locally connected 15, dense 25" in frame.caption
    assert frame.conv_lit_out.tolist() == [False, False, True, False, False]
    assert frame.conv_lit_in.tolist() == [False, True, True, True, False] and frame.dense_lit_in.all()
    assert np.array_equal(frame.local_lit_in, frame.conv_lit_in) and np.array_equal(frame.local_mask, frame.conv_mask)
    figure_9_5 = connectivity_figure("parameter", 2)            # unshared: one connection per weight
    assert (figure_9_5.conv_hi.sum(), figure_9_5.local_hi.sum(), figure_9_5.dense_hi.sum()) == (5, 1, 1)


# --- drawings ------------------------------------------------------------------------------------


def _highlighted(lines):
    return sum(tuple(c[:3]) == (0.0, 0.0, 0.0) for c in lines.get_colors())


def test_figure_9_2_then_9_5_then_bigger():
    view = ConnectivityView(connectivity_figure("input", 2))
    conv_lines, local_lines, dense_lines = (panel[1] for panel in view.panels)
    assert len(conv_lines.get_segments()) == len(local_lines.get_segments()) == 13
    assert len(dense_lines.get_segments()) == 25
    assert _highlighted(conv_lines) == _highlighted(local_lines) == 3 and _highlighted(dense_lines) == 5
    assert HIGHLIGHT == "black"
    view.update(connectivity_figure("parameter", 2))
    assert _highlighted(conv_lines) == 5 and _highlighted(local_lines) == _highlighted(dense_lines) == 1
    assert "figure 9.5" in view.caption.get_text()
    view.update(connectivity_figure("output", 0, n=9, kernel_width=5))
    assert len(conv_lines.get_segments()) == len(local_lines.get_segments()) == 9 * 5 - 2 * (2 + 1)
    assert [t.get_text() for t in view.panels[0][4]][:9] == [f"x{k}" for k in range(1, 10)]
    assert view.panels[0][0].get_xlim() == (-4.5, 4.5)
    view.fig.canvas.draw()                             # nothing clipped, text >= 9 pt
    box = view.fig.bbox
    for text in [view.caption] + [panel[5] for panel in view.panels]:
        extent = text.get_window_extent()
        assert text.get_fontsize() >= 9 and box.x0 <= extent.x0 and extent.x1 <= box.x1 and extent.y0 >= box.y0
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
