"""Lesson 3's computation: regression MLPs on Auto MPG, recorded epoch by epoch.

The networks are trained once (`regression_run` per hidden size); the explorer's frame for a
setting (hidden units, epochs) is then a look-up, `regression_frame`.
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ...nn import Adam, Sequential, fit, mlp, mse_loss
from ...nn.preprocess import Standardiser, unstandardise


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


def mean_absolute_error(pred, y) -> float:
    """mean |pred − y|, e.g. the least-squares line's error on the test cars."""
    pred, y = np.asarray(pred, dtype=float), np.asarray(y, dtype=float)
    if pred.shape != y.shape:
        raise ValueError(f"predictions must have the targets' shape {y.shape}, got {pred.shape}")
    return float(np.mean(np.abs(pred - y)))


class RegressionFrame(NamedTuple):
    """What the explorer shows for one setting: the MLP with `hidden` units after `epochs` epochs.

    test_pred: (n_test,) its predictions on the test cars; mae: its test MAE then;
    train_mae, test_mae: (E,) its MAE after every epoch 1 … E; linear_mae: the least-squares line's
    test MAE (the baseline).
    """

    hidden: int
    epochs: int
    test_pred: np.ndarray
    mae: float
    train_mae: np.ndarray
    test_mae: np.ndarray
    linear_mae: float


def max_epochs(runs: dict) -> int:
    """The number of epochs every run in {hidden: RegressionRun} has recorded."""
    return min(len(r.test_mae) for r in runs.values())


def regression_frame(runs: dict, linear_mae: float, hidden: int, epochs: int) -> RegressionFrame:
    """The frame of runs[hidden] (a RegressionRun) after `epochs` epochs (1 … max_epochs(runs))."""
    if hidden not in runs:
        raise ValueError(f"no precomputed network with hidden={hidden!r}: choose one of {sorted(runs)}")
    last = max_epochs(runs)
    if not (isinstance(epochs, (int, np.integer)) and 1 <= epochs <= last):
        raise ValueError(f"epochs must be an integer from 1 to {last}, got {epochs!r}")
    run, e = runs[hidden], int(epochs) - 1
    return RegressionFrame(hidden, int(epochs), run.test_pred[e], float(run.test_mae[e]), run.train_mae[:last],
                           run.test_mae[:last], float(linear_mae))
