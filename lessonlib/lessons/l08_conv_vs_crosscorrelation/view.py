"""Lesson 8's drawings: the flipped kernel, and a photo filtered by cross-correlation or convolution."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from ...figures import DPI, text_colour_for, without_ticks
from ...figures.cached_text import cache_texts
from .compute import FilterFrame

FIGSIZE = (9, 3.1)
FONT = 10          # points: 12.5 px at DPI 90, the smallest text a reader meets here


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
    ax.set_title(title, fontsize=FONT)


def plot_flip(kernel_letters, flipped, slide_version=None):
    """The slide's kernel [a..i], its correct 180-degree flip and (optionally) the slide's printed
    flip, with the cells where the slide differs from the computation in red."""
    panels = [(kernel_letters, "kernel h[u, v]", None), (flipped, "flipped h[−u, −v]\n(computed)", None)]
    if slide_version is not None:
        wrong = np.asarray(slide_version) != np.asarray(flipped)
        panels.append((slide_version, f"as printed on the slide\n({int(wrong.sum())} cell wrong)", wrong))
    fig, axes = plt.subplots(1, len(panels), figsize=(2.6 * len(panels), 2.6), dpi=DPI, layout="constrained")
    for ax, (cells, title, bad) in zip(axes, panels):
        _grid(ax, cells, title, bad)
    return fig


class FilterView:
    """Input | kernel as applied | output | |correlation − convolution| of one `FilterFrame`;
    update() changes data and text."""

    def __init__(self, frame: FilterFrame):
        image = frame.image
        self.fig, axes = plt.subplots(1, 4, figsize=FIGSIZE, dpi=DPI,
                                      gridspec_kw={"width_ratios": [1, 0.75, 1, 1]})
        self.fig.subplots_adjust(left=0.01, right=0.99, top=0.78, bottom=0.12, wspace=0.1)
        self.ax_in, self.ax_k, self.ax_out, self.ax_diff = axes
        self.ax_in.imshow(image, cmap="gray", vmin=0, vmax=1)
        self.ax_in.set_title(f"input F {image.shape[0]}×{image.shape[1]}", fontsize=FONT, y=1.0)
        self.im_k = self.ax_k.imshow(np.zeros((3, 3)), cmap="RdBu_r", vmin=-1, vmax=1)
        self.k_texts = [[self.ax_k.text(c, r, "", ha="center", va="center", fontsize=FONT) for c in range(3)]
                        for r in range(3)]
        self.title_k = self.ax_k.set_title("", fontsize=FONT, y=1.0)
        self.im_out = self.ax_out.imshow(np.zeros_like(image), cmap="gray")
        self.title_out = self.ax_out.set_title("", fontsize=FONT, y=1.0)
        self.im_diff = self.ax_diff.imshow(np.zeros_like(image), cmap="magma", vmin=0, vmax=1)
        self.title_diff = self.ax_diff.set_title("", fontsize=FONT, y=1.0)
        # an axes' child placed in figure coordinates: drawn from the text cache, and by a saved picture
        self.note = self.ax_out.text(0.5, 0.02, "", ha="center", fontsize=FONT, transform=self.fig.transFigure)
        for ax in axes:
            without_ticks(ax)
        # the texts are most of a redraw's time: drawn from cached pictures, rendered again only when new
        cache_texts(self.ax_k, [self.title_k] + sum(self.k_texts, []))
        cache_texts(self.ax_out, [self.ax_in.title, self.title_out, self.title_diff, self.note])
        self.update(frame)

    def update(self, frame: FilterFrame):
        lim = frame.kernel_lim
        self.im_k.set_data(frame.applied)
        self.im_k.set_clim(-lim, lim)
        for (r, c), v in np.ndenumerate(frame.applied):
            self.k_texts[r][c].set_text(f"{v:.3g}")
            self.k_texts[r][c].set_color(text_colour_for(self.im_k.cmap(self.im_k.norm(v))))
        self.title_k.set_text(f"kernel as applied\nweights sum to {frame.weight_sum:.3g}")
        self.im_out.set_data(frame.output)
        lo, hi = frame.output_range
        self.im_out.set_clim(lo, hi if hi > lo else lo + 1e-9)
        self.title_out.set_text(frame.title)
        self.im_diff.set_data(frame.difference)
        self.im_diff.set_clim(0, max(frame.difference_max, 1e-9))
        self.title_diff.set_text(f"|correlation − convolution|\nlargest {frame.difference_max:.3g}")
        self.note.set_text(frame.note)


def plot_loss_curve(losses, title="learning the kernel"):
    """The mean squared error against the gradient-descent step, on a log scale."""
    fig, ax = plt.subplots(figsize=(5.6, 2.6), dpi=DPI, layout="constrained")
    ax.semilogy(np.arange(len(losses)), losses, color="tab:blue")
    ax.set_xlabel("gradient-descent step", fontsize=FONT)
    ax.set_ylabel("mean squared error", fontsize=FONT)
    ax.set_title(title, fontsize=FONT + 1)
    ax.tick_params(labelsize=FONT)
    ax.grid(alpha=0.3)
    return fig
