"""Lesson 14's solution: local response normalisation across channels, AlexNet's convention, by a loop over channels."""
import numpy as np


def lrn(x, size=5, alpha=1e-4, beta=0.75, k=2.0):
    """x: (N, C, H, W). Returns b of x's shape, b[:, c] = x[:, c] / (k + alpha * window sum of x²) ** beta."""
    x = np.asarray(x, dtype=float)
    n_chan = x.shape[1]
    out = np.empty_like(x)
    for c in range(n_chan):
        lo, hi = max(0, c - size // 2), min(n_chan - 1, c + (size - 1) // 2)    # the window, clipped
        total = (x[:, lo:hi + 1] ** 2).sum(axis=1)                               # over channels, per position
        out[:, c] = x[:, c] / (k + alpha * total) ** beta
    return out
