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

from lessonlib.figures import DPI, without_ticks
from lessonlib.figures.cached_text import cache_texts

from .compute import KINDS, frame_of

FIGSIZE = (8, 4.6)
FONT = 10          # points: 12.5 px at DPI 90, the smallest text here
WRAP = 92          # characters per line of the red advice (at most three lines at the largest settings)
COLOURS = {
    "padding": (0.88, 0.88, 0.88),
    "input": (0.67, 0.80, 0.93),
    "uncovered": (0.96, 0.55, 0.52),
    "kernel": (0.98, 0.60, 0.15),
    "output": (0.62, 0.85, 0.62),
    "current": (0.98, 0.60, 0.15),
    "dropped": (0.74, 0.74, 0.74),
    "empty": (1.0, 1.0, 1.0),
}
PALETTE = np.array([COLOURS[kind] for kind in KINDS])     # cell kind -> RGB
LEGEND = (("padding", "zero padding"), ("input", "input cells"), ("kernel", "kernel / its output"),
          ("uncovered", "input never read"), ("output", "output cells"), ("dropped", "floored output"),
          ("empty", "no output"), (None, "the kernel's span"))
"""Every colour the grids use, in two rows of four: what each means."""


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
    """Colour legend (top), padded input with the kernel footprint (left), output grid (right), the
    formula and, for a setting that does not fit, the advice (below)."""

    def __init__(self, frame):
        self.fig = plt.figure(figsize=FIGSIZE, dpi=DPI)
        self.ax_in = self.fig.add_axes((0.03, 0.31, 0.44, 0.47))
        self.ax_out = self.fig.add_axes((0.55, 0.31, 0.42, 0.47))
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
            without_ticks(ax)
        self.title_in = self.ax_in.set_title("", fontsize=FONT, y=1.0)
        self.title_out = self.ax_out.set_title("", fontsize=FONT, y=1.0)
        # texts below and above the grids are the input axes' children placed in figure coordinates:
        # drawn from the text cache on a redraw, and by a saved picture (which skips animated figure texts)
        at = dict(transform=self.fig.transFigure, fontsize=FONT)
        self.formula = self.ax_in.text(0.03, 0.275, "", family="DejaVu Sans", va="top", **at)
        self.message = self.ax_in.text(0.03, 0.015, "", color="firebrick", va="bottom", **at)
        legend = []
        for i, (kind, label) in enumerate(LEGEND):
            x, y = 0.03 + 0.245 * (i % 4), 0.955 - 0.055 * (i // 4)
            self.fig.add_artist(Rectangle((x, y - 0.012), 0.018, 0.034, transform=self.fig.transFigure,
                                          fc=COLOURS[kind] if kind else "none", ec="tab:red" if kind is None else "0.45",
                                          lw=1.5 if kind is None else 0.6))
            legend.append(self.ax_in.text(x + 0.025, y + 0.005, label, va="center", color="0.15", **at))
        # texts are most of a redraw: drawn from cached pictures, rendered again only when they change
        cache_texts(self.ax_in, [self.title_in, self.formula, self.message] + legend)
        cache_texts(self.ax_out, [self.title_out])
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
        pad = f", padding {g.padding} → {size}×{size}" if g.padding else ""
        dil = f", dilation {g.dilation}" if g.dilation > 1 else ""
        self.title_in.set_text(f"input {g.n}×{g.n}{pad}\nkernel {g.kernel}×{g.kernel}, stride {g.stride}{dil}")
        if g.valid:
            self.title_out.set_text(f"output {g.out_size}×{g.out_size}\nposition ({i}, {j})")
        elif g.out_size:
            self.title_out.set_text(f"not an integer: floored to {g.out_size}×{g.out_size}\nposition ({i}, {j})")
        else:
            self.title_out.set_text("no output")
        general, numbers = g.formula.split(" = ", 1)        # two short lines, never past the edge
        self.formula.set_text(f"output size = {general}\n                  = {numbers}")
        self.formula.set_color("k" if g.valid else "firebrick")
        self.message.set_text("" if g.valid else "\n".join(textwrap.wrap(g.advice, WRAP)))


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
        ax.set_title(f"output {divmod(q, max(g.out_size, 1))}", fontsize=FONT)
    if title:
        fig.suptitle(title, fontsize=FONT + 1)
    return fig
