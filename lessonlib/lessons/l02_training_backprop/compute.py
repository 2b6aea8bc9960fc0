"""Lesson 2's computation: the two-layer MLP's computational graph as data, and plain gradient
descent at many learning rates (crawling, converging, diverging).

The graph:

    x ──┐
    W1 ─┼─► z1 = W1 x + b1 ─► a1 = σ(z1) ──┐
    b1 ─┘                          W2 ─────┼─► z2 = W2 a1 + b2 ─► L = (z2 − y)²
                                   b2 ─────┘                   y ─┘

Each node names its inputs, its forward rule and its backward rule (what it sends to each input,
given the gradient ∂L/∂node that arrives from above). The lesson computes the numbers by hand in
this order and draws the graph with them.

The learning-rate runs are trained once (`learning_rate_curves`); the explorer's frame for a
learning rate is the precomputed run nearest to it (`nearest_curve`).
"""
from __future__ import annotations

from typing import Callable, NamedTuple, Sequence

import numpy as np

from ...nn import SGD, Sequential, mse_loss

# --- the computational graph ---------------------------------------------------------------------


class Node(NamedTuple):
    name: str
    kind: str            # "input" (data), "param" (learned), "op" (computed), "loss"
    inputs: tuple
    forward: str         # LaTeX, without $ signs
    backward: str        # LaTeX: the gradients this node passes to its inputs


TWO_LAYER_MLP = (
    Node("x", "input", (), "x", ""),
    Node("W1", "param", (), "W_1", ""),
    Node("b1", "param", (), "b_1", ""),
    Node("z1", "op", ("x", "W1", "b1"), r"z_1 = W_1 x + b_1",
         r"\partial L/\partial W_1 = \delta_1 x^\top,\ \partial L/\partial b_1 = \delta_1"),
    Node("a1", "op", ("z1",), r"a_1 = \sigma(z_1)",
         r"\delta_1 = \partial L/\partial z_1 = \partial L/\partial a_1 \odot \sigma(z_1)(1 - \sigma(z_1))"),
    Node("W2", "param", (), "W_2", ""),
    Node("b2", "param", (), "b_2", ""),
    Node("z2", "op", ("a1", "W2", "b2"), r"z_2 = W_2 a_1 + b_2",
         r"\partial L/\partial W_2 = \delta_2 a_1^\top,\ \partial L/\partial b_2 = \delta_2,\ "
         r"\partial L/\partial a_1 = W_2^\top \delta_2"),
    Node("y", "input", (), "y", ""),
    Node("L", "loss", ("z2", "y"), r"L = (z_2 - y)^2", r"\delta_2 = \partial L/\partial z_2 = 2 (z_2 - y)"),
)


def check_graph(nodes) -> dict:
    """{name: Node}, after checking names are unique and every input is defined before use."""
    seen = {}
    for node in nodes:
        if node.name in seen:
            raise ValueError(f"node {node.name!r} is defined twice")
        missing = [i for i in node.inputs if i not in seen]
        if missing:
            raise ValueError(f"node {node.name!r} uses {missing} before they are defined")
        seen[node.name] = node
    return seen


def depths(nodes) -> dict:
    """{name: length of the longest path from a source}: the column a drawing puts the node in."""
    by_name = check_graph(nodes)
    depth = {}
    for node in nodes:
        depth[node.name] = 1 + max((depth[i] for i in node.inputs), default=-1)
    # parameters and data sit one column before the node that uses them
    for node in nodes:
        if not node.inputs:
            users = [n for n in nodes if node.name in n.inputs]
            depth[node.name] = min(depth[u.name] for u in users) - 1 if users else 0
    return {name: depth[name] for name in by_name}


def backward_order(nodes) -> list[str]:
    """Names of the computed nodes from the loss back to the first layer: the order of backprop."""
    check_graph(nodes)
    return [n.name for n in reversed(nodes) if n.inputs]


# --- the learning rate decides between crawling, converging and diverging ------------------------


class LossCurve(NamedTuple):
    """Full-batch gradient descent at one learning rate (also the explorer's frame).

    loss: (steps + 1,) loss before each step, NaN after a divergence; diverged_at: first step
    whose loss exceeded blowup × the initial loss (or was not finite), else None;
    fit: (len(x_plot),) the model's output on x_plot after training (NaN if it diverged).
    """

    lr: float
    loss: np.ndarray
    diverged_at: int | None
    fit: np.ndarray


def learning_rate_curves(make_model: Callable[[], Sequential], x, y, lrs: Sequence[float], *, steps=200,
                         loss_fn=mse_loss, x_plot=None, blowup=100.0) -> list[LossCurve]:
    """Train a fresh make_model() with plain gradient descent (SGD, whole data set per step) per lr."""
    if steps < 1:
        raise ValueError(f"steps must be positive, got {steps}")
    if blowup <= 1:
        raise ValueError(f"blowup must be > 1, got {blowup}")
    x_plot = x if x_plot is None else x_plot
    curves = []
    for lr in lrs:
        model, opt = make_model(), SGD(lr)
        loss = np.full(steps + 1, np.nan)
        diverged = None
        with np.errstate(over="ignore", invalid="ignore"):
            for step in range(steps + 1):
                value, dscores = loss_fn(model.forward(x), y)
                if not np.isfinite(value) or (step and value > blowup * loss[0]):
                    diverged = step
                    break
                loss[step] = value
                if step < steps:
                    model.backward(dscores)
                    opt.step(model.params_and_grads())
                    if not all(np.isfinite(p).all() for _, p, _ in model.params_and_grads()):
                        diverged = step + 1
                        break
        fitted = np.full(len(x_plot), np.nan) if diverged is not None else model.forward(x_plot).ravel()
        curves.append(LossCurve(float(lr), loss, diverged, fitted))
    return curves


def nearest_curve(curves: Sequence[LossCurve], lr) -> LossCurve:
    """The precomputed curve whose learning rate is nearest to lr on a log scale; ValueError if lr
    is further than half a step (of the precomputed grid) from every one of them."""
    if not (isinstance(lr, (int, float, np.floating)) and lr > 0):
        raise ValueError(f"lr must be a positive number, got {lr!r}")
    lrs = np.array([c.lr for c in curves])
    logs = np.log10(lrs)
    half_step = np.min(np.diff(np.sort(logs))) / 2 if len(logs) > 1 else 0.01
    i = int(np.argmin(np.abs(logs - np.log10(lr))))
    if abs(logs[i] - np.log10(lr)) > half_step + 1e-9:
        raise ValueError(f"no precomputed curve near lr={lr:g}: choose between {lrs.min():g} and {lrs.max():g}")
    return curves[i]
