"""Lesson 8's solutions: "valid" cross-correlation and true convolution of an image with a kernel, by loops."""
import numpy as np


def corr2d(F, h):
    """F: (H, W) image, h: (KH, KW) kernel -> G: (H - KH + 1, W - KW + 1), G[i, j] = sum h[u, v] F[i + u, j + v]."""
    F, h = np.asarray(F, dtype=float), np.asarray(h, dtype=float)
    (H, W), (KH, KW) = F.shape, h.shape
    G = np.zeros((H - KH + 1, W - KW + 1))
    for i in range(G.shape[0]):
        for j in range(G.shape[1]):
            for u in range(KH):
                for v in range(KW):
                    G[i, j] += h[u, v] * F[i + u, j + v]
    return G


def conv2d(F, h):
    """F: (H, W) image, h: (KH, KW) kernel -> G: (H - KH + 1, W - KW + 1), the kernel visited backwards."""
    F, h = np.asarray(F, dtype=float), np.asarray(h, dtype=float)
    (H, W), (KH, KW) = F.shape, h.shape
    G = np.zeros((H - KH + 1, W - KW + 1))
    for i in range(G.shape[0]):
        for j in range(G.shape[1]):
            for u in range(KH):
                for v in range(KW):
                    G[i, j] += h[u, v] * F[i + KH - 1 - u, j + KW - 1 - v]
    return G
