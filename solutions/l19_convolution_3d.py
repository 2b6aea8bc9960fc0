"""Lesson 19's solution: a 3-D convolution (cross-correlation) of one clip with one kernel, numpy only."""
import numpy as np


def conv3d_valid(clip, kernel):
    """clip: (D, H, W); kernel: (KD, KH, KW). Returns (D - KD + 1, H - KH + 1, W - KW + 1)."""
    d, h, w = clip.shape
    kd, kh, kw = kernel.shape
    od, oh, ow = d - kd + 1, h - kh + 1, w - kw + 1
    out = np.zeros((od, oh, ow))
    for tau in range(kd):                   # each kernel weight times the clip shifted by its offset
        for u in range(kh):
            for v in range(kw):
                out += kernel[tau, u, v] * clip[tau:tau + od, u:u + oh, v:v + ow]
    return out
