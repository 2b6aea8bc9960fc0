"""Lesson 12's drawings: Goodfellow's figures 9.2, 9.3 and 9.5 (and 9.14's locally connected layer)
from real connection matrices."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.collections import LineCollection

from ...figures import DPI
from ...figures.cached_text import cache_texts
from .compute import ConnectivityFrame

FIGSIZE = (7, 6.2)
MAX_UNITS = 12
HIGHLIGHT, FAINT = "black", "0.82"
NODE_ON, NODE_OFF = "#8fbce6", "white"


class ConnectivityView:
    """Three panels, convolution (top), locally connected (middle) and matrix multiplication (bottom):
    inputs x below, outputs s above, one line per connection. update() recolours lines and nodes; the layout is rebuilt only
    when the number of units changes (still by set_* calls, no new artists). Every text (node labels, titles,
    the caption) is pasted from cached pictures: a redraw was mostly their layout (issue 15)."""

    def __init__(self, frame: ConnectivityFrame):
        self.fig, self.axes = plt.subplots(3, 1, figsize=FIGSIZE, dpi=DPI)
        self.fig.subplots_adjust(left=0.03, right=0.97, top=0.95, bottom=0.1, hspace=0.45)
        self.panels = []
        for ax in self.axes:
            lines = LineCollection([], zorder=1)
            ax.add_collection(lines)
            nodes_x = ax.scatter([], [], s=540, zorder=2, edgecolors="k")
            nodes_s = ax.scatter([], [], s=540, zorder=2, edgecolors="k")
            labels = [ax.text(0, 0, "", ha="center", va="center", fontsize=10, zorder=3)
                      for _ in range(2 * MAX_UNITS)]
            title = ax.set_title("", fontsize=10)
            ax.set_axis_off()
            self.panels.append((ax, lines, nodes_x, nodes_s, labels, title))
        self.caption = self.fig.text(0.5, 0.015, "", ha="center", fontsize=10)
        for ax, *_, labels, title in self.panels:
            cache_texts(ax, labels + [title] + ([self.caption] if ax is self.axes[-1] else []))
        self.update(frame)

    def _draw_panel(self, panel, mask, hi, lit_in, lit_out, title):
        ax, lines, nodes_x, nodes_s, labels, title_artist = panel
        n_out, n_in = mask.shape
        if max(n_out, n_in) > MAX_UNITS:
            raise ValueError(f"at most {MAX_UNITS} units per layer can be drawn, got {mask.shape}")
        xs_in = np.arange(n_in) - (n_in - 1) / 2
        xs_out = np.arange(n_out) - (n_out - 1) / 2
        rows, cols = np.nonzero(mask)
        order = np.argsort(hi[rows, cols], kind="stable")      # highlighted lines drawn last, on top
        rows, cols = rows[order], cols[order]
        lines.set_segments([[(xs_in[c], 0), (xs_out[r], 1)] for r, c in zip(rows, cols)])
        on = hi[rows, cols]
        lines.set_colors([HIGHLIGHT if h else FAINT for h in on])
        lines.set_linewidths([2.4 if h else 1.0 for h in on])
        lines.set_zorder(1)
        nodes_x.set_offsets(np.column_stack([xs_in, np.zeros(n_in)]))
        nodes_s.set_offsets(np.column_stack([xs_out, np.ones(n_out)]))
        # a unit is lit when a highlighted connection touches it
        nodes_x.set_facecolors([NODE_ON if lit else NODE_OFF for lit in lit_in])
        nodes_s.set_facecolors([NODE_ON if lit else NODE_OFF for lit in lit_out])
        for k, text in enumerate(labels):
            if k < n_in:
                text.set_position((xs_in[k], 0))
                text.set_text(f"x{k + 1}")
            elif MAX_UNITS <= k < MAX_UNITS + n_out:
                text.set_position((xs_out[k - MAX_UNITS], 1))
                text.set_text(f"s{k - MAX_UNITS + 1}")
            else:
                text.set_text("")
        half = max(n_in, n_out) / 2
        ax.set_xlim(-half, half)
        ax.set_ylim(-0.35, 1.35)
        title_artist.set_text(title)

    def update(self, frame: ConnectivityFrame):
        panels = ((frame.conv_mask, frame.conv_hi, frame.conv_lit_in, frame.conv_lit_out),
                  (frame.local_mask, frame.local_hi, frame.local_lit_in, frame.local_lit_out),
                  (frame.dense_mask, frame.dense_hi, frame.dense_lit_in, frame.dense_lit_out))
        for panel, (mask, hi, lit_in, lit_out), title in zip(self.panels, panels, frame.titles):
            self._draw_panel(panel, np.asarray(mask, bool), np.asarray(hi, bool), lit_in, lit_out, title)
        self.caption.set_text(frame.caption)
