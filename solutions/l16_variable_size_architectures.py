"""Lesson 16's solutions: the adaptive pooling windows (floor/ceil rule) and global average pooling."""
import numpy as np


def adaptive_windows(n_in, n_out):
    """Windows of adaptive pooling on an axis of n_in cells into n_out pools: (starts, ends), each (n_out,) ints, ends excluded."""
    i = np.arange(n_out)
    starts = (i * n_in) // n_out                # floor(i·n_in / n_out)
    ends = -((-(i + 1) * n_in) // n_out)        # ceil((i + 1)·n_in / n_out), exact in integers
    return starts, ends


def global_average_pool(x):
    """x: (N, C, H, W) -> (N, C), the mean of each feature map."""
    return x.mean(axis=(2, 3))
