"""Lesson 11's explorer: depth, stride and dilation of a 3×3 stack, and which output unit to probe."""
from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from ...figures import Explorer
from .compute import UnitRanges, last_size, probe
from .view import FootprintView


def receptive_field_explorer(digit, depth=3, stride=1, dilation_base=1) -> Explorer:
    """Sliders for depth, stride, dilation base (layer l = 1, 2, ... has dilation base**(l-1)) and
    the probed unit's row and column in the last layer's output; the unit sliders follow the stack's
    output size, and a new stack starts at its centre unit."""
    digit = np.asarray(digit)
    last = last_size(digit.shape[0], depth, stride, dilation_base)
    style = {"description_width": "100px"}
    controls = {
        "depth": widgets.IntSlider(value=depth, min=1, max=6, description="depth", style=style),
        "stride": widgets.IntSlider(value=stride, min=1, max=2, description="stride", style=style),
        "dilation": widgets.IntSlider(value=dilation_base, min=1, max=3, description="dilation base", style=style),
        "row": widgets.IntSlider(value=last // 2, min=0, max=last - 1, description="unit row", style=style),
        "col": widgets.IntSlider(value=last // 2, min=0, max=last - 1, description="unit col", style=style),
    }

    def compute(depth, stride, dilation, row, col):
        return probe(digit, depth, stride, dilation, unit=(row, col))

    return Explorer(controls, compute, FootprintView, ranges=UnitRanges(digit.shape[0]),
                    rows=[["depth", "stride", "dilation"], ["row", "col"]])
