"""Readable reference versions of the kernels: loops over output positions, numpy inside.

Slow on purpose-free grounds: they follow the definition line by line, so the lessons
can show them and the tests can trust them. The fast kernels must agree with these.
"""
from __future__ import annotations

import math
from itertools import product

import numpy as np

from .._validate import as_tuple
from ..arithmetic import conv_output_shape, conv_transpose_output_shape, pool_output_size


def _window(start, kernel, dilation):
    """Slices picking a dilated kernel's cells: start, start + d, ..., start + d(k-1)."""
    return tuple(slice(s, s + d * (k - 1) + 1, d) for s, k, d in zip(start, kernel, dilation))


def _settings(x, w, stride, padding, dilation):
    nd = x.ndim - 2
    s = as_tuple(stride, nd, "stride", minimum=1)
    p = as_tuple(padding, nd, "padding", minimum=0)
    d = as_tuple(dilation, nd, "dilation", minimum=1)
    out_spatial = conv_output_shape(x.shape[2:], w.shape[2:], s, p, d)
    return s, p, d, out_spatial


def conv_forward_reference(x, w, b=None, stride=1, padding=0, dilation=1, groups=1):
    """Cross-correlation by its definition, for 2-D (N, C, H, W) or 3-D (N, C, D, H, W) input.

    out[n, f, i, j] = b[f] + sum over c in f's group, u, v of
                      w[f, c, u, v] * xpad[n, c, i*s + u*d, j*s + v*d]
    """
    s, p, d, out_spatial = _settings(x, w, stride, padding, dilation)
    xpad = np.pad(x, [(0, 0), (0, 0)] + [(q, q) for q in p])
    n_filt, cg = w.shape[:2]
    fg = n_filt // groups
    out = np.zeros((x.shape[0], n_filt) + out_spatial, dtype=x.dtype)
    for f in range(n_filt):
        channels = slice(f // fg * cg, (f // fg + 1) * cg)   # the input channels of f's group
        for pos in product(*(range(o) for o in out_spatial)):
            win = _window([i * si for i, si in zip(pos, s)], w.shape[2:], d)
            patch = xpad[(slice(None), channels) + win]          # (N, C/g, KH, KW)
            out[(slice(None), f) + pos] = np.sum(patch * w[f], axis=tuple(range(1, patch.ndim)))
        if b is not None:
            out[:, f] += b[f]
    return out


def conv_backward_reference(dout, x, w, b=None, stride=1, padding=0, dilation=1, groups=1):
    """Gradients of conv_forward_reference, by walking the same loops backwards:
    each output position sends dout * w back to its patch and dout * patch to w."""
    s, p, d, out_spatial = _settings(x, w, stride, padding, dilation)
    xpad = np.pad(x, [(0, 0), (0, 0)] + [(q, q) for q in p])
    dxpad = np.zeros_like(xpad)
    dw = np.zeros_like(w)
    n_filt, cg = w.shape[:2]
    fg = n_filt // groups
    for f in range(n_filt):
        channels = slice(f // fg * cg, (f // fg + 1) * cg)
        for pos in product(*(range(o) for o in out_spatial)):
            index = (slice(None), channels) + _window([i * si for i, si in zip(pos, s)], w.shape[2:], d)
            g = dout[(slice(None), f) + pos].reshape((-1,) + (1,) * (x.ndim - 1))   # (N, 1, 1, 1)
            dxpad[index] += g * w[f]
            dw[f] += np.sum(g * xpad[index], axis=0)
    inner = (slice(None), slice(None)) + tuple(slice(q, q + n) for q, n in zip(p, x.shape[2:]))
    db = dout.sum(axis=(0,) + tuple(range(2, dout.ndim))) if b is not None else None
    return dxpad[inner], dw, db


def pool_forward_reference(x, kernel_size, stride=None, padding=0, mode="max", ceil_mode=False):
    """Max or average pooling of x: (N, C, H, W), window by window.

    Windows are clipped to the input; the average divides by the window's cells inside
    the padded input (padding zeros count). Returns out and, for max, the switches.
    """
    k = as_tuple(kernel_size, 2, "kernel_size", minimum=1)
    s = k if stride is None else as_tuple(stride, 2, "stride", minimum=1)
    p = as_tuple(padding, 2, "padding", minimum=0)
    (h, w_in) = x.shape[2:]
    oh, ow = (pool_output_size(n, kk, ss, pp, ceil_mode) for n, kk, ss, pp in zip((h, w_in), k, s, p))
    out = np.zeros(x.shape[:2] + (oh, ow), dtype=x.dtype)
    switches = np.zeros(x.shape[:2] + (oh, ow), dtype=np.int64)
    for i, j in product(range(oh), range(ow)):
        y0, t0 = i * s[0] - p[0], j * s[1] - p[1]
        rows = range(max(y0, 0), min(y0 + k[0], h))
        cols = range(max(t0, 0), min(t0 + k[1], w_in))
        patch = x[:, :, rows.start:rows.stop, cols.start:cols.stop].reshape(x.shape[:2] + (-1,))
        if mode == "max":
            arg = patch.argmax(axis=2)                      # first maximum wins ties
            out[:, :, i, j] = patch.max(axis=2)
            switches[:, :, i, j] = (rows.start + arg // len(cols)) * w_in + cols.start + arg % len(cols)
        else:
            cells = (min(y0 + k[0], h + p[0]) - max(y0, -p[0])) * (min(t0 + k[1], w_in + p[1]) - max(t0, -p[1]))
            out[:, :, i, j] = patch.sum(axis=2) / cells
    return out, (switches if mode == "max" else None)


# Local response normalisation and adaptive pooling, written from their definitions.
def lrn_reference(x, size=5, alpha=1e-4, beta=0.75, k=2.0):
    """b[c] = a[c] / (k + alpha * sum_{j=max(0, c - size//2)}^{min(C-1, c + (size-1)//2)} a[j]^2) ** beta."""
    n_chan = x.shape[1]
    out = np.empty_like(x)
    for c in range(n_chan):
        window = x[:, max(0, c - size // 2):min(n_chan, c + (size - 1) // 2 + 1)]
        out[:, c] = x[:, c] / (k + alpha * np.sum(window ** 2, axis=1)) ** beta
    return out


def adaptive_pool_reference(x, output_size, mode="max"):
    """Pool x: (N, C, H, W) to output_size = (oh, ow) windows; window i along an axis of
    length n is [floor(i n / o), ceil((i + 1) n / o)). Returns out and, for max, the switches."""
    (h, w), (oh, ow) = x.shape[2:], output_size
    out = np.empty(x.shape[:2] + (oh, ow), dtype=x.dtype)
    switches = np.empty(x.shape[:2] + (oh, ow), dtype=np.int64)
    for i, j in product(range(oh), range(ow)):
        r0, r1 = math.floor(i * h / oh), math.ceil((i + 1) * h / oh)
        c0, c1 = math.floor(j * w / ow), math.ceil((j + 1) * w / ow)
        patch = x[:, :, r0:r1, c0:c1].reshape(x.shape[:2] + (-1,))
        if mode == "max":
            arg = patch.argmax(axis=2)                      # first maximum wins ties
            out[:, :, i, j] = patch.max(axis=2)
            switches[:, :, i, j] = (r0 + arg // (c1 - c0)) * w + c0 + arg % (c1 - c0)
        else:
            out[:, :, i, j] = patch.mean(axis=2)
    return out, (switches if mode == "max" else None)


# Transposed convolution, written from its definition (each input cell stamps its kernel).
def _transpose_settings(x, w, stride, padding, output_padding, dilation):
    s = as_tuple(stride, 2, "stride", minimum=1)
    p = as_tuple(padding, 2, "padding", minimum=0)
    q = as_tuple(output_padding, 2, "output_padding", minimum=0)
    d = as_tuple(dilation, 2, "dilation", minimum=1)
    out_spatial = conv_transpose_output_shape(x.shape[2:], w.shape[2:], s, p, q, d)
    canvas = tuple(o + 2 * pp for o, pp in zip(out_spatial, p))   # the output before cropping the padding
    return s, p, d, out_spatial, canvas


def conv_transpose_forward_reference(x, w, b=None, stride=1, padding=0, output_padding=0, dilation=1, groups=1):
    """Transposed convolution by stamping, for x: (N, C, H, W), w: (C, F // groups, KH, KW).

    Every input cell x[n, c, i, j] adds x[n, c, i, j] * w[c] (a copy of its kernel, dilated)
    to the output channels of c's group at rows i*s, i*s + d, ..., columns j*s, ...; then
    padding crops p cells from each side (output_padding cells were already added at the end).
    """
    s, p, d, out_spatial, canvas = _transpose_settings(x, w, stride, padding, output_padding, dilation)
    n_chan, fg = w.shape[:2]
    cg = n_chan // groups
    full = np.zeros((x.shape[0], fg * groups) + canvas, dtype=x.dtype)
    for c in range(n_chan):
        filters = slice(c // cg * fg, (c // cg + 1) * fg)       # the output channels of c's group
        for i, j in product(range(x.shape[2]), range(x.shape[3])):
            stamp = (slice(None), filters) + _window((i * s[0], j * s[1]), w.shape[2:], d)
            full[stamp] += x[:, c, i, j].reshape(-1, 1, 1, 1) * w[c]
    out = full[:, :, p[0]:p[0] + out_spatial[0], p[1]:p[1] + out_spatial[1]]
    if b is not None:
        out = out + b.reshape(-1, 1, 1)
    return out


def conv_transpose_backward_reference(dout, x, w, b=None, stride=1, padding=0, output_padding=0, dilation=1,
                                      groups=1):
    """Gradients of conv_transpose_forward_reference, walking the same stamps backwards:
    each stamp reads dout under it, weighted by w[c] for dx and by the input cell for dw."""
    s, p, d, out_spatial, canvas = _transpose_settings(x, w, stride, padding, output_padding, dilation)
    n_chan, fg = w.shape[:2]
    cg = n_chan // groups
    dfull = np.zeros((x.shape[0], fg * groups) + canvas, dtype=dout.dtype)
    dfull[:, :, p[0]:p[0] + out_spatial[0], p[1]:p[1] + out_spatial[1]] = dout   # cropped cells get no gradient
    dx, dw = np.zeros_like(x), np.zeros_like(w)
    for c in range(n_chan):
        filters = slice(c // cg * fg, (c // cg + 1) * fg)
        for i, j in product(range(x.shape[2]), range(x.shape[3])):
            under = dfull[(slice(None), filters) + _window((i * s[0], j * s[1]), w.shape[2:], d)]  # (N, F/g, KH, KW)
            dx[:, c, i, j] = np.sum(under * w[c], axis=(1, 2, 3))
            dw[c] += np.sum(x[:, c, i, j].reshape(-1, 1, 1, 1) * under, axis=0)
    db = dout.sum(axis=(0, 2, 3)) if b is not None else None
    return dx, dw, db
