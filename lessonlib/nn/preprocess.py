"""Preparing a table for a network: a seeded random train/test split, and standardisation.

`Standardiser` is fitted on the training rows only, then applied to both parts, so the test rows
leak into no number the model is trained with, not even their mean. (Its one definition is here;
lessonlib.nn.classification uses it too.)
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

__all__ = ["Standardiser", "train_test_split", "unstandardise"]


class Standardiser(NamedTuple):
    """x -> (x - mean) / std, with mean and std taken from the training data only.

    Fitting on the training rows only keeps the test set unseen; a feature whose spread
    is zero (an always-black MNIST border pixel) is divided by 1, not by 0.
    """

    mean: np.ndarray
    std: np.ndarray

    @classmethod
    def fit(cls, X, per_feature_scale: bool = True) -> "Standardiser":
        """mean per feature (column); std per feature, or one overall std if per_feature_scale
        is False (for pixels: keeps their relative contrast)."""
        X = np.asarray(X, dtype=np.float64)
        if X.ndim != 2 or len(X) < 2:
            raise ValueError(f"X must have shape (n_samples >= 2, n_features), got {X.shape}")
        mean = X.mean(axis=0)
        std = X.std(axis=0) if per_feature_scale else np.full(X.shape[1], (X - mean).std())
        return cls(mean, np.where(std > 0, std, 1.0))

    def apply(self, X, dtype=np.float64) -> np.ndarray:
        X = np.asarray(X)
        if X.ndim != 2 or X.shape[1] != len(self.mean):
            raise ValueError(f"X must have shape (n, {len(self.mean)}), got {X.shape}")
        return ((X - self.mean) / self.std).astype(dtype)


def train_test_split(*arrays, test_fraction: float = 0.2, seed: int = 0):
    """Shuffle the rows (one permutation for every array) and split them.

    Returns train_0, test_0, train_1, test_1, ... like scikit-learn's function of that name;
    the test part has round(test_fraction · n) rows. (For classes, stratified_split in
    lessonlib.nn.classification keeps their proportions.)
    """
    if not arrays:
        raise ValueError("train_test_split needs at least one array")
    n = len(arrays[0])
    if any(len(a) != n for a in arrays):
        raise ValueError(f"all arrays must have the same number of rows, got {[len(a) for a in arrays]}")
    if not 0 < test_fraction < 1:
        raise ValueError(f"test_fraction must be between 0 and 1 (exclusive), got {test_fraction}")
    n_test = int(round(test_fraction * n))
    if not 0 < n_test < n:
        raise ValueError(f"test_fraction={test_fraction} of {n} rows leaves an empty train or test part")
    order = np.random.default_rng(seed).permutation(n)
    test, train = order[:n_test], order[n_test:]
    out = []
    for a in arrays:
        a = np.asarray(a)
        out += [a[train], a[test]]
    return out


def unstandardise(scaler: Standardiser, z, column: int = 0) -> np.ndarray:
    """Undo scaler for one column: z · std + mean (e.g. a predicted mpg back in mpg)."""
    return np.asarray(z, dtype=np.float64) * scaler.std[column] + scaler.mean[column]
