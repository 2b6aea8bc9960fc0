"""Lesson 00's drawing: one row of input cells and the windows a stride visits."""
from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
from matplotlib.patches import Rectangle

from ...figures import DPI

MAX_WINDOWS = 8


class StrideView:
    """Input cells in a row, one bracket per window visited; the output size (or why there is none)
    written under it; input cells no window reads are shaded red. frame: compute.StrideFrame."""

    def __init__(self, frame):
        self.fig, self.ax = plt.subplots(figsize=(6.5, 2.1), dpi=DPI)
        self.fig.subplots_adjust(left=0.02, right=0.98, top=0.82, bottom=0.32)
        ax = self.ax
        ax.set_xlim(-0.6, frame.n + 0.6)
        ax.set_ylim(-0.2, 1.0 + 0.18 * MAX_WINDOWS)
        ax.axis("off")
        self.cells = []
        for i in range(frame.n):
            self.cells.append(ax.add_patch(Rectangle((i, 0), 1, 1, fc="0.93", ec="0.5")))
            ax.text(i + 0.5, 0.5, str(i), ha="center", va="center", fontsize=10)
        self.windows = [ax.add_patch(Rectangle((0, 0), frame.kernel, 0.12, fc="tab:blue", alpha=0.6))
                        for _ in range(MAX_WINDOWS)]
        self.title = ax.set_title("", fontsize=10)
        self.message = self.fig.text(0.5, 0.04, "", ha="center", va="bottom", fontsize=10)
        self.update(frame)

    def update(self, frame):
        for k, rect in enumerate(self.windows):
            rect.set_visible(k < len(frame.starts))
            if k < len(frame.starts):
                rect.set_xy((frame.starts[k], 1.05 + 0.18 * k))
                rect.set_width(frame.kernel)
        for i, cell in enumerate(self.cells):
            cell.set_facecolor("mistyrose" if i in frame.unread else "0.93")
        self.title.set_text(f"stride {frame.stride}: the kernel visits {len(frame.starts)} position(s)")
        self.message.set_text("\n".join(textwrap.wrap(frame.message, 80)))
        self.message.set_color("0.1" if frame.fits else "crimson")
