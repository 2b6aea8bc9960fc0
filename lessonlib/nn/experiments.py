"""The small training runs behind lessons 1–3, computed once so that a slider only swaps results.

Each function trains seeded models with lessonlib.nn and returns plain arrays in named tuples;
the render modules draw them and compute nothing.
"""
from __future__ import annotations

from typing import Callable, NamedTuple, Sequence

import numpy as np

from .classification import Standardiser, mlp
from .functional import mse_loss, softmax, softmax_cross_entropy
from .model import Sequential
from .optim import SGD, Adam
from .preprocess import unstandardise
from .toydata import PlaneGrid
from .train import accuracy, fit


def hidden_representation(model: Sequential, x) -> np.ndarray:
    """a(x) = f(θ_f x + b_f): the output of the first Dense + Activation pair, (N, h)."""
    return model.layers[1].forward(model.layers[0].forward(x))


# --- lesson 1: what the hidden units of a 2-D classifier compute ------------------------------

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


# --- lesson 2: the learning rate decides between crawling, converging and diverging ------------

class LossCurve(NamedTuple):
    """Full-batch gradient descent at one learning rate.

    loss: (steps + 1,) loss before each step, NaN after a divergence; diverged_at: first step
    whose loss exceeded blowup × the initial loss (or was not finite), else None;
    fit: (len(x_plot),) the model's output on x_plot after training (NaN if it diverged).
    """

    lr: float
    loss: np.ndarray
    diverged_at: int | None
    fit: np.ndarray


def learning_rate_curves(make_model: Callable[[], Sequential], x, y, lrs: Sequence[float], *, steps=200,
                         loss_fn=mse_loss, x_plot=None, blowup=100.0) -> list[LossCurve]:
    """Train a fresh make_model() with plain gradient descent (SGD, whole data set per step) per lr."""
    if steps < 1:
        raise ValueError(f"steps must be positive, got {steps}")
    if blowup <= 1:
        raise ValueError(f"blowup must be > 1, got {blowup}")
    x_plot = x if x_plot is None else x_plot
    curves = []
    for lr in lrs:
        model, opt = make_model(), SGD(lr)
        loss = np.full(steps + 1, np.nan)
        diverged = None
        with np.errstate(over="ignore", invalid="ignore"):
            for step in range(steps + 1):
                value, dscores = loss_fn(model.forward(x), y)
                if not np.isfinite(value) or (step and value > blowup * loss[0]):
                    diverged = step
                    break
                loss[step] = value
                if step < steps:
                    model.backward(dscores)
                    opt.step(model.params_and_grads())
                    if not all(np.isfinite(p).all() for _, p, _ in model.params_and_grads()):
                        diverged = step + 1
                        break
        fitted = np.full(len(x_plot), np.nan) if diverged is not None else model.forward(x_plot).ravel()
        curves.append(LossCurve(float(lr), loss, diverged, fitted))
    return curves


# --- lesson 3: regression, watched epoch by epoch --------------------------------------------

class RegressionRun(NamedTuple):
    """One n_in → hidden → 1 regression MLP, recorded after every epoch.

    test_pred: (epochs, n_test) predictions in the target's own units after each epoch;
    train_mae, test_mae: (epochs,) mean absolute errors in those units.
    """

    hidden: int
    test_pred: np.ndarray
    train_mae: np.ndarray
    test_mae: np.ndarray
    model: Sequential


def regression_run(x_train, y_train, x_test, y_test, hidden: int, *, y_scaler: Standardiser | None = None,
                   epochs=200, lr=0.01, batch_size=32, activation="relu", seed=0) -> RegressionRun:
    """Train an n_in → hidden → 1 MLP (Adam, MSE) on standardised data, recording every epoch.

    x_*: (n, n_in) and y_*: (n,) as the model sees them (standardised); y_scaler: the
    Standardiser fitted on y_train[:, None], used to report predictions and errors in y's units.
    """
    if epochs < 1:
        raise ValueError(f"epochs must be positive, got {epochs}")
    def back(v):
        return v if y_scaler is None else unstandardise(y_scaler, v)

    model = mlp((x_train.shape[1], hidden, 1), seed=seed, activation=activation)
    opt = Adam(lr)   # one optimiser across the one-epoch fit() calls, so its moments carry over
    target = np.asarray(y_train, dtype=np.float64).reshape(-1, 1)
    y_train_units, y_test_units = back(y_train), back(y_test)
    preds, train_mae, test_mae = [], [], []
    for epoch in range(epochs):
        # a new shuffle every epoch, repeatable: the epoch number is part of the seed
        fit(model, mse_loss, opt, x_train, target, epochs=1, batch_size=batch_size,
            seed=seed * 100_003 + epoch, progress=False)
        train_mae.append(np.mean(np.abs(back(model.forward(x_train)[:, 0]) - y_train_units)))
        preds.append(back(model.forward(x_test)[:, 0]))
        test_mae.append(np.mean(np.abs(preds[-1] - y_test_units)))
    return RegressionRun(hidden, np.array(preds), np.array(train_mae), np.array(test_mae), model)
