"""Lesson 20's explorers: browse a trained CNN's feature maps, and pick one unit to see its receptive field."""
from __future__ import annotations

import ipywidgets as widgets

from ...figures import Explorer
from .compute import LayerMaps, UnitField
from .view import LayerMapsView, UnitFieldView


def feature_map_explorer(model, x, labels, digit=0, layer=0, channel=0) -> Explorer:
    """Sliders for the digit (an index into x: (N, C, H, W)) and the map, a dropdown for the layer;
    the map slider's end follows the layer (16 maps in block 1, 32 in block 2)."""
    compute = LayerMaps(model, x, labels)
    controls = {
        "digit": widgets.IntSlider(value=digit, min=0, max=len(compute.x) - 1, description="digit"),
        "layer": widgets.Dropdown(options=[(compute.names[i], i) for i in compute.layers], value=layer,
                                  description="layer"),
        "channel": widgets.IntSlider(value=channel, min=0, max=compute.map_shape(layer)[0] - 1, description="map"),
    }
    return Explorer(controls, compute, LayerMapsView,
                    ranges=lambda layer, **_: {"channel": {"max": compute.map_shape(layer)[0] - 1}})


def receptive_field_explorer(model, x, labels, digit=0, layer=5, channel=0, row=2, col=2) -> Explorer:
    """Sliders for digit, map, row and column of the unit, a dropdown for the layer; the map, row and
    column sliders end at the chosen layer's size."""
    compute = UnitField(model, x, labels)
    n, h, w = compute.map_shape(layer)
    controls = {
        "digit": widgets.IntSlider(value=digit, min=0, max=len(compute.x) - 1, description="digit"),
        "layer": widgets.Dropdown(options=[(compute.names[i], i) for i in compute.layers], value=layer,
                                  description="layer"),
        "channel": widgets.IntSlider(value=channel, min=0, max=n - 1, description="map"),
        "row": widgets.IntSlider(value=row, min=0, max=h - 1, description="row"),
        "col": widgets.IntSlider(value=col, min=0, max=w - 1, description="col"),
    }

    def ranges(layer, **_):
        n, h, w = compute.map_shape(layer)
        return {"channel": {"max": n - 1}, "row": {"max": h - 1}, "col": {"max": w - 1}}

    return Explorer(controls, compute, UnitFieldView, ranges=ranges,
                    rows=[["digit", "layer"], ["channel", "row", "col"]])
