"""render.receptive_field: growth plot draws; the view's update swaps canvas, overlay, boxes and texts."""
import matplotlib.pyplot as plt
import numpy as np

from lessonlib.conv_geometry import backprop_footprint, dilated_stack, receptive_box, stack_receptive_field
from lessonlib.render.receptive_field import ReceptiveFieldView, plot_growth


def test_plot_growth():
    fig = plot_growth([1, 2, 3], {"a": [3, 5, 7], "b": [3, 7, 15]}, canvas=28)
    ax = fig.axes[0]
    assert len(ax.lines) == 3 and ax.get_yscale() == "log" and ax.get_xlabel()
    plt.close(fig)


def test_update_changes_everything():
    layers = dilated_stack(2)
    g1 = backprop_footprint(layers, 20, (10, 10))
    b1 = receptive_box(stack_receptive_field(layers), (10, 10))
    view = ReceptiveFieldView(np.zeros((20, 20)), g1, b1, "s1")
    overlay = view.im_overlay.get_array().copy()
    assert (overlay[..., 3] > 0).sum() == 25
    layers = dilated_stack(3, dilation_base=2)
    g2 = backprop_footprint(layers, 33, (0, 32))
    b2 = receptive_box(stack_receptive_field(layers), (0, 32))
    view.update(np.ones((33, 33)), g2, b2, "s2")
    assert view.im_overlay.get_array().shape == (33, 33, 4)
    assert view.boxes[0].get_x() == b2[2] - 0.5 and view.boxes[1].get_width() == 15
    assert view.summary.get_text() == "s2" and f"{np.count_nonzero(g2)} non-zero" in view.title_paths.get_text()
    assert view.ax_in.get_xlim() == (-0.5, 32.5)
    plt.close(view.fig)
