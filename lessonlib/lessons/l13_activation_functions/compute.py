"""Lesson 13's computation: the parametric activations' curves, and what saturating activations
do to the gradient on its way down a deep stack.

Backpropagation multiplies, layer by layer, by W^T and by the activation's derivative
f'(z); where f saturates, f'(z) is near 0 and the product shrinks geometrically with
depth. `gradient_through_depth` measures that on a randomly initialised stack of dense layers.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ..._validate import positive_int
from ...kernels.activations import ACTIVATIONS, elu, elu_grad, leaky_relu, leaky_relu_grad, relu
from ...nn.layers import Activation, Dense


class ParametricCurves(NamedTuple):
    """Leaky ReLU (slope ε) and ELU (α) with their derivatives on the grid x; all arrays (n,)."""

    x: np.ndarray
    relu: np.ndarray
    leaky: np.ndarray
    dleaky: np.ndarray
    elu: np.ndarray
    delu: np.ndarray
    slope: float
    alpha: float


def parametric_curves(x, slope=0.1, alpha=1.0) -> ParametricCurves:
    """slope in [0, 1] (leaky ReLU's ε), alpha in [0, 5] (ELU's α); x: (n,) grid."""
    if not (isinstance(slope, (int, float)) and 0 <= slope <= 1):
        raise ValueError(f"slope must be a number in [0, 1] (ε of εx + (1-ε)max(0, x)), got {slope!r}")
    if not (isinstance(alpha, (int, float)) and 0 <= alpha <= 5):
        raise ValueError(f"alpha must be a number in [0, 5], got {alpha!r}")
    x = np.asarray(x, dtype=np.float64)
    return ParametricCurves(x, relu(x), leaky_relu(x, slope), leaky_relu_grad(x, slope),
                            elu(x, alpha), elu_grad(x, alpha), float(slope), float(alpha))


class DepthProfile(NamedTuple):
    """grad_norm[l]: ||dL/dh|| after backpropagating through l layers, relative to the top
    (grad_norm[0] == 1); mean_derivative[l-1]: mean f'(z) of layer l counted from the top."""

    activation: str
    grad_norm: np.ndarray        # (depth + 1,)
    mean_derivative: np.ndarray  # (depth,)


def gradient_through_depth(activation, depth=30, width=64, batch=128, seed=0, param=None) -> DepthProfile:
    """Forward a random batch through `depth` (Dense(width, width) + activation) layers,
    send a random gradient back from the top, and record its norm after every layer.

    Dense layers use lessonlib.nn's default initialisation for the activation (He for
    the ReLU family, 1/sqrt(fan_in) otherwise), so each activation gets its usual start.
    """
    if activation not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {sorted(ACTIVATIONS)}, got {activation!r}")
    depth, width, batch = positive_int(depth, "depth"), positive_int(width, "width"), positive_int(batch, "batch")
    rng = np.random.default_rng(seed)
    layers = []
    for _ in range(depth):
        layers += [Dense(width, width, rng, activation_hint=activation), Activation(activation, param)]
    h = rng.standard_normal((batch, width))
    for layer in layers:
        h = layer.forward(h)
    grad = rng.standard_normal(h.shape)
    top = np.linalg.norm(grad)
    norms, derivs = [1.0], []
    for dense, act in zip(layers[-2::-2], layers[::-2]):
        grad = act.backward(grad)
        derivs.append(float(np.mean(act.backward(np.ones_like(grad)))))   # mean f'(z) of this layer
        grad = dense.backward(grad)
        norms.append(np.linalg.norm(grad) / top)
    return DepthProfile(activation, np.array(norms), np.array(derivs))


# --- "Considering data centred to 0": why zero-centred activations train faster -------------------

CENTRING = {
    "sigmoid": lambda z: 1.0 / (1.0 + np.exp(-z)),                 # outputs in (0, 1), mean about 0.5
    "tanh": np.tanh,                                                 # = 2 sigmoid(2z) - 1: centred and rescaled
    "sigmoid - 0.5": lambda z: 1.0 / (1.0 + np.exp(-z)) - 0.5,     # the sigmoid, centred and nothing else
}


class CentringRun(NamedTuple):
    """One unit y = w·h trained by SGD (one example per step, squared loss) on the outputs h of a
    seeded layer; h = f(z) with z (n, k) standard normal pre-activations.

    one_sign: fraction of the per-example gradients dL/dw = (y - t) h whose k entries all share one sign;
    condition: condition number of E[h hᵀ] (largest / smallest eigenvalue; 1 is a round bowl);
    rates, steps: the learning rates tried and the steps each needed to bring w within tol·|w*| of the
    target w* (-1: never within max_steps, or diverged); best_rate, best_steps: the fastest of them;
    path: (steps + 1, k) the weights along the run at best_rate (or the path_rate asked for).
    """

    activation: str
    mean_input: float
    one_sign: float
    condition: float
    rates: np.ndarray
    steps: np.ndarray
    best_rate: float
    best_steps: int
    path: np.ndarray
    path_rate: float
    target: np.ndarray


def _sgd(h, t, target, rate, tol, max_steps):
    w = np.zeros(h.shape[1])
    path = [w.copy()]
    goal = tol * np.linalg.norm(target)
    with np.errstate(over="ignore", invalid="ignore"):
        for step in range(max_steps):
            n = step % len(h)
            w = w - rate * (h[n] @ w - t[n]) * h[n]
            path.append(w)
            if not np.all(np.isfinite(w)) or np.abs(w).max() > 1e6:
                return -1, np.array(path)
            if np.linalg.norm(w - target) < goal:
                return step + 1, np.array(path)
    return -1, np.array(path)


def zero_centring(activation, inputs=8, examples=256, seed=0, tol=0.05, max_steps=20_000, rates=None,
                  path_rate=None) -> CentringRun:
    """Train one linear unit on a seeded layer's `activation` outputs, at each learning rate of `rates`
    (default 2^-6 … 2^5.5 in half powers of 2, so every activation gets its own best rate).
    The path is recorded at path_rate (default: the best rate), and is cut at max_steps."""
    if activation not in CENTRING:
        raise ValueError(f"activation must be one of {sorted(CENTRING)}, got {activation!r}")
    inputs, examples = positive_int(inputs, "inputs"), positive_int(examples, "examples")
    rng = np.random.default_rng(seed)
    z = rng.standard_normal((examples, inputs))
    target = rng.choice([-1.0, 1.0], inputs)
    if inputs > 1:
        target[:2] = (1.0, -1.0)                 # at least one weight must go up and one down
    h = CENTRING[activation](z)
    t = h @ target
    delta = -t                                   # dL/dy at the start, w = 0: y - t
    grads = delta[:, None] * h                   # per-example dL/dw, (examples, inputs)
    one_sign = float(np.mean(np.all(grads > 0, axis=1) | np.all(grads < 0, axis=1)))
    eig = np.linalg.eigvalsh(h.T @ h / examples)
    rates = 2.0 ** np.arange(-6, 6, 0.5) if rates is None else np.asarray(rates, dtype=np.float64)
    steps = np.array([_sgd(h, t, target, r, tol, max_steps)[0] for r in rates])
    if np.all(steps < 0):
        raise ValueError(f"no learning rate of {rates.tolist()} converged within {max_steps} steps")
    best = int(np.argmin(np.where(steps > 0, steps, np.iinfo(np.int64).max)))
    path_rate = float(rates[best] if path_rate is None else path_rate)
    path = _sgd(h, t, target, path_rate, tol, max_steps)[1]
    return CentringRun(activation, float(h.mean()), one_sign, float(eig[-1] / eig[0]), rates, steps,
                       float(rates[best]), int(steps[best]), path, path_rate, target)
