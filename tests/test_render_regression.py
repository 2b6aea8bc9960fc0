"""lessonlib.render.regression and lessonlib.widgets.regression, headless."""
from typing import NamedTuple

import matplotlib.pyplot as plt
import numpy as np
import pytest

from lessonlib.render.regression import RegressionView, draw_features
from lessonlib.render.training import step_axis
from lessonlib.widgets.regression import regression_explorer


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


def test_features_figure_has_one_panel_per_feature():
    X = np.arange(12.0).reshape(4, 3)
    fig = draw_features(X, np.arange(4.0), ["a", "b", "c"])
    assert [ax.get_xlabel() for ax in fig.axes] == ["a", "b", "c"]
    assert np.array_equal(fig.axes[1].lines[0].get_xdata(), X[:, 1])
    with pytest.raises(ValueError, match="one column per feature name"):
        draw_features(X, np.arange(4.0), ["a", "b"])


def test_view_shows_the_chosen_run_and_epoch(lesson):
    y_test, linear, runs = lesson
    view = RegressionView(y_test, linear, runs, hidden=1, epochs=1)
    assert view.max_epochs == 30
    assert np.array_equal(view.points.get_ydata(), runs[1].test_pred[0])
    before = view.points.get_ydata().copy()
    view.update(hidden=3, epochs=30)
    assert not np.array_equal(before, view.points.get_ydata())
    assert np.array_equal(view.points.get_ydata(), runs[3].test_pred[29])
    assert np.array_equal(view.test_curve.get_ydata(), runs[3].test_mae)
    assert list(view.marker.get_xdata()) == [step_axis(30)] and list(view.marker.get_ydata()) == [runs[3].test_mae[29]]
    assert view.linear_mae == pytest.approx(np.mean(np.abs(linear - y_test)))
    assert "MLP better" in view.curve_title.get_text()          # 5/(3·30) noise beats 2× noise
    view.update(epochs=1, hidden=1)
    assert "MLP worse" in view.curve_title.get_text()
    assert f"MAE {runs[1].test_mae[0]:.2f}" in view.legend.get_texts()[2].get_text()


@pytest.mark.parametrize("settings, match", [
    (dict(hidden=4), r"choose one of \[1, 2, 3\]"),
    (dict(epochs=0), "epochs must be an integer from 1 to 30"),
    (dict(epochs=31), "epochs must be an integer from 1 to 30"),
    (dict(epochs=2.5), "epochs must be an integer"),
])
def test_view_refuses_settings_it_has_no_run_for(lesson, settings, match):
    y_test, linear, runs = lesson
    view = RegressionView(y_test, linear, runs, hidden=2, epochs=5)
    with pytest.raises(ValueError, match=match):
        view.update(**settings)
    assert view.settings == {"hidden": 2, "epochs": 5}


def test_view_checks_the_baseline_shape(lesson):
    y_test, linear, runs = lesson
    with pytest.raises(ValueError, match="linear_pred must have y_test's shape"):
        RegressionView(y_test, linear[:-1], runs, hidden=1, epochs=1)


def test_explorer_sliders_drive_the_view(lesson):
    y_test, linear, runs = lesson
    box, view = regression_explorer(y_test, linear, runs, hidden=2, epochs=10)
    hidden, epochs = box.children[0].children
    assert (hidden.min, hidden.max, epochs.min, epochs.max) == (1, 3, 1, 30)
    hidden.value = 3
    epochs.value = 7
    assert view.settings == {"hidden": 3, "epochs": 7}
    assert np.array_equal(view.points.get_ydata(), runs[3].test_pred[6])


def test_explorer_needs_every_hidden_size(lesson):
    y_test, linear, runs = lesson
    with pytest.raises(ValueError, match="every hidden size from 1 to 3"):
        regression_explorer(y_test, linear, {1: runs[1], 3: runs[3]}, hidden=1, epochs=1)
