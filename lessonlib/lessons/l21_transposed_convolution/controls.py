"""Lesson 21's explorer: kernel, stride, padding and output_padding of a transposed convolution of a small
map, beside the forward convolution with the same settings that maps its output shape back."""
from __future__ import annotations

import functools

import ipywidgets as widgets
import numpy as np

from ...figures import Explorer
from .compute import largest_padding, transpose_frame
from .view import TransposeView


def transpose_explorer(x, kernel=3, stride=2, padding=1, output_padding=1) -> Explorer:
    """For a small square map x (n, n), n <= 3 (the view is sized for it); the defaults are the lesson's
    worked setting. output_padding stays below the stride and padding at most kernel − 1 and small enough
    to keep an output: the sliders' ranges follow the other settings."""
    x = np.ascontiguousarray(x, dtype=np.float64)
    if x.ndim != 2 or x.shape[0] != x.shape[1] or x.shape[0] > 3:
        raise ValueError(f"x must be a square map of at most 3×3 (the explorer's panels are sized for it), "
                         f"got shape {x.shape}; try x[:3, :3]")
    n = x.shape[0]
    style = {"description_width": "initial"}
    controls = {
        "kernel": widgets.IntSlider(value=kernel, min=1, max=5, description="kernel", style=style),
        "stride": widgets.IntSlider(value=stride, min=1, max=3, description="stride", style=style),
        "padding": widgets.IntSlider(value=padding, min=0, max=4, description="padding", style=style),
        "output_padding": widgets.IntSlider(value=output_padding, min=0, max=2, description="output_padding",
                                            style=style),
    }

    def ranges(kernel, stride, padding, output_padding):
        q = min(output_padding, stride - 1)
        return {"output_padding": {"max": stride - 1},
                "padding": {"max": largest_padding(n, kernel, stride, q)}}

    return Explorer(controls, functools.partial(transpose_frame, x), TransposeView, ranges=ranges,
                    rows=[["kernel", "stride"], ["padding", "output_padding"]])
