"""Cross-correlation and true convolution of an image with a small kernel, and the flip that relates them.

Cross-correlation, what a layer computes:  G[i, j] = sum_{u,v=-k..k} h[u, v] F[i + u, j + v].
True convolution, the textbook's:          G[i, j] = sum_{u,v=-k..k} h[u, v] F[i - u, j - v],
which is the cross-correlation with the kernel rotated by 180 degrees (`flip_kernel`).
Both keep the image's size (zero padding, odd kernels) and run on lessonlib's conv2d_forward.
"""
from __future__ import annotations

import numpy as np

from .kernels.conv import conv2d_forward
from .threads import limit_threads


def flip_kernel(h) -> np.ndarray:
    """Rotate a 2-D kernel by 180 degrees: h[u, v] -> h[-u, -v] (works on letters too)."""
    return np.asarray(h)[::-1, ::-1].copy()


def _kernel_2d(h) -> np.ndarray:
    """h as a float (KH, KW) array with odd sides, so that it has a centre (u, v = -k..k)."""
    h = np.asarray(h, dtype=np.float64)
    if h.ndim != 2 or h.size == 0:
        raise ValueError(f"kernel must be a non-empty 2-D array (KH, KW), got shape {h.shape}")
    if h.shape[0] % 2 == 0 or h.shape[1] % 2 == 0:
        raise ValueError(f"kernel {h.shape} needs odd sizes to have a centre (u, v = -k..k)")
    return h


def correlate2d(image, h) -> np.ndarray:
    """Cross-correlation G = h ⊗ F with zero padding, output the size of the image (odd kernels).

    G[i, j] = sum_{u,v=-k..k} h[u, v] F[i + u, j + v]; computed by lessonlib's conv2d_forward.
    image: (H, W); h: (KH, KW), both sides odd -> (H, W).
    """
    f = np.asarray(image, dtype=np.float64)
    if f.ndim != 2:
        raise ValueError(f"image must be 2-D (H, W), got shape {f.shape}")
    h = _kernel_2d(h)
    with limit_threads(1):
        out, _ = conv2d_forward(f[None, None], h[None, None], padding=(h.shape[0] // 2, h.shape[1] // 2))
    return out[0, 0]


def convolve2d(image, h) -> np.ndarray:
    """True convolution G = h * F: G[i, j] = sum h[u, v] F[i - u, j - v] = correlation with the flipped kernel."""
    return correlate2d(image, flip_kernel(_kernel_2d(h)))
