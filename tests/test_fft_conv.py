"""FFT and separable convolution against the direct kernel and the readable reference."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessonlib.kernels.conv import conv2d_forward
from lessonlib.kernels.fft_conv import (
    convolution_theorem,
    fast_fft_length,
    fft_conv2d,
    gaussian_1d,
    is_separable,
    separable_conv2d,
    separable_factors,
)
from lessonlib.kernels.reference import conv_forward_reference


@st.composite
def conv_case(draw):
    groups = draw(st.sampled_from([1, 1, 2, 3]))
    c, f = groups * draw(st.integers(1, 3)), groups * draw(st.integers(1, 3))
    ph, pw = draw(st.integers(0, 3)), draw(st.integers(0, 3))
    h, w = draw(st.integers(1, 14)), draw(st.integers(1, 14))
    kh, kw = draw(st.integers(1, h + 2 * ph)), draw(st.integers(1, w + 2 * pw))
    rng = np.random.default_rng(draw(st.integers(0, 2**16)))
    x = rng.standard_normal((draw(st.integers(1, 3)), c, h, w))
    weights = rng.standard_normal((f, c // groups, kh, kw))
    b = rng.standard_normal(f) if draw(st.booleans()) else None
    return x, weights, b, (ph, pw), groups


@settings(max_examples=80)
@given(conv_case())
def test_fft_equals_direct_and_reference(case):
    x, w, b, padding, groups = case
    fast = fft_conv2d(x, w, b, padding=padding, groups=groups)
    direct, _ = conv2d_forward(x, w, b, padding=padding, groups=groups)
    assert fast.shape == direct.shape and fast.dtype == np.float64
    np.testing.assert_allclose(fast, direct, rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(fast, conv_forward_reference(x, w, b, padding=padding, groups=groups),
                               rtol=1e-10, atol=1e-10)


def test_fft_keeps_float32_and_stays_close():
    rng = np.random.default_rng(1)
    x, w = rng.standard_normal((2, 3, 40, 33)).astype(np.float32), rng.standard_normal((4, 3, 9, 7)).astype(np.float32)
    out = fft_conv2d(x, w, padding=(4, 3))
    ref, _ = conv2d_forward(x.astype(np.float64), w.astype(np.float64), padding=(4, 3))
    assert out.dtype == np.float32 and out.shape == (2, 4, 40, 33)
    np.testing.assert_allclose(out, ref, rtol=1e-5, atol=1e-4)


def test_fft_is_a_cross_correlation_not_a_flipped_convolution():
    x = np.zeros((1, 1, 5, 5))
    x[0, 0, 2, 2] = 1.0                                  # an impulse
    w = np.arange(9.0).reshape(1, 1, 3, 3)
    out = fft_conv2d(x, w, padding=1)[0, 0]
    # cross-correlation of an impulse paints the kernel upside down and mirrored
    np.testing.assert_allclose(out[1:4, 1:4], w[0, 0, ::-1, ::-1], atol=1e-12)


def test_fft_refuses_what_the_direct_kernel_refuses():
    x, w = np.zeros((1, 3, 5, 5)), np.zeros((2, 3, 7, 7))
    with pytest.raises(ValueError, match="does not fit"):
        fft_conv2d(x, w)
    with pytest.raises(ValueError, match="channel mismatch"):
        fft_conv2d(x, np.zeros((2, 2, 3, 3)))
    with pytest.raises(TypeError, match="mixed dtypes"):
        fft_conv2d(x, w.astype(np.float32), padding=1)


@pytest.mark.parametrize("n, expected", [(1, 1), (7, 8), (11, 12), (13, 15), (17, 18), (97, 100), (227, 240)])
def test_fast_fft_length(n, expected):
    assert fast_fft_length(n) == expected


# --- separable kernels -----------------------------------------------------------------


def test_the_slides_kernel_splits_into_its_two_vectors():
    col, row = separable_factors(np.array([[1, 2, 1], [2, 4, 2], [1, 2, 1]]) / 16)
    np.testing.assert_allclose(col, [0.25, 0.5, 0.25], atol=1e-15)
    np.testing.assert_allclose(row, [0.25, 0.5, 0.25], atol=1e-15)


@pytest.mark.parametrize("kernel", [
    [[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]],                 # Sobel x = [1 2 1]ᵀ ⊗ [-1 0 1]
    [[1, 1, 1, 1, 1]],                                     # a row is always rank 1
    [[2], [-3]],
    np.outer(np.exp(-np.linspace(-2, 2, 7) ** 2), np.exp(-np.linspace(-1, 1, 5) ** 2)),  # Gaussian
])
def test_rank_one_kernels_are_separable(kernel):
    kernel = np.asarray(kernel, dtype=float)
    col, row = separable_factors(kernel)
    np.testing.assert_allclose(np.outer(col, row), kernel, atol=1e-12)
    assert col[np.argmax(np.abs(col))] > 0


@pytest.mark.parametrize("kernel", [
    [[0, 1, 0], [1, -4, 1], [0, 1, 0]],                    # Laplacian
    np.eye(3),
    [[1, 2], [3, 4]],
])
def test_rank_two_kernels_are_refused_with_their_singular_values(kernel):
    s = np.linalg.svd(np.asarray(kernel, float), compute_uv=False)
    with pytest.raises(ValueError, match="not separable: singular values " + f"{s[0]:.4g}"):
        separable_factors(kernel)


def test_tolerance_decides_nearly_separable_kernels():
    nearly = np.outer([1.0, 2.0, 1.0], [1.0, 0.0, -1.0]) + 1e-9 * np.eye(3)
    col, row = separable_factors(nearly)                  # rank 1 within the default rtol
    np.testing.assert_allclose(np.outer(col, row), nearly, atol=1e-8)
    with pytest.raises(ValueError, match="not separable"):
        separable_factors(nearly, rtol=1e-12)


def test_zero_kernel_and_bad_kernels():
    col, row = separable_factors(np.zeros((3, 4)))
    assert col.shape == (3,) and row.shape == (4,) and not col.any() and not row.any()
    with pytest.raises(ValueError, match=r"non-empty 2-D array \(KH, KW\)"):
        separable_factors(np.ones(3))
    with pytest.raises(ValueError, match="NaN or inf"):
        separable_factors([[1.0, np.nan]])
    with pytest.raises(ValueError, match="rtol"):
        separable_factors(np.ones((2, 2)), rtol=2)


@st.composite
def separable_case(draw):
    h, w = draw(st.integers(1, 16)), draw(st.integers(1, 16))
    ph, pw = draw(st.integers(0, 3)), draw(st.integers(0, 3))
    kh, kw = draw(st.integers(1, h + 2 * ph)), draw(st.integers(1, w + 2 * pw))
    rng = np.random.default_rng(draw(st.integers(0, 2**16)))
    x = rng.standard_normal((draw(st.integers(1, 3)), draw(st.integers(1, 3)), h, w))
    return x, rng.standard_normal(kh), rng.standard_normal(kw), (ph, pw)


@settings(max_examples=80)
@given(separable_case())
def test_two_passes_equal_one_2d_convolution(case):
    x, col, row, padding = case
    n, c, h, w = x.shape
    out = separable_conv2d(x, col, row, padding=padding)
    direct, _ = conv2d_forward(x.reshape(n * c, 1, h, w), np.outer(col, row)[None, None], padding=padding)
    np.testing.assert_allclose(out, direct.reshape(out.shape), rtol=1e-10, atol=1e-10)


def test_separable_on_one_image_and_in_float32():
    rng = np.random.default_rng(2)
    image = rng.random((30, 20)).astype(np.float32)
    col, row = np.array([1, 2, 1], np.float32) / 4, np.array([1, 0, -1], np.float32)
    out = separable_conv2d(image, col, row, padding=1)
    direct, _ = conv2d_forward(image[None, None], np.outer(col, row)[None, None], padding=1)
    assert out.shape == (30, 20) and out.dtype == np.float32
    np.testing.assert_allclose(out, direct[0, 0], rtol=1e-5, atol=1e-6)


def test_separable_refuses_bad_input():
    x = np.zeros((1, 1, 4, 4))
    with pytest.raises(ValueError, match="does not fit"):
        separable_conv2d(x, np.ones(5), np.ones(1))
    with pytest.raises(ValueError, match=r"\(N, C, H, W\) or \(H, W\)"):
        separable_conv2d(np.zeros((4, 4, 4)), np.ones(3), np.ones(3))
    with pytest.raises(TypeError, match="mixed dtypes"):
        separable_conv2d(x, np.ones(3, np.float32), np.ones(3))
    with pytest.raises(ValueError, match="col must have 1 dimensions"):
        separable_conv2d(x, np.ones((3, 1)), np.ones(3))
    with pytest.raises(ValueError, match="at least one tap"):
        separable_conv2d(x, np.ones(0), np.ones(3))


def test_is_separable_and_gaussian():
    g = gaussian_1d(1.5)
    assert g.shape == (11,) and np.isclose(g.sum(), 1) and np.argmax(g) == 5
    np.testing.assert_allclose(g, g[::-1])
    assert is_separable(np.outer(g, g)) and not is_separable([[0, 1, 0], [1, -4, 1], [0, 1, 0]])
    assert gaussian_1d(1.0, radius=1).shape == (3,)
    with pytest.raises(ValueError, match="sigma must be a positive number"):
        gaussian_1d(0)
    with pytest.raises(ValueError, match="radius must be a non-negative integer"):
        gaussian_1d(1.0, radius=-1)
    with pytest.raises(ValueError, match="non-empty 2-D"):
        is_separable(np.ones(3))


def test_round_off_singular_values_print_as_zero():
    with pytest.raises(ValueError, match=r"singular values 4.449, 0.4495, 0;"):
        separable_factors([[0, 1, 0], [1, -4, 1], [0, 1, 0]])


@pytest.mark.parametrize("kshape", [(3, 3), (5, 3), (1, 7), (4, 4)])
def test_convolution_theorem_agrees_with_padded_fft_away_from_borders(kshape):
    rng = np.random.default_rng(sum(kshape))
    image, kernel = rng.standard_normal((20, 17)), rng.standard_normal(kshape)
    spectra = convolution_theorem(image, kernel)
    np.testing.assert_allclose(spectra.product_hat, spectra.image_hat * spectra.kernel_hat)
    cu, cv = kshape[0] // 2, kshape[1] // 2
    padded = fft_conv2d(image[None, None], kernel[None, None], padding=(cu, cv))[0, 0]
    # 'same' output from symmetric padding; for even kernels it is one row/column longer
    inner = (slice(cu, 20 - kshape[0]), slice(cv, 17 - kshape[1]))
    np.testing.assert_allclose(spectra.output[inner], padded[inner], atol=1e-10)
    with pytest.raises(ValueError, match="larger than the image"):
        convolution_theorem(image[:2], kernel if kshape[0] > 2 else np.ones((3, 3)))
