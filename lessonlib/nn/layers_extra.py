"""Layers for lessons 14-16: local response normalisation, adaptive and global pooling.

They follow lessonlib.nn.layers.Layer: forward/backward, params/grads (empty: none of
these layers learns anything), output_shape for one sample (no batch axis).
"""
from __future__ import annotations

from .._validate import as_tuple
from ..kernels.adaptive_pool import (adaptive_avgpool2d_backward, adaptive_avgpool2d_forward,
                                     adaptive_maxpool2d_backward, adaptive_maxpool2d_forward,
                                     global_avgpool2d_backward, global_avgpool2d_forward)
from ..kernels.lrn import check_lrn_settings, lrn_backward, lrn_forward
from .layers import Layer


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
