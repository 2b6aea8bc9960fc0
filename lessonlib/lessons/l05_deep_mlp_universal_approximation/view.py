"""Lesson 5's drawings: a 1-D fit as a sum of hinges, error versus width, shallow versus deep at
equal parameter budgets, and the hand-built sawtooth."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.collections import LineCollection

from ...figures import DPI, freeze_layout
from ...figures.cached_panels import cache_panels
from ...figures.static import static_figure
from .compute import WidthFrame

TARGET_STYLE = dict(color="0.55", lw=3, alpha=0.6)


def _arch_name(sizes) -> str:
    return "-".join(str(s) for s in sizes)


class WidthView:
    """One width of a precomputed sweep; update(frame) shows another width.

    Left: target and fit. Middle: the fit's hinges θ_h[k]·relu(θ_f[k]x + b_f[k]) (their sum
    plus b_h is the fit). Right: error against width, the current width marked. When the frame
    carries fits set by hand (interpolation), they are drawn dashed for comparison.
    The panels are drawn from pictures cached per width (`cache_panels`); only the marker on the
    error curve is drawn on every move.
    """

    def __init__(self, frame: WidthFrame, figsize=(10, 3.2)):
        self.fig, (self.ax_fit, self.ax_h, self.ax_err) = plt.subplots(
            1, 3, figsize=figsize, dpi=DPI, layout="constrained", gridspec_kw={"width_ratios": [1.2, 1.2, 1]})
        x, target, widths = frame.x, frame.target, frame.widths
        self.ax_fit.plot(x, target, label="target", **TARGET_STYLE)
        (self.fit_line,) = self.ax_fit.plot(x, frame.fit.y_fit, color="C3", lw=1.5, label="trained MLP")
        self.built_line = None
        if frame.built is not None:
            (self.built_line,) = self.ax_fit.plot(x, frame.built.y_fit, color="k", lw=0.9, ls="--",
                                                  label="built by hand")
        pad = 0.15 * np.ptp(target)
        self.ax_fit.set(xlabel="x", ylabel="h(x)", ylim=(np.min(target) - pad, np.max(target) + pad))
        self.ax_fit.legend(fontsize=10, loc="lower left")
        self.fit_title = self.ax_fit.set_title("", fontsize=10)
        self.hinges = LineCollection([], lw=1, cmap="viridis")
        self.ax_h.add_collection(self.hinges)
        self.ax_h.axhline(0, color="0.8", lw=0.8, zorder=0)
        self.ax_h.set(xlim=(x[0], x[-1]), xlabel="x", ylabel=r"$\theta_h[k]\ \mathrm{relu}(\theta_f[k]x + b_f[k])$")
        self.hinge_title = self.ax_h.set_title("", fontsize=10)
        self.ax_err.loglog(widths, frame.mse, "o-", color="C3", ms=4, label="trained (best seed)")
        if frame.built_mse is not None:
            self.ax_err.loglog(widths, frame.built_mse, "s--", color="k", ms=3, lw=0.9, label="built by hand")
        (self.marker,) = self.ax_err.loglog([widths[0]], [frame.mse[0]], "o", color="C3", ms=9)
        self.ax_err.set(xlabel="hidden units n", ylabel="mean squared error")
        self.ax_err.set_title("error versus width", fontsize=10)
        self.ax_err.legend(fontsize=10, loc="lower left")
        self.ax_err.set_xticks(widths, [str(w) for w in widths], fontsize=10)
        self.ax_err.minorticks_off()
        self.panels = None
        self.update(frame)
        freeze_layout(self.fig)   # lay out once; a redraw then skips the layout solver
        # a width's three panels are rendered once, then pasted: left and middle show one width
        # (key: the width and its error), the error curve never changes under its marker
        self.panels = cache_panels(self.fig, [self.ax_fit, self.ax_h, self.ax_err], overlays=[self.marker],
                                   keep=len(widths) + 1)
        self.update(frame)

    def update(self, frame: WidthFrame):
        f, x = frame.fit, frame.x
        n = f.sizes[1]
        if self.panels is not None:
            key = (n, float(f.mse), None if frame.built is None else float(frame.built.mse))
            self.panels.keys = [key, key, None]
        self.fit_line.set_ydata(f.y_fit)
        text = f"n = {n} hidden units, {f.n_params} parameters\nMSE trained {f.mse:.2g}"
        if self.built_line is not None:
            self.built_line.set_ydata(frame.built.y_fit)
            text += f", built by hand {frame.built.mse:.2g}"
        self.fit_title.set_text(text)
        self.hinges.set_segments([np.column_stack([x, h]) for h in f.hinges])
        self.hinges.set_array(np.linspace(0, 1, n))
        span = 1.05 * max(np.abs(f.hinges).max(), 1e-3)   # hinges may be large and cancel: show them all
        self.ax_h.set_ylim(-span, span)
        self.hinge_title.set_text(f"the {n} hinge{'s' if n > 1 else ''}: {n} kink{'s' if n > 1 else ''} at most")
        self.marker.set_data([n], [f.mse])


def draw_architectures(x, target, results, title="same target, similar parameter budgets"):
    """Left: error of each architecture (median of the seeds as a bar, every seed as a dot).
    Right: fit minus target for the best seed of each architecture with the largest budget."""
    fig, (ax_b, ax_r) = static_figure((10, 3.3), 2, gridspec_kw={"width_ratios": [1.3, 1]})
    names = [f"{_arch_name(r.sizes)}\n{r.n_params} params" for r in results]
    colors = [f"C{len(r.sizes) - 3}" for r in results]      # colour = number of hidden layers
    pos = np.arange(len(results))
    ax_b.bar(pos, [r.median_mse for r in results], color=colors, alpha=0.7)
    for p, r in zip(pos, results):
        ax_b.plot(np.full(len(r.mse), p), r.mse, "k.", ms=4)
    ax_b.set_yscale("log")
    ax_b.set_xticks(pos, names, fontsize=10)
    ax_b.set_ylabel("mean squared error")
    ax_b.set_title(f"{title}\n(bar: median of the seeds, dots: each seed)", fontsize=10)
    budget = max(r.n_params for r in results)
    ax_r.axhline(0, color="0.6", lw=0.8)
    for r in results:
        if r.n_params >= 0.8 * budget:
            ax_r.plot(np.ravel(x), r.best_fit - np.ravel(target), lw=1.2, color=f"C{len(r.sizes) - 3}",
                      label=f"{_arch_name(r.sizes)} (best seed)")
    ax_r.set(xlabel="x", ylabel="fit − target")
    ax_r.set_title(f"what is left: best fits at about {budget} parameters", fontsize=10)
    ax_r.legend(fontsize=10, loc="lower left")
    return fig


def draw_sawtooth(x, outputs: dict, title="a deep ReLU net with 2 units per layer"):
    """outputs: depth -> (y (len(x),), number of linear pieces); one panel per depth."""
    fig, axes = static_figure((10, 2.3), len(outputs), sharey=True)
    axes = np.atleast_1d(axes)
    for ax, (depth, (y, pieces)) in zip(axes, outputs.items()):
        ax.plot(np.ravel(x), np.ravel(y), color="C0", lw=1)
        ax.set(xlabel="x", title=f"{depth} hidden layer{'s' if depth > 1 else ''}: {pieces} pieces")
        ax.title.set_fontsize(10)
    axes[0].set_ylabel("h(x)")
    fig.suptitle(title, fontsize=10)
    return fig
