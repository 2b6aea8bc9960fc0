"""Two faster roads to the same convolution: the FFT, and separable kernels.

* `fft_conv2d`: "convolution in the time domain is multiplication in the frequency
  domain". Same result as `conv2d_forward` (cross-correlation, zero padding, stride 1,
  groups), computed with numpy.fft.rfft2 in float64 whatever the input dtype.
* `separable_factors` / `separable_conv2d`: a rank-1 kernel K = col ⊗ row (outer product)
  is applied as two 1-D passes, KH + KW multiplies per output pixel instead of KH x KW.

Three tiers for the separable pass, as elsewhere in `kernels`: `_row_then_col` (Numba
loops that allocate nothing), `_separable_driver` (loops over images, one scratch buffer
each), `separable_conv2d` (validates in Python first).
"""
from __future__ import annotations

from typing import NamedTuple, Optional

import numpy as np
from numba import njit

from .._validate import as_tuple, float_array, positive_int, same_dtype
from .conv import _check_conv_inputs

# --- convolution by FFT --------------------------------------------------------------


def fast_fft_length(n: int) -> int:
    """Smallest 2^a 3^b 5^c >= n: numpy's FFT is quickest on such lengths."""
    m = positive_int(n, "n")
    while True:
        rest = m
        for p in (2, 3, 5):
            while rest % p == 0:
                rest //= p
        if rest == 1:
            return m
        m += 1


def fft_conv2d(x, w, b: Optional[np.ndarray] = None, padding=0, groups: int = 1) -> np.ndarray:
    """conv2d_forward(x, w, b, stride=1, padding=padding, groups=groups) computed by FFT.

    x: (N, C, H, W); w: (F, C // groups, KH, KW); b: (F,) or None; padding: int or (ph, pw).
    Returns out: (N, F, H + 2ph - KH + 1, W + 2pw - KW + 1), in x's dtype.

    Cross-correlation is convolution with the kernel flipped, so the flipped kernel's
    spectrum multiplies the image's. A circular convolution of length L >= Hp leaves the
    'valid' outputs (indices KH-1 .. Hp-1 of the full convolution) untouched by the
    wrap-around, so no extra zero padding is needed beyond rounding L up to a fast length.
    """
    x, w, b, _, padding, _, groups, out_spatial = _check_conv_inputs(x, w, b, 1, padding, 1, groups, 2)
    (ph, pw), (kh, kw) = padding, w.shape[2:]
    xp = np.pad(x.astype(np.float64, copy=False), ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    hp, wp = xp.shape[2:]
    shape = (fast_fft_length(hp), fast_fft_length(wp))
    x_hat = np.fft.rfft2(xp, s=shape)                                          # (N, C, L1, L2//2+1)
    w_hat = np.fft.rfft2(w[:, :, ::-1, ::-1].astype(np.float64), s=shape)      # (F, C/g, L1, L2//2+1)
    n_filt, c_group = w.shape[0], w.shape[1]
    f_group = n_filt // groups
    y_hat = np.empty((x.shape[0], n_filt) + x_hat.shape[2:], dtype=x_hat.dtype)
    for g in range(groups):
        xs = x_hat[:, g * c_group:(g + 1) * c_group].transpose(2, 3, 0, 1)     # (L1, L2', N, C/g)
        ws = w_hat[g * f_group:(g + 1) * f_group].transpose(2, 3, 1, 0)        # (L1, L2', C/g, F/g)
        # one small matrix product per frequency: the channel sum happens in the frequency domain
        y_hat[:, g * f_group:(g + 1) * f_group] = np.matmul(xs, ws).transpose(2, 3, 0, 1)
    out = np.fft.irfft2(y_hat, s=shape)[:, :, kh - 1:hp, kw - 1:wp]
    assert out.shape[2:] == out_spatial
    if b is not None:
        out = out + b[None, :, None, None]
    return np.ascontiguousarray(out, dtype=x.dtype)


class Spectra(NamedTuple):
    """The convolution theorem on one image, every array (H, W)."""

    image_hat: np.ndarray     # fft2 of the image
    kernel_hat: np.ndarray    # fft2 of the kernel, flipped, zero-padded and centred on (0, 0)
    product_hat: np.ndarray   # image_hat * kernel_hat
    output: np.ndarray        # real part of ifft2(product_hat): circular cross-correlation


def convolution_theorem(image, kernel) -> Spectra:
    """Cross-correlate one image (H, W) with a kernel (KH, KW) by multiplying spectra.

    The kernel's centre (KH//2, KW//2) goes to (0, 0), so output[i, j] is centred on
    image[i, j] (a 'same'-size result); the borders wrap around (circular), which is why
    fft_conv2d pads instead. Away from the borders both agree.
    """
    image = float_array(image, "image", 2, "(H, W)").astype(np.float64)
    kernel = float_array(kernel, "kernel", 2, "(KH, KW)").astype(np.float64)
    (h, w), (kh, kw) = image.shape, kernel.shape
    if kh > h or kw > w:
        raise ValueError(f"kernel {kh}×{kw} is larger than the image {h}×{w}")
    placed = np.zeros((h, w))
    cu, cv = kh // 2, kw // 2
    for u in range(kh):
        for v in range(kw):
            placed[(cu - u) % h, (cv - v) % w] = kernel[u, v]   # flipped: correlation = convolution
    x_hat, k_hat = np.fft.fft2(image), np.fft.fft2(placed)
    product = x_hat * k_hat
    return Spectra(x_hat, k_hat, product, np.fft.ifft2(product).real)


# --- separable kernels -------------------------------------------------------------------


def separable_factors(kernel, rtol: float = 1e-6):
    """Split a 2-D kernel into (col, row) with np.outer(col, row) == kernel, by SVD.

    A kernel is separable exactly when it has rank 1: one non-zero singular value. The
    test is s[1] <= rtol * s[0]. The scale is shared evenly (col = u0 sqrt(s0),
    row = v0 sqrt(s0)) and the signs chosen so col's largest entry is positive; any
    (c col, row / c) is an equally good answer. A zero kernel gives zero vectors.
    Raises ValueError "not separable: singular values ..." for rank >= 2.
    """
    if not isinstance(kernel, np.ndarray):
        kernel = np.asarray(kernel, dtype=np.float64)
    if kernel.ndim != 2 or kernel.size == 0:
        raise ValueError(f"kernel must be a non-empty 2-D array (KH, KW), got shape {kernel.shape}")
    if not np.issubdtype(kernel.dtype, np.number) or np.iscomplexobj(kernel):
        raise TypeError(f"kernel must hold real numbers, got dtype {kernel.dtype}")
    kernel = kernel.astype(np.float64)
    if not np.isfinite(kernel).all():
        raise ValueError("kernel contains NaN or inf")
    if not (isinstance(rtol, (int, float)) and 0 <= rtol < 1):
        raise ValueError(f"rtol must be a number in [0, 1), got {rtol!r}")
    u, s, vt = np.linalg.svd(kernel)
    if s[0] == 0:
        return np.zeros(kernel.shape[0]), np.zeros(kernel.shape[1])
    if len(s) > 1 and s[1] > rtol * s[0]:
        # round-off level values print as 0 so the message is the same on every machine
        shown = ", ".join("0" if v <= 1e-12 * s[0] else f"{v:.4g}" for v in s)
        raise ValueError(
            f"not separable: singular values {shown}; the second is {s[1] / s[0]:.3g} of the first "
            f"(> rtol {rtol:g}), so the kernel has rank >= 2 and is no outer product col ⊗ row")
    col, row = u[:, 0] * np.sqrt(s[0]), vt[0] * np.sqrt(s[0])
    if col[np.argmax(np.abs(col))] < 0:
        col, row = -col, -row
    return col, row


def is_separable(kernel, rtol: float = 1e-6) -> bool:
    """True when separable_factors(kernel, rtol) succeeds (the kernel has rank 1)."""
    try:
        separable_factors(kernel, rtol)
    except ValueError as err:
        if str(err).startswith("not separable"):
            return False
        raise
    return True


def gaussian_1d(sigma: float, radius: Optional[int] = None) -> np.ndarray:
    """Sampled Gaussian exp(-u^2 / 2 sigma^2) at u = -radius .. radius, summing to 1.

    radius defaults to ceil(3 sigma), which keeps 99.7 % of the mass. The 2-D Gaussian
    np.outer(g, g) is the classic separable blur.
    """
    if not isinstance(sigma, (int, float)) or isinstance(sigma, bool) or not sigma > 0:
        raise ValueError(f"sigma must be a positive number, got {sigma!r}")
    radius = int(np.ceil(3 * sigma)) if radius is None else radius
    if isinstance(radius, bool) or not isinstance(radius, (int, np.integer)) or radius < 0:
        raise ValueError(f"radius must be a non-negative integer, got {radius!r}")
    u = np.arange(-radius, radius + 1, dtype=np.float64)
    g = np.exp(-u ** 2 / (2 * sigma ** 2))
    return g / g.sum()


@njit(cache=True)
def _row_then_col(xp, col, row, buf, out):
    """xp: (Hp, Wp) padded image; buf: (Hp, OW) scratch; out: (OH, OW)."""
    hp = xp.shape[0]
    oh, ow = out.shape
    kh, kw = col.shape[0], row.shape[0]
    for i in range(hp):                 # horizontal pass: every padded row, KW taps
        for j in range(ow):
            acc = 0.0
            for v in range(kw):
                acc += xp[i, j + v] * row[v]
            buf[i, j] = acc
    for i in range(oh):                 # vertical pass on the result, KH taps
        for j in range(ow):
            out[i, j] = 0.0
        for u in range(kh):
            c = col[u]
            for j in range(ow):
                out[i, j] += buf[i + u, j] * c


@njit(cache=True)
def _separable_driver(xp, col, row, out):
    """xp: (M, Hp, Wp) -> out: (M, OH, OW), one image (sample x channel) after the other.

    Serial on purpose: on a shared two-core machine waking a second thread costs
    milliseconds, more than the whole pass over a lesson-sized image."""
    for m in range(xp.shape[0]):
        buf = np.empty((xp.shape[1], out.shape[2]), dtype=xp.dtype)
        _row_then_col(xp[m], col, row, buf, out[m])


def separable_conv2d(x, col, row, padding=0) -> np.ndarray:
    """Every channel of x cross-correlated with the kernel np.outer(col, row), in two 1-D passes.

    x: (N, C, H, W) or one image (H, W); col: (KH,); row: (KW,); padding: int or (ph, pw) zeros.
    Returns (N, C, OH, OW) (or (OH, OW)), OH = H + 2ph - KH + 1, in x's dtype; equal to
    conv2d_forward of each channel alone with w = np.outer(col, row)[None, None].
    Cost per output pixel: KH + KW multiplies instead of KH x KW.
    """
    if not isinstance(x, np.ndarray):
        raise TypeError(f"x must be a numpy array (N, C, H, W) or (H, W), got {type(x).__name__}")
    if x.ndim not in (2, 4):
        raise ValueError(f"x must have shape (N, C, H, W) or (H, W), got {x.shape}")
    image = x.ndim == 2
    x4 = float_array(x[None, None] if image else x, "x", 4, "(N, C, H, W)")
    col = float_array(np.asarray(col) if not isinstance(col, np.ndarray) else col, "col", 1, "(KH,)")
    row = float_array(np.asarray(row) if not isinstance(row, np.ndarray) else row, "row", 1, "(KW,)")
    if col.size == 0 or row.size == 0:
        raise ValueError("col and row must each hold at least one tap")
    same_dtype(x=x4, col=col, row=row)
    ph, pw = as_tuple(padding, 2, "padding", minimum=0)
    n, c, h, w = x4.shape
    oh, ow = h + 2 * ph - col.size + 1, w + 2 * pw - row.size + 1
    if oh < 1 or ow < 1:
        raise ValueError(f"kernel {col.size}×{row.size} does not fit in the {h}×{w} image with "
                         f"padding ({ph}, {pw}); output would be {oh}×{ow}")
    xp = np.pad(x4, ((0, 0), (0, 0), (ph, ph), (pw, pw))).reshape(n * c, h + 2 * ph, w + 2 * pw)
    out = np.empty((n * c, oh, ow), dtype=x4.dtype)
    _separable_driver(xp, col, row, out)
    out = out.reshape(n, c, oh, ow)
    return out[0, 0] if image else out
