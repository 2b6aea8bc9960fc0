"""Lesson 17's computation: AlexNet as layer specs, the lecture's table checked cell by cell, and
the input-size explorer's frame (weights and connections per layer for an n x n x 3 image).

The counting itself (units, weights, connections of any network of Conv, MaxPool, LRN and Dense
layers) is in `counting`.
"""
from __future__ import annotations

import functools
from fractions import Fraction
from typing import NamedTuple, Optional

import numpy as np

from lessonlib._validate import positive_int
from lessonlib.arithmetic import ReceptiveField, receptive_field

from .counting import LRN, Conv, Dense, MaxPool, Network, floor_output_size, layer_arithmetic, table


# --- AlexNet -------------------------------------------------------------------------


def alexnet(input_size: int = 227, groups: int = 2, classes: int = 1000,
            lrn: bool = True, name: Optional[str] = None) -> Network:
    """AlexNet as in Krizhevsky, Sutskever & Hinton (2012), on a 3 x input_size x input_size image.

    conv1 96@11x11 s4 → LRN → max-pool 3 s2 → conv2 256@5x5 p2 (groups 2) → LRN → max-pool 3 s2
    → conv3 384@3x3 p1 (reads both GPUs) → conv4 384@3x3 p1 (groups 2) → conv5 256@3x3 p1
    (groups 2) → max-pool 3 s2 → fc6 4096 → fc7 4096 → fc8 `classes`.

    groups=1 gives the one-GPU variant (conv2, conv4, conv5 see all channels). The paper
    says 224 x 224, but conv1's arithmetic only gives whole numbers for 227 (+4k).
    """
    input_size = positive_int(input_size, "input_size")
    if groups not in (1, 2):
        raise ValueError(f"groups must be 2 (two GPUs, as in the paper) or 1 (one GPU), got {groups!r}")
    norm = (lambda n: [LRN(n)]) if lrn else (lambda n: [])
    layers = [
        Conv("conv1", 96, 11, stride=4), *norm("lrn1"), MaxPool("pool1", 3, 2),
        Conv("conv2", 256, 5, padding=2, groups=groups), *norm("lrn2"), MaxPool("pool2", 3, 2),
        Conv("conv3", 384, 3, padding=1),
        Conv("conv4", 384, 3, padding=1, groups=groups),
        Conv("conv5", 256, 3, padding=1, groups=groups), MaxPool("pool5", 3, 2),
        Dense("fc6", 4096), Dense("fc7", 4096), Dense("fc8", positive_int(classes, "classes")),
    ]
    return Network(name or f"AlexNet ({input_size}×{input_size}, groups={groups})",
                   (3, input_size, input_size), tuple(layers))


def torchvision_alexnet(input_size: int = 224, classes: int = 1000) -> Network:
    """torchvision's `alexnet()` (torchvision/models/alexnet.py), the variant of Krizhevsky's
    "One weird trick" (2014) that students meet in PyTorch: one GPU, no LRN, 64-192-384-256-256
    filters, conv1 11x11 stride 4 **padding 2**, and PyTorch's rounding down of the output size.

    Its AdaptiveAvgPool2d((6, 6)) before fc6 is left out: on a 224 x 224 input pool5 is already
    6 x 6, so that pooling changes nothing there.
    """
    input_size = positive_int(input_size, "input_size")
    layers = [
        Conv("conv1", 64, 11, stride=4, padding=2, rounding="floor"), MaxPool("pool1", 3, 2),
        Conv("conv2", 192, 5, padding=2, rounding="floor"), MaxPool("pool2", 3, 2),
        Conv("conv3", 384, 3, padding=1, rounding="floor"),
        Conv("conv4", 256, 3, padding=1, rounding="floor"),
        Conv("conv5", 256, 3, padding=1, rounding="floor"), MaxPool("pool5", 3, 2),
        Dense("fc6", 4096), Dense("fc7", 4096), Dense("fc8", positive_int(classes, "classes")),
    ]
    return Network(f"torchvision AlexNet ({input_size}×{input_size})", (3, input_size, input_size), tuple(layers))


class RoundedDown(NamedTuple):
    """One axis of a conv layer whose stride does not fit, as a rounding-down framework runs it.

    exact:      the lecture's (W - F + 2P)/S + 1, as a fraction (55.25 for torchvision's conv1)
    size:       floor of it, the framework's output size
    padded:     W + 2P cells after zero padding
    read:       cells covered by the windows, (size - 1)·S + F
    unread:     padded cells after the last window
    unread_image: how many of those are image cells (the rest are zero padding)
    """

    exact: Fraction
    size: int
    padded: int
    read: int
    unread: int
    unread_image: int


def rounded_down(n: int, kernel: int, stride: int, padding: int = 0) -> RoundedDown:
    """settings -> what flooring the output size leaves out, along one axis."""
    exact = Fraction(n - kernel + 2 * padding, stride) + 1
    size = floor_output_size(n, kernel, stride, padding)
    padded = n + 2 * padding
    read = (size - 1) * stride + kernel
    unread = padded - read
    return RoundedDown(exact, size, padded, read, unread, max(0, unread - padding))


class FieldRow(NamedTuple):
    """A conv or pooling layer's kernel and stride (along one axis) and its receptive field on the input."""

    name: str
    kernel: int
    stride: int
    field: ReceptiveField


def receptive_fields(network: Network) -> list[FieldRow]:
    """Every conv and pooling layer, in order, with its receptive field by
    lessonlib.arithmetic.receptive_field (lesson 11's recursion r += (k - 1)·j, j *= s). LRN
    mixes channels at one position and dense layers see everything, so both are left out."""
    spatial = [layer for layer in network.layers if isinstance(layer, (Conv, MaxPool))]
    specs = [(layer.kernel[0], layer.stride[0], 1, layer.padding[0]) if isinstance(layer, Conv)
             else (layer.kernel, layer.stride, 1, 0) for layer in spatial]
    return [FieldRow(layer.name, k, s, rf) for layer, (k, s, _, _), rf in zip(spatial, specs, receptive_field(specs))]


# --- checking a printed table -------------------------------------------------------------


class Check(NamedTuple):
    """One cell of a printed table next to the computed value."""

    label: str
    column: str
    lecture: int
    computed: int

    @property
    def agrees(self) -> bool:
        return self.lecture == self.computed


TABLE_COLUMNS = ("units", "weights", "connections")


def compare(rows: list, lecture: dict) -> list[Check]:
    """Every cell of `lecture` ({label: (units, weights, connections)}) against `rows` from table()."""
    by_label = {r.label: r for r in rows}
    checks = []
    for label, values in lecture.items():
        if label not in by_label:
            raise ValueError(f"the lecture's row {label!r} is not in the table; its rows are {', '.join(by_label)}")
        values = tuple(values)
        if len(values) != len(TABLE_COLUMNS):
            raise ValueError(f"row {label!r} needs {len(TABLE_COLUMNS)} values {TABLE_COLUMNS}, got {values!r}")
        checks += [Check(label, col, int(v), getattr(by_label[label], col)) for col, v in zip(TABLE_COLUMNS, values)]
    return checks


# --- the input-size explorer --------------------------------------------------------------


class SizeFrame(NamedTuple):
    """AlexNet counted for one n x n x 3 input (the explorer's frame).

    labels:       the eight weighted layers' labels ("L1 (Conv)" .. "L8 (Dense)")
    weights:      (8,) weights per layer, None when a layer does not fit the input
    connections:  (8,) connections per layer, None when a layer does not fit
    arithmetic:   conv1's output-size working as the lecture writes it ("" when it does not fit)
    total_weights, total_connections: the table's totals (0 when it does not fit)
    error:        None, or the message of the first layer that does not fit
    """

    n: int
    labels: tuple
    weights: Optional[np.ndarray]
    connections: Optional[np.ndarray]
    arithmetic: str
    total_weights: int
    total_connections: int
    error: Optional[str]


@functools.lru_cache(maxsize=4)
def _labels(groups: int) -> tuple:
    """The weighted layers' labels, from the size that fits (they do not depend on the size)."""
    return tuple(r.label for r in table(alexnet(227, groups=groups), subtotals=False))


def input_size_counts(n: int, groups: int = 2) -> SizeFrame:
    """settings -> frame: AlexNet recounted for an n x n x 3 image; a size that does not fit gives
    the lecture-style message instead of counts."""
    labels = _labels(groups)
    net = alexnet(n, groups=groups)
    try:
        rows = table(net)
    except ValueError as err:
        return SizeFrame(n, labels, None, None, "", 0, 0, str(err))
    layers, total = rows[:-3], rows[-1]
    return SizeFrame(n, labels, np.array([r.weights for r in layers]), np.array([r.connections for r in layers]),
                     layer_arithmetic(net, "conv1"), total.weights, total.connections, None)
