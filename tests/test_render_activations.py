"""Lesson 13 drawings and sliders, headless."""
import matplotlib.pyplot as plt
import numpy as np
import pytest

from lessonlib.analysis.saturation import gradient_through_depth
from lessonlib.kernels.activations import ACTIVATIONS
from lessonlib.render.activations import ParametricActivations, plot_activations, plot_gradient_vs_depth
from lessonlib.widgets.activations import activation_sliders


def test_static_figures_have_labelled_axes():
    x = np.linspace(-3, 3, 50)
    fig = plot_activations(x, {n: (f(x), g(x)) for n, (f, g, p, _) in ACTIVATIONS.items() if p is None})
    assert all(ax.get_xlabel() and ax.get_ylabel() for ax in fig.axes)
    assert len(fig.axes[0].lines) == 4 + 2          # four curves + the two zero lines
    fig2 = plot_gradient_vs_depth([gradient_through_depth(n, depth=4) for n in ("sigmoid", "relu")])
    assert fig2.axes[0].get_yscale() == "log" and len(fig2.axes[0].lines) == 2
    plt.close("all")


def test_update_at_slider_extremes_moves_the_curves():
    view = ParametricActivations(np.linspace(-4, 3, 71))
    before = [line.get_ydata().copy() for line in (view.leaky, view.dleaky, view.elu, view.delu)]
    view.update(slope=1.0, alpha=5.0)
    after = [line.get_ydata() for line in (view.leaky, view.dleaky, view.elu, view.delu)]
    assert all(not np.array_equal(a, b) for a, b in zip(before, after))
    np.testing.assert_allclose(view.leaky.get_ydata(), view.x)          # ε = 1: the identity
    view.update(slope=0.0, alpha=0.0)
    np.testing.assert_allclose(view.leaky.get_ydata(), np.maximum(view.x, 0))   # ε = 0: ReLU
    assert np.all(view.elu.get_ydata()[view.x <= 0] == 0)
    assert "0.00" in view.title.get_text()
    plt.close("all")


@pytest.mark.parametrize("settings, message", [(dict(slope=1.5), "slope must be a number in"),
                                               (dict(alpha=-1), "alpha must be a number in")])
def test_invalid_settings_are_explained(settings, message):
    view = ParametricActivations(np.linspace(-1, 1, 5))
    with pytest.raises(ValueError, match=message):
        view.update(**settings)
    plt.close("all")


def test_slider_calls_update():
    box, view = activation_sliders()
    slope, alpha = box.children[0].children
    line = view.elu.get_ydata().copy()
    alpha.value = alpha.max
    assert view.settings["alpha"] == 5.0 and not np.array_equal(line, view.elu.get_ydata())
    slope.value = slope.min
    assert view.settings["slope"] == 0.0
    plt.close("all")
