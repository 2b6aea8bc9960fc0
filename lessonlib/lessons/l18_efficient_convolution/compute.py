"""Lesson 18's computation: a Gaussian blur done as two 1-D passes (the explorer's frame), and the
timing of the direct, FFT and separable convolutions behind "where does the FFT win?"."""
from __future__ import annotations

import time
from typing import NamedTuple

import numpy as np

from ..._validate import positive_int
from ...arithmetic import conv_output_size
from ...kernels._im2col import ConvGeometry, _forward_chunk, im2col
from ...kernels.conv import _lanes_layout, _shifted_rows, conv2d_forward
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
    """Median seconds per call for each kernel size k: k x k kernel, size x size image, 'valid' output.

    sources[i]: how conv2d's backward folds the input gradient back at kernel_sizes[i] (`direct_source`);
    the forward timed here reads its matrix in place from the padded image at every k."""

    kernel_sizes: np.ndarray
    direct: np.ndarray
    fft: np.ndarray
    separable: np.ndarray
    image_size: int
    single_thread: bool       # False where numpy's BLAS could not be held to one thread
    sources: tuple = ()

    def multiplies(self) -> np.ndarray:
        """Direct convolution's multiply-adds per call: k² per output, (size - k + 1)² outputs ('valid')."""
        out = self.image_size - self.kernel_sizes + 1
        return self.kernel_sizes ** 2 * out ** 2

    def fft_faster_from(self):
        """Smallest measured k from which the FFT beat the direct convolution at every larger k; or None."""
        wins = self.fft < self.direct
        for i in range(len(wins)):
            if wins[i:].all():
                return int(self.kernel_sizes[i])
        return None


def median_time(fn, repeat=9, warmup=2) -> float:
    """Median seconds of `repeat` calls of fn() after `warmup` untimed calls (compilation, caches,
    first-touch of memory). The median, not the mean: on a shared machine a few calls are slowed by
    other processes, and the median ignores them, as long as fewer than half are."""
    repeat, warmup = positive_int(repeat, "repeat"), int(warmup)
    for _ in range(max(warmup, 0)):
        fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return float(np.median(times))


def direct_source(image_size: int, k: int) -> str:
    """conv2d's choice (_shifted_rows) for one 'valid' k × k filter on an image_size² map: "shifted rows"
    (chosen while the padded grid wastes at most half again the outputs) or "im2col copy".
    Since the register-tiled kernels, this choice only decides how the input gradient is folded back
    (shifted rows or col2im); conv2d_forward always reads B in place from the padded image, nothing copied."""
    out = conv_output_size(image_size, k)
    geometry = ConvGeometry(1, k, k, 1, 1, 1, 0, 0, 0, 1, 1, 1, 1, out, out)
    return "shifted rows" if _shifted_rows((1, 1, 1, image_size, image_size), geometry) else "im2col copy"


def time_fft_vs_direct(image_size: int = 128, kernel_sizes=(3, 5, 7, 9, 11, 15, 21, 31), repeat: int = 9,
                       warmup: int = 2, seed: int = 0, dtype=np.float32) -> Timings:
    """Time conv2d_forward (the direct kernel), fft_conv2d and separable_conv2d on one
    image_size x image_size channel with one k x k filter, for each k (median of `repeat` calls
    after `warmup`, see median_time).

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
            direct.append(median_time(lambda: conv2d_forward(x, w), repeat, warmup))
            fft.append(median_time(lambda: fft_conv2d(x, w), repeat, warmup))
            sep.append(median_time(lambda: separable_conv2d(x, col, row), repeat, warmup))
    return Timings(ks, np.array(direct), np.array(fft), np.array(sep), image_size, limits.blas_limited,
                   tuple(direct_source(image_size, int(k)) for k in ks))


class SourceTimings(NamedTuple):
    """The direct kernel timed with each way of reading B, at the same k (median seconds per call);
    matrix_mb: the size of the im2col copy of B (k² × (n-k+1)² values) in MB."""

    kernel_sizes: np.ndarray
    shifted_rows: np.ndarray
    im2col_copy: np.ndarray
    matrix_mb: np.ndarray
    image_size: int


def time_direct_sources(image_size: int = 128, kernel_sizes=(11, 21, 31), repeat: int = 5, warmup: int = 1,
                        seed: int = 0, dtype=np.float32) -> SourceTimings:
    """Time B read in place against B copied out first, on the same image and filter, one thread:
    "shifted_rows" is conv2d_forward's kernel (_im2col._forward_chunk: B read in place from the padded
    image), "im2col_copy" writes B out (_im2col.im2col) and multiplies it by the filter with NumPy."""
    image_size = positive_int(image_size, "image_size")
    rng = np.random.default_rng(seed)
    x5 = rng.standard_normal((1, 1, 1, image_size, image_size)).astype(dtype)
    ks = np.array([positive_int(k, "kernel size") for k in kernel_sizes])
    shifted, copied, mb = [], [], []
    with limit_threads(1):
        for k in ks:
            out = conv_output_size(image_size, int(k))
            geometry = ConvGeometry(1, int(k), int(k), 1, 1, 1, 0, 0, 0, 1, 1, 1, 1, out, out)
            w2d = rng.standard_normal((1, k * k)).astype(dtype)
            wt, _ = _lanes_layout(w2d, 1)
            bias, result = np.zeros(1, dtype), np.empty((1, 1, out * out), dtype)
            shifted.append(median_time(lambda: _forward_chunk(x5, wt, bias, result, geometry, 1, 0, 1),
                                       repeat, warmup))
            copied.append(median_time(lambda: w2d @ im2col(x5, geometry)[0], repeat, warmup))
            mb.append(k * k * out * out * np.dtype(dtype).itemsize / 1e6)
    return SourceTimings(ks, np.array(shifted), np.array(copied), np.array(mb), image_size)


def cache_sizes_mb() -> dict:
    """{"L2": MB, "L3": MB} of this machine's first CPU, read from Linux's /sys; {} elsewhere."""
    sizes = {}
    base = "/sys/devices/system/cpu/cpu0/cache"
    for i in range(8):
        try:
            with open(f"{base}/index{i}/level") as f_level, open(f"{base}/index{i}/size") as f_size:
                level, size = f_level.read().strip(), f_size.read().strip()
        except OSError:
            break
        if level in ("2", "3") and size.endswith("K"):
            sizes[f"L{level}"] = int(size[:-1]) * 1024 / 1e6
    return sizes
