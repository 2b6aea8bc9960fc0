"""Numba tier of the fast convolution: register-tiled products, im2col and its adjoint.

Everything works on 5-D arrays (N, C, D, H, W); a 2-D convolution is the D = 1 case.
The convolution of one sample is the matrix product out[n] = w2d @ B, where B has one row
per kernel cell r = (c, a, b, e) and one column per output position p = (i, j, k).
B is never built: B[r, p] = padded[off[r] + pos[p]], with `padded` the sample inside a
zero border, off[r] the kernel cell's offset and pos[p] the window corner of position p
(any stride and dilation; see _window_layout).

The products run in `_tiles`: 6 x 2 (or 12 x 1) tiles of sums held in vector registers
(the `_Vec` value type below), 8 float32 or 4 float64 lanes each:

* forward: filters in the lanes, one tile = 6 output positions x 16 filters (float32),
  summed over the K kernel cells; only real output positions are computed.
* dw: filters in the lanes, one tile = 6 kernel cells x 16 filters, summed over positions.
* dx: dcols = w.T @ dout with grid positions in the lanes, summed over the filters, then
  folded back: for stride 1 through "shifted rows" (position q = i*Hp*Wp + j*Wp + k of
  the padded grid and cell r give input cell q + off[r]; the grid's k >= ow columns are
  zeros in dout and cost (Hp*Wp)/(oh*ow) extra work, chosen when small), otherwise
  through col2im (`_unfold`, adjoint mode).

The drivers run the batch in chunks inside ONE parallel loop, one sample at a time. A
sample's buffers stay in the CPU cache while they are used, nothing of size N*K*P is
allocated, and a call costs one fork/join -- on two shared cores each join can cost
milliseconds when the other thread is descheduled. Zero padding is never written into
the input: the padded buffer's border is zeroed once per chunk and never written.
"""
from typing import NamedTuple

import numpy as np
from llvmlite import ir
from numba import njit, prange, types
from numba.core import cgutils
from numba.extending import intrinsic, models, register_model


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


# --- one SIMD register as a Numba value ------------------------------------------------
# Numba compiles with LLVM's SLP vectoriser off, and LLVM cannot keep an array tile of
# sums in registers (it cannot prove the tile does not alias the inputs), so a register-
# blocked micro-kernel cannot be written with plain loops. These intrinsics give Numba a
# value type that is one LLVM vector (8 float32 or 4 float64: one AVX register): locals
# of that type live in registers, and the tile kernels below keep their sums in them.


class _Vec(types.Type):
    def __init__(self, dtype):
        self.dtype = dtype
        self.lanes = 8 if dtype == types.float32 else 4
        super().__init__(name=f"Vec({dtype}x{self.lanes})")


@register_model(_Vec)
class _VecModel(models.PrimitiveModel):
    def __init__(self, dmm, fe_type):
        scalar = dmm.lookup(fe_type.dtype).get_value_type()
        super().__init__(dmm, fe_type, ir.VectorType(scalar, fe_type.lanes))


def _element_ptr(context, builder, aryty, ary, idx):
    data = context.make_array(aryty)(context, builder, ary).data
    return builder.gep(data, [idx])


@intrinsic
def _vwidth(typingctx, arr):
    """Lanes of one vector of arr's dtype (a constant)."""
    lanes = _Vec(arr.dtype).lanes

    def codegen(context, builder, sig, args):
        return context.get_constant(types.intp, lanes)
    return types.intp(arr), codegen


@intrinsic
def _vload(typingctx, arr, idx):
    """arr[idx:idx + lanes] of a contiguous 1-D array (no bounds or wrap-around check)."""
    vt = _Vec(arr.dtype)

    def codegen(context, builder, sig, args):
        ptr = _element_ptr(context, builder, sig.args[0], args[0], args[1])
        return builder.load(builder.bitcast(ptr, context.get_value_type(vt).as_pointer()), align=1)
    return vt(arr, idx), codegen


@intrinsic
def _vstore(typingctx, arr, idx, v):
    """arr[idx:idx + lanes] = v."""
    def codegen(context, builder, sig, args):
        ptr = _element_ptr(context, builder, sig.args[0], args[0], args[1])
        builder.store(args[2], builder.bitcast(ptr, args[2].type.as_pointer()), align=1)
        return context.get_dummy_value()
    return types.void(arr, idx, v), codegen


@intrinsic
def _vbcast(typingctx, arr, idx):
    """arr[idx] in every lane."""
    vt = _Vec(arr.dtype)

    def codegen(context, builder, sig, args):
        scalar = builder.load(_element_ptr(context, builder, sig.args[0], args[0], args[1]))
        lty = context.get_value_type(vt)
        one = builder.insert_element(ir.Constant(lty, ir.Undefined), scalar, ir.Constant(ir.IntType(32), 0))
        zeros = ir.Constant(ir.VectorType(ir.IntType(32), vt.lanes), [0] * vt.lanes)
        return builder.shuffle_vector(one, ir.Constant(lty, ir.Undefined), zeros)
    return vt(arr, idx), codegen


@intrinsic
def _vzero(typingctx, arr):
    """A vector of zeros of arr's dtype."""
    vt = _Vec(arr.dtype)

    def codegen(context, builder, sig, args):
        return ir.Constant(context.get_value_type(vt), None)
    return vt(arr), codegen


@intrinsic
def _vfma(typingctx, a, b, c):
    """a * b + c lane by lane (llvm.fmuladd: one FMA instruction where the CPU has one)."""
    def codegen(context, builder, sig, args):
        vty = args[0].type
        name = f"llvm.fmuladd.v{vty.count}f{32 if vty.element == ir.FloatType() else 64}"
        fn = cgutils.get_or_insert_function(builder.module, ir.FunctionType(vty, [vty, vty, vty]), name)
        return builder.call(fn, args)
    return a(a, b, c), codegen


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


@njit(cache=True)
def _tile2(src, u, v, bm, boff, f0, out, ldo, zero):
    """Six rows at a time by two vectors of lanes, sums in twelve registers: for every t,
    out[t*ldo + f0 + [0, 2L)] (zero: =, else +=) sum_s src[u[s] + v[t]] * bm[boff[s] + f0 + [0, 2L)].
    Per s: two vector loads of bm, six broadcasts from src, twelve FMAs. All arrays 1-D.
    (The loop over row tiles is in here, not in the caller: a call per tile cost more than
    a tile of 16 s when measured -- the arrays' reference counts are touched per call.)"""
    lanes = _vwidth(out)
    for t0 in range(0, v.shape[0], 6):
        c0, c1, c2, c3, c4, c5 = v[t0], v[t0 + 1], v[t0 + 2], v[t0 + 3], v[t0 + 4], v[t0 + 5]
        r0 = t0 * ldo + f0
        r1, r2, r3, r4, r5 = r0 + ldo, r0 + 2 * ldo, r0 + 3 * ldo, r0 + 4 * ldo, r0 + 5 * ldo
        if zero:
            a00 = a01 = a10 = a11 = a20 = a21 = a30 = a31 = a40 = a41 = a50 = a51 = _vzero(out)
        else:
            a00, a01 = _vload(out, r0), _vload(out, r0 + lanes)
            a10, a11 = _vload(out, r1), _vload(out, r1 + lanes)
            a20, a21 = _vload(out, r2), _vload(out, r2 + lanes)
            a30, a31 = _vload(out, r3), _vload(out, r3 + lanes)
            a40, a41 = _vload(out, r4), _vload(out, r4 + lanes)
            a50, a51 = _vload(out, r5), _vload(out, r5 + lanes)
        for s in range(u.shape[0]):
            base, row = u[s], boff[s] + f0
            w0, w1 = _vload(bm, row), _vload(bm, row + lanes)
            e = _vbcast(src, base + c0)
            a00, a01 = _vfma(e, w0, a00), _vfma(e, w1, a01)
            e = _vbcast(src, base + c1)
            a10, a11 = _vfma(e, w0, a10), _vfma(e, w1, a11)
            e = _vbcast(src, base + c2)
            a20, a21 = _vfma(e, w0, a20), _vfma(e, w1, a21)
            e = _vbcast(src, base + c3)
            a30, a31 = _vfma(e, w0, a30), _vfma(e, w1, a31)
            e = _vbcast(src, base + c4)
            a40, a41 = _vfma(e, w0, a40), _vfma(e, w1, a41)
            e = _vbcast(src, base + c5)
            a50, a51 = _vfma(e, w0, a50), _vfma(e, w1, a51)
        _vstore(out, r0, a00)
        _vstore(out, r0 + lanes, a01)
        _vstore(out, r1, a10)
        _vstore(out, r1 + lanes, a11)
        _vstore(out, r2, a20)
        _vstore(out, r2 + lanes, a21)
        _vstore(out, r3, a30)
        _vstore(out, r3 + lanes, a31)
        _vstore(out, r4, a40)
        _vstore(out, r4 + lanes, a41)
        _vstore(out, r5, a50)
        _vstore(out, r5 + lanes, a51)


@njit(cache=True)
def _tile1(src, u, v, bm, boff, f0, out, ldo, zero):
    """As _tile2 for twelve rows by one vector of lanes."""
    for t0 in range(0, v.shape[0], 12):
        c0, c1, c2, c3, c4, c5 = v[t0], v[t0 + 1], v[t0 + 2], v[t0 + 3], v[t0 + 4], v[t0 + 5]
        c6, c7, c8, c9, c10, c11 = v[t0 + 6], v[t0 + 7], v[t0 + 8], v[t0 + 9], v[t0 + 10], v[t0 + 11]
        r0 = t0 * ldo + f0
        if zero:
            a0 = a1 = a2 = a3 = a4 = a5 = a6 = a7 = a8 = a9 = a10 = a11 = _vzero(out)
        else:
            a0, a1, a2, a3 = _vload(out, r0), _vload(out, r0 + ldo), _vload(out, r0 + 2 * ldo), _vload(out, r0 + 3 * ldo)
            a4, a5, a6, a7 = (_vload(out, r0 + 4 * ldo), _vload(out, r0 + 5 * ldo), _vload(out, r0 + 6 * ldo),
                              _vload(out, r0 + 7 * ldo))
            a8, a9, a10, a11 = (_vload(out, r0 + 8 * ldo), _vload(out, r0 + 9 * ldo), _vload(out, r0 + 10 * ldo),
                                _vload(out, r0 + 11 * ldo))
        for s in range(u.shape[0]):
            base = u[s]
            w0 = _vload(bm, boff[s] + f0)
            a0 = _vfma(_vbcast(src, base + c0), w0, a0)
            a1 = _vfma(_vbcast(src, base + c1), w0, a1)
            a2 = _vfma(_vbcast(src, base + c2), w0, a2)
            a3 = _vfma(_vbcast(src, base + c3), w0, a3)
            a4 = _vfma(_vbcast(src, base + c4), w0, a4)
            a5 = _vfma(_vbcast(src, base + c5), w0, a5)
            a6 = _vfma(_vbcast(src, base + c6), w0, a6)
            a7 = _vfma(_vbcast(src, base + c7), w0, a7)
            a8 = _vfma(_vbcast(src, base + c8), w0, a8)
            a9 = _vfma(_vbcast(src, base + c9), w0, a9)
            a10 = _vfma(_vbcast(src, base + c10), w0, a10)
            a11 = _vfma(_vbcast(src, base + c11), w0, a11)
        _vstore(out, r0, a0)
        _vstore(out, r0 + ldo, a1)
        _vstore(out, r0 + 2 * ldo, a2)
        _vstore(out, r0 + 3 * ldo, a3)
        _vstore(out, r0 + 4 * ldo, a4)
        _vstore(out, r0 + 5 * ldo, a5)
        _vstore(out, r0 + 6 * ldo, a6)
        _vstore(out, r0 + 7 * ldo, a7)
        _vstore(out, r0 + 8 * ldo, a8)
        _vstore(out, r0 + 9 * ldo, a9)
        _vstore(out, r0 + 10 * ldo, a10)
        _vstore(out, r0 + 11 * ldo, a11)


@njit(cache=True)
def _tiles(src, u, v, bm, boff, n_cols, out, zero):
    """out[t, :n_cols] (zero: =, else +=) sum_s src[u[s] + v[t]] * bm[boff[s] + [0, n_cols)]
    for every t < len(v): one small matrix product whose left factor is read from src at
    offsets u[s] + v[t] (a convolution's window cells), out (len(v), n_cols) flat, n_cols
    a multiple of the lanes, len(v) a multiple of _tile_rows(n_cols, lanes)."""
    lanes = _vwidth(out)
    pairs = n_cols // (2 * lanes)
    for f0 in range(0, pairs * 2 * lanes, 2 * lanes):
        _tile2(src, u, v, bm, boff, f0, out, n_cols, zero)
    if n_cols > pairs * 2 * lanes:
        _tile1(src, u, v, bm, boff, pairs * 2 * lanes, out, n_cols, zero)


@njit(cache=True)
def _tile_rows(n_cols, lanes):
    """What len(v) must be a multiple of in _tiles."""
    return 12 if (n_cols // lanes) % 2 else 6


@njit(cache=True)
def _window_layout(x_shape, geometry, groups, n_cols, lanes):
    """Offsets into the zero-padded sample (C, Dp, Hp, Wp), flattened, for _tiles:
    off[g, r]: kernel cell r = (c, a, b, e) of group g; pos[p]: the window corner of output
    position p = (i, j, k). Input cell of (r, p) = off[g, r] + pos[p], for any stride and
    dilation. Both are padded (with offset 0, a valid cell) to a multiple of the tile rows;
    the rows computed for the padding are dropped."""
    g = geometry
    unit = _tile_rows(n_cols, lanes)
    cg = x_shape[1] // groups
    hp, wp = x_shape[3] + 2 * g.pad_h, x_shape[4] + 2 * g.pad_w
    plane = (x_shape[2] + 2 * g.pad_d) * hp * wp
    kg = cg * g.kernel_d * g.kernel_h * g.kernel_w
    off = np.zeros((groups, -(-kg // unit) * unit), dtype=np.int64)
    for gi in range(groups):
        for c in range(cg):
            for a in range(g.kernel_d):
                for b in range(g.kernel_h):
                    for e in range(g.kernel_w):
                        r = ((c * g.kernel_d + a) * g.kernel_h + b) * g.kernel_w + e
                        off[gi, r] = (gi * cg + c) * plane + (a * g.dil_d * hp + b * g.dil_h) * wp + e * g.dil_w
    p_len = g.out_d * g.out_h * g.out_w
    pos = np.zeros(-(-p_len // unit) * unit, dtype=np.int64)
    for i in range(g.out_d):
        for j in range(g.out_h):
            for k in range(g.out_w):
                pos[(i * g.out_h + j) * g.out_w + k] = (i * g.stride_d * hp + j * g.stride_h) * wp + k * g.stride_w
    return off, pos, x_shape[1] * plane


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
def _forward_chunk(x, wt, bias, out, geometry, groups, n0, n1):
    """out[n] = w @ B(x[n]) + bias for n in [n0, n1), filters in the vector lanes.

    wt: (groups, K/groups, Fp) each group's weights transposed, the filters zero-padded to
    Fp, a multiple of the lanes; bias: (F,); out: (N, F, P)."""
    _, kg, fgp = wt.shape
    fg = out.shape[1] // groups
    p_len = out.shape[2]
    off, pos, src_len = _window_layout(x.shape, geometry, groups, fgp, _vwidth(wt))
    src = np.zeros(src_len, dtype=x.dtype)           # the border stays zero
    out_t = np.empty(pos.shape[0] * fgp, dtype=x.dtype)
    w_rows = np.arange(kg) * fgp
    for n in range(n0, n1):
        _fill_padded(x, n, src, geometry)
        for g in range(groups):
            _tiles(src, off[g, :kg], pos, wt[g].reshape(-1), w_rows, fgp, out_t, True)
            for f in range(fg):                        # (P, Fp) -> (F, P), plus the bias
                dst = out[n, g * fg + f]
                col = out_t[f:]
                bf = bias[g * fg + f]
                for p in range(p_len):
                    dst[p] = col[p * fgp] + bf


@njit(parallel=True, cache=True)
def _forward(x, wt, bias, out, geometry, groups, n_chunks):
    n_batch = x.shape[0]
    for c in prange(n_chunks):
        _forward_chunk(x, wt, bias, out, geometry, groups,
                       c * n_batch // n_chunks, (c + 1) * n_batch // n_chunks)


@njit(cache=True)
def _backward_chunk(x, w2d, dout, dx, dw_t, geometry, groups, shift, n0, n1, want_dx, want_dw):
    """For n in [n0, n1): dw += dout[n] @ B(x[n]).T per group, and dx[n] += the fold of
    w.T @ dout[n] (each row of B sends its gradient back to the cells it was read from).

    w2d: (F, K/groups) the weights; dout: (N, F, P);
    dx (N, C, D, H, W) accumulates; dw_t (groups, Kp, Fp) accumulates dw transposed, Kp and
    Fp padded as _window_layout and the lanes need (the padding's sums are dropped).
    want_dx / want_dw skip the other half: a transposed convolution's forward pass is the
    fold alone (x is then read for its shape only, dw_t is not touched), its weight
    gradient is dw alone (dx is then never touched)."""
    od, oh, ow = geometry.out_d, geometry.out_h, geometry.out_w
    kg = w2d.shape[1]
    fg = w2d.shape[0] // groups
    fgp = dw_t.shape[2]
    p_len = dout.shape[2]
    # dw: filters in the lanes, B read from the padded sample (any stride)
    off, pos, pad_len = _window_layout(x.shape, geometry, groups, fgp, _vwidth(dw_t))
    padded = np.zeros(pad_len if want_dw else 1, dtype=x.dtype)
    dout_t = np.zeros(p_len * fgp if want_dw else 1, dtype=x.dtype)      # the padding filters stay 0
    d_rows = np.arange(p_len) * fgp
    # dx: dcols = w.T @ dout[n] (kernel cells by grid positions, the positions in the lanes),
    # folded back through the shifted rows (stride 1) or col2im
    lanes = _vwidth(dw_t)
    offsets, q_len, si, sj, src_len = _source_layout(x.shape, geometry, shift)
    q_pad = -(-q_len // lanes) * lanes
    unit = _tile_rows(q_pad, lanes)
    kg_pad = -(-kg // unit) * unit
    cells = np.zeros(kg_pad, dtype=np.int64)          # padding rows read cell 0 and are dropped
    cells[:kg] = np.arange(kg)
    w_flat = w2d.reshape(-1)
    dsrc = np.zeros(src_len if shift and want_dx else 1, dtype=x.dtype)
    grid = np.zeros((fg * groups if want_dx else 0, q_pad), dtype=x.dtype)
    flat_grid = grid.reshape(-1)
    dcols = np.empty((kg * groups + kg_pad - kg if want_dx else 0, q_pad), dtype=x.dtype)
    flat_dcols = dcols.reshape(-1)
    for n in range(n0, n1):
        if want_dw:
            _fill_padded(x, n, padded, geometry)
            for g in range(groups):
                for f in range(fg):
                    row = dout[n, g * fg + f]
                    col = dout_t[f:]
                    for p in range(p_len):
                        col[p * fgp] = row[p]
                _tiles(padded, pos[:p_len], off[g], dout_t, d_rows, fgp, dw_t[g].reshape(-1), False)
        if not want_dx:
            continue
        _out_to_grid(dout[n], grid, od, oh, ow, si, sj)
        for g in range(groups):                       # group g's padding rows spill into g+1's, rewritten next
            f_rows = np.arange(g * fg, (g + 1) * fg)
            _tiles(w_flat, f_rows * kg, cells, flat_grid, f_rows * q_pad, q_pad,
                   flat_dcols[g * kg * q_pad:], True)
        if shift:
            dsrc[:] = 0.0
            for r in range(kg * groups):
                seg = dsrc[offsets[r]:offsets[r] + q_len]
                seg += dcols[r, :q_len]
            _add_unpadded(dsrc, dx, n, geometry)
        else:
            _unfold(dx, n, dcols, geometry, True)


@njit(parallel=True, cache=True)
def _backward(x, w2d, dout, dx, dw_parts, geometry, groups, shift, n_chunks, want_dx, want_dw):
    """dw_parts: (n_chunks, groups, Kp, Fp) zeros, one per chunk so no two threads add to one array."""
    n_batch = x.shape[0]
    for c in prange(n_chunks):
        _backward_chunk(x, w2d, dout, dx, dw_parts[c], geometry, groups, shift,
                        c * n_batch // n_chunks, (c + 1) * n_batch // n_chunks, want_dx, want_dw)


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
