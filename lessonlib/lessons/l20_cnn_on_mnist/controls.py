"""Lesson 20's explorers: browse a trained CNN's feature maps, and pick one unit to see its receptive field.

The digit is chosen with a slider, a number box linked to it (2,000 digits on one slider are hard to
hit), and, when the model's mistakes are given, buttons that jump to the previous or next mistake."""
from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from ...figures import Explorer
from .compute import LayerMaps, UnitField
from .view import LayerMapsView, UnitFieldView


def digit_controls(n, digit=0, mistakes=None):
    """The digit slider (0..n-1) and the widgets shown beside it: a number box linked to the slider,
    and '◀ mistake' / 'mistake ▶' buttons that move the slider to the previous / next index in
    `mistakes` (wrapping around), when mistakes are given. Returns (slider, [extra widgets])."""
    slider = widgets.IntSlider(value=digit, min=0, max=n - 1, description="digit", readout=False,
                               layout=widgets.Layout(width="260px"))
    box = widgets.BoundedIntText(value=digit, min=0, max=n - 1, layout=widgets.Layout(width="80px"),
                                 tooltip="type a digit's index")
    widgets.link((slider, "value"), (box, "value"))
    extra = [box]
    if mistakes is not None and len(mistakes):
        wrong = np.sort(np.asarray(mistakes, dtype=int))

        def step(direction):
            def jump(_):
                v = slider.value
                later = wrong[wrong > v] if direction > 0 else wrong[wrong < v][::-1]
                slider.value = int(later[0] if len(later) else (wrong[0] if direction > 0 else wrong[-1]))
            return jump

        for label, direction in (("◀ mistake", -1), ("mistake ▶", 1)):
            button = widgets.Button(description=label, layout=widgets.Layout(width="100px"),
                                    tooltip=f"{'previous' if direction < 0 else 'next'} of the {len(wrong)} "
                                            "digits the network gets wrong")
            button.on_click(step(direction))
            extra.append(button)
    return slider, extra


def feature_map_explorer(model, x, labels, digit=0, layer=0, channel=0, mistakes=None) -> Explorer:
    """A digit slider with a number box (and previous/next-mistake buttons when `mistakes`, indices
    into x, are given), a layer dropdown and a map slider; x: (N, C, H, W). The map slider's end
    follows the layer (16 maps in block 1, 32 in block 2)."""
    compute = LayerMaps(model, x, labels)
    slider, extra = digit_controls(len(compute.x), digit, mistakes)
    controls = {
        "digit": slider,
        "layer": widgets.Dropdown(options=[(compute.names[i], i) for i in compute.layers], value=layer,
                                  description="layer"),
        "channel": widgets.IntSlider(value=channel, min=0, max=compute.map_shape(layer)[0] - 1, description="map"),
    }
    return Explorer(controls, compute, LayerMapsView,
                    ranges=lambda layer, **_: {"channel": {"max": compute.map_shape(layer)[0] - 1}},
                    rows=[["digit", *extra], ["layer", "channel"]])


def receptive_field_explorer(model, x, labels, digit=0, layer=5, channel=0, row=2, col=2, mistakes=None) -> Explorer:
    """A digit slider with a number box (and previous/next-mistake buttons when `mistakes` are
    given), a layer dropdown, and sliders for the unit's map, row and column, which end at the
    chosen layer's size."""
    compute = UnitField(model, x, labels)
    n, h, w = compute.map_shape(layer)
    slider, extra = digit_controls(len(compute.x), digit, mistakes)
    controls = {
        "digit": slider,
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
                    rows=[["digit", *extra], ["layer", "channel"], ["row", "col"]])
