"""Lesson 7's drawings: a layer as a matrix — dense, or banded (doubly-block) Toeplitz — and im2col."""
from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.collections import LineCollection

from ...figures import DPI, text_colour_for
from .compute import LayerMatrices

FIGSIZE = (8, 3.4)
CMAP = plt.get_cmap("viridis").with_extremes(bad="white")   # zeros drawn white


def _masked(m):
    m = np.asarray(m, dtype=float)
    return np.ma.masked_where(m == 0, m)


def _block_lines(shape, block_shape):
    """Segments of the block grid of a (rows, cols) matrix made of (br, bc) blocks."""
    rows, cols = shape
    if not block_shape:
        return []
    br, bc = block_shape
    seg = [[(-0.5, r - 0.5), (cols - 0.5, r - 0.5)] for r in range(br, rows, br)]
    seg += [[(c - 0.5, -0.5), (c - 0.5, rows - 0.5)] for c in range(bc, cols, bc)]
    return seg


def plot_matrix(ax, m, title="", labels=None, block_shape=None, fontsize=10):
    """One matrix as an image, zeros white; labels: optional array of strings written in the cells."""
    m = np.asarray(m, dtype=float)
    nz = m[m != 0]
    lim = (nz.min(), nz.max()) if nz.size else (0, 1)
    im = ax.imshow(_masked(m), cmap=CMAP, vmin=lim[0], vmax=lim[1] if lim[1] > lim[0] else lim[0] + 1,
              interpolation="nearest", aspect="auto" if m.shape[1] > 2 * m.shape[0] else "equal")
    ax.add_collection(LineCollection(_block_lines(m.shape, block_shape), colors="0.3", linewidths=0.8))
    if labels is not None:
        for (r, c), text in np.ndenumerate(np.asarray(labels)):
            if text:
                cell = im.cmap(im.norm(m[r, c])) if m[r, c] != 0 else "white"   # zeros are drawn white
                ax.text(c, r, text, ha="center", va="center", fontsize=fontsize, color=text_colour_for(cell))
    ax.set_xticks(range(m.shape[1]) if m.shape[1] <= 16 else [])
    ax.set_yticks(range(m.shape[0]) if m.shape[0] <= 16 else [])
    ax.tick_params(labelsize=10)
    ax.set(title=title, xlabel=f"input unit (of {m.shape[1]})", ylabel=f"output unit (of {m.shape[0]})")
    ax.set_xlim(-0.5, m.shape[1] - 0.5)
    ax.set_ylim(m.shape[0] - 0.5, -0.5)
    return ax


def plot_dense_vs_conv(dense, conv, dense_labels=None, conv_labels=None, block_shape=None,
                       titles=("fully connected: dense matrix", "convolution: banded Toeplitz matrix")):
    """Two matrices of the same shape side by side (static)."""
    fig, axes = plt.subplots(1, 2, figsize=FIGSIZE, dpi=DPI, layout="constrained")
    plot_matrix(axes[0], dense, titles[0], dense_labels)
    plot_matrix(axes[1], conv, titles[1], conv_labels, block_shape)
    return fig


def plot_im2col(image, cols, kernel_shape, out_shape, position=0):
    """Left: the image with the window of output `position` outlined; right: the im2col matrix,
    whose column `position` is that window read row by row (numbers written in the cells)."""
    image, cols = np.asarray(image), np.asarray(cols)
    fig, (ax_i, ax_c) = plt.subplots(1, 2, figsize=FIGSIZE, dpi=DPI, layout="constrained",
                                     gridspec_kw={"width_ratios": [1, 1.2]})
    for ax, m, aspect in ((ax_i, image, "equal"), (ax_c, cols, "auto")):
        im = ax.imshow(m, cmap="Blues", vmin=m.min() - 0.3 * np.ptp(m), vmax=m.max(), aspect=aspect)
        if m.size <= 144:
            for (r, c), v in np.ndenumerate(m):      # black or white, whichever reads on the cell
                ax.text(c, r, f"{v:g}", ha="center", va="center", fontsize=10,
                        color=text_colour_for(im.cmap(im.norm(v))))
    kh, kw = kernel_shape
    i, j = divmod(position, out_shape[1])
    ax_i.add_patch(plt.Rectangle((j - 0.5, i - 0.5), kw, kh, fill=False, ec="tab:orange", lw=2.5))
    ax_c.add_patch(plt.Rectangle((position - 0.5, -0.5), 1, cols.shape[0], fill=False, ec="tab:orange", lw=2.5))
    ax_i.set(title=f"image {image.shape[0]}×{image.shape[1]}", xticks=[], yticks=[])
    ax_c.set(title=f"im2col: {cols.shape[0]} kernel cells × {cols.shape[1]} positions",
             xlabel="output position", ylabel="kernel cell (u, v) read row by row", yticks=[],
             xticks=range(cols.shape[1]) if cols.shape[1] <= 16 else [])
    return fig


class ToeplitzView:
    """Dense matrix (left) and convolution matrix (right) of one `LayerMatrices` frame; update()
    swaps the images, the block grid and the texts, the figure and axes stay."""

    def __init__(self, frame: LayerMatrices):
        self.fig, (self.ax_d, self.ax_c) = plt.subplots(1, 2, figsize=FIGSIZE, dpi=DPI)
        self.fig.subplots_adjust(left=0.05, right=0.98, top=0.84, bottom=0.17, wspace=0.12)
        self.im_d = self.ax_d.imshow(np.zeros((1, 1)), cmap=CMAP, interpolation="nearest", aspect="auto")
        self.im_c = self.ax_c.imshow(np.zeros((1, 1)), cmap=CMAP, interpolation="nearest", aspect="auto")
        self.grid = LineCollection([], colors="0.3", linewidths=0.8)
        self.ax_c.add_collection(self.grid)
        for ax in (self.ax_d, self.ax_c):
            ax.set_xticks([])
            ax.set_yticks([])
        self.ax_d.set_ylabel("output unit")
        self.title_d = self.ax_d.set_title("", fontsize=10)
        self.title_c = self.ax_c.set_title("", fontsize=10)
        self.xlabel_d = self.ax_d.set_xlabel("")
        self.xlabel_c = self.ax_c.set_xlabel("")
        self.caption = self.fig.text(0.5, 0.01, "", ha="center", va="bottom", fontsize=10)
        self.update(frame)

    @staticmethod
    def _show(ax, im, m):
        rows, cols = m.shape
        im.set_data(_masked(m))
        im.set_extent((-0.5, cols - 0.5, rows - 0.5, -0.5))
        nz = m[m != 0]
        lo, hi = (float(nz.min()), float(nz.max())) if nz.size else (0.0, 1.0)
        im.set_clim(lo, hi if hi > lo else lo + 1)
        ax.set_xlim(-0.5, cols - 0.5)
        ax.set_ylim(rows - 0.5, -0.5)

    def update(self, frame: LayerMatrices):
        """A matrix that is None (the settings do not fit) is drawn empty; the caption says why."""
        empty = np.zeros((1, 1))
        dense = empty if frame.dense is None else np.asarray(frame.dense, dtype=float)
        conv = empty if frame.conv is None else np.asarray(frame.conv, dtype=float)
        self._show(self.ax_d, self.im_d, dense)
        self._show(self.ax_c, self.im_c, conv)
        self.grid.set_segments(_block_lines(conv.shape, frame.block_shape))
        self.title_d.set_text(f"fully connected\n{dense.shape[0]}×{dense.shape[1]} matrix, "
                              f"{frame.dense_nonzeros} non-zeros")
        kind = "doubly-block Toeplitz" if frame.block_shape else "banded Toeplitz"
        self.title_c.set_text(f"convolution: {kind}\n{conv.shape[0]}×{conv.shape[1]} matrix, "
                              f"{frame.conv_nonzeros} non-zeros")
        self.xlabel_d.set_text(f"input unit (of {dense.shape[1]})")
        self.xlabel_c.set_text(f"input unit (of {conv.shape[1]})")
        self.caption.set_text("\n".join(textwrap.wrap(frame.caption, 100)))   # 10 pt: ~7 px a character
