"""Lesson 3's solution: one gradient-descent step of linear regression on the mean squared error, with numpy."""
import numpy as np


def gd_step(X, y, w, b, lr):
    """X: (N, D) standardised features; y: (N,) targets; w: (D,) weights; b: float bias; lr: the
    learning rate. L(w, b) = mean over n of (X[n] @ w + b - y[n])**2. Returns (w_new, b_new):
    w - lr * dL/dw, (D,), and b - lr * dL/db, a float; both gradients taken at the old (w, b)."""
    n = len(y)
    r = X @ w + b - y                        # (N,): prediction − target
    dw = 2 * X.T @ r / n                     # (D,): ∂L/∂w
    db = 2 * r.sum() / n                     # ∂L/∂b
    return w - lr * dw, float(b - lr * db)
