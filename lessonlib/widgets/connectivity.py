"""Controls for lesson 12: which figure (9.2 input, 9.3 output, 9.5 parameter), which unit, how many."""
from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt

from ..conv_matrix import connection_highlight, conv1d_parameter_ids, dense_parameter_ids
from ..render.connectivity import ConnectivityView
from ._figure_box import canvas_widget

MODES = {"9.2: one input's outputs": "input", "9.3: one output's inputs": "output",
         "9.5: uses of one parameter": "parameter"}
FIGURE = {"input": "9.2", "output": "9.3", "parameter": "9.5"}


def connectivity_figure(mode="input", unit=2, n=5, kernel_width=3):
    """(conv_mask, dense_mask, conv_hi, dense_hi, titles, caption) for one figure of the book:
    n inputs and n outputs, a width-k kernel with 'same' padding (k odd) vs a dense n x n matrix."""
    conv_ids = conv1d_parameter_ids(n, kernel_width, padding=kernel_width // 2)
    dense_ids = dense_parameter_ids(n, n)
    conv_hi = connection_highlight(conv_ids, mode, unit)
    dense_hi = connection_highlight(dense_ids, mode, unit)
    what = {"input": f"outputs affected by x{unit + 1}", "output": f"inputs that affect s{unit + 1}",
            "parameter": f"connections using the weight of x{unit + 1} → s{n // 2 + 1}"}[mode]
    count = {"input": lambda m: m.any(axis=1).sum(), "output": lambda m: m.any(axis=0).sum(),
             "parameter": lambda m: m.sum()}[mode]
    titles = (f"convolution, kernel width {kernel_width} — {what}: {int(count(conv_hi))}",
              f"matrix multiplication — {what}: {int(count(dense_hi))}")
    caption = (f"figure {FIGURE[mode]} · connections: convolution {int((conv_ids >= 0).sum())} vs dense "
               f"{dense_ids.size} · parameters: convolution {kernel_width} vs dense {dense_ids.size}")
    return conv_ids >= 0, dense_ids >= 0, conv_hi, dense_hi, titles, caption


def connectivity_explorer(mode="input", unit=2, n=5, kernel_width=3):
    """(box, view, controls)."""
    with plt.ioff():
        view = ConnectivityView(*connectivity_figure(mode, unit, n, kernel_width))
    c = {
        "unit": widgets.IntSlider(value=unit, min=0, max=n - 1, description="unit (0-based)"),
        "mode": widgets.ToggleButtons(options=list(MODES), value=next(k for k, v in MODES.items() if v == mode)),
        "n": widgets.IntSlider(value=n, min=3, max=12, description="units"),
        "kernel_width": widgets.IntSlider(value=kernel_width, min=1, max=7, step=2, description="kernel width"),
    }

    def on_change(change):
        c["unit"].max = c["n"].value - 1          # clamps the unit too (ipywidgets does)
        view.update(*connectivity_figure(MODES[c["mode"].value], c["unit"].value, c["n"].value,
                                         c["kernel_width"].value))
        view.fig.canvas.draw_idle()

    for control in c.values():
        control.observe(on_change, "value")
    rows = [widgets.HBox([c["unit"], c["n"], c["kernel_width"]]), c["mode"]]
    return widgets.VBox(rows + [canvas_widget(view.fig)]), view, c
