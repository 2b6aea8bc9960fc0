"""lessonlib.models.to_input: one rule for every model (integers / 255, floats already in 0..1)."""
import numpy as np
import pytest

from lessonlib.models import to_input


def test_integer_digits_are_scaled_and_floats_are_kept():
    digits = np.array([[[0, 255], [51, 102]]], dtype=np.uint8)
    x = to_input(digits)
    assert x.shape == (1, 1, 2, 2) and x.dtype == np.float32
    np.testing.assert_allclose(x[0, 0], [[0, 1], [0.2, 0.4]], rtol=1e-6)
    np.testing.assert_array_equal(to_input(x[:, 0], dtype=np.float64), x.astype(np.float64))  # already 0..1


def test_images_must_be_a_batch():
    with pytest.raises(ValueError, match="images must have shape"):
        to_input(np.zeros((28, 28)))
