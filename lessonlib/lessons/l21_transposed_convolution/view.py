"""Lesson 21's drawings: the matrix Cᵀ, the zero-inserted grid, the overlapping stamps, the explorer's three
panels (input, transposed output, the forward convolution back) and the checkerboard count maps."""
from __future__ import annotations

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Rectangle

from ...figures import DPI, text_colour_for
from ...figures.static import static_figure
from ...figures.cached_text import cache_texts
from .compute import Checkerboard, ThreeWays, TransposeFrame


FONT = 10       # every text at least 12 px high at DPI 90


def _numbers(ax, a, img=None, fmt="{:g}"):
    """The values of `a` in its cells, black or white by the colour `img` gives the cell."""
    return [ax.text(c, r, fmt.format(v), ha="center", va="center", fontsize=FONT,
                    color=text_colour_for(img.cmap(img.norm(v))) if img is not None else "black")
            for (r, c), v in np.ndenumerate(a)]


def _grid_axes(ax, shape, title):
    step = 1 if max(shape) <= 8 else 3
    ax.set_xticks(range(0, shape[1], step))
    ax.set_yticks(range(0, shape[0], step))
    ax.tick_params(labelsize=FONT, length=0)
    ax.set_xlabel("column", fontsize=FONT)
    ax.set_ylabel("row", fontsize=FONT)
    ax.set_title(title, fontsize=FONT)


def _signed_panel(ax, a, title):
    """`a` as numbered cells on a red-blue scale symmetric about 0 (white), titled."""
    m = np.abs(a).max() or 1
    _numbers(ax, a, ax.imshow(a, cmap="RdBu_r", vmin=-m, vmax=m))
    _grid_axes(ax, a.shape, title)


def plot_transposed_matrix(tw: ThreeWays):
    """Way 1: Cᵀ (one row per output cell, one column per input cell) beside x and Cᵀx reshaped."""
    ct = tw.c.T
    lim = np.abs(ct).max()
    fig, axes = static_figure((8, 3.6), 3, gridspec_kw={"width_ratios": [1.4, 1, 1.3]})
    img = axes[0].imshow(ct, cmap="RdBu_r", vmin=-lim, vmax=lim, aspect="auto", interpolation="nearest")
    axes[0].set_xlabel(f"input cell i·{tw.x.shape[1]} + j ({tw.x.size})", fontsize=FONT)
    axes[0].set_ylabel(f"output cell r·{tw.by_matrix.shape[1]} + c ({ct.shape[0]})", fontsize=FONT)
    axes[0].set_title(f"Cᵀ, {ct.shape[0]}×{ct.shape[1]}:\ncolumn m = input cell m's stamp", fontsize=FONT)
    axes[0].tick_params(labelsize=FONT)
    fig.colorbar(img, ax=axes[0], shrink=0.8).ax.tick_params(labelsize=FONT)
    img_x = axes[1].imshow(tw.x, cmap="Greys", vmin=-np.abs(tw.x).max(), vmax=2 * np.abs(tw.x).max())
    _numbers(axes[1], tw.x, img_x)
    _grid_axes(axes[1], tw.x.shape, f"x, {tw.x.shape[0]}×{tw.x.shape[1]}")
    out = tw.by_matrix
    _signed_panel(axes[2], out, f"Cᵀ x reshaped, {out.shape[0]}×{out.shape[1]}")
    return fig


def plot_zero_insertion(tw: ThreeWays):
    """Way 2: the zero-inserted, padded grid (x's cells outlined), the flipped kernel in its first window,
    the flipped kernel, and the convolution's output."""
    grid, k = tw.grid, tw.w.shape[0]
    fig, axes = static_figure((8, 3.4), 3, gridspec_kw={"width_ratios": [1.4, 0.7, 1.1]})
    ax = axes[0]
    is_x = np.zeros(grid.shape, bool)
    border = k - 1 - tw.padding
    rows = border + tw.stride * np.arange(tw.x.shape[0])
    cols = border + tw.stride * np.arange(tw.x.shape[1])
    is_x[np.ix_(rows, cols)] = True
    ax.imshow(np.where(is_x, 1.0, 0.0), cmap="Greens", vmin=0, vmax=2.5)
    _numbers(ax, grid)
    ax.add_patch(Rectangle((-0.5, -0.5), k, k, fill=False, ec="crimson", lw=2))
    _grid_axes(ax, grid.shape, f"grid {grid.shape[0]}×{grid.shape[1]} (green: x): {tw.stride - 1} zero(s) between,\n"
                               f"{border} around, {tw.output_padding} more bottom/right")
    flipped = tw.w[::-1, ::-1]
    img_w = axes[1].imshow(flipped, cmap="RdBu_r", vmin=-np.abs(flipped).max(), vmax=np.abs(flipped).max())
    _numbers(axes[1], flipped, img_w)
    _grid_axes(axes[1], flipped.shape, "kernel flipped\n(red: 1st window)")
    out = tw.by_zero_insertion
    _signed_panel(axes[2], out, f"ordinary convolution, stride 1:\n{out.shape[0]}×{out.shape[1]}")
    return fig


def plot_stamps(tw: ThreeWays):
    """Way 3: every input cell's stamp (a colour each) on the canvas, with the number of stamps over every cell;
    the dashed square is what the padding crop keeps."""
    st = tw.stamping
    k = tw.w.shape[0]
    colours = matplotlib.colormaps["tab10"]
    fig, axes = static_figure((8, 3.8), 2)
    ax = axes[0]
    ax.imshow(np.zeros(st.canvas.shape), cmap="Greys", vmin=0, vmax=1)
    for m, (top, left) in enumerate(st.tops_lefts):
        ax.add_patch(Rectangle((left - 0.5 + 0.06 * (m % 3), top - 0.5 + 0.06 * (m // 3 % 3)), k - 0.12, k - 0.12,
                               fc=colours(m % 10), alpha=0.22, ec=colours(m % 10), lw=1.2))
    _numbers(ax, st.counts)
    top, left, oh, ow = st.crop
    ax.add_patch(Rectangle((left - 0.5, top - 0.5), ow, oh, fill=False, ec="k", lw=2, ls="--"))
    _grid_axes(ax, st.canvas.shape, f"{len(st.tops_lefts)} stamps of {k}×{k}, stride {tw.stride}: stamps per cell\n"
                                    f"(dashed: kept after cropping {tw.padding}; +{tw.output_padding} bottom/right)")
    out = st.out
    _signed_panel(axes[1], out, f"sum of the stamps, cropped:\n{out.shape[0]}×{out.shape[1]}")
    return fig


def plot_checkerboard(cb: Checkerboard):
    """The three count maps on one colour scale, titled with their interior min and max."""
    maps = [("transposed 3×3, stride 2", cb.k3, "k3"), ("transposed 4×4, stride 2", cb.k4, "k4"),
            ("resize ×2, conv 3×3", cb.resize, "resize")]
    fig, axes = static_figure((8, 3.2), 3)
    for ax, (title, counts, key) in zip(axes, maps):
        lo, hi = cb.ranges[key]
        img = ax.imshow(counts / counts.max(), cmap="viridis", vmin=0, vmax=1)
        ax.set_title(f"{title}\ninterior: " + (f"{lo} per cell (even)" if lo == hi else f"{lo}–{hi} per cell (uneven)"),
                     fontsize=FONT)
        ax.set_xlabel("output column", fontsize=FONT)
        ax.set_ylabel("output row", fontsize=FONT)
        ax.set_xticks(range(0, counts.shape[1], 3))
        ax.set_yticks(range(0, counts.shape[0], 3))
        ax.tick_params(labelsize=FONT)
    cbar = fig.colorbar(img, ax=axes, shrink=0.8)
    cbar.set_label("share of the largest count", fontsize=FONT)
    cbar.ax.tick_params(labelsize=FONT)
    fig.suptitle("a constant 8×8 input doubled to 16×16 (all-ones kernels): how many terms reach each output cell",
                 fontsize=FONT)
    return fig


class TransposeView:
    """Input x (n×n), the transposed convolution's output, and the forward convolution of that output (back to
    n×n), with input cell (0, 0)'s stamp outlined in the output. Texts 10 pt, black or white by the cell's colour.

    frame: a TransposeFrame (compute.transpose_frame); update(frame) changes the existing artists.
    """

    MAX_OUT = 13            # n = 3, kernel 5, stride 3, padding 0, output_padding 2
    FONT = 10

    def __init__(self, frame: TransposeFrame):
        n = frame.x.shape[0]
        self.n = n
        self.fig, (self.ax_in, self.ax_out, self.ax_back) = plt.subplots(
            1, 3, figsize=(8, 3.6), dpi=DPI, gridspec_kw={"width_ratios": [1, 1.4, 1.2]})
        self.fig.subplots_adjust(left=0.04, right=0.99, top=0.76, bottom=0.08, wspace=0.25)   # fixed: no re-layout
        m = np.abs(frame.x).max() or 1
        img_in = self.ax_in.imshow(frame.x, cmap="RdBu_r", vmin=-m, vmax=m)
        in_numbers = [self.ax_in.text(c, r, f"{v:g}", ha="center", va="center", fontsize=self.FONT,
                                      color=text_colour_for(img_in.cmap(img_in.norm(v))))
                      for (r, c), v in np.ndenumerate(frame.x)]
        self.ax_in.add_patch(Rectangle((-0.5, -0.5), 1, 1, fill=False, ec="gold", lw=3))
        self.ax_in.set_title(f"input x, {n}×{n}", fontsize=self.FONT)
        size = self.MAX_OUT
        self.out_img = self.ax_out.imshow(np.zeros((size, size)), cmap="RdBu_r", vmin=-1, vmax=1, aspect="auto")
        self.ax_out.set_box_aspect(1)      # out is square (x is): a fixed square box keeps the layout put
        self.stamp = self.ax_out.add_patch(Rectangle((0, 0), 1, 1, fill=False, ec="gold", lw=3))
        self.message = self.ax_out.text(0.5, 0.5, "", transform=self.ax_out.transAxes, ha="center", va="center",
                                        fontsize=self.FONT, color="darkred")
        self.back_img = self.ax_back.imshow(np.zeros((n, n)), cmap="RdBu_r", vmin=-1, vmax=1)
        self.back_txt = [self.ax_back.text(c, r, "", ha="center", va="center", fontsize=self.FONT)
                         for r in range(n) for c in range(n)]
        self.ax_out.set_title(" ", fontsize=self.FONT)
        self.ax_back.set_title(" ", fontsize=self.FONT)
        # the summary line: a text of the middle axes placed in figure coordinates, so it can be cached
        self.title = self.ax_out.text(0.5, 0.97, " ", transform=self.fig.transFigure, ha="center", va="top",
                                      fontsize=self.FONT)
        labels = {}
        for ax in (self.ax_in, self.ax_out, self.ax_back):      # cells are counted in the titles: no tick labels
            ax.set_xticks([])
            ax.set_yticks([])
            # axis names as axes texts (not axis labels) so they are pasted from cached pictures too
            labels[ax] = [ax.text(0.5, -0.02, "column", transform=ax.transAxes, ha="center", va="top",
                                  fontsize=self.FONT),
                          ax.text(-0.02, 0.5, "row", transform=ax.transAxes, ha="right", va="center",
                                  rotation=90, fontsize=self.FONT)]
        cache_texts(self.ax_in, in_numbers + [self.ax_in.title] + labels[self.ax_in])
        cache_texts(self.ax_out, [self.ax_out.title, self.title, self.message] + labels[self.ax_out])
        cache_texts(self.ax_back, self.back_txt + [self.ax_back.title] + labels[self.ax_back])
        self.update(frame)

    def update(self, frame: TransposeFrame):
        k, s, p, q = frame.kernel, frame.stride, frame.padding, frame.output_padding
        bad = bool(frame.message) or frame.out.size == 0
        self.message.set_text(frame.message.replace("; try", ";\ntry") if bad else "")
        shown = np.full((self.MAX_OUT, self.MAX_OUT), np.nan)
        oh, ow = frame.out.shape
        if not bad:
            shown[:oh, :ow] = frame.out
            m = np.abs(frame.out).max() or 1
            self.out_img.set_clim(-m, m)
        self.out_img.set_data(shown)
        self.ax_out.set_xlim(-0.5, max(ow, 1) - 0.5)
        self.ax_out.set_ylim(max(oh, 1) - 0.5, -0.5)
        top, left, h, w = frame.stamp
        self.stamp.set_visible(not bad and h > 0 and w > 0)
        self.stamp.set_xy((left - 0.5, top - 0.5))
        self.stamp.set_width(w)
        self.stamp.set_height(h)
        self.ax_out.set_title(f"transposed conv: {oh}×{ow}\n= ({self.n}−1)·{s} − 2·{p} + {k} + {q}", fontsize=self.FONT)
        back = frame.back if not bad else np.full((self.n, self.n), np.nan)
        mb = (np.nanmax(np.abs(back)) if not bad else 1) or 1
        self.back_img.set_data(back)
        self.back_img.set_clim(-mb, mb)
        for txt, value in zip(self.back_txt, back.ravel()):
            txt.set_text("" if bad else f"{value:.4g}")
            if not bad:
                txt.set_color(text_colour_for(self.back_img.cmap(self.back_img.norm(value))))
        n_back = (oh + 2 * p - k) // s + 1 if not bad else "–"
        self.ax_back.set_title(f"conv {k}×{k} of it, back:\n⌊({oh} + 2·{p} − {k})/{s}⌋ + 1 = {n_back}",
                               fontsize=self.FONT)
        self.title.set_text(f"kernel {k}, stride {s}, padding {p}, output_padding {q}: {self.n}×{self.n} → "
                            f"{oh}×{ow} → {back.shape[0]}×{back.shape[1]} (gold: input cell (0, 0) and its stamp)")
