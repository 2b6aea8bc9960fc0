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
        self.fig, axes = plt.subplots(1, len(self.names), figsize=(9, 3.6), dpi=DPI)
        self.fig.subplots_adjust(left=0.01, right=0.99, top=0.86, bottom=0.01, wspace=0.05)
        self.cells, self.status = {}, {}
        for ax, name in zip(axes, self.names):
            ax.set_axis_off()
            ax.set_xlim(0, 1)
            ax.set_ylim(rows + 3.5, -0.5)
            ax.set_title(TITLES.get(name, name), fontsize=10)
            self.cells[name] = [(ax.text(0.02, r, "", fontsize=10, va="center"),
                                 ax.text(0.98, r, "", fontsize=10, va="center", ha="right", family="monospace"))
                                for r in range(rows + 1)]
            self.status[name] = ax.text(0.02, rows + 1.3, "", fontsize=10, va="top", fontweight="bold")
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
                status.set_text("✗ rejects this size:\n" + textwrap.fill(failed, 34))
                status.set_color("crimson")
            else:
                status.set_text(f"✓ accepts it: {_shape_text(rows[-1].shape)} class scores")
                status.set_color("darkgreen")     # contrast 7.4 on white (forestgreen: 4.4)


def simple_layers_text(rows) -> str:
    """Figure 9.7, right, as a table: compute.simple_layers rows, one per step of processing."""
    with_params = sum(r.params > 0 for r in rows)
    lines = [f"simple layers (figure 9.7, right): {len(rows)} layers, {with_params} of them with parameters",
             f"{'layer':>5}  {'stage':<25}{'what':<24}{'output':>10}{'params':>9}"]
    lines += [f"{r.number:>5}  {r.stage:<25}{r.layer:<24}{_shape_text(r.shape):>10}{r.params:>9,}" for r in rows]
    return "\n".join(lines)


def complex_layers_text(layers) -> str:
    """Figure 9.7, left, as a table: compute.complex_layers, one row per kernel tensor and its stages."""
    lines = [f"complex layers (figure 9.7, left): {len(layers)} layers, one per kernel tensor",
             f"{'layer':>5}  {'stages (the simple layers it is made of)':<46}{'output':>10}{'params':>9}"]
    for layer in layers:
        for j, r in enumerate(layer.stages):
            head = f"{layer.number:>5}" if j == 0 else " " * 5
            tail = f"{_shape_text(layer.shape):>10}{layer.params:>9,}" if j == len(layer.stages) - 1 else ""
            what = f"{r.number}. {r.layer} ({r.stage.split(' (')[0]} stage)"
            lines.append(f"{head}  {what:<46}{tail}".rstrip())
    return "\n".join(lines)


def plot_terminologies(layers):
    """Figure 9.7 for one network: its stages bottom (input) to top, bracketed into complex layers on
    the left and numbered as simple layers on the right. layers: compute.complex_layers rows."""
    stages = [r for layer in layers for r in layer.stages]
    fig, ax = plt.subplots(figsize=(7.2, 0.42 * len(stages) + 1.0), dpi=DPI)
    ax.set_xlim(0, 10)
    ax.set_ylim(-0.9, len(stages) - 0.3)
    ax.set_axis_off()
    colours = {"convolution": "#bbccee", "dense": "#bbccee", "detector": "#ccddaa", "pooling": "#eeeebb"}
    for y, r in enumerate(stages):
        kind = r.stage.split(" (")[0]
        ax.add_patch(plt.Rectangle((2.6, y - 0.36), 4.2, 0.72, facecolor=colours.get(kind, "#dddddd"),
                                   edgecolor="0.3", linewidth=0.8))
        ax.text(4.7, y, f"{kind} stage: {r.layer}", ha="center", va="center", fontsize=10)
        ax.text(7.0, y, f"layer {r.number}" + ("" if r.params else "  (no parameters)"), va="center", fontsize=10)
    y = 0
    for layer in layers:
        top = y + len(layer.stages) - 1
        ax.plot([2.45, 2.3, 2.3, 2.45], [y - 0.36, y - 0.36, top + 0.36, top + 0.36], color="0.2", linewidth=1.2)
        ax.text(2.15, (y + top) / 2, f"layer {layer.number}\n{layer.params:,} params", ha="right", va="center",
                fontsize=10)
        y = top + 1
    ax.text(4.7, -0.75, "input (bottom) → output (top)", ha="center", va="center", fontsize=10, color="0.3")
    ax.set_title(f"left: {len(layers)} complex layers (one per kernel tensor)     "
                 f"right: {len(stages)} simple layers", fontsize=10)
    fig.tight_layout()
    return fig
