"""correlation: cross-correlation is the layer's operation, convolution the same with the kernel flipped."""
import numpy as np
import pytest

from lessonlib import conv_forward_reference, convolve2d, correlate2d, flip_kernel


def test_flip_rotates_by_180_degrees():
    letters = np.array(list("abcdefghi")).reshape(3, 3)
    np.testing.assert_array_equal(flip_kernel(letters), [list("ihg"), list("fed"), list("cba")])
    h = np.arange(15.0).reshape(3, 5)
    np.testing.assert_array_equal(flip_kernel(flip_kernel(h)), h)


def test_correlation_is_the_layer_with_same_padding_and_convolution_flips():
    rng = np.random.default_rng(0)
    f, h = rng.standard_normal((6, 9)), rng.standard_normal((3, 5))
    ref = conv_forward_reference(f[None, None], h[None, None], padding=(1, 2))[0, 0]
    np.testing.assert_allclose(correlate2d(f, h), ref, atol=1e-12)
    np.testing.assert_allclose(convolve2d(f, h), correlate2d(f, flip_kernel(h)), atol=1e-12)


def test_even_kernels_have_no_centre():
    with pytest.raises(ValueError, match="odd"):
        correlate2d(np.zeros((4, 4)), np.ones((2, 2)))
    with pytest.raises(ValueError, match="2-D"):
        convolve2d(np.zeros((4, 4)), np.ones(3))
