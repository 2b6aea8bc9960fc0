"""Lesson 10's drawings: a 3-channel convolution as a sum of per-channel responses plus a bias."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Rectangle

from ...figures import DPI
from ...figures.cached_panels import cache_panels
from ...figures.cached_text import cache_texts
from .compute import MultichannelFrame

FIGSIZE = (8, 5.8)          # 720 x 522 pixels at DPI 90
FONT = 10                   # 12.5 px at DPI 90: the smallest text of the figure
CHANNELS = ("R", "G", "B")
CMAPS = ("Reds", "Greens", "Blues")


def _frame(ax, on):
    for spine in ax.spines.values():
        spine.set_linewidth(3 if on else 0.8)
        spine.set_edgecolor("tab:orange" if on else "0.3")


class MultichannelView:
    """Row 1: the padded input, channel by channel (window of the chosen output unit outlined), and
    the image. Row 2: filter f's slices and the arithmetic of one output value.
    Row 3: the per-channel responses and their sum plus bias, the output map f.
    update(frame) changes the selection. Every image panel is drawn from a cached picture of what it
    shows (`cache_panels`): a move of the output unit redraws only the outlines and the arithmetic."""

    def __init__(self, frame: MultichannelFrame):
        x_pad, image = frame.x_pad, frame.image
        n_chan, k = frame.weights.shape[0], frame.weights.shape[1]
        self.fig, axes = plt.subplots(3, n_chan + 1, figsize=FIGSIZE, dpi=DPI)
        self.fig.subplots_adjust(left=0.02, right=0.98, top=0.85, bottom=0.02, wspace=0.15, hspace=0.35)
        self.axes = axes
        for ax in axes.flat:
            ax.set_xticks([])
            ax.set_yticks([])
        size = x_pad.shape[1]
        self.windows, self.ims_w, self.ims_r = [], [], []
        for ch in range(n_chan):
            axes[0, ch].imshow(x_pad[ch], cmap=CMAPS[ch % 3], vmin=0, vmax=1, interpolation="nearest")
            axes[0, ch].set_title(f"channel {CHANNELS[ch % 3]}, padded {size}×{size}", fontsize=FONT)
            rect = Rectangle((0, 0), k, k, fill=False, ec="k", lw=1.5)
            axes[0, ch].add_patch(rect)
            self.windows.append(rect)
            self.ims_w.append(axes[1, ch].imshow(np.zeros((k, k)), cmap="RdBu_r", interpolation="nearest"))
            self.ims_r.append(axes[2, ch].imshow(np.zeros(frame.out.shape), cmap="RdBu_r", interpolation="nearest"))
        axes[0, -1].imshow(np.clip(image, 0, 1), interpolation="nearest")
        axes[0, -1].set_title(f"image {image.shape[0]}×{image.shape[1]}×{image.shape[2]}", fontsize=FONT)
        text_ax = axes[1, -1]
        text_ax.axis("off")
        self.sum_text = text_ax.text(0, 0.5, "", fontsize=FONT, va="center", family="DejaVu Sans Mono",
                                     transform=text_ax.transAxes)
        self.im_out = axes[2, -1].imshow(np.zeros(frame.out.shape), cmap="RdBu_r", interpolation="nearest")
        # the texts that change live in the one axes drawn every time (the arithmetic's), placed in figure
        # coordinates: one label above each of rows 2 and 3, and the figure's title
        y1 = axes[1, 0].get_position().y1 + 0.012
        y2 = axes[2, 0].get_position().y1 + 0.012
        on_fig = dict(fontsize=FONT, transform=self.fig.transFigure)
        self.row1 = text_ax.text(0.02, y1, "", **on_fig)
        self.row2 = text_ax.text(0.02, y2, "", **on_fig)
        self.suptitle = text_ax.text(0.5, 0.985, "", ha="center", va="top", **on_fig)
        self.unit = Rectangle((0, 0), 1, 1, fill=False, ec="k", lw=1.5)
        axes[2, -1].add_patch(self.unit)
        for ax in axes.flat:
            if ax.title.get_text() or ax.texts:
                cache_texts(ax, [ax.title] + ax.texts)
        # every panel but the arithmetic's drawn from cached pictures; the outlines drawn over them
        self.cached = [ax for ax in axes.flat if ax is not text_ax]
        self.panels = cache_panels(self.fig, self.cached, overlays=self.windows + [self.unit])
        self.update(frame)

    def update(self, frame: MultichannelFrame):
        f, c, i, j = frame.f, frame.c, frame.i, frame.j
        n_chan, k = frame.weights.shape[0], frame.weights.shape[1]
        for ch in range(n_chan):
            on = ch == c
            self.windows[ch].set_xy((j - 0.5, i - 0.5))   # output (i, j) reads padded rows i..i+k-1
            self.windows[ch].set_edgecolor("tab:orange" if on else "k")
            self.ims_w[ch].set_data(frame.weights[ch])
            self.ims_w[ch].set_clim(-frame.lim_w, frame.lim_w)
            self.ims_r[ch].set_data(frame.responses[ch])
            self.ims_r[ch].set_clim(-frame.lim_r, frame.lim_r)
            for ax in (self.axes[0, ch], self.axes[1, ch], self.axes[2, ch]):
                _frame(ax, on)
        self.im_out.set_data(frame.out)
        self.im_out.set_clim(-frame.lim_o, frame.lim_o)
        self.unit.set_xy((j - 0.5, i - 0.5))
        # what each cached panel shows: input channels and the image depend on the highlight only,
        # the filter's slices and responses on the filter and the highlight, the output map on the filter
        on = [ch == c for ch in range(n_chan)]
        self.panels.keys = on + [None] + [(f, o) for o in on] + [(f, o) for o in on] + [f]
        self.row1.set_text(f"filter {f}: its {n_chan} slices w[{f}, c], {k}×{k} each, the same weights at every "
                           f"position of depth slice {f}")
        terms_text = " + ".join(f"{CHANNELS[ch % 3]} ⊗ w[{f},{CHANNELS[ch % 3]}]" for ch in range(n_chan))
        self.row2.set_text(f"per-channel responses {terms_text} + b[{f}] = output depth slice {f}")
        lines = [f"out[{f}, {i}, {j}] ="]
        lines += [f"  {CHANNELS[ch % 3]}: {frame.terms[ch]:+.3f}" for ch in range(n_chan)]
        lines += [f"  b: {frame.bias:+.3f}", f"  = {frame.total:+.3f}"]
        self.sum_text.set_text("\n".join(lines))
        oh, ow, depth = frame.out_shape
        self.suptitle.set_text(f"{depth} filter{'s' * (depth > 1)} → output volume {oh}×{ow}×{depth}: its depth is the "
                               f"number of filters, not of input channels ({n_chan})\n"
                               f"filter {f}: {n_chan} per-channel responses summed, plus bias "
                               f"(channel {CHANNELS[c % 3]} highlighted)")
