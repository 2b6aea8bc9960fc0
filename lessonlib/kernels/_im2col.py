"""Numba tier of the fast convolution: im2col, its adjoint col2im, small matrix products.

Everything works on 5-D arrays (N, C, D, H, W); a 2-D convolution is the D = 1 case.
The convolution of one sample is the matrix product out[n] = w2d @ B, where B has one row
per kernel cell r = (c, a, b, e) and one column per output position. B is never more than
"a flat source array and one offset per row": B[r, q] = src[offsets[r] + q]. Two sources:

* im2col ("cols", any stride): src is the unfolded sample, row r at offset r*P;
  the unfolding copies every input cell kd*kh*kw times.
* shifted rows (stride 1): src is the zero-padded sample itself. Position q = i*Hp*Wp +
  j*Wp + k of the padded grid and kernel cell r give input cell q + offset(r), so row r
  of B is the padded image read from offset(r) on: no copy at all. The price is that q
  also runs over the k >= ow columns (and j >= oh rows) of the grid, which are computed
  and thrown away: (Hp*Wp)/(oh*ow) more multiply-adds, chosen only when that is small.

The drivers run the batch in chunks inside ONE parallel loop, one sample at a time:
fill the source, multiply, (backward: fold back). A sample's buffers stay in the CPU
cache while they are used, nothing of size N*K*P is allocated, and a call costs one
fork/join instead of one per BLAS call -- on two shared cores each join can cost
milliseconds when the other thread is descheduled. The products are small (K, F <= a few
hundred), where the blocked Numba loops below run about as fast as BLAS.

Zero padding is never written into the input: im2col skips padded cells (leaving the
zeros the buffer started with), and the shifted-row buffer is zeroed once per chunk.
"""
from typing import NamedTuple

import numpy as np
from numba import njit, prange


class ConvGeometry(NamedTuple):
    """The 15 integers of a convolution, per axis (depth, height, width); a 2-D
    convolution has kernel_d = stride_d = dil_d = out_d = 1 and pad_d = 0. Numba passes it
    to the jitted functions as a tuple of int64 whose fields keep their names."""

    kernel_d: int
    kernel_h: int
    kernel_w: int
    stride_d: int
    stride_h: int
    stride_w: int
    pad_d: int
    pad_h: int
    pad_w: int
    dil_d: int
    dil_h: int
    dil_w: int
    out_d: int
    out_h: int
    out_w: int

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
    g = geometry
    n_chan, d_in, h_in, w_in = x.shape[1], x.shape[2], x.shape[3], x.shape[4]
    kd, kh, kw = g.kernel_d, g.kernel_h, g.kernel_w
    sd, sh, sw = g.stride_d, g.stride_h, g.stride_w
    pd, ph, pw = g.pad_d, g.pad_h, g.pad_w
    dd, dh, dw = g.dil_d, g.dil_h, g.dil_w
    od, oh, ow = g.out_d, g.out_h, g.out_w
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
def _row_pair(a, i, i1, src, offsets, o0, o1):
    """o0 = a[i] @ B, o1 = a[i1] @ B: four rows of B per sweep over P, each loaded value
    feeding two multiply-adds; the sweep over P is what LLVM vectorises.
    (Written plainly on purpose: clamping indices or choosing o1 with a conditional
    expression here made LLVM's code half as fast when measured.)"""
    k_dim = a.shape[1]
    p_len = o0.shape[0]
    o0[:] = 0.0
    o1[:] = 0.0
    kk = 0
    while kk + 4 <= k_dim:
        b0 = src[offsets[kk]:offsets[kk] + p_len]
        b1 = src[offsets[kk + 1]:offsets[kk + 1] + p_len]
        b2 = src[offsets[kk + 2]:offsets[kk + 2] + p_len]
        b3 = src[offsets[kk + 3]:offsets[kk + 3] + p_len]
        u0, u1, u2, u3 = a[i, kk], a[i, kk + 1], a[i, kk + 2], a[i, kk + 3]
        v0, v1, v2, v3 = a[i1, kk], a[i1, kk + 1], a[i1, kk + 2], a[i1, kk + 3]
        for p in range(p_len):
            q0, q1, q2, q3 = b0[p], b1[p], b2[p], b3[p]
            o0[p] += u0 * q0 + u1 * q1 + u2 * q2 + u3 * q3
            o1[p] += v0 * q0 + v1 * q1 + v2 * q2 + v3 * q3
        kk += 4
    while kk < k_dim:
        b0 = src[offsets[kk]:offsets[kk] + p_len]
        u0, v0 = a[i, kk], a[i1, kk]
        for p in range(p_len):
            o0[p] += u0 * b0[p]
            o1[p] += v0 * b0[p]
        kk += 1


@njit(cache=True)
def _matmul(a, src, offsets, out):
    """out = a @ B for a (M, K), out (M, P), B[r] = src[offsets[r]:offsets[r] + P]."""
    m_rows = a.shape[0]
    for i in range(0, m_rows - 1, 2):
        _row_pair(a, i, i + 1, src, offsets, out[i], out[i + 1])
    if m_rows % 2:              # the last row pairs with itself into a scratch row
        _row_pair(a, m_rows - 1, m_rows - 1, src, offsets, out[m_rows - 1], np.empty_like(out[0]))


@njit(cache=True, fastmath=_FAST)
def _matmul_nt_add(a, src, offsets, out):
    """out += a @ B.T for a (M, P), out (M, K), B[r] = src[offsets[r]:offsets[r] + P]: dot
    products of contiguous rows, four rows of a by four rows of B at a time (16 sums in
    registers, each loaded value used four times). Indices past the end are clamped: the
    repeated entry gets the same sum twice, so writing it twice is harmless. The sums
    start from out's own entries so they keep its dtype: a 0.0 literal would make them
    float64 and halve the float32 speed."""
    m_rows, p_len = a.shape
    k_dim = out.shape[1]
    last_m, last_k = m_rows - 1, k_dim - 1
    for i0 in range(0, m_rows, 4):
        i1, i2, i3 = min(i0 + 1, last_m), min(i0 + 2, last_m), min(i0 + 3, last_m)
        a0, a1, a2, a3 = a[i0], a[i1], a[i2], a[i3]
        for k0 in range(0, k_dim, 4):
            k1, k2, k3 = min(k0 + 1, last_k), min(k0 + 2, last_k), min(k0 + 3, last_k)
            b0 = src[offsets[k0]:offsets[k0] + p_len]
            b1 = src[offsets[k1]:offsets[k1] + p_len]
            b2 = src[offsets[k2]:offsets[k2] + p_len]
            b3 = src[offsets[k3]:offsets[k3] + p_len]
            s00, s01, s02, s03 = out[i0, k0], out[i0, k1], out[i0, k2], out[i0, k3]
            s10, s11, s12, s13 = out[i1, k0], out[i1, k1], out[i1, k2], out[i1, k3]
            s20, s21, s22, s23 = out[i2, k0], out[i2, k1], out[i2, k2], out[i2, k3]
            s30, s31, s32, s33 = out[i3, k0], out[i3, k1], out[i3, k2], out[i3, k3]
            for p in range(p_len):
                q0, q1, q2, q3 = b0[p], b1[p], b2[p], b3[p]
                u = a0[p]
                s00 += u * q0
                s01 += u * q1
                s02 += u * q2
                s03 += u * q3
                u = a1[p]
                s10 += u * q0
                s11 += u * q1
                s12 += u * q2
                s13 += u * q3
                u = a2[p]
                s20 += u * q0
                s21 += u * q1
                s22 += u * q2
                s23 += u * q3
                u = a3[p]
                s30 += u * q0
                s31 += u * q1
                s32 += u * q2
                s33 += u * q3
            out[i3, k0], out[i3, k1], out[i3, k2], out[i3, k3] = s30, s31, s32, s33
            out[i2, k0], out[i2, k1], out[i2, k2], out[i2, k3] = s20, s21, s22, s23
            out[i1, k0], out[i1, k1], out[i1, k2], out[i1, k3] = s10, s11, s12, s13
            out[i0, k0], out[i0, k1], out[i0, k2], out[i0, k3] = s00, s01, s02, s03


# --- the two sources of B, and moving results between the grid and the output ----------


@njit(cache=True)
def _source_layout(x_shape, geometry, shift):
    """(offsets (K,), Q, grid strides (si, sj), size of src) for one sample.

    Q: columns of B; output position (i, j, k) is column i*si + j*sj + k."""
    g = geometry
    kd, kh, kw = g.kernel_d, g.kernel_h, g.kernel_w
    pd, ph, pw = g.pad_d, g.pad_h, g.pad_w
    dd, dh, dw = g.dil_d, g.dil_h, g.dil_w
    od, oh, ow = g.out_d, g.out_h, g.out_w
    n_chan = x_shape[1]
    offsets = np.empty(n_chan * kd * kh * kw, dtype=np.int64)
    if shift:
        hp, wp = x_shape[3] + 2 * ph, x_shape[4] + 2 * pw
        plane = (x_shape[2] + 2 * pd) * hp * wp
        for c in range(n_chan):
            for a in range(kd):
                for b in range(kh):
                    for e in range(kw):
                        offsets[((c * kd + a) * kh + b) * kw + e] = c * plane + (a * dd * hp + b * dh) * wp + e * dw
        return offsets, ((od - 1) * hp + oh - 1) * wp + ow, hp * wp, wp, n_chan * plane
    p_len = od * oh * ow
    for r in range(offsets.shape[0]):
        offsets[r] = r * p_len
    return offsets, p_len, oh * ow, ow, offsets.shape[0] * p_len


# The copies below index 1-D views with the bare loop counter on purpose: an index such
# as x[..., base + t] might be negative as far as Numba knows, so it wraps it element by
# element and LLVM turns the copy into a gather -- three times slower when measured.


@njit(cache=True)
def _fill_padded(x, n, src, geometry):
    """src (C * Dp*Hp*Wp) <- x[n] inside its zero border (the border is never written)."""
    pd, ph, pw = geometry.pad_d, geometry.pad_h, geometry.pad_w
    n_chan, d_in, h_in, w_in = x.shape[1], x.shape[2], x.shape[3], x.shape[4]
    hp, wp = h_in + 2 * ph, w_in + 2 * pw
    plane = (d_in + 2 * pd) * hp * wp
    for c in range(n_chan):
        for z in range(d_in):
            for y in range(h_in):
                base = c * plane + ((z + pd) * hp + y + ph) * wp + pw
                row, dst = x[n, c, z, y], src[base:base + w_in]
                for t in range(w_in):
                    dst[t] = row[t]


@njit(cache=True)
def _add_unpadded(dsrc, dx, n, geometry):
    """dx[n] += the inside of the padded gradient dsrc; the border's share belongs to the zeros."""
    pd, ph, pw = geometry.pad_d, geometry.pad_h, geometry.pad_w
    n_chan, d_in, h_in, w_in = dx.shape[1], dx.shape[2], dx.shape[3], dx.shape[4]
    hp, wp = h_in + 2 * ph, w_in + 2 * pw
    plane = (d_in + 2 * pd) * hp * wp
    for c in range(n_chan):
        for z in range(d_in):
            for y in range(h_in):
                base = c * plane + ((z + pd) * hp + y + ph) * wp + pw
                row, grad = dx[n, c, z, y], dsrc[base:base + w_in]
                for t in range(w_in):
                    row[t] += grad[t]


@njit(cache=True)
def _grid_to_out(grid, out_n, bias, od, oh, ow, si, sj):
    """out_n[f, (i*oh + j)*ow + k] = grid[f, i*si + j*sj + k] + bias[f]: keep the real positions."""
    for f in range(out_n.shape[0]):
        bf = bias[f]
        for i in range(od):
            for j in range(oh):
                src = grid[f, i * si + j * sj:i * si + j * sj + ow]
                dst = out_n[f, (i * oh + j) * ow:(i * oh + j + 1) * ow]
                for k in range(ow):
                    dst[k] = src[k] + bf


@njit(cache=True)
def _out_to_grid(dout_n, grid, od, oh, ow, si, sj):
    """The inverse placement; the grid's other columns stay 0, so they add nothing."""
    for f in range(dout_n.shape[0]):
        for i in range(od):
            for j in range(oh):
                src = dout_n[f, (i * oh + j) * ow:(i * oh + j + 1) * ow]
                dst = grid[f, i * si + j * sj:i * si + j * sj + ow]
                for k in range(ow):
                    dst[k] = src[k]


@njit(cache=True)
def _forward_chunk(x, w2d, bias, out, geometry, groups, shift, n0, n1):
    """out[n] = w2d @ B(x[n]) + bias for n in [n0, n1); out: (N, F, P), w2d: (F, K/groups)."""
    od, oh, ow = geometry.out_d, geometry.out_h, geometry.out_w
    n_filt, kg = w2d.shape
    fg = n_filt // groups
    offsets, q_len, si, sj, src_len = _source_layout(x.shape, geometry, shift)
    src = np.zeros(src_len, dtype=x.dtype)
    grid = np.empty((n_filt, q_len), dtype=x.dtype)
    for n in range(n0, n1):
        if shift:
            _fill_padded(x, n, src, geometry)
        else:
            _unfold(x, n, src.reshape((kg * groups, q_len)), geometry, False)
        for g in range(groups):
            _matmul(w2d[g * fg:(g + 1) * fg], src, offsets[g * kg:(g + 1) * kg], grid[g * fg:(g + 1) * fg])
        _grid_to_out(grid, out[n], bias, od, oh, ow, si, sj)


@njit(parallel=True, cache=True)
def _forward(x, w2d, bias, out, geometry, groups, shift, n_chunks):
    n_batch = x.shape[0]
    for c in prange(n_chunks):
        _forward_chunk(x, w2d, bias, out, geometry, groups, shift,
                       c * n_batch // n_chunks, (c + 1) * n_batch // n_chunks)


@njit(cache=True)
def _backward_chunk(x, w_t, dout, dx, dw, geometry, groups, shift, n0, n1):
    """For n in [n0, n1): dw += dout[n] @ B(x[n]).T per group, and dx[n] += the fold of
    w.T @ dout[n] (each row of B sends its gradient back to the cells it was read from).

    w_t: (groups, K/groups, F/groups), each group's weights transposed; dout: (N, F, P);
    dx zeroed (N, C, D, H, W); dw (F, K/groups) accumulates."""
    od, oh, ow = geometry.out_d, geometry.out_h, geometry.out_w
    _, kg, fg = w_t.shape
    offsets, q_len, si, sj, src_len = _source_layout(x.shape, geometry, shift)
    src = np.zeros(src_len, dtype=x.dtype)
    dsrc = np.zeros(src_len if shift else 1, dtype=x.dtype)
    grid = np.zeros((fg * groups, q_len), dtype=x.dtype)
    flat_grid = grid.reshape(-1)
    dcols = np.empty((kg * groups, q_len), dtype=x.dtype)
    grid_rows = np.arange(fg * groups) * q_len            # B for w.T @ grid: the grid's own rows
    for n in range(n0, n1):
        if shift:
            _fill_padded(x, n, src, geometry)
        else:
            _unfold(x, n, src.reshape((kg * groups, q_len)), geometry, False)
        _out_to_grid(dout[n], grid, od, oh, ow, si, sj)
        for g in range(groups):
            fs, ks = slice(g * fg, (g + 1) * fg), slice(g * kg, (g + 1) * kg)
            _matmul_nt_add(grid[fs], src, offsets[ks], dw[fs])
            _matmul(w_t[g], flat_grid, grid_rows[fs], dcols[ks])
        if shift:
            dsrc[:] = 0.0
            for r in range(kg * groups):
                seg = dsrc[offsets[r]:offsets[r] + q_len]
                seg += dcols[r]
            _add_unpadded(dsrc, dx, n, geometry)
        else:
            _unfold(dx, n, dcols, geometry, True)


@njit(parallel=True, cache=True)
def _backward(x, w_t, dout, dx, dw_parts, geometry, groups, shift, n_chunks):
    """dw_parts: (n_chunks, F, K/groups) zeros, one per chunk so no two threads add to one array."""
    n_batch = x.shape[0]
    for c in prange(n_chunks):
        _backward_chunk(x, w_t, dout, dx, dw_parts[c], geometry, groups, shift,
                        c * n_batch // n_chunks, (c + 1) * n_batch // n_chunks)


@njit(parallel=True, cache=True)
def _walk(x, cols, geometry, adjoint):
    """Whole batch: cols (N, K, P) <- x (im2col), or x += fold(cols) (col2im)."""
    for n in prange(x.shape[0]):
        _unfold(x, n, cols[n], geometry, adjoint)


def im2col(x, geometry):
    """x: (N, C, D, H, W) -> cols: (N, C*kd*kh*kw, od*oh*ow), so out[n] = w2d @ cols[n].

    geometry: a ConvGeometry (a plain tuple of its 15 integers is converted).
    For showing the unfolding; the convolution itself never builds the whole batch's cols.
    """
    g = ConvGeometry(*geometry)
    cols = np.zeros((x.shape[0], x.shape[1] * g.kernel_d * g.kernel_h * g.kernel_w,
                     g.out_d * g.out_h * g.out_w), dtype=x.dtype)
    _walk(x, cols, g, False)
    return cols


def col2im(cols, x_shape, geometry):
    """Adjoint of im2col: cols (N, C*kd*kh*kw, od*oh*ow) -> dx of shape x_shape (N, C, D, H, W)."""
    dx = np.zeros(x_shape, dtype=cols.dtype)
    _walk(dx, cols, ConvGeometry(*geometry), True)
    return dx
