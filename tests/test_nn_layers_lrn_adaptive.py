"""LRN, adaptive and global pooling layers inside a Sequential model."""
import numpy as np
import pytest

from lessonlib.nn.gradcheck import numerical_gradient, relative_error
from lessonlib.nn import Conv2D, Dense, Flatten, Sequential, softmax_cross_entropy
from lessonlib.nn.layers import LRN, AdaptiveAvgPool2D, AdaptiveMaxPool2D, GlobalAvgPool2D


@pytest.mark.parametrize("layer, in_shape, out_shape", [
    (LRN(), (6, 5, 7), (6, 5, 7)),
    (AdaptiveMaxPool2D(3), (64, 11, 17), (64, 3, 3)),
    (AdaptiveAvgPool2D((2, 4)), (3, 9, 9), (3, 2, 4)),
    (GlobalAvgPool2D(), (10, 6, 5), (10,)),
])
def test_output_shape_is_the_forward_shape(layer, in_shape, out_shape):
    x = np.random.default_rng(0).standard_normal((2,) + in_shape)
    assert layer.output_shape(in_shape) == out_shape
    out = layer.forward(x)
    assert out.shape == (2,) + out_shape
    assert layer.backward(np.ones_like(out)).shape == x.shape
    assert layer.params == {} and layer.grads == {}


def _model(head):
    rng = np.random.default_rng(1)
    return Sequential(Conv2D(1, 4, 3, rng, padding=1, dtype=np.float64), LRN(size=3, alpha=0.1), *head)


@pytest.mark.parametrize("head", [
    lambda rng: [AdaptiveMaxPool2D(2), Flatten(), Dense(16, 3, rng)],
    lambda rng: [AdaptiveAvgPool2D((2, 1)), Flatten(), Dense(8, 3, rng)],
    lambda rng: [Conv2D(4, 3, 1, rng, dtype=np.float64), GlobalAvgPool2D()],
])
def test_gradient_of_a_whole_model_matches_finite_differences(head):
    rng = np.random.default_rng(2)
    model = _model(head(rng))
    x, y = rng.standard_normal((2, 1, 7, 6)), np.array([0, 2])
    _, dscores = softmax_cross_entropy(model.forward(x), y)
    dx = model.backward(dscores)
    numeric = numerical_gradient(lambda: softmax_cross_entropy(model.forward(x), y)[0], x)
    # elementwise: central differences carry ~1e-10 of rounding, and some entries of dx are ~4e-5
    assert relative_error(dx, numeric) < 1e-5


def test_variable_input_sizes_reach_the_same_dense_layer():
    rng = np.random.default_rng(3)
    model = Sequential(Conv2D(1, 2, 3, rng, dtype=np.float64), AdaptiveMaxPool2D(3), Flatten(), Dense(18, 5, rng))
    for h, w in [(8, 8), (13, 21), (30, 9)]:
        assert model.forward(np.ones((1, 1, h, w))).shape == (1, 5)
        assert model.summary((1, h, w))[-1].output_shape == (5,)


def test_repr_and_bad_settings():
    assert repr(LRN()) == "LRN(size=5, alpha=0.0001, beta=0.75, k=2.0)"
    assert repr(AdaptiveMaxPool2D(3)) == "AdaptiveMaxPool2D(output_size=(3, 3))"
    with pytest.raises(ValueError, match="alpha must be a finite number >= 0"):
        LRN(alpha=-1)
    with pytest.raises(ValueError, match="output_size must be >= 1"):
        AdaptiveAvgPool2D((0, 2))
