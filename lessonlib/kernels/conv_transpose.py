"""Fast 2-D transposed convolution ("deconvolution", fractionally strided convolution).

Each input cell stamps a copy of its kernel, scaled by the cell's value, onto the output
at steps of the stride (`reference.conv_transpose_forward_reference` does exactly that).
The same sums, read the other way, are a convolution's input gradient, so this module
adds no arithmetic of its own: it runs conv2d's Numba tier (`_im2col`) with the roles
swapped. Take the convolution that maps the transposed layer's output (N, F, OH, OW)
back to its input (N, C, H, W) with the same w, stride, padding, dilation, groups:

    transposed forward   = that convolution's input gradient     (fold of w.T @ x)
    transposed dx        = that convolution's forward pass         (w @ unfold(dout))
    transposed dw        = that convolution's weight gradient, with x as its output gradient

The forward pass calls `_im2col`'s drivers directly; the backward pass has its own small
driver (`_backward` below), so that both gradients share one parallel loop.

PyTorch's weight layout: w is (C, F // groups, KH, KW), which is exactly that
convolution's (filters, channels per group, KH, KW).

Output size per axis: (n - 1)s - 2p + d(k - 1) + output_padding + 1 (see
`lessonlib.arithmetic.conv_transpose_output_size`). output_padding keeps cells at the far
end that the padding crop would cut (they hold stamps) or, past the padding, cells no stamp
reaches (bias only). The convolution back rounds its output size down, as PyTorch's does,
so it stops at the same last window whatever output_padding was: the kernels run it with
its output size (H, W) given, not computed.
"""
from __future__ import annotations

from typing import NamedTuple, Optional

import numpy as np
from numba import njit, prange

from . import _im2col as _kern
from .._validate import as_tuple, float_array, positive_int, same_dtype
from ..arithmetic import conv_transpose_output_shape
from ._im2col import ConvGeometry
from .conv import _dw_from_parts, _dw_parts, _lanes_layout, _n_chunks, _shifted_rows


class ConvTransposeCache(NamedTuple):
    """What the backward pass needs: a copy of the input and the weights, and the geometry
    of the convolution that runs the layer backwards (output -> input)."""

    x: np.ndarray          # (N, C, H, W): the input as the forward call saw it
    w: np.ndarray          # (C, F // groups, KH, KW)
    has_bias: bool
    out_shape: tuple       # (N, F, OH, OW)
    geometry: ConvGeometry  # that convolution's, kernel_d = stride_d = dil_d = out_d = 1, pad_d = 0,
                            # (out_h, out_w) = (H, W)
    groups: int


@njit(cache=True)
def _backward_chunk(dout, w2d, wt, x, dx, dw_t, geometry, groups, n0, n1):
    """Samples [n0, n1): dx = the convolution's forward pass over dout (no bias), and
    dw_t += its weight gradient (transposed, padded: see conv._dw_parts), with dout as its
    input and x as its output gradient. wt: w in conv._lanes_layout."""
    _kern._forward_chunk(dout, wt, np.zeros(w2d.shape[0], dtype=dout.dtype), dx, geometry, groups, n0, n1)
    no_dx = np.zeros((0, 0, 0, 0, 0), dtype=dout.dtype)
    _kern._backward_chunk(dout, w2d, x, no_dx, dw_t, geometry, groups, False, n0, n1, False, True)


@njit(parallel=True, cache=True)
def _backward(dout, w2d, wt, x, dx, dw_parts, geometry, groups, n_chunks):
    """Both gradients in one parallel loop over chunks of the batch: one fork/join per call."""
    n_batch = dout.shape[0]
    for c in prange(n_chunks):
        _backward_chunk(dout, w2d, wt, x, dx, dw_parts[c], geometry, groups,
                        c * n_batch // n_chunks, (c + 1) * n_batch // n_chunks)


def _check_inputs(x, w, b, stride, padding, output_padding, dilation, groups):
    x = float_array(x, "x", 4, "(N, C, H, W)")
    w = float_array(w, "w", 4, "(C, F // groups, KH, KW)")
    if b is not None:
        b = float_array(b, "b", 1, "(F,)")
    same_dtype(x=x, w=w, b=b)
    groups = positive_int(groups, "groups")
    n_chan = x.shape[1]
    if n_chan % groups:
        raise ValueError(f"groups {groups} must divide the input channels C = {n_chan}")
    if w.shape[0] != n_chan:
        g, f_in, c_in = groups, w.shape[0], w.shape[1]
        hint = ""
        if c_in * g == n_chan and f_in % g == 0:    # looks like conv2d's layout (F, C // groups, KH, KW)
            fix = ("w.transpose(1, 0, 2, 3)" if g == 1 else
                   f"w.reshape({g}, {f_in // g}, {c_in}, {w.shape[2]}, {w.shape[3]}).swapaxes(1, 2)"
                   f".reshape({n_chan}, {f_in // g}, {w.shape[2]}, {w.shape[3]})")
            hint = f"; w looks like conv2d's layout (F, C // groups, KH, KW): use {fix}"
        raise ValueError(
            f"channel mismatch: x has C = {n_chan} channels, so w must be (C, F // groups, KH, KW) with "
            f"w.shape[0] = {n_chan} (PyTorch's ConvTranspose2d layout), but w.shape[0] = {f_in}{hint}"
        )
    n_filt = w.shape[1] * groups
    if b is not None and b.shape != (n_filt,):
        raise ValueError(f"b must have shape (F,) = ({n_filt},) (F = groups * w.shape[1]), got {b.shape}")
    stride = as_tuple(stride, 2, "stride", minimum=1)
    padding = as_tuple(padding, 2, "padding", minimum=0)
    output_padding = as_tuple(output_padding, 2, "output_padding", minimum=0)
    dilation = as_tuple(dilation, 2, "dilation", minimum=1)
    out_spatial = conv_transpose_output_shape(x.shape[2:], w.shape[2:], stride, padding, output_padding, dilation)
    # the convolution from out_spatial back to x.shape[2:], depth 1
    geometry = ConvGeometry(*map(int, (1,) + w.shape[2:] + (1,) + stride + (0,) + padding + (1,) + dilation
                                 + (1,) + x.shape[2:]))
    return x, w, b, groups, (x.shape[0], n_filt) + out_spatial, geometry


def conv_transpose2d_forward(x, w, b: Optional[np.ndarray] = None, stride=1, padding=0, output_padding=0,
                             dilation=1, groups=1):
    """2-D transposed convolution layer (the adjoint of conv2d with the same settings).

    x: (N, C, H, W); w: (C, F // groups, KH, KW) as in PyTorch; b: (F,) or None.
    stride, padding, output_padding, dilation: int or (h, w) pair. padding crops p cells
    from each side of the stamped output; output_padding (smaller than the stride or the
    dilation) adds cells at the bottom and right, to reach a size a strided conv2d maps
    back to (H, W).
    Returns out: (N, F, OH, OW), OH = (H - 1)s - 2p + d(KH - 1) + output_padding + 1,
    and a ConvTransposeCache.
    """
    x, w, b, groups, out_shape, geometry = _check_inputs(x, w, b, stride, padding, output_padding, dilation,
                                                         groups)
    n_batch, n_chan = x.shape[:2]
    out5 = np.empty(out_shape[:2] + (1,) + out_shape[2:], dtype=x.dtype)
    out5[...] = 0.0 if b is None else b.reshape(-1, 1, 1, 1)   # the fold adds onto the bias
    w2d = np.ascontiguousarray(w.reshape(n_chan, -1))
    x3 = x.reshape(n_batch, n_chan, -1)
    shift = _shifted_rows(out5.shape, geometry)
    chunks = _n_chunks(n_batch, n_batch * n_chan * w2d.shape[1] * x3.shape[2])
    no_dw = _dw_parts(chunks, n_chan, 0, groups, x.dtype)      # one unused, empty part per chunk
    # out5 is passed as the convolution's input too, for its shape only (no weight gradient)
    if chunks == 1:
        _kern._backward_chunk(out5, w2d, x3, out5, no_dw[0], geometry, groups, shift, 0, n_batch, True, False)
    else:
        _kern._backward(out5, w2d, x3, out5, no_dw, geometry, groups, shift, chunks, True, False)
    cache = ConvTransposeCache(x.copy(), w, b is not None, out_shape, geometry, groups)
    return out5.reshape(out_shape), cache


def conv_transpose2d_backward(dout, cache: ConvTransposeCache):
    """dout: (N, F, OH, OW) -> (dx (N, C, H, W), dw (C, F // groups, KH, KW), db (F,) or None)."""
    if not isinstance(cache, ConvTransposeCache):
        raise TypeError("cache must be the ConvTransposeCache returned by conv_transpose2d_forward")
    dout = float_array(dout, "dout", 4, "(same shape as the forward output)")
    if dout.shape != cache.out_shape:
        raise ValueError(f"dout must have the forward output's shape {cache.out_shape}, got {dout.shape}")
    same_dtype(dout=dout, w=cache.w)
    x, w, groups, geometry = cache.x, cache.w, cache.groups, cache.geometry
    n_batch, n_chan = x.shape[:2]
    dout5 = dout.reshape(dout.shape[:2] + (1,) + dout.shape[2:])
    w2d = np.ascontiguousarray(w.reshape(n_chan, -1))
    kg = w2d.shape[1]
    wt, _ = _lanes_layout(w2d, groups)
    x3 = x.reshape(n_batch, n_chan, -1)
    dx = np.empty((n_batch, n_chan, x.shape[2] * x.shape[3]), dtype=dout.dtype)
    chunks = _n_chunks(n_batch, n_batch * n_chan * kg * x.shape[2] * x.shape[3])   # as conv2d's backward
    dw_parts = _dw_parts(chunks, n_chan, kg, groups, dout.dtype)
    if chunks == 1:
        _backward_chunk(dout5, w2d, wt, x3, dx, dw_parts[0], geometry, groups, 0, n_batch)
    else:
        _backward(dout5, w2d, wt, x3, dx, dw_parts, geometry, groups, chunks)
    db = dout.sum(axis=(0, 2, 3)) if cache.has_bias else None
    return dx.reshape(x.shape), _dw_from_parts(dw_parts, n_chan, kg, groups).reshape(w.shape), db
