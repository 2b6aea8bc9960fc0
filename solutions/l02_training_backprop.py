"""Lesson 2's solution: the backward pass of the two-layer sigmoid MLP on a batch, with numpy."""
import numpy as np


def mlp_backward(X, W1, b1, W2, b2, dscores):
    """X: (N, D); W1: (H, D), b1: (H,); W2: (K, H), b2: (K,); dscores: (N, K), ∂L/∂scores for
    scores = sigmoid(X @ W1.T + b1) @ W2.T + b2. Returns (dW1, db1, dW2, db2), each of its parameter's shape."""
    z1 = X @ W1.T + b1                       # forward again: (N, H)
    a1 = 1.0 / (1.0 + np.exp(-z1))           # σ(z1)
    dW2 = dscores.T @ a1                     # (K, H): Σ_n δ2_n a1_nᵀ
    db2 = dscores.sum(axis=0)                # (K,): the bias is shared by the batch
    d_a1 = dscores @ W2                      # (N, H): W2ᵀ δ2 for every row
    d_z1 = d_a1 * a1 * (1.0 - a1)            # σ'(z1) = σ(z1)(1 − σ(z1))
    dW1 = d_z1.T @ X                         # (H, D)
    db1 = d_z1.sum(axis=0)                   # (H,)
    return dW1, db1, dW2, db2
