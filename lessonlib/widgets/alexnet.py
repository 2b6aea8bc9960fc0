"""Slider for lesson 17: AlexNet's weights and connections as the input image grows."""
from __future__ import annotations

import textwrap

import ipywidgets as widgets
import matplotlib.pyplot as plt

from ..architecture import alexnet, layer_arithmetic, table
from ..render.alexnet import make_input_size_view
from ._figure_box import canvas_widget


class InputSizeExplorer:
    """IntSlider over the input size n (image n x n x 3) -> weights and connections per layer.

    Sizes for which a layer does not fit show the lecture-style message instead of bars.
    `show(n)` is the slider's callback without the slider; `update(n)` the same without the redraw.
    """

    def __init__(self, value: int = 227, low: int = 195, high: int = 291, groups: int = 2):
        self.groups = groups
        rows = table(alexnet(value, groups=groups), subtotals=False)
        with plt.ioff():
            self.view = make_input_size_view([r.label for r in rows], [r.weights for r in rows],
                                             [r.connections for r in rows], self.describe(value))
        self.slider = widgets.IntSlider(value=value, min=low, max=high, description="input n",
                                        continuous_update=True)
        self.slider.observe(lambda change: self.show(change["new"]), "value")
        self.box = widgets.VBox([self.slider, canvas_widget(self.view.fig)])

    def describe(self, n: int, rows=None) -> str:
        net = alexnet(n, groups=self.groups)
        rows = rows or table(net)
        total = rows[-1]
        return (f"input {n}×{n}×3   {layer_arithmetic(net, 'conv1')}\n"
                f"total weights {total.weights:,}   total connections {total.connections:,}")

    def show(self, n: int) -> None:
        self.update(n)
        self.view.fig.canvas.draw_idle()

    def update(self, n: int) -> None:
        """Recount AlexNet for an n×n×3 input and change the bars and title (no redraw)."""
        try:
            rows = table(alexnet(n, groups=self.groups))
        except ValueError as err:
            message = textwrap.fill(str(err), width=100, max_lines=2, placeholder=" …")
            self.view.update(None, None, f"input {n}×{n}×3 does not fit:\n{message}")
        else:
            layers = rows[:-3]
            self.view.update([r.weights for r in layers], [r.connections for r in layers], self.describe(n, rows))

    def _ipython_display_(self):
        from IPython.display import display
        display(self.box)
