"""Lesson 17's drawings (AlexNet by the numbers). They draw what they are given."""
from __future__ import annotations

import textwrap
from typing import Sequence

import matplotlib.pyplot as plt
import numpy as np

from lessonlib.figures import DPI, text_colour_for
from lessonlib.figures.cached_text import cache_texts, fixed_tick_labels

COLUMNS = ("units", "weights", "connections")
_COMPUTED, _WRONG, _LECTURE = "#4477aa", "#cc3311", "black"
_DECADES = [1e4, 1e5, 1e6, 1e7, 1e8, 1e9]
_DECADE_LABELS = ["10k", "100k", "1M", "10M", "100M", "1G"]


def comparison_text(checks) -> str:
    """A fixed-width table: row, column, the lecture's number, the computed one, ok / DIFFERS."""
    lines = [f"{'row':<15}{'column':<12}{'lecture says':>14}{'computed':>14}  verdict"]
    for c in checks:
        verdict = "ok" if c.agrees else f"DIFFERS by {c.computed - c.lecture:+,}"
        lines.append(f"{c.label:<15}{c.column:<12}{c.lecture:>14,}{c.computed:>14,}  {verdict}")
    return "\n".join(lines)


def side_by_side_text(left, right, titles=("left", "right")) -> str:
    """Two networks' layers (counting.analyse rows) line by line by name: each one's output shape
    and weights + biases; a layer only one of them has shows "—" for the other."""
    a, b = {r.name: r for r in left}, {r.name: r for r in right}
    names = [r.name for r in left] + [r.name for r in right if r.name not in a]

    def cell(row):
        return "—" if row is None else f"{'×'.join(map(str, row.output_shape))} ({row.weights + row.biases:,})"

    lines = [f"{'layer':<7}{titles[0]:>30}{titles[1]:>30}",
             f"{'':<7}{'output (weights + biases)':>30}{'output (weights + biases)':>30}"]
    lines += [f"{n:<7}{cell(a.get(n)):>30}{cell(b.get(n)):>30}" for n in names]
    total = [f"{sum(r.weights + r.biases for r in rows):,}" for rows in (left, right)]
    lines.append(f"{'total':<7}{total[0]:>30}{total[1]:>30}")
    return "\n".join(lines)


def plot_counts(labels: Sequence[str], computed, lecture=None, title="AlexNet, layer by layer"):
    """Three log-scale bar panels (units, weights, connections) per layer.

    computed, lecture: arrays (n_layers, 3). Bars are the computed values; black ticks the
    lecture's; a red bar marks a layer where the two differ.
    """
    computed = np.asarray(computed, dtype=float)
    y = np.arange(len(labels))[::-1]
    fig, axes = plt.subplots(1, 3, figsize=(9, 3.2), dpi=DPI, sharey=True)
    for j, (ax, column) in enumerate(zip(axes, COLUMNS)):
        colours = [_COMPUTED] * len(labels)
        if lecture is not None:
            lec = np.asarray(lecture, dtype=float)[:, j]
            colours = [_WRONG if a != b else _COMPUTED for a, b in zip(computed[:, j], lec)]
        ax.barh(y, computed[:, j], color=colours, label="computed")
        if lecture is not None:
            ax.plot(lec, y, "|", color=_LECTURE, markersize=14, markeredgewidth=2, label="lecture")
        ax.set_xscale("log")
        ax.set_title(column)
        ax.set_xlabel("count (log scale)")
    axes[0].set_yticks(y, labels)
    fig.suptitle(title + ("  (red: the lecture's number differs)" if lecture is not None else ""), fontsize=10)
    fig.tight_layout()
    if lecture is not None:
        fig.legend(*axes[0].get_legend_handles_labels(), loc="upper right", fontsize=10, frameon=False, ncol=2)
    return fig


def plot_shares(labels: Sequence[str], weights, connections):
    """Each layer's share of all weights and of all connections, as two 100 % stacked bars."""
    weights, connections = np.asarray(weights, float), np.asarray(connections, float)
    fig, ax = plt.subplots(figsize=(8, 3.2), dpi=DPI)
    cmap = plt.get_cmap("tab10")
    for row, (values, name) in enumerate(((connections, "connections"), (weights, "weights"))):
        share = 100 * values / values.sum()
        left = np.concatenate(([0.0], np.cumsum(share)[:-1]))
        for i, (s, x0) in enumerate(zip(share, left)):
            ax.barh(row, s, left=x0, color=cmap(i), label=labels[i] if row == 0 else None)
            if s > 6:
                ax.text(x0 + s / 2, row, f"{labels[i].split()[0]}\n{s:.0f}%", ha="center", va="center", fontsize=10,
                        color=text_colour_for(cmap(i)))
    ax.set_yticks([0, 1], ["connections\n(compute)", "weights\n(memory)"])
    ax.set_xlabel("share of the network's total (%)")
    ax.set_xlim(0, 100)
    ax.legend(ncol=4, fontsize=10, loc="upper center", bbox_to_anchor=(0.5, -0.4), frameon=False)
    ax.set_title("Where AlexNet keeps its weights, and where it spends its multiplications", fontsize=10)
    fig.tight_layout()
    return fig


def size_title(frame) -> str:
    """The explorer's title: conv1's working and the totals, or why the size does not fit."""
    if frame.error:
        message = textwrap.fill(frame.error, width=100, max_lines=3, placeholder=" …")
        return f"input {frame.n}×{frame.n}×3 does not fit:\n{message}"
    return (f"input {frame.n}×{frame.n}×3   {frame.arithmetic}\n"
            f"total weights {frame.total_weights:,}   total connections {frame.total_connections:,}")


class InputSizeView:
    """Weights and connections per layer as log-scale bars, drawn once from a compute.SizeFrame.

    update(frame) sets the bar lengths and the title; a size that does not fit (no counts)
    empties the bars and shows the title alone. The axes never move: tick labels and title are
    pasted from cached pictures, so a redraw is the bars (issue 15: texts were most of it).
    """

    def __init__(self, frame):
        self.fig, axes = plt.subplots(1, 2, figsize=(8, 3), dpi=DPI, sharey=True)
        labels = frame.labels
        y = np.arange(len(labels))[::-1]
        bars = []
        for ax, name, colour in zip(axes, ("weights", "connections"), ("#228833", "#4477aa")):
            bars.append(ax.barh(y, np.ones(len(labels)), color=colour))
            ax.set_xscale("log")
            ax.set_xlim(1e4, 3e9)
            # plain labels, no minor ticks: mathtext "10^k" labels are most of the cost of a redraw
            ax.set_xticks(_DECADES, _DECADE_LABELS)
            ax.minorticks_off()
            ax.set_xlabel(f"{name} (log scale)")
        axes[0].set_yticks(y, labels)
        self.bars = tuple(bars)          # (weight bars, connection bars)
        self.title = self.fig.suptitle(size_title(frame), fontsize=10, va="top", y=0.99)
        self.fig.tight_layout()
        self.fig.subplots_adjust(top=0.72)      # room for a four-line title
        self.update(frame)
        for ax in axes:
            cache_texts(ax, fixed_tick_labels(ax) + ([self.title] if ax is axes[0] else []))

    def update(self, frame):
        for group, values in zip(self.bars, (frame.weights, frame.connections)):
            values = np.zeros(len(group)) if values is None else np.asarray(values, dtype=float)
            for bar, v in zip(group, values):
                bar.set_width(v)
        self.title.set_text(size_title(frame))
