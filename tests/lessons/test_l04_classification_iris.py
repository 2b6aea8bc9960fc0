"""Lesson 4 (Iris): decision regions over feature pairs, drawings and the dropdown explorer, headless."""
import matplotlib.pyplot as plt
import numpy as np
import pytest

from lessonlib.data import load_iris
from lessonlib.figures import Explorer
from lessonlib.lessons.l04_classification_iris.compute import (DecisionRegions, Regions, decision_regions,
                                                               pair_regions, padded_extent, regions_for)
from lessonlib.lessons.l04_classification_iris.controls import decision_regions_explorer
from lessonlib.lessons.l04_classification_iris.view import DecisionRegionsView, draw_confusion, draw_scores
from lessonlib.nn import stratified_split, train_classifier

FEATURES = ("f0", "f1", "f2")
CLASSES = ("a", "b", "c")


@pytest.fixture(scope="module")
def iris_split():
    iris = load_iris()
    return stratified_split(iris.X, iris.y, 0.3, seed=0)


@pytest.fixture
def data():
    rng = np.random.default_rng(0)
    X = rng.uniform(0, 1, (30, 3)) + np.arange(3)          # feature k lives in [k, k + 1]
    y = np.arange(30) % 3
    is_test = np.arange(30) >= 24
    regions = {(i, j): Regions((i, j), np.full((4, 5), i + j) % 3, (i, i + 1, j, j + 1), 0.5 + 0.1 * (i + j))
               for i, j in [(0, 1), (0, 2), (1, 2)]}
    return regions, X, y, is_test


# --- computation ------------------------------------------------------------------------


def test_pair_regions_one_model_per_pair_and_swapping_transposes(iris_split):
    regions = pair_regions(iris_split, n=20, epochs=20)
    assert sorted(regions) == [(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3)]
    r = regions[(2, 3)]
    assert r.labels.shape == (20, 20) and set(np.unique(r.labels)) <= {0, 1, 2}
    swapped = regions_for(regions, 3, 2)
    assert np.array_equal(swapped.labels, r.labels.T)
    assert swapped.extent == r.extent[2:] + r.extent[:2]
    with pytest.raises(ValueError, match="two different features"):
        regions_for(regions, 1, 1)


def test_decision_regions_grid_orientation(iris_split):
    """Row index follows the y axis: a model that splits on feature x gives columns of one class."""
    s = iris_split
    clf = train_classifier(s.X_train[:, [2, 3]], s.y_train)
    extent = padded_extent(s.X_train[:, 2], s.X_train[:, 3])
    labels = decision_regions(clf, extent, n=30)
    x0, x1, y0, y1 = extent
    for row, col in [(0, 0), (29, 29), (5, 20)]:
        point = np.array([[x0 + col * (x1 - x0) / 29, y0 + row * (y1 - y0) / 29]])
        assert labels[row, col] == clf.predict(point)[0]


def test_frame_holds_the_pair_and_the_flowers_by_class_and_part(data):
    regions, X, y, is_test = data
    frame = DecisionRegions(regions, X, y, is_test, FEATURES)(2, 1)
    assert (frame.x_feature, frame.y_feature, frame.x_name, frame.y_name) == (2, 1, "f2", "f1")
    assert np.array_equal(frame.regions.labels, regions[(1, 2)].labels.T)
    assert np.allclose(frame.train_points[0], X[(y == 0) & ~is_test][:, [2, 1]])
    assert np.allclose(frame.test_points[1], X[(y == 1) & is_test][:, [2, 1]])
    assert DecisionRegions(regions, X, y, is_test, FEATURES)(1, 1).regions is None


@pytest.mark.parametrize("settings, message", [((3, 1), r"x_feature must be a feature index 0\.\.2"),
                                               ((0, -1), r"y_feature must be a feature index 0\.\.2")])
def test_invalid_feature_is_explained(data, settings, message):
    with pytest.raises(ValueError, match=message):
        DecisionRegions(*data, FEATURES)(*settings)


def test_inconsistent_data_is_explained(data):
    regions, X, y, is_test = data
    with pytest.raises(ValueError, match="do not describe the same flowers"):
        DecisionRegions(regions, X, y[:-1], is_test, FEATURES)


# --- drawings ---------------------------------------------------------------------------


def test_static_figures_are_labelled():
    fig = draw_scores([2.0, 0.5, -1.0], [0.77, 0.17, 0.06], CLASSES, 0)
    assert [ax.get_ylabel() for ax in fig.axes] == ["score $h_c(x)$", "softmax probability"]
    assert "true class: a" in fig.axes[1].get_title()
    fig = draw_confusion(np.array([[3, 1, 0], [0, 4, 0], [0, 0, 2]]), CLASSES)
    ax = fig.axes[0]
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("predicted species", "true species")
    assert [t.get_text() for t in ax.texts] == ["3", "1", "0", "0", "4", "0", "0", "0", "2"]


@pytest.mark.parametrize("call, message", [
    (lambda: draw_scores([1.0, 2.0], [0.3, 0.7], CLASSES, 0), "one score and one probability per class"),
    (lambda: draw_confusion(np.ones((2, 3)), CLASSES), "square"),
])
def test_static_figures_explain_bad_input(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_update_swaps_the_region_image_points_and_labels(data):
    regions, X, y, is_test = data
    compute = DecisionRegions(regions, X, y, is_test, FEATURES)
    view = DecisionRegionsView(compute(0, 1), CLASSES)
    image, dots = view.image.get_array().copy(), view.train_dots[0].get_offsets().copy()
    view.update(compute(2, 1))                            # stored as (1, 2): drawn transposed
    assert np.array_equal(view.image.get_array(), regions[(1, 2)].labels.T)
    assert view.image.get_extent() == [2, 3, 1, 2]
    assert not np.array_equal(view.train_dots[0].get_offsets(), dots)
    assert np.allclose(view.train_dots[0].get_offsets(), X[(y == 0) & ~is_test][:, [2, 1]])
    assert np.allclose(view.test_rings[1].get_offsets(), X[(y == 1) & is_test][:, [2, 1]])
    assert (view.ax.get_xlabel(), view.ax.get_ylabel()) == ("f2", "f1")
    assert "80.0 %" in view.title.get_text()
    assert not np.array_equal(image.shape, view.image.get_array().shape)
    plt.close("all")


def test_view_needs_one_name_per_class(data):
    with pytest.raises(ValueError, match="3 classes but 2 class names"):
        DecisionRegionsView(DecisionRegions(*data, FEATURES)(0, 1), CLASSES[:2])
    plt.close("all")


# --- the explorer -----------------------------------------------------------------------


def test_same_feature_twice_hides_the_plot_with_a_message(data):
    explorer = decision_regions_explorer(*data, FEATURES, CLASSES, 0, 1)
    view = explorer.view
    explorer.update(y_feature=0)
    assert "two different features" in view.title.get_text() and not view.image.get_visible()
    explorer.update(y_feature=2)
    assert view.image.get_visible() and explorer.settings == {"x_feature": 0, "y_feature": 2}
    plt.close("all")


def test_dropdowns_change_the_frame_and_the_figure(data):
    explorer = decision_regions_explorer(*data, FEATURES, CLASSES, 0, 1)
    assert isinstance(explorer, Explorer)
    x_dd, y_dd = explorer.controls.values()
    x_dd.value = 2
    assert explorer.settings == {"x_feature": 2, "y_feature": 1} and explorer.view.ax.get_xlabel() == "f2"
    frame = explorer.update(x_feature=0, y_feature=2)
    assert (frame.x_feature, frame.y_feature) == (0, 2) and explorer.frame is frame
    assert np.array_equal(explorer.view.image.get_array(), data[0][(0, 2)].labels)
    assert explorer.view.ax.get_ylabel() == "f2"
    plt.close("all")


def test_explorer_shows_a_picture_before_it_runs(data):
    bundle = decision_regions_explorer(*data, FEATURES, CLASSES, 2, 1)._repr_mimebundle_()
    assert "image/png" in bundle and "Run" in bundle["text/plain"]
    plt.close("all")
