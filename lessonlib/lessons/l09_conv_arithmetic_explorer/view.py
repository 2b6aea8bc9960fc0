"""Lesson 9's drawings: the padded input, the kernel at one output position, the output grid, the formula.

Everything is drawn from a frame of `compute` (one axis; the grids are square), so a setting the
lecture calls invalid is drawn too: the message replaces the result, the windows that do fit are
shown, and the cells they never reach are red.
"""
from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.patches import Rectangle

from lessonlib.figures import DPI

from .compute import KINDS, frame_of

FIGSIZE = (8, 4.2)
COLOURS = {
    "padding": (0.88, 0.88, 0.88),
    "input": (0.67, 0.80, 0.93),
    "uncovered": (0.96, 0.55, 0.52),
    "kernel": (0.98, 0.60, 0.15),
    "output": (0.62, 0.85, 0.62),
    "current": (0.98, 0.60, 0.15),
    "dropped": (0.85, 0.85, 0.85),
    "empty": (1.0, 1.0, 1.0),
}
PALETTE = np.array([COLOURS[kind] for kind in KINDS])     # cell kind -> RGB


def _grid_segments(n):
    ticks = np.arange(n + 1) - 0.5
    return ([[(t, -0.5), (t, n - 0.5)] for t in ticks] + [[(-0.5, t), (n - 0.5, t)] for t in ticks])


def input_colours(frame):
    """(N, N, 3) colours of the padded input: padding, input, uncovered rows/columns, kernel cells."""
    return PALETTE[frame.inputs]


def output_colours(frame):
    """(O, O, 3) colours of the output grid; the current position highlighted."""
    return PALETTE[frame.outputs]


class ExplorerView:
    """Padded input with the kernel footprint (left), output grid (right), formula or message (below)."""

    def __init__(self, frame):
        self.fig = plt.figure(figsize=FIGSIZE, dpi=DPI)
        self.ax_in = self.fig.add_axes((0.03, 0.28, 0.45, 0.56))
        self.ax_out = self.fig.add_axes((0.55, 0.28, 0.42, 0.56))
        self.im_in = self.ax_in.imshow(np.ones((1, 1, 3)), interpolation="nearest")
        self.im_out = self.ax_out.imshow(np.ones((1, 1, 3)), interpolation="nearest")
        self.lines_in = LineCollection([], colors="0.45", linewidths=0.6)
        self.lines_out = LineCollection([], colors="0.45", linewidths=0.6)
        self.ax_in.add_collection(self.lines_in)
        self.ax_out.add_collection(self.lines_out)
        self.span = Rectangle((0, 0), 1, 1, fill=False, ec="tab:red", lw=2)
        self.inner = Rectangle((0, 0), 1, 1, fill=False, ec="0.2", lw=1.2, ls="--")
        self.ax_in.add_patch(self.span)
        self.ax_in.add_patch(self.inner)
        for ax in (self.ax_in, self.ax_out):
            ax.set_xticks([])
            ax.set_yticks([])
        self.title_in = self.ax_in.set_title("", fontsize=9)
        self.title_out = self.ax_out.set_title("", fontsize=9)
        self.formula = self.fig.text(0.03, 0.16, "", fontsize=10, family="DejaVu Sans")
        self.message = self.fig.text(0.03, 0.015, "", fontsize=8.5, color="firebrick", va="bottom")
        self.fig.text(0.03, 0.97, "grey: zero padding · blue: input · orange: kernel cells · red: never covered"
                      " · red box: the kernel's span", fontsize=8, color="0.3", va="top")
        self.update(frame)

    def update(self, frame):
        """frame: a compute.Frame (geometry, clipped position, the two grids' cell kinds)."""
        g, i, j = frame.geometry, frame.row, frame.col
        size = g.n + 2 * g.padding
        self.im_in.set_data(input_colours(frame))
        self.im_in.set_extent((-0.5, size - 0.5, size - 0.5, -0.5))
        self.ax_in.set_xlim(-0.5, size - 0.5)
        self.ax_in.set_ylim(size - 0.5, -0.5)
        self.lines_in.set_segments(_grid_segments(size))
        self.inner.set_bounds(g.padding - 0.5, g.padding - 0.5, g.n, g.n)
        o = max(g.out_size, 1)
        self.im_out.set_data(output_colours(frame))
        self.im_out.set_extent((-0.5, o - 0.5, o - 0.5, -0.5))
        self.ax_out.set_xlim(-0.5, o - 0.5)
        self.ax_out.set_ylim(o - 0.5, -0.5)
        self.lines_out.set_segments(_grid_segments(o) if g.out_size else [])
        if g.out_size:
            self.span.set_bounds(j * g.stride - 0.5, i * g.stride - 0.5, g.span, g.span)
            self.span.set_visible(True)
        else:
            self.span.set_visible(False)
        pad = f", padded by {g.padding} per side to {size}×{size}" if g.padding else ""
        dil = f", dilation {g.dilation}" if g.dilation > 1 else ""
        self.title_in.set_text(f"input {g.n}×{g.n}{pad}\nkernel {g.kernel}×{g.kernel}, stride {g.stride}{dil}")
        if g.valid:
            self.title_out.set_text(f"output {g.out_size}×{g.out_size}\nposition ({i}, {j})")
        elif g.out_size:
            self.title_out.set_text(f"not an integer: libraries would floor to {g.out_size}×{g.out_size}\n"
                                    f"and silently skip the red cells; position ({i}, {j})")
        else:
            self.title_out.set_text("no output: the kernel does not fit")
        self.formula.set_text("output size = " + g.formula)
        self.formula.set_color("k" if g.valid else "firebrick")
        self.message.set_text("" if g.valid else "\n".join(textwrap.wrap(g.message, 120)))


def plot_positions(g, positions, title=""):
    """Small multiples (static): the padded input of geometry g with the kernel at each listed output position."""
    fig, axes = plt.subplots(1, len(positions), figsize=(1.9 * len(positions), 2.3), dpi=DPI,
                             layout="constrained", squeeze=False)
    size = g.n + 2 * g.padding
    for ax, q in zip(axes[0], positions):
        ax.imshow(input_colours(frame_of(g, q)), interpolation="nearest")
        ax.add_collection(LineCollection(_grid_segments(size), colors="0.45", linewidths=0.5))
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_title(f"output {divmod(q, max(g.out_size, 1))}", fontsize=8)
    if title:
        fig.suptitle(title, fontsize=9)
    return fig
