"""Receptive fields of a Sequential model: the closed form per layer (lessonlib.arithmetic's
recursion applied to the model's own layers), the input box one unit sees, and the same
question answered by backpropagation (the gradient of one unit with respect to the input).
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ..arithmetic import ReceptiveField, receptive_field
from ..nn import AvgPool2D, Conv2D, Flatten, MaxPool2D


def spatial_layers(model) -> list[int]:
    """Indices of the layers whose outputs still have rows and columns (before Flatten)."""
    idx = []
    for i, layer in enumerate(model.layers):
        if isinstance(layer, Flatten):
            break
        idx.append(i)
    return idx


def _axis_spec(layer, axis):
    """(kernel, stride, dilation, padding) of one layer along axis 0 (rows) or 1 (cols)."""
    pick = lambda v: v if np.isscalar(v) else v[axis]  # noqa: E731  int or (h, w) pair
    if isinstance(layer, Conv2D):
        s = layer.settings
        return (layer.kernel_size[axis], pick(s["stride"]), pick(s["dilation"]), pick(s["padding"]))
    if isinstance(layer, (MaxPool2D, AvgPool2D)):
        s = layer.settings
        k = pick(s["kernel_size"])
        return (k, k if s["stride"] is None else pick(s["stride"]), 1, pick(s["padding"]))
    return (1, 1, 1, 0)    # elementwise layers change nothing


def receptive_fields(model) -> dict[int, tuple[ReceptiveField, ReceptiveField]]:
    """{layer index: (field along rows, field along cols)} via lessonlib.receptive_field."""
    idx = spatial_layers(model)
    rows = receptive_field([_axis_spec(model.layers[i], 0) for i in idx])
    cols = receptive_field([_axis_spec(model.layers[i], 1) for i in idx])
    return {i: (r, c) for i, r, c in zip(idx, rows, cols)}


class Box(NamedTuple):
    """Input rows top..bottom and columns left..right (inclusive) that one unit sees."""

    top: int
    bottom: int
    left: int
    right: int

    def clipped(self, height, width) -> "Box":
        return Box(max(self.top, 0), min(self.bottom, height - 1), max(self.left, 0), min(self.right, width - 1))


def unit_box(rows: ReceptiveField, cols: ReceptiveField, row, col) -> Box:
    """The closed-form input box of unit (row, col) of a layer whose fields are rows, cols: centred on
    start + index·jump, size cells wide (may reach past the input, where padding zeros are seen)."""
    cy, cx = rows.start + row * rows.jump, cols.start + col * cols.jump
    return Box(int(round(cy - (rows.size - 1) / 2)), int(round(cy + (rows.size - 1) / 2)),
               int(round(cx - (cols.size - 1) / 2)), int(round(cx + (cols.size - 1) / 2)))


def receptive_field_box(model, layer_index, row, col) -> Box:
    """The input box seen by unit (row, col) of layer layer_index (may reach into the padding)."""
    fields = receptive_fields(model)
    if layer_index not in fields:
        raise ValueError(f"layer_index must be one of the spatial layers {sorted(fields)}, got {layer_index}")
    return unit_box(*fields[layer_index], row, col)


def unit_input_gradient(model, x, layer_index, channel, row, col) -> np.ndarray:
    """d(unit)/d(input) for unit (channel, row, col) of layer layer_index, by the model's own backward.

    x: one input (C, H, W). Runs the forward pass up to that layer, seeds its output gradient with
    a single 1, and backpropagates through the layers below. Returns (C, H, W): nonzero only inside
    the unit's receptive field (and, through ReLUs and max-pool switches, only where it is active).
    """
    x = np.asarray(x)
    if x.ndim != 3:
        raise ValueError(f"x must be one input (C, H, W), got shape {x.shape}")
    if layer_index not in spatial_layers(model):
        raise ValueError(f"layer_index must be one of the spatial layers {spatial_layers(model)}, got {layer_index}")
    a = x[None]
    for layer in model.layers[:layer_index + 1]:
        a = layer.forward(a)
    _, n_chan, h, w = a.shape
    for name, value, limit in (("channel", channel, n_chan), ("row", row, h), ("col", col, w)):
        if not 0 <= value < limit:
            raise ValueError(f"{name} must be in 0..{limit - 1} for layer {layer_index} of output shape {a.shape[1:]}, got {value}")
    d = np.zeros_like(a)
    d[0, channel, row, col] = 1
    for layer in reversed(model.layers[:layer_index + 1]):
        d = layer.backward(d)
    return d[0]
