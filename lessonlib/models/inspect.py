"""Looking inside a Sequential CNN: every layer's output under a readable name.

Receptive fields and one unit's input gradient are in lessonlib.models.receptive_fields.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ..nn import Activation, AvgPool2D, Conv2D, Flatten, MaxPool2D


class LayerOutput(NamedTuple):
    index: int          # position in model.layers
    name: str           # e.g. "conv1 (16@5×5)"
    maps: np.ndarray    # one input: (C, H, W) for a spatial layer, (K,) for a flat one; a batch: (N, ...)


def layer_names(model) -> list[str]:
    """Short readable names, numbered by conv block: 'conv1 (16@5×5)', 'relu1', 'pool1', 'conv2 ...', ..., 'dense'."""
    names, block = [], 0
    for layer in model.layers:
        if isinstance(layer, Conv2D):
            block += 1
            names.append(f"conv{block} ({layer.out_channels}@{layer.kernel_size[0]}×{layer.kernel_size[1]})")
        elif isinstance(layer, Activation):
            names.append(f"{layer.name}{block}")
        elif isinstance(layer, (MaxPool2D, AvgPool2D)):
            names.append(f"pool{block}")
        elif isinstance(layer, Flatten):
            names.append("flatten")
        else:
            names.append(type(layer).__name__.lower())
    return names


def feature_maps(model, x) -> list[LayerOutput]:
    """Every layer's output, running the model's layers in order in one pass.

    x: one input (C, H, W) (e.g. (1, 28, 28)) -> maps without a batch axis; or a batch
    (N, C, H, W) -> maps (N, ...) (one forward pass for all of them).
    """
    x = np.asarray(x)
    if x.ndim not in (3, 4):
        raise ValueError(f"x must be one input (C, H, W) or a batch (N, C, H, W), got shape {x.shape}")
    one = x.ndim == 3
    out, a = [], x[None] if one else x
    for i, (layer, name) in enumerate(zip(model.layers, layer_names(model))):
        a = layer.forward(a)
        out.append(LayerOutput(i, name, a[0] if one else a))
    return out
