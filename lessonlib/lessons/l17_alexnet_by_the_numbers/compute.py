"""Lesson 17's computation: AlexNet as layer specs, the lecture's table checked cell by cell, and
the input-size explorer's frame (weights and connections per layer for an n x n x 3 image).

The counting itself (units, weights, connections of any network of Conv, MaxPool, LRN and Dense
layers) is in `counting`.
"""
from __future__ import annotations

import functools
from typing import NamedTuple, Optional

import numpy as np

from lessonlib._validate import positive_int

from .counting import LRN, Conv, Dense, MaxPool, Network, layer_arithmetic, table


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
