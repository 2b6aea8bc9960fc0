"""Lesson 2: the computational graph, gradient descent over learning rates, the drawings and the
explorer, headless."""
import matplotlib.pyplot as plt
import numpy as np
import pytest

from lessonlib.figures.scales import step_axis
from lessonlib.lessons.l02_training_backprop.compute import (TWO_LAYER_MLP, Node, backward_order, check_graph,
                                                             depths, learning_rate_curves, nearest_curve)
from lessonlib.lessons.l02_training_backprop.controls import learning_rate_explorer
from lessonlib.lessons.l02_training_backprop.view import LearningRateView, draw_graph, format_array
from lessonlib.nn import mlp

# --- the graph as data ---------------------------------------------------------------------------


def test_graph_is_well_formed_and_ends_in_the_loss():
    nodes = check_graph(TWO_LAYER_MLP)
    assert set(nodes) == {"x", "W1", "b1", "z1", "a1", "W2", "b2", "z2", "y", "L"}
    assert TWO_LAYER_MLP[-1].kind == "loss"
    assert {n.name for n in TWO_LAYER_MLP if n.kind == "param"} == {"W1", "b1", "W2", "b2"}
    # every computed node says how to pass the gradient back; data and parameters do not
    assert all(bool(n.backward) == bool(n.inputs) for n in TWO_LAYER_MLP)


def test_depths_put_parameters_just_before_their_user():
    d = depths(TWO_LAYER_MLP)
    assert [d[n] for n in ("z1", "a1", "z2", "L")] == [1, 2, 3, 4]
    assert d["x"] == d["W1"] == d["b1"] == 0
    assert d["W2"] == d["b2"] == 2 and d["y"] == 3


def test_backward_order_runs_from_the_loss_to_the_first_layer():
    assert backward_order(TWO_LAYER_MLP) == ["L", "z2", "a1", "z1"]


@pytest.mark.parametrize("nodes, match", [
    ((Node("a", "input", (), "a", ""), Node("a", "input", (), "a", "")), "defined twice"),
    ((Node("b", "op", ("a",), "b", "db"),), r"uses \['a'\] before"),
])
def test_malformed_graphs_are_refused(nodes, match):
    with pytest.raises(ValueError, match=match):
        check_graph(nodes)


# --- gradient descent at many learning rates ------------------------------------------------------


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


# --- drawings, the view and the explorer ---------------------------------------------------------


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


def test_graph_refuses_unknown_names():
    with pytest.raises(ValueError, match=r"not in the graph: \['z3'\]"):
        draw_graph(TWO_LAYER_MLP, {"z3": 1.0})


def view_of(runs, lr):
    x, y, x_plot, curves = runs
    return LearningRateView(nearest_curve(curves, lr), x=x, y=y, x_plot=x_plot, curves=curves)


def test_view_update_switches_curve_fit_and_verdict(runs):
    curves = runs[3]
    view = view_of(runs, 0.01)
    good, bad = curves[0], curves[-1]
    assert np.array_equal(view.loss_line.get_ydata(), np.log10(good.loss), equal_nan=True)
    assert np.array_equal(view.fit_line.get_ydata(), good.fit)
    assert "final loss" in view.loss_title.get_text() and len(view.blowup.get_xdata()) == 0
    view.update(bad)
    assert np.array_equal(view.loss_line.get_ydata(), np.log10(bad.loss), equal_nan=True)
    assert np.all(np.isnan(view.fit_line.get_ydata()))
    assert f"DIVERGED at step {bad.diverged_at}" in view.loss_title.get_text()
    assert list(view.blowup.get_xdata()) == [step_axis(bad.diverged_at - 1)]


def test_frame_snaps_to_the_nearest_precomputed_rate(runs):
    curves = runs[3]
    assert nearest_curve(curves, 0.11).lr == pytest.approx(0.1)      # e.g. typed into the slider's box


@pytest.mark.parametrize("lr, match", [(100.0, "no precomputed curve near lr=100"),
                                       (0.0001, "choose between 0.01 and 3.16"),
                                       (-1.0, "lr must be a positive number"),
                                       ("fast", "lr must be a positive number")])
def test_frame_refuses_rates_it_has_no_curve_for(runs, lr, match):
    with pytest.raises(ValueError, match=match):
        nearest_curve(runs[3], lr)


def test_explorer_slider_covers_the_rates_and_drives_the_view(runs):
    x, y, x_plot, curves = runs
    explorer = learning_rate_explorer(x, y, x_plot, curves, lr=0.1)
    slider = explorer.controls["lr"]
    assert (slider.min, slider.max, slider.step) == pytest.approx((-2.0, 0.5, 0.5))
    slider.value = curves[-1].lr
    assert explorer.frame.lr == pytest.approx(curves[-1].lr)
    assert "DIVERGED" in explorer.view.loss_title.get_text()


def test_explorer_update_changes_the_frame_and_the_figure(runs):
    x, y, x_plot, curves = runs
    explorer = learning_rate_explorer(x, y, x_plot, curves, lr=0.011)         # snapped to 0.01
    assert explorer.frame is curves[0] and explorer.controls["lr"].value == pytest.approx(0.01)
    before = explorer.view.loss_line.get_ydata().copy()
    frame = explorer.update(lr=curves[2].lr)
    assert frame is curves[2] and explorer.frame is frame
    assert not np.array_equal(before, explorer.view.loss_line.get_ydata(), equal_nan=True)
    assert f"learning rate {curves[2].lr:.3g}" in explorer.view.loss_title.get_text()
    bundle = explorer._repr_mimebundle_()
    assert "image/png" in bundle and bundle["text/plain"].startswith("Interactive figure")


def test_explorer_needs_log_spaced_positive_rates(runs):
    x, y, x_plot, curves = runs
    with pytest.raises(ValueError, match="evenly spaced on a log scale"):
        learning_rate_explorer(x, y, x_plot, [curves[0], curves[1], curves[3]])
    with pytest.raises(ValueError, match="positive learning rates"):
        learning_rate_explorer(x, y, x_plot, [])


# --- the words of training -----------------------------------------------------------------------


def test_one_epoch_is_one_step_per_batch_of_fit():
    from lessonlib.lessons.l02_training_backprop.compute import batch_sizes_of_one_epoch
    from lessonlib.nn import fit

    sizes = batch_sizes_of_one_epoch(60_000, 64)
    assert len(sizes) == 938 and sizes[-1] == 32 and sum(sizes) == 60_000
    assert batch_sizes_of_one_epoch(128, 64) == [64, 64] and batch_sizes_of_one_epoch(5, 64) == [5]

    model = mlp((2, 3, 1), seed=0)
    steps = []

    class Recorder:
        def step(self, params_and_grads):
            steps.append(1)

    x, y = np.zeros((200, 2)), np.zeros((200, 1))
    fit(model, lambda s, t: (0.0, np.zeros_like(s)), Recorder(), x, y, epochs=1, batch_size=64, progress=False)
    assert len(steps) == len(batch_sizes_of_one_epoch(200, 64)) == 4
    with pytest.raises(ValueError):
        batch_sizes_of_one_epoch(0, 64)


def test_adams_first_step_is_lr_times_the_sign_of_the_gradient():
    from lessonlib.lessons.l02_training_backprop.compute import (adam_first_step,
                                                                 adam_first_step_without_correction)
    g = np.array([1e-3, -0.5, 20.0, -3e-2])
    step = adam_first_step(g, lr=0.01)
    np.testing.assert_allclose(step, -0.01 * np.sign(g), rtol=1e-4)
    # by hand, without the correction: 0.01 · 0.1 / sqrt(0.001)
    assert adam_first_step_without_correction(0.01) == pytest.approx(0.01 * 0.1 / 0.001 ** 0.5)
