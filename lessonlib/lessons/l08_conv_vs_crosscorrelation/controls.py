"""Lesson 8's explorer: pick or edit a 3x3 kernel, choose cross-correlation or convolution."""
from __future__ import annotations

import functools

import ipywidgets as widgets
import numpy as np

from ...figures import Explorer
from .compute import CELLS, CONV, CORR, KERNELS, filter_frame
from .view import FilterView


def kernel_ranges(shown: dict, kernel: str, **settings) -> dict:
    """The menu and the nine weights agree: a preset picked in the menu sets the weights; a weight
    moved away from the preset turns the menu to "custom". Which of the two moved is told by
    comparing with `shown`, the settings the figure shows."""
    if kernel in KERNELS and kernel != shown["kernel"]:
        return {name: {"value": float(v)} for name, v in zip(CELLS, KERNELS[kernel].flat)}
    cells = np.array([settings[name] for name in CELLS])
    if kernel in KERNELS and not np.array_equal(cells, KERNELS[kernel].ravel()):
        return {"kernel": {"value": "custom"}}
    return {}


def filter_explorer(image, kernel="Sobel x", flip=False) -> Explorer:
    """A kernel menu, nine sliders (the kernel h, before flipping) and the operation, over image (H, W)
    in [0, 1]. Moving a slider makes the kernel 'custom'."""
    h = KERNELS[kernel]
    controls = {name: widgets.FloatSlider(value=float(v), min=-4, max=4, step=0.05, readout_format=".2f",
                                          description=f"h[{i // 3 - 1},{i % 3 - 1}]",
                                          layout=widgets.Layout(width="230px"), style={"description_width": "52px"})
                for i, (name, v) in enumerate(zip(CELLS, h.flat))}
    controls["kernel"] = widgets.Dropdown(options=list(KERNELS) + ["custom"], value=kernel, description="kernel h")
    controls["operation"] = widgets.ToggleButtons(options=[CORR, CONV], value=CONV if flip else CORR)
    explorer = None

    def ranges(**settings):
        return kernel_ranges(explorer.settings if explorer is not None else settings, **settings)

    explorer = Explorer(controls, functools.partial(filter_frame, image), FilterView, ranges=ranges,
                        rows=[CELLS[0:3], CELLS[3:6], CELLS[6:9], ["kernel", "operation"]])
    return explorer
