"""Lesson 11: receptive fields of 3×3 stacks in closed form and by backprop; the drawings and the
explorer, headless."""
import matplotlib.pyplot as plt
import numpy as np
import pytest

from lessonlib.lessons.l11_dilation_receptive_field.compute import (backprop_footprint, dilated_stack,
                                                                     fitting_input_size, footprint_frame,
                                                                     footprint_matches, layer_sizes, probe,
                                                                     receptive_box, stack_receptive_field)
from lessonlib.lessons.l11_dilation_receptive_field.controls import receptive_field_explorer
from lessonlib.lessons.l11_dilation_receptive_field.view import FootprintView, plot_growth

DIGIT = np.zeros((28, 28), dtype=np.uint8)
DIGIT[5:23, 13:15] = 255


# --- closed form and backprop (was tests/test_conv_geometry.py) ----------------------------------


@pytest.mark.parametrize("depth,stride,base", [(1, 1, 1), (3, 1, 1), (3, 1, 2), (4, 1, 2), (2, 2, 1), (3, 2, 2)])
def test_backprop_footprint_is_the_closed_form_receptive_field(depth, stride, base):
    layers = dilated_stack(depth, stride, base)
    rf = stack_receptive_field(layers)
    n = fitting_input_size(layers, 4 * rf.size)          # big enough that nothing is clipped
    last = layer_sizes(layers, n)[-1]
    unit = (last // 2, last // 2)
    grad = backprop_footprint(layers, n, unit)
    rows, cols = np.nonzero(grad)
    r0, r1, c0, c1 = receptive_box(rf, unit)
    assert (rows.min(), rows.max(), cols.min(), cols.max()) == (r0, r1, c0, c1)
    assert r1 - r0 + 1 == rf.size
    assert grad.sum() == np.prod([k * k for k, *_ in layers])      # paths: product of kernel areas
    assert footprint_matches(grad, (r0, r1, c0, c1)) == (True, True)


def test_growth_linear_vs_exponential():
    assert [stack_receptive_field(dilated_stack(L)).size for L in (1, 2, 3, 4)] == [3, 5, 7, 9]
    assert [stack_receptive_field(dilated_stack(L, dilation_base=2)).size for L in (1, 2, 3, 4)] == [3, 7, 15, 31]


def test_single_dilated_layer_has_holes():
    grad = backprop_footprint([(3, 1, 2, 2)], 9, (4, 4))
    assert np.count_nonzero(grad) == 9 and np.nonzero(grad)[0].tolist() == [2, 2, 2, 4, 4, 4, 6, 6, 6]


def test_fitting_input_size_for_strided_stacks():
    assert fitting_input_size(dilated_stack(3), 28) == 28
    assert fitting_input_size(dilated_stack(2, stride=2), 28) == 29
    assert layer_sizes(dilated_stack(4, stride=2), 33) == [17, 9, 5, 3]
    with pytest.raises(ValueError, match="no input size"):
        fitting_input_size([(3, 2, 1, 0)] * 3, 28, limit=30)


def test_unit_outside_and_even_kernel():
    with pytest.raises(ValueError, match=r"row must be in 0..7"):          # the last layer's 8×8 output
        backprop_footprint(dilated_stack(1), 8, (8, 0))
    with pytest.raises(ValueError, match="odd"):
        dilated_stack(2, kernel=4)


def test_a_footprint_that_misses_the_box_is_reported():
    grad = np.zeros((5, 5))
    grad[0, 0] = 1
    assert footprint_matches(grad, (1, 3, 1, 3)) == (False, False)
    assert footprint_matches(np.zeros((5, 5)), (1, 3, 1, 3)) == (True, False)


# --- drawings (was tests/test_render_receptive_field.py) ------------------------------------------


def test_plot_growth():
    fig = plot_growth([1, 2, 3], {"a": [3, 5, 7], "b": [3, 7, 15]}, canvas=28)
    ax = fig.axes[0]
    assert len(ax.lines) == 3 and ax.get_yscale() == "log" and ax.get_xlabel()
    plt.close(fig)


def test_update_changes_everything():
    layers = dilated_stack(2)
    g1 = backprop_footprint(layers, 20, (10, 10))
    b1 = receptive_box(stack_receptive_field(layers), (10, 10))
    view = FootprintView(footprint_frame(np.zeros((20, 20)), g1, b1, "s1"))
    overlay = view.im_overlay.get_array().copy()
    assert (overlay[..., 3] > 0).sum() == 25
    layers = dilated_stack(3, dilation_base=2)
    g2 = backprop_footprint(layers, 33, (0, 32))
    b2 = receptive_box(stack_receptive_field(layers), (0, 32))
    view.update(footprint_frame(np.ones((33, 33)), g2, b2, "s2"))
    assert view.im_overlay.get_array().shape == (33, 33, 4)
    assert view.boxes[0].get_x() == b2[2] - 0.5 and view.boxes[1].get_width() == 15
    assert view.summary.get_text() == "s2" and f"{np.count_nonzero(g2)} non-zero" in view.title_paths.get_text()
    assert view.ax_in.get_xlim() == (-0.5, 32.5)
    plt.close(view.fig)


# --- the explorer (was tests/test_widgets_receptive_field.py) --------------------------------------


def test_probe_centres_the_digit_on_a_fitting_canvas():
    f = probe(DIGIT, 2, 2, 1)
    assert f.canvas.shape == (29, 29) and f.canvas.max() == 1.0 and f.last == 8 and f.unit == (4, 4)
    assert "same extent: True" in f.summary
    f = probe(DIGIT, 3, 1, 2, unit=(100, 0))
    assert f.canvas.shape == (28, 28) and f.unit == (27, 0)          # clipped into the grid
    assert f.box == (20, 34, -7, 7) and "inside it: True" in f.summary
    assert f.nonzero == np.count_nonzero(f.grad) and f.paths == f.grad.max()


def test_slider_extremes():
    ex = receptive_field_explorer(DIGIT)
    view, c = ex.view, ex.controls
    first = view.im_overlay.get_array().copy()
    ex.update(row=c["row"].min)
    assert not np.array_equal(view.im_overlay.get_array(), first) and ex.frame.unit == (0, 14)
    ex.update(depth=c["depth"].max)
    assert "6 layers" in view.summary.get_text() and c["row"].value == 14       # back to the centre
    ex.update(dilation=c["dilation"].max)
    assert "243" in view.summary.get_text()
    ex.update(stride=c["stride"].max)
    assert c["row"].max == c["col"].max and c["row"].value <= c["row"].max
    assert c["row"].max == ex.frame.last - 1 and ex.frame.unit == (c["row"].value, c["col"].value)
    ex.update(col=c["col"].max)
    assert view.summary.get_text().count("unit (") == 1
    assert ex.frame.unit == (c["row"].value, c["col"].max)
    plt.close(view.fig)


def test_the_unit_sliders_follow_the_stack():
    ex = receptive_field_explorer(DIGIT, depth=2, stride=2)
    c = ex.controls
    assert c["row"].max == 7 and ex.frame.unit == (4, 4)              # 29×29 canvas -> 15 -> 8
    ex.update(row=7, col=0)
    assert ex.frame.unit == (7, 0)
    ex.update(stride=1)                                               # a new stack: 28×28, centre unit
    assert c["row"].max == 27 and ex.frame.unit == (14, 14) and ex.frame.last == 28
    assert ex.settings == {"depth": 2, "stride": 1, "dilation": 1, "row": 14, "col": 14}
    plt.close(ex.fig)
