"""Adaptive and global pooling: kernels against the reference, gradients against finite differences."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessonlib.kernels.adaptive_pool import (adaptive_avgpool2d_backward, adaptive_avgpool2d_forward,
                                             adaptive_maxpool2d_backward, adaptive_maxpool2d_forward,
                                             adaptive_windows, global_avgpool2d_backward,
                                             global_avgpool2d_forward)
from lessonlib.nn.gradcheck import numerical_gradient
from lessonlib.kernels.reference import adaptive_pool_reference


@st.composite
def pool_case(draw):
    shape = (draw(st.integers(1, 3)), draw(st.integers(1, 4)), draw(st.integers(1, 13)), draw(st.integers(1, 13)))
    x = np.random.default_rng(draw(st.integers(0, 2**16))).standard_normal(shape)
    if draw(st.booleans()):
        x = np.round(x)                     # ties: the first maximum must win, as in the reference
    return x, (draw(st.integers(1, 6)), draw(st.integers(1, 6)))


@settings(max_examples=80)
@given(pool_case())
def test_kernels_equal_reference(case):
    x, size = case
    out, cache = adaptive_maxpool2d_forward(x, size)
    ref, switches = adaptive_pool_reference(x, size, "max")
    np.testing.assert_array_equal(out, ref)
    np.testing.assert_array_equal(cache.switches, switches)
    avg, _ = adaptive_avgpool2d_forward(x, size)
    np.testing.assert_allclose(avg, adaptive_pool_reference(x, size, "avg")[0], rtol=1e-12, atol=1e-12)
    assert out.shape == x.shape[:2] + size


@pytest.mark.parametrize("n, n_out, starts, ends", [
    (6, 3, [0, 2, 4], [2, 4, 6]),          # divides: plain non-overlapping pools
    (7, 3, [0, 2, 4], [3, 5, 7]),          # floor(7i/3), ceil(7(i+1)/3): windows overlap by one
    (10, 4, [0, 2, 5, 7], [3, 5, 8, 10]),
    (2, 3, [0, 0, 1], [1, 2, 2]),          # fewer cells than pools: cells are reused, never empty
])
def test_window_rule(n, n_out, starts, ends):
    s, e = adaptive_windows(n, n_out)
    assert s.tolist() == starts and e.tolist() == ends


def test_same_number_of_pools_for_every_input_size():
    for h, w in [(12, 12), (17, 23), (40, 9)]:
        out, _ = adaptive_maxpool2d_forward(np.ones((1, 64, h, w)), 3)
        assert out.reshape(1, -1).shape == (1, 576)      # 64 channels x 3 x 3 pools (figure 9.11)


def test_divisible_case_equals_ordinary_pooling():
    from lessonlib.kernels.pooling import avgpool2d_forward, maxpool2d_forward
    x = np.random.default_rng(1).standard_normal((2, 3, 12, 8))
    np.testing.assert_array_equal(adaptive_maxpool2d_forward(x, (3, 2))[0], maxpool2d_forward(x, (4, 4))[0])
    np.testing.assert_allclose(adaptive_avgpool2d_forward(x, (3, 2))[0], avgpool2d_forward(x, (4, 4))[0])


@pytest.mark.parametrize("shape, size", [((2, 2, 7, 5), (3, 2)), ((1, 3, 4, 9), (4, 4)), ((1, 1, 2, 3), (3, 5))])
@pytest.mark.parametrize("mode", ["max", "avg"])
def test_backward_matches_central_differences(shape, size, mode):
    rng = np.random.default_rng(sum(shape))
    x = rng.permutation(np.prod(shape)).reshape(shape) * 0.1 + rng.uniform(0, 0.01, shape)  # distinct: no ties
    fwd, bwd = ((adaptive_maxpool2d_forward, adaptive_maxpool2d_backward) if mode == "max"
                else (adaptive_avgpool2d_forward, adaptive_avgpool2d_backward))
    out, cache = fwd(x, size)
    dout = rng.standard_normal(out.shape)
    num = numerical_gradient(lambda: np.sum(dout * fwd(x, size)[0]), x)
    np.testing.assert_allclose(bwd(dout, cache), num, rtol=1e-6, atol=1e-8)


def test_global_average_pooling_forward_and_backward():
    rng = np.random.default_rng(3)
    x = rng.standard_normal((2, 10, 5, 7))
    out, cache = global_avgpool2d_forward(x)
    assert out.shape == (2, 10)
    np.testing.assert_allclose(out, adaptive_avgpool2d_forward(x, 1)[0][:, :, 0, 0])
    dout = rng.standard_normal(out.shape)
    num = numerical_gradient(lambda: np.sum(dout * global_avgpool2d_forward(x)[0]), x)
    np.testing.assert_allclose(global_avgpool2d_backward(dout, cache), num, rtol=1e-6, atol=1e-9)


def test_max_tie_routes_to_one_input_only():
    x = np.full((1, 1, 2, 2), 5.0)
    out, cache = adaptive_maxpool2d_forward(x, 1)
    dx = adaptive_maxpool2d_backward(np.ones_like(out), cache)
    assert dx.sum() == 1.0 and dx[0, 0, 0, 0] == 1.0          # first maximum in scan order


def test_float32_stays_float32():
    x = np.ones((1, 2, 5, 5), np.float32)
    for fwd in (adaptive_maxpool2d_forward, adaptive_avgpool2d_forward):
        assert fwd(x, 2)[0].dtype == np.float32
    assert global_avgpool2d_forward(x)[0].dtype == np.float32


def test_bad_input_gives_friendly_errors():
    x = np.ones((1, 2, 5, 5))
    with pytest.raises(ValueError, match="output_size must be >= 1"):
        adaptive_maxpool2d_forward(x, 0)
    with pytest.raises(TypeError, match="output_size must be an int or a sequence of 2 ints"):
        adaptive_avgpool2d_forward(x, (2, 2, 2))
    with pytest.raises(ValueError, match=r"x must have 4 dimensions \(N, C, H, W\)"):
        adaptive_maxpool2d_forward(np.ones((5, 5)), 2)
    with pytest.raises(ValueError, match="x contains NaN"):
        global_avgpool2d_forward(np.full((1, 1, 2, 2), np.nan))
    out, cache = adaptive_maxpool2d_forward(x, 2)
    with pytest.raises(ValueError, match=r"dout must have the forward output's shape \(1, 2, 2, 2\)"):
        adaptive_maxpool2d_backward(np.ones((1, 2, 3, 3)), cache)
    with pytest.raises(ValueError, match="use adaptive_maxpool2d_backward"):
        adaptive_avgpool2d_backward(out, cache)
    with pytest.raises(TypeError, match="AdaptivePoolCache"):
        adaptive_maxpool2d_backward(out, None)
    g, gcache = global_avgpool2d_forward(x)
    with pytest.raises(ValueError, match=r"dout must have the forward output's shape \(1, 2\)"):
        global_avgpool2d_backward(np.ones((1, 3)), gcache)
