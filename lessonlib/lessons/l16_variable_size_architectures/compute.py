"""Lesson 16's computation: the three classification architectures of Goodfellow et al., figure 9.11,
built from lessonlib.nn, and what each does to one input size.

* fixed_size:          conv+ReLU, pool /p, conv+ReLU, pool /p, flatten, dense -> only one input size fits
* fixed_pools:         ... conv+ReLU, adaptive max pool to a g x g grid, flatten (C*g*g units), dense
* fully_convolutional: ... pool /p, conv to one map per class, global average pooling -> class scores

The figure gives shapes only (input 256x256x3, 64 channels, pooling with stride 4, 1000 classes);
the kernels here are 3x3 with padding 1, which keep the sizes the figure shows. `trace` runs one
input through a network layer by layer and reports each output shape, or the error that stops it;
`ArchitectureTraces` holds the three networks and turns (height, width) into the explorer's frame.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

from lessonlib._validate import positive_int
from lessonlib.nn import Activation, Conv2D, Dense, Flatten, MaxPool2D, Sequential
from lessonlib.nn.layers import AdaptiveAvgPool2D, AdaptiveMaxPool2D, AvgPool2D, GlobalAvgPool2D
from lessonlib.threads import limit_threads

BOOK = dict(in_channels=3, channels=64, classes=1000, pool=4, input_size=256, grid=3)   # figure 9.11's numbers
SMALL = dict(in_channels=1, channels=8, classes=10, pool=2, input_size=28, grid=3)      # the same on MNIST scale
ARCHITECTURES = ("fixed_size", "fixed_pools", "fully_convolutional")


def _stem(rng, in_channels, channels, pool, dtype):
    """conv+ReLU, pool /pool, conv+ReLU: the part all three architectures share."""
    return [Conv2D(in_channels, channels, 3, rng, padding=1, dtype=dtype), Activation("relu"), MaxPool2D(pool),
            Conv2D(channels, channels, 3, rng, padding=1, dtype=dtype), Activation("relu")]


def fixed_size(seed=0, in_channels=3, channels=64, classes=1000, pool=4, input_size=256, dense=True,
               dtype=np.float32, **_) -> Sequential:
    """Left of figure 9.11: the dense layer expects channels * (input_size / pool^2)^2 inputs.
    dense=False leaves the dense layer out (for the book's size its 16,384 x 1,000 weights are 65 MB)."""
    rng = np.random.default_rng(seed)
    side = positive_int(input_size, "input_size") // pool // pool
    layers = _stem(rng, in_channels, channels, pool, dtype) + [MaxPool2D(pool), Flatten()]
    if dense:
        layers.append(Dense(channels * side * side, classes, rng, activation_hint=None, dtype=dtype))
    return Sequential(*layers)


def fixed_pools(seed=0, in_channels=3, channels=64, classes=1000, pool=4, grid=3, dtype=np.float32, **_) -> Sequential:
    """Centre of figure 9.11: a grid x grid adaptive max pool gives channels * grid^2 units for any input."""
    rng = np.random.default_rng(seed)
    return Sequential(*_stem(rng, in_channels, channels, pool, dtype), AdaptiveMaxPool2D(grid), Flatten(),
                      Dense(channels * grid * grid, classes, rng, activation_hint=None, dtype=dtype))


def fully_convolutional(seed=0, in_channels=3, channels=64, classes=1000, pool=4, dtype=np.float32, **_) -> Sequential:
    """Right of figure 9.11: the last convolution has one map per class; their averages are the scores."""
    rng = np.random.default_rng(seed)
    return Sequential(*_stem(rng, in_channels, channels, pool, dtype), MaxPool2D(pool),
                      Conv2D(channels, classes, 3, rng, padding=1, dtype=dtype), GlobalAvgPool2D())


def build(name, **settings) -> Sequential:
    """One of ARCHITECTURES with settings such as BOOK or SMALL."""
    builders = {"fixed_size": fixed_size, "fixed_pools": fixed_pools, "fully_convolutional": fully_convolutional}
    if name not in builders:
        raise ValueError(f"architecture must be one of {ARCHITECTURES}, got {name!r}")
    return builders[name](**settings)


def label(layer) -> str:
    """A short name for a layer, as the figure writes it."""
    kind = type(layer).__name__
    if isinstance(layer, Conv2D):
        return f"conv {layer.kernel_size[0]}×{layer.kernel_size[1]}, {layer.out_channels} maps"
    if isinstance(layer, Activation):
        return layer.name if layer.name != "relu" else "ReLU"
    if isinstance(layer, MaxPool2D):
        k, s = layer.settings["kernel_size"], layer.settings["stride"] or layer.settings["kernel_size"]
        return f"max pool {k}×{k}, stride {s}"
    if isinstance(layer, AdaptiveMaxPool2D):
        return f"max pool to a {layer.output_size[0]}×{layer.output_size[1]} grid"
    if isinstance(layer, Dense):
        return f"dense {layer.n_in} → {layer.n_out}"
    if isinstance(layer, GlobalAvgPool2D):
        return "global average pool"
    return kind.lower()


class TraceRow(NamedTuple):
    layer: str
    shape: tuple | None     # one sample's output shape, None where the layer failed
    error: str | None


def trace(model: Sequential, input_shape, seed=0) -> list[TraceRow]:
    """Run one random input of input_shape (C, H, W) through the model with the real forward pass.

    Returns a row per layer up to and including the first one that raises (its message kept);
    the layers after a failure are not reached and not listed. One image gains nothing from
    threads, so the kernels run on one Numba thread (on two busy cores that is 100x faster).
    """
    x = np.random.default_rng(seed).standard_normal((1,) + tuple(input_shape))
    x = x.astype(model.layers[0].params["W"].dtype if model.layers[0].params else np.float32)
    rows = []
    with limit_threads(1):
        for layer in model.layers:
            try:
                x = layer.forward(x)
            except ValueError as err:
                rows.append(TraceRow(label(layer), None, str(err)))
                break
            rows.append(TraceRow(label(layer), x.shape[1:], None))
    return rows


class Frame(NamedTuple):
    """What the explorer shows for one input size.

    input_shape: (C, H, W) of the one image
    traces:      {architecture name: [TraceRow, ...]}, one row per layer up to the first that fails
    """

    input_shape: tuple
    traces: dict


class ArchitectureTraces:
    """settings -> frame for the explorer: the three networks are built once (settings such as SMALL);
    each call runs one random image of height x width through all three with the real forward pass."""

    def __init__(self, settings=None):
        self.settings = dict(SMALL if settings is None else settings)
        self.models = {name: build(name, **self.settings) for name in ARCHITECTURES}

    def __call__(self, height: int, width: int) -> Frame:
        shape = (self.settings["in_channels"], height, width)
        return Frame(shape, {name: trace(model, shape) for name, model in self.models.items()})


# --- figure 9.7: one network in the two terminologies ---------------------------------------


def stage(layer) -> str:
    """The stage a layer is in figure 9.7's terms: convolution (affine), detector, pooling, ..."""
    if isinstance(layer, Conv2D):
        return "convolution (affine)"
    if isinstance(layer, Dense):
        return "dense (affine)"
    if isinstance(layer, Activation):
        return "detector (nonlinearity)"
    if isinstance(layer, (MaxPool2D, AvgPool2D, AdaptiveMaxPool2D, AdaptiveAvgPool2D, GlobalAvgPool2D)):
        return "pooling"
    if isinstance(layer, Flatten):
        return "reshape"
    return type(layer).__name__.lower()


class SimpleLayer(NamedTuple):
    """Figure 9.7, right: every step of processing is a layer of its own."""

    number: int               # 1, 2, ... in the order the input meets them
    layer: str                # label(layer)
    stage: str
    shape: tuple              # one sample's output shape
    params: int


class ComplexLayer(NamedTuple):
    """Figure 9.7, left: a layer is one kernel tensor with the stages that follow it."""

    number: int
    stages: tuple             # the simple layers (SimpleLayer) it is made of
    shape: tuple              # the output shape of its last stage
    params: int


def simple_layers(model: Sequential, input_shape) -> list[SimpleLayer]:
    """The "simple layer" terminology: one row per layer of the model, with or without parameters."""
    return [SimpleLayer(r.index + 1, label(layer), stage(layer), r.output_shape, r.params)
            for r, layer in zip(model.summary(input_shape), model.layers)]


def complex_layers(model: Sequential, input_shape) -> list[ComplexLayer]:
    """The "complex layer" terminology, from the same model: a new layer starts at every layer with
    parameters (a kernel tensor or weight matrix); the parameter-free stages after it (detector,
    pooling, reshape) belong to it. So there are as many complex layers as kernel tensors."""
    groups = []
    for row in simple_layers(model, input_shape):
        if row.params or not groups:
            groups.append([])
        groups[-1].append(row)
    return [ComplexLayer(i, tuple(g), g[-1].shape, sum(r.params for r in g)) for i, g in enumerate(groups, start=1)]
