"""Receptive fields found by backpropagation.

Lesson 11 asks which input cells one deep unit depends on, and answers it twice: in closed
form (`lessonlib.arithmetic.receptive_field`) and by sending a gradient of 1 from that unit back to
the input through conv2d_backward.
"""
from __future__ import annotations

from typing import NamedTuple, Sequence

import numpy as np

from .threads import limit_threads
from ._validate import positive_int
from .arithmetic import ReceptiveField, conv_output_size, receptive_field
from .kernels.conv import conv2d_backward, conv2d_forward


# --- receptive fields ------------------------------------------------------------------


Layer = tuple  # (kernel, stride, dilation, padding)


def dilated_stack(depth: int, stride: int = 1, dilation_base: int = 1, kernel: int = 3) -> list[Layer]:
    """`depth` layers of kernel x kernel; layer l (0-based) has dilation base**l and the padding
    d(k-1)/2 that keeps a stride-1 layer's size ("same"). base 1: ordinary stack; base 2: 1, 2, 4, ..."""
    depth, stride = positive_int(depth, "depth"), positive_int(stride, "stride")
    base, kernel = positive_int(dilation_base, "dilation_base"), positive_int(kernel, "kernel")
    if kernel % 2 == 0:
        raise ValueError(f"kernel {kernel} must be odd for 'same' padding")
    return [(kernel, stride, base ** l, base ** l * (kernel - 1) // 2) for l in range(depth)]


def layer_sizes(layers: Sequence[Layer], n: int) -> list[int]:
    """Spatial size after each layer, starting from n (raises the lecture's ValueError on a misfit)."""
    sizes = []
    for k, s, d, p in layers:
        n = conv_output_size(n, k, s, p, d)
        sizes.append(n)
    return sizes


def fitting_input_size(layers: Sequence[Layer], minimum: int, limit: int = 4096) -> int:
    """Smallest input size >= minimum for which every layer's output size is an integer.

    Strided layers need particular sizes: 3x3, stride 2, padding 1 wants an odd input, so a
    28x28 digit goes on a 29x29 (or larger) canvas."""
    for n in range(positive_int(minimum, "minimum"), limit + 1):
        try:
            layer_sizes(layers, n)
            return n
        except ValueError:
            continue
    raise ValueError(f"no input size between {minimum} and {limit} fits every layer of {layers}")


def backprop_footprint(layers: Sequence[Layer], n: int, unit) -> np.ndarray:
    """d(unit)/d(input) for a stack of single-channel convolutions with all weights 1.

    A one-hot gradient at `unit` = (row, col) of the last layer's output is sent back through
    conv2d_backward; with positive weights nothing cancels, so the non-zero cells are exactly
    the unit's receptive field (clipped to the n x n input) and each value counts the paths.
    """
    x = np.zeros((1, 1, n, n))
    caches = []
    with limit_threads(1):
        for k, s, d, p in layers:
            x, cache = conv2d_forward(x, np.ones((1, 1, k, k)), stride=s, padding=p, dilation=d)
            caches.append(cache)
        r, c = unit
        if not (0 <= r < x.shape[2] and 0 <= c < x.shape[3]):
            raise ValueError(f"unit {unit} is outside the last layer's {x.shape[2]}x{x.shape[3]} output")
        grad = np.zeros_like(x)
        grad[0, 0, r, c] = 1.0
        for cache in reversed(caches):
            grad, _, _ = conv2d_backward(grad, cache)
    return grad[0, 0]


def receptive_box(rf: ReceptiveField, unit) -> tuple[int, int, int, int]:
    """Closed-form receptive field of unit (row, col): (row0, row1, col0, col1), inclusive, in input
    coordinates; may reach past the input where padding zeros are seen."""
    half = (rf.size - 1) / 2
    centre = [rf.start + u * rf.jump for u in unit]
    return (int(round(centre[0] - half)), int(round(centre[0] + half)),
            int(round(centre[1] - half)), int(round(centre[1] + half)))


class FootprintCheck(NamedTuple):
    """inside: every non-zero gradient lies in the closed-form box; same_extent: the non-zero cells
    reach every side of that box (clipped to the input). Both hold for ordinary stacks; dilation
    combined with stride can leave the far sides of the box unreached (holes, "gridding")."""

    inside: bool
    same_extent: bool


def footprint_matches(grad: np.ndarray, box) -> FootprintCheck:
    rows, cols = np.nonzero(grad)
    if rows.size == 0:
        return FootprintCheck(True, False)
    n_r, n_c = grad.shape
    r0, r1, c0, c1 = box
    inside = bool(rows.min() >= r0 and rows.max() <= r1 and cols.min() >= c0 and cols.max() <= c1)
    clipped = (max(r0, 0), min(r1, n_r - 1), max(c0, 0), min(c1, n_c - 1))
    return FootprintCheck(inside, (rows.min(), rows.max(), cols.min(), cols.max()) == clipped)


def stack_receptive_field(layers: Sequence[Layer]) -> ReceptiveField:
    """Receptive field of the last layer of a stack of (kernel, stride, dilation, padding) layers."""
    return receptive_field([tuple(layer) for layer in layers])[-1]
