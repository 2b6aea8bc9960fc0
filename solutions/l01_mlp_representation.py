"""Lesson 1's solution: the forward pass of a one-hidden-layer MLP on a batch, with numpy."""
import numpy as np


def mlp_forward(X, W1, b1, W2, b2, activation):
    """X: (N, D); W1: (H, D), b1: (H,); W2: (K, H), b2: (K,) (weights as lessonlib's Dense stores
    them: one row per output unit); activation: "relu", "tanh" or "sigmoid", on the hidden layer only.
    Returns (scores, hidden): scores (N, K) = hidden @ W2.T + b2, hidden (N, H) = f(X @ W1.T + b1)."""
    z = X @ W1.T + b1                          # (N, H): θ_f x + b_f for every row x of X
    if activation == "relu":
        hidden = np.maximum(z, 0.0)
    elif activation == "tanh":
        hidden = np.tanh(z)
    elif activation == "sigmoid":
        hidden = 1.0 / (1.0 + np.exp(-z))
    else:
        raise ValueError(f"unknown activation {activation!r}")
    scores = hidden @ W2.T + b2                # (N, K): θ_h a(x) + b_h, no activation
    return scores, hidden
