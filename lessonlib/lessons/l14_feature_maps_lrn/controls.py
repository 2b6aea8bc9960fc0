"""Lesson 14's explorers: browse the feature maps of held-out digits; move LRN's n, α, β, k."""
from __future__ import annotations

import ipywidgets as widgets

from ...figures import Explorer
from ...models import STAGES
from .compute import DigitMaps, LRNMaps
from .view import FeatureMapView, LRNView


def feature_map_explorer(model, images, labels, digit=7, example=0, stage="conv1 + ReLU", channel=0,
                         examples=10) -> Explorer:
    """Pick a digit class, one of its `examples` held-out digits, a stage and a channel; the channel
    slider's end follows the stage (8 maps in block 1, 16 in block 2)."""
    compute = DigitMaps(model, images, labels, examples)
    controls = {
        "digit": widgets.Dropdown(options=list(range(10)), value=digit, description="digit"),
        "example": widgets.IntSlider(value=example, min=0, max=examples - 1, description="example"),
        "stage": widgets.Dropdown(options=list(STAGES), value=stage, description="layer"),
        "channel": widgets.IntSlider(value=channel, min=0, max=compute.channels(stage) - 1, description="channel"),
    }
    return Explorer(controls, compute, FeatureMapView,
                    ranges=lambda stage, **_: {"channel": {"max": compute.channels(stage) - 1}},
                    rows=[["digit", "example"], ["stage", "channel"]])


def lrn_explorer(maps, channel=0, size=5, alpha=1e-4, beta=0.75, k=2.0) -> Explorer:
    """LRN of maps (C, H, W); defaults are AlexNet's k=2, n=5, α=1e-4, β=0.75."""
    controls = {
        "size": widgets.IntSlider(value=size, min=1, max=2 * len(maps) - 1, description="n"),
        "alpha": widgets.FloatLogSlider(value=alpha, base=10, min=-6, max=1, step=0.1, description="α",
                                        readout_format=".1e"),
        "beta": widgets.FloatSlider(value=beta, min=0.0, max=2.0, step=0.05, description="β"),
        "k": widgets.FloatSlider(value=k, min=0.1, max=5.0, step=0.1, description="k"),
        "channel": widgets.Dropdown(options=list(range(len(maps))), value=channel, description="channel"),
    }
    return Explorer(controls, LRNMaps(maps), LRNView, rows=[["size", "alpha", "beta"], ["k", "channel"]])
