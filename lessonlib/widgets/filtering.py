"""Controls for lesson 8: pick or edit a 3x3 kernel, choose cross-correlation or convolution."""
from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np

from ..conv_matrix import KERNELS, convolve2d, correlate2d, flip_kernel, is_flip_symmetric
from ..render.filtering import FilterView
from ._figure_box import canvas_widget

CORR, CONV = "cross-correlation h ⊗ F", "convolution h * F (flipped)"


def filter_results(image, kernel, flip):
    """(kernel as applied, output, |corr - conv|, title, note) for one setting."""
    kernel = np.asarray(kernel, dtype=float)
    corr, conv = correlate2d(image, kernel), convolve2d(image, kernel)
    same = is_flip_symmetric(kernel)
    note = ("kernel is flip-symmetric: convolution and cross-correlation agree" if same else
            "kernel is not flip-symmetric: convolution and cross-correlation differ")
    title = "G = h * F (convolution)" if flip else "G = h ⊗ F (cross-correlation)"
    return (flip_kernel(kernel) if flip else kernel), (conv if flip else corr), np.abs(corr - conv), title, note


def filter_explorer(image, kernel="Sobel x", flip=False):
    """(box, view, controls): a kernel menu, nine sliders (the kernel h, before flipping) and the
    operation. Moving a slider makes the kernel 'custom'."""
    h = KERNELS[kernel].copy()
    with plt.ioff():
        view = FilterView(image, *filter_results(image, h, flip))
    menu = widgets.Dropdown(options=list(KERNELS) + ["custom"], value=kernel, description="kernel h")
    op = widgets.ToggleButtons(options=[CORR, CONV], value=CONV if flip else CORR)
    cells = [widgets.FloatSlider(value=float(h.flat[i]), min=-4, max=4, step=0.05, readout_format=".2f",
                                 description=f"h[{i // 3 - 1},{i % 3 - 1}]",
                                 layout=widgets.Layout(width="230px"), style={"description_width": "52px"})
             for i in range(9)]
    state = {"kernel": h, "syncing": False}

    def redraw():
        view.update(*filter_results(image, state["kernel"], op.value == CONV))
        view.fig.canvas.draw_idle()

    def on_menu(change):
        if change["new"] == "custom":
            return
        state["kernel"] = KERNELS[change["new"]].copy()
        state["syncing"] = True           # the sliders follow the menu without re-triggering
        for c, v in zip(cells, state["kernel"].flat):
            c.value = float(v)
        state["syncing"] = False
        redraw()

    def on_cell(change):
        if state["syncing"]:
            return
        state["kernel"] = np.array([c.value for c in cells]).reshape(3, 3)
        state["syncing"] = True
        menu.value = "custom"
        state["syncing"] = False
        redraw()

    menu.observe(on_menu, "value")
    op.observe(lambda change: redraw(), "value")
    for c in cells:
        c.observe(on_cell, "value")
    grid = widgets.GridBox(cells, layout=widgets.Layout(grid_template_columns="repeat(3, 240px)"))
    controls = {"kernel": menu, "operation": op, "cells": cells}
    box = widgets.VBox([grid, widgets.HBox([menu, op]), canvas_widget(view.fig)])
    return box, view, controls
