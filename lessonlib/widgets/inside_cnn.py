"""Controls for lesson 20: browse a trained CNN's feature maps, and pick one unit to see its receptive field.

Each explorer returns (box, explorer): `box` is the VBox to display, `explorer.update(**settings)`
is what a control calls (tests and benchmarks call it directly, headless).
"""
from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np

from ..models import feature_maps, receptive_field_box, spatial_layers, unit_input_gradient
from ..nn import softmax
from ..threads import limit_threads
from ..render.inside_cnn import FeatureMapView, ReceptiveFieldView
from ._figure_box import canvas_widget


def _check_digit(digit, n):
    if not (isinstance(digit, (int, np.integer)) and 0 <= digit < n):
        raise ValueError(f"digit must be an index 0..{n - 1} into the images, got {digit!r}")


class _Explorer:
    """Shared plumbing: the digits, the model's spatial layers by name, cached forward passes."""

    def __init__(self, model, x, labels):
        if x.ndim != 4:
            raise ValueError(f"x must be network inputs (N, C, H, W), got shape {x.shape}")
        self.model, self.x, self.labels = model, x, np.asarray(labels)
        self.layers = spatial_layers(model)
        self._digit, self._outputs = None, None

    def outputs(self, digit):
        """Every layer's output for one digit (one forward pass, redone only when the digit changes)."""
        _check_digit(digit, len(self.x))
        if digit != self._digit:
            self._outputs, self._digit = feature_maps(self.model, self.x[digit]), digit
        return self._outputs

    def check_layer(self, layer):
        if layer not in self.layers:
            raise ValueError(f"layer must be the index of a spatial layer, one of {self.layers}, got {layer!r}")

    def observe(self, controls: dict, fig):
        def on_change(change):
            name = next(k for k, c in controls.items() if c is change["owner"])
            with limit_threads(1):      # one image: threads only add waiting (see limit_threads)
                self.update(**{name: change["new"]})
            fig.canvas.draw_idle()

        for control in controls.values():
            control.observe(on_change, "value")


class FeatureMapExplorer(_Explorer):
    def __init__(self, model, x, labels, digit=0, layer=0, channel=0):
        super().__init__(model, x, labels)
        self.check_layer(layer)
        self.settings = {"digit": digit, "layer": layer, "channel": channel}
        with plt.ioff():
            self.view = FeatureMapView(**self._view_args(digit, layer, channel))
        self.fig = self.view.fig

    def _view_args(self, digit, layer, channel):
        out = self.outputs(digit)
        return dict(image=self.x[digit, 0], maps=out[layer].maps, channel=channel, layer=out[layer].name,
                    probs=softmax(out[-1].maps[None].astype(np.float64))[0], label=int(self.labels[digit]))

    def update(self, digit=None, layer=None, channel=None):
        """digit: index into the images; layer: index in model.layers; channel: clipped to the layer's maps."""
        s = self.settings | {k: v for k, v in dict(digit=digit, layer=layer, channel=channel).items() if v is not None}
        self.check_layer(s["layer"])
        n_maps = len(self.outputs(s["digit"])[s["layer"]].maps)
        s["channel"] = min(s["channel"], n_maps - 1)    # a new layer may have fewer maps
        self.view.update(**self._view_args(s["digit"], s["layer"], s["channel"]))
        self.settings = s

    def n_maps(self, layer):
        return len(self.outputs(self.settings["digit"])[layer].maps)


def feature_map_explorer(model, x, labels, digit=0, layer=0, channel=0):
    """(box, explorer): sliders for the digit and the map, a dropdown for the layer."""
    ex = FeatureMapExplorer(model, x, labels, digit, layer, channel)
    names = [o.name for o in ex.outputs(digit)]
    controls = {
        "digit": widgets.IntSlider(value=digit, min=0, max=len(x) - 1, description="digit"),
        "layer": widgets.Dropdown(options=[(names[i], i) for i in ex.layers], value=layer, description="layer"),
        "channel": widgets.IntSlider(value=channel, min=0, max=ex.n_maps(layer) - 1, description="map"),
    }
    ex.observe(controls, ex.fig)
    # the map slider's range follows the layer (16 maps in block 1, 32 in block 2)
    controls["layer"].observe(lambda change: setattr(controls["channel"], "max", ex.n_maps(change["new"]) - 1), "value")
    return widgets.VBox([widgets.HBox(list(controls.values())), canvas_widget(ex.fig)]), ex


class ReceptiveFieldExplorer(_Explorer):
    def __init__(self, model, x, labels, digit=0, layer=5, channel=0, row=2, col=2):
        super().__init__(model, x, labels)
        self.check_layer(layer)
        self.settings = {"digit": digit, "layer": layer, "channel": channel, "row": row, "col": col}
        with plt.ioff():
            self.view = ReceptiveFieldView(**self._view_args(self.settings))
        self.fig = self.view.fig

    def map_shape(self, layer):
        return self.outputs(self.settings["digit"])[layer].maps.shape

    def _view_args(self, s):
        out = self.outputs(s["digit"])[s["layer"]]
        n, h, w = out.maps.shape
        channel, row, col = min(s["channel"], n - 1), min(s["row"], h - 1), min(s["col"], w - 1)
        grad = unit_input_gradient(self.model, self.x[s["digit"]], s["layer"], channel, row, col)
        return dict(image=self.x[s["digit"], 0], gradient=grad[0], box=receptive_field_box(self.model, s["layer"], row, col),
                    fmap=out.maps[channel], row=row, col=col, title=f"{out.name}, map {channel}, unit ({row}, {col})")

    def update(self, digit=None, layer=None, channel=None, row=None, col=None):
        """Settings beyond the chosen layer's map size are clipped to its last map/row/column."""
        s = self.settings | {k: v for k, v in dict(digit=digit, layer=layer, channel=channel, row=row,
                                                     col=col).items() if v is not None}
        self.check_layer(s["layer"])
        _check_digit(s["digit"], len(self.x))
        self.view.update(**self._view_args(s))
        self.settings = s


def receptive_field_explorer(model, x, labels, digit=0, layer=5, channel=0, row=2, col=2):
    """(box, explorer): sliders for digit, map, row and column of the unit; a dropdown for the layer."""
    ex = ReceptiveFieldExplorer(model, x, labels, digit, layer, channel, row, col)
    names = [o.name for o in ex.outputs(digit)]
    n, h, w = ex.map_shape(layer)
    controls = {
        "digit": widgets.IntSlider(value=digit, min=0, max=len(x) - 1, description="digit"),
        "layer": widgets.Dropdown(options=[(names[i], i) for i in ex.layers], value=layer, description="layer"),
        "channel": widgets.IntSlider(value=channel, min=0, max=n - 1, description="map"),
        "row": widgets.IntSlider(value=row, min=0, max=h - 1, description="row"),
        "col": widgets.IntSlider(value=col, min=0, max=w - 1, description="col"),
    }

    def follow_layer(change):
        n, h, w = ex.map_shape(change["new"])
        for name, size in (("channel", n), ("row", h), ("col", w)):
            controls[name].max = size - 1

    controls["layer"].observe(follow_layer, "value")
    ex.observe(controls, ex.fig)
    rows = [widgets.HBox([controls["digit"], controls["layer"]]),
            widgets.HBox([controls["channel"], controls["row"], controls["col"]])]
    return widgets.VBox(rows + [canvas_widget(ex.fig)]), ex
