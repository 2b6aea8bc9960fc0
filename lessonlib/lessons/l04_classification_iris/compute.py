"""Lesson 4's computation: decision regions of a classifier trained on two of Iris's features,
one per pair of features, and the frame the decision-region explorer draws.

Training a model per pair takes seconds, so `pair_regions` trains all six once; the explorer's
dropdowns then only pick a precomputed pair (`DecisionRegions`).
"""
from __future__ import annotations

from itertools import combinations
from typing import NamedTuple, Sequence

import numpy as np

from ..._validate import positive_int
from ...nn.classification import Classifier, Split, train_classifier


class Regions(NamedTuple):
    """Predicted class on an n×n grid over two features, for imshow(labels, extent=extent,
    origin="lower"); test_accuracy is that two-feature model's accuracy on the test rows."""

    features: tuple        # (i, j): column i on the x axis, column j on the y axis
    labels: np.ndarray     # (n, n) int, row = y value, column = x value
    extent: tuple          # (x_min, x_max, y_min, y_max)
    test_accuracy: float


def padded_extent(a, b, margin: float = 0.1) -> tuple:
    """(a_min, a_max, b_min, b_max) of two columns, each widened by margin × its range."""
    out = []
    for v in (np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)):
        pad = margin * (v.max() - v.min() or 1.0)
        out += [v.min() - pad, v.max() + pad]
    return tuple(float(e) for e in out)


def decision_regions(clf: Classifier, extent, n: int = 150) -> np.ndarray:
    """Class predicted by a two-feature classifier at every point of an n×n grid over extent."""
    n = positive_int(n, "n")
    x0, x1, y0, y1 = extent
    xx, yy = np.meshgrid(np.linspace(x0, x1, n), np.linspace(y0, y1, n))
    return clf.predict(np.column_stack([xx.ravel(), yy.ravel()])).reshape(n, n)


def pair_regions(split: Split, n: int = 150, **train_kwargs) -> dict:
    """One classifier per pair of features (i < j), trained on those two columns only.

    Returns {(i, j): Regions} for i < j; the grid extent covers all rows of both parts.
    regions_for(result, j, i) gives the same model with the axes swapped."""
    X_all = np.vstack([split.X_train, split.X_test])
    out = {}
    for i, j in combinations(range(split.X_train.shape[1]), 2):
        clf = train_classifier(split.X_train[:, [i, j]], split.y_train, **train_kwargs)
        extent = padded_extent(X_all[:, i], X_all[:, j])
        out[(i, j)] = Regions((i, j), decision_regions(clf, extent, n), extent,
                              clf.accuracy(split.X_test[:, [i, j]], split.y_test))
    return out


def regions_for(regions: dict, i: int, j: int) -> Regions:
    """Regions with feature i on the x axis and j on the y axis, from pair_regions' output."""
    if i == j:
        raise ValueError(f"choose two different features, got {i} twice")
    if (i, j) in regions:
        return regions[(i, j)]
    r = regions[(j, i)]
    x0, x1, y0, y1 = r.extent
    return Regions((i, j), r.labels.T, (y0, y1, x0, x1), r.test_accuracy)


# --- the explorer's frame -------------------------------------------------------------


class RegionsFrame(NamedTuple):
    """What the decision-region figure shows for one choice of the two axes.

    When x_feature == y_feature there is no two-feature model: regions is None and the figure
    asks for two different features."""

    x_feature: int
    y_feature: int
    x_name: str
    y_name: str
    regions: Regions | None     # labels (n, n), extent, test accuracy of the model on (x, y)
    train_points: tuple         # per class c: (m_c, 2) training flowers of class c at (x, y)
    test_points: tuple          # per class c: (k_c, 2) test flowers of class c at (x, y)


class DecisionRegions:
    """compute(x_feature, y_feature) -> RegionsFrame, over models trained beforehand.

    regions: {(i, j): Regions} from pair_regions; X: (n, n_features) all flowers, y: (n,) their
    classes 0..K-1; is_test: (n,) bool, True for the held-out flowers; feature_names: one per column.
    """

    def __init__(self, regions: dict, X, y, is_test, feature_names: Sequence[str]):
        self.regions, self.X, self.y = regions, np.asarray(X), np.asarray(y)
        self.is_test = np.asarray(is_test, dtype=bool)
        self.feature_names = tuple(feature_names)
        if not (len(self.X) == len(self.y) == len(self.is_test)) or self.X.shape[1] != len(self.feature_names):
            raise ValueError(f"X {self.X.shape}, y ({len(self.y)},), is_test ({len(self.is_test)},) and "
                             f"{len(self.feature_names)} feature names do not describe the same flowers")
        self.n_classes = int(self.y.max()) + 1

    def __call__(self, x_feature: int, y_feature: int) -> RegionsFrame:
        n = len(self.feature_names)
        for name, v in (("x_feature", x_feature), ("y_feature", y_feature)):
            if not (isinstance(v, (int, np.integer)) and 0 <= v < n):
                raise ValueError(f"{name} must be a feature index 0..{n - 1}, got {v!r}")
        i, j = int(x_feature), int(y_feature)
        cols = self.X[:, [i, j]]
        train = tuple(cols[(self.y == c) & ~self.is_test] for c in range(self.n_classes))
        test = tuple(cols[(self.y == c) & self.is_test] for c in range(self.n_classes))
        return RegionsFrame(i, j, self.feature_names[i], self.feature_names[j],
                            None if i == j else regions_for(self.regions, i, j), train, test)
