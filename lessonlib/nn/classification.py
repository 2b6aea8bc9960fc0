"""Training and judging a classifier with the toolkit: an MLP builder, a seeded stratified
split, `train_classifier` (standardise, then fit an MLP with softmax cross-entropy), the
confusion matrix, the misclassified samples, and the image-to-vector step of an image MLP.

Everything is plain numpy and seeded, so a lesson's numbers repeat run after run.
"""
from __future__ import annotations

from typing import NamedTuple, Sequence

import numpy as np

from .._validate import positive_int
from .functional import softmax_cross_entropy
from .layers import Activation, Dense
from .model import Sequential
from .optim import Adam
from .preprocess import Standardiser
from .train import History, accuracy, fit


# --- building an MLP ----------------------------------------------------------------


def mlp(sizes: Sequence[int], seed: int = 0, activation: str = "relu", param=None,
        dtype=np.float64) -> Sequential:
    """Dense layers of the given sizes with `activation` between them, none after the last.

    sizes: (n_in, hidden_1, ..., n_out), e.g. (784, 500, 10) is the lecture's
    h(x) = θ_h f(θ_f x + b_f) + b_h. Weights are drawn from np.random.default_rng(seed).
    """
    sizes = [positive_int(s, f"sizes[{i}]") for i, s in enumerate(sizes)]
    if len(sizes) < 2:
        raise ValueError(f"sizes needs at least an input and an output size, got {sizes!r}")
    rng = np.random.default_rng(seed)
    layers = []
    for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        last = i == len(sizes) - 2
        layers.append(Dense(n_in, n_out, rng, activation_hint=None if last else activation, dtype=dtype))
        if not last:
            layers.append(Activation(activation, param))
    return Sequential(*layers)


# --- splitting and scaling ----------------------------------------------------------


class Split(NamedTuple):
    """A train/test split; train_index and test_index point into the original rows."""

    X_train: np.ndarray
    X_test: np.ndarray
    y_train: np.ndarray
    y_test: np.ndarray
    train_index: np.ndarray
    test_index: np.ndarray


def stratified_split(X, y, test_fraction: float = 0.3, seed: int = 0) -> Split:
    """Hold out round(test_fraction · n_c) rows of every class c, drawn with the seed.

    Stratifying keeps the class proportions equal in both parts (with Iris's 50 flowers
    per class and 0.3: 15 of each species in the test set).
    """
    X, y = np.asarray(X), np.asarray(y)
    if len(X) != len(y):
        raise ValueError(f"X has {len(X)} rows but y has {len(y)} labels")
    if not 0 < test_fraction < 1:
        raise ValueError(f"test_fraction must be between 0 and 1 (exclusive), got {test_fraction}")
    rng = np.random.default_rng(seed)
    test = []
    for c in np.unique(y):
        rows = np.flatnonzero(y == c)
        n_test = int(round(test_fraction * len(rows)))
        if n_test == 0 or n_test == len(rows):
            raise ValueError(f"class {c} has {len(rows)} rows: test_fraction {test_fraction} leaves "
                             f"{n_test} of them for testing; both parts need at least one")
        test.append(rng.choice(rows, n_test, replace=False))
    test_index = np.sort(np.concatenate(test))
    train_index = np.setdiff1d(np.arange(len(y)), test_index)
    return Split(X[train_index], X[test_index], y[train_index], y[test_index], train_index, test_index)


# --- judging a classifier -----------------------------------------------------------


def confusion_matrix(y_true, y_pred, n_classes: int | None = None) -> np.ndarray:
    """(K, K) int64 counts: row = true class, column = predicted class; the diagonal is right."""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if y_true.shape != y_pred.shape or y_true.ndim != 1:
        raise ValueError(f"y_true and y_pred must be 1-D and equally long, got {y_true.shape} and {y_pred.shape}")
    for name, v in (("y_true", y_true), ("y_pred", y_pred)):
        if not np.issubdtype(v.dtype, np.integer) or (v.size and v.min() < 0):
            raise ValueError(f"{name} must hold class indices 0, 1, ..., got dtype {v.dtype}")
    k = int(max(y_true.max(initial=-1), y_pred.max(initial=-1)) + 1) if n_classes is None else n_classes
    if y_true.size and max(y_true.max(), y_pred.max()) >= k:
        raise ValueError(f"labels go up to {max(y_true.max(), y_pred.max())} but n_classes is {k}")
    cm = np.zeros((k, k), dtype=np.int64)
    np.add.at(cm, (y_true, y_pred), 1)
    return cm


def misclassified(scores, y) -> np.ndarray:
    """Indices of the samples whose highest score is not their label, in sample order."""
    return np.flatnonzero(np.argmax(scores, axis=1) != np.asarray(y))


# --- training a small classifier ----------------------------------------------------


class Classifier(NamedTuple):
    """A trained model with the standardiser its inputs need."""

    model: Sequential
    scaler: Standardiser
    history: History

    def scores(self, X) -> np.ndarray:
        return self.model.predict(self.scaler.apply(X))

    def predict(self, X) -> np.ndarray:
        return np.argmax(self.scores(X), axis=1)

    def accuracy(self, X, y) -> float:
        return accuracy(self.scores(X), y)


def train_classifier(X, y, hidden: Sequence[int] = (8,), activation: str = "tanh", epochs: int = 100,
                     lr: float = 0.01, batch_size: int = 16, seed: int = 0, progress: bool = False) -> Classifier:
    """Standardise X, then train an MLP (n_features, *hidden, n_classes) with softmax
    cross-entropy and Adam, in float64. n_classes is computed from y."""
    X, y = np.asarray(X, dtype=np.float64), np.asarray(y)
    scaler = Standardiser.fit(X)
    n_classes = int(y.max()) + 1
    model = mlp((X.shape[1], *hidden, n_classes), seed=seed, activation=activation)
    history = fit(model, softmax_cross_entropy, Adam(lr), scaler.apply(X), y, epochs=epochs,
                  batch_size=batch_size, seed=seed, progress=progress)
    return Classifier(model, scaler, history)


# --- images as vectors --------------------------------------------------------------


def flatten_images(images, dtype=np.float32) -> np.ndarray:
    """(N, H, W) uint8 images -> (N, H·W) in [0, 1]: the lecture's "reshape 28×28 to 784×1"."""
    images = np.asarray(images)
    if images.ndim != 3:
        raise ValueError(f"images must have shape (N, H, W), got {images.shape}")
    return images.reshape(len(images), -1).astype(dtype) / dtype(255)
