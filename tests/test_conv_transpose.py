"""conv_transpose2d: the fast kernel against the stamping reference, finite differences,
the adjoint identity with conv2d, the output-size formula, and bad inputs.

Settings are drawn input-first (a transposed convolution accepts any input size), with
padding and output_padding drawn inside their valid ranges, so no example is thrown away.
"""
import re
from unittest import mock

import numba
import numba.core.dispatcher
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessonlib.arithmetic import conv_output_size, conv_transpose_output_size
from lessonlib.conv_matrix import conv2d_matrix
from lessonlib.kernels import _im2col, conv, conv_transpose
from lessonlib.kernels.conv import conv2d_forward
from lessonlib.kernels.conv_transpose import ConvTransposeCache, conv_transpose2d_backward, conv_transpose2d_forward
from lessonlib.kernels.reference import conv_transpose_backward_reference, conv_transpose_forward_reference
from lessonlib.nn.gradcheck import numerical_gradient

PATHS = [(False, False), (True, False), (False, True), (True, True)]
PATH_IDS = ["serial-im2col", "chunked-im2col", "serial-shifted", "chunked-shifted"]


@st.composite
def axis_settings(draw):
    """(input size, kernel, stride, padding, output_padding, dilation) of one axis."""
    n, k, s, d = draw(st.integers(1, 4)), draw(st.integers(1, 4)), draw(st.integers(1, 3)), draw(st.integers(1, 3))
    q = draw(st.integers(0, max(s, d) - 1))
    p = draw(st.integers(0, min(2, ((n - 1) * s + d * (k - 1) + q) // 2)))   # output size stays >= 1
    return n, k, s, p, q, d


@st.composite
def transpose_case(draw):
    axes = [draw(axis_settings()) for _ in range(2)]
    n_in, k, s, p, q, d = (tuple(a[i] for a in axes) for i in range(6))
    groups = draw(st.sampled_from([1, 1, 2, 3]))
    c, f = groups * draw(st.integers(1, 2)), groups * draw(st.integers(1, 3))
    dtype = draw(st.sampled_from([np.float64, np.float32]))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    x = rng.standard_normal((draw(st.integers(1, 3)), c) + n_in).astype(dtype)
    w = rng.standard_normal((c, f // groups) + k).astype(dtype)
    b = rng.standard_normal(f).astype(dtype) if draw(st.booleans()) else None
    path = (draw(st.booleans()), draw(st.booleans()))
    return x, w, b, dict(stride=s, padding=p, output_padding=q, dilation=d, groups=groups), path, rng


def tolerance(dtype, ref):
    scale = max(1.0, float(np.abs(ref).max(initial=0.0)))
    return dict(rtol=1e-10, atol=1e-10 * scale) if dtype == np.float64 else dict(rtol=2e-5, atol=2e-5 * scale)


def run_fast(x, w, b, kw, path, dout=None):
    """path = (parallel, shifted), forced as in test_conv: the transposed kernels use conv's
    own choices (_n_chunks, _shifted_rows), so the same switches reach every code path."""
    parallel, shifted = path
    with mock.patch.object(conv, "_PARALLEL_WORK", 0 if parallel else 1 << 62), \
            mock.patch.object(conv, "_MAX_WASTE", np.inf if shifted else 0):
        out, cache = conv_transpose2d_forward(x, w, b, **kw)
        grads = conv_transpose2d_backward(dout, cache) if dout is not None else None
    return out, cache, grads


# --- against the reference -------------------------------------------------------------

@settings(max_examples=300)
@given(transpose_case())
def test_forward_and_backward_equal_the_reference(case):
    x, w, b, kw, path, rng = case
    out, cache, _ = run_fast(x, w, b, kw, path)
    x64, w64, b64 = x.astype(np.float64), w.astype(np.float64), None if b is None else b.astype(np.float64)
    ref = conv_transpose_forward_reference(x64, w64, b64, **kw)
    assert out.dtype == x.dtype and out.shape == ref.shape
    assert out.shape[2:] == tuple(conv_transpose_output_size(*a) for a in zip(
        x.shape[2:], w.shape[2:], kw["stride"], kw["padding"], kw["output_padding"], kw["dilation"]))
    np.testing.assert_allclose(out, ref, **tolerance(x.dtype, ref))

    dout = rng.standard_normal(out.shape).astype(x.dtype)
    _, _, (dx, dw, db) = run_fast(x, w, b, kw, path, dout)
    rdx, rdw, rdb = conv_transpose_backward_reference(dout.astype(np.float64), x64, w64, b64, **kw)
    for got, want in ((dx, rdx), (dw, rdw)):
        assert got.dtype == x.dtype and got.shape == want.shape
        np.testing.assert_allclose(got, want, **tolerance(x.dtype, want))
    if b is None:
        assert db is None
    else:
        assert db.dtype == x.dtype
        np.testing.assert_allclose(db, rdb, **tolerance(x.dtype, rdb))


def test_one_input_cell_stamps_its_kernel():
    """The picture of the lesson: a single 1 in the input puts a copy of w at (i*s, j*s)."""
    x = np.zeros((1, 1, 3, 3))
    x[0, 0, 1, 2] = 1.0
    w = np.arange(1.0, 10.0).reshape(1, 1, 3, 3)
    out, _ = conv_transpose2d_forward(x, w, stride=2)
    assert out.shape == (1, 1, 7, 7)
    expected = np.zeros((7, 7))
    expected[2:5, 4:7] = w[0, 0]
    np.testing.assert_array_equal(out[0, 0], expected)


def test_single_channel_is_multiplication_by_the_transposed_conv_matrix():
    """Why it is called transposed: conv2d is M @ x.ravel(); this layer is M.T @ y.ravel()."""
    rng = np.random.default_rng(5)
    kernel, y = rng.standard_normal((3, 2)), rng.standard_normal((3, 4))
    m = conv2d_matrix(kernel, (5, 9), stride=2, padding=(1, 0), dilation=(1, 2))
    assert m.shape == (3 * 4, 5 * 9)
    out, _ = conv_transpose2d_forward(y[None, None], kernel[None, None], stride=2, padding=(1, 0), dilation=(1, 2))
    np.testing.assert_allclose(out[0, 0].ravel(), m.T @ y.ravel(), atol=1e-12)


# --- finite differences (float64) ---------------------------------------------------------

GRAD_CASES = [
    ((2, 4, 3, 4), (4, 3, 3, 2), dict(stride=(2, 1), padding=(1, 0), output_padding=(1, 0), dilation=(1, 2), groups=2)),
    ((1, 3, 4, 4), (3, 2, 3, 3), dict(stride=1, padding=1)),
    ((3, 2, 3, 3), (2, 2, 2, 2), dict(stride=2)),
    ((2, 3, 3, 2), (3, 1, 2, 3), dict(stride=(1, 3), padding=(0, 1), output_padding=(1, 2), dilation=(2, 1), groups=3)),
    ((1, 2, 2, 3), (2, 2, 3, 3), dict(stride=3, padding=2, output_padding=2, dilation=2)),
]


@pytest.mark.parametrize("x_shape, w_shape, kw", GRAD_CASES, ids=[f"x{x}-w{w}" for x, w, _ in GRAD_CASES])
@pytest.mark.parametrize("path", PATHS, ids=PATH_IDS)
def test_backward_matches_central_differences(x_shape, w_shape, kw, path):
    rng = np.random.default_rng(11)
    x, w = rng.standard_normal(x_shape), rng.standard_normal(w_shape)
    b = rng.standard_normal(w_shape[1] * kw.get("groups", 1))
    out, _, _ = run_fast(x, w, b, kw, path)
    weights = rng.standard_normal(out.shape)                  # loss = sum(weights * out), so dout = weights

    def loss():
        return float(np.sum(conv_transpose2d_forward(x, w, b, **kw)[0] * weights))

    _, _, (dx, dw, db) = run_fast(x, w, b, kw, path, weights)
    for analytic, wrt in ((dx, x), (dw, w), (db, b)):
        np.testing.assert_allclose(analytic, numerical_gradient(loss, wrt), rtol=1e-6, atol=1e-7)


# --- the adjoint of conv2d ------------------------------------------------------------------

@st.composite
def adjoint_case(draw):
    """conv2d settings drawn output-first (lessonlib's conv2d wants an integer output size),
    then r < max(stride, dilation) extra input rows/columns: the transposed convolution
    reaches that input size with output_padding = r."""
    axes = []
    for _ in range(2):
        out, k = draw(st.integers(1, 4)), draw(st.integers(1, 4))
        s, d = draw(st.integers(1, 3)), draw(st.integers(1, 3))
        span = (out - 1) * s + d * (k - 1) + 1
        p = draw(st.integers(0, min(2, (span - 1) // 2)))
        r = draw(st.integers(0, max(s, d) - 1))
        axes.append((span - 2 * p, k, s, p, d, r))
    n_in, k, s, p, d, r = (tuple(a[i] for a in axes) for i in range(6))
    groups = draw(st.sampled_from([1, 2, 3]))
    c, f = groups * draw(st.integers(1, 2)), groups * draw(st.integers(1, 3))
    dtype = draw(st.sampled_from([np.float64, np.float32]))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    n = draw(st.integers(1, 3))
    x = rng.standard_normal((n, c) + tuple(a + b for a, b in zip(n_in, r))).astype(dtype)
    w = rng.standard_normal((f, c // groups) + k).astype(dtype)
    path = (draw(st.booleans()), draw(st.booleans()))
    return x, w, n_in, r, dict(stride=s, padding=p, dilation=d, groups=groups), path, rng


def conv2d_rounding_down(x, w, size, stride, padding, dilation, groups):
    """conv2d as PyTorch computes it on any input size: the output rounds down, so the windows
    stop where the first size[0] x size[1] outputs end. Written as lessonlib's conv2d (which
    insists on whole windows) on the zero-padded input cut where the last window ends."""
    (h, w_in), (ph, pw) = size, padding
    cut = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))[:, :, :h + 2 * ph, :w_in + 2 * pw]
    return conv2d_forward(cut, w, stride=stride, dilation=dilation, groups=groups)[0]


@settings(max_examples=200)
@given(adjoint_case())
def test_adjoint_identity_with_conv2d(case):
    """<conv2d(x), y> = <x, conv_transpose2d(y)> for the same w, stride, padding, dilation and
    groups. With output_padding 0 that conv2d is lessonlib's own; with r extra rows it is the
    conv2d that rounds its output size down, as PyTorch's does."""
    x, w, size, r, kw, path, rng = case
    if r == (0, 0):
        conv_x = conv2d_forward(x, w, **kw)[0]
    else:
        conv_x = conv2d_rounding_down(x, w, size, **kw)
    y = rng.standard_normal(conv_x.shape).astype(x.dtype)
    tconv_y, _, _ = run_fast(y, w, None, dict(kw, output_padding=r), path)
    assert tconv_y.shape == x.shape
    lhs, rhs = np.vdot(conv_x.astype(np.float64), y), np.vdot(x.astype(np.float64), tconv_y)
    scale = np.sqrt(conv_x.size * np.prod(w.shape[1:]))       # a sum of that many unit-size terms
    np.testing.assert_allclose(lhs, rhs, rtol=0, atol=(1e-12 if x.dtype == np.float64 else 1e-5) * scale)


# --- the output-size formula -------------------------------------------------------------------

@pytest.mark.parametrize("args, size", [
    ((14, 2, 2), 28),                  # the lesson's 14x14 -> 28x28 upsampling
    ((3, 3, 2, 1, 1), 6),              # (3-1)*2 - 2 + 2 + 1 + 1
    ((3, 3, 2, 1, 0), 5),
    ((5, 3, 1, 1), 5),                 # "same" transposed convolution
    ((1, 4, 1, 0, 0, 3), 10),          # one input: the dilated kernel's span
    ((4, 3, 1, 0, 2, 3), 12),          # output_padding below the dilation, above the stride
])
def test_output_size_examples(args, size):
    assert conv_transpose_output_size(*args) == size


@given(st.integers(1, 12), st.integers(1, 5), st.integers(1, 4), st.integers(0, 3), st.integers(1, 3))
def test_output_size_undoes_conv_output_size(n, k, s, p, d):
    """A conv2d with the same settings maps the transposed output back to n (output_padding 0),
    and rounds every size up to s - 1 larger down to n as well."""
    try:
        size = conv_transpose_output_size(n, k, s, p, 0, d)
    except ValueError:
        assert (n - 1) * s - 2 * p + d * (k - 1) + 1 < 1
        return
    assert conv_output_size(size, k, s, p, d) == n
    for q in range(1, s):
        assert conv_transpose_output_size(n, k, s, p, q, d) == size + q
        assert (size + q + 2 * p - d * (k - 1) - 1) // s + 1 == n


def apply_suggestions(message, kwargs):
    """Every alternative after "try ", e.g. "output_padding 1 with padding 0 or stride 3", as kwargs."""
    tail = message.split("; try ", 1)[1]
    for option in tail.split(" or "):
        fixed = dict(kwargs)
        for name, value in re.findall(r"(output_padding|padding|stride) (\d+)", option):
            fixed[name] = int(value)
        assert fixed != kwargs, option
        yield fixed


@pytest.mark.parametrize("kwargs, match", [
    (dict(n=3, kernel=3, stride=2, padding=1, output_padding=2),
     r"output_padding 2 must be smaller than the stride 2 or the dilation 1; try output_padding 1 or stride 3"),
    (dict(n=3, kernel=3, stride=1, output_padding=1),
     r"output_padding 1 must be smaller than the stride 1 or the dilation 1"),
    (dict(n=1, kernel=1, stride=1, padding=1, output_padding=2, dilation=2),
     r"try output_padding 1 with padding 0 or stride 3"),
    (dict(n=1, kernel=1, padding=1),
     r"padding 1 crops more than the transposed convolution makes: "
     r"\(1 - 1\)\*1 - 2\*1 \+ 1\*\(1 - 1\) \+ 0 \+ 1 = -1 < 1; try padding 0"),
    (dict(n=2, kernel=3, stride=2, padding=3),
     r"= -1 < 1; try padding 2"),
])
def test_output_size_errors_show_the_arithmetic_and_a_fix_that_works(kwargs, match):
    with pytest.raises(ValueError, match=match) as info:
        conv_transpose_output_size(**kwargs)
    for fixed in apply_suggestions(str(info.value), kwargs):
        assert conv_transpose_output_size(**fixed) >= 1


@given(st.integers(1, 6), st.integers(1, 4), st.integers(1, 3), st.integers(0, 6), st.integers(0, 4), st.integers(1, 3))
def test_every_suggested_fix_works(n, k, s, p, q, d):
    kwargs = dict(n=n, kernel=k, stride=s, padding=p, output_padding=q, dilation=d)
    try:
        conv_transpose_output_size(**kwargs)
    except ValueError as error:
        for fixed in apply_suggestions(str(error), kwargs):
            assert conv_transpose_output_size(**fixed) >= 1


@pytest.mark.parametrize("kwargs, error, match", [
    (dict(n=0, kernel=2), ValueError, r"n \(input size\) must be a positive integer"),
    (dict(n=3, kernel=0), ValueError, "kernel must be a positive integer"),
    (dict(n=3, kernel=2, stride=0), ValueError, "stride must be a positive integer"),
    (dict(n=3, kernel=2, dilation=0), ValueError, "dilation must be a positive integer"),
    (dict(n=3, kernel=2, padding=-1), ValueError, "padding must be non-negative"),
    (dict(n=3, kernel=2, output_padding=-1), ValueError, "output_padding must be non-negative"),
    (dict(n=3, kernel=2, output_padding=0.5), TypeError, "output_padding must be an int"),
])
def test_output_size_rejects_bad_settings(kwargs, error, match):
    with pytest.raises(error, match=match):
        conv_transpose_output_size(**kwargs)


# --- the cache, dtypes, layouts, threads --------------------------------------------------

def test_cache_keeps_its_own_copy_of_the_input():
    rng = np.random.default_rng(0)
    x, w = rng.standard_normal((2, 1, 4, 4)), rng.standard_normal((1, 2, 3, 3))
    out, cache = conv_transpose2d_forward(x, w, stride=2)
    assert isinstance(cache, ConvTransposeCache) and cache.out_shape == out.shape == (2, 2, 9, 9)
    expected = conv_transpose2d_backward(np.ones_like(out), cache)[1]
    x += 100.0
    np.testing.assert_array_equal(conv_transpose2d_backward(np.ones_like(out), cache)[1], expected)


def test_float32_stays_float32_everywhere():
    rng = np.random.default_rng(2)
    x, w, b = (rng.standard_normal(s).astype(np.float32) for s in ((2, 2, 5, 5), (2, 3, 3, 3), (3,)))
    out, cache = conv_transpose2d_forward(x, w, b, stride=2, padding=1, output_padding=1)
    assert out.shape == (2, 3, 10, 10)
    assert {a.dtype for a in (out, *conv_transpose2d_backward(np.ones_like(out), cache))} == {np.dtype(np.float32)}


def test_non_contiguous_input_is_accepted():
    rng = np.random.default_rng(4)
    x = rng.standard_normal((2, 4, 5, 3)).transpose(0, 3, 1, 2)   # (N, C, H, W) view of NHWC data
    w = rng.standard_normal((3, 2, 2, 2))
    np.testing.assert_allclose(conv_transpose2d_forward(x, w, stride=2)[0],
                               conv_transpose_forward_reference(x, w, stride=2), atol=1e-12)


def test_output_padding_cells_past_every_stamp_hold_the_bias_only():
    """Without padding the extra cells lie beyond the last stamp (with padding p, the first p
    of them are stamped cells that the crop would otherwise have removed)."""
    rng = np.random.default_rng(6)
    x, w, b = rng.standard_normal((1, 2, 3, 3)), rng.standard_normal((2, 2, 3, 3)), np.array([5.0, -7.0])
    out, _ = conv_transpose2d_forward(x, w, b, stride=3, output_padding=2)
    assert out.shape == (1, 2, 11, 11)
    np.testing.assert_array_equal(out[0, :, 9:, :], np.broadcast_to(b[:, None, None], (2, 2, 11)))
    np.testing.assert_array_equal(out[0, :, :, 9:], np.broadcast_to(b[:, None, None], (2, 11, 2)))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_threads_and_chunks_do_not_change_the_result_beyond_rounding(dtype):
    rng = np.random.default_rng(3)
    x = rng.standard_normal((9, 8, 12, 12)).astype(dtype)
    w = rng.standard_normal((8, 3, 2, 2)).astype(dtype)
    dout = rng.standard_normal((9, 6, 24, 24)).astype(dtype)
    kw = dict(stride=2, groups=2)
    big, cache = conv_transpose2d_forward(x, w, None, **kw)
    assert conv._n_chunks(9, 9 * 8 * 12 * 144) > 1 or numba.get_num_threads() == 1   # really the chunked path
    grads = conv_transpose2d_backward(dout, cache)
    before = numba.get_num_threads()
    numba.set_num_threads(1)
    try:
        one, cache1 = conv_transpose2d_forward(x, w, None, **kw)
        grads1 = conv_transpose2d_backward(dout, cache1)
    finally:
        numba.set_num_threads(before)
    np.testing.assert_array_equal(big, one)
    np.testing.assert_array_equal(grads[0], grads1[0])
    rtol = 1e-5 if dtype == np.float32 else 1e-12
    np.testing.assert_allclose(grads[1], grads1[1], rtol=rtol, atol=rtol * np.abs(grads1[1]).max())


# --- bad inputs: one clear error, raised before any jitted code ------------------------------

def good(shape, dtype=np.float64):
    return np.random.default_rng(0).standard_normal(shape).astype(dtype)


X, W = good((2, 4, 5, 5)), good((4, 3, 3, 3))            # groups = 2: C = 4 -> F = 6
CONV_LAYOUT_W = good((6, 2, 3, 3))                       # the same layer's weights in conv2d's layout


def with_value(a, index, value):
    a = a.copy()
    a[index] = value
    return a


@pytest.fixture(scope="module")
def valid():
    out, cache = conv_transpose2d_forward(X, W, np.zeros(6), stride=2, groups=2)
    return dict(out=out, cache=cache, conv_cache=conv2d_forward(X, good((2, 4, 3, 3)))[1])


def tripwire(*args, **kwargs):
    raise AssertionError("a jitted kernel ran before the input was validated")


@pytest.fixture
def no_jit(monkeypatch, valid):
    for module in (_im2col, conv_transpose):
        for name, value in vars(module).items():
            if isinstance(value, numba.core.dispatcher.Dispatcher):
                monkeypatch.setattr(module, name, tripwire)
    return valid


@pytest.mark.parametrize("call", [
    pytest.param(lambda c: conv_transpose2d_forward(X, W, groups=2), id="forward"),
    pytest.param(lambda c: conv_transpose2d_backward(c["out"], c["cache"]), id="backward"),
])
def test_the_tripwires_catch_valid_calls(no_jit, call):
    with pytest.raises(AssertionError, match="jitted kernel ran"):
        call(no_jit)


BAD = [
    ("x", lambda c: conv_transpose2d_forward(X[0], W, groups=2), ValueError,
     r"x must have 4 dimensions \(N, C, H, W\)"),
    ("w", lambda c: conv_transpose2d_forward(X, W[0], groups=2), ValueError,
     r"w must have 4 dimensions \(C, F // groups, KH, KW\)"),
    ("w", lambda c: conv_transpose2d_forward(X, good((3, 3, 3, 3)), groups=1), ValueError,
     r"channel mismatch: x has C = 4 channels, so w must be \(C, F // groups, KH, KW\) with w.shape\[0\] = 4.*"
     r"but w.shape\[0\] = 3$"),
    ("w", lambda c: conv_transpose2d_forward(X, CONV_LAYOUT_W, groups=2), ValueError,
     r"w.shape\[0\] = 6; w looks like conv2d's layout .*: use "
     r"w.reshape\(2, 3, 2, 3, 3\).swapaxes\(1, 2\).reshape\(4, 3, 3, 3\)"),
    ("w", lambda c: conv_transpose2d_forward(X, good((6, 4, 2, 2))), ValueError,
     r"w.shape\[0\] = 6; w looks like conv2d's layout .*: use w.transpose\(1, 0, 2, 3\)"),
    ("b", lambda c: conv_transpose2d_forward(X, W, np.zeros(3), groups=2), ValueError,
     r"b must have shape \(F,\) = \(6,\) \(F = groups \* w.shape\[1\]\), got \(3,\)"),
    ("groups", lambda c: conv_transpose2d_forward(X, W, groups=3), ValueError,
     "groups 3 must divide the input channels C = 4"),
    ("groups", lambda c: conv_transpose2d_forward(X, W, groups=0), ValueError, "groups must be a positive integer"),
    ("stride", lambda c: conv_transpose2d_forward(X, W, groups=2, stride=0), ValueError, "stride must be >= 1, got 0"),
    ("stride", lambda c: conv_transpose2d_forward(X, W, groups=2, stride=(1, 1, 1)), TypeError,
     "stride must be an int or a sequence of 2 ints"),
    ("padding", lambda c: conv_transpose2d_forward(X, W, groups=2, padding=-1), ValueError,
     "padding must be non-negative, got -1"),
    ("padding", lambda c: conv_transpose2d_forward(X, W, groups=2, padding=(0, 9)), ValueError,
     r"padding 9 crops more than the transposed convolution makes: .* = -11 < 1; try padding 3"),
    ("output_padding", lambda c: conv_transpose2d_forward(X, W, groups=2, output_padding=-1), ValueError,
     "output_padding must be non-negative, got -1"),
    ("output_padding", lambda c: conv_transpose2d_forward(X, W, groups=2, stride=2, output_padding=(1, 2)), ValueError,
     "output_padding 2 must be smaller than the stride 2 or the dilation 1; try output_padding 1 or stride 3"),
    ("output_padding", lambda c: conv_transpose2d_forward(X, W, groups=2, output_padding=1), ValueError,
     "output_padding 1 must be smaller than the stride 1 or the dilation 1"),
    ("dilation", lambda c: conv_transpose2d_forward(X, W, groups=2, dilation=0), ValueError,
     "dilation must be >= 1, got 0"),
    ("x", lambda c: conv_transpose2d_forward(X.astype(np.int64), W, groups=2), TypeError,
     r"x must be float32 or float64, got int64; convert with x.astype\(np.float32\)"),
    ("x", lambda c: conv_transpose2d_forward(X.tolist(), W, groups=2), TypeError, "x must be a numpy array"),
    ("mixed", lambda c: conv_transpose2d_forward(X.astype(np.float32), W, groups=2), TypeError,
     r"mixed dtypes \(x is float32, w is float64\)"),
    ("x", lambda c: conv_transpose2d_forward(with_value(X, (0, 0, 0, 0), np.nan), W, groups=2), ValueError,
     "x contains NaN or inf"),
    ("b", lambda c: conv_transpose2d_forward(X, W, np.full(6, np.inf), groups=2), ValueError, "b contains NaN or inf"),
    ("dout", lambda c: conv_transpose2d_backward(c["out"][:, :3], c["cache"]), ValueError,
     r"dout must have the forward output's shape \(2, 6, 11, 11\), got \(2, 3, 11, 11\)"),
    ("dout", lambda c: conv_transpose2d_backward(c["out"][0], c["cache"]), ValueError, "dout must have 4 dimensions"),
    ("dout", lambda c: conv_transpose2d_backward(c["out"].astype(np.float32), c["cache"]), TypeError,
     r"mixed dtypes \(dout is float32, w is float64\)"),
    ("dout", lambda c: conv_transpose2d_backward(with_value(c["out"], (0, 0, 0, 0), np.nan), c["cache"]), ValueError,
     "dout contains NaN or inf"),
    ("cache", lambda c: conv_transpose2d_backward(c["out"], tuple(c["cache"])), TypeError,
     "cache must be the ConvTransposeCache"),
    ("cache", lambda c: conv_transpose2d_backward(c["out"], c["conv_cache"]), TypeError,
     "cache must be the ConvTransposeCache"),
]


@pytest.mark.parametrize("call, error, match",
                         [pytest.param(call, e, m, id=f"{p}-{i}") for i, (p, call, e, m) in enumerate(BAD)])
def test_bad_inputs_are_rejected(no_jit, call, error, match):
    with pytest.raises(error, match=match):
        call(no_jit)


def test_every_message_names_its_parameter():
    for param, _, _, match in BAD:
        assert {"mixed": "dtypes"}.get(param, param) in match, (param, match)


@pytest.mark.parametrize("kwargs", [dict(stride=2, output_padding=(1, 2)), dict(padding=(0, 9)),
                                    dict(stride=(1, 2), dilation=2, padding=4, output_padding=2)])
def test_suggested_settings_work_in_the_layer(kwargs):
    with pytest.raises(ValueError) as info:
        conv_transpose2d_forward(X, W, groups=2, **kwargs)
    for fixed in apply_suggestions(str(info.value), kwargs):
        out, _ = conv_transpose2d_forward(X, W, groups=2, **fixed)
        assert out.shape[:2] == (2, 6)


@pytest.mark.parametrize("groups", [1, 2])
def test_suggested_weight_layout_fix_works_and_keeps_every_connection(groups):
    """The hint turns conv2d's layout (F, C // groups, KH, KW) into (C, F // groups, KH, KW),
    keeping which input channel feeds which output channel through which 3x3 kernel."""
    w_conv = good((6, 4 // groups, 3, 3))
    with pytest.raises(ValueError, match="use (w\\..*)$") as info:
        conv_transpose2d_forward(X, w_conv, groups=groups)
    fixed = eval(re.search(r"use (w\..*)$", str(info.value)).group(1), {"w": w_conv})   # the hint's own code
    out, _ = conv_transpose2d_forward(X, fixed, groups=groups)
    dense = np.zeros((4, 6, 3, 3))                     # input channel c -> output f, zero across groups
    cg, fg = 4 // groups, 6 // groups
    for f in range(6):
        for c in range(cg):
            dense[f // fg * cg + c, f] = w_conv[f, c]
    np.testing.assert_allclose(out, conv_transpose_forward_reference(X, dense), atol=1e-12)
