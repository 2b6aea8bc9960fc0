"""Controls for lesson 15: pool size, stride, max/avg and ceil_mode over a small map of numbers."""
from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt

from ..render.pooling import PoolingView
from ._figure_box import connect


def pooling_sliders(x, kernel=2, stride=2, mode="max", ceil_mode=False):
    """(box, view) for a small map x (H, W); defaults are the slide's 2x2 max pooling with stride 2."""
    with plt.ioff():
        view = PoolingView(x, kernel, stride, mode, ceil_mode)
    controls = {
        "kernel": widgets.IntSlider(value=kernel, min=1, max=min(4, *x.shape), description="pool size"),
        "stride": widgets.IntSlider(value=stride, min=1, max=4, description="stride"),
        "mode": widgets.Dropdown(options=["max", "avg"], value=mode, description="mode"),
        "ceil_mode": widgets.Checkbox(value=ceil_mode, description="ceil_mode", indent=False,
                                      tooltip="keep a smaller last window at the right and bottom edges"),
    }
    return connect(controls, view.fig, view.update), view
