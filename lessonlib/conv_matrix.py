"""Convolution as a matrix: Toeplitz and doubly-block-Toeplitz matrices, im2col, flipping.

Pure numpy (plus lessonlib's own conv kernels for the fast path). Everything follows the
deep-learning convention of `lessonlib.kernels`: the "convolution" of a layer is a
cross-correlation, out[i] = sum_u k[u] x[i*s - p + u*d]; the textbook's true convolution is
the same operation with the kernel flipped (`flip_kernel`).

Lessons 7 (matrix -> convolution), 8 (convolution vs cross-correlation), 10 (channels)
and 12 (sparse connectivity, parameter sharing) draw on this module.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .threads import limit_threads
from ._validate import as_tuple, positive_int
from .arithmetic import conv_output_size
from .kernels.conv import conv2d_forward


def _kernel_array(kernel, ndim: int) -> np.ndarray:
    k = np.asarray(kernel)
    if k.ndim != ndim or k.size == 0:
        want = "(K,)" if ndim == 1 else "(KH, KW)"
        raise ValueError(f"kernel must be a non-empty {ndim}-D array {want}, got shape {k.shape}")
    return k


# --- the matrices --------------------------------------------------------------------


def conv1d_matrix(kernel, n: int, stride: int = 1, padding: int = 0, dilation: int = 1) -> np.ndarray:
    """The (n_out, n) matrix M with M @ x = cross-correlation of x (length n) with kernel.

    Row i holds the kernel at columns i*s - p + u*d (u = 0..K-1), clipped to the input:
    a banded Toeplitz matrix (every diagonal constant) when s = 1.
    n_out = (n + 2p - d(K-1) - 1)/s + 1; raises the lecture's ValueError when that is not an integer.
    """
    k = _kernel_array(kernel, 1)
    n = positive_int(n, "n (input length)")
    n_out = conv_output_size(n, k.shape[0], stride, padding, dilation)
    m = np.zeros((n_out, n), dtype=np.result_type(k.dtype, np.float64))
    rows = np.arange(n_out)
    for u, value in enumerate(k):
        cols = rows * stride - padding + u * dilation
        ok = (cols >= 0) & (cols < n)
        m[rows[ok], cols[ok]] = value
    return m


def conv2d_matrix(kernel, shape, stride=1, padding=0, dilation=1) -> np.ndarray:
    """The (OH*OW, H*W) matrix M with M @ image.ravel() = cross-correlation, ravelled.

    A doubly-block-Toeplitz matrix when stride is 1: an OH x H grid of (OW x W) blocks, block
    (i, y) being the Toeplitz matrix of kernel row (y - i*s + p)/d (or zero); see `block_rows`.
    shape: (H, W); stride, padding, dilation: int or (h, w) pair.
    """
    k = _kernel_array(kernel, 2)
    h, w = (positive_int(v, "shape") for v in shape)
    s = as_tuple(stride, 2, "stride", minimum=1)
    p = as_tuple(padding, 2, "padding", minimum=0)
    d = as_tuple(dilation, 2, "dilation", minimum=1)
    oh = conv_output_size(h, k.shape[0], s[0], p[0], d[0])
    ow = conv_output_size(w, k.shape[1], s[1], p[1], d[1])
    m = np.zeros((oh * ow, h * w), dtype=np.result_type(k.dtype, np.float64))
    i, j = np.meshgrid(np.arange(oh), np.arange(ow), indexing="ij")
    for u in range(k.shape[0]):
        for v in range(k.shape[1]):
            y = i * s[0] - p[0] + u * d[0]
            t = j * s[1] - p[1] + v * d[1]
            ok = (y >= 0) & (y < h) & (t >= 0) & (t < w)
            # one (u, v) never hits the same matrix entry twice, so plain assignment is exact
            m[(i * ow + j)[ok], (y * w + t)[ok]] = k[u, v]
    return m


def block_rows(kernel_shape, shape, stride=1, padding=0, dilation=1) -> np.ndarray:
    """Which kernel row fills each block of `conv2d_matrix`: an (OH, H) int array, -1 for zero blocks."""
    kh, kw = as_tuple(kernel_shape, 2, "kernel_shape", minimum=1)
    h, w = shape
    s, p, d = (as_tuple(v, 1, name, minimum=m)[0] for v, name, m in
               ((stride, "stride", 1), (padding, "padding", 0), (dilation, "dilation", 1)))
    oh = conv_output_size(h, kh, s, p, d)
    offset = np.arange(h)[None, :] - np.arange(oh)[:, None] * s + p     # y - i*s + p
    u = np.where(offset % d == 0, offset // d, -1)
    return np.where((u >= 0) & (u < kh), u, -1)


def dense_matrix(n_out: int, n_in: int, seed: int = 0) -> np.ndarray:
    """A fully connected layer's weight matrix (n_out, n_in): every entry its own parameter."""
    rng = np.random.default_rng(seed)
    return rng.standard_normal((positive_int(n_out, "n_out"), positive_int(n_in, "n_in")))


class MatrixCounts(NamedTuple):
    """entries: size of the matrix; nonzeros: multiplies a sparse product needs;
    distinct: distinct non-zero values, i.e. free parameters when the matrix is learned."""

    entries: int
    nonzeros: int
    distinct: int


def matrix_counts(m: np.ndarray) -> MatrixCounts:
    m = np.asarray(m)
    nz = m[m != 0]
    return MatrixCounts(int(m.size), int(nz.size), int(np.unique(nz).size))


# --- im2col ---------------------------------------------------------------------------


def im2col(image, kernel_shape, stride=1, padding=0, dilation=1) -> np.ndarray:
    """Unfold an image (H, W) or (C, H, W) into columns: (C*KH*KW, OH*OW).

    Column q holds the patch under the kernel at output position q, in the order of
    w.ravel(), so that w.ravel() @ cols is the cross-correlation. The readable version of
    what lessonlib's fast kernel does before its matrix product.
    """
    x = np.asarray(image)
    if x.ndim == 2:
        x = x[None]
    if x.ndim != 3:
        raise ValueError(f"image must be (H, W) or (C, H, W), got shape {np.shape(image)}")
    kh, kw = as_tuple(kernel_shape, 2, "kernel_shape", minimum=1)
    s = as_tuple(stride, 2, "stride", minimum=1)
    p = as_tuple(padding, 2, "padding", minimum=0)
    d = as_tuple(dilation, 2, "dilation", minimum=1)
    c, h, w = x.shape
    oh = conv_output_size(h, kh, s[0], p[0], d[0])
    ow = conv_output_size(w, kw, s[1], p[1], d[1])
    xp = np.pad(x, ((0, 0), (p[0], p[0]), (p[1], p[1])))
    cols = np.empty((c, kh, kw, oh * ow), dtype=x.dtype)
    for u in range(kh):
        for v in range(kw):
            # all output positions at once: a strided slice of the padded image
            rows = slice(u * d[0], u * d[0] + s[0] * (oh - 1) + 1, s[0])
            cc = slice(v * d[1], v * d[1] + s[1] * (ow - 1) + 1, s[1])
            cols[:, u, v] = xp[:, rows, cc].reshape(c, -1)
    return cols.reshape(c * kh * kw, oh * ow)


# --- convolution vs cross-correlation -------------------------------------------------


def flip_kernel(h) -> np.ndarray:
    """Rotate a 2-D kernel by 180 degrees: h[u, v] -> h[-u, -v] (works on letters too)."""
    return np.asarray(h)[::-1, ::-1].copy()


def is_flip_symmetric(h) -> bool:
    """True when flipping changes nothing, so convolution and cross-correlation agree."""
    h = np.asarray(h)
    return bool(np.array_equal(h, flip_kernel(h)))


def _same_padding(h: np.ndarray) -> tuple[int, int]:
    if h.shape[0] % 2 == 0 or h.shape[1] % 2 == 0:
        raise ValueError(f"kernel {h.shape} needs odd sizes to have a centre (u, v = -k..k)")
    return h.shape[0] // 2, h.shape[1] // 2


def correlate2d(image, h) -> np.ndarray:
    """Cross-correlation G = h ⊗ F with zero padding, output the size of the image (odd kernels).

    G[i, j] = sum_{u,v=-k..k} h[u, v] F[i + u, j + v]; computed by lessonlib's conv2d_forward.
    """
    f = np.asarray(image, dtype=np.float64)
    h = np.asarray(h, dtype=np.float64)
    if f.ndim != 2:
        raise ValueError(f"image must be 2-D (H, W), got shape {f.shape}")
    with limit_threads(1):
        out, _ = conv2d_forward(f[None, None], _kernel_array(h, 2)[None, None], padding=_same_padding(h))
    return out[0, 0]


def convolve2d(image, h) -> np.ndarray:
    """True convolution G = h * F: G[i, j] = sum h[u, v] F[i - u, j - v] = correlation with the flipped kernel."""
    return correlate2d(image, flip_kernel(_kernel_array(h, 2)))


def _shifted_sum(f, h, sign):
    """sum_{u,v} h[u, v] F[i + sign*u, j + sign*v], indices u, v centred on the kernel, zeros outside F."""
    kh, kw = _same_padding(h)
    fp = np.pad(np.asarray(f, dtype=np.float64), ((kh, kh), (kw, kw)))
    g = np.zeros(np.shape(f))
    rows, cols = g.shape
    for u in range(-kh, kh + 1):
        for v in range(-kw, kw + 1):
            a, b = kh + sign * u, kw + sign * v
            g += h[u + kh, v + kw] * fp[a:a + rows, b:b + cols]
    return g


def correlate_by_definition(image, h) -> np.ndarray:
    """The slide's G[i, j] = sum_{u=-k}^{k} sum_{v=-k}^{k} h[u, v] F[i + u, j + v], term by term."""
    return _shifted_sum(image, np.asarray(h, dtype=np.float64), +1)


def convolve_by_definition(image, h) -> np.ndarray:
    """The slide's G[i, j] = sum_{u=-k}^{k} sum_{v=-k}^{k} h[u, v] F[i - u, j - v], term by term."""
    return _shifted_sum(image, np.asarray(h, dtype=np.float64), -1)


KERNELS = {
    "identity": np.array([[0, 0, 0], [0, 1, 0], [0, 0, 0]], float),
    "box blur": np.full((3, 3), 1 / 9),
    "gaussian blur": np.array([[1, 2, 1], [2, 4, 2], [1, 2, 1]], float) / 16,
    "sharpen": np.array([[0, -1, 0], [-1, 5, -1], [0, -1, 0]], float),
    "edge (Laplacian)": np.array([[0, 1, 0], [1, -4, 1], [0, 1, 0]], float),
    "Sobel x": np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], float),
    "Sobel y": np.array([[-1, -2, -1], [0, 0, 0], [1, 2, 1]], float),
    "emboss": np.array([[-2, -1, 0], [-1, 1, 1], [0, 1, 2]], float),
    "shift (one cell)": np.array([[0, 0, 0], [0, 0, 0], [0, 0, 1]], float),
}
"""Named 3x3 kernels for lesson 8; the last four are not flip-symmetric."""


# --- multichannel ---------------------------------------------------------------------


def channel_responses(x, w, padding=0, stride=1) -> np.ndarray:
    """Per-channel responses of each filter: r[f, c] = x[c] ⊗ w[f, c], before the sum over channels.

    x: (C, H, W); w: (F, C, KH, KW) -> (F, C, OH, OW). The layer's output is
    r.sum(axis=1) + b[:, None, None]. One grouped convolution (groups = C) computes all of them.
    """
    x = np.asarray(x)
    w = np.asarray(w)
    if x.ndim != 3 or w.ndim != 4 or w.shape[1] != x.shape[0]:
        raise ValueError(f"need x (C, H, W) and w (F, C, KH, KW) with matching C, got {x.shape} and {w.shape}")
    n_filt, n_chan = w.shape[:2]
    # group c gets the F kernels w[:, c]: rows c*F .. c*F + F - 1 of the grouped weight
    wg = np.ascontiguousarray(w.transpose(1, 0, 2, 3).reshape(n_chan * n_filt, 1, *w.shape[2:]))
    with limit_threads(1):
        out, _ = conv2d_forward(x[None], wg, padding=padding, stride=stride, groups=n_chan)
    return out[0].reshape(n_chan, n_filt, *out.shape[2:]).transpose(1, 0, 2, 3)


# --- sparse connectivity and parameter sharing (Goodfellow figures 9.2, 9.3, 9.5) ------


def conv1d_parameter_ids(n: int, kernel_width: int, padding: int = 0, stride: int = 1) -> np.ndarray:
    """(n_out, n) int array: which kernel weight (0..K-1) each connection uses, -1 where none."""
    ids = conv1d_matrix(np.arange(1, kernel_width + 1), n, stride, padding)
    return ids.astype(int) - 1


def dense_parameter_ids(n_out: int, n_in: int) -> np.ndarray:
    """(n_out, n_in) int array: a fully connected layer uses a different weight on every connection."""
    return np.arange(positive_int(n_out, "n_out") * positive_int(n_in, "n_in")).reshape(n_out, n_in)


class EdgeCosts(NamedTuple):
    """Costs of Goodfellow's edge detector (kernel [-1, 1] along the width) on a height x width image."""

    out_shape: tuple        # (height, width - 1)
    conv_flops: int         # 2 multiplies + 1 addition per output pixel
    kernel_params: int      # 2
    matrix_entries: int     # dense matrix (out pixels) x (in pixels)
    matrix_nonzeros: int    # entries a sparse matrix stores: 2 per output pixel
    matrix_flops: int       # dense matrix-vector product: one multiply and one add per entry


def edge_detection_costs(height: int, width: int) -> EdgeCosts:
    h, w = positive_int(height, "height"), positive_int(width, "width")
    ow = conv_output_size(w, 2)
    n_out, n_in = h * ow, h * w
    return EdgeCosts((h, ow), 3 * n_out, 2, n_out * n_in, 2 * n_out, 2 * n_out * n_in)


def colour_filters(size: int = 5):
    """Three hand-made size x size x 3 filters for lesson 10 and their names and biases:
    vertical edges and horizontal edges (the same derivative kernel on R, G and B, so they see
    brightness), and a colour-opponent blob (+red, -blue). Returns (w (3, 3, k, k), b (3,), names)."""
    size = positive_int(size, "size")
    t = np.linspace(-1, 1, size)
    blob = np.exp(-2 * t ** 2)
    edge_x = np.outer(blob, t)                    # derivative along the width, smoothed along the height
    edge_x /= np.abs(edge_x).sum()
    bump = np.outer(blob, blob)
    bump /= bump.sum()
    w = np.zeros((3, 3, size, size))
    w[0] = edge_x / 3 * 4
    w[1] = edge_x.T / 3 * 4
    w[2, 0], w[2, 2] = bump, -bump
    return w, np.array([0.1, -0.1, 0.05]), ("vertical edges", "horizontal edges", "red minus blue")


def connection_highlight(ids: np.ndarray, mode: str, unit: int) -> np.ndarray:
    """Bool (n_out, n_in) mask of the connections Goodfellow's figures highlight.

    ids: parameter ids per connection (-1 = no connection), from conv1d_parameter_ids or
    dense_parameter_ids. mode "input" (figure 9.2): every connection leaving input `unit`;
    "output" (9.3): every connection entering output `unit`, i.e. its receptive field;
    "parameter" (9.5): every connection that uses the parameter of the connection from input
    `unit` to the middle output (for unit = middle: the kernel's central element).
    """
    ids = np.asarray(ids)
    connected = ids >= 0
    if mode == "input":
        mask = np.zeros_like(connected)
        mask[:, unit] = connected[:, unit]
    elif mode == "output":
        mask = np.zeros_like(connected)
        mask[unit] = connected[unit]
    elif mode == "parameter":
        chosen = ids[ids.shape[0] // 2, unit]
        mask = (ids == chosen) & connected if chosen >= 0 else np.zeros_like(connected)
    else:
        raise ValueError(f"mode must be 'input', 'output' or 'parameter', got {mode!r}")
    return mask
