"""Lesson 17's explorer: AlexNet's weights and connections as the input image grows."""
from __future__ import annotations

import functools

import ipywidgets as widgets

from lessonlib.figures import Explorer

from .compute import input_size_counts
from .view import InputSizeView


def input_size_explorer(value: int = 227, low: int = 195, high: int = 291, groups: int = 2) -> Explorer:
    """A slider over the input size n (image n x n x 3) -> weights and connections per layer.
    Sizes for which a layer does not fit show the lecture-style message instead of bars."""
    controls = {"n": widgets.IntSlider(value=value, min=low, max=high, description="input n",
                                       continuous_update=True)}
    return Explorer(controls, functools.partial(input_size_counts, groups=groups), InputSizeView)
