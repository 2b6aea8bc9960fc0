"""Lesson 7's solution: the banded Toeplitz matrix of a 1-D convolution (cross-correlation), numpy only."""
import numpy as np


def toeplitz_matrix(k, n, stride=1, padding=0):
    """k: (K,) kernel; n: input length -> M (n_out, n) with M @ x = the layer's 1-D cross-correlation of x.

    n_out = (n + 2·padding − K)/stride + 1 (a whole number in every case).
    """
    k = np.asarray(k, dtype=float)
    n_out = (n + 2 * padding - len(k)) // stride + 1
    M = np.zeros((n_out, n))
    for i in range(n_out):
        for u in range(len(k)):
            t = i * stride - padding + u          # the input x[t] under kernel cell u
            if 0 <= t < n:                        # cells on the padding zeros have no column
                M[i, t] = k[u]
    return M
