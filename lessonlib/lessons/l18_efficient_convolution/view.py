"""Lesson 18's drawings: spectra, timings, the two passes of a separable blur."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from ...figures import DPI
from ...figures.cached_text import cache_texts
from .compute import BlurFrame

PHOTO_DPI = 72      # photographs compress badly in PNG: keeps the stored notebook (< 600 kB) and each redraw small
TEXT_PT = 12        # 12 px at PHOTO_DPI: the smallest text the lessons draw (10 pt at the usual DPI 90)


def _image(ax, data, title, cmap="gray", **kw):
    im = ax.imshow(data, cmap=cmap, interpolation="nearest", **kw)
    ax.set_title(title, fontsize=TEXT_PT)
    ax.set_xticks([])
    ax.set_yticks([])
    return im


def _log_magnitude(spectrum):
    """log(1 + |F|) with the zero frequency moved to the centre, for display."""
    return np.log1p(np.abs(np.fft.fftshift(spectrum)))


def plot_convolution_theorem(image, spectra, kernel_name="kernel"):
    """image | log|image spectrum| × log|kernel spectrum| = log|product| → inverse FFT (the output).

    spectra: a lessonlib.kernels.fft_conv.Spectra for this image (convolution_theorem).
    """
    fig, axes = plt.subplots(1, 5, figsize=(9, 2.2), dpi=PHOTO_DPI, layout="constrained")
    _image(axes[0], image, "image x")
    _image(axes[1], _log_magnitude(spectra.image_hat), "log |FFT(x)|", cmap="magma")
    _image(axes[2], _log_magnitude(spectra.kernel_hat), f"log |FFT({kernel_name})|", cmap="magma")
    _image(axes[3], _log_magnitude(spectra.product_hat), "log |product|", cmap="magma")
    _image(axes[4], spectra.output, "inverse FFT = output")
    for ax, sign in zip(axes[1:4], "×=→"):
        ax.text(1.06, 0.5, sign, transform=ax.transAxes, ha="center", va="center", fontsize=14)
    fig.suptitle("Convolution theorem: multiply the spectra, transform back "
                 "(frequencies centred; the kernel keeps the low ones)", fontsize=TEXT_PT)
    return fig


def plot_timings(timings, crossover=None):
    """Median milliseconds per call against kernel size for the direct, FFT and separable convolutions
    (log y), with the direct kernel's multiply count scaled to its cheapest measured point (dashed).

    timings: a Timings (compute.time_fft_vs_direct); crossover: kernel size to mark, or None.
    """
    k = timings.kernel_sizes
    n = timings.image_size
    fig, ax = plt.subplots(figsize=(8, 3.6), dpi=DPI, layout="constrained")
    ax.plot(k, 1e3 * timings.direct, "o-", label=f"direct, k²·({n}−k+1)² multiply-adds")
    mults = timings.multiplies()
    per_mult = float(np.min(timings.direct / mults))
    ax.plot(k, 1e3 * per_mult * mults, "--", color="C0", alpha=0.6,
            label=f"that count × {1e9 * per_mult:.2f} ns (its cheapest point)")
    ax.plot(k, 1e3 * timings.fft, "s-", label="FFT, ~log(HW) per pixel, any k")
    ax.plot(k, 1e3 * timings.separable, "^-", label="separable, two 1-D passes, 2k per pixel")
    ax.set_yscale("log")
    if crossover is not None:
        ax.axvline(crossover, color="0.5", linestyle=":")
        ax.text(crossover, 0.03, f" FFT faster from k = {crossover}", va="bottom",
                fontsize=10, color="0.3", transform=ax.get_xaxis_transform())
    ax.set_xlabel("kernel size k (k × k kernel, 'valid' output)")
    ax.set_ylabel("milliseconds per call (median)")
    ax.set_title(f"One {n}×{n} image, one filter, one thread", fontsize=10)
    ax.legend(fontsize=10, frameon=False, loc="upper left")
    return fig


class BlurView:
    """kernel (k×k) | input | after the row pass | after both passes, drawn once from a BlurFrame.

    update(frame) swaps the arrays (the kernel's extent follows its size) and the title.
    """

    def __init__(self, frame: BlurFrame):
        self.fig, self.axes = plt.subplots(1, 4, figsize=(10, 2.9), dpi=PHOTO_DPI)   # photographs: see PHOTO_DPI
        k_im = _image(self.axes[0], frame.kernel, "kernel = outer(col, row)", cmap="viridis")
        in_im = _image(self.axes[1], frame.image, "input", vmin=0, vmax=1)
        r_im = _image(self.axes[2], frame.row_pass, "row pass (1 × k)", vmin=0, vmax=1)
        b_im = _image(self.axes[3], frame.both, "then column pass (k × 1)", vmin=0, vmax=1)
        self.images = (k_im, in_im, r_im, b_im)      # AxesImage artists: kernel, input, row pass, both passes
        self.title = self.fig.suptitle("", fontsize=TEXT_PT)
        self.update(frame)
        self.fig.tight_layout()      # once: a layout engine would re-run on every redraw
        for ax in self.axes:         # texts pasted from cached pictures (issue 15)
            cache_texts(ax, [ax.title] + ([self.title] if ax is self.axes[0] else []))

    def update(self, frame: BlurFrame):
        k_im, _, r_im, b_im = self.images
        k = frame.kernel
        k_im.set_data(k)
        k_im.set_extent((-0.5, k.shape[1] - 0.5, k.shape[0] - 0.5, -0.5))
        k_im.set_clim(k.min(), k.max())
        self.axes[0].set_xlim(-0.5, k.shape[1] - 0.5)
        self.axes[0].set_ylim(k.shape[0] - 0.5, -0.5)
        r_im.set_data(frame.row_pass)
        b_im.set_data(frame.both)
        n = frame.taps
        self.title.set_text(f"σ = {frame.sigma:g}: a {n}×{n} kernel.  Direct: {n * n} multiplies per pixel;  "
                            f"two passes: {n} + {n} = {2 * n}  ({n * n / (2 * n):.1f}× fewer)")


def plot_images(images, titles, suptitle="", cmaps=None):
    """A row of images with titles (gray unless cmaps says otherwise), e.g. a photo and its edges."""
    fig, axes = plt.subplots(1, len(images), figsize=(2.3 * len(images), 2.5), dpi=PHOTO_DPI, layout="constrained")
    for i, (ax, data, title) in enumerate(zip(np.atleast_1d(axes), images, titles)):
        cmap = cmaps[i] if cmaps else "gray"
        limits = {}
        if cmap.startswith(("RdBu", "coolwarm", "seismic", "bwr")):      # diverging: 0 in the middle
            m = float(np.percentile(np.abs(data), 99)) or 1.0
            limits = dict(vmin=-m, vmax=m)
        _image(ax, data, title, cmap=cmap, **limits)
    if suptitle:
        fig.suptitle(suptitle, fontsize=TEXT_PT)
    return fig
