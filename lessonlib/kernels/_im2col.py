"""Numba inner loop of the fast convolution: im2col and its adjoint col2im.

Both work on 5-D arrays (N, C, D, H, W); a 2-D convolution is the D = 1 case.
Zero padding is never materialised: an index that falls in the padding is skipped,
which leaves the zero that np.zeros put there.
"""
import numpy as np
from numba import njit, prange


@njit(parallel=True, cache=True)
def _walk(x, cols, geometry, adjoint):
    """Visit every (input cell, cols entry) pair of the unfolding once.

    adjoint False: cols[n, r, p] = x[n, c, z, y, t]   (im2col)
    adjoint True:  x[n, c, z, y, t] += cols[n, r, p]  (col2im: overlapping windows add)
    One loop nest serves both, so forward and backward can never disagree on indexing.
    """
    kd, kh, kw, sd, sh, sw, pd, ph, pw, dd, dh, dw, od, oh, ow = geometry
    n_batch, n_chan, d_in, h_in, w_in = x.shape
    for n in prange(n_batch):
        for c in range(n_chan):
            for a in range(kd):
                for b in range(kh):
                    for e in range(kw):
                        row = ((c * kd + a) * kh + b) * kw + e
                        for i in range(od):
                            z = i * sd - pd + a * dd
                            if z < 0 or z >= d_in:
                                continue
                            for j in range(oh):
                                y = j * sh - ph + b * dh
                                if y < 0 or y >= h_in:
                                    continue
                                base = (i * oh + j) * ow
                                for k in range(ow):
                                    t = k * sw - pw + e * dw
                                    if t >= 0 and t < w_in:
                                        if adjoint:
                                            x[n, c, z, y, t] += cols[n, row, base + k]
                                        else:
                                            cols[n, row, base + k] = x[n, c, z, y, t]


def im2col(x, geometry):
    """x: (N, C, D, H, W) -> cols: (N, C*kd*kh*kw, od*oh*ow), so out[n] = w2d @ cols[n].

    geometry = (kd, kh, kw, sd, sh, sw, pd, ph, pw, dd, dh, dw, od, oh, ow).
    """
    kd, kh, kw = geometry[:3]
    od, oh, ow = geometry[12:]
    cols = np.zeros((x.shape[0], x.shape[1] * kd * kh * kw, od * oh * ow), dtype=x.dtype)
    _walk(x, cols, geometry, False)
    return cols


def col2im(cols, x_shape, geometry):
    """Adjoint of im2col: cols (N, C*kd*kh*kw, od*oh*ow) -> dx of shape x_shape (N, C, D, H, W)."""
    dx = np.zeros(x_shape, dtype=cols.dtype)
    _walk(dx, cols, geometry, True)
    return dx
