"""Pooling to a fixed number of pools, whatever the input size (Goodfellow et al., figure 9.11).

Adaptive pooling fixes the *output* size (oh, ow) and lets the windows grow with the input:
along an axis of length H, output row i pools rows

    start = floor(i * H / oh)  up to (excluding)  end = ceil((i + 1) * H / oh)

(PyTorch's AdaptiveMaxPool2d / AdaptiveAvgPool2d rule). Neighbouring windows may overlap
by one cell when H is not a multiple of oh. Global average pooling is the case (1, 1),
returned as (N, C): one number per feature map, as the argument to a softmax.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numba import njit, prange

from .._validate import as_tuple, float_array, positive_int, same_dtype
from .pooling import _maxpool_backward


def adaptive_windows(n: int, n_out: int) -> tuple[np.ndarray, np.ndarray]:
    """(starts, ends) of the n_out windows covering an axis of length n, as int64 arrays."""
    n, n_out = positive_int(n, "n (input size)"), positive_int(n_out, "output_size")
    i = np.arange(n_out)
    return (i * n) // n_out, -((-(i + 1) * n) // n_out)   # floor and ceil in exact integers


@njit(parallel=True, cache=True)
def _window_pool_forward(x, rs, re, cs, ce, is_max):
    """Pool x: (N, C, H, W) over the windows rows rs[i]:re[i], cols cs[j]:ce[j] -> out, switches."""
    n_batch, n_chan, _, w_in = x.shape
    oh, ow = rs.shape[0], cs.shape[0]
    out = np.empty((n_batch, n_chan, oh, ow), dtype=x.dtype)
    switches = np.full((n_batch, n_chan, oh, ow), -1, dtype=np.int64)
    for nc in prange(n_batch * n_chan):
        n, c = nc // n_chan, nc % n_chan
        for i in range(oh):
            for j in range(ow):
                best, arg, total = -np.inf, -1, 0.0
                for y in range(rs[i], re[i]):
                    for t in range(cs[j], ce[j]):
                        v = x[n, c, y, t]
                        total += v
                        if v > best:  # strict: the first maximum in scan order wins ties
                            best, arg = v, y * w_in + t
                if is_max:
                    out[n, c, i, j] = best
                    switches[n, c, i, j] = arg
                else:
                    out[n, c, i, j] = total / ((re[i] - rs[i]) * (ce[j] - cs[j]))
    return out, switches


@njit(parallel=True, cache=True)
def _window_avgpool_backward(dout, h_in, w_in, rs, re, cs, ce):
    n_batch, n_chan, oh, ow = dout.shape
    dx = np.zeros((n_batch, n_chan, h_in, w_in), dtype=dout.dtype)
    for nc in prange(n_batch * n_chan):
        n, c = nc // n_chan, nc % n_chan
        for i in range(oh):
            for j in range(ow):
                share = dout[n, c, i, j] / ((re[i] - rs[i]) * (ce[j] - cs[j]))
                for y in range(rs[i], re[i]):
                    for t in range(cs[j], ce[j]):
                        dx[n, c, y, t] += share
    return dx


class AdaptivePoolCache(NamedTuple):
    """x_shape, the window bounds per axis, and for max pooling the switches
    (flat index row * W + col of the input cell that won each window)."""

    x_shape: tuple
    rows: tuple          # (starts, ends) along H
    cols: tuple          # (starts, ends) along W
    switches: np.ndarray | None
    dtype: np.dtype


def _forward(x, output_size, is_max):
    x = float_array(x, "x", 4, "(N, C, H, W)")
    oh, ow = as_tuple(output_size, 2, "output_size", minimum=1)
    rows, cols = adaptive_windows(x.shape[2], oh), adaptive_windows(x.shape[3], ow)
    out, switches = _window_pool_forward(x, *rows, *cols, is_max)
    return out, AdaptivePoolCache(x.shape, rows, cols, switches if is_max else None, x.dtype)


def _check_dout(dout, cache):
    if not isinstance(cache, AdaptivePoolCache):
        raise TypeError("cache must be the AdaptivePoolCache returned by the matching forward call")
    dout = float_array(dout, "dout", 4, "(N, C, OH, OW)")
    same_dtype(dout=dout, x=np.empty(0, dtype=cache.dtype))
    expected = cache.x_shape[:2] + (len(cache.rows[0]), len(cache.cols[0]))
    if dout.shape != expected:
        raise ValueError(f"dout must have the forward output's shape {expected}, got {dout.shape}")
    return dout


def adaptive_maxpool2d_forward(x, output_size):
    """Max over a fixed grid of output_size = oh or (oh, ow) pools. x: (N, C, H, W) -> (N, C, oh, ow)."""
    return _forward(x, output_size, True)


def adaptive_maxpool2d_backward(dout, cache: AdaptivePoolCache):
    """dout: (N, C, oh, ow) -> dx: (N, C, H, W); each gradient goes to its window's switch."""
    dout = _check_dout(dout, cache)
    if cache.switches is None:
        raise ValueError("this cache comes from adaptive_avgpool2d_forward; use adaptive_avgpool2d_backward")
    return _maxpool_backward(dout, cache.switches, cache.x_shape[2], cache.x_shape[3])


def adaptive_avgpool2d_forward(x, output_size):
    """Mean over a fixed grid of output_size = oh or (oh, ow) pools. x: (N, C, H, W) -> (N, C, oh, ow)."""
    return _forward(x, output_size, False)


def adaptive_avgpool2d_backward(dout, cache: AdaptivePoolCache):
    """dout: (N, C, oh, ow) -> dx: (N, C, H, W); each gradient is shared equally by its window."""
    dout = _check_dout(dout, cache)
    if cache.switches is not None:
        raise ValueError("this cache comes from adaptive_maxpool2d_forward; use adaptive_maxpool2d_backward")
    return _window_avgpool_backward(dout, cache.x_shape[2], cache.x_shape[3], *cache.rows, *cache.cols)


class GlobalPoolCache(NamedTuple):
    x_shape: tuple
    dtype: np.dtype


def global_avgpool2d_forward(x):
    """Average each feature map to one number. x: (N, C, H, W) -> out (N, C)."""
    x = float_array(x, "x", 4, "(N, C, H, W)")
    return x.mean(axis=(2, 3)), GlobalPoolCache(x.shape, x.dtype)


def global_avgpool2d_backward(dout, cache: GlobalPoolCache):
    """dout: (N, C) -> dx: (N, C, H, W), each of the H*W cells gets dout / (H*W)."""
    if not isinstance(cache, GlobalPoolCache):
        raise TypeError("cache must be the GlobalPoolCache returned by global_avgpool2d_forward")
    dout = float_array(dout, "dout", 2, "(N, C)")
    same_dtype(dout=dout, x=np.empty(0, dtype=cache.dtype))
    n, c, h, w = cache.x_shape
    if dout.shape != (n, c):
        raise ValueError(f"dout must have the forward output's shape {(n, c)}, got {dout.shape}")
    return np.broadcast_to((dout / (h * w))[:, :, None, None], cache.x_shape).copy()
