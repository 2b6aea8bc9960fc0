"""Lesson 00's slider: the stride of a 3×3 kernel on a 7×7 input (the lecture's Stride slide)."""
from __future__ import annotations

import ipywidgets as widgets

from ...figures import Explorer
from .compute import stride_frame
from .view import StrideView


def stride_explorer(stride: int = 1) -> Explorer:
    controls = {"stride": widgets.IntSlider(value=stride, min=1, max=4, description="stride")}
    return Explorer(controls, stride_frame, StrideView)
