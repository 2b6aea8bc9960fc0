"""lessonlib.nn.classification: MLP builder, stratified split, the standardiser train_classifier
uses, confusion matrix, image flattening."""
import numpy as np
import pytest

from lessonlib.arithmetic import mlp_params
from lessonlib.data import load_iris
from lessonlib.nn import Activation, Dense
from lessonlib.nn.classification import (confusion_matrix, flatten_images, misclassified, mlp, stratified_split,
                                         train_classifier)
from lessonlib.nn.preprocess import Standardiser


@pytest.fixture(scope="module")
def iris():
    return load_iris()


@pytest.fixture(scope="module")
def iris_split(iris):
    return stratified_split(iris.X, iris.y, 0.3, seed=0)


def test_mlp_layers_and_parameter_count_follow_sizes():
    model = mlp((784, 500, 10), seed=0, dtype=np.float32)
    assert [type(l) for l in model.layers] == [Dense, Activation, Dense]
    assert model.n_params() == mlp_params((784, 500, 10)) == 500 * 784 + 500 + 10 * 500 + 10
    assert model.layers[0].params["W"].dtype == np.float32


def test_mlp_is_seeded():
    a, b, c = mlp((4, 8, 3), seed=1), mlp((4, 8, 3), seed=1), mlp((4, 8, 3), seed=2)
    assert np.array_equal(a.layers[0].params["W"], b.layers[0].params["W"])
    assert not np.array_equal(a.layers[0].params["W"], c.layers[0].params["W"])


@pytest.mark.parametrize("sizes, message", [((4,), "at least an input"), ((4, 0, 3), r"sizes\[1\]")])
def test_mlp_rejects_bad_sizes(sizes, message):
    with pytest.raises(ValueError, match=message):
        mlp(sizes)


def test_stratified_split_keeps_class_proportions_and_covers_every_row(iris, iris_split):
    s = iris_split
    assert np.bincount(s.y_test).tolist() == [15, 15, 15]
    assert np.bincount(s.y_train).tolist() == [35, 35, 35]
    assert sorted(np.concatenate([s.train_index, s.test_index]).tolist()) == list(range(150))
    assert np.array_equal(s.X_test, iris.X[s.test_index])


def test_stratified_split_is_seeded(iris):
    a = stratified_split(iris.X, iris.y, 0.3, seed=0).test_index
    assert np.array_equal(a, stratified_split(iris.X, iris.y, 0.3, seed=0).test_index)
    assert not np.array_equal(a, stratified_split(iris.X, iris.y, 0.3, seed=1).test_index)


@pytest.mark.parametrize("fraction, message", [(0.0, "between 0 and 1"), (0.001, "at least one")])
def test_stratified_split_rejects_fractions_that_empty_a_part(iris, fraction, message):
    with pytest.raises(ValueError, match=message):
        stratified_split(iris.X, iris.y, fraction)


def test_standardiser_uses_training_statistics_and_never_divides_by_zero():
    X = np.array([[1.0, 5.0], [3.0, 5.0], [5.0, 5.0]])
    s = Standardiser.fit(X)
    Z = s.apply(X)
    assert np.allclose(Z[:, 0].mean(), 0) and np.allclose(Z[:, 0].std(), 1)
    assert np.array_equal(Z[:, 1], [0, 0, 0])            # constant column: std replaced by 1
    assert np.allclose(s.apply(np.array([[7.0, 6.0]])), [[(7 - 3) / np.sqrt(8 / 3), 1.0]])
    one = Standardiser.fit(X, per_feature_scale=False)
    assert one.std[0] == one.std[1]


def test_standardiser_checks_the_width():
    with pytest.raises(ValueError, match=r"shape \(n, 2\)"):
        Standardiser.fit(np.ones((3, 2))).apply(np.ones((3, 3)))


def test_confusion_matrix_counts_true_rows_and_predicted_columns():
    cm = confusion_matrix(np.array([0, 0, 1, 2, 2]), np.array([0, 1, 1, 2, 0]), 3)
    assert cm.tolist() == [[1, 1, 0], [0, 1, 0], [1, 0, 1]]
    assert confusion_matrix(np.array([0, 1]), np.array([1, 1])).shape == (2, 2)


@pytest.mark.parametrize("y_pred, message", [(np.array([0, 3]), "n_classes is 3"),
                                             (np.array([0.0, 1.0]), "class indices"),
                                             (np.array([0]), "equally long")])
def test_confusion_matrix_rejects_bad_labels(y_pred, message):
    with pytest.raises(ValueError, match=message):
        confusion_matrix(np.array([0, 1]), y_pred, 3)


def test_misclassified_lists_wrong_argmax():
    scores = np.array([[2.0, 1.0], [0.0, 1.0], [3.0, 0.0]])
    assert misclassified(scores, np.array([0, 0, 1])).tolist() == [1, 2]


def test_iris_classifier_reaches_the_lessons_quality_bar(iris_split):
    s = iris_split
    clf = train_classifier(s.X_train, s.y_train)
    assert clf.model.layers[-1].n_out == 3                  # outputs computed from the labels
    assert clf.accuracy(s.X_test, s.y_test) >= 0.93
    cm = confusion_matrix(s.y_test, clf.predict(s.X_test), 3)
    assert cm.sum() == 45 and np.trace(cm) == round(clf.accuracy(s.X_test, s.y_test) * 45)


def test_flatten_images_scales_to_unit_interval():
    images = np.array([[[0, 255], [51, 102]]], dtype=np.uint8)
    v = flatten_images(images)
    assert v.dtype == np.float32 and v.shape == (1, 4)
    assert np.allclose(v, [[0, 1, 0.2, 0.4]])
    with pytest.raises(ValueError, match=r"\(N, H, W\)"):
        flatten_images(np.zeros((2, 4)))
