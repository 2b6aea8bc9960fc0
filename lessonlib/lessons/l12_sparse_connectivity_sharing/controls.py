"""Lesson 12's explorer: which figure (9.2 input, 9.3 output, 9.5 parameter), which unit, how many."""
from __future__ import annotations

import ipywidgets as widgets

from ...figures import Explorer
from .compute import MODES, connectivity_figure
from .view import ConnectivityView


def unit_range(n, **_) -> dict:
    """The unit slider ends at the last of the n units (ipywidgets clamps its value)."""
    return {"unit": {"max": n - 1}}


def connectivity_explorer(mode="input", unit=2, n=5, kernel_width=3) -> Explorer:
    """Convolution vs dense layer, one of the book's three figures; mode "input", "output" or "parameter"."""
    controls = {
        "unit": widgets.IntSlider(value=unit, min=0, max=n - 1, description="unit (0-based)"),
        "n": widgets.IntSlider(value=n, min=3, max=12, description="units"),
        "kernel_width": widgets.IntSlider(value=kernel_width, min=1, max=7, step=2, description="kernel width"),
        "mode": widgets.ToggleButtons(options=list(MODES.items()), value=mode),
    }
    return Explorer(controls, connectivity_figure, ConnectivityView, ranges=unit_range,
                    rows=[["unit", "n", "kernel_width"], ["mode"]])
