"""Drawings for lesson 8: cross-correlation vs convolution — the flipped kernel and its effect on a photo."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

FIGSIZE, DPI = (9, 2.9), 90


def _grid(ax, cells, title, bad=None):
    """A 3x3 (or any) table of strings; cells listed in `bad` (a bool array) drawn red."""
    cells = np.asarray(cells)
    shade = np.zeros(cells.shape) if bad is None else np.asarray(bad, float)
    ax.imshow(shade, cmap="Reds", vmin=0, vmax=2)
    for (r, c), text in np.ndenumerate(cells):
        ax.text(c, r, str(text), ha="center", va="center", fontsize=14,
                fontweight="bold" if bad is not None and bad[r, c] else "normal")
    ax.set_xticks(np.arange(cells.shape[1] + 1) - 0.5, minor=True)
    ax.set_yticks(np.arange(cells.shape[0] + 1) - 0.5, minor=True)
    ax.grid(which="minor", color="0.5")
    ax.tick_params(which="both", length=0, labelbottom=False, labelleft=False)
    ax.set_title(title, fontsize=9)


def plot_flip(kernel_letters, flipped, slide_version=None):
    """The slide's kernel [a..i], its correct 180-degree flip and (optionally) the slide's printed
    flip, with the cells where the slide differs from the computation in red."""
    panels = [(kernel_letters, "kernel h[u, v]", None), (flipped, "flipped h[−u, −v] (computed)", None)]
    if slide_version is not None:
        wrong = np.asarray(slide_version) != np.asarray(flipped)
        panels.append((slide_version, f"as printed on the slide ({int(wrong.sum())} cell wrong)", wrong))
    fig, axes = plt.subplots(1, len(panels), figsize=(2.6 * len(panels), 2.6), dpi=DPI, layout="constrained")
    for ax, (cells, title, bad) in zip(axes, panels):
        _grid(ax, cells, title, bad)
    return fig


class FilterView:
    """Input | kernel as applied | output | |correlation − convolution|; update() changes data and text."""

    def __init__(self, image, kernel, output, difference, title_op="", note=""):
        self.fig, axes = plt.subplots(1, 4, figsize=FIGSIZE, dpi=DPI,
                                      gridspec_kw={"width_ratios": [1, 0.75, 1, 1]})
        self.fig.subplots_adjust(left=0.01, right=0.99, top=0.84, bottom=0.12, wspace=0.08)
        self.ax_in, self.ax_k, self.ax_out, self.ax_diff = axes
        self.ax_in.imshow(image, cmap="gray", vmin=0, vmax=1)
        self.ax_in.set_title(f"input F {image.shape[0]}×{image.shape[1]}", fontsize=9)
        self.im_k = self.ax_k.imshow(np.zeros((3, 3)), cmap="RdBu_r", vmin=-1, vmax=1)
        self.k_texts = [[self.ax_k.text(c, r, "", ha="center", va="center", fontsize=9) for c in range(3)]
                        for r in range(3)]
        self.title_k = self.ax_k.set_title("", fontsize=9)
        self.im_out = self.ax_out.imshow(np.zeros_like(image), cmap="gray")
        self.title_out = self.ax_out.set_title("", fontsize=9)
        self.im_diff = self.ax_diff.imshow(np.zeros_like(image), cmap="magma", vmin=0, vmax=1)
        self.title_diff = self.ax_diff.set_title("", fontsize=9)
        self.note = self.fig.text(0.5, 0.02, "", ha="center", fontsize=8)
        for ax in axes:
            ax.set_xticks([])
            ax.set_yticks([])
        self.update(kernel, output, difference, title_op, note)

    def update(self, kernel, output, difference, title_op="", note=""):
        """kernel: the 3x3 weights as applied (already flipped for a convolution); output: the
        filtered image; difference: |correlation - convolution| (same shape)."""
        kernel = np.asarray(kernel, dtype=float)
        lim = max(float(np.abs(kernel).max()), 1e-9)
        self.im_k.set_data(kernel)
        self.im_k.set_clim(-lim, lim)
        for (r, c), v in np.ndenumerate(kernel):
            self.k_texts[r][c].set_text(f"{v:.3g}")
            self.k_texts[r][c].set_color("w" if abs(v) > 0.6 * lim else "k")   # readable on dark cells
        self.title_k.set_text("kernel as applied")
        self.im_out.set_data(output)
        lo, hi = np.percentile(output, [1, 99])
        self.im_out.set_clim(lo, hi if hi > lo else lo + 1e-9)
        self.title_out.set_text(title_op)
        self.im_diff.set_data(difference)
        self.im_diff.set_clim(0, max(float(difference.max()), 1e-9))
        self.title_diff.set_text(f"|correlation − convolution|, max {float(difference.max()):.3g}")
        self.note.set_text(note)
