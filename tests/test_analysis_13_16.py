"""Measurements behind lessons 13-16: gradient through depth, exercise checks."""
import numpy as np
import pytest

from lessonlib.answers import check
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


@pytest.mark.parametrize("answer, expected, printed, result", [
    (None, 0.5, "not answered yet — the answer is computed as 1/2", None),
    (0.5001, 0.5, "right", True),
    (0.6, 0.5, "wrong", False),
    ((2, 4), (2, 4), "right", True),
    ((4, 2), (2, 4), "wrong", False),
    ("Max", "max", "right", True),
    ("oops", 3, "wrong", False),
    (True, True, "right", True),
    (1, True, "wrong", False),
])
def test_check_prints_and_never_raises(capsys, answer, expected, printed, result):
    assert check(answer, expected, "1/2") is result
    assert capsys.readouterr().out.startswith(printed)
