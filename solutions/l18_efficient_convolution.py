"""Lesson 18's solution: a convolution layer's cross-correlation by FFT (pad, multiply, crop)."""
import numpy as np


def conv2d_by_fft(x, k, padding=0):
    """x: (H, W), k: (KH, KW), padding: int <= KH - 1 and KW - 1.
    Returns (H + 2p - KH + 1, W + 2p - KW + 1), equal to the direct cross-correlation."""
    h, w = x.shape
    kh, kw = k.shape
    fh, fw = h + kh - 1, w + kw - 1                      # the full size: no wrap-around
    spectrum = np.fft.rfft2(x, (fh, fw)) * np.fft.rfft2(k[::-1, ::-1], (fh, fw))   # flipped: correlation
    full = np.fft.irfft2(spectrum, (fh, fw))
    oh, ow = h + 2 * padding - kh + 1, w + 2 * padding - kw + 1
    top, left = kh - 1 - padding, kw - 1 - padding
    return full[top:top + oh, left:left + ow]
