"""Lesson 15's explorer: pool size, stride, max/avg and ceil_mode over a small map of numbers."""
from __future__ import annotations

import functools

import ipywidgets as widgets
import numpy as np

from ...figures import Explorer
from .compute import pooling_frame
from .view import PoolingView


def pooling_explorer(x, kernel=2, stride=2, mode="max", ceil_mode=False) -> Explorer:
    """For a small map x (H, W); defaults are the slide's 2x2 max pooling with stride 2."""
    x = np.ascontiguousarray(x, dtype=np.float64)
    controls = {
        "kernel": widgets.IntSlider(value=kernel, min=1, max=min(4, *x.shape), description="pool size"),
        "stride": widgets.IntSlider(value=stride, min=1, max=4, description="stride"),
        "mode": widgets.Dropdown(options=["max", "avg"], value=mode, description="mode"),
        "ceil_mode": widgets.Checkbox(value=ceil_mode, description="ceil_mode", indent=False,
                                      tooltip="keep a smaller last window at the right and bottom edges"),
    }
    return Explorer(controls, functools.partial(pooling_frame, x), PoolingView)
