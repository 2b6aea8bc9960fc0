"""Lesson 7's computation: a layer as a matrix — dense, banded Toeplitz (1-D), doubly-block
Toeplitz (2-D) — its counts, and im2col, the unfolding that turns a convolution into one product."""
from __future__ import annotations

import time
from typing import NamedTuple

import numpy as np

from ...arithmetic import conv_output_size, conv_params, dense_params
from ...conv_matrix import conv1d_matrix, conv2d_matrix
from ..._validate import as_tuple, positive_int


def block_rows(kernel_shape, shape, stride=1, padding=0, dilation=1) -> np.ndarray:
    """Which kernel row fills each block of `conv2d_matrix`: an (OH, H) int array, -1 for zero blocks."""
    kh, kw = as_tuple(kernel_shape, 2, "kernel_shape", minimum=1)
    h, w = shape
    s, p, d = (as_tuple(v, 1, name, minimum=m)[0] for v, name, m in
               ((stride, "stride", 1), (padding, "padding", 0), (dilation, "dilation", 1)))
    oh = conv_output_size(h, kh, s, p, d)
    offset = np.arange(h)[None, :] - np.arange(oh)[:, None] * s + p     # y - i*s + p
    u = np.where(offset % d == 0, offset // d, -1)
    return np.where((u >= 0) & (u < kh), u, -1)


def dense_matrix(n_out: int, n_in: int, seed: int = 0) -> np.ndarray:
    """A fully connected layer's weight matrix (n_out, n_in): every entry its own parameter."""
    rng = np.random.default_rng(seed)
    return rng.standard_normal((positive_int(n_out, "n_out"), positive_int(n_in, "n_in")))


class MatrixCounts(NamedTuple):
    """entries: size of the matrix; nonzeros: multiplies a sparse product needs;
    distinct: distinct non-zero values, i.e. free parameters when the matrix is learned."""

    entries: int
    nonzeros: int
    distinct: int


def matrix_counts(m: np.ndarray) -> MatrixCounts:
    m = np.asarray(m)
    nz = m[m != 0]
    return MatrixCounts(int(m.size), int(nz.size), int(np.unique(nz).size))


def im2col(image, kernel_shape, stride=1, padding=0, dilation=1) -> np.ndarray:
    """Unfold an image (H, W) or (C, H, W) into columns: (C*KH*KW, OH*OW).

    Column q holds the patch under the kernel at output position q, in the order of
    w.ravel(), so that w.ravel() @ cols is the cross-correlation. The readable version of
    what lessonlib's fast kernel does before its matrix product.
    """
    x = np.asarray(image)
    if x.ndim == 2:
        x = x[None]
    if x.ndim != 3:
        raise ValueError(f"image must be (H, W) or (C, H, W), got shape {np.shape(image)}")
    kh, kw = as_tuple(kernel_shape, 2, "kernel_shape", minimum=1)
    s = as_tuple(stride, 2, "stride", minimum=1)
    p = as_tuple(padding, 2, "padding", minimum=0)
    d = as_tuple(dilation, 2, "dilation", minimum=1)
    c, h, w = x.shape
    oh = conv_output_size(h, kh, s[0], p[0], d[0])
    ow = conv_output_size(w, kw, s[1], p[1], d[1])
    xp = np.pad(x, ((0, 0), (p[0], p[0]), (p[1], p[1])))
    cols = np.empty((c, kh, kw, oh * ow), dtype=x.dtype)
    for u in range(kh):
        for v in range(kw):
            # all output positions at once: a strided slice of the padded image
            rows = slice(u * d[0], u * d[0] + s[0] * (oh - 1) + 1, s[0])
            cc = slice(v * d[1], v * d[1] + s[1] * (ow - 1) + 1, s[1])
            cols[:, u, v] = xp[:, rows, cc].reshape(c, -1)
    return cols.reshape(c * kh * kw, oh * ow)


class Timing(NamedTuple):
    """Seconds per call: the median of `repeat` timed calls, and the quartiles around it."""

    median: float
    low: float          # 25th percentile
    high: float         # 75th percentile
    repeat: int


def median_time(fn, repeat: int = 21, warmup: int = 3) -> Timing:
    """Time fn() properly: `warmup` untimed calls first (Numba loading its compiled code, caches,
    memory touched for the first time), then `repeat` timed calls; the median, which a few calls
    slowed by other processes on a shared machine do not move, with the quartiles as its spread."""
    repeat, warmup = positive_int(repeat, "repeat"), int(warmup)
    for _ in range(max(warmup, 0)):
        fn()
    times = np.empty(repeat)
    for i in range(repeat):
        t0 = time.perf_counter()
        fn()
        times[i] = time.perf_counter() - t0
    low, median, high = np.percentile(times, [25, 50, 75])
    return Timing(float(median), float(low), float(high), repeat)


class LayerMatrices(NamedTuple):
    """One frame of the Toeplitz explorer: the same layer as a dense and as a convolution matrix.

    dense: (n_out, n_in) random weights, or None when the settings do not fit;
    conv: (n_out, n_in) convolution matrix (kernel weights 1, 2, 3, ... so each parameter has its
    own colour), or None when the output size is not an integer (caption then says why);
    block_shape: (OW, W) blocks of a 2-D convolution's matrix, None in 1-D;
    caption: parameters and multiplies of both, or the lecture's message;
    dense_nonzeros, conv_nonzeros: non-zero entries of each matrix (0 when None).
    """

    dense: np.ndarray | None
    conv: np.ndarray | None
    block_shape: tuple | None
    caption: str
    dense_nonzeros: int
    conv_nonzeros: int


def layer_matrices(n, kernel, stride=1, padding=0, two_d=False) -> LayerMatrices:
    """The matrices of a fully connected layer and of a convolution with the same input and output
    sizes: n inputs (an n x n image when two_d), a kernel of width `kernel` (kernel x kernel)."""
    try:
        if two_d:
            k = np.arange(1.0, kernel * kernel + 1).reshape(kernel, kernel)
            conv = conv2d_matrix(k, (n, n), stride, padding)
            out_side = int(round(np.sqrt(conv.shape[0])))
            block = (out_side, n)
            p_conv = conv_params(1, 1, kernel)
        else:
            conv = conv1d_matrix(np.arange(1.0, kernel + 1), n, stride, padding)
            block = None
            p_conv = conv_params(1, 1, kernel, ndim=1)
    except ValueError as err:
        return LayerMatrices(None, None, None, str(err), 0, 0)
    dense = dense_matrix(*conv.shape)
    conv_nonzeros = int(np.count_nonzero(conv))
    caption = (f"parameters (with bias): dense {dense_params(conv.shape[1], conv.shape[0]):,} vs conv {p_conv}; "
               f"multiplies: dense {dense.size:,} vs conv {conv_nonzeros:,}")
    return LayerMatrices(dense, conv, block, caption, int(np.count_nonzero(dense)), conv_nonzeros)
