"""Drawings for lesson 13: activation functions, their derivatives, gradients through depth."""
from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np

from ..kernels.activations import elu, elu_grad, leaky_relu, leaky_relu_grad, relu
from .mlp import freeze_layout

FIGSIZE, DPI = (8, 3), 90


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
    ax_d.legend(fontsize=7, loc="upper left")
    return fig


class ParametricActivations:
    """Leaky ReLU (slope ε) and ELU (α) with their derivatives; update() moves the curves only."""

    def __init__(self, x, slope=0.1, alpha=1.0):
        self.x = np.asarray(x, dtype=np.float64)
        self.fig, (ax_f, ax_d) = plt.subplots(1, 2, figsize=FIGSIZE, dpi=DPI, layout="constrained")
        ax_f.plot(self.x, relu(self.x), color="0.7", ls="--", label="ReLU")
        (self.leaky,) = ax_f.plot(self.x, self.x, label="leaky ReLU")
        (self.elu,) = ax_f.plot(self.x, self.x, label="ELU")
        (self.dleaky,) = ax_d.step(self.x, self.x, where="mid", label="leaky ReLU'")
        (self.delu,) = ax_d.plot(self.x, self.x, label="ELU'")
        ax_f.set(xlabel="x", ylabel="f(x)", ylim=(-2.2, 3))
        ax_d.set(xlabel="x", ylabel="f'(x)", ylim=(-0.05, 2.1), title="derivatives")
        ax_f.legend(fontsize=7, loc="upper left")
        ax_d.legend(fontsize=7, loc="upper left")
        self.title = ax_f.set_title("")
        self.settings = {}
        self.update(slope=slope, alpha=alpha)
        freeze_layout(self.fig)   # lay out once; a redraw then skips the layout solver (half its cost)

    def update(self, slope=None, alpha=None):
        """slope in [0, 1] (leaky ReLU's ε), alpha in [0, 5] (ELU's α); None keeps the current one."""
        slope = self.settings.get("slope") if slope is None else slope
        alpha = self.settings.get("alpha") if alpha is None else alpha
        if not (isinstance(slope, (int, float)) and 0 <= slope <= 1):
            raise ValueError(f"slope must be a number in [0, 1] (ε of εx + (1-ε)max(0, x)), got {slope!r}")
        if not (isinstance(alpha, (int, float)) and 0 <= alpha <= 5):
            raise ValueError(f"alpha must be a number in [0, 5], got {alpha!r}")
        self.settings = {"slope": float(slope), "alpha": float(alpha)}
        self.leaky.set_ydata(leaky_relu(self.x, slope))
        self.dleaky.set_ydata(leaky_relu_grad(self.x, slope))
        self.elu.set_ydata(elu(self.x, alpha))
        self.delu.set_ydata(elu_grad(self.x, alpha))
        self.title.set_text(f"leaky ReLU max({slope:.2f}x, x), ELU α = {alpha:.2f}")


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
    ax.legend(fontsize=7, ncol=3)
    return fig
