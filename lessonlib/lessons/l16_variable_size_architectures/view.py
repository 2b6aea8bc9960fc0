"""Lesson 16's drawing: the three architectures of figure 9.11, layer by layer, for one input size."""
from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt

from lessonlib.figures import DPI
from lessonlib.figures.cached_text import cache_texts

TITLES = {"fixed_size": "fixed size: flatten + dense",
          "fixed_pools": "fixed number of pools + dense",
          "fully_convolutional": "fully convolutional + global avg pool"}


def _shape_text(shape) -> str:
    return "×".join(str(n) for n in shape)


class ArchitectureView:
    """One column per architecture: each layer with its output shape, then whether the input fits.

    View(frame) draws a compute.Frame (input_shape, traces); update(frame) changes the texts only,
    and the texts are drawn from cached pictures: a size change re-renders only the texts it changes.
    """

    def __init__(self, frame, rows=9):
        self.names = list(frame.traces)
        self.fig, axes = plt.subplots(1, len(self.names), figsize=(8, 3.6), dpi=DPI)
        self.fig.subplots_adjust(left=0.01, right=0.99, top=0.86, bottom=0.01, wspace=0.05)
        self.cells, self.status = {}, {}
        for ax, name in zip(axes, self.names):
            ax.set_axis_off()
            ax.set_xlim(0, 1)
            ax.set_ylim(rows + 3.5, -0.5)
            ax.set_title(TITLES.get(name, name), fontsize=9)
            self.cells[name] = [(ax.text(0.02, r, "", fontsize=7.5, va="center"),
                                 ax.text(0.98, r, "", fontsize=7.5, va="center", ha="right", family="monospace"))
                                for r in range(rows + 1)]
            self.status[name] = ax.text(0.02, rows + 1.3, "", fontsize=7.5, va="top", fontweight="bold")
            cache_texts(ax, [ax.title, self.status[name]] + [t for cell in self.cells[name] for t in cell])
        self.title = self.fig.suptitle("", fontsize=10)
        self.update(frame)

    def update(self, frame):
        input_shape, traces = frame.input_shape, frame.traces
        if set(traces) != set(self.names):
            raise ValueError(f"traces must have one entry per architecture {self.names}, got {sorted(traces)}")
        self.title.set_text(f"input {_shape_text(input_shape)} (channels × height × width)")
        for name in self.names:
            rows = traces[name]
            cells = self.cells[name]
            if len(rows) + 1 > len(cells):
                raise ValueError(f"{name} has {len(rows)} layers; the view has room for {len(cells) - 1}")
            cells[0][0].set_text("input")
            cells[0][1].set_text(_shape_text(input_shape))
            for (left, right), row in zip(cells[1:], rows + [None] * len(cells)):
                left.set_text("" if row is None else row.layer)
                right.set_text("" if row is None or row.shape is None else _shape_text(row.shape))
                left.set_color("crimson" if row is not None and row.error else "black")
            failed = rows[-1].error if rows else "no layers"
            status = self.status[name]
            if failed:
                status.set_text("✗ rejects this size:\n" + textwrap.fill(failed, 44))
                status.set_color("crimson")
            else:
                status.set_text(f"✓ accepts it: {_shape_text(rows[-1].shape)} class scores")
                status.set_color("forestgreen")
