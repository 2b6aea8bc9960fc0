"""Lesson 20's solutions: a convolution layer's weight gradient by im2col, and one SGD step."""
import numpy as np


def conv_weight_gradient(x, dout, kernel):
    """x: (N, C, H, W); dout: (N, F, OH, OW); kernel: (KH, KW); stride 1, no padding. Returns dW (F, C, KH, KW)."""
    n, c, h, w = x.shape
    f, oh, ow = dout.shape[1], dout.shape[2], dout.shape[3]
    kh, kw = kernel
    cols = np.empty((c, kh, kw, n, oh, ow))
    for u in range(kh):                   # row (c, u, v) of cols holds x[n, c, i + u, j + v] for every (n, i, j)
        for v in range(kw):
            cols[:, u, v] = x[:, :, u:u + oh, v:v + ow].transpose(1, 0, 2, 3)
    cols = cols.reshape(c * kh * kw, n * oh * ow)
    dout_matrix = dout.transpose(1, 0, 2, 3).reshape(f, n * oh * ow)    # columns in the same (n, i, j) order
    return (dout_matrix @ cols.T).reshape(f, c, kh, kw)                 # the product sums over the batch too


def sgd_step(w, dw, lr):
    """w, dw: arrays of the same shape; lr: the learning rate. Returns the new weights w − lr·dw."""
    return w - lr * dw
