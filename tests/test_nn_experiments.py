"""lessonlib.nn.experiments: the precomputed training runs of lessons 1–3."""
import numpy as np
import pytest

from lessonlib.data import load_auto_mpg
from lessonlib.nn.classification import mlp
from lessonlib.nn.experiments import (hidden_representation, learning_rate_curves, regression_run,
                                      representation, representation_grid, train_full_batch)
from lessonlib.nn.preprocess import Standardiser, train_test_split
from lessonlib.nn.toydata import plane_grid, two_moons


@pytest.fixture(scope="module")
def moons():
    X, y = two_moons(n=120, noise=0.15, seed=0)
    return X, y, plane_grid(X, n=12)


def test_hidden_representation_is_f_of_the_first_layer():
    net = mlp((3, 4, 2), seed=1, activation="tanh")
    x = np.random.default_rng(0).standard_normal((5, 3))
    W, b = net.layers[0].params["W"], net.layers[0].params["b"]
    assert np.allclose(hidden_representation(net, x), np.tanh(x @ W.T + b))


def test_representation_arrays_agree_with_the_model(moons):
    X, y, grid = moons
    model = train_full_batch(X, y, 3, "tanh", epochs=50)
    r = representation(model, X, y, grid)
    assert r.hidden == 3 and r.activation == "tanh"
    assert r.hidden_maps.shape == (3, 12, 12) and r.prob_map.shape == (12, 12)
    # the map's pixel (row i, column j) is grid point i * nx + j
    assert np.allclose(r.hidden_maps[:, 2, 5], hidden_representation(model, grid.points[[2 * 12 + 5]])[0])
    # class 1 wins exactly where the linear read-out of a(x) is positive
    logit = r.hidden_at_data @ r.readout + r.readout_bias
    assert np.array_equal(logit > 0, np.argmax(model.forward(X), axis=1) == 1)
    assert r.train_accuracy == np.mean((logit > 0) == y)


def test_more_hidden_units_fit_the_moons_better(moons):
    X, y, grid = moons
    results = representation_grid(X, y, grid, hidden_sizes=(1, 8), activations=("tanh",), epochs=400)
    assert set(results) == {(1, "tanh"), (8, "tanh")}
    assert results[(8, "tanh")].train_accuracy >= 0.97
    assert results[(1, "tanh")].train_accuracy < 0.92      # one unit = one straight boundary


def test_representation_needs_one_hidden_layer_and_two_classes(moons):
    X, y, grid = moons
    with pytest.raises(ValueError, match="one hidden layer"):
        representation(mlp((2, 3, 3, 2)), X, y, grid)
    with pytest.raises(ValueError, match="two output classes"):
        representation(mlp((2, 3, 3)), X, y, grid)


def sine_data():
    rng = np.random.default_rng(0)
    x = np.sort(rng.uniform(-3, 3, 32))[:, None]
    return x, np.sin(x)


def test_learning_rate_curves_converge_small_and_diverge_large():
    x, y = sine_data()
    curves = learning_rate_curves(lambda: mlp((1, 8, 1), seed=1, activation="tanh"), x, y,
                                  lrs=(0.01, 0.1, 3.0), steps=50, x_plot=np.zeros((4, 1)))
    slow, good, bad = curves
    assert [c.lr for c in curves] == [0.01, 0.1, 3.0]
    assert slow.diverged_at is None and good.diverged_at is None
    assert good.loss.shape == (51,) and np.all(np.isfinite(good.loss))
    assert good.loss[-1] < slow.loss[-1] < slow.loss[0]
    assert good.fit.shape == (4,) and np.all(np.isfinite(good.fit))
    assert bad.diverged_at is not None and bad.diverged_at <= 50
    assert np.all(np.isnan(bad.loss[bad.diverged_at:])) and np.all(np.isnan(bad.fit))
    # every curve starts from the same freshly built model
    assert slow.loss[0] == good.loss[0] == bad.loss[0]


@pytest.mark.parametrize("kwargs, match", [(dict(steps=0), "steps must be positive"),
                                           (dict(blowup=1.0), "blowup must be > 1")])
def test_learning_rate_curves_reject_bad_settings(kwargs, match):
    x, y = sine_data()
    with pytest.raises(ValueError, match=match):
        learning_rate_curves(lambda: mlp((1, 2, 1)), x, y, lrs=(0.1,), **kwargs)


@pytest.fixture(scope="module")
def auto_mpg():
    cars = load_auto_mpg(verbose=False)
    X = np.column_stack([cars.column(c) for c in ("cylinders", "horsepower", "weight")])
    return X, cars.column("mpg")


def prepared(X, y, seed):
    x_tr, x_te, y_tr, y_te = train_test_split(X, y, test_fraction=0.2, seed=seed)
    sx, sy = Standardiser.fit(x_tr), Standardiser.fit(y_tr[:, None])
    return (sx.apply(x_tr), sy.apply(y_tr[:, None])[:, 0], sx.apply(x_te), sy.apply(y_te[:, None])[:, 0],
            sy, x_tr, x_te, y_tr, y_te)


def test_regression_run_records_every_epoch_in_mpg(auto_mpg):
    zx_tr, zy_tr, zx_te, zy_te, sy, *_, y_te = prepared(*auto_mpg, seed=0)
    run = regression_run(zx_tr, zy_tr, zx_te, zy_te, 4, y_scaler=sy, epochs=5)
    assert run.test_pred.shape == (5, len(y_te)) and run.train_mae.shape == run.test_mae.shape == (5,)
    assert np.allclose(run.test_mae, np.abs(run.test_pred - y_te).mean(axis=1))
    again = regression_run(zx_tr, zy_tr, zx_te, zy_te, 4, y_scaler=sy, epochs=5)
    assert np.array_equal(run.test_pred, again.test_pred)
    with pytest.raises(ValueError, match="epochs must be positive"):
        regression_run(zx_tr, zy_tr, zx_te, zy_te, 4, epochs=0)


@pytest.mark.parametrize("split_seed", [0, 1, 2])
def test_mlp_beats_least_squares_on_auto_mpg(auto_mpg, split_seed):
    """Lesson 3's claim, on three different splits: not a lucky one."""
    zx_tr, zy_tr, zx_te, zy_te, sy, x_tr, x_te, y_tr, y_te = prepared(*auto_mpg, seed=split_seed)
    A = np.column_stack([x_tr, np.ones(len(x_tr))])
    coef = np.linalg.lstsq(A, y_tr, rcond=None)[0]
    linear_mae = np.mean(np.abs(np.column_stack([x_te, np.ones(len(x_te))]) @ coef - y_te))
    run = regression_run(zx_tr, zy_tr, zx_te, zy_te, 8, y_scaler=sy, epochs=200)
    assert run.test_mae[-1] < linear_mae - 0.1, (run.test_mae[-1], linear_mae)
