"""Lesson 6 (an MLP on MNIST): drawings, a hidden unit's frame and the hidden-unit explorer, headless."""
import matplotlib.pyplot as plt
import numpy as np
import pytest

from lessonlib.figures import Explorer
from lessonlib.lessons.l06_mlp_on_images.compute import UnitWeights
from lessonlib.lessons.l06_mlp_on_images.controls import unit_weights_explorer
from lessonlib.lessons.l06_mlp_on_images.view import UnitWeightsView, draw_digits, draw_fc_cost

RNG = np.random.default_rng(0)
W_IN, W_INIT, W_OUT = RNG.standard_normal((5, 16)), RNG.standard_normal((5, 16)), RNG.standard_normal((3, 5))


def test_frame_is_the_units_weights_as_an_image_and_its_votes():
    frame = UnitWeights(W_IN, W_INIT, W_OUT, image_shape=(4, 4))(4)
    assert frame.unit == 4 and frame.weights.shape == frame.change.shape == (4, 4)
    assert np.array_equal(frame.weights, W_IN[4].reshape(4, 4))
    assert np.allclose(frame.change, (W_IN[4] - W_INIT[4]).reshape(4, 4))
    assert np.array_equal(frame.votes, W_OUT[:, 4]) and frame.vote_limit == np.abs(W_OUT).max()


def test_update_at_the_extremes_changes_images_and_votes():
    units = UnitWeights(W_IN, W_INIT, W_OUT, image_shape=(4, 4))
    view = UnitWeightsView(units(0))
    first = [im.get_array().copy() for im in view.images]
    view.update(units(4))
    assert np.array_equal(view.images[0].get_array(), W_IN[4].reshape(4, 4))
    assert np.allclose(view.images[1].get_array(), (W_IN[4] - W_INIT[4]).reshape(4, 4))
    assert all(not np.array_equal(a, im.get_array()) for a, im in zip(first, view.images))
    lo, hi = view.images[0].get_clim()
    assert lo == -hi == -np.abs(W_IN[4]).max()
    assert [b.get_height() for b in view.bars] == list(W_OUT[:, 4])
    assert view.titles[0].get_text() == "unit 4: its 16 input weights"
    plt.close("all")


@pytest.mark.parametrize("call, message", [
    (lambda: UnitWeights(W_IN, W_INIT, W_OUT, image_shape=(28, 28)), r"w_in must be \(n_units, 784\)"),
    (lambda: UnitWeights(W_IN, W_INIT[:2], W_OUT, image_shape=(4, 4)), "w_init must have w_in's shape"),
    (lambda: UnitWeights(W_IN, W_INIT, W_OUT.T, image_shape=(4, 4)), r"w_out must be \(n_classes, 5\)"),
    (lambda: UnitWeights(W_IN, W_INIT, W_OUT, image_shape=(4, 4))(5), r"unit must be an integer 0\.\.4"),
])
def test_invalid_settings_are_explained(call, message):
    with pytest.raises(ValueError, match=message):
        call()
    plt.close("all")


def test_slider_changes_the_frame_and_the_figure():
    explorer = unit_weights_explorer(W_IN, W_INIT, W_OUT, 1, image_shape=(4, 4))
    assert isinstance(explorer, Explorer)
    (slider,) = explorer.controls.values()
    assert (slider.min, slider.max, slider.value) == (0, 4, 1)
    slider.value = 3
    assert explorer.settings == {"unit": 3} and explorer.frame.unit == 3
    assert np.array_equal(explorer.view.images[0].get_array(), W_IN[3].reshape(4, 4))
    frame = explorer.update(unit=0)
    assert frame.unit == 0 and [b.get_height() for b in explorer.view.bars] == list(W_OUT[:, 0])
    assert "image/png" in explorer._repr_mimebundle_()
    plt.close("all")


def test_static_figures_are_labelled():
    fig = draw_digits(np.zeros((3, 4, 4)), ["1 → 7", "2 → 3", "9 → 4"], ncols=2, title="mistakes")
    assert [ax.get_title() for ax in fig.axes[:3]] == ["1 → 7", "2 → 3", "9 → 4"]
    assert len(fig.axes) == 4 and not fig.axes[3].images
    fig = draw_fc_cost(["a", "b"], [785, 10001], [392500, 5000500], 500)
    ax = fig.axes[0]
    assert ax.get_xscale() == "log" and ax.get_xlabel() == "parameters (log scale)"
    assert "392,500" in [t.get_text() for t in ax.texts]
    with pytest.raises(ValueError, match="one label"):
        draw_fc_cost(["a"], [1, 2], [3, 4], 500)
