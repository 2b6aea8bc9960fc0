"""Lesson 6's computation: one hidden unit of a trained image MLP, as the unit-weights explorer
shows it (its input weights as an image, what training changed, its vote for each class)."""
from __future__ import annotations

from typing import NamedTuple

import numpy as np


class UnitFrame(NamedTuple):
    """Hidden unit `unit` of an image MLP.

    weights: (H, W) its first-layer weights θ_f[unit, :] as an image; change: (H, W) those weights
    minus their random start (where the digits taught it something); votes: (n_classes,) its
    outgoing weights θ_h[:, unit]; vote_limit: largest |θ_h| over all units (a fixed axis range)."""

    unit: int
    weights: np.ndarray
    change: np.ndarray
    votes: np.ndarray
    vote_limit: float


class UnitWeights:
    """compute(unit) -> UnitFrame, unit in 0..n_units-1.

    w_in, w_init: (n_units, H·W) first-layer weights after and before training;
    w_out: (n_classes, n_units) the output layer's weights; image_shape: (H, W)."""

    def __init__(self, w_in, w_init, w_out, image_shape=(28, 28)):
        self.image_shape = tuple(image_shape)
        self.w_in, self.w_init, self.w_out = np.asarray(w_in), np.asarray(w_init), np.asarray(w_out)
        n_pixels = int(np.prod(self.image_shape))
        for name, w in (("w_in", self.w_in), ("w_init", self.w_init)):
            if w.ndim != 2 or w.shape[1] != n_pixels:
                raise ValueError(f"{name} must be (n_units, {n_pixels}), got {w.shape}")
        if self.w_init.shape != self.w_in.shape:
            raise ValueError(f"w_init must have w_in's shape {self.w_in.shape}, got {self.w_init.shape}")
        if self.w_out.ndim != 2 or self.w_out.shape[1] != self.w_in.shape[0]:
            raise ValueError(f"w_out must be (n_classes, {self.w_in.shape[0]}), got {self.w_out.shape}")
        self.n_units = self.w_in.shape[0]
        self.vote_limit = float(np.abs(self.w_out).max())

    def __call__(self, unit: int) -> UnitFrame:
        if not (isinstance(unit, (int, np.integer)) and 0 <= unit < self.n_units):
            raise ValueError(f"unit must be an integer 0..{self.n_units - 1}, got {unit!r}")
        w = self.w_in[unit]
        return UnitFrame(int(unit), w.reshape(self.image_shape), (w - self.w_init[unit]).reshape(self.image_shape),
                         self.w_out[:, unit], self.vote_limit)
