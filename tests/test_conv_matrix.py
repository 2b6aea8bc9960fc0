"""conv_matrix: the matrix of a convolution agrees with lessonlib's reference kernel."""
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lessonlib import conv_forward_reference
from lessonlib.conv_matrix import conv1d_matrix, conv2d_matrix

settings_2d = st.tuples(st.integers(3, 9), st.integers(3, 9), st.integers(1, 3), st.integers(1, 3),
                        st.integers(1, 2), st.integers(0, 2), st.integers(1, 2))


def _fits(h, w, kh, kw, s, p, d):
    return all((n + 2 * p - d * (k - 1) - 1) >= 0 and (n + 2 * p - d * (k - 1) - 1) % s == 0
               for n, k in ((h, kh), (w, kw)))


@given(settings_2d)
def test_conv2d_matrix_times_image_is_the_reference(settings):
    h, w, kh, kw, s, p, d = settings
    if not _fits(h, w, kh, kw, s, p, d):
        with pytest.raises(ValueError, match="padding|stride|fit"):
            conv2d_matrix(np.ones((kh, kw)), (h, w), s, p, d)
        return
    rng = np.random.default_rng(h * 100 + w)
    x, k = rng.standard_normal((h, w)), rng.standard_normal((kh, kw))
    ref = conv_forward_reference(x[None, None], k[None, None], stride=s, padding=p, dilation=d)[0, 0]
    m = conv2d_matrix(k, (h, w), s, p, d)
    np.testing.assert_allclose((m @ x.ravel()).reshape(ref.shape), ref, atol=1e-12)


def test_conv1d_matrix_is_banded_toeplitz():
    m = conv1d_matrix([1.0, 2.0, 3.0], 6)
    assert m.shape == (4, 6)
    np.testing.assert_array_equal(m[0], [1, 2, 3, 0, 0, 0])
    np.testing.assert_array_equal(m[3], [0, 0, 0, 1, 2, 3])
    for offset, value in zip(range(3), (1, 2, 3)):
        assert set(np.diagonal(m, offset)) == {value}        # constant along each diagonal


def test_conv1d_matrix_with_stride_padding_dilation_matches_reference():
    x = np.arange(1.0, 10.0)
    k = np.array([1.0, -1.0, 2.0])
    m = conv1d_matrix(k, 9, stride=2, padding=1, dilation=2)
    ref = conv_forward_reference(x.reshape(1, 1, 1, 9), k.reshape(1, 1, 1, 3), stride=(1, 2),
                                 padding=(0, 1), dilation=(1, 2)).ravel()
    np.testing.assert_allclose(m @ x, ref)


def test_conv1d_matrix_invalid_stride_gives_the_lecture_message():
    with pytest.raises(ValueError, match="not an integer, so the stride does not fit; no padding makes stride 5 fit"):
        conv1d_matrix(np.ones(3), 10, stride=5)
