"""Lesson 20: the analysis of the trained LeNet (mistakes, invariance, shift response, the box check
over every unit of a layer); its drawings and explorers, headless."""
import numpy as np
import pytest

from lessonlib.data import bundled_split
from lessonlib.lessons.l20_cnn_on_mnist.compute import (confident_mistakes, gradients_outside_the_box, predict_scores,
                                                        rotation_accuracy, shift_accuracy, shift_response)
from lessonlib.models import build_lenet, load_pretrained, to_input
from lessonlib.nn import accuracy


@pytest.fixture(scope="module")
def model():
    return load_pretrained()


@pytest.fixture(scope="module")
def digits():
    test = bundled_split().test
    return to_input(test.images[:300]), test.labels[:300]


def test_confident_mistakes_on_hand_made_scores():
    scores = np.log(np.array([[0.9, 0.1], [0.2, 0.8], [0.4, 0.6], [0.7, 0.3]]))
    m = confident_mistakes(scores, np.array([0, 0, 0, 1]), k=5)
    assert m.index.tolist() == [1, 3, 2]
    assert np.allclose(m.confidence, [0.8, 0.7, 0.6]) and np.allclose(m.p_label, [0.2, 0.3, 0.4])
    assert m.predicted.tolist() == [1, 0, 1] and m.label.tolist() == [0, 1, 0]


def test_invariance_curves_start_at_the_plain_accuracy_and_fall(model, digits):
    x, y = digits
    plain = accuracy(predict_scores(model, x), y)
    shifts = shift_accuracy(model, x, y, [0, 4])
    rotations = rotation_accuracy(model, x, y, [0, 30])
    assert shifts[0] == rotations[0] == plain
    assert shifts[1] < plain and rotations[1] < plain


@pytest.mark.parametrize("layer, dx", [(0, 1), (0, 3), (2, 2), (3, 4), (5, 4)])
def test_layers_are_equivariant_to_shifts_by_whole_units(model, digits, layer, dx):
    r = shift_response(model, digits[0][0], layer, dx)
    assert r.equivariance < 1e-6 and r.change > 0.1      # the maps move with the digit, they do not stay put


def test_shifts_that_are_not_whole_units_have_no_equivariance_number(model, digits):
    r = shift_response(model, digits[0][0], 5, 2)
    assert r.jump == 4 and np.isnan(r.equivariance) and r.change > 0
    with pytest.raises(ValueError, match="layer_index must be one of the spatial layers"):
        shift_response(model, digits[0][0], 6, 1)


def test_every_unit_of_a_layer_keeps_its_gradient_inside_its_box(model, digits):
    check = gradients_outside_the_box(model, digits[0][0], 2)          # pool1: 16 maps of 14×14
    assert check.units == 16 * 14 * 14 and 0 < check.active <= check.units and check.outside == 0
    small = build_lenet((2, 2), seed=0, dtype=np.float64)
    assert gradients_outside_the_box(small, digits[0][0].astype(np.float64), 5).units == 2 * 5 * 5
