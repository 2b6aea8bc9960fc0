"""Lesson 11's drawings: how far one deep unit sees — closed form vs the gradient's footprint (draw only)."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Rectangle

from ...figures import DPI
from ...figures.cached_text import cache_texts

FIGSIZE = (8.5, 3.6)


def plot_growth(depths, sizes: dict, canvas=None):
    """Receptive-field size against depth, one line per scheme (static). sizes: label -> list of sizes."""
    fig, ax = plt.subplots(figsize=(6, 3), dpi=DPI, layout="constrained")
    styles = [("o", "-", 1.5), ("s", "--", 3.0), ("^", ":", 1.5)]   # coinciding curves stay visible
    for k, (label, values) in enumerate(sizes.items()):
        marker, ls, lw = styles[k % len(styles)]
        ax.plot(depths, values, marker=marker, ls=ls, lw=lw, ms=7 - 2 * (k % 3), label=label)
    if canvas:
        ax.axhline(canvas, color="0.5", ls="--", lw=1)
        ax.text(depths[0], canvas * 1.08, f"a {canvas}-pixel digit", fontsize=10, color="0.35")
    ax.set(xlabel="number of stacked 3×3 layers", ylabel="receptive field (pixels per side)", yscale="log",
           title="receptive field growth")
    ax.legend(fontsize=10)
    return fig


def _overlay(grad):
    """RGBA: the gradient's footprint in orange, stronger where more paths arrive."""
    rgba = np.zeros(grad.shape + (4,))
    rgba[..., :3] = (1.0, 0.45, 0.0)
    g = np.abs(grad)
    top = g.max()
    if top > 0:
        rgba[..., 3] = np.where(g > 0, 0.25 + 0.5 * np.sqrt(g / top), 0.0)
    return rgba


class FootprintView:
    """Left: the input (a digit on its canvas) with the unit's gradient footprint and the closed-form
    box; right: the number of paths from each input pixel to the unit (log scale).

    View(frame) / update(frame) with a compute.FootprintFrame."""

    def __init__(self, frame):
        self.fig, (self.ax_in, self.ax_paths) = plt.subplots(1, 2, figsize=FIGSIZE, dpi=DPI)
        self.fig.subplots_adjust(left=0.02, right=0.98, top=0.76, bottom=0.13, wspace=0.08)
        self.im_digit = self.ax_in.imshow(frame.canvas, cmap="gray_r", vmin=0, vmax=1)
        self.im_overlay = self.ax_in.imshow(_overlay(frame.grad), interpolation="nearest")
        self.im_paths = self.ax_paths.imshow(np.zeros_like(frame.grad), cmap="viridis", interpolation="nearest")
        self.boxes = [Rectangle((0, 0), 1, 1, fill=False, ec="tab:red", lw=1.8, ls="--") for _ in range(2)]
        for ax, rect in zip((self.ax_in, self.ax_paths), self.boxes):
            ax.add_patch(rect)
            ax.set_xticks([])
            ax.set_yticks([])
        self.title_in = self.ax_in.set_title("", fontsize=10)
        self.title_paths = self.ax_paths.set_title("", fontsize=10)
        self.summary = self.fig.text(0.5, 0.965, "", ha="center", va="top", fontsize=10)
        self.footer = self.fig.text(0.5, 0.02, "red dashed box: closed-form receptive field · orange / colour: "
                                    "input pixels whose gradient is non-zero", ha="center", fontsize=10, color="0.3")
        # texts are pasted from cached pictures: laying them out was half of a redraw (issue 15)
        cache_texts(self.ax_in, [self.title_in, self.summary, self.footer])
        cache_texts(self.ax_paths, [self.title_paths])
        self.update(frame)

    def update(self, frame):
        grad = frame.grad
        n = frame.canvas.shape[0]
        extent = (-0.5, n - 0.5, n - 0.5, -0.5)
        self.im_digit.set_data(frame.canvas)
        self.im_digit.set_extent(extent)
        self.im_overlay.set_data(_overlay(grad))
        self.im_overlay.set_extent(extent)
        counts = np.log10(np.where(grad > 0, grad, np.nan))
        self.im_paths.set_data(counts)
        self.im_paths.set_extent(extent)
        self.im_paths.set_clim(0, max(float(np.log10(frame.paths)) if frame.paths > 0 else 1.0, 1e-9))
        for ax in (self.ax_in, self.ax_paths):
            ax.set_xlim(-0.5, n - 0.5)
            ax.set_ylim(n - 0.5, -0.5)
        r0, r1, c0, c1 = frame.box
        for rect in self.boxes:
            rect.set_bounds(c0 - 0.5, r0 - 0.5, c1 - c0 + 1, r1 - r0 + 1)
        self.title_in.set_text(f"input {n}×{n}: receptive field of the chosen unit")
        self.title_paths.set_text(f"paths to the unit (log10), {frame.nonzero} non-zero pixels, max {frame.paths:,}")
        self.summary.set_text(frame.summary)
