"""Numba tier of the fast convolution: im2col, its adjoint col2im, small matrix products.

Everything works on 5-D arrays (N, C, D, H, W); a 2-D convolution is the D = 1 case.
One sample's input unfolds into cols (K, P): K = C*kd*kh*kw rows (one per kernel cell),
P = od*oh*ow columns (one per output position), so that out[n] = w2d @ cols.

The drivers run the batch in chunks inside ONE parallel loop, one sample at a time:
unfold, multiply, (backward: fold back). A sample's (K, P) buffer stays in the CPU cache
while it is multiplied, nothing of size N*K*P is ever allocated, and a call costs one
fork/join instead of one per BLAS call -- on two shared cores each join can cost
milliseconds when the other thread is descheduled. The products are small (K, F <= a few
hundred), where a blocked Numba loop is as fast as BLAS and keeps BLAS threads out of it.

Zero padding is never materialised: an index in the padding is skipped, leaving the zero
the buffer was created with (the skipped cells are the same for every sample).
"""
import numpy as np
from numba import njit, prange

# reassoc lets LLVM vectorise the dot products of the weight gradient; contract gives FMAs.
# Results differ from a strict left-to-right sum only by rounding (tests use tolerances).
_FAST = {"reassoc", "contract", "nsz"}


@njit(cache=True)
def _unfold(x, n, cols, geometry, adjoint):
    """One sample. adjoint False: cols[r, p] = x[n, c, z, y, t]   (im2col)
    adjoint True: x[n, c, z, y, t] += cols[r, p]                   (col2im: windows overlap, so add)
    One loop nest serves both, so forward and backward can never disagree on indexing.
    (Rows are short, 10-30 cells: a plain scalar loop beat a vectorised one with its
    range set-up by 2-5x when measured.)"""
    kd, kh, kw, sd, sh, sw, pd, ph, pw, dd, dh, dw, od, oh, ow = geometry
    n_chan, d_in, h_in, w_in = x.shape[1], x.shape[2], x.shape[3], x.shape[4]
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
                                        x[n, c, z, y, t] += cols[row, base + k]
                                    else:
                                        cols[row, base + k] = x[n, c, z, y, t]


@njit(cache=True, fastmath=_FAST)
def _matmul(a, b, out):
    """out = a @ b for a (M, K), b (K, P), out (M, P), rows contiguous.

    Two output rows and four rows of b per sweep over P: each loaded b value feeds two
    multiply-adds, and the sweep over P is what LLVM vectorises."""
    m_rows, k_dim = a.shape
    p_len = b.shape[1]
    for i in range(0, m_rows - 1, 2):
        o0, o1 = out[i], out[i + 1]
        o0[:] = 0.0
        o1[:] = 0.0
        kk = 0
        while kk + 4 <= k_dim:
            b0, b1, b2, b3 = b[kk], b[kk + 1], b[kk + 2], b[kk + 3]
            u0, u1, u2, u3 = a[i, kk], a[i, kk + 1], a[i, kk + 2], a[i, kk + 3]
            v0, v1, v2, v3 = a[i + 1, kk], a[i + 1, kk + 1], a[i + 1, kk + 2], a[i + 1, kk + 3]
            for p in range(p_len):
                q0, q1, q2, q3 = b0[p], b1[p], b2[p], b3[p]
                o0[p] += u0 * q0 + u1 * q1 + u2 * q2 + u3 * q3
                o1[p] += v0 * q0 + v1 * q1 + v2 * q2 + v3 * q3
            kk += 4
        while kk < k_dim:
            b0, u0, v0 = b[kk], a[i, kk], a[i + 1, kk]
            for p in range(p_len):
                o0[p] += u0 * b0[p]
                o1[p] += v0 * b0[p]
            kk += 1
    if m_rows % 2:
        i = m_rows - 1
        o0 = out[i]
        o0[:] = 0.0
        kk = 0
        while kk + 4 <= k_dim:
            b0, b1, b2, b3 = b[kk], b[kk + 1], b[kk + 2], b[kk + 3]
            u0, u1, u2, u3 = a[i, kk], a[i, kk + 1], a[i, kk + 2], a[i, kk + 3]
            for p in range(p_len):
                o0[p] += u0 * b0[p] + u1 * b1[p] + u2 * b2[p] + u3 * b3[p]
            kk += 4
        while kk < k_dim:
            b0, u0 = b[kk], a[i, kk]
            for p in range(p_len):
                o0[p] += u0 * b0[p]
            kk += 1


@njit(cache=True, fastmath=_FAST)
def _matmul_nt_add(a, b, out):
    """out += a @ b.T for a (M, P), b (K, P), out (M, K): dot products of contiguous rows,
    two rows of a by four rows of b at a time (eight sums, each loaded value used 2-4 times).
    The sums start from out's own entries so they keep its dtype: a 0.0 literal would make
    them float64 and halve the float32 speed."""
    m_rows, p_len = a.shape
    k_dim = b.shape[0]
    for i in range(0, m_rows, 2):
        i1 = min(i + 1, m_rows - 1)           # odd M: the last row is summed twice
        a0, a1 = a[i], a[i1]
        for kk in range(0, k_dim, 4):
            k1, k2, k3 = min(kk + 1, k_dim - 1), min(kk + 2, k_dim - 1), min(kk + 3, k_dim - 1)
            b0, b1, b2, b3 = b[kk], b[k1], b[k2], b[k3]
            s0, s1, s2, s3 = out[i, kk], out[i, k1], out[i, k2], out[i, k3]
            t0, t1, t2, t3 = out[i1, kk], out[i1, k1], out[i1, k2], out[i1, k3]
            for p in range(p_len):
                u, v = a0[p], a1[p]
                q0, q1, q2, q3 = b0[p], b1[p], b2[p], b3[p]
                s0 += u * q0
                s1 += u * q1
                s2 += u * q2
                s3 += u * q3
                t0 += v * q0
                t1 += v * q1
                t2 += v * q2
                t3 += v * q3
            # a clamped index repeats an entry whose sum it computed identically: any write order works
            out[i1, k3], out[i1, k2], out[i1, k1], out[i1, kk] = t3, t2, t1, t0
            out[i, k3], out[i, k2], out[i, k1], out[i, kk] = s3, s2, s1, s0


@njit(cache=True)
def _forward_chunk(x, w2d, bias, out, geometry, groups, n0, n1):
    """out[n] = w2d @ im2col(x[n]) + bias for n in [n0, n1); out: (N, F, P), w2d: (F, K/groups)."""
    n_filt, kg = w2d.shape
    fg = n_filt // groups
    cols = np.zeros((kg * groups, out.shape[2]), dtype=x.dtype)
    for n in range(n0, n1):
        _unfold(x, n, cols, geometry, False)
        on = out[n]
        for g in range(groups):
            _matmul(w2d[g * fg:(g + 1) * fg], cols[g * kg:(g + 1) * kg], on[g * fg:(g + 1) * fg])
        for f in range(n_filt):
            on[f] += bias[f]


@njit(parallel=True, cache=True)
def _forward(x, w2d, bias, out, geometry, groups, n_chunks):
    n_batch = x.shape[0]
    for c in prange(n_chunks):
        _forward_chunk(x, w2d, bias, out, geometry, groups, c * n_batch // n_chunks, (c + 1) * n_batch // n_chunks)


@njit(cache=True)
def _backward_chunk(x, w_t, dout, dx, dw, geometry, groups, n0, n1):
    """For n in [n0, n1): dw += dout[n] @ im2col(x[n]).T per group, dx[n] = col2im(w.T @ dout[n]).

    w_t: (groups, K/groups, F/groups), each group's weights transposed; dout: (N, F, P);
    dx zeroed (N, C, D, H, W); dw (F, K/groups) accumulates."""
    _, kg, fg = w_t.shape
    p_len = dout.shape[2]
    cols = np.zeros((kg * groups, p_len), dtype=x.dtype)
    dcols = np.empty((kg * groups, p_len), dtype=x.dtype)
    for n in range(n0, n1):
        _unfold(x, n, cols, geometry, False)
        dn = dout[n]
        for g in range(groups):
            fs, ks = slice(g * fg, (g + 1) * fg), slice(g * kg, (g + 1) * kg)
            _matmul_nt_add(dn[fs], cols[ks], dw[fs])
            _matmul(w_t[g], dn[fs], dcols[ks])
        _unfold(dx, n, dcols, geometry, True)


@njit(parallel=True, cache=True)
def _backward(x, w_t, dout, dx, dw_parts, geometry, groups, n_chunks):
    """dw_parts: (n_chunks, F, K/groups) zeros, one per chunk so no two threads add to one array."""
    n_batch = x.shape[0]
    for c in prange(n_chunks):
        _backward_chunk(x, w_t, dout, dx, dw_parts[c], geometry, groups,
                        c * n_batch // n_chunks, (c + 1) * n_batch // n_chunks)


@njit(parallel=True, cache=True)
def _walk(x, cols, geometry, adjoint):
    """Whole batch: cols (N, K, P) <- x (im2col), or x += fold(cols) (col2im)."""
    for n in prange(x.shape[0]):
        _unfold(x, n, cols[n], geometry, adjoint)


def im2col(x, geometry):
    """x: (N, C, D, H, W) -> cols: (N, C*kd*kh*kw, od*oh*ow), so out[n] = w2d @ cols[n].

    geometry = (kd, kh, kw, sd, sh, sw, pd, ph, pw, dd, dh, dw, od, oh, ow).
    For showing the unfolding; the convolution itself never builds the whole batch's cols.
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
