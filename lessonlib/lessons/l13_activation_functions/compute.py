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
