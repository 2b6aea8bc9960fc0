"""Lesson 13's drawings: activation functions, their derivatives, gradients through depth."""
from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np

from ...figures import DPI, freeze_layout
from ...figures.cached_text import cache_texts, fixed_tick_labels
from .compute import ParametricCurves

FIGSIZE = (8, 3)


def plot_activations(x, curves: dict, title="activation functions"):
    """curves: name -> (f(x), f'(x)), arrays like x. Left panel f, right panel f'."""
    fig, (ax_f, ax_d) = plt.subplots(1, 2, figsize=FIGSIZE, dpi=DPI, layout="constrained")
    for name, (f, df) in curves.items():
        ax_f.plot(x, f, label=name)
        ax_d.plot(x, df, label=name)
    ax_f.set(xlabel="x", ylabel="f(x)", title=title, ylim=(-2, 4))
    ax_d.set(xlabel="x", ylabel="f'(x)", title="derivatives", ylim=(-0.1, 1.3))
    for ax in (ax_f, ax_d):
        ax.axhline(0, color="0.8", lw=0.8, zorder=0)
        ax.axvline(0, color="0.8", lw=0.8, zorder=0)
    ax_d.legend(fontsize=10, loc="upper left")
    return fig


def _key(ax, lines):
    """A legend at the upper left drawn as a short line and a black label per entry (cached texts:
    matplotlib's legend lays out all its labels again on every redraw). lines: labelled Line2D."""
    texts = []
    for i, line in enumerate(lines):
        y = 0.93 - 0.1 * i
        ax.plot([0.03, 0.09], [y, y], transform=ax.transAxes, color=line.get_color(), ls=line.get_linestyle(),
                lw=max(line.get_linewidth(), 1.5))
        texts.append(ax.text(0.11, y, line.get_label(), transform=ax.transAxes, va="center", fontsize=10))
    return texts


class ParametricActivations:
    """Leaky ReLU (slope ε) and ELU (α) with their derivatives, and ELU's limit −α for x → −∞ (dotted);
    update(frame) moves the curves only.

    Drawn for speed (issue 15: a redraw is mostly text): the axes never move, so the layout is frozen,
    and tick labels, keys and titles are texts drawn from cached pictures."""

    def __init__(self, frame: ParametricCurves):
        self.x = frame.x
        self.fig, (ax_f, ax_d) = plt.subplots(1, 2, figsize=FIGSIZE, dpi=DPI, layout="constrained")
        relu_line, = ax_f.plot(self.x, frame.relu, color="0.55", ls="--", label="ReLU")
        (self.leaky,) = ax_f.plot(self.x, self.x, label="leaky ReLU")
        (self.elu,) = ax_f.plot(self.x, self.x, label="ELU")
        # ELU's left asymptote: α(e^x − 1) → −α as x → −∞ (below 0, not at +α)
        self.elu_limit = ax_f.axhline(-frame.alpha, color="C1", ls=":", lw=1, label="ELU → −α as x → −∞")
        (self.dleaky,) = ax_d.step(self.x, self.x, where="mid", label="leaky ReLU'")
        (self.delu,) = ax_d.plot(self.x, self.x, label="ELU'")
        ax_f.set(xlabel="x", ylabel="f(x)", ylim=(-2.2, 3))
        ax_d.set(xlabel="x", ylabel="f'(x)", ylim=(-0.05, 2.1))
        self.title = ax_f.set_title("", fontsize=10)
        ax_d.set_title("derivatives", fontsize=10)
        self.update(frame)
        freeze_layout(self.fig)   # lay out once; a redraw then skips the layout solver (half its cost)
        keys_f = _key(ax_f, [relu_line, self.leaky, self.elu, self.elu_limit])
        keys_d = _key(ax_d, [self.dleaky, self.delu])
        for ax, keys in ((ax_f, keys_f), (ax_d, keys_d)):
            cache_texts(ax, fixed_tick_labels(ax) + keys + [ax.title])

    def update(self, frame: ParametricCurves):
        self.leaky.set_ydata(frame.leaky)
        self.dleaky.set_ydata(frame.dleaky)
        self.elu.set_ydata(frame.elu)
        self.delu.set_ydata(frame.delu)
        self.elu_limit.set_ydata([-frame.alpha, -frame.alpha])
        self.title.set_text(f"leaky ReLU max({frame.slope:.2f}x, x), ELU α = {frame.alpha:.2f}")


def plot_gradient_vs_depth(profiles, title="gradient reaching lower layers (random init)"):
    """profiles: DepthProfile per activation. Log-scale ||gradient|| vs layers traversed."""
    fig, ax = plt.subplots(figsize=FIGSIZE, dpi=DPI, layout="constrained")
    for p in profiles:
        ax.semilogy(np.arange(len(p.grad_norm)), p.grad_norm, marker=".", ms=3, label=p.activation)
    ax.set(xlabel="layers the gradient has passed through (from the top)",
           ylabel="‖gradient‖ / ‖gradient at top‖", title=title)
    low = min(float(np.min(p.grad_norm)) for p in profiles)
    ax.set_ylim(10 ** math.floor(math.log10(max(low, 1e-300))), None)
    ax.grid(True, which="major", alpha=0.3)
    ax.legend(fontsize=10, ncol=3)
    return fig


def plot_zero_centring(paths, sweeps, title_left="SGD path of two weights (2 inputs)",
                       title_right="steps to converge (8 inputs)"):
    """paths: CentringRun per activation with 2 inputs (their weight paths are drawn in the (w1, w2)
    plane, from 0 to the target w*); sweeps: CentringRun per activation (any inputs), steps against
    learning rate, runs that never converged left out."""
    fig, (ax_p, ax_s) = plt.subplots(1, 2, figsize=(9, 3.8), dpi=DPI, layout="constrained")
    for i, run in enumerate(paths):
        p = run.path
        ax_p.plot(p[:, 0], p[:, 1], marker=".", ms=4, lw=1, color=f"C{i}",
                  label=f"{run.activation}, rate {run.path_rate:g}: {len(p) - 1} steps")
    w_star = paths[0].target
    ax_p.plot(*w_star[:2], marker="*", ms=12, color="k", ls="none", label="target w*")
    ax_p.plot(0, 0, marker="o", ms=5, color="k", ls="none")
    ax_p.set(xlabel="w1", ylabel="w2", title=title_left)
    ax_p.set_aspect("equal", adjustable="datalim")
    ax_p.legend(fontsize=10, loc="lower left")
    for i, run in enumerate(sweeps):
        ok = run.steps > 0
        ax_s.loglog(run.rates[ok], run.steps[ok], marker="o", ms=4, color=f"C{i}",
                    label=f"{run.activation} (best {run.best_steps})")
    ax_s.set(xlabel="learning rate", ylabel="SGD steps to within 5 % of w*", title=title_right)
    ax_s.grid(True, which="major", alpha=0.3)
    ax_s.legend(fontsize=10)
    for ax in (ax_p, ax_s):
        ax.tick_params(labelsize=10)
    return fig
