"""lessonlib.render.training and lessonlib.widgets.training, headless."""
import matplotlib.pyplot as plt
import numpy as np
import pytest

from lessonlib.nn.classification import mlp
from lessonlib.nn.experiments import learning_rate_curves
from lessonlib.nn.graph import TWO_LAYER_MLP
from lessonlib.render.training import LearningRateView, draw_graph, format_array, step_axis
from lessonlib.widgets.training import learning_rate_explorer


@pytest.fixture(scope="module")
def runs():
    rng = np.random.default_rng(0)
    x = np.sort(rng.uniform(-3, 3, 24))[:, None]
    y = np.sin(x)
    x_plot = np.linspace(-3, 3, 30)[:, None]
    lrs = 10.0 ** np.arange(-2, 0.6, 0.5)           # 0.01 … 3.16: the last ones diverge
    curves = learning_rate_curves(lambda: mlp((1, 6, 1), seed=1, activation="tanh"), x, y, lrs,
                                  steps=30, x_plot=x_plot)
    assert curves[0].diverged_at is None and curves[-1].diverged_at is not None
    yield x, y, x_plot, curves
    plt.close("all")


def test_format_array():
    assert format_array(0.3721) == "0.37"
    assert format_array(np.array([0.5, -1.0])) == "[0.50, -1.00]"
    assert format_array(np.array([[1.0, 2.0], [3.0, 4.0]]), digits=0) == "[[1, 2],\n [3, 4]]"


def test_graph_shows_values_and_gradients():
    fig = draw_graph(TWO_LAYER_MLP, {"z2": np.array([0.39]), "L": 0.372}, {"z2": -1.22}, title="t")
    texts = [t.get_text() for t in fig.axes[0].texts if t.get_text()]
    assert len(texts) == len(TWO_LAYER_MLP) + 1                    # one box per node, one gradient
    assert "$z_2 = W_2 a_1 + b_2$\n0.39" in texts and "$L = (z_2 - y)^2$\n0.37" in texts
    assert r"$\partial L/\partial z_2$ = -1.22" in texts
    arrows = [t for t in fig.axes[0].texts if not t.get_text() and t.arrow_patch is not None]
    assert len(arrows) == sum(len(n.inputs) for n in TWO_LAYER_MLP)


def test_step_axis_is_linear_to_ten_then_one_unit_per_decade():
    assert step_axis(np.array([0, 5, 10, 100, 1000])).tolist() == [0.0, 0.5, 1.0, 2.0, 3.0]


def test_graph_refuses_unknown_names():
    with pytest.raises(ValueError, match=r"not in the graph: \['z3'\]"):
        draw_graph(TWO_LAYER_MLP, {"z3": 1.0})


def test_view_update_switches_curve_fit_and_verdict(runs):
    x, y, x_plot, curves = runs
    view = LearningRateView(x, y, x_plot, curves, lr=0.01)
    good, bad = curves[0], curves[-1]
    assert np.array_equal(view.loss_line.get_ydata(), np.log10(good.loss), equal_nan=True)
    assert np.array_equal(view.fit_line.get_ydata(), good.fit)
    assert "final loss" in view.loss_title.get_text() and len(view.blowup.get_xdata()) == 0
    view.update(lr=bad.lr)
    assert np.array_equal(view.loss_line.get_ydata(), np.log10(bad.loss), equal_nan=True)
    assert np.all(np.isnan(view.fit_line.get_ydata()))
    assert f"DIVERGED at step {bad.diverged_at}" in view.loss_title.get_text()
    assert list(view.blowup.get_xdata()) == [step_axis(bad.diverged_at - 1)]


def test_view_snaps_to_the_nearest_precomputed_rate(runs):
    x, y, x_plot, curves = runs
    view = LearningRateView(x, y, x_plot, curves, lr=0.1)
    view.update(lr=0.11)                                   # e.g. typed into the slider's box
    assert view.settings["lr"] == pytest.approx(0.1)


@pytest.mark.parametrize("lr, match", [(100.0, "no precomputed curve near lr=100"),
                                       (0.0001, "choose between 0.01 and 3.16"),
                                       (-1.0, "lr must be a positive number"),
                                       ("fast", "lr must be a positive number")])
def test_view_refuses_rates_it_has_no_curve_for(runs, lr, match):
    x, y, x_plot, curves = runs
    view = LearningRateView(x, y, x_plot, curves, lr=0.1)
    with pytest.raises(ValueError, match=match):
        view.update(lr=lr)
    assert view.settings["lr"] == pytest.approx(0.1)


def test_explorer_slider_covers_the_rates_and_drives_the_view(runs):
    x, y, x_plot, curves = runs
    box, view = learning_rate_explorer(x, y, x_plot, curves, lr=0.1)
    slider = box.children[0].children[0]
    assert (slider.min, slider.max, slider.step) == pytest.approx((-2.0, 0.5, 0.5))
    slider.value = curves[-1].lr
    assert view.settings["lr"] == pytest.approx(curves[-1].lr)
    assert "DIVERGED" in view.loss_title.get_text()


def test_explorer_needs_log_spaced_rates(runs):
    x, y, x_plot, curves = runs
    with pytest.raises(ValueError, match="evenly spaced on a log scale"):
        learning_rate_explorer(x, y, x_plot, [curves[0], curves[1], curves[3]])
