"""Lesson 16's explorer: input height and width through the three architectures of figure 9.11."""
from __future__ import annotations

import ipywidgets as widgets

from lessonlib.figures import Explorer

from .compute import ArchitectureTraces
from .view import ArchitectureView


def architecture_explorer(height: int = 28, width: int = 28, settings=None, max_size: int = 64) -> Explorer:
    """Sliders for the input's height and width; the three networks (settings: compute.SMALL by
    default) are built once, and each move runs one random image of that size through all three."""
    controls = {
        "height": widgets.IntSlider(value=height, min=1, max=max_size, description="height"),
        "width": widgets.IntSlider(value=width, min=1, max=max_size, description="width"),
    }
    return Explorer(controls, ArchitectureTraces(settings), ArchitectureView)
