"""Lesson 4 drawings and dropdowns, headless."""
import matplotlib.pyplot as plt
import numpy as np
import pytest

from lessonlib.nn.classification import Regions
from lessonlib.nn.train import History
from lessonlib.render.classification import DecisionRegionsView, draw_confusion, draw_history, draw_scores
from lessonlib.widgets.classification import decision_regions_explorer

FEATURES = ("f0", "f1", "f2")
CLASSES = ("a", "b", "c")


@pytest.fixture
def data():
    rng = np.random.default_rng(0)
    X = rng.uniform(0, 1, (30, 3)) + np.arange(3)          # feature k lives in [k, k + 1]
    y = np.arange(30) % 3
    is_test = np.arange(30) >= 24
    regions = {(i, j): Regions((i, j), np.full((4, 5), i + j) % 3, (i, i + 1, j, j + 1), 0.5 + 0.1 * (i + j))
               for i, j in [(0, 1), (0, 2), (1, 2)]}
    return regions, X, y, is_test


def test_static_figures_are_labelled():
    fig = draw_scores([2.0, 0.5, -1.0], [0.77, 0.17, 0.06], CLASSES, 0)
    assert [ax.get_ylabel() for ax in fig.axes] == ["score $h_c(x)$", "softmax probability"]
    assert "true class: a" in fig.axes[1].get_title()
    fig = draw_confusion(np.array([[3, 1, 0], [0, 4, 0], [0, 0, 2]]), CLASSES)
    ax = fig.axes[0]
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("predicted species", "true species")
    assert [t.get_text() for t in ax.texts] == ["3", "1", "0", "0", "4", "0", "0", "0", "2"]
    hist = History([1.0, 0.5], [0.5, 0.9], [1.1, 0.6], [0.4, 0.8], [10.0, 10.0])
    fig = draw_history(hist)
    assert all(len(ax.lines) == 2 and ax.get_xlabel() == "epoch" for ax in fig.axes)


@pytest.mark.parametrize("call, message", [
    (lambda: draw_scores([1.0, 2.0], [0.3, 0.7], CLASSES, 0), "one score and one probability per class"),
    (lambda: draw_confusion(np.ones((2, 3)), CLASSES), "square"),
])
def test_static_figures_explain_bad_input(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_update_swaps_the_region_image_points_and_labels(data):
    regions, X, y, is_test = data
    view = DecisionRegionsView(regions, X, y, is_test, FEATURES, CLASSES, 0, 1)
    image, dots = view.image.get_array().copy(), view.train_dots[0].get_offsets().copy()
    view.update(2, 1)                                     # stored as (1, 2): drawn transposed
    assert np.array_equal(view.image.get_array(), regions[(1, 2)].labels.T)
    assert view.image.get_extent() == [2, 3, 1, 2]
    assert not np.array_equal(view.train_dots[0].get_offsets(), dots)
    assert np.allclose(view.train_dots[0].get_offsets(), X[(y == 0) & ~is_test][:, [2, 1]])
    assert np.allclose(view.test_rings[1].get_offsets(), X[(y == 1) & is_test][:, [2, 1]])
    assert (view.ax.get_xlabel(), view.ax.get_ylabel()) == ("f2", "f1")
    assert "80.0 %" in view.title.get_text()
    assert not np.array_equal(image.shape, view.image.get_array().shape)
    plt.close("all")


def test_same_feature_twice_hides_the_plot_with_a_message(data):
    view = DecisionRegionsView(*data, FEATURES, CLASSES, 0, 1)
    view.update(y_feature=0)
    assert "two different features" in view.title.get_text() and not view.image.get_visible()
    view.update(y_feature=2)
    assert view.image.get_visible() and view.settings == {"x_feature": 0, "y_feature": 2}
    plt.close("all")


def test_invalid_feature_is_explained(data):
    view = DecisionRegionsView(*data, FEATURES, CLASSES, 0, 1)
    with pytest.raises(ValueError, match=r"x_feature must be a feature index 0\.\.2"):
        view.update(x_feature=3)
    plt.close("all")


def test_dropdowns_call_update(data):
    box, view = decision_regions_explorer(*data, FEATURES, CLASSES, 0, 1)
    x_dd, y_dd = box.children[0].children
    x_dd.value = 2
    assert view.settings == {"x_feature": 2, "y_feature": 1} and view.ax.get_xlabel() == "f2"
    plt.close("all")
