"""Lesson 10's drawings: a 3-channel convolution as a sum of per-channel responses plus a bias."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Rectangle

from ...figures import DPI
from ...figures.cached_text import cache_texts
from .compute import MultichannelFrame

FIGSIZE = (8, 5.7)          # 720 x 513 pixels at DPI 90
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
    update(frame) changes the selection; the input panels are drawn once."""

    def __init__(self, frame: MultichannelFrame):
        x_pad, image = frame.x_pad, frame.image
        n_chan, k = frame.weights.shape[0], frame.weights.shape[1]
        self.fig, axes = plt.subplots(3, n_chan + 1, figsize=FIGSIZE, dpi=DPI)
        self.fig.subplots_adjust(left=0.02, right=0.98, top=0.88, bottom=0.02, wspace=0.15, hspace=0.3)
        self.axes = axes
        for ax in axes.flat:
            ax.set_xticks([])
            ax.set_yticks([])
        size = x_pad.shape[1]
        self.windows, self.ims_w, self.ims_r = [], [], []
        for ch in range(n_chan):
            axes[0, ch].imshow(x_pad[ch], cmap=CMAPS[ch % 3], vmin=0, vmax=1, interpolation="nearest")
            axes[0, ch].set_title(f"channel {CHANNELS[ch % 3]}, padded {size}×{size}", fontsize=8)
            rect = Rectangle((0, 0), k, k, fill=False, ec="k", lw=1.5)
            axes[0, ch].add_patch(rect)
            self.windows.append(rect)
            self.ims_w.append(axes[1, ch].imshow(np.zeros((k, k)), cmap="RdBu_r", interpolation="nearest"))
            self.ims_r.append(axes[2, ch].imshow(np.zeros(frame.out.shape), cmap="RdBu_r", interpolation="nearest"))
        axes[0, -1].imshow(np.clip(image, 0, 1), interpolation="nearest")
        axes[0, -1].set_title(f"the image {image.shape[0]}×{image.shape[1]}×{image.shape[2]}", fontsize=8)
        axes[1, -1].axis("off")
        self.sum_text = axes[1, -1].text(0, 0.5, "", fontsize=9, va="center", family="DejaVu Sans Mono",
                                         transform=axes[1, -1].transAxes)
        self.im_out = axes[2, -1].imshow(np.zeros(frame.out.shape), cmap="RdBu_r", interpolation="nearest")
        # one label per row instead of one per axes, placed in figure coordinates; each belongs to the
        # first axes of its row, so that the axes' text cache draws it
        y1 = axes[1, 0].get_position().y1 + 0.01
        y2 = axes[2, 0].get_position().y1 + 0.01
        self.row1 = axes[1, 0].text(0.02, y1, "", fontsize=8.5, transform=self.fig.transFigure)
        self.row2 = axes[2, 0].text(0.02, y2, "", fontsize=8.5, transform=self.fig.transFigure)
        self.unit = Rectangle((0, 0), 1, 1, fill=False, ec="k", lw=1.5)
        axes[2, -1].add_patch(self.unit)
        self.suptitle = self.fig.suptitle("", fontsize=10)
        # titles and labels drawn from cached pictures: a redraw renders only the texts that changed
        for ax in axes.flat:
            cache_texts(ax, [ax.title] + ax.texts)
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
        self.row1.set_text(f"filter {f}: its {n_chan} slices w[{f}, c], {k}×{k} each — the same weights at every "
                           f"output position of depth slice {f}")
        terms_text = "   +   ".join(f"{CHANNELS[ch % 3]} ⊗ w[{f},{CHANNELS[ch % 3]}]" for ch in range(n_chan))
        self.row2.set_text(f"per-channel responses:  {terms_text}   +  b[{f}]   =   output depth slice {f}")
        lines = [f"out[{f}, {i}, {j}] ="]
        lines += [f"  {CHANNELS[ch % 3]}: {frame.terms[ch]:+.3f}" for ch in range(n_chan)]
        lines += [f"  b: {frame.bias:+.3f}", f"  = {frame.total:+.3f}"]
        self.sum_text.set_text("\n".join(lines))
        oh, ow, depth = frame.out_shape
        self.suptitle.set_text(f"{depth} filter{'s' * (depth > 1)} → output volume {oh}×{ow}×{depth}: its depth is the "
                               f"number of filters, not of input channels ({n_chan})\n"
                               f"filter {f}: {n_chan} per-channel responses summed, plus bias "
                               f"(channel {CHANNELS[c % 3]} highlighted)")
