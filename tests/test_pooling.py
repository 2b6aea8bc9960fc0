"""Max and average pooling: fast kernel against the reference (values and switches), backward
passes against central finite differences, and the output-size rule with ceil_mode."""
from unittest import mock

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessonlib.kernels import pooling
from lessonlib.kernels.pooling import (
    PoolCache,
    avgpool2d_backward,
    avgpool2d_forward,
    maxpool2d_backward,
    maxpool2d_forward,
)
from lessonlib.kernels.reference import pool_forward_reference
from lessonlib.nn.gradcheck import numerical_gradient


@st.composite
def axis_settings(draw):
    """(input size, kernel, stride, padding) of one axis: padding <= kernel/2 and the window fits."""
    k = draw(st.integers(1, 4))
    p = draw(st.integers(0, k // 2))
    n = draw(st.integers(max(1, k - 2 * p), 9))
    s = draw(st.integers(1, 4))
    return n, k, s, p


@st.composite
def pool_case(draw):
    (h, kh, sh, ph), (w, kw, sw, pw) = draw(axis_settings()), draw(axis_settings())
    stride = None if draw(st.booleans()) else (sh, sw)          # None: stride = kernel_size
    dtype = draw(st.sampled_from([np.float64, np.float32]))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    shape = (draw(st.integers(1, 3)), draw(st.integers(1, 3)), h, w)
    # small integers make ties common: both sides must pick the first maximum in scan order
    x = rng.integers(-2, 3, shape) if draw(st.booleans()) else rng.standard_normal(shape)
    settings = dict(kernel_size=(kh, kw), stride=stride, padding=(ph, pw), ceil_mode=draw(st.booleans()))
    return x.astype(dtype), settings, draw(st.booleans())


def code_path(parallel):
    """parallel: planes spread over Numba's threads (any input with two or more planes); else one thread."""
    return mock.patch.object(pooling, "_PARALLEL_WORK", 0 if parallel else 1 << 62)


@settings(max_examples=300)
@given(pool_case())
def test_maxpool_values_and_switches_equal_the_reference(case):
    x, kw, parallel = case
    with code_path(parallel):
        out, cache = maxpool2d_forward(x, **kw)
    ref, switches = pool_forward_reference(x, mode="max", **kw)
    assert out.dtype == x.dtype and out.shape == ref.shape == cache.out_shape
    np.testing.assert_array_equal(out, ref)
    np.testing.assert_array_equal(cache.switches, switches)
    # the switch really points at the maximum: reading x there gives the output back
    flat = x.reshape(x.shape[0], x.shape[1], -1)
    np.testing.assert_array_equal(np.take_along_axis(flat, cache.switches.reshape(*x.shape[:2], -1), 2),
                                  out.reshape(*x.shape[:2], -1))


@settings(max_examples=300)
@given(pool_case())
def test_avgpool_equals_the_reference(case):
    x, kw, parallel = case
    with code_path(parallel):
        out, cache = avgpool2d_forward(x, **kw)
    ref, switches = pool_forward_reference(x, mode="avg", **kw)
    assert switches is None and cache.switches is None
    assert out.dtype == x.dtype and out.shape == ref.shape
    rtol = 1e-12 if x.dtype == np.float64 else 1e-6
    np.testing.assert_allclose(out, ref, rtol=rtol, atol=rtol)


@settings(max_examples=150)
@given(pool_case(), st.sampled_from(["max", "avg"]))
def test_backward_is_the_transpose_of_forward(case, mode):
    """<dout, f(x)> = <f^T(dout), x> for the linear map f that forward applies (max pooling is
    linear once the switches are fixed): a dense check of every entry of the backward pass."""
    x, kw, parallel = case
    fwd, bwd = (maxpool2d_forward, maxpool2d_backward) if mode == "max" else (avgpool2d_forward, avgpool2d_backward)
    with code_path(parallel):
        out, cache = fwd(x.astype(np.float64), **kw)
        dout = np.random.default_rng(0).standard_normal(out.shape)
        dx = bwd(dout, cache)
    assert dx.shape == x.shape
    np.testing.assert_allclose(np.sum(dout * out), np.sum(dx * x), rtol=1e-10, atol=1e-10)


# --- finite differences (float64) -------------------------------------------------------

GRAD_CASES = [
    dict(kernel_size=2),
    dict(kernel_size=3, stride=2, padding=1),
    dict(kernel_size=(3, 2), stride=(1, 2), padding=(1, 0), ceil_mode=True),
    dict(kernel_size=3, stride=2, ceil_mode=True),
]


def distinct_values(shape, seed):
    """A shuffled grid of values 0.1 apart: no ties, and a nudge of 1e-6 never changes the max."""
    return np.random.default_rng(seed).permutation(np.arange(np.prod(shape)) * 0.1).reshape(shape)


@pytest.mark.parametrize("kw", GRAD_CASES, ids=str)
@pytest.mark.parametrize("mode", ["max", "avg"])
@pytest.mark.parametrize("parallel", [False, True], ids=["serial", "parallel"])
def test_backward_matches_central_differences(kw, mode, parallel):
    fwd, bwd = (maxpool2d_forward, maxpool2d_backward) if mode == "max" else (avgpool2d_forward, avgpool2d_backward)
    x = distinct_values((2, 2, 5, 6), seed=1)
    with code_path(parallel):
        out, cache = fwd(x, **kw)
    weights = np.random.default_rng(2).standard_normal(out.shape)

    def loss():
        return float(np.sum(fwd(x, **kw)[0] * weights))

    with code_path(parallel):
        dx = bwd(weights, cache)
    np.testing.assert_allclose(dx, numerical_gradient(loss, x), rtol=1e-6, atol=1e-8)


# --- switches, ceil_mode, padding: small cases to read ------------------------------------

def test_switches_name_the_winning_cell():
    x = np.array([[1, 5, 2, 0], [3, 4, 8, 1], [0, 2, 7, 9], [6, 1, 3, 2]], dtype=np.float64)[None, None]
    out, cache = maxpool2d_forward(x, 2)
    np.testing.assert_array_equal(out[0, 0], [[5, 8], [6, 9]])
    np.testing.assert_array_equal(cache.switches[0, 0], [[1, 6], [12, 11]])   # row * 4 + col
    dx = maxpool2d_backward(np.array([[[[10.0, 20.0], [30.0, 40.0]]]]), cache)
    assert dx[0, 0, 0, 1] == 10 and dx[0, 0, 1, 2] == 20 and dx[0, 0, 3, 0] == 30 and dx[0, 0, 2, 3] == 40
    assert np.count_nonzero(dx) == 4


def test_overlapping_windows_add_their_gradients():
    x = np.array([[0.0, 1.0, 9.0, 1.0, 0.0]])[None, None]             # 9 wins both windows that see it
    out, cache = maxpool2d_forward(x, (1, 3), stride=(1, 2))
    np.testing.assert_array_equal(maxpool2d_backward(np.ones_like(out), cache), [[[[0, 0, 2, 0, 0]]]])


@pytest.mark.parametrize("ceil_mode, size", [(False, 2), (True, 3)])
def test_ceil_mode_keeps_the_leftover_cells(ceil_mode, size):
    x = np.arange(25.0).reshape(1, 1, 5, 5)
    out, _ = maxpool2d_forward(x, 2, ceil_mode=ceil_mode)
    assert out.shape == (1, 1, size, size)
    if ceil_mode:   # the last window holds only row/column 4
        np.testing.assert_array_equal(out[0, 0, 2], [21, 23, 24])


def test_average_counts_padding_zeros_but_not_cells_past_the_padding():
    x = np.ones((1, 1, 3, 3))
    out, _ = avgpool2d_forward(x, 2, stride=2, padding=1)
    # corner window: 1 real cell of 4 in the padded input
    np.testing.assert_allclose(out[0, 0], [[0.25, 0.5], [0.5, 1.0]])
    out, _ = avgpool2d_forward(x, 2, stride=2, ceil_mode=True)
    # the ceil_mode window past the input divides by the cells that exist
    np.testing.assert_allclose(out[0, 0], [[1.0, 1.0], [1.0, 1.0]])


def test_float32_stays_float32():
    x = np.random.default_rng(0).standard_normal((2, 3, 6, 6)).astype(np.float32)
    for fwd, bwd in ((maxpool2d_forward, maxpool2d_backward), (avgpool2d_forward, avgpool2d_backward)):
        out, cache = fwd(x, 2)
        assert isinstance(cache, PoolCache)
        assert out.dtype == bwd(np.ones_like(out), cache).dtype == np.float32
