"""Lesson 1's computation: two moons, 2 → h → 2 classifiers trained on them, and what each hidden
unit computes over the plane.

The networks are trained once (`representation_grid`); the explorer's frame for a setting
(hidden units, activation) is then a look-up, `units_frame`.
"""
from __future__ import annotations

from typing import NamedTuple, Sequence

import numpy as np

from ..._validate import positive_int
from ...nn import Adam, Sequential, accuracy, fit, mlp, softmax, softmax_cross_entropy

# --- the data: two moons, and a grid over the plane to evaluate a model everywhere --------------


def two_moons(n: int = 200, noise: float = 0.2, seed: int = 0):
    """Two interleaved half circles: class 0 the upper moon, class 1 the lower, shifted one.

    Returns X (n, 2) float64 and y (n,) int64 in {0, 1}, seeded. Not linearly separable; a
    straight line gets about 85 % right.
    """
    n = positive_int(n, "n")
    if n < 2:
        raise ValueError(f"n must be at least 2 (one point per class), got {n}")
    if not noise >= 0:
        raise ValueError(f"noise must be non-negative, got {noise}")
    rng = np.random.default_rng(seed)
    n0 = n // 2
    t = rng.uniform(0, np.pi, n)
    upper = np.column_stack([np.cos(t[:n0]), np.sin(t[:n0])])
    lower = np.column_stack([1 - np.cos(t[n0:]), 0.5 - np.sin(t[n0:])])
    X = np.vstack([upper, lower]) + noise * rng.standard_normal((n, 2))
    y = np.repeat(np.array([0, 1], dtype=np.int64), [n0, n - n0])
    return X, y


class PlaneGrid(NamedTuple):
    """A regular grid over a rectangle: points (ny*nx, 2) row by row, for imshow(extent=extent)."""

    points: np.ndarray
    shape: tuple          # (ny, nx)
    extent: tuple         # (x_min, x_max, y_min, y_max)


def plane_grid(X, n: int = 80, margin: float = 0.5) -> PlaneGrid:
    """An n×n grid covering the points X (m, 2) plus a margin, to evaluate a 2-D model everywhere."""
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"X must have shape (m, 2), got {X.shape}")
    n = positive_int(n, "n")
    (x0, y0), (x1, y1) = X.min(axis=0) - margin, X.max(axis=0) + margin
    xs, ys = np.linspace(x0, x1, n), np.linspace(y0, y1, n)
    xx, yy = np.meshgrid(xs, ys)
    return PlaneGrid(np.column_stack([xx.ravel(), yy.ravel()]), (n, n), (x0, x1, y0, y1))


# --- what the hidden units of a 2-D classifier compute ------------------------------------------


def hidden_representation(model: Sequential, x) -> np.ndarray:
    """a(x) = f(θ_f x + b_f): the output of the first Dense + Activation pair, (N, h)."""
    return model.layers[1].forward(model.layers[0].forward(x))


class Representation(NamedTuple):
    """One trained 2 → h → 2 classifier, evaluated on a PlaneGrid and on its training points.

    hidden_maps: (h, ny, nx) a_j(x) of every hidden unit j over the plane;
    prob_map: (ny, nx) P(class 1 | x);
    hidden_at_data: (n, h) the representation a(x) of every training point;
    readout: (h,) θ_h[1, j] − θ_h[0, j], how strongly unit j votes for class 1, and
    readout_bias = b_h[1] − b_h[0]: class 1 wins where readout · a(x) + readout_bias > 0;
    train_accuracy: fraction of training points classified right.
    """

    hidden: int
    activation: str
    hidden_maps: np.ndarray
    prob_map: np.ndarray
    hidden_at_data: np.ndarray
    readout: np.ndarray
    readout_bias: float
    train_accuracy: float
    model: Sequential


def train_full_batch(X, y, hidden: int, activation: str, *, epochs=1000, lr=0.05, seed=0) -> Sequential:
    """A 2 → hidden → n_classes MLP trained full-batch with Adam on softmax cross-entropy."""
    model = mlp((X.shape[1], hidden, int(y.max()) + 1), seed=seed, activation=activation)
    fit(model, softmax_cross_entropy, Adam(lr), X, y, epochs=epochs, batch_size=len(X), seed=seed, progress=False)
    return model


def representation(model: Sequential, X, y, grid: PlaneGrid) -> Representation:
    """What a trained 2 → h → 2 model computes, unit by unit, over grid and at the points X."""
    if len(model.layers) != 3:
        raise ValueError(f"expected Dense, Activation, Dense (one hidden layer), got {len(model.layers)} layers")
    a = hidden_representation(model, grid.points)
    h = a.shape[1]
    w_out, b_out = model.layers[2].params["W"], model.layers[2].params["b"]
    if w_out.shape[0] != 2:
        raise ValueError(f"expected two output classes, got {w_out.shape[0]}")
    return Representation(
        h, model.layers[1].name, np.ascontiguousarray(a.T.reshape((h,) + grid.shape)),
        softmax(model.forward(grid.points))[:, 1].reshape(grid.shape), hidden_representation(model, X),
        w_out[1] - w_out[0], float(b_out[1] - b_out[0]), accuracy(model.forward(X), y), model)


def representation_grid(X, y, grid: PlaneGrid, hidden_sizes: Sequence[int], activations: Sequence[str], *,
                        epochs=1000, lr=0.05, seed=0) -> dict:
    """{(hidden, activation): Representation} for every combination (what lesson 1's slider shows)."""
    return {(h, act): representation(train_full_batch(X, y, h, act, epochs=epochs, lr=lr, seed=seed), X, y, grid)
            for h in hidden_sizes for act in activations}


# --- the explorer's frame: one precomputed network, ready to draw --------------------------------

# the range of a(x) each activation can take, for a colour scale that means the same in every panel
UNIT_RANGE = {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0)}


class UnitsFrame(NamedTuple):
    """What the explorer shows for one setting (h = hidden units).

    prob_map: (ny, nx) P(class 1 | x) over the plane; hidden_maps: (h, ny, nx) a_j(x);
    unit_range: (h, 2) colour limits of each unit's map (the activation's range; for ReLU 0 to the
    map's maximum); readout: (h,) each unit's vote for class 1; dead: (h,) ReLU units that are 0
    everywhere; train_accuracy: fraction of training points classified right.
    """

    hidden: int
    activation: str
    prob_map: np.ndarray
    hidden_maps: np.ndarray
    unit_range: np.ndarray
    readout: np.ndarray
    dead: np.ndarray
    train_accuracy: float


def units_frame(results: dict, hidden: int, activation: str) -> UnitsFrame:
    """The frame of the precomputed network results[(hidden, activation)] (see representation_grid)."""
    if (hidden, activation) not in results:
        hidden_sizes, activations = sorted({h for h, _ in results}), sorted({a for _, a in results})
        raise ValueError(f"no precomputed network for hidden={hidden!r}, activation={activation!r}: "
                         f"hidden must be one of {hidden_sizes}, activation one of {activations}")
    r = results[(hidden, activation)]
    maps = r.hidden_maps
    if activation in UNIT_RANGE:
        unit_range = np.tile(UNIT_RANGE[activation], (len(maps), 1))
    else:
        unit_range = np.column_stack([np.zeros(len(maps)), np.maximum(maps.max(axis=(1, 2)), 1e-6)])
    dead = np.zeros(len(maps), bool) if activation != "relu" else ~maps.reshape(len(maps), -1).any(axis=1)
    return UnitsFrame(hidden, activation, r.prob_map, maps, unit_range, r.readout, dead, r.train_accuracy)
