"""A network as a list of layer specs, and its units, weights and connections per layer: the
layer-by-layer arithmetic lesson 17 applies to AlexNet (`compute.alexnet`).

The counting follows the lecture's AlexNet table:

* units: the activations a layer outputs (C x H x W for a conv layer, n for a dense one);
* weights: kernel or matrix entries, without the biases (biases are counted apart);
* connections: input-output wires, i.e. units x the inputs each unit sees (its fan-in,
  bias not counted). For a conv layer with g groups a unit sees (C/g) x KH x KW inputs.

Shapes are propagated with the formulas in `lessonlib.arithmetic`, so a layer that does
not fit its input stops the count with the lecture's own division in the message.

    >>> net = Network("tiny", (3, 32, 32), [Conv("conv", 8, 5), MaxPool("pool", 2, 2), Dense("fc", 10)])
    >>> [(row.name, row.output_shape, row.weights) for row in analyse(net)]
    [('conv', (8, 28, 28), 600), ('pool', (8, 14, 14), 0), ('fc', (10,), 15680)]
"""
from __future__ import annotations

import numbers
from dataclasses import dataclass
from math import prod
from typing import NamedTuple, Union

from lessonlib._validate import as_tuple, positive_int
from lessonlib.arithmetic import (
    conv_connections,
    conv_output_size,
    conv_params,
    dense_connections,
    dense_params,
    pool_output_size,
)


def _name(value) -> str:
    if not isinstance(value, str) or not value:
        raise TypeError(f"a layer's name must be a non-empty string, got {value!r}")
    return value


# --- layer specs --------------------------------------------------------------------


@dataclass(frozen=True)
class Conv:
    """2-D convolution: `filters` maps of kernel KH x KW over C/groups input channels.

    groups=2 is AlexNet's two-GPU split: each half of the filters sees only the half of
    the input channels that lives on its GPU. rounding="exact" is the lecture's rule (a size
    that is not a whole number is an error); rounding="floor" is what PyTorch and most
    frameworks do: floor((W - F + 2P)/S) + 1, the cells past the last whole window unread.
    """

    name: str
    filters: int
    kernel: Union[int, tuple]
    stride: Union[int, tuple] = 1
    padding: Union[int, tuple] = 0
    groups: int = 1
    rounding: str = "exact"

    def __post_init__(self):
        _name(self.name)
        where = f"Conv {self.name!r}"
        positive_int(self.filters, f"{where}: filters")
        object.__setattr__(self, "kernel", as_tuple(self.kernel, 2, f"{where}: kernel", minimum=1))
        object.__setattr__(self, "stride", as_tuple(self.stride, 2, f"{where}: stride", minimum=1))
        object.__setattr__(self, "padding", as_tuple(self.padding, 2, f"{where}: padding", minimum=0))
        positive_int(self.groups, f"{where}: groups")
        if self.filters % self.groups:
            raise ValueError(f"{where}: groups {self.groups} must divide filters {self.filters}")
        if self.rounding not in ("exact", "floor"):
            raise ValueError(f"{where}: rounding must be 'exact' (the lecture's rule) or 'floor' "
                             f"(PyTorch's), got {self.rounding!r}")


@dataclass(frozen=True)
class MaxPool:
    """Max-pooling over kernel x kernel windows; no weights. kernel > stride overlaps (AlexNet: 3, 2)."""

    name: str
    kernel: int
    stride: int

    def __post_init__(self):
        _name(self.name)
        positive_int(self.kernel, f"MaxPool {self.name!r}: kernel")
        positive_int(self.stride, f"MaxPool {self.name!r}: stride")


@dataclass(frozen=True)
class LRN:
    """Local response normalisation across `size` neighbouring channels; no weights."""

    name: str
    size: int = 5

    def __post_init__(self):
        _name(self.name)
        positive_int(self.size, f"LRN {self.name!r}: size")


@dataclass(frozen=True)
class Dense:
    """Fully connected layer with `units` outputs; a C x H x W input is flattened first."""

    name: str
    units: int

    def __post_init__(self):
        _name(self.name)
        positive_int(self.units, f"Dense {self.name!r}: units")


LAYER_TYPES = (Conv, MaxPool, LRN, Dense)


@dataclass(frozen=True)
class Network:
    """input_shape: (C, H, W) of one image; layers: a sequence of Conv, MaxPool, LRN, Dense."""

    name: str
    input_shape: tuple
    layers: tuple

    def __post_init__(self):
        shape = self.input_shape
        if (not isinstance(shape, (tuple, list)) or len(shape) != 3
                or not all(isinstance(v, numbers.Integral) and not isinstance(v, bool) and v >= 1 for v in shape)):
            raise ValueError(f"input_shape must be (C, H, W) with three positive integers, got {shape!r}")
        object.__setattr__(self, "input_shape", tuple(int(v) for v in shape))
        layers = tuple(self.layers)
        if not layers:
            raise ValueError("a network needs at least one layer")
        for i, layer in enumerate(layers):
            if not isinstance(layer, LAYER_TYPES):
                raise TypeError(f"layers[{i}] must be one of Conv, MaxPool, LRN, Dense, got {layer!r}")
        names = [layer.name for layer in layers]
        repeated = sorted({n for n in names if names.count(n) > 1})
        if repeated:
            raise ValueError(f"layer names must be unique; repeated: {', '.join(repeated)}")
        object.__setattr__(self, "layers", layers)


# --- counting ----------------------------------------------------------------------


class LayerCount(NamedTuple):
    """One layer of a network, counted. Shapes are per image: (C, H, W) or (n,)."""

    name: str
    kind: str                 # "conv", "maxpool", "lrn", "dense"
    input_shape: tuple
    output_shape: tuple
    units: int                # activations out of the layer
    weights: int              # kernel / matrix entries, biases excluded
    biases: int
    connections: int          # units x fan-in (inputs each unit sees)
    fan_in: int


def floor_output_size(n: int, kernel: int, stride: int = 1, padding: int = 0) -> int:
    """floor((n - kernel + 2·padding)/stride) + 1: the output size a framework that rounds down
    gives (PyTorch's Conv2d); ValueError when the kernel does not fit at all."""
    if n + 2 * padding < kernel:
        raise ValueError(f"kernel {kernel} does not fit in input {n} with padding {padding}")
    return (n + 2 * padding - kernel) // stride + 1


def _conv(layer: Conv, shape):
    c, h, w = shape
    if c % layer.groups:
        raise ValueError(f"groups {layer.groups} must divide the {c} input channels")
    size = conv_output_size if layer.rounding == "exact" else floor_output_size
    out = (layer.filters,) + tuple(size(n, k, s, p) for n, k, s, p in
                                   zip((h, w), layer.kernel, layer.stride, layer.padding))
    weights = conv_params(c, layer.filters, layer.kernel, groups=layer.groups, bias=False)
    connections = conv_connections(c, layer.filters, layer.kernel, out[1:], groups=layer.groups)
    return out, weights, layer.filters, connections, (c // layer.groups) * prod(layer.kernel)


def _maxpool(layer: MaxPool, shape):
    c, h, w = shape
    out = (c, pool_output_size(h, layer.kernel, layer.stride), pool_output_size(w, layer.kernel, layer.stride))
    fan_in = layer.kernel * layer.kernel
    return out, 0, 0, prod(out) * fan_in, fan_in


def _lrn(layer: LRN, shape):
    c, h, w = shape
    # channels c - size//2 .. c + (size-1)//2 (as lessonlib.kernels.lrn), cut at the ends
    half_lo, half_hi = layer.size // 2, (layer.size - 1) // 2
    window = sum(min(c - 1, i + half_hi) - max(0, i - half_lo) + 1 for i in range(c))
    return shape, 0, 0, window * h * w, min(layer.size, c)


def _dense(layer: Dense, shape):
    n_in = prod(shape)
    weights = dense_params(n_in, layer.units, bias=False)
    return (layer.units,), weights, layer.units, dense_connections(n_in, layer.units), n_in


_COUNTERS = {Conv: ("conv", _conv), MaxPool: ("maxpool", _maxpool), LRN: ("lrn", _lrn), Dense: ("dense", _dense)}


def _shape_text(shape) -> str:
    return "×".join(str(v) for v in shape)


def analyse(network: Network) -> list[LayerCount]:
    """Every layer of `network` counted, in order; ValueError names the layer that does not fit."""
    if not isinstance(network, Network):
        raise TypeError(f"network must be a Network, got {type(network).__name__}")
    shape, rows = network.input_shape, []
    for i, layer in enumerate(network.layers):
        kind, count = _COUNTERS[type(layer)]
        if kind != "dense" and len(shape) != 3:
            raise ValueError(f"layer {i} {layer.name!r} ({kind}) needs an image (C, H, W) input, "
                             f"but follows a dense layer with output {shape}; put dense layers last")
        try:
            out, weights, biases, connections, fan_in = count(layer, shape)
        except ValueError as err:
            raise ValueError(f"layer {i} {layer.name!r} ({kind}) on input {_shape_text(shape)}: {err}") from None
        rows.append(LayerCount(layer.name, kind, shape, out, prod(out), weights, biases, connections, fan_in))
        shape = out
    return rows


class TableRow(NamedTuple):
    """A row of the lecture's table: a weighted layer, a subtotal or the total."""

    label: str                # "L1 (Conv)", "Conv Subtotal", "Total"
    name: str                 # the layer's name, or "" for sums
    units: int
    weights: int
    biases: int
    connections: int


def table(network: Network, subtotals: bool = True) -> list[TableRow]:
    """The lecture's table: one row per layer with weights (L1, L2, ...), then the conv and
    dense subtotals and the total. Layers without weights (pooling, LRN) are left out, as
    in the lecture; `analyse` lists them."""
    weighted = [r for r in analyse(network) if r.kind in ("conv", "dense")]
    rows = [TableRow(f"L{i} ({r.kind.capitalize()})", r.name, r.units, r.weights, r.biases, r.connections)
            for i, r in enumerate(weighted, start=1)]
    if not subtotals:
        return rows

    def total(label, chosen):
        return TableRow(label, "", *(sum(getattr(r, f) for r in chosen)
                                     for f in ("units", "weights", "biases", "connections")))

    conv = [r for r in rows if r.label.endswith("(Conv)")]
    dense = [r for r in rows if r.label.endswith("(Dense)")]
    return rows + [total("Conv Subtotal", conv), total("Dense Subtotal", dense), total("Total", rows)]


def layer_arithmetic(network: Network, name: str) -> str:
    """The lecture-style working for one conv or pool layer's output size, e.g.
    'conv1: (227 - 11 + 2·0)/4 + 1 = 55 → 96×55×55'."""
    rows = {r.name: r for r in analyse(network)}
    layers = {layer.name: layer for layer in network.layers}
    if name not in rows:
        raise ValueError(f"no layer named {name!r}; the layers are {', '.join(rows)}")
    layer, row = layers[name], rows[name]
    if isinstance(layer, Conv):
        n, k, s, p = row.input_shape[1], layer.kernel[0], layer.stride[0], layer.padding[0]
        if layer.rounding == "floor":
            return (f"{name}: floor(({n} - {k} + 2·{p})/{s}) + 1 = {row.output_shape[1]} → "
                    f"{_shape_text(row.output_shape)}")
        return f"{name}: ({n} - {k} + 2·{p})/{s} + 1 = {row.output_shape[1]} → {_shape_text(row.output_shape)}"
    if isinstance(layer, MaxPool):
        n, k, s = row.input_shape[1], layer.kernel, layer.stride
        return f"{name}: floor(({n} - {k})/{s}) + 1 = {row.output_shape[1]} → {_shape_text(row.output_shape)}"
    return f"{name}: {_shape_text(row.input_shape)} → {_shape_text(row.output_shape)}"
