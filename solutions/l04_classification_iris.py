"""Lesson 4's solution: the softmax cross-entropy of a batch and its gradient, with numpy."""
import numpy as np


def softmax_cross_entropy(scores, y):
    """scores: (N, K) floats; y: (N,) ints in 0..K-1. Returns (loss, dscores): the mean over the
    batch of -log softmax(scores)[i, y[i]] (a float), and its gradient with respect to scores, (N, K)."""
    n = scores.shape[0]
    z = scores - scores.max(axis=1, keepdims=True)           # same softmax, and exp(z) <= 1
    log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    loss = -log_p[np.arange(n), y].mean()
    dscores = np.exp(log_p)                                  # p
    dscores[np.arange(n), y] -= 1                            # p - onehot(y)
    return float(loss), dscores / n
