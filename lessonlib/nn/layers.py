"""Layers as small objects around the forward/backward pairs.

A layer remembers its last cache, so a model can call forward then backward without
passing caches around. `params` and `grads` are dicts of arrays with the same keys;
an optimiser updates params in place.
"""
from __future__ import annotations

import numpy as np

from .._validate import as_tuple
from ..arithmetic import conv_output_shape, pool_output_size
from ..kernels.activations import activation_backward, activation_forward
from ..kernels.adaptive_pool import (adaptive_avgpool2d_backward, adaptive_avgpool2d_forward,
                                     adaptive_maxpool2d_backward, adaptive_maxpool2d_forward,
                                     global_avgpool2d_backward, global_avgpool2d_forward)
from ..kernels.conv import conv2d_backward, conv2d_forward
from ..kernels.lrn import check_lrn_settings, lrn_backward, lrn_forward
from ..kernels.pooling import avgpool2d_backward, avgpool2d_forward, maxpool2d_backward, maxpool2d_forward
from .functional import dense_backward, dense_forward


def _init_scale(fan_in: int, activation: str | None) -> float:
    """He initialisation before ReLU-like units, Glorot-style 1/sqrt(fan_in) otherwise."""
    return np.sqrt((2.0 if activation in ("relu", "leaky_relu", "elu") else 1.0) / fan_in)


class Layer:
    params: dict
    grads: dict

    def __init__(self):
        self.params, self.grads, self.cache = {}, {}, None

    def output_shape(self, input_shape):
        """Shape of one sample's output, given one sample's input shape (no batch axis)."""
        return input_shape

    def __repr__(self):
        return type(self).__name__ + "(" + ", ".join(f"{k}={v!r}" for k, v in self.describe().items()) + ")"

    def describe(self) -> dict:
        return {}


class Dense(Layer):
    """Fully connected: (N, n_in) -> (N, n_out); W: (n_out, n_in), b: (n_out,)."""

    def __init__(self, n_in, n_out, rng, activation_hint="relu", dtype=np.float64):
        super().__init__()
        self.n_in, self.n_out = n_in, n_out
        scale = _init_scale(n_in, activation_hint)
        self.params = {"W": (rng.standard_normal((n_out, n_in)) * scale).astype(dtype),
                       "b": np.zeros(n_out, dtype=dtype)}

    def forward(self, x):
        out, self.cache = dense_forward(x, self.params["W"], self.params["b"])
        return out

    def backward(self, dout):
        dx, self.grads["W"], self.grads["b"] = dense_backward(dout, self.cache)
        return dx

    def output_shape(self, input_shape):
        return (self.n_out,)

    def describe(self):
        return {"n_in": self.n_in, "n_out": self.n_out}


class Activation(Layer):
    """Elementwise nonlinearity: name in lessonlib.ACTIVATIONS, param = leaky slope / ELU alpha."""

    def __init__(self, name="relu", param=None):
        super().__init__()
        self.name, self.param = name, param

    def forward(self, x):
        out, self.cache = activation_forward(x, self.name, self.param)
        return out

    def backward(self, dout):
        return activation_backward(dout, self.cache)

    def describe(self):
        return {"name": self.name} | ({"param": self.param} if self.param is not None else {})


class Conv2D(Layer):
    """Convolution: (N, C, H, W) -> (N, F, OH, OW); W: (F, C // groups, k, k), b: (F,)."""

    def __init__(self, in_channels, out_channels, kernel_size, rng, stride=1, padding=0,
                 dilation=1, groups=1, dtype=np.float32):
        super().__init__()
        kh, kw = (kernel_size, kernel_size) if np.isscalar(kernel_size) else kernel_size
        self.settings = dict(stride=stride, padding=padding, dilation=dilation, groups=groups)
        self.in_channels, self.out_channels, self.kernel_size = in_channels, out_channels, (kh, kw)
        fan_in = in_channels // groups * kh * kw
        self.params = {
            "W": (rng.standard_normal((out_channels, in_channels // groups, kh, kw)) * _init_scale(fan_in, "relu")).astype(dtype),
            "b": np.zeros(out_channels, dtype=dtype),
        }

    def forward(self, x):
        out, self.cache = conv2d_forward(x, self.params["W"], self.params["b"], **self.settings)
        return out

    def backward(self, dout):
        dx, self.grads["W"], self.grads["b"] = conv2d_backward(dout, self.cache)
        return dx

    def output_shape(self, input_shape):
        s = self.settings
        return (self.out_channels,) + conv_output_shape(input_shape[1:], self.kernel_size, s["stride"], s["padding"], s["dilation"])

    def describe(self):
        return {"in": self.in_channels, "out": self.out_channels, "kernel": self.kernel_size} | {
            k: v for k, v in self.settings.items() if v != (0 if k == "padding" else 1)}


class _Pool(Layer):
    _forward = _backward = None

    def __init__(self, kernel_size, stride=None, padding=0, ceil_mode=False):
        super().__init__()
        self.settings = dict(kernel_size=kernel_size, stride=stride, padding=padding, ceil_mode=ceil_mode)

    def forward(self, x):
        out, self.cache = type(self)._forward(x, **self.settings)
        return out

    def backward(self, dout):
        return type(self)._backward(dout, self.cache)

    def output_shape(self, input_shape):
        s = self.settings
        k = s["kernel_size"]
        stride = k if s["stride"] is None else s["stride"]
        return (input_shape[0],) + tuple(pool_output_size(n, k, stride, s["padding"], s["ceil_mode"]) for n in input_shape[1:])

    def describe(self):
        return {k: v for k, v in self.settings.items() if v not in (None, 0, False)}


class MaxPool2D(_Pool):
    """Max pooling over each channel; the switches are in self.cache.switches after forward."""

    _forward, _backward = staticmethod(maxpool2d_forward), staticmethod(maxpool2d_backward)


class AvgPool2D(_Pool):
    _forward, _backward = staticmethod(avgpool2d_forward), staticmethod(avgpool2d_backward)


class Flatten(Layer):
    """(N, C, H, W) -> (N, C*H*W), the reshape between the last pooling and the dense layers."""

    def forward(self, x):
        self.cache = x.shape
        return x.reshape(x.shape[0], -1)

    def backward(self, dout):
        return dout.reshape(self.cache)

    def output_shape(self, input_shape):
        return (int(np.prod(input_shape)),)


# Layers that learn nothing (params and grads empty): local response normalisation, adaptive
# and global pooling.
class LRN(Layer):
    """Local response normalisation across channels (AlexNet's k=2, n=5, alpha=1e-4, beta=0.75).

    alpha multiplies the sum of squares, as in the AlexNet paper (PyTorch divides it by size).
    """

    def __init__(self, size=5, alpha=1e-4, beta=0.75, k=2.0):
        super().__init__()
        self.size, self.alpha, self.beta, self.k = check_lrn_settings(size, alpha, beta, k)

    def forward(self, x):
        out, self.cache = lrn_forward(x, self.size, self.alpha, self.beta, self.k)
        return out

    def backward(self, dout):
        return lrn_backward(dout, self.cache)

    def describe(self):
        return {"size": self.size, "alpha": self.alpha, "beta": self.beta, "k": self.k}


class _AdaptivePool(Layer):
    """(N, C, H, W) -> (N, C, oh, ow) for every H, W: the windows grow with the input."""

    _forward = _backward = None

    def __init__(self, output_size):
        super().__init__()
        self.output_size = as_tuple(output_size, 2, "output_size", minimum=1)

    def forward(self, x):
        out, self.cache = type(self)._forward(x, self.output_size)
        return out

    def backward(self, dout):
        return type(self)._backward(dout, self.cache)

    def output_shape(self, input_shape):
        return (input_shape[0],) + self.output_size

    def describe(self):
        return {"output_size": self.output_size}


class AdaptiveMaxPool2D(_AdaptivePool):
    """Max over a fixed grid of pools; the switches are in self.cache.switches after forward."""

    _forward, _backward = staticmethod(adaptive_maxpool2d_forward), staticmethod(adaptive_maxpool2d_backward)


class AdaptiveAvgPool2D(_AdaptivePool):
    _forward, _backward = staticmethod(adaptive_avgpool2d_forward), staticmethod(adaptive_avgpool2d_backward)


class GlobalAvgPool2D(Layer):
    """(N, C, H, W) -> (N, C): the mean of each feature map, e.g. one score per class map."""

    def forward(self, x):
        out, self.cache = global_avgpool2d_forward(x)
        return out

    def backward(self, dout):
        return global_avgpool2d_backward(dout, self.cache)

    def output_shape(self, input_shape):
        return (input_shape[0],)
