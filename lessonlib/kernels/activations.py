"""The lecture's activation functions and their derivatives, as Numba ufuncs.

Each works elementwise on float32 or float64 arrays of any shape (and on scalars);
float32 in gives float32 out. The pair activation_forward / activation_backward
follows the layer convention.
"""
from __future__ import annotations

import functools
import math
import numbers
from typing import NamedTuple

import numpy as np
from numba import vectorize

from .._validate import float_array, same_dtype

_UNARY = ["float32(float32)", "float64(float64)"]
_WITH_PARAM = ["float32(float32, float32)", "float64(float64, float64)"]


class _LazyUfunc:
    """A Numba ufunc built (or loaded from Numba's cache) on first use instead of at import.

    Building all twelve eagerly made `import lessonlib` cost about a second of CPU even with
    a warm cache; now a lesson pays only for the functions it calls. Calls and attributes
    (`.reduce`, `.types`, ...) go to the real numpy ufunc, available as `.ufunc`."""

    def __init__(self, py_func, signatures):
        functools.update_wrapper(self, py_func)
        self._py_func, self._signatures, self._ufunc = py_func, signatures, None

    @property
    def ufunc(self) -> np.ufunc:
        if self._ufunc is None:
            self._ufunc = vectorize(self._signatures, cache=True)(self._py_func)
        return self._ufunc

    def __call__(self, *args, **kwargs):
        return self.ufunc(*args, **kwargs)

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.ufunc, name)

    def __repr__(self):
        return f"<lessonlib ufunc {self.__name__}>"


def vectorize_lazily(signatures):
    return lambda py_func: _LazyUfunc(py_func, signatures)


@vectorize_lazily(_UNARY)
def sigmoid(x):
    """1 / (1 + e^-x), written so that neither branch overflows."""
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


@vectorize_lazily(_UNARY)
def sigmoid_grad(x):
    s = 1.0 / (1.0 + math.exp(-x)) if x >= 0 else math.exp(x) / (1.0 + math.exp(x))
    return s * (1.0 - s)


@vectorize_lazily(_UNARY)
def tanh(x):
    return math.tanh(x)


@vectorize_lazily(_UNARY)
def tanh_grad(x):
    t = math.tanh(x)
    return 1.0 - t * t


@vectorize_lazily(_UNARY)
def relu(x):
    return x if x > 0 else 0.0


@vectorize_lazily(_UNARY)
def relu_grad(x):
    return 1.0 if x > 0 else 0.0  # the kink at 0 gets slope 0, the usual convention


@vectorize_lazily(_UNARY)
def softplus(x):
    """log(1 + e^x) (the lecture's "soft ReLU"), as max(x, 0) + log1p(e^-|x|) to avoid overflow."""
    return max(x, 0.0) + math.log1p(math.exp(-abs(x)))


@vectorize_lazily(_UNARY)
def softplus_grad(x):
    return 1.0 / (1.0 + math.exp(-x)) if x >= 0 else math.exp(x) / (1.0 + math.exp(x))


@vectorize_lazily(_WITH_PARAM)
def leaky_relu(x, slope):
    """The lecture's eps*x + (1 - eps)*max(0, x): x for x > 0, eps*x otherwise."""
    return x if x > 0 else slope * x


@vectorize_lazily(_WITH_PARAM)
def leaky_relu_grad(x, slope):
    return 1.0 if x > 0 else slope


@vectorize_lazily(_WITH_PARAM)
def elu(x, alpha):
    return x if x > 0 else alpha * (math.exp(x) - 1.0)


@vectorize_lazily(_WITH_PARAM)
def elu_grad(x, alpha):
    """1 for x > 0, else alpha * e^x = f(x) + alpha (the lecture's eq. 15)."""
    return 1.0 if x > 0 else alpha * math.exp(x)


# name -> (function, derivative, name of its parameter or None, default parameter)
ACTIVATIONS = {
    "sigmoid": (sigmoid, sigmoid_grad, None, None),
    "tanh": (tanh, tanh_grad, None, None),
    "relu": (relu, relu_grad, None, None),
    "softplus": (softplus, softplus_grad, None, None),
    "leaky_relu": (leaky_relu, leaky_relu_grad, "slope", 0.1),
    "elu": (elu, elu_grad, "alpha", 1.0),
}


class ActivationCache(NamedTuple):
    x: np.ndarray
    name: str
    param: float | None


def _lookup(name):
    if name not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {sorted(ACTIVATIONS)}, got {name!r}")
    return ACTIVATIONS[name]


def activation_forward(x, name="relu", param=None):
    """y = f(x) elementwise. x: any shape, float32/float64. param: leaky slope or ELU alpha."""
    f, _, pname, default = _lookup(name)
    x = float_array(x, "x", np.ndim(x), "(any shape)")
    if pname is None:
        if param is not None:
            raise ValueError(f"activation {name!r} takes no parameter, got param={param!r}")
        return f(x), ActivationCache(x, name, None)
    if param is None:
        param = default
    elif not isinstance(param, numbers.Real) or isinstance(param, bool) or not math.isfinite(param):
        raise ValueError(f"param ({pname} of {name!r}) must be a finite real number, got {param!r}")
    param = float(param)
    return f(x, x.dtype.type(param)), ActivationCache(x, name, param)


def activation_backward(dout, cache: ActivationCache):
    """dx = dout * f'(x), same shape as x."""
    if not isinstance(cache, ActivationCache):
        raise TypeError("cache must be the ActivationCache returned by activation_forward")
    _, df, pname, _ = _lookup(cache.name)
    dout = float_array(dout, "dout", np.ndim(dout), "(same shape as x)")
    if dout.shape != cache.x.shape:
        raise ValueError(f"dout must have x's shape {cache.x.shape}, got {dout.shape}")
    same_dtype(dout=dout, x=cache.x)
    grad = df(cache.x) if pname is None else df(cache.x, cache.x.dtype.type(cache.param))
    return dout * grad
