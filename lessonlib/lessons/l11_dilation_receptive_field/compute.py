"""Lesson 11's computation: stacks of 3×3 layers (plain, dilated, strided), their receptive field in
closed form (lessonlib.arithmetic.receptive_field) and found by backpropagation: a stack of
single-channel convolutions with all weights 1, a gradient of 1 on one output unit, sent back to the
input by the model's own backward (lessonlib.models.unit_input_gradient, which runs conv2d_backward).
"""
from __future__ import annotations

from typing import NamedTuple, Sequence

import numpy as np

from ..._validate import positive_int
from ...arithmetic import ReceptiveField, conv_output_size, receptive_field
from ...models import unit_box, unit_input_gradient
from ...nn import Conv2D, Sequential
from ...threads import limit_threads

Layer = tuple  # (kernel, stride, dilation, padding)


def dilated_stack(depth: int, stride: int = 1, dilation_base: int = 1, kernel: int = 3) -> list[Layer]:
    """`depth` layers of kernel x kernel; layer l = 1, ..., depth (numbered from the input, as in the
    lesson's recursion) has dilation base**(l-1) and the padding d(k-1)/2 that keeps a stride-1
    layer's size ("same"). base 1: ordinary stack; base 2: 1, 2, 4, ..."""
    depth, stride = positive_int(depth, "depth"), positive_int(stride, "stride")
    base, kernel = positive_int(dilation_base, "dilation_base"), positive_int(kernel, "kernel")
    if kernel % 2 == 0:
        raise ValueError(f"kernel {kernel} must be odd for 'same' padding")
    return [(kernel, stride, base ** (l - 1), base ** (l - 1) * (kernel - 1) // 2) for l in range(1, depth + 1)]


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


def stack_receptive_field(layers: Sequence[Layer]) -> ReceptiveField:
    """Receptive field of the last layer of a stack of (kernel, stride, dilation, padding) layers."""
    return receptive_field([tuple(layer) for layer in layers])[-1]


def ones_stack(layers: Sequence[Layer]) -> Sequential:
    """The stack as a model: one single-channel convolution per layer, all weights 1, bias 0 (float64)."""
    rng = np.random.default_rng(0)
    model = Sequential(*[Conv2D(1, 1, k, rng, stride=s, padding=p, dilation=d, dtype=np.float64)
                         for k, s, d, p in layers])
    for layer in model.layers:
        layer.params["W"][...] = 1.0
    return model


def backprop_footprint(layers: Sequence[Layer], n: int, unit) -> np.ndarray:
    """d(unit)/d(input), (n, n), for the stack of single-channel convolutions with all weights 1.

    A one-hot gradient at `unit` = (row, col) of the last layer's output is sent back to the input;
    with positive weights nothing cancels, so the non-zero cells are exactly the unit's receptive
    field (clipped to the n x n input) and each value counts the paths.
    """
    with limit_threads(1):
        return unit_input_gradient(ones_stack(layers), np.zeros((1, n, n)), len(layers) - 1, 0, *unit)[0]


def receptive_box(rf: ReceptiveField, unit) -> tuple[int, int, int, int]:
    """Closed-form receptive field of unit (row, col) of a stack with field rf along both axes:
    (row0, row1, col0, col1), inclusive, in input coordinates (lessonlib.models.unit_box); may reach
    past the input where padding zeros are seen."""
    return tuple(unit_box(rf, rf, *unit))


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


# --- the explorer: one digit, a stack, one probed unit ------------------------------------------


class FootprintFrame(NamedTuple):
    """canvas: (n, n) the digit in 0..1 on the smallest canvas every layer fits; grad: (n, n)
    d(unit)/d(input), the number of paths from each pixel to the unit; box: (row0, row1, col0, col1)
    closed form (may reach past the canvas); summary: two lines of numbers; last: the last layer's
    output size; unit: (row, col) probed; nonzero: pixels with a non-zero gradient; paths: most paths."""

    canvas: np.ndarray
    grad: np.ndarray
    box: tuple
    summary: str
    last: int
    unit: tuple
    nonzero: int
    paths: int


def footprint_frame(canvas, grad, box, summary="", last=0, unit=(0, 0)) -> FootprintFrame:
    """A frame from its arrays; counts the non-zero pixels and the most paths."""
    return FootprintFrame(canvas, grad, tuple(box), summary, last, tuple(unit), int(np.count_nonzero(grad)),
                          int(grad.max()))


def centred_canvas(digit, layers) -> np.ndarray:
    """The digit (uint8 or float, 28x28) in 0..1, centred on the smallest canvas every layer fits."""
    img = np.asarray(digit, dtype=np.float64)
    img = img / 255.0 if img.max() > 1 else img
    n = fitting_input_size(layers, img.shape[0])
    canvas = np.zeros((n, n))
    off = (n - img.shape[0]) // 2
    canvas[off:off + img.shape[0], off:off + img.shape[1]] = img
    return canvas


def last_size(digit_size, depth, stride, dilation_base) -> int:
    """Output size of the stack's last layer for a digit of digit_size pixels on its fitting canvas."""
    layers = dilated_stack(depth, stride, dilation_base)
    return layer_sizes(layers, fitting_input_size(layers, digit_size))[-1]


def probe(digit, depth, stride, dilation_base, unit=None) -> FootprintFrame:
    """Everything the view needs for one setting. unit defaults to the centre of the last layer and
    is clipped into its grid."""
    layers = dilated_stack(depth, stride, dilation_base)
    canvas = centred_canvas(digit, layers)
    n = canvas.shape[0]
    last = layer_sizes(layers, n)[-1]
    unit = (last // 2, last // 2) if unit is None else (min(unit[0], last - 1), min(unit[1], last - 1))
    grad = backprop_footprint(layers, n, unit)
    rf = stack_receptive_field(layers)
    box = receptive_box(rf, unit)
    agree = footprint_matches(grad, box)
    dil = ", ".join(str(d) for _, _, d, _ in layers)
    summary = (f"{depth} layers 3×3, stride {stride}, dilations {dil}: output {last}×{last}, unit {unit}\n"
               f"closed form {rf.size}×{rf.size} (jump {rf.jump}); gradient footprint inside it: {agree.inside}, "
               f"same extent: {agree.same_extent}")
    return footprint_frame(canvas, grad, box, summary, last, unit)


class UnitRanges:
    """ranges(depth, stride, dilation, row, col) for the explorer: the unit sliders end at the last
    layer's size; when the stack changes, the probed unit moves to the centre of the new grid."""

    def __init__(self, digit_size: int):
        self.digit_size = digit_size
        self.stack = None            # the (depth, stride, dilation) the unit sliders were set for

    def __call__(self, depth, stride, dilation, row, col):
        last = last_size(self.digit_size, depth, stride, dilation)
        if (depth, stride, dilation) == self.stack:
            return {"row": {"max": last - 1}, "col": {"max": last - 1}}
        self.stack = (depth, stride, dilation)
        return {"row": {"max": last - 1, "value": last // 2}, "col": {"max": last - 1, "value": last // 2}}
