"""Fast 2-D and 3-D convolution (cross-correlation, as in every deep-learning library).

Three tiers: `_im2col` (Numba: per-sample register-tiled matrix products read from the
zero-padded input, one parallel loop over the batch), the core below (shapes, weight
layouts, how dx is folded back, how to split the batch), and the public `conv2d_*` / `conv3d_*` functions that
validate in Python first. A 2-D convolution runs through the same core as a 3-D one
with depth 1, so both share every line of arithmetic.

Output size per axis: (n + 2p - d(k-1) - 1)/s + 1 (see `lessonlib.arithmetic`).
"""
from __future__ import annotations

from typing import NamedTuple, Optional

import numba
import numpy as np

from . import _im2col as _kern
from ._im2col import ConvGeometry
from .._validate import as_tuple, float_array, positive_int, same_dtype
from ..arithmetic import conv_output_shape


class ConvCache(NamedTuple):
    """What the backward pass needs: a copy of the input (5-D) and the weights.

    The backward pass reads x again one sample at a time (cheaper than keeping the whole
    batch's im2col matrix, which is KD*KH*KW times larger than x); `cols` still shows
    that matrix for a lesson."""

    x_shape: tuple
    w: np.ndarray          # (F, C // groups, KD, KH, KW), always 5-D inside
    has_bias: bool
    x: np.ndarray          # (N, C, D, H, W): the input as the forward call saw it
    geometry: ConvGeometry  # kernel, stride, pad, dil, out sizes per axis (d, h, w); see _im2col
    groups: int
    spatial_dims: int      # 2 or 3: shape of what the caller passed and gets back

    @property
    def cols(self) -> np.ndarray:
        """The unfolded input (N, C*KD*KH*KW, OD*OH*OW): out[n] = w.reshape(F, -1) @ cols[n] per group."""
        return _kern.im2col(self.x, self.geometry)


def _n_chunks(n_batch, work):
    """Pieces to cut the batch into, given the multiply-adds of the whole call: 1 for small
    work, such as one image under a slider (no thread is woken at all), else one per
    Numba thread (numba.set_num_threads, NUMBA_NUM_THREADS)."""
    threads = numba.get_num_threads()
    if threads == 1 or n_batch == 1 or work < _PARALLEL_WORK:
        return 1
    return min(n_batch, threads)


def _shifted_rows(x_shape, geometry):
    """Fold dx back through the shifted rows of the padded input (not col2im) when the
    stride is 1 and the padded grid wastes little: columns computed / columns kept =
    (grid length) / (od*oh*ow). (Forward and dw read only real positions either way.)"""
    g = geometry
    if (g.stride_d, g.stride_h, g.stride_w) != (1, 1, 1):
        return False
    hp, wp = x_shape[3] + 2 * g.pad_h, x_shape[4] + 2 * g.pad_w
    positions = g.out_d * g.out_h * g.out_w
    return ((g.out_d - 1) * hp + g.out_h - 1) * wp + g.out_w <= _MAX_WASTE * positions


_MAX_WASTE = 1.5               # shifted rows ran 1.1-2x faster than im2col at the wastes measured (1.05-1.4)
_PARALLEL_WORK = 1 << 16        # multiply-adds below which a fork/join costs more than it saves


def _lanes(dtype):
    """Lanes of one vector register in the tile kernels (see _im2col._Vec)."""
    return 8 if np.dtype(dtype) == np.float32 else 4


def _padded_filters(fg, dtype):
    return -(-fg // _lanes(dtype)) * _lanes(dtype)


def _lanes_layout(w2d, groups):
    """(groups, K/groups, Fp): each group's weights transposed, filters zero-padded to Fp
    (a multiple of the lanes), the right factor of the forward tile products."""
    n_filt, kg = w2d.shape
    fg = n_filt // groups
    fgp = _padded_filters(fg, w2d.dtype)
    wt = np.zeros((groups, kg, fgp), dtype=w2d.dtype)
    wt[:, :, :fg] = w2d.reshape(groups, fg, kg).transpose(0, 2, 1)
    return wt, fgp


def _dw_parts(chunks, n_filt, kg, groups, dtype):
    """Zeros (chunks, groups, Kp, Fp) for _im2col._backward's dw: each group's dw transposed,
    K/groups padded to the tile rows and F/groups to the lanes; one part per chunk."""
    fgp = _padded_filters(n_filt // groups, dtype)
    rows = _kern._tile_rows(fgp, _lanes(dtype))
    return np.zeros((chunks, groups, -(-kg // rows) * rows, fgp), dtype=dtype)


def _dw_from_parts(dw_parts, n_filt, kg, groups):
    """The parts summed, the padding dropped, transposed back: (F, K/groups)."""
    fg = n_filt // groups
    dw_t = dw_parts[0] if dw_parts.shape[0] == 1 else dw_parts.sum(axis=0)
    return np.ascontiguousarray(dw_t[:, :kg, :fg].transpose(0, 2, 1)).reshape(n_filt, kg)


def _check_conv_inputs(x, w, b, stride, padding, dilation, groups, nd):
    layout = "(N, C, H, W)" if nd == 2 else "(N, C, D, H, W)"
    klayout = "(F, C // groups, KH, KW)" if nd == 2 else "(F, C // groups, KD, KH, KW)"
    x = float_array(x, "x", nd + 2, layout)
    w = float_array(w, "w", nd + 2, klayout)
    if b is not None:
        b = float_array(b, "b", 1, "(F,)")
    same_dtype(x=x, w=w, b=b)
    groups = positive_int(groups, "groups")
    n_chan, n_filt = x.shape[1], w.shape[0]
    if n_chan % groups:
        raise ValueError(f"groups {groups} must divide the input channels C = {n_chan}")
    if n_filt % groups:
        raise ValueError(f"groups {groups} must divide the number of filters F = {n_filt}")
    if w.shape[1] * groups != n_chan:
        raise ValueError(
            f"channel mismatch: x has C = {n_chan} channels, so with groups = {groups} the kernel "
            f"w needs C // groups = {n_chan // groups} input channels, but w.shape[1] = {w.shape[1]}"
        )
    if b is not None and b.shape != (n_filt,):
        raise ValueError(f"b must have shape (F,) = ({n_filt},), got {b.shape}")
    stride = as_tuple(stride, nd, "stride", minimum=1)
    padding = as_tuple(padding, nd, "padding", minimum=0)
    dilation = as_tuple(dilation, nd, "dilation", minimum=1)
    out_spatial = conv_output_shape(x.shape[2:], w.shape[2:], stride, padding, dilation)
    return x, w, b, stride, padding, dilation, groups, out_spatial


def _to_5d(a, nd):
    return a[:, :, None] if nd == 2 else a


def _conv_forward(x, w, b, stride, padding, dilation, groups, nd):
    x, w, b, stride, padding, dilation, groups, out_spatial = _check_conv_inputs(
        x, w, b, stride, padding, dilation, groups, nd)
    pad3 = lambda t, fill: ((fill,) + t) if nd == 2 else t  # noqa: E731  depth axis of a 2-D conv
    x5, w5 = _to_5d(x, nd), _to_5d(w, nd)
    geometry = ConvGeometry(*map(int, w5.shape[2:] + pad3(stride, 1) + pad3(padding, 0) + pad3(dilation, 1)
                                 + pad3(out_spatial, 1)))
    n_batch, n_filt = x.shape[0], w5.shape[0]
    w2d = w5.reshape(n_filt, -1)
    positions = int(np.prod(out_spatial))
    out = np.empty((n_batch, n_filt, positions), dtype=x.dtype)
    wt, _ = _lanes_layout(w2d, groups)
    bias = b if b is not None else np.zeros(n_filt, dtype=x.dtype)
    chunks = _n_chunks(n_batch, n_batch * n_filt * w2d.shape[1] * positions)
    if chunks == 1:
        _kern._forward_chunk(x5, wt, bias, out, geometry, groups, 0, n_batch)
    else:
        _kern._forward(x5, wt, bias, out, geometry, groups, chunks)
    cache = ConvCache(x5.shape, w5, b is not None, x5.copy(), geometry, groups, nd)
    return out.reshape((n_batch, n_filt) + out_spatial), cache


def _conv_backward(dout, cache: ConvCache, nd):
    if not isinstance(cache, ConvCache):
        raise TypeError("cache must be the ConvCache returned by the matching forward call")
    if cache.spatial_dims != nd:
        raise ValueError(f"this cache comes from a {cache.spatial_dims}-D forward call, not a {nd}-D one")
    n_batch, n_filt = cache.x_shape[0], cache.w.shape[0]
    g = cache.geometry
    out_spatial = (g.out_d, g.out_h, g.out_w)[3 - nd:]
    expected = (n_batch, n_filt) + tuple(out_spatial)
    dout = float_array(dout, "dout", nd + 2, "(same shape as the forward output)")
    if dout.shape != expected:
        raise ValueError(f"dout must have the forward output's shape {expected}, got {dout.shape}")
    same_dtype(dout=dout, w=cache.w)
    d3 = dout.reshape(n_batch, n_filt, -1)
    groups = cache.groups
    w2d = cache.w.reshape(n_filt, -1)
    kg = w2d.shape[1]
    w2d = np.ascontiguousarray(w2d)
    dx5 = np.zeros(cache.x_shape, dtype=dout.dtype)
    chunks = _n_chunks(n_batch, n_batch * n_filt * kg * d3.shape[2])
    dw_parts = _dw_parts(chunks, n_filt, kg, groups, dout.dtype)
    shift = _shifted_rows(cache.x_shape, cache.geometry)
    if chunks == 1:
        _kern._backward_chunk(cache.x, w2d, d3, dx5, dw_parts[0], cache.geometry, groups, shift, 0, n_batch,
                              True, True)
    else:
        _kern._backward(cache.x, w2d, d3, dx5, dw_parts, cache.geometry, groups, shift, chunks, True, True)
    dw5 = _dw_from_parts(dw_parts, n_filt, kg, groups).reshape(cache.w.shape)
    db = d3.sum(axis=(0, 2)) if cache.has_bias else None
    if nd == 2:
        return dx5[:, :, 0], dw5[:, :, 0], db
    return dx5, dw5, db


def conv2d_forward(x, w, b: Optional[np.ndarray] = None, stride=1, padding=0, dilation=1, groups=1):
    """2-D convolution layer (cross-correlation with zero padding).

    x: (N, C, H, W); w: (F, C // groups, KH, KW); b: (F,) or None.
    stride, padding, dilation: int or (h, w) pair; padding is zeros on each side.
    Returns out: (N, F, OH, OW), OH = (H + 2p - d(KH-1) - 1)/s + 1, and a ConvCache.
    """
    return _conv_forward(x, w, b, stride, padding, dilation, groups, 2)


def conv2d_backward(dout, cache: ConvCache):
    """dout: (N, F, OH, OW) -> (dx (N, C, H, W), dw (F, C // groups, KH, KW), db (F,) or None)."""
    return _conv_backward(dout, cache, 2)


def conv3d_forward(x, w, b: Optional[np.ndarray] = None, stride=1, padding=0, dilation=1, groups=1):
    """3-D convolution layer; as conv2d_forward over (N, C, D, H, W).

    w: (F, C // groups, KD, KH, KW); stride, padding, dilation: int or (d, h, w).
    Returns out: (N, F, OD, OH, OW) and a ConvCache.
    """
    return _conv_forward(x, w, b, stride, padding, dilation, groups, 3)


def conv3d_backward(dout, cache: ConvCache):
    """dout: (N, F, OD, OH, OW) -> (dx, dw, db) shaped like x, w, b."""
    return _conv_backward(dout, cache, 3)
