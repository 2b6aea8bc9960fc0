"""Lesson 8's computation: the slide's two sums term by term, named 3x3 kernels, which kernels
are flip-symmetric, and the filter explorer's frame (cross-correlation vs convolution of a photo)."""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ...correlation import convolve2d, correlate2d, flip_kernel

CORR, CONV = "cross-correlation h ⊗ F", "convolution h * F (flipped)"
CELLS = tuple(f"h{i}" for i in range(9))
"""The explorer's nine kernel weights h[u, v], row by row (u, v = -1, 0, 1)."""


def is_flip_symmetric(h) -> bool:
    """True when flipping changes nothing, so convolution and cross-correlation agree."""
    h = np.asarray(h)
    return bool(np.array_equal(h, flip_kernel(h)))


def _odd_kernel(h) -> np.ndarray:
    h = np.asarray(h, dtype=np.float64)
    if h.ndim != 2 or h.shape[0] % 2 == 0 or h.shape[1] % 2 == 0:
        raise ValueError(f"kernel {h.shape} needs odd sizes to have a centre (u, v = -k..k)")
    return h


def _shifted_sum(f, h, sign):
    """sum_{u,v} h[u, v] F[i + sign*u, j + sign*v], indices u, v centred on the kernel, zeros outside F."""
    kh, kw = h.shape[0] // 2, h.shape[1] // 2
    fp = np.pad(np.asarray(f, dtype=np.float64), ((kh, kh), (kw, kw)))
    g = np.zeros(np.shape(f))
    rows, cols = g.shape
    for u in range(-kh, kh + 1):
        for v in range(-kw, kw + 1):
            a, b = kh + sign * u, kw + sign * v
            g += h[u + kh, v + kw] * fp[a:a + rows, b:b + cols]
    return g


def correlate_by_definition(image, h) -> np.ndarray:
    """The slide's G[i, j] = sum_{u=-k}^{k} sum_{v=-k}^{k} h[u, v] F[i + u, j + v], term by term."""
    return _shifted_sum(image, _odd_kernel(h), +1)


def convolve_by_definition(image, h) -> np.ndarray:
    """The slide's G[i, j] = sum_{u=-k}^{k} sum_{v=-k}^{k} h[u, v] F[i - u, j - v], term by term."""
    return _shifted_sum(image, _odd_kernel(h), -1)


KERNELS = {
    "identity": np.array([[0, 0, 0], [0, 1, 0], [0, 0, 0]], float),
    "box blur": np.full((3, 3), 1 / 9),
    "gaussian blur": np.array([[1, 2, 1], [2, 4, 2], [1, 2, 1]], float) / 16,
    "sharpen": np.array([[0, -1, 0], [-1, 5, -1], [0, -1, 0]], float),
    "edge (Laplacian)": np.array([[0, 1, 0], [1, -4, 1], [0, 1, 0]], float),
    "Sobel x": np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], float),
    "Sobel y": np.array([[-1, -2, -1], [0, 0, 0], [1, 2, 1]], float),
    "emboss": np.array([[-2, -1, 0], [-1, 1, 1], [0, 1, 2]], float),
    "shift (one cell)": np.array([[0, 0, 0], [0, 0, 0], [0, 0, 1]], float),
}
"""Named 3x3 kernels for lesson 8; the last four are not flip-symmetric."""


class FilterFrame(NamedTuple):
    """One frame of the filter explorer, image F: (H, W).

    image: (H, W) the input F; applied: (3, 3) the kernel as applied (flipped for a convolution);
    output: (H, W) the filtered image; difference: (H, W) |correlation - convolution|;
    title: the operation; note: whether the kernel is flip-symmetric;
    kernel_lim: largest |weight| applied; output_range: (1st, 99th) percentile of the output;
    difference_max: largest |correlation - convolution|.
    """

    image: np.ndarray
    applied: np.ndarray
    output: np.ndarray
    difference: np.ndarray
    title: str
    note: str
    kernel_lim: float
    output_range: tuple
    difference_max: float


def filter_results(image, kernel, flip) -> FilterFrame:
    """Cross-correlation (flip False) or convolution (flip True) of image (H, W) with kernel (3, 3)."""
    kernel = np.asarray(kernel, dtype=float)
    corr, conv = correlate2d(image, kernel), convolve2d(image, kernel)
    same = is_flip_symmetric(kernel)
    note = ("kernel is flip-symmetric: convolution and cross-correlation agree" if same else
            "kernel is not flip-symmetric: convolution and cross-correlation differ")
    title = "G = h * F (convolution)" if flip else "G = h ⊗ F (cross-correlation)"
    applied, output = (flip_kernel(kernel), conv) if flip else (kernel, corr)
    difference = np.abs(corr - conv)
    lo, hi = np.percentile(output, [1, 99])
    return FilterFrame(np.asarray(image), applied, output, difference, title, note,
                       max(float(np.abs(applied).max()), 1e-9), (float(lo), float(hi)), float(difference.max()))


def filter_frame(image, kernel="custom", operation=CORR, **cells) -> FilterFrame:
    """The explorer's settings -> frame: cells h0..h8 are the kernel h row by row (before any flip);
    kernel, the menu's name, is only a label (the cells hold the weights)."""
    h = np.array([cells[name] for name in CELLS], dtype=float).reshape(3, 3)
    return filter_results(image, h, operation == CONV)
