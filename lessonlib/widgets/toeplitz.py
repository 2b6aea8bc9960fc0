"""Sliders for lesson 7: input size, kernel size, stride, padding, 1-D/2-D -> the layer's matrix."""
from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np

from ..arithmetic import conv_params, dense_params
from ..conv_matrix import conv1d_matrix, conv2d_matrix, dense_matrix
from ..render.toeplitz import ToeplitzView
from ._figure_box import canvas_widget


def layer_matrices(n, kernel, stride=1, padding=0, two_d=False):
    """(dense, conv, block_shape, caption) for the settings; conv None (and caption the lecture's
    message) when the output size is not an integer. Kernel weights 1, 2, 3, ... so that each
    parameter has its own colour."""
    try:
        if two_d:
            k = np.arange(1.0, kernel * kernel + 1).reshape(kernel, kernel)
            conv = conv2d_matrix(k, (n, n), stride, padding)
            out_side = int(round(np.sqrt(conv.shape[0])))
            block = (out_side, n)
            p_conv = conv_params(1, 1, kernel)
        else:
            conv = conv1d_matrix(np.arange(1.0, kernel + 1), n, stride, padding)
            block = None
            p_conv = conv_params(1, 1, kernel, ndim=1)
    except ValueError as err:
        return None, None, None, str(err)
    dense = dense_matrix(*conv.shape)
    caption = (f"parameters (with bias): dense {dense_params(conv.shape[1], conv.shape[0]):,} vs conv {p_conv}; "
               f"multiplies: dense {dense.size:,} vs conv {np.count_nonzero(conv):,}")
    return dense, conv, block, caption


def toeplitz_explorer(n=6, kernel=3, stride=1, padding=0, two_d=False):
    """(box, view, controls): the matrix of a fully connected layer next to that of a convolution."""
    settings = dict(n=n, kernel=kernel, stride=stride, padding=padding, two_d=two_d)
    with plt.ioff():
        view = ToeplitzView(*layer_matrices(**settings))
    controls = {
        "n": widgets.IntSlider(value=n, min=2, max=12, description="input size"),
        "kernel": widgets.IntSlider(value=kernel, min=1, max=5, description="kernel"),
        "stride": widgets.IntSlider(value=stride, min=1, max=4, description="stride"),
        "padding": widgets.IntSlider(value=padding, min=0, max=3, description="padding"),
        "two_d": widgets.Checkbox(value=two_d, description="2-D (n×n image)"),
    }

    def on_change(change):
        name = next(k for k, c in controls.items() if c is change["owner"])
        settings[name] = change["new"]
        view.update(*layer_matrices(**settings))
        view.fig.canvas.draw_idle()

    for c in controls.values():
        c.observe(on_change, "value")
    rows = [widgets.HBox([controls["n"], controls["kernel"], controls["two_d"]]),
            widgets.HBox([controls["stride"], controls["padding"]])]
    return widgets.VBox(rows + [canvas_widget(view.fig)]), view, controls
