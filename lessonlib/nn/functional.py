"""Forward/backward pairs that are not kernels: the dense layer and the two losses.

dense:   out = x @ W.T + b with W: (n_out, n_in), as the lecture writes θ_f [500 × 784].
losses:  return (loss, dscores) at once: the gradient of the mean loss over the batch.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .._validate import float_array, same_dtype


class DenseCache(NamedTuple):
    x: np.ndarray
    w: np.ndarray


def dense_forward(x, w, b=None):
    """x: (N, n_in); w: (n_out, n_in); b: (n_out,) or None -> out (N, n_out)."""
    x = float_array(x, "x", 2, "(N, n_in)")
    w = float_array(w, "w", 2, "(n_out, n_in)")
    same_dtype(x=x, w=w, b=b)
    if x.shape[1] != w.shape[1]:
        raise ValueError(f"x has n_in = {x.shape[1]} features but w expects w.shape[1] = {w.shape[1]}")
    if b is not None and b.shape != (w.shape[0],):
        raise ValueError(f"b must have shape (n_out,) = ({w.shape[0]},), got {b.shape}")
    out = x @ w.T
    if b is not None:
        out += b
    return out, DenseCache(x, w)


def dense_backward(dout, cache: DenseCache):
    """dout: (N, n_out) -> dx (N, n_in), dw (n_out, n_in), db (n_out,)."""
    if dout.shape != (cache.x.shape[0], cache.w.shape[0]):
        raise ValueError(f"dout must have shape {(cache.x.shape[0], cache.w.shape[0])}, got {dout.shape}")
    return dout @ cache.w, dout.T @ cache.x, dout.sum(axis=0)


def softmax(scores):
    """Row-wise softmax of scores (N, K); the max is subtracted first so exp never overflows."""
    z = scores - scores.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def _check_labels(y, n, k):
    y = np.asarray(y)
    if y.shape != (n,) or not np.issubdtype(y.dtype, np.integer):
        raise ValueError(f"y must be {n} integer class labels, got shape {y.shape} dtype {y.dtype}")
    if n and (y.min() < 0 or y.max() >= k):
        raise ValueError(f"y must be class indices in 0..{k - 1}, got values {y.min()}..{y.max()}")
    return y


def softmax_cross_entropy(scores, y):
    """Mean of -log softmax(scores)[n, y_n]. scores: (N, K), y: (N,) ints -> (loss, dscores (N, K))."""
    scores = float_array(scores, "scores", 2, "(N, K)")
    n, k = scores.shape
    y = _check_labels(y, n, k)
    z = scores - scores.max(axis=1, keepdims=True)
    log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    loss = -log_p[np.arange(n), y].mean()
    dscores = np.exp(log_p)
    dscores[np.arange(n), y] -= 1
    return float(loss), dscores / n


def mse_loss(pred, target):
    """Mean squared error over all entries -> (loss, dpred). pred and target: same shape."""
    pred = float_array(pred, "pred", np.ndim(pred), "(any shape)")
    target = np.asarray(target, dtype=pred.dtype)
    if target.shape != pred.shape:
        raise ValueError(f"target must have pred's shape {pred.shape}, got {target.shape}")
    diff = pred - target
    return float(np.mean(diff ** 2)), 2 * diff / diff.size
