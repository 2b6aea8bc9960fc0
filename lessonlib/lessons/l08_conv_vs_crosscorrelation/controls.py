"""Lesson 8's explorer: pick or edit a 3x3 kernel, choose cross-correlation or convolution."""
from __future__ import annotations

import functools

import ipywidgets as widgets
import numpy as np

from ...figures import Explorer
from .compute import CELLS, CONV, CORR, KERNELS, filter_frame
from .view import FilterView

LIMIT = 5.0
"""The weight sliders run from -LIMIT to LIMIT: every preset's weights fit (sharpen's centre is 5)."""
STEP = 0.05
"""The weight sliders' step: fine enough to edit a kernel by hand, coarse enough to move with the keys.
A preset's 1/9 or 1/16 is not on this grid; the sliders show it rounded and the figure uses it exactly."""

ROUNDING_NOTE = ("A preset keeps its exact weights (box blur 1/9 ≈ 0.111, Gaussian 1/16 · [1 2 1; 2 4 2; 1 2 1]) "
                 "while the menu shows its name: the figure uses them, the sliders (steps of 0.05) show them "
                 "rounded. Moving a slider makes the kernel “custom”, with the sliders' values.")


def on_step(weight: float) -> float:
    """The weight as a slider with step STEP shows it: the nearest multiple of STEP (its own value
    sent to the browser, so the browser has nothing to round and send back)."""
    return round(round(float(weight) / STEP) * STEP, 10)


def kernel_ranges(shown: dict, kernel: str, **settings) -> dict:
    """The menu and the nine weights agree: a preset picked in the menu sets the sliders to its weights
    on the slider grid (the computation keeps the exact ones); a weight moved away from what the
    preset's slider shows turns the menu to "custom". Which of the two moved is told by comparing
    with `shown`, the settings the figure shows. A slider move is at least one step; a value within
    a quarter step of the preset's (the browser's float noise) is no move."""
    if kernel in KERNELS and kernel != shown["kernel"]:
        return {name: {"value": on_step(v)} for name, v in zip(CELLS, KERNELS[kernel].flat)}
    if kernel in KERNELS:
        cells = np.array([settings[name] for name in CELLS], dtype=float)
        preset = np.array([on_step(v) for v in KERNELS[kernel].flat])
        if np.abs(cells - preset).max() > STEP / 4:
            return {"kernel": {"value": "custom"}}
    return {}


def filter_explorer(image, kernel="Sobel x", flip=False) -> Explorer:
    """A kernel menu, nine sliders in the kernel's 3x3 layout (h, before flipping; narrow enough that three
    with their number boxes fit one row at 1280 px) and the operation, over image (H, W)
    in [0, 1]. A preset's exact weights are used while the menu names it; moving a slider makes the
    kernel 'custom' (the sliders' values)."""
    h = KERNELS[kernel]
    controls = {name: widgets.FloatSlider(value=on_step(v), min=-LIMIT, max=LIMIT, step=STEP, readout_format=".2f",
                                          description=f"h[{i // 3 - 1},{i % 3 - 1}]",
                                          layout=widgets.Layout(width="180px", min_width="180px"),
                                          style={"description_width": "52px"})
                for i, (name, v) in enumerate(zip(CELLS, h.flat))}
    controls["kernel"] = widgets.Dropdown(options=list(KERNELS) + ["custom"], value=kernel, description="kernel h",
                                          layout=widgets.Layout(width="290px", min_width="290px"))
    controls["operation"] = widgets.ToggleButtons(options=[CORR, CONV], value=CONV if flip else CORR,
                                                  style={"button_width": "auto"})
    note = widgets.HTML(f'<div style="font-size: 0.92em; line-height: 1.35; color: #444">{ROUNDING_NOTE}</div>',
                        layout=widgets.Layout(width="auto", max_width="760px"))
    explorer = None

    def ranges(**settings):
        return kernel_ranges(explorer.settings if explorer is not None else settings, **settings)

    explorer = Explorer(controls, functools.partial(filter_frame, image), FilterView, ranges=ranges,
                        rows=[CELLS[0:3], CELLS[3:6], CELLS[6:9], [note], ["kernel", "operation"]])
    return explorer
