"""Controls for lesson 14: pick a digit, a stage and a channel; LRN's n, α, β, k."""
from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np

from ..models.small_cnn import STAGES, feature_maps
from ..render.feature_maps import FeatureMapView, LRNView
from ._figure_box import canvas_widget, connect


class FeatureMapExplorer:
    """Feature maps of `examples` held-out digits per class, computed once in one batch;
    moving a control only swaps arrays in the figure."""

    def __init__(self, model, images, labels, digit=7, example=0, stage="conv1 + ReLU", channel=0, examples=10):
        self.picks = {d: np.flatnonzero(labels == d)[:examples] for d in range(10)}
        order = np.concatenate([self.picks[d] for d in range(10)])
        self.images = images[order]
        self.maps = feature_maps(model, self.images).maps
        self.row = {d: i * examples for i, d in enumerate(range(10))}
        self.controls = {
            "digit": widgets.Dropdown(options=list(range(10)), value=digit, description="digit"),
            "example": widgets.IntSlider(value=example, min=0, max=examples - 1, description="example"),
            "stage": widgets.Dropdown(options=list(STAGES), value=stage, description="layer"),
            "channel": widgets.Dropdown(options=self._channels(stage), value=channel, description="channel"),
        }
        with plt.ioff():
            self.view = FeatureMapView(*self._arrays(digit, example), stage, channel)
        for name, control in self.controls.items():
            control.observe(self._on_change, "value")
        self.box = widgets.VBox([widgets.HBox(list(self.controls.values())[:2]),
                                 widgets.HBox(list(self.controls.values())[2:]), canvas_widget(self.view.fig)])

    def _channels(self, stage):
        return list(range(self.maps[stage].shape[1]))

    def _arrays(self, digit, example):
        i = self.row[digit] + example
        return self.images[i], {stage: m[i] for stage, m in self.maps.items()}

    def _on_change(self, change):
        c = self.controls
        if change["owner"] is c["stage"]:
            keep = min(c["channel"].value or 0, self.maps[c["stage"].value].shape[1] - 1)
            c["channel"].unobserve(self._on_change, "value")
            c["channel"].options = self._channels(c["stage"].value)
            c["channel"].value = keep
            c["channel"].observe(self._on_change, "value")
        self.update(digit=c["digit"].value, example=c["example"].value, stage=c["stage"].value,
                    channel=c["channel"].value)
        self.view.fig.canvas.draw_idle()

    def update(self, digit, example, stage, channel):
        image, maps = self._arrays(digit, example)
        self.view.update(image=image, maps=maps, stage=stage, channel=channel)


def lrn_sliders(maps, channel=0, size=5, alpha=1e-4, beta=0.75, k=2.0):
    """(box, view) for maps (C, H, W); defaults are AlexNet's k=2, n=5, α=1e-4, β=0.75."""
    with plt.ioff():
        view = LRNView(maps, channel, size, alpha, beta, k)
    controls = {
        "size": widgets.IntSlider(value=size, min=1, max=2 * len(maps) - 1, description="n"),
        "alpha": widgets.FloatLogSlider(value=alpha, base=10, min=-6, max=1, step=0.1, description="α",
                                        readout_format=".1e"),
        "beta": widgets.FloatSlider(value=beta, min=0.0, max=2.0, step=0.05, description="β"),
        "k": widgets.FloatSlider(value=k, min=0.1, max=5.0, step=0.1, description="k"),
        "channel": widgets.Dropdown(options=list(range(len(maps))), value=channel, description="channel"),
    }
    box = connect(controls, view.fig, view.update)
    # five controls: two rows above the figure
    row = box.children[0].children
    box.children = (widgets.HBox(row[:3]), widgets.HBox(row[3:]), box.children[1])
    return box, view
