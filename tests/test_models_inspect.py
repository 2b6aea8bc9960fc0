"""lessonlib.models.inspect and .receptive_fields: feature maps, receptive fields confirmed by
backprop of one unit (lesson 20's analysis is tested in tests/lessons/test_l20_cnn_on_mnist.py)."""
import numpy as np
import pytest

from lessonlib.data import bundled_split
from lessonlib.arithmetic import receptive_field
from lessonlib.models import (Box, build_lenet, feature_maps, layer_names, load_pretrained, receptive_field_box,
                              receptive_fields, spatial_layers, to_input, unit_box, unit_input_gradient)
from lessonlib.nn.gradcheck import numerical_gradient, relative_error


@pytest.fixture(scope="module")
def model():
    return load_pretrained()


@pytest.fixture(scope="module")
def digits():
    test = bundled_split().test
    return to_input(test.images[:300]), test.labels[:300]


def test_layer_names_and_feature_map_shapes(model, digits):
    assert layer_names(model) == ["conv1 (16@5×5)", "relu1", "pool1", "conv2 (32@5×5)", "relu2", "pool2",
                                  "flatten", "dense"]
    outs = feature_maps(model, digits[0][0])
    assert [o.maps.shape for o in outs] == [(16, 28, 28), (16, 28, 28), (16, 14, 14), (32, 10, 10),
                                           (32, 10, 10), (32, 5, 5), (800,), (10,)]
    assert np.allclose(outs[-1].maps, model.forward(digits[0][:1])[0])
    assert spatial_layers(model) == [0, 1, 2, 3, 4, 5]
    batch = feature_maps(model, digits[0][:3])                       # a batch: one pass, maps (N, ...)
    assert [o.maps.shape[0] for o in batch] == [3] * 8 and np.array_equal(batch[5].maps[0], outs[5].maps)


def test_receptive_fields_by_hand(model):
    # conv 5 (pad 2) -> 5; pool 2: 5 + 1 = 6, jump 2; conv 5: 6 + 4·2 = 14; pool 2: 14 + 1·2 = 16, jump 4
    fields = receptive_fields(model)
    assert [(fields[i][0].size, fields[i][0].jump) for i in range(6)] == [(5, 1), (5, 1), (6, 2), (14, 2), (14, 2), (16, 4)]
    assert receptive_field_box(model, 0, 0, 0) == Box(-2, 2, -2, 2)          # reaches into the padding
    assert receptive_field_box(model, 5, 0, 0) == Box(-2, 13, -2, 13)
    assert receptive_field_box(model, 5, 4, 1) == Box(14, 29, 2, 17)
    assert Box(-2, 29, 2, 17).clipped(28, 28) == Box(0, 27, 2, 17)
    rf = receptive_field([(3, 1, 2, 2), (3, 1, 4, 4)])[-1]             # a square field: the same box on both axes
    assert unit_box(rf, rf, 14, 3) == Box(14 - 6, 14 + 6, 3 - 6, 3 + 6)


def _perturbation_support(m, x, layer, channel, row, col):
    """Input pixels whose change moves the unit: brute force over every pixel."""
    def unit(a):
        for lay in m.layers[:layer + 1]:
            a = lay.forward(a)
        return a[0, channel, row, col]
    base, moved = unit(x[None]), np.zeros(x.shape[1:], bool)
    for r in range(x.shape[1]):
        for c in range(x.shape[2]):
            y = x.copy()
            y[0, r, c] += 100.0        # large: any pooled cell it feeds becomes its window's max
            moved[r, c] = unit(y[None]) != base
    return moved


@pytest.mark.parametrize("layer, row, col", [(0, 0, 0), (2, 6, 3), (3, 4, 7), (5, 2, 2), (5, 4, 0)])
def test_the_box_is_exactly_the_set_of_pixels_that_can_move_the_unit(layer, row, col):
    # positive inputs and weights keep every ReLU open; noise breaks max-pool ties. Then every
    # pixel in the box can move the unit and none outside can: the box is the receptive field
    m = build_lenet((2, 2), seed=0, dtype=np.float64)
    for lay in m.layers:
        for p in lay.params.values():
            p[...] = np.abs(p) + 0.1
    x = np.random.default_rng(0).uniform(0.5, 1.0, (1, 28, 28))
    box = receptive_field_box(m, layer, row, col).clipped(28, 28)
    expected = np.zeros((28, 28), bool)
    expected[box.top:box.bottom + 1, box.left:box.right + 1] = True
    assert np.array_equal(_perturbation_support(m, x, layer, 0, row, col), expected)
    grad = unit_input_gradient(m, x, layer, 0, row, col)[0]
    assert not grad[~expected].any()                  # backprop never leaves the box
    if layer == 0:
        assert np.array_equal(grad != 0, expected)    # below any pooling it fills the box


def test_unit_gradient_matches_finite_differences(model, digits):
    m = build_lenet((2, 3), seed=3, dtype=np.float64)
    x = digits[0][1].astype(np.float64) + np.random.default_rng(1).uniform(0, 0.01, (1, 28, 28))
    outs = feature_maps(m, x)
    c, r, q = np.unravel_index(np.argmax(outs[5].maps), outs[5].maps.shape)
    grad = unit_input_gradient(m, x, 5, c, r, q)
    x2 = x.copy()

    def unit():
        return feature_maps(m, x2)[5].maps[c, r, q]

    assert np.count_nonzero(grad) > 10
    assert relative_error(grad, numerical_gradient(unit, x2)) < 1e-5


@pytest.mark.parametrize("call, match", [
    (lambda m, x: unit_input_gradient(m, x[0], 6, 0, 0, 0), "layer_index must be one of the spatial layers"),
    (lambda m, x: unit_input_gradient(m, x[0], 5, 32, 0, 0), r"channel must be in 0..31"),
    (lambda m, x: unit_input_gradient(m, x[0], 2, 0, 14, 0), r"row must be in 0..13"),
    (lambda m, x: unit_input_gradient(m, x[:2], 2, 0, 0, 0), r"x must be one input \(C, H, W\)"),
    (lambda m, x: feature_maps(m, x[0, 0]), r"x must be one input \(C, H, W\) or a batch"),
    (lambda m, x: receptive_field_box(m, 7, 0, 0), "layer_index must be one of the spatial layers"),
])
def test_bad_arguments_are_explained(model, digits, call, match):
    with pytest.raises(ValueError, match=match):
        call(model, digits[0])
