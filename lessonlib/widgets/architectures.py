"""Sliders for lesson 16: input height and width through the three architectures of figure 9.11."""
from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt

from ..models.figure_9_11 import ARCHITECTURES, SMALL, build, trace
from ..render.architectures import ArchitectureView
from ._figure_box import connect


class ArchitectureExplorer:
    """The three networks built once (settings: figure_9_11.SMALL by default); each slider move
    runs one random image of the chosen size through all three with the real forward pass."""

    def __init__(self, height=28, width=28, settings=None, max_size=64):
        self.settings = dict(SMALL if settings is None else settings)
        self.models = {name: build(name, **self.settings) for name in ARCHITECTURES}
        self.size = {"height": height, "width": width}
        with plt.ioff():
            self.view = ArchitectureView(self.traces(), self.input_shape())
        controls = {
            "height": widgets.IntSlider(value=height, min=1, max=max_size, description="height"),
            "width": widgets.IntSlider(value=width, min=1, max=max_size, description="width"),
        }
        self.box = connect(controls, self.view.fig, self.update)

    def input_shape(self):
        return (self.settings["in_channels"], self.size["height"], self.size["width"])

    def traces(self):
        return {name: trace(model, self.input_shape()) for name, model in self.models.items()}

    def update(self, height=None, width=None):
        self.size = {"height": height or self.size["height"], "width": width or self.size["width"]}
        self.view.update(self.input_shape(), self.traces())
