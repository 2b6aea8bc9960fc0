"""Lesson 10's solution: a multichannel convolution layer (cross-correlation) with bias, stride and padding, numpy only."""
import numpy as np


def multichannel_conv(x, w, b, stride=1, padding=0):
    """x: (C, H, W), w: (F, C, KH, KW), b: (F,) -> out: (F, OH, OW), OH = (H + 2·padding − KH)/stride + 1."""
    x, w, b = np.asarray(x, dtype=float), np.asarray(w, dtype=float), np.asarray(b, dtype=float)
    n_filters, _, kh, kw = w.shape
    xp = np.pad(x, ((0, 0), (padding, padding), (padding, padding)))      # zeros on every side, not on channels
    oh = (xp.shape[1] - kh) // stride + 1
    ow = (xp.shape[2] - kw) // stride + 1
    out = np.zeros((n_filters, oh, ow))
    for f in range(n_filters):
        for i in range(oh):
            for j in range(ow):
                window = xp[:, i * stride:i * stride + kh, j * stride:j * stride + kw]   # (C, KH, KW)
                out[f, i, j] = np.sum(window * w[f]) + b[f]                          # all channels, one bias
    return out
