"""conv2d / conv3d: the fast kernel against the readable reference and finite differences.

Settings are built output-first (output size, kernel, stride, dilation, padding -> input
size), so every drawn example is a valid layer and no example is thrown away.
"""
from unittest import mock

import numba
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessonlib.kernels import conv
from lessonlib.kernels.conv import ConvCache, conv2d_backward, conv2d_forward, conv3d_backward, conv3d_forward
from lessonlib.kernels.reference import conv_backward_reference, conv_forward_reference
from lessonlib.nn.gradcheck import numerical_gradient

FORWARD = {2: conv2d_forward, 3: conv3d_forward}
BACKWARD = {2: conv2d_backward, 3: conv3d_backward}


@st.composite
def axis_settings(draw):
    """(input size, kernel, stride, padding, dilation) of one axis with an integer output size."""
    out = draw(st.integers(1, 4))
    k, s, d = draw(st.integers(1, 4)), draw(st.integers(1, 3)), draw(st.integers(1, 3))
    span = (out - 1) * s + d * (k - 1) + 1          # padded input cells the windows cover
    p = draw(st.integers(0, min(2, (span - 1) // 2)))
    return span - 2 * p, k, s, p, d


@st.composite
def conv_case(draw, nd):
    axes = [draw(axis_settings()) for _ in range(nd)]
    n_in, k, s, p, d = (tuple(a[i] for a in axes) for i in range(5))
    groups = draw(st.sampled_from([1, 1, 2, 3]))
    c, f = groups * draw(st.integers(1, 2)), groups * draw(st.integers(1, 3))
    dtype = draw(st.sampled_from([np.float64, np.float32]))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    x = rng.standard_normal((draw(st.integers(1, 3)), c) + n_in).astype(dtype)
    w = rng.standard_normal((f, c // groups) + k).astype(dtype)
    b = rng.standard_normal(f).astype(dtype) if draw(st.booleans()) else None
    # every code path: one serial call or the batch in chunks on Numba's threads; B read
    # from an im2col copy or (stride 1) straight from the padded input
    path = (draw(st.booleans()), draw(st.booleans()))
    return x, w, b, dict(stride=s, padding=p, dilation=d, groups=groups), path, rng


def tolerance(dtype, ref):
    """float64: the two sums differ only in order; float32: about 1e-6 relative per term."""
    scale = max(1.0, float(np.abs(ref).max(initial=0.0)))
    return dict(rtol=1e-10, atol=1e-10 * scale) if dtype == np.float64 else dict(rtol=2e-5, atol=2e-5 * scale)


def run_fast(nd, x, w, b, kw, path, dout=None):
    """path = (parallel, shifted): _PARALLEL_WORK = 0 sends any batch of two or more to the
    chunked parallel driver; _MAX_WASTE = inf reads B from the padded input whenever the
    stride is 1, 0 never."""
    parallel, shifted = path
    with mock.patch.object(conv, "_PARALLEL_WORK", 0 if parallel else 1 << 62), \
            mock.patch.object(conv, "_MAX_WASTE", np.inf if shifted else 0):
        out, cache = FORWARD[nd](x, w, b, **kw)
        grads = BACKWARD[nd](dout, cache) if dout is not None else None
    return out, cache, grads


def check_against_reference(nd, case):
    x, w, b, kw, path, rng = case
    out, cache, _ = run_fast(nd, x, w, b, kw, path)
    # the reference runs in float64 on the same numbers: the float32 kernel is compared to the exact answer
    x64, w64, b64 = x.astype(np.float64), w.astype(np.float64), None if b is None else b.astype(np.float64)
    ref = conv_forward_reference(x64, w64, b64, **kw)
    assert out.dtype == x.dtype and out.shape == ref.shape
    np.testing.assert_allclose(out, ref, **tolerance(x.dtype, ref))

    dout = rng.standard_normal(out.shape).astype(x.dtype)
    _, _, (dx, dw, db) = run_fast(nd, x, w, b, kw, path, dout)
    rdx, rdw, rdb = conv_backward_reference(dout.astype(np.float64), x64, w64, b64, **kw)
    for got, want in ((dx, rdx), (dw, rdw)):
        assert got.dtype == x.dtype and got.shape == want.shape
        np.testing.assert_allclose(got, want, **tolerance(x.dtype, want))
    if b is None:
        assert db is None
    else:
        assert db.dtype == x.dtype
        np.testing.assert_allclose(db, rdb, **tolerance(x.dtype, rdb))


@settings(max_examples=250)
@given(conv_case(2))
def test_conv2d_forward_and_backward_equal_the_reference(case):
    check_against_reference(2, case)


@settings(max_examples=150)
@given(conv_case(3))
def test_conv3d_forward_and_backward_equal_the_reference(case):
    check_against_reference(3, case)


# --- finite differences (float64) -------------------------------------------------------

GRAD_CASES = [
    (2, (2, 4, 7, 7), (6, 2, 3, 2), dict(stride=(2, 1), padding=(1, 0), dilation=(1, 2), groups=2)),
    (2, (1, 3, 5, 5), (2, 3, 3, 3), dict(stride=1, padding=1)),
    (2, (3, 2, 7, 7), (3, 2, 3, 3), dict(stride=2, padding=0, dilation=1)),
    (3, (2, 2, 4, 5, 4), (4, 1, 2, 3, 2), dict(stride=(2, 1, 1), padding=(0, 1, 0), dilation=(1, 1, 2), groups=2)),
    (3, (1, 2, 4, 4, 4), (2, 2, 2, 2, 2), dict(padding=1, stride=2)),
]


@pytest.mark.parametrize("nd, x_shape, w_shape, kw", GRAD_CASES,
                         ids=[f"{nd}d-x{x}-w{w}" for nd, x, w, _ in GRAD_CASES])
@pytest.mark.parametrize("path", [(False, False), (True, False), (False, True), (True, True)],
                         ids=["serial-im2col", "chunked-im2col", "serial-shifted", "chunked-shifted"])
def test_backward_matches_central_differences(nd, x_shape, w_shape, kw, path):
    rng = np.random.default_rng(7)
    x, w, b = rng.standard_normal(x_shape), rng.standard_normal(w_shape), rng.standard_normal(w_shape[0])
    out, _, _ = run_fast(nd, x, w, b, kw, path)
    weights = rng.standard_normal(out.shape)                  # loss = sum(weights * out), so dout = weights

    def loss():
        return float(np.sum(FORWARD[nd](x, w, b, **kw)[0] * weights))

    _, _, (dx, dw, db) = run_fast(nd, x, w, b, kw, path, weights)
    for analytic, wrt in ((dx, x), (dw, w), (db, b)):
        np.testing.assert_allclose(analytic, numerical_gradient(loss, wrt), rtol=1e-6, atol=1e-7)


# --- the two code paths and the cache -----------------------------------------------------

@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_threads_and_chunks_do_not_change_the_result_beyond_rounding(dtype):
    rng = np.random.default_rng(3)
    x = rng.standard_normal((9, 4, 12, 12)).astype(dtype)
    w = rng.standard_normal((6, 2, 3, 3)).astype(dtype)
    dout = rng.standard_normal((9, 6, 12, 12)).astype(dtype)
    kw = dict(padding=1, groups=2)
    big, cache = conv2d_forward(x, w, None, **kw)
    assert conv._n_chunks(9, 9 * 6 * 18 * 144) > 1 or numba.get_num_threads() == 1   # really the chunked path
    grads = conv2d_backward(dout, cache)
    before = numba.get_num_threads()
    numba.set_num_threads(1)
    try:
        one, cache1 = conv2d_forward(x, w, None, **kw)
        grads1 = conv2d_backward(dout, cache1)
    finally:
        numba.set_num_threads(before)
    np.testing.assert_array_equal(big, one)            # forward: same sums in the same order
    np.testing.assert_array_equal(grads[0], grads1[0])  # dx too: each sample is folded by one thread
    rtol = 1e-5 if dtype == np.float32 else 1e-12      # dw: partial sums per chunk, added in another order
    np.testing.assert_allclose(grads[1], grads1[1], rtol=rtol, atol=rtol * np.abs(grads1[1]).max())


def test_cache_keeps_its_own_copy_of_the_input():
    rng = np.random.default_rng(0)
    x, w = rng.standard_normal((2, 1, 5, 5)), rng.standard_normal((1, 1, 3, 3))
    out, cache = conv2d_forward(x, w)
    expected = conv2d_backward(np.ones_like(out), cache)[1]
    x += 100.0                                            # the caller reuses its buffer after forward
    np.testing.assert_array_equal(conv2d_backward(np.ones_like(out), cache)[1], expected)


def test_cache_shows_the_im2col_matrix():
    rng = np.random.default_rng(1)
    x, w = rng.standard_normal((2, 3, 6, 6)), rng.standard_normal((4, 3, 3, 3))
    out, cache = conv2d_forward(x, w, stride=1, padding=1)
    assert isinstance(cache, ConvCache)
    assert cache.cols.shape == (2, 3 * 3 * 3, 6 * 6)
    # out[n] is one matrix product of the flattened filters with the unfolded input
    np.testing.assert_allclose(out.reshape(2, 4, -1), w.reshape(4, -1) @ cache.cols, atol=1e-12)


def test_float32_stays_float32_everywhere():
    rng = np.random.default_rng(2)
    x, w, b = (rng.standard_normal(s).astype(np.float32) for s in ((2, 2, 5, 5), (3, 2, 3, 3), (3,)))
    out, cache = conv2d_forward(x, w, b, padding=1)
    assert {a.dtype for a in (out, *conv2d_backward(np.ones_like(out), cache))} == {np.dtype(np.float32)}


def test_non_contiguous_input_is_accepted():
    rng = np.random.default_rng(4)
    x = rng.standard_normal((2, 6, 6, 3)).transpose(0, 3, 1, 2)   # (N, C, H, W) view of NHWC data
    w = rng.standard_normal((2, 3, 3, 3))
    np.testing.assert_allclose(conv2d_forward(x, w)[0], conv_forward_reference(x, w), atol=1e-12)


# --- the lecture's example ---------------------------------------------------------------

def test_lecture_padding_example_32x32x3_padded_by_2_with_three_5x5x3_filters():
    """Slide "Padding": a 32x32x3 volume with two borders of zeros is 36x36x3; three 5x5x3
    filters at stride 1 give a 32x32x3 output again."""
    rng = np.random.default_rng(0)
    x, w = rng.standard_normal((1, 3, 32, 32)), rng.standard_normal((3, 3, 5, 5))
    padded = np.pad(x, ((0, 0), (0, 0), (2, 2), (2, 2)))
    assert padded.shape[1:] == (3, 36, 36)
    out, _ = conv2d_forward(x, w, padding=2)
    assert out.shape == (1, 3, 32, 32)
    # and padding really is zeros: the same as convolving the padded volume without padding
    np.testing.assert_allclose(out, conv2d_forward(padded, w)[0], atol=1e-12)


@pytest.mark.parametrize("stride, size", [(1, 5), (2, 3)])
def test_lecture_7x7_input_3x3_kernel(stride, size):
    out, _ = conv2d_forward(np.ones((1, 1, 7, 7)), np.ones((1, 1, 3, 3)), stride=stride)
    assert out.shape == (1, 1, size, size)
    np.testing.assert_array_equal(out, 9.0)          # every window of ones sums nine ones


def test_lecture_7x7_input_3x3_kernel_stride_3_is_rejected():
    with pytest.raises(ValueError, match=r"stride 3 gives \(7 - 3 \+ 0\)/3 \+ 1 = 2\.333"):
        conv2d_forward(np.ones((1, 1, 7, 7)), np.ones((1, 1, 3, 3)), stride=3)
