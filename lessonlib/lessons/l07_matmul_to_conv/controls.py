"""Lesson 7's explorer: input size, kernel size, stride, padding, 1-D/2-D -> the layer's matrix."""
from __future__ import annotations

import ipywidgets as widgets

from ...figures import Explorer
from .compute import layer_matrices
from .view import ToeplitzView


def toeplitz_explorer(n=6, kernel=3, stride=1, padding=0, two_d=False) -> Explorer:
    """The matrix of a fully connected layer next to that of a convolution with the same sizes."""
    controls = {
        "n": widgets.IntSlider(value=n, min=2, max=12, description="input size"),
        "kernel": widgets.IntSlider(value=kernel, min=1, max=5, description="kernel"),
        "two_d": widgets.Checkbox(value=two_d, description="2-D (n×n image)"),
        "stride": widgets.IntSlider(value=stride, min=1, max=4, description="stride"),
        "padding": widgets.IntSlider(value=padding, min=0, max=3, description="padding"),
    }
    return Explorer(controls, layer_matrices, ToeplitzView, rows=[["n", "kernel", "two_d"], ["stride", "padding"]])
