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
    title: the operation (two lines); note: whether the kernel is flip-symmetric;
    kernel_lim: largest |weight| applied; output_range: (1st, 99th) percentile of the output;
    difference_max: largest |correlation - convolution|; weight_sum: the sum of the weights
    (1 for the blurs: they keep the image's brightness).
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
    weight_sum: float


def filter_results(image, kernel, flip) -> FilterFrame:
    """Cross-correlation (flip False) or convolution (flip True) of image (H, W) with kernel (3, 3)."""
    kernel = np.asarray(kernel, dtype=float)
    corr, conv = correlate2d(image, kernel), convolve2d(image, kernel)
    same = is_flip_symmetric(kernel)
    note = ("kernel is flip-symmetric: convolution and cross-correlation agree" if same else
            "kernel is not flip-symmetric: convolution and cross-correlation differ")
    title = "G = h * F\n(convolution)" if flip else "G = h ⊗ F\n(cross-correlation)"
    applied, output = (flip_kernel(kernel), conv) if flip else (kernel, corr)
    difference = np.abs(corr - conv)
    lo, hi = np.percentile(output, [1, 99])
    return FilterFrame(np.asarray(image), applied, output, difference, title, note,
                       max(float(np.abs(applied).max()), 1e-9), (float(lo), float(hi)), float(difference.max()),
                       float(kernel.sum()))


def explorer_kernel(kernel="custom", **cells) -> np.ndarray:
    """The (3, 3) kernel the explorer applies: a preset's exact weights while the menu names it (the
    sliders, which step by 0.05, can only show 1/9 or 1/16 rounded), else the sliders' cells h0..h8,
    row by row (before any flip)."""
    if kernel in KERNELS:
        return KERNELS[kernel]
    return np.array([cells[name] for name in CELLS], dtype=float).reshape(3, 3)


def filter_frame(image, kernel="custom", operation=CORR, **cells) -> FilterFrame:
    """The explorer's settings -> frame: the kernel of `explorer_kernel` applied to image (H, W)."""
    return filter_results(image, explorer_kernel(kernel, **cells), operation == CONV)


# --- "the weights to be learned are the values of the kernel" --------------------------------------


def edge_pairs(photo, true_kernel, n_pairs: int = 16, size: int = 16, seed: int = 0):
    """Image -> edge-map pairs: n_pairs seeded size x size crops of `photo` (H, W), each with its mean
    taken away (the edge map does not depend on it, and gradient descent converges much faster
    without it), and their edge maps made by the layer with `true_kernel` (padding 1).
    Returns x (n, 1, size, size), y (n, 1, size, size)."""
    from ...kernels.conv import conv2d_forward
    photo, k = np.asarray(photo, float), np.asarray(true_kernel, float)
    rng = np.random.default_rng(seed)
    corners = rng.integers(0, min(photo.shape) - size + 1, (n_pairs, 2))
    x = np.stack([photo[r:r + size, c:c + size] for r, c in corners])[:, None]
    x = x - x.mean(axis=(2, 3), keepdims=True)
    y, _ = conv2d_forward(x, k[None, None], padding=k.shape[0] // 2)
    return x, y


class LearnedKernel(NamedTuple):
    """kernel: (K, K) after the last step; start: the seeded random kernel it began from;
    losses: (steps + 1,) the mean squared error before each step and after the last;
    snapshots: {step: kernel} at a few steps."""

    kernel: np.ndarray
    start: np.ndarray
    losses: np.ndarray
    snapshots: dict


def learn_kernel(x, y, size: int = 3, steps: int = 500, seed: int = 0, lr: float | None = None,
                 snapshot_steps=(0, 10, 50, 100, 500)) -> LearnedKernel:
    """Gradient descent on a size x size kernel (no bias) so that the layer maps x to y: loss =
    mean((conv2d_forward(x, w) - y)²), gradient dw from conv2d_backward. The start is seeded
    random (normal, sd 0.1); lr defaults to 1 / (9 · mean(x²)), safe for a 3×3 kernel."""
    from ...kernels.conv import conv2d_backward, conv2d_forward
    x, y = np.asarray(x, float), np.asarray(y, float)
    rng = np.random.default_rng(seed)
    w = rng.normal(0.0, 0.1, (1, 1, size, size))
    start = w[0, 0].copy()
    lr = 1.0 / (size * size * float((x ** 2).mean())) if lr is None else float(lr)
    losses, snapshots = np.empty(steps + 1), {}
    for step in range(steps + 1):
        out, cache = conv2d_forward(x, w, padding=size // 2)
        losses[step] = float(((out - y) ** 2).mean())
        if step in snapshot_steps:
            snapshots[step] = w[0, 0].copy()
        if step == steps:
            break
        _, dw, _ = conv2d_backward(2.0 * (out - y) / out.size, cache)
        w = w - lr * dw
    return LearnedKernel(w[0, 0].copy(), start, losses, snapshots)


def symbolic_correlation(image_letters, kernel_letters) -> np.ndarray:
    """Goodfellow's figure 9.1 in symbols: the valid cross-correlation of a letter grid with a letter
    kernel, each output the sum of products, e.g. 'aw + bx + ey + fz'. Returns an (OH, OW) str array."""
    img, ker = np.asarray(image_letters), np.asarray(kernel_letters)
    kh, kw = ker.shape
    oh, ow = img.shape[0] - kh + 1, img.shape[1] - kw + 1
    out = np.empty((oh, ow), dtype=object)
    for i in range(oh):
        for j in range(ow):
            out[i, j] = " + ".join(f"{img[i + u, j + v]}{ker[u, v]}" for u in range(kh) for v in range(kw))
    return out.astype(str)
