"""Optimisers: they update a model's parameter arrays in place from its grads."""
from __future__ import annotations

import numpy as np


class SGD:
    """v <- momentum * v - lr * g;  p <- p + v  (plain gradient descent when momentum = 0)."""

    def __init__(self, lr=0.01, momentum=0.0):
        if lr <= 0:
            raise ValueError(f"lr must be positive, got {lr}")
        if not 0 <= momentum < 1:
            raise ValueError(f"momentum must be in [0, 1), got {momentum}")
        self.lr, self.momentum, self.velocity = lr, momentum, {}

    def step(self, params_and_grads):
        for key, p, g in params_and_grads:
            if key not in self.velocity:   # allocate once, not on every step
                self.velocity[key] = np.zeros_like(p)
            v = self.velocity[key]
            v *= self.momentum
            v -= self.lr * g
            p += v


class Adam:
    """Adam (Kingma & Ba, 2015) with bias-corrected first and second moments."""

    def __init__(self, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
        if lr <= 0:
            raise ValueError(f"lr must be positive, got {lr}")
        self.lr, self.beta1, self.beta2, self.eps = lr, beta1, beta2, eps
        self.t, self.m, self.v = 0, {}, {}

    def step(self, params_and_grads):
        self.t += 1
        c1, c2 = 1 - self.beta1 ** self.t, 1 - self.beta2 ** self.t
        for key, p, g in params_and_grads:
            if key not in self.m:
                self.m[key], self.v[key] = np.zeros_like(p), np.zeros_like(p)
            m, v = self.m[key], self.v[key]
            m *= self.beta1
            m += (1 - self.beta1) * g
            v *= self.beta2
            v += (1 - self.beta2) * g * g
            p -= (self.lr * (m / c1) / (np.sqrt(v / c2) + self.eps)).astype(p.dtype)
