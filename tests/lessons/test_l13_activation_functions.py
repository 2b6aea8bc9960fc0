"""Lesson 13: activation functions and what depth does to their gradients; drawings and explorer, headless."""
import matplotlib.pyplot as plt
import numpy as np
import pytest

from lessonlib.kernels.activations import ACTIVATIONS
from lessonlib.lessons.l13_activation_functions.compute import gradient_through_depth, parametric_curves
from lessonlib.lessons.l13_activation_functions.controls import activation_explorer
from lessonlib.lessons.l13_activation_functions.view import (ParametricActivations, plot_activations,
                                                             plot_gradient_vs_depth)


def test_sigmoid_gradient_vanishes_and_relu_keeps_it():
    sig, relu = gradient_through_depth("sigmoid", depth=12), gradient_through_depth("relu", depth=12)
    assert sig.grad_norm[0] == relu.grad_norm[0] == 1.0
    assert sig.grad_norm.shape == (13,) and sig.mean_derivative.shape == (12,)
    assert np.all(sig.mean_derivative <= 0.25)             # sigmoid' never exceeds 1/4
    assert sig.grad_norm[-1] < 1e-6 < 0.1 < relu.grad_norm[-1]
    assert np.all(np.diff(np.log(sig.grad_norm)) < 0)       # shrinks at every layer


def test_depth_profile_is_reproducible_and_checks_its_input():
    a, b = gradient_through_depth("tanh", depth=3, seed=5), gradient_through_depth("tanh", depth=3, seed=5)
    np.testing.assert_array_equal(a.grad_norm, b.grad_norm)
    with pytest.raises(ValueError, match="activation must be one of"):
        gradient_through_depth("swish")
    with pytest.raises(ValueError, match="depth must be a positive integer"):
        gradient_through_depth("relu", depth=0)


def test_static_figures_have_labelled_axes():
    x = np.linspace(-3, 3, 50)
    fig = plot_activations(x, {n: (f(x), g(x)) for n, (f, g, p, _) in ACTIVATIONS.items() if p is None})
    assert all(ax.get_xlabel() and ax.get_ylabel() for ax in fig.axes)
    assert len(fig.axes[0].lines) == 4 + 2          # four curves + the two zero lines
    fig2 = plot_gradient_vs_depth([gradient_through_depth(n, depth=4) for n in ("sigmoid", "relu")])
    assert fig2.axes[0].get_yscale() == "log" and len(fig2.axes[0].lines) == 2
    plt.close("all")


def test_update_at_slider_extremes_moves_the_curves():
    x = np.linspace(-4, 3, 71)
    view = ParametricActivations(parametric_curves(x))
    before = [line.get_ydata().copy() for line in (view.leaky, view.dleaky, view.elu, view.delu)]
    view.update(parametric_curves(x, slope=1.0, alpha=5.0))
    after = [line.get_ydata() for line in (view.leaky, view.dleaky, view.elu, view.delu)]
    assert all(not np.array_equal(a, b) for a, b in zip(before, after))
    np.testing.assert_allclose(view.leaky.get_ydata(), view.x)          # ε = 1: the identity
    view.update(parametric_curves(x, slope=0.0, alpha=0.0))
    np.testing.assert_allclose(view.leaky.get_ydata(), np.maximum(view.x, 0))   # ε = 0: ReLU
    assert np.all(view.elu.get_ydata()[view.x <= 0] == 0)
    assert "0.00" in view.title.get_text()
    plt.close("all")


@pytest.mark.parametrize("settings, message", [(dict(slope=1.5), "slope must be a number in"),
                                               (dict(alpha=-1), "alpha must be a number in")])
def test_invalid_settings_are_explained(settings, message):
    with pytest.raises(ValueError, match=message):
        parametric_curves(np.linspace(-1, 1, 5), **settings)


def test_slider_calls_update():
    explorer = activation_explorer()
    slope, alpha = explorer.controls["slope"], explorer.controls["alpha"]
    view = explorer.view
    line = view.elu.get_ydata().copy()
    alpha.value = alpha.max
    assert explorer.settings["alpha"] == 5.0 and not np.array_equal(line, view.elu.get_ydata())
    slope.value = slope.min
    assert explorer.settings["slope"] == 0.0
    plt.close("all")


def test_explorer_update_changes_frame_and_figure():
    explorer = activation_explorer(slope=0.1, alpha=1.0)
    np.testing.assert_allclose(explorer.frame.leaky, np.maximum(0.1 * explorer.frame.x, explorer.frame.x))
    frame = explorer.update(slope=0.5, alpha=2.0)
    assert frame is explorer.frame and (frame.slope, frame.alpha) == (0.5, 2.0)
    np.testing.assert_array_equal(explorer.view.leaky.get_ydata(), frame.leaky)
    np.testing.assert_array_equal(explorer.view.delu.get_ydata(), frame.delu)
    assert "0.50" in explorer.view.title.get_text() and "2.00" in explorer.view.title.get_text()
    with pytest.raises(ValueError, match="unknown setting"):
        explorer.update(beta=1)
    bundle = explorer._repr_mimebundle_()
    assert "image/png" in bundle and "run the notebook" in bundle["text/plain"]
    plt.close("all")


def test_elu_limit_line_is_minus_alpha():
    x = np.linspace(-4, 3, 71)
    view = ParametricActivations(parametric_curves(x, alpha=1.0))
    assert list(view.elu_limit.get_ydata()) == [-1.0, -1.0]
    view.update(parametric_curves(x, alpha=2.0))
    assert list(view.elu_limit.get_ydata()) == [-2.0, -2.0]
    assert "−α" in view.elu_limit.get_label()
    np.testing.assert_allclose(parametric_curves(np.array([-40.0]), alpha=2.0).elu, [-2.0])
    plt.close("all")


def test_zero_centring_sigmoid_gradients_share_one_sign_and_train_slower():
    from lessonlib.lessons.l13_activation_functions.compute import zero_centring
    sig, tanh, centred = (zero_centring(a, inputs=4, examples=64, seed=1) for a in ("sigmoid", "tanh", "sigmoid - 0.5"))
    assert sig.one_sign == 1.0 and tanh.one_sign < 0.5          # positive inputs: every dL/dw has one sign
    assert sig.mean_input > 0.4 and abs(tanh.mean_input) < 0.1
    assert sig.condition > 5 * tanh.condition
    assert sig.best_steps > 1.5 * tanh.best_steps and sig.best_steps > 1.5 * centred.best_steps
    assert sig.path.shape == (sig.best_steps + 1, 4) and np.linalg.norm(sig.path[-1] - sig.target) < 0.05 * 2
    steps = np.diff(zero_centring("sigmoid", inputs=2, path_rate=0.25).path, axis=0)
    assert np.all(steps[:, 0] * steps[:, 1] >= 0)                # sigmoid inputs: both weights move the same way
    with pytest.raises(ValueError, match="activation must be one of"):
        zero_centring("relu")


def test_zero_centring_figure_is_labelled():
    from lessonlib.lessons.l13_activation_functions.compute import zero_centring
    from lessonlib.lessons.l13_activation_functions.view import plot_zero_centring
    runs = [zero_centring(a, inputs=2, examples=32) for a in ("sigmoid", "tanh")]
    fig = plot_zero_centring(runs, runs)
    assert all(ax.get_xlabel() and ax.get_ylabel() for ax in fig.axes)
    assert fig.axes[1].get_xscale() == "log"
    plt.close("all")
