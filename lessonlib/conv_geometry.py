"""Where a kernel goes: window positions, coverage, and receptive fields found by backpropagation.

Lesson 9 (the arithmetic explorer) asks which input cells the windows cover, also for
settings the lecture calls invalid; lesson 11 asks which input cells one deep unit depends
on, and answers it twice: in closed form (`lessonlib.arithmetic.receptive_field`) and by
sending a gradient of 1 from that unit back to the input through conv2d_backward.
"""
from __future__ import annotations

from typing import NamedTuple, Sequence

import numpy as np

from .threads import limit_threads
from ._validate import positive_int
from .arithmetic import ReceptiveField, conv_output_size, receptive_field
from .kernels.conv import conv2d_backward, conv2d_forward


class Geometry(NamedTuple):
    """One axis of a convolution, valid or not.

    out_size: the lecture's (W - F + 2P)/S + 1 when it is an integer; otherwise the number of
    whole windows that fit (what PyTorch silently uses, flooring), or 0.
    coverage: for each cell of the padded input (length n + 2p), how many windows touch it.
    uncovered: input cells (0..n-1, padding excluded) that no window touches.
    message: None when valid, else conv_output_size's explanation with the settings that work.
    """

    n: int
    kernel: int
    stride: int
    padding: int
    dilation: int
    span: int
    out_size: int
    valid: bool
    formula: str
    message: str | None
    coverage: np.ndarray
    uncovered: np.ndarray


def _formula(n, k, s, p, d, value: str) -> str:
    if d == 1:
        return f"(W − F + 2P)/S + 1 = ({n} − {k} + {2 * p})/{s} + 1 = {value}"
    return (f"(W + 2P − D(F−1) − 1)/S + 1 = ({n} + {2 * p} − {d}·{k - 1} − 1)/{s} + 1 = {value}")


def geometry(n: int, kernel: int, stride: int = 1, padding: int = 0, dilation: int = 1) -> Geometry:
    """Everything the explorer draws for one axis; never raises for a setting that merely does not fit."""
    n, k = positive_int(n, "n (input size)"), positive_int(kernel, "kernel")
    s, d = positive_int(stride, "stride"), positive_int(dilation, "dilation")
    if isinstance(padding, bool) or int(padding) != padding or padding < 0:
        raise ValueError(f"padding must be a non-negative integer, got {padding!r}")
    p = int(padding)
    span = d * (k - 1) + 1
    covered = n + 2 * p - span
    try:
        out, message, valid = conv_output_size(n, k, s, p, d), None, True
    except ValueError as err:
        out, message, valid = (covered // s + 1 if covered >= 0 else 0), str(err), False
    if valid:
        value = f"{covered}/{s} + 1 = {out}"
    elif covered >= 0:
        value = f"{covered}/{s} + 1 = {covered / s + 1:.4g}, not an integer"
    else:
        value = f"{covered}/{s} + 1 < 1: the kernel does not fit"
    coverage = np.zeros(n + 2 * p, dtype=int)
    for i in range(out):
        coverage[i * s + d * np.arange(k)] += 1
    inner = coverage[p:p + n]
    return Geometry(n, k, s, p, d, span, out, valid, _formula(n, k, s, p, d, value), message,
                    coverage, np.flatnonzero(inner == 0))


def window_cells(g: Geometry, i: int) -> np.ndarray:
    """Padded-input coordinates of the kernel cells of window i along one axis."""
    if not 0 <= i < max(g.out_size, 1):
        raise ValueError(f"output position {i} is outside 0..{g.out_size - 1}")
    return i * g.stride + g.dilation * np.arange(g.kernel)


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
