"""Lesson 13: activation functions and what depth does to their gradients."""
import numpy as np
import pytest

from lessonlib.analysis.saturation import gradient_through_depth


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
