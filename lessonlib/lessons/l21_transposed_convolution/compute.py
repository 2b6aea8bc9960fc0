"""Lesson 21's computation: one transposed convolution of a single map, computed three ways (Cᵀ of the
forward convolution's matrix, zero insertion followed by an ordinary convolution with the flipped kernel,
and stamping), the explorer's frame (the transposed output and the forward convolution that maps its
shape back), the overlap counts behind checkerboard artefacts, and a decoder's shapes."""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ...arithmetic import conv_transpose_output_size
from ...conv_matrix import conv2d_matrix
from ...kernels.conv import conv2d_forward
from ...kernels.conv_transpose import conv_transpose2d_forward
from ...threads import limit_threads


def _map_and_kernel(x, w):
    x = np.ascontiguousarray(x, dtype=np.float64)
    w = np.ascontiguousarray(w, dtype=np.float64)
    if x.ndim != 2:
        raise ValueError(f"x must be one map (H, W), got shape {x.shape}; for a batch use conv_transpose2d_forward")
    if w.ndim != 2 or w.shape[0] != w.shape[1]:
        raise ValueError(f"w must be a square kernel (K, K), got shape {w.shape}")
    return x, w


def transposed_conv(x, w, stride=1, padding=0, output_padding=0) -> np.ndarray:
    """lessonlib's transposed convolution of one map x (H, W) with one kernel w (K, K)."""
    x, w = _map_and_kernel(x, w)
    with limit_threads(1):                 # one small map: a second thread only adds wake-up time
        out, _ = conv_transpose2d_forward(x[None, None], w[None, None], stride=stride, padding=padding,
                                          output_padding=output_padding)
    return out[0, 0]


def floor_output_size(n, kernel, stride=1, padding=0) -> int:
    """How many windows a convolution fits along n cells, the floor rule (PyTorch's): floor((n + 2p − k)/s) + 1.
    lessonlib's conv2d refuses a stride that does not fit exactly; the convolution a transposed one undoes
    often does not (output_padding > 0), and then leaves the last cells or padding zeros unread."""
    return (n + 2 * padding - kernel) // stride + 1


def forward_conv(y, w, stride=1, padding=0) -> np.ndarray:
    """The ordinary convolution (a cross-correlation, as in every layer) of one map y with w, floor rule:
    y padded, cut to the cells the windows read, then lessonlib's conv2d_forward without padding."""
    y = np.ascontiguousarray(y, dtype=np.float64)
    w = np.ascontiguousarray(w, dtype=np.float64)
    k = w.shape[0]
    used = [(floor_output_size(n, k, stride, padding) - 1) * stride + k for n in y.shape]
    padded = np.ascontiguousarray(np.pad(y, padding)[:used[0], :used[1]])
    with limit_threads(1):
        out, _ = conv2d_forward(padded[None, None], w[None, None], stride=stride)
    return out[0, 0]


def forward_conv_matrix(w, shape, stride=1, padding=0) -> np.ndarray:
    """The (OH*OW, H*W) matrix of forward_conv on maps of `shape` (the floor rule): lessonlib's conv2d_matrix of
    the padded, cut grid, its columns moved to the cells of y they read (padding columns dropped, unread cells
    zero)."""
    w = np.asarray(w, dtype=np.float64)
    k = w.shape[0]
    h, wd = shape
    used = [(floor_output_size(n, k, stride, padding) - 1) * stride + k for n in shape]
    inner = conv2d_matrix(w, used, stride)
    r, c = np.meshgrid(np.arange(used[0]) - padding, np.arange(used[1]) - padding, indexing="ij")
    r, c = r.ravel(), c.ravel()
    inside = (r >= 0) & (r < h) & (c >= 0) & (c < wd)
    m = np.zeros((inner.shape[0], h * wd))
    m[:, r[inside] * wd + c[inside]] = inner[:, inside]
    return m


# -- way 1: the transposed matrix ------------------------------------------------------------------

def transpose_matrix_way(x, w, stride=1, padding=0, output_padding=0):
    """Cᵀ @ x.ravel(), C the (H*W, OH*OW) matrix of the forward convolution from the transposed output's
    shape (OH, OW) back to x's shape. Returns (C, out (OH, OW))."""
    x, w = _map_and_kernel(x, w)
    k = w.shape[0]
    oh, ow = (conv_transpose_output_size(n, k, stride, padding, output_padding) for n in x.shape)
    c = forward_conv_matrix(w, (oh, ow), stride, padding)
    return c, (c.T @ x.ravel()).reshape(oh, ow)


# -- way 2: zero insertion, then an ordinary convolution ---------------------------------------------

def zero_inserted(x, kernel, stride=1, padding=0, output_padding=0) -> np.ndarray:
    """x with stride − 1 zeros between its cells, kernel − 1 − padding zeros around it (and output_padding
    more at the bottom and right); a negative border (padding > kernel − 1) crops instead."""
    x = np.asarray(x, dtype=np.float64)
    h, w = x.shape
    spread = np.zeros(((h - 1) * stride + 1, (w - 1) * stride + 1))
    spread[::stride, ::stride] = x
    border = kernel - 1 - padding
    lo, hi = border, border + output_padding
    grid = np.pad(spread, ((max(lo, 0), max(hi, 0)),) * 2)
    cut_lo, cut_hi = max(-lo, 0), max(-hi, 0)
    return grid[cut_lo:grid.shape[0] - cut_hi, cut_lo:grid.shape[1] - cut_hi]


def zero_insertion_way(x, w, stride=1, padding=0, output_padding=0):
    """Returns (the zero-inserted grid, out): the grid convolved (stride 1, no padding) with the flipped kernel."""
    x, w = _map_and_kernel(x, w)
    grid = zero_inserted(x, w.shape[0], stride, padding, output_padding)
    return grid, forward_conv(grid, w[::-1, ::-1])


# -- way 3: stamping ---------------------------------------------------------------------------------

class Stamping(NamedTuple):
    """Every input cell's scaled kernel stamped onto a canvas, then the padding cropped.

    canvas: (CH, CW) the sum of the stamps before cropping, CH = (H − 1)s + K + output_padding;
    counts: (CH, CW) how many stamps cover each canvas cell; tops_lefts: (H*W, 2) where each stamp starts,
    row by row; crop: (top, left, OH, OW) the part kept; out: (OH, OW).
    """

    canvas: np.ndarray
    counts: np.ndarray
    tops_lefts: np.ndarray
    crop: tuple
    out: np.ndarray


def stamping_way(x, w, stride=1, padding=0, output_padding=0) -> Stamping:
    x, w = _map_and_kernel(x, w)
    k = w.shape[0]
    h, wd = x.shape
    oh, ow = (conv_transpose_output_size(n, k, stride, padding, output_padding) for n in x.shape)
    canvas = np.zeros(((h - 1) * stride + k + output_padding, (wd - 1) * stride + k + output_padding))
    counts = np.zeros(canvas.shape, dtype=np.int64)
    corners = []
    for i in range(h):
        for j in range(wd):
            canvas[i * stride:i * stride + k, j * stride:j * stride + k] += x[i, j] * w
            counts[i * stride:i * stride + k, j * stride:j * stride + k] += 1
            corners.append((i * stride, j * stride))
    out = canvas[padding:padding + oh, padding:padding + ow]
    return Stamping(canvas, counts, np.array(corners).reshape(-1, 2), (padding, padding, oh, ow), out)


class ThreeWays(NamedTuple):
    """One transposed convolution computed three ways and by lessonlib, and how far apart they are."""

    x: np.ndarray
    w: np.ndarray
    stride: int
    padding: int
    output_padding: int
    c: np.ndarray            # the forward convolution's matrix (H*W, OH*OW); Cᵀ is used
    by_matrix: np.ndarray
    grid: np.ndarray         # the zero-inserted input
    by_zero_insertion: np.ndarray
    stamping: Stamping
    by_lessonlib: np.ndarray
    max_difference: float    # the largest |a − b| over every pair of the four outputs


def three_ways(x, w, stride=1, padding=0, output_padding=0) -> ThreeWays:
    x, w = _map_and_kernel(x, w)
    c, by_matrix = transpose_matrix_way(x, w, stride, padding, output_padding)
    grid, by_zeros = zero_insertion_way(x, w, stride, padding, output_padding)
    stamps = stamping_way(x, w, stride, padding, output_padding)
    lib = transposed_conv(x, w, stride, padding, output_padding)
    outs = [by_matrix, by_zeros, stamps.out, lib]
    diff = max(float(np.max(np.abs(a - b))) for a in outs for b in outs)
    return ThreeWays(x, w, int(stride), int(padding), int(output_padding), c, by_matrix, grid, by_zeros, stamps,
                     lib, diff)


# -- the explorer's frame ----------------------------------------------------------------------------

def largest_padding(n, kernel, stride, output_padding) -> int:
    """The explorer's padding limit: at most kernel − 1 (so zero insertion pads, never crops) and small
    enough that the output keeps at least one cell."""
    return max(0, min(kernel - 1, ((n - 1) * stride + kernel - 1 + output_padding) // 2))


class TransposeFrame(NamedTuple):
    """x (n, n) -> out (OH, OW) by the transposed convolution; back (n, n) = the forward convolution with the
    same kernel, stride and padding applied to out (its input shape is out's shape, its output shape x's).
    stamp: (top, left, height, width) of input cell (0, 0)'s stamp inside out, clipped (height 0 if cropped
    away); message: '' or why the settings cannot be drawn (the explorer's ranges keep it '')."""

    x: np.ndarray
    w: np.ndarray
    out: np.ndarray
    back: np.ndarray
    kernel: int
    stride: int
    padding: int
    output_padding: int
    stamp: tuple
    message: str


def explorer_kernel(k: int) -> np.ndarray:
    """The explorer's k x k kernel: a seeded integer kernel (fixed per size)."""
    return np.random.default_rng(21 + k).integers(-2, 3, (k, k)).astype(np.float64)


def transpose_frame(x, kernel=3, stride=2, padding=1, output_padding=1) -> TransposeFrame:
    x = np.ascontiguousarray(x, dtype=np.float64)
    w = explorer_kernel(kernel)
    n = x.shape[0]
    try:
        out = transposed_conv(x, w, stride, padding, output_padding)
    except ValueError as err:               # shown in the figure, never raised at a student
        empty = np.zeros((0, 0))
        return TransposeFrame(x, w, empty, empty, kernel, stride, padding, output_padding, (0, 0, 0, 0), str(err))
    back = forward_conv(out, w, stride, padding)
    top, left = -padding, -padding
    t0, l0 = max(top, 0), max(left, 0)
    t1, l1 = min(top + kernel, out.shape[0]), min(left + kernel, out.shape[1])
    stamp = (t0, l0, max(t1 - t0, 0), max(l1 - l0, 0))
    message = "" if back.shape == (n, n) else f"the forward convolution gives {back.shape}, not {(n, n)}"
    return TransposeFrame(x, w, out, back, int(kernel), int(stride), int(padding), int(output_padding), stamp,
                          message)


# -- checkerboard artefacts --------------------------------------------------------------------------

def overlap_counts(n, kernel, stride, padding=0, output_padding=0) -> np.ndarray:
    """How many stamps cover each output cell of a transposed convolution of an n x n map: the output of a
    constant input of ones through an all-ones kernel."""
    return np.rint(transposed_conv(np.ones((n, n)), np.ones((kernel, kernel)), stride, padding,
                                   output_padding)).astype(np.int64)


def resize_conv_counts(n, factor=2, kernel=3) -> np.ndarray:
    """The remedy's counts: nearest-neighbour resize by `factor` ('same' size), then an ordinary
    kernel x kernel convolution with 'same' padding; each output cell reads kernel² resized cells (fewer at
    the border, where the padding zeros are). Constant ones in, ones kernel: the count of cells read."""
    up = np.repeat(np.repeat(np.ones((n, n)), factor, axis=0), factor, axis=1)
    return np.rint(forward_conv(up, np.ones((kernel, kernel)), 1, kernel // 2)).astype(np.int64)


def interior(counts, margin) -> np.ndarray:
    """counts without `margin` cells at each border (where fewer stamps reach for want of input cells)."""
    return counts[margin:counts.shape[0] - margin, margin:counts.shape[1] - margin]


class Checkerboard(NamedTuple):
    """Count maps and their interior min/max: k3 (3x3, stride 2), k4 (4x4, stride 2), resize (x2 + 3x3 conv)."""

    k3: np.ndarray
    k4: np.ndarray
    resize: np.ndarray
    ranges: dict        # name -> (interior min, interior max)


def checkerboard(n=8) -> Checkerboard:
    """A constant n x n input doubled in size three ways: transposed conv k=3/s=2 (padding 1,
    output_padding 1), k=4/s=2 (padding 1), and resize x2 then a 3x3 conv (padding 1); all 2n x 2n."""
    k3 = overlap_counts(n, 3, 2, 1, 1)
    k4 = overlap_counts(n, 4, 2, 1)
    resize = resize_conv_counts(n, 2, 3)
    ranges = {name: (int(interior(m, 2).min()), int(interior(m, 2).max()))
              for name, m in (("k3", k3), ("k4", k4), ("resize", resize))}
    return Checkerboard(k3, k4, resize, ranges)


def phase_sums(w, stride) -> np.ndarray:
    """(stride, stride): the sum of the kernel entries that land on each output phase (row mod s, col mod s).
    A constant input c through a transposed conv gives c * phase_sums away from the border: unequal sums make a
    periodic pattern even when every cell is covered equally often."""
    w = np.asarray(w, dtype=np.float64)
    k = w.shape[0]
    return np.array([[w[a::stride, b::stride].sum() for b in range(stride)] for a in range(stride)]) if k else w


# -- a decoder's shapes ------------------------------------------------------------------------------

class DecoderLayer(NamedTuple):
    channels_in: int
    channels_out: int
    kernel: int
    stride: int
    padding: int
    output_padding: int


DCGAN_LIKE = (DecoderLayer(16, 8, 4, 1, 0, 0), DecoderLayer(8, 4, 4, 2, 1, 0), DecoderLayer(4, 2, 4, 2, 1, 0),
              DecoderLayer(2, 1, 4, 2, 1, 0))          # 1 -> 4 -> 8 -> 16 -> 32
MNIST_DECODER = (DecoderLayer(8, 4, 3, 2, 1, 1), DecoderLayer(4, 1, 3, 2, 1, 1))   # 7 -> 14 -> 28


class DecoderShapes(NamedTuple):
    by_formula: list        # spatial size after each layer, from arithmetic.conv_transpose_output_size
    by_running: list        # (C, H, W) after each layer, from conv_transpose2d_forward on zeros
    back: list              # the forward convolution of each layer mapping its output size back to its input


def decoder_shapes(layers, size) -> DecoderShapes:
    by_formula, by_running, back = [size], [], []
    x = np.zeros((1, layers[0].channels_in, size, size))
    with limit_threads(1):
        for layer in layers:
            n = by_formula[-1]
            by_formula.append(conv_transpose_output_size(n, layer.kernel, layer.stride, layer.padding,
                                                         layer.output_padding))
            w = np.zeros((layer.channels_in, layer.channels_out, layer.kernel, layer.kernel))
            x, _ = conv_transpose2d_forward(x, w, stride=layer.stride, padding=layer.padding,
                                            output_padding=layer.output_padding)
            by_running.append(x.shape[1:])
            back.append(floor_output_size(by_formula[-1], layer.kernel, layer.stride, layer.padding))
    return DecoderShapes(by_formula, by_running, back)
