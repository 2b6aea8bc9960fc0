"""Convolution as a matrix: the banded Toeplitz matrix of a 1-D convolution and the
doubly-block-Toeplitz matrix of a 2-D one.

Pure numpy. Everything follows the deep-learning convention of `lessonlib.kernels`: the
"convolution" of a layer is a cross-correlation, out[i] = sum_u k[u] x[i*s - p + u*d]; the
textbook's true convolution flips the kernel (`lessonlib.correlation`).
"""
from __future__ import annotations

import numpy as np

from ._validate import as_tuple, positive_int
from .arithmetic import conv_output_size


def _kernel_array(kernel, ndim: int) -> np.ndarray:
    k = np.asarray(kernel)
    if k.ndim != ndim or k.size == 0:
        want = "(K,)" if ndim == 1 else "(KH, KW)"
        raise ValueError(f"kernel must be a non-empty {ndim}-D array {want}, got shape {k.shape}")
    return k


def conv1d_matrix(kernel, n: int, stride: int = 1, padding: int = 0, dilation: int = 1) -> np.ndarray:
    """The (n_out, n) matrix M with M @ x = cross-correlation of x (length n) with kernel.

    Row i holds the kernel at columns i*s - p + u*d (u = 0..K-1), clipped to the input:
    a banded Toeplitz matrix (every diagonal constant) when s = 1.
    n_out = (n + 2p - d(K-1) - 1)/s + 1; raises the lecture's ValueError when that is not an integer.
    """
    k = _kernel_array(kernel, 1)
    n = positive_int(n, "n (input length)")
    n_out = conv_output_size(n, k.shape[0], stride, padding, dilation)
    m = np.zeros((n_out, n), dtype=np.result_type(k.dtype, np.float64))
    rows = np.arange(n_out)
    for u, value in enumerate(k):
        cols = rows * stride - padding + u * dilation
        ok = (cols >= 0) & (cols < n)
        m[rows[ok], cols[ok]] = value
    return m


def conv2d_matrix(kernel, shape, stride=1, padding=0, dilation=1) -> np.ndarray:
    """The (OH*OW, H*W) matrix M with M @ image.ravel() = cross-correlation, ravelled.

    A doubly-block-Toeplitz matrix when stride is 1: an OH x H grid of (OW x W) blocks, block
    (i, y) being the Toeplitz matrix of kernel row (y - i*s + p)/d (or zero).
    shape: (H, W); stride, padding, dilation: int or (h, w) pair.
    """
    k = _kernel_array(kernel, 2)
    h, w = (positive_int(v, "shape") for v in shape)
    s = as_tuple(stride, 2, "stride", minimum=1)
    p = as_tuple(padding, 2, "padding", minimum=0)
    d = as_tuple(dilation, 2, "dilation", minimum=1)
    oh = conv_output_size(h, k.shape[0], s[0], p[0], d[0])
    ow = conv_output_size(w, k.shape[1], s[1], p[1], d[1])
    m = np.zeros((oh * ow, h * w), dtype=np.result_type(k.dtype, np.float64))
    i, j = np.meshgrid(np.arange(oh), np.arange(ow), indexing="ij")
    for u in range(k.shape[0]):
        for v in range(k.shape[1]):
            y = i * s[0] - p[0] + u * d[0]
            t = j * s[1] - p[1] + v * d[1]
            ok = (y >= 0) & (y < h) & (t >= 0) & (t < w)
            # one (u, v) never hits the same matrix entry twice, so plain assignment is exact
            m[(i * ow + j)[ok], (y * w + t)[ok]] = k[u, v]
    return m
