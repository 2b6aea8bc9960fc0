"""Readable references for LRN and adaptive pooling, written from the definitions.

The tests compare the Numba kernels with these; a lesson may print them to show the formula.
"""
from __future__ import annotations

import math
from itertools import product

import numpy as np


def lrn_reference(x, size=5, alpha=1e-4, beta=0.75, k=2.0):
    """b[c] = a[c] / (k + alpha * sum_{j=max(0, c - size//2)}^{min(C-1, c + (size-1)//2)} a[j]^2) ** beta."""
    n_chan = x.shape[1]
    out = np.empty_like(x)
    for c in range(n_chan):
        window = x[:, max(0, c - size // 2):min(n_chan, c + (size - 1) // 2 + 1)]
        out[:, c] = x[:, c] / (k + alpha * np.sum(window ** 2, axis=1)) ** beta
    return out


def adaptive_pool_reference(x, output_size, mode="max"):
    """Pool x: (N, C, H, W) to output_size = (oh, ow) windows; window i along an axis of
    length n is [floor(i n / o), ceil((i + 1) n / o)). Returns out and, for max, the switches."""
    (h, w), (oh, ow) = x.shape[2:], output_size
    out = np.empty(x.shape[:2] + (oh, ow), dtype=x.dtype)
    switches = np.empty(x.shape[:2] + (oh, ow), dtype=np.int64)
    for i, j in product(range(oh), range(ow)):
        r0, r1 = math.floor(i * h / oh), math.ceil((i + 1) * h / oh)
        c0, c1 = math.floor(j * w / ow), math.ceil((j + 1) * w / ow)
        patch = x[:, :, r0:r1, c0:c1].reshape(x.shape[:2] + (-1,))
        if mode == "max":
            arg = patch.argmax(axis=2)                      # first maximum wins ties
            out[:, :, i, j] = patch.max(axis=2)
            switches[:, :, i, j] = (r0 + arg // (c1 - c0)) * w + c0 + arg % (c1 - c0)
        else:
            out[:, :, i, j] = patch.mean(axis=2)
    return out, (switches if mode == "max" else None)
