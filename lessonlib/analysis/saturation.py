"""What saturating activations do to the gradient on its way down a deep stack.

Backpropagation multiplies, layer by layer, by W^T and by the activation's derivative
f'(z); where f saturates, f'(z) is near 0 and the product shrinks geometrically with
depth. These functions measure that on a randomly initialised stack of dense layers.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .._validate import positive_int
from ..kernels.activations import ACTIVATIONS
from ..nn.layers import Activation, Dense


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
