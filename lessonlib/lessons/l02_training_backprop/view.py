"""Lesson 2's drawings: the computational graph with its forward values and backward gradients,
and the loss curves over learning rates."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from ...figures import DPI, freeze_layout
from ...figures.cached_panels import cache_panels
from ...figures.scales import set_step_ticks, step_axis
from .compute import check_graph, depths

KIND_COLORS = {"input": "#deebf7", "param": "#fee6ce", "op": "#e5f5e0", "loss": "#fcbba1"}
GRAD_COLOR = "#b2182b"


def format_array(a, digits=2) -> str:
    """A scalar, vector or matrix as short text: '0.37', '[0.61, 0.47]', '[[0.3, -0.2], [...]]'."""
    a = np.asarray(a, dtype=float)
    if a.ndim == 0 or a.size == 1:
        return f"{a.item():.{digits}f}"
    if a.ndim == 1:
        return "[" + ", ".join(f"{v:.{digits}f}" for v in a) + "]"
    return "[" + ",\n ".join(format_array(row, digits) for row in a) + "]"


def draw_graph(nodes, values=None, grads=None, title="", figsize=(9, 3.6)):
    """Boxes for the nodes (columns = depth in the graph), arrows for the data flow.

    values: {name: array} printed under each node's name (forward pass); grads: {name: array}
    printed in red as ∂L/∂name (backward pass). Either may be None or miss some names.
    """
    by_name = check_graph(nodes)
    values, grads = values or {}, grads or {}
    unknown = (set(values) | set(grads)) - set(by_name)
    if unknown:
        raise ValueError(f"values/grads name nodes that are not in the graph: {sorted(unknown)}")
    depth = depths(nodes)
    columns: dict[int, list[str]] = {}
    for node in nodes:
        columns.setdefault(depth[node.name], []).append(node.name)
    # the chain of computed nodes runs along y = 0; data and parameters sit above and below it
    pos = {}
    for col, names in columns.items():
        centre = next((n for n in names if by_name[n].kind in ("op", "loss")), names[0])
        others = [n for n in names if n != centre]
        pos[centre] = (col, 0.0)
        for k, name in enumerate(others):
            pos[name] = (col, (k // 2 + 1) * (1 if k % 2 == 0 else -1))
    fig, ax = plt.subplots(figsize=figsize, dpi=DPI, layout="constrained")
    for node in nodes:
        for src in node.inputs:
            ax.annotate("", xy=pos[node.name], xytext=pos[src],
                        arrowprops=dict(arrowstyle="-|>", color="0.55", shrinkA=24, shrinkB=24, lw=1))
    for node in nodes:
        text = f"${node.forward}$"
        if node.name in values:
            text += "\n" + format_array(values[node.name])
        ax.text(*pos[node.name], text, ha="center", va="center", fontsize=10, family="DejaVu Sans",
                bbox=dict(boxstyle="round,pad=0.35", fc=KIND_COLORS[node.kind], ec="0.4"))
        if node.name in grads:
            x, y = pos[node.name]
            above = y > 0            # keep the label clear of the arrows leaving the node
            ax.text(x, y + (0.3 if above else -0.3), r"$\partial L/\partial " + node.forward.split("=")[0].strip()
                    + "$ = " + format_array(grads[node.name]).replace("\n", " "), ha="center",
                    va="bottom" if above else "top", fontsize=10, color=GRAD_COLOR)
    ys = [y for _, y in pos.values()]
    ax.set(xlim=(-0.6, max(columns) + 0.6), ylim=(min(ys) - 0.55, max(ys) + 0.55))
    ax.set_axis_off()
    if title:
        ax.set_title(title, fontsize=10)
    return fig


def _log10(loss):
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.log10(loss)


class LearningRateView:
    """Left: training loss per step at the frame's learning rate (all other curves faint). Right:
    the data and the model's fit after the last step.

    frame: a compute.LossCurve (lr, loss (steps + 1,) NaN after divergence, diverged_at, fit);
    x, y: the training data; x_plot: where fit was evaluated; curves: every precomputed LossCurve,
    drawn faint. update(frame) shows another curve.
    """

    def __init__(self, frame, *, x, y, x_plot, curves, figsize=(9, 3.2)):
        self.fig, (ax_l, ax_f) = plt.subplots(1, 2, figsize=figsize, dpi=DPI, layout="constrained",
                                              width_ratios=[1.3, 1])
        # Both axes are drawn linear, on transformed coordinates: x = step_axis(step) (linear up to
        # step 10, then one unit per decade: a divergence takes a few steps, a convergence hundreds)
        # and y = log10(loss). Matplotlib's symlog/log scales would cost a third of every redraw.
        steps = np.arange(len(frame.loss))
        self.x_steps = step_axis(steps)
        for c in curves:
            ax_l.plot(self.x_steps, _log10(c.loss), color="0.85", lw=0.8)
        (self.loss_line,) = ax_l.plot(self.x_steps, _log10(frame.loss), color="C0", lw=2)
        (self.blowup,) = ax_l.plot([], [], "x", color=GRAD_COLOR, ms=10, mew=2)
        finite = np.concatenate([c.loss[np.isfinite(c.loss)] for c in curves])
        lo, hi = np.floor(np.log10(finite.min())), np.ceil(np.log10(finite.max()))
        ax_l.set(xlabel="gradient-descent step (linear to 10, then log)", ylabel="training loss (MSE)",
                 ylim=(lo - 0.1, hi + 0.1), xlim=(0, self.x_steps[-1]))
        set_step_ticks(ax_l, steps[-1], ticks=(0, 2, 4, 6, 8, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000))
        decades = np.arange(lo, hi + 1)
        ax_l.set_yticks(decades, [f"{10.0 ** k:g}" for k in decades])
        self.loss_title = ax_l.set_title("", fontsize=10)
        ax_f.plot(np.ravel(x), np.ravel(y), ".", color="0.4", ms=4, label="data")
        (self.fit_line,) = ax_f.plot(np.ravel(x_plot), frame.fit, color="C0", lw=2, label="network")
        ax_f.set(xlabel="x", ylabel="y", ylim=(np.min(y) - 0.7, np.max(y) + 0.7))
        ax_f.legend(fontsize=10, loc="upper left")
        self.fit_title = ax_f.set_title("", fontsize=10)
        self.update(frame)
        freeze_layout(self.fig)
        # both panels (axes, ticks, the faint curves, the data) drawn from cached pictures; what one
        # rate changes, and the legend above it, is drawn over them on every move
        cache_panels(self.fig, [ax_l, ax_f], overlays=[self.loss_line, self.blowup, self.loss_title,
                                                      self.fit_line, ax_f.get_legend(), self.fit_title])

    def update(self, frame):
        """Show the run of `frame` (a compute.LossCurve)."""
        c = frame
        self.loss_line.set_ydata(_log10(c.loss))
        if c.diverged_at is None:
            self.blowup.set_data([], [])
            verdict = f"final loss {c.loss[-1]:.3f}"
            self.fit_title.set_text(f"fit after {len(c.loss) - 1} steps")
        else:
            last = c.diverged_at - 1
            self.blowup.set_data([self.x_steps[last]], [np.log10(c.loss[last])])
            verdict = f"DIVERGED at step {c.diverged_at}"
            self.fit_title.set_text("no fit: the weights blew up")
        self.loss_title.set_text(f"learning rate {c.lr:.3g}: {verdict}")
        self.fit_line.set_ydata(c.fit)
