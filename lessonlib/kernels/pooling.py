"""Max and average pooling over (N, C, H, W), with the max-pool "switches".

Windows are clipped to the input: padding cells are never the max, and the average
divides by the number of cells of the window inside the padded input (zeros of the
padding count, as in PyTorch's default count_include_pad=True).
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numba import njit, prange

from .._validate import as_tuple, float_array, same_dtype
from ..arithmetic import pool_output_size


@njit(cache=True)
def _pool_plane(x, n, c, out, switches, kh, kw, sh, sw, ph, pw, is_max):
    """One (n, c) plane: out[n, c] and, for max, switches[n, c] = flat index y*W + x of the max."""
    h_in, w_in = x.shape[2], x.shape[3]
    oh, ow = out.shape[2], out.shape[3]
    for i in range(oh):
        y0 = i * sh - ph
        for j in range(ow):
            t0 = j * sw - pw
            best, arg, total = -np.inf, -1, 0.0
            for y in range(max(y0, 0), min(y0 + kh, h_in)):
                for t in range(max(t0, 0), min(t0 + kw, w_in)):
                    v = x[n, c, y, t]
                    total += v
                    if v > best:  # strict: the first maximum in scan order wins ties
                        best, arg = v, y * w_in + t
            if is_max:
                out[n, c, i, j] = best
                switches[n, c, i, j] = arg
            else:
                # cells of the window inside the padded input [-p, n + p)
                rows = min(y0 + kh, h_in + ph) - max(y0, -ph)
                cols = min(t0 + kw, w_in + pw) - max(t0, -pw)
                out[n, c, i, j] = total / (rows * cols)


@njit(parallel=True, cache=True)
def _pool_forward(x, out, switches, kh, kw, sh, sw, ph, pw, is_max):
    """x: (N, C, H, W) -> out, switches (N, C, oh, ow), one plane per parallel iteration."""
    n_chan = x.shape[1]
    for nc in prange(x.shape[0] * n_chan):
        _pool_plane(x, nc // n_chan, nc % n_chan, out, switches, kh, kw, sh, sw, ph, pw, is_max)


@njit(cache=True)
def _pool_forward_serial(x, out, switches, kh, kw, sh, sw, ph, pw, is_max):
    """As _pool_forward without waking Numba's threads: for small inputs, such as a slider's image."""
    n_chan = x.shape[1]
    for nc in range(x.shape[0] * n_chan):
        _pool_plane(x, nc // n_chan, nc % n_chan, out, switches, kh, kw, sh, sw, ph, pw, is_max)


@njit(cache=True)
def _maxpool_backward_plane(dout, switches, dx, n, c):
    """dx: (N, C, H*W); each gradient goes to its switch only (several may land on one cell)."""
    for i in range(dout.shape[2]):
        for j in range(dout.shape[3]):
            dx[n, c, switches[n, c, i, j]] += dout[n, c, i, j]


@njit(parallel=True, cache=True)
def _maxpool_backward(dout, switches, h_in, w_in):
    n_batch, n_chan = dout.shape[:2]
    dx = np.zeros((n_batch, n_chan, h_in * w_in), dtype=dout.dtype)
    for nc in prange(n_batch * n_chan):
        _maxpool_backward_plane(dout, switches, dx, nc // n_chan, nc % n_chan)
    return dx.reshape((n_batch, n_chan, h_in, w_in))


@njit(cache=True)
def _maxpool_backward_serial(dout, switches, h_in, w_in):
    n_batch, n_chan = dout.shape[:2]
    dx = np.zeros((n_batch, n_chan, h_in * w_in), dtype=dout.dtype)
    for nc in range(n_batch * n_chan):
        _maxpool_backward_plane(dout, switches, dx, nc // n_chan, nc % n_chan)
    return dx.reshape((n_batch, n_chan, h_in, w_in))


@njit(cache=True)
def _avgpool_backward_plane(dout, dx, n, c, kh, kw, sh, sw, ph, pw):
    """Each window's gradient shared equally by the cells it divided by (padding's share is dropped)."""
    h_in, w_in = dx.shape[2], dx.shape[3]
    for i in range(dout.shape[2]):
        y0 = i * sh - ph
        rows = min(y0 + kh, h_in + ph) - max(y0, -ph)
        for j in range(dout.shape[3]):
            t0 = j * sw - pw
            cols = min(t0 + kw, w_in + pw) - max(t0, -pw)
            share = dout[n, c, i, j] / (rows * cols)
            for y in range(max(y0, 0), min(y0 + kh, h_in)):
                for t in range(max(t0, 0), min(t0 + kw, w_in)):
                    dx[n, c, y, t] += share


@njit(parallel=True, cache=True)
def _avgpool_backward(dout, dx, kh, kw, sh, sw, ph, pw):
    n_chan = dout.shape[1]
    for nc in prange(dout.shape[0] * n_chan):
        _avgpool_backward_plane(dout, dx, nc // n_chan, nc % n_chan, kh, kw, sh, sw, ph, pw)


@njit(cache=True)
def _avgpool_backward_serial(dout, dx, kh, kw, sh, sw, ph, pw):
    n_chan = dout.shape[1]
    for nc in range(dout.shape[0] * n_chan):
        _avgpool_backward_plane(dout, dx, nc // n_chan, nc % n_chan, kh, kw, sh, sw, ph, pw)


class PoolCache(NamedTuple):
    """x_shape and the window settings; for max pooling also the switches:
    switches[n, c, i, j] = flat index (row * W + col) of the input cell that won."""

    x_shape: tuple
    kernel_size: tuple
    stride: tuple
    padding: tuple
    switches: np.ndarray | None
    dtype: np.dtype
    out_shape: tuple


def _pool_settings(x, kernel_size, stride, padding, ceil_mode):
    x = float_array(x, "x", 4, "(N, C, H, W)")
    k = as_tuple(kernel_size, 2, "kernel_size", minimum=1)
    s = k if stride is None else as_tuple(stride, 2, "stride", minimum=1)
    p = as_tuple(padding, 2, "padding", minimum=0)
    out = tuple(pool_output_size(n, *args, ceil_mode=ceil_mode) for n, *args in zip(x.shape[2:], k, s, p))
    return x, k, s, p, out


_PARALLEL_WORK = 1 << 15    # window cells read; below this a fork/join costs more than it saves


def _small(out_shape, kernel_size):
    """True when one thread should do it all: one plane, or few window cells to read."""
    return out_shape[0] * out_shape[1] == 1 or np.prod(out_shape) * kernel_size[0] * kernel_size[1] < _PARALLEL_WORK


def _pool_forward_public(x, kernel_size, stride, padding, ceil_mode, is_max):
    x, k, s, p, (oh, ow) = _pool_settings(x, kernel_size, stride, padding, ceil_mode)
    out = np.empty(x.shape[:2] + (oh, ow), dtype=x.dtype)
    switches = np.full(out.shape, -1, dtype=np.int64)
    kernel = _pool_forward_serial if _small(out.shape, k) else _pool_forward
    kernel(x, out, switches, k[0], k[1], s[0], s[1], p[0], p[1], is_max)
    return out, PoolCache(x.shape, k, s, p, switches if is_max else None, x.dtype, out.shape)


def _check_dout(dout, cache: PoolCache):
    if not isinstance(cache, PoolCache):
        raise TypeError("cache must be the PoolCache returned by the matching forward call")
    dout = float_array(dout, "dout", 4, "(N, C, OH, OW)")
    same_dtype(dout=dout, x=np.empty(0, dtype=cache.dtype))
    if dout.shape != cache.out_shape:
        raise ValueError(f"dout must have the forward output's shape {cache.out_shape}, got {dout.shape}")
    return dout


def maxpool2d_forward(x, kernel_size, stride=None, padding=0, ceil_mode=False):
    """Max pooling. x: (N, C, H, W); kernel_size, stride, padding: int or (h, w); stride None = kernel_size.

    Returns out (N, C, OH, OW) with OH = floor((H + 2p - k)/s) + 1 (ceil with ceil_mode),
    and a PoolCache whose `switches` remember where each max came from.
    """
    return _pool_forward_public(x, kernel_size, stride, padding, ceil_mode, True)


def maxpool2d_backward(dout, cache: PoolCache):
    """dout: (N, C, OH, OW) -> dx: (N, C, H, W); each gradient goes to its switch only."""
    dout = _check_dout(dout, cache)
    if cache.switches is None:
        raise ValueError("this cache comes from avgpool2d_forward; use avgpool2d_backward")
    kernel = _maxpool_backward_serial if _small(cache.out_shape, cache.kernel_size) else _maxpool_backward
    return kernel(dout, cache.switches, cache.x_shape[2], cache.x_shape[3])


def avgpool2d_forward(x, kernel_size, stride=None, padding=0, ceil_mode=False):
    """Average pooling; same arguments and output size as maxpool2d_forward."""
    return _pool_forward_public(x, kernel_size, stride, padding, ceil_mode, False)


def avgpool2d_backward(dout, cache: PoolCache):
    """dout: (N, C, OH, OW) -> dx: (N, C, H, W); each gradient is shared equally by its window."""
    dout = _check_dout(dout, cache)
    if cache.switches is not None:
        raise ValueError("this cache comes from maxpool2d_forward; use maxpool2d_backward")
    dx = np.zeros(cache.x_shape, dtype=dout.dtype)
    kernel = _avgpool_backward_serial if _small(cache.out_shape, cache.kernel_size) else _avgpool_backward
    kernel(dout, dx, *cache.kernel_size, *cache.stride, *cache.padding)
    return dx
