"""Lesson 18's computation: a Gaussian blur done as two 1-D passes (the explorer's frame), and the
timing of the direct, FFT and separable convolutions behind "where does the FFT win?"."""
from __future__ import annotations

import time
from typing import NamedTuple

import numpy as np

from ..._validate import positive_int
from ...kernels.conv import conv2d_forward
from ...kernels.fft_conv import fft_conv2d, gaussian_1d, separable_conv2d
from ...threads import limit_threads

ONE = np.ones(1)


class BlurFrame(NamedTuple):
    """A Gaussian blur of width sigma in two passes. image: (H, W) the input; kernel: (k, k) =
    outer(g, g); row_pass and both: (H, W) (after the 1 × k row pass, then the k × 1 column pass);
    taps: k."""

    image: np.ndarray
    kernel: np.ndarray
    row_pass: np.ndarray
    both: np.ndarray
    sigma: float
    taps: int


def blur_passes(image, sigma) -> BlurFrame:
    """Blur image (H, W) with a Gaussian of width sigma, one 1-D pass after the other.

    Zero padding of radius r keeps the image size (the borders darken: zeros come in).
    """
    g = gaussian_1d(sigma)
    k, r = g.size, g.size // 2
    row_pass = separable_conv2d(image, ONE, g, padding=(0, r))
    both = separable_conv2d(row_pass, g, ONE, padding=(r, 0))
    return BlurFrame(image, np.outer(g, g), row_pass, both, float(sigma), int(k))


class Timings(NamedTuple):
    """Seconds per call (best of several) for each kernel size k: k x k kernel, size x size image."""

    kernel_sizes: np.ndarray
    direct: np.ndarray
    fft: np.ndarray
    separable: np.ndarray
    image_size: int
    single_thread: bool       # False where numpy's BLAS could not be held to one thread

    def fft_faster_from(self):
        """Smallest measured k from which the FFT beat the direct convolution at every larger k; or None."""
        wins = self.fft < self.direct
        for i in range(len(wins)):
            if wins[i:].all():
                return int(self.kernel_sizes[i])
        return None


def _best_time(fn, repeat):
    """Fastest of `repeat` calls (timeit's advice: slower runs measure the other processes)."""
    fn()  # first call compiles / warms caches
    best = np.inf
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return float(best)


def time_fft_vs_direct(image_size: int = 128, kernel_sizes=(3, 5, 9, 15, 21, 31), repeat: int = 5,
                       seed: int = 0, dtype=np.float32) -> Timings:
    """Time conv2d_forward (the direct kernel), fft_conv2d and separable_conv2d on one
    image_size x image_size channel with one k x k filter, for each k (fastest of `repeat`).

    Numba and BLAS run on one thread while timing, as numpy's FFT does: the comparison is
    of algorithms, not of how many cores each one grabs (on a busy machine a second
    thread can add milliseconds of waiting)."""
    image_size = positive_int(image_size, "image_size")
    repeat = positive_int(repeat, "repeat")
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((1, 1, image_size, image_size)).astype(dtype)
    ks = np.array([positive_int(k, "kernel size") for k in kernel_sizes])
    if ks.max() > image_size:
        raise ValueError(f"kernel sizes must be at most image_size {image_size}, got {ks.max()}")
    direct, fft, sep = [], [], []
    with limit_threads(1) as limits:
        for k in ks:
            col, row = rng.standard_normal(k).astype(dtype), rng.standard_normal(k).astype(dtype)
            w = np.outer(col, row)[None, None].astype(dtype)
            direct.append(_best_time(lambda: conv2d_forward(x, w), repeat))
            fft.append(_best_time(lambda: fft_conv2d(x, w), repeat))
            sep.append(_best_time(lambda: separable_conv2d(x, col, row), repeat))
    return Timings(ks, np.array(direct), np.array(fft), np.array(sep), image_size, limits.blas_limited)
