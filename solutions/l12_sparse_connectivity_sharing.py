"""Lesson 12's solution: a 1-D locally connected layer (unshared weights), by a loop over outputs."""
import numpy as np


def locally_connected1d(x, w, b, stride=1, padding=0):
    """x: (n,); w: (n_out, k), one kernel per output; b: (n_out,). Returns (n_out,)."""
    n_out, k = w.shape
    xp = np.concatenate([np.zeros(padding), x, np.zeros(padding)])
    out = np.empty(n_out)
    for i in range(n_out):
        start = i * stride
        out[i] = w[i] @ xp[start:start + k] + b[i]
    return out
