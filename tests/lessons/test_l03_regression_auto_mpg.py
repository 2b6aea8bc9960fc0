"""Lesson 3: regression MLPs on Auto MPG, the frame, the drawings and the explorer, headless."""
from typing import NamedTuple

import matplotlib.pyplot as plt
import numpy as np
import pytest

from lessonlib.data import load_auto_mpg
from lessonlib.figures.scales import step_axis
from lessonlib.lessons.l03_regression_auto_mpg.compute import (mean_absolute_error, regression_frame,
                                                               regression_run)
from lessonlib.lessons.l03_regression_auto_mpg.controls import regression_explorer
from lessonlib.lessons.l03_regression_auto_mpg.view import RegressionView, draw_features
from lessonlib.nn.preprocess import Standardiser, train_test_split

# --- training on Auto MPG ------------------------------------------------------------------------


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


# --- the frame, the drawings and the explorer, on synthetic runs -----------------------------------


class Run(NamedTuple):
    test_pred: np.ndarray
    train_mae: np.ndarray
    test_mae: np.ndarray


@pytest.fixture(scope="module")
def lesson():
    """Synthetic runs: hidden size h predicts y + noise / (h · epoch), so every setting differs."""
    rng = np.random.default_rng(0)
    y_test = rng.uniform(10, 40, 12)
    noise = rng.standard_normal(12)
    runs = {}
    for h in (1, 2, 3):
        pred = np.array([y_test + noise * 5 / (h * e) for e in range(1, 31)])
        mae = np.abs(pred - y_test).mean(axis=1)
        runs[h] = Run(pred, 0.8 * mae, mae)
    linear = y_test + 2.0 * noise
    yield y_test, linear, runs
    plt.close("all")


def view_of(lesson, hidden, epochs):
    y_test, linear, runs = lesson
    frame = regression_frame(runs, mean_absolute_error(linear, y_test), hidden, epochs)
    return RegressionView(frame, y_test=y_test, linear_pred=linear, runs=runs)


def test_features_figure_has_one_panel_per_feature():
    X = np.arange(12.0).reshape(4, 3)
    fig = draw_features(X, np.arange(4.0), ["a", "b", "c"])
    assert [ax.get_xlabel() for ax in fig.axes] == ["a", "b", "c"]
    assert np.array_equal(fig.axes[1].lines[0].get_xdata(), X[:, 1])
    with pytest.raises(ValueError, match="one column per feature name"):
        draw_features(X, np.arange(4.0), ["a", "b"])


def test_view_shows_the_chosen_run_and_epoch(lesson):
    y_test, linear, runs = lesson
    view = view_of(lesson, hidden=1, epochs=1)
    assert len(view.x_epochs) == 30
    assert np.array_equal(view.points.get_ydata(), runs[1].test_pred[0])
    before = view.points.get_ydata().copy()
    linear_mae = mean_absolute_error(linear, y_test)
    view.update(regression_frame(runs, linear_mae, hidden=3, epochs=30))
    assert not np.array_equal(before, view.points.get_ydata())
    assert np.array_equal(view.points.get_ydata(), runs[3].test_pred[29])
    assert np.array_equal(view.test_curve.get_ydata(), runs[3].test_mae)
    assert list(view.marker.get_xdata()) == [step_axis(30)] and list(view.marker.get_ydata()) == [runs[3].test_mae[29]]
    assert linear_mae == pytest.approx(np.mean(np.abs(linear - y_test)))
    assert "MLP better" in view.curve_title.get_text()          # 5/(3·30) noise beats 2× noise
    view.update(regression_frame(runs, linear_mae, epochs=1, hidden=1))
    assert "MLP worse" in view.curve_title.get_text()
    assert f"MAE {runs[1].test_mae[0]:.2f}" in view.legend.get_texts()[2].get_text()


@pytest.mark.parametrize("settings, match", [
    (dict(hidden=4, epochs=5), r"choose one of \[1, 2, 3\]"),
    (dict(hidden=2, epochs=0), "epochs must be an integer from 1 to 30"),
    (dict(hidden=2, epochs=31), "epochs must be an integer from 1 to 30"),
    (dict(hidden=2, epochs=2.5), "epochs must be an integer"),
])
def test_frame_refuses_settings_it_has_no_run_for(lesson, settings, match):
    y_test, linear, runs = lesson
    with pytest.raises(ValueError, match=match):
        regression_frame(runs, 1.0, **settings)


def test_view_and_explorer_check_the_baseline_shape(lesson):
    y_test, linear, runs = lesson
    frame = regression_frame(runs, 1.0, hidden=1, epochs=1)
    with pytest.raises(ValueError, match="linear_pred must have y_test's shape"):
        RegressionView(frame, y_test=y_test, linear_pred=linear[:-1], runs=runs)
    with pytest.raises(ValueError, match="must have the targets' shape"):
        regression_explorer(y_test, linear[:-1], runs, hidden=1, epochs=1)


def test_explorer_sliders_drive_the_view(lesson):
    y_test, linear, runs = lesson
    explorer = regression_explorer(y_test, linear, runs, hidden=2, epochs=10)
    hidden, epochs = explorer.controls.values()
    assert (hidden.min, hidden.max, epochs.min, epochs.max) == (1, 3, 1, 30)
    hidden.value = 3
    epochs.value = 7
    assert explorer.settings == {"hidden": 3, "epochs": 7}
    assert np.array_equal(explorer.view.points.get_ydata(), runs[3].test_pred[6])


def test_explorer_update_changes_the_frame_and_the_figure(lesson):
    y_test, linear, runs = lesson
    explorer = regression_explorer(y_test, linear, runs, hidden=1, epochs=1)
    title = explorer.view.scatter_title.get_text()
    frame = explorer.update(hidden=2, epochs=25)
    assert (frame.hidden, frame.epochs) == (2, 25) and frame is explorer.frame
    assert frame.mae == runs[2].test_mae[24] and np.array_equal(frame.test_pred, runs[2].test_pred[24])
    assert explorer.view.scatter_title.get_text() != title
    assert "after 25 epochs" in explorer.view.scatter_title.get_text()
    assert list(explorer.view.marker.get_xdata()) == [step_axis(25)]
    bundle = explorer._repr_mimebundle_()
    assert "image/png" in bundle and bundle["text/plain"].startswith("Interactive figure")


def test_explorer_needs_every_hidden_size(lesson):
    y_test, linear, runs = lesson
    with pytest.raises(ValueError, match="every hidden size from 1 to 3"):
        regression_explorer(y_test, linear, {1: runs[1], 3: runs[3]}, hidden=1, epochs=1)
