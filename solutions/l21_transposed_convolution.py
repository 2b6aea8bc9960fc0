"""Lesson 21's solution: a transposed convolution of one map by stamping."""
import numpy as np


def conv_transpose_naive(x, w, stride, padding):
    """x: (H, W); w: (K, K); stride, padding: ints. Returns (OH, OW), OH = (H - 1) * stride - 2 * padding + K."""
    h, wd = x.shape
    k = w.shape[0]
    canvas = np.zeros(((h - 1) * stride + k, (wd - 1) * stride + k))
    for i in range(h):
        for j in range(wd):
            canvas[i * stride:i * stride + k, j * stride:j * stride + k] += x[i, j] * w   # stamps add up
    return canvas[padding:canvas.shape[0] - padding, padding:canvas.shape[1] - padding]
