"""LRN: the Numba kernel against the readable reference, gradients against finite differences."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessonlib.kernels.lrn import LRNCache, lrn_backward, lrn_forward
from lessonlib.nn.gradcheck import numerical_gradient
from lessonlib.kernels.reference import lrn_reference


@st.composite
def lrn_case(draw):
    shape = tuple(draw(st.integers(1, m)) for m in (3, 9, 5, 5))
    seed = draw(st.integers(0, 2**16))
    x = np.random.default_rng(seed).standard_normal(shape) * draw(st.sampled_from([0.5, 3.0, 30.0]))
    return x, dict(size=draw(st.integers(1, 8)), alpha=draw(st.sampled_from([0.0, 1e-4, 0.01, 0.5])),
                   beta=draw(st.sampled_from([0.0, 0.5, 0.75, 1.3])), k=draw(st.sampled_from([0.5, 1.0, 2.0])))


@settings(max_examples=60)
@given(lrn_case())
def test_kernel_equals_reference(case):
    x, kw = case
    out, cache = lrn_forward(x, **kw)
    np.testing.assert_allclose(out, lrn_reference(x, **kw), rtol=1e-12, atol=1e-12)
    out32, _ = lrn_forward(x.astype(np.float32), **kw)
    assert out32.dtype == np.float32
    np.testing.assert_allclose(out32, lrn_reference(x, **kw), rtol=2e-5, atol=1e-5)


def test_alexnet_defaults_and_one_channel_closed_form():
    x = np.full((1, 1, 1, 1), 3.0)
    out, cache = lrn_forward(x)                       # k=2, n=5, alpha=1e-4, beta=0.75
    assert (cache.size, cache.alpha, cache.beta, cache.k) == (5, 1e-4, 0.75, 2.0)
    assert out[0, 0, 0, 0] == pytest.approx(3.0 / (2.0 + 1e-4 * 9.0) ** 0.75, rel=1e-14)


def test_window_covers_the_right_channels():
    # a spike in channel 3 of 8 changes the other outputs exactly where the window G(c) holds 3
    base = np.ones((1, 8, 1, 1))
    spike = base.copy()
    spike[0, 3] = 100.0

    def reached(size):
        a, _ = lrn_forward(base, size=size, alpha=1.0, beta=1.0, k=1.0)
        b, _ = lrn_forward(spike, size=size, alpha=1.0, beta=1.0, k=1.0)
        changed = ~np.isclose(a[0, :, 0, 0], b[0, :, 0, 0])
        changed[3] = False
        return np.flatnonzero(changed).tolist()

    assert reached(5) == [1, 2, 4, 5]        # G(c) = c-2 .. c+2 holds 3 for c = 1..5
    assert reached(4) == [2, 4, 5]           # G(c) = c-2 .. c+1 holds 3 for c = 2..5
    assert reached(1) == []


@pytest.mark.parametrize("size, alpha, beta, k", [(5, 1e-4, 0.75, 2.0), (3, 0.5, 0.75, 1.0), (4, 0.3, 1.2, 0.7),
                                                  (1, 1.0, 0.5, 1.0), (9, 0.2, 0.75, 2.0)])
def test_backward_matches_central_differences(size, alpha, beta, k):
    rng = np.random.default_rng(size)
    x = rng.standard_normal((2, 6, 3, 2)) * 2
    dout = rng.standard_normal(x.shape)
    _, cache = lrn_forward(x, size, alpha, beta, k)
    dx = lrn_backward(dout, cache)
    num = numerical_gradient(lambda: np.sum(dout * lrn_reference(x, size, alpha, beta, k)), x)
    np.testing.assert_allclose(dx, num, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("kwargs, message", [
    (dict(size=0), "size must be a positive integer"),
    (dict(size=2.5), "size must be a positive integer"),
    (dict(alpha=-1e-4), "alpha must be a finite number >= 0"),
    (dict(beta=float("nan")), "beta must be a finite number >= 0"),
    (dict(k=0.0), "k must be a finite number > 0"),
    (dict(k=True), "k must be a finite number"),
])
def test_bad_settings_name_the_parameter(kwargs, message):
    with pytest.raises(ValueError, match=message):
        lrn_forward(np.ones((1, 3, 2, 2)), **kwargs)


def test_bad_arrays_give_friendly_errors():
    with pytest.raises(ValueError, match=r"x must have 4 dimensions \(N, C, H, W\)"):
        lrn_forward(np.ones((3, 2, 2)))
    with pytest.raises(TypeError, match="x must be float32 or float64"):
        lrn_forward(np.ones((1, 3, 2, 2), dtype=np.int64))
    out, cache = lrn_forward(np.ones((1, 3, 2, 2)))
    with pytest.raises(ValueError, match="dout must have x's shape"):
        lrn_backward(np.ones((1, 3, 2, 1)), cache)
    with pytest.raises(TypeError, match="mixed dtypes"):
        lrn_backward(out.astype(np.float32), cache)
    with pytest.raises(TypeError, match="LRNCache"):
        lrn_backward(out, tuple(cache))
    assert isinstance(cache, LRNCache)
