"""Lesson 15's solution: max pooling of one map with switches, forward and backward, by loops."""
import numpy as np


def maxpool_forward(x, size, stride):
    """x: (H, W); size, stride: ints. Returns out (OH, OW) and switches (OH, OW) of ints."""
    h, w = x.shape
    oh, ow = (h - size) // stride + 1, (w - size) // stride + 1
    out = np.zeros((oh, ow))
    switches = np.zeros((oh, ow), dtype=int)
    for i in range(oh):
        for j in range(ow):
            top, left = i * stride, j * stride
            window = x[top:top + size, left:left + size]
            r, c = divmod(int(np.argmax(window)), size)     # the first maximum, row by row
            out[i, j] = window[r, c]
            switches[i, j] = (top + r) * w + (left + c)
    return out, switches


def maxpool_backward(dout, switches, x_shape):
    """dout: (OH, OW), switches: (OH, OW), x_shape: (H, W). Returns dx (H, W)."""
    dx = np.zeros(x_shape)
    w = x_shape[1]
    for i in range(dout.shape[0]):
        for j in range(dout.shape[1]):
            s = switches[i, j]
            dx[s // w, s % w] += dout[i, j]                 # overlapping windows: gradients add
    return dx
