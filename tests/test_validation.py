"""Every bad input gets one clear ValueError/TypeError naming the parameter, raised in Python
BEFORE any jitted code runs (each test replaces every Numba kernel by a tripwire)."""
import numba
import numpy as np
import pytest

from lessonlib.kernels import _im2col, pooling
from lessonlib.kernels.activations import ACTIVATIONS, activation_backward, activation_forward
from lessonlib.kernels.conv import conv2d_backward, conv2d_forward, conv3d_backward, conv3d_forward
from lessonlib.kernels.pooling import avgpool2d_backward, avgpool2d_forward, maxpool2d_backward, maxpool2d_forward


def good(shape, dtype=np.float64):
    return np.random.default_rng(0).standard_normal(shape).astype(dtype)


X, W = good((2, 4, 8, 8)), good((6, 2, 3, 3))            # a valid grouped conv: groups = 2
X5, W5 = good((1, 2, 4, 4, 4)), good((3, 2, 2, 2, 2))


def with_value(a, index, value):
    a = a.copy()
    a[index] = value
    return a


@pytest.fixture(scope="module")
def caches():
    """Valid forward results, made before the tripwires go in."""
    out2, conv2 = conv2d_forward(X, W, np.zeros(6), padding=1, groups=2)
    out3, conv3 = conv3d_forward(X5, W5)
    pooled, maxc = maxpool2d_forward(X, 2)
    _, avgc = avgpool2d_forward(X, 2)
    _, actc = activation_forward(X, "elu", 0.5)
    return dict(conv2=conv2, out2=out2, conv3=conv3, out3=out3, maxpool=maxc, avgpool=avgc, pooled=pooled, act=actc)


def tripwire(*args, **kwargs):
    raise AssertionError("a jitted kernel ran before the input was validated")


@pytest.fixture
def no_jit(monkeypatch, caches):
    """Every Numba dispatcher of the conv and pooling modules, and every activation ufunc, raises."""
    for module in (_im2col, pooling):
        for name, value in vars(module).items():
            if isinstance(value, numba.core.dispatcher.Dispatcher):
                monkeypatch.setattr(module, name, tripwire)
    for name, (_, _, pname, default) in ACTIVATIONS.items():
        monkeypatch.setitem(ACTIVATIONS, name, (tripwire, tripwire, pname, default))
    return caches


@pytest.mark.parametrize("call", [
    pytest.param(lambda c: conv2d_forward(X, W, groups=2), id="conv2d_forward"),
    pytest.param(lambda c: conv2d_backward(c["out2"], c["conv2"]), id="conv2d_backward"),
    pytest.param(lambda c: conv3d_forward(X5, W5), id="conv3d_forward"),
    pytest.param(lambda c: maxpool2d_forward(X, 2), id="maxpool2d_forward"),
    pytest.param(lambda c: maxpool2d_backward(c["pooled"], c["maxpool"]), id="maxpool2d_backward"),
    pytest.param(lambda c: avgpool2d_backward(c["pooled"], c["avgpool"]), id="avgpool2d_backward"),
    pytest.param(lambda c: activation_forward(X, "relu"), id="activation_forward"),
    pytest.param(lambda c: activation_backward(X, c["act"]), id="activation_backward"),
])
def test_the_tripwires_catch_valid_calls(no_jit, call):
    """Control: with valid input the kernels are reached, so the tests below would notice if
    validation came after them."""
    with pytest.raises(AssertionError, match="jitted kernel ran"):
        call(no_jit)


CONV = [
    # shapes and ndim
    ("x", lambda c: conv2d_forward(X[0], W, groups=2), ValueError, r"x must have 4 dimensions \(N, C, H, W\)"),
    ("w", lambda c: conv2d_forward(X, W[0], groups=2), ValueError, r"w must have 4 dimensions"),
    ("x", lambda c: conv3d_forward(X, W5), ValueError, r"x must have 5 dimensions \(N, C, D, H, W\)"),
    ("b", lambda c: conv2d_forward(X, W, np.zeros(5), groups=2), ValueError, r"b must have shape \(F,\) = \(6,\)"),
    ("b", lambda c: conv2d_forward(X, W, np.zeros((6, 1)), groups=2), ValueError, "b must have 1 dimensions"),
    ("w", lambda c: conv2d_forward(X, good((6, 3, 3, 3))), ValueError,
     r"channel mismatch: x has C = 4 channels.*w.shape\[1\] = 3"),
    ("groups", lambda c: conv2d_forward(X, good((6, 1, 3, 3)), groups=3), ValueError,
     "groups 3 must divide the input channels C = 4"),
    ("groups", lambda c: conv2d_forward(X, good((5, 2, 3, 3)), groups=2), ValueError,
     "groups 2 must divide the number of filters F = 5"),
    ("groups", lambda c: conv2d_forward(X, W, groups=0), ValueError, "groups must be a positive integer"),
    ("kernel", lambda c: conv2d_forward(X, good((6, 2, 11, 11)), groups=2, padding=1), ValueError,
     r"kernel 11 \(dilation 1, span 11\) does not fit in input 8 with padding 1"),
    ("kernel", lambda c: conv2d_forward(X, W, groups=2, dilation=4), ValueError,
     r"kernel 3 \(dilation 4, span 9\) does not fit in input 8"),
    # settings
    ("stride", lambda c: conv2d_forward(X, W, groups=2, stride=0), ValueError, "stride must be >= 1, got 0"),
    ("stride", lambda c: conv2d_forward(X, W, groups=2, stride=(1, -2)), ValueError, r"stride must be >= 1, got \(1, -2\)"),
    ("stride", lambda c: conv2d_forward(X, W, groups=2, stride=1.5), TypeError, "stride must be an int or a sequence of 2 ints"),
    ("stride", lambda c: conv2d_forward(X, W, groups=2, stride=(1, 1, 1)), TypeError, "stride must be an int or a sequence of 2"),
    ("stride", lambda c: conv2d_forward(X, W, groups=2, stride=4), ValueError, r"stride 4 gives \(8 - 3 \+ 0\)/4 \+ 1 = 2\.25"),
    ("dilation", lambda c: conv2d_forward(X, W, groups=2, dilation=0), ValueError, "dilation must be >= 1, got 0"),
    ("padding", lambda c: conv2d_forward(X, W, groups=2, padding=-1), ValueError, "padding must be non-negative, got -1"),
    ("padding", lambda c: conv3d_forward(X5, W5, padding=(0, 0, -1)), ValueError, "padding must be non-negative"),
    # dtypes and values
    ("x", lambda c: conv2d_forward(X.astype(np.int64), W, groups=2), TypeError, "x must be float32 or float64, got int64"),
    ("x", lambda c: conv2d_forward(X.tolist(), W, groups=2), TypeError, "x must be a numpy array"),
    ("w", lambda c: conv2d_forward(X, W.astype(np.float16), groups=2), TypeError, "w must be float32 or float64, got float16"),
    ("mixed", lambda c: conv2d_forward(X.astype(np.float32), W, groups=2), TypeError,
     "mixed dtypes \\(x is float32, w is float64\\)"),
    ("mixed", lambda c: conv2d_forward(X, W, np.zeros(6, np.float32), groups=2), TypeError, "mixed dtypes.*b is float32"),
    ("x", lambda c: conv2d_forward(with_value(X, (0, 0, 0, 0), np.nan), W, groups=2), ValueError, "x contains NaN or inf"),
    ("w", lambda c: conv2d_forward(X, with_value(W, (0, 0, 0, 0), np.inf), groups=2), ValueError, "w contains NaN or inf"),
    ("b", lambda c: conv2d_forward(X, W, np.full(6, -np.inf), groups=2), ValueError, "b contains NaN or inf"),
    # backward
    ("dout", lambda c: conv2d_backward(c["out2"][:, :3], c["conv2"]), ValueError,
     r"dout must have the forward output's shape \(2, 6, 8, 8\), got \(2, 3, 8, 8\)"),
    ("dout", lambda c: conv2d_backward(c["out2"][0], c["conv2"]), ValueError, "dout must have 4 dimensions"),
    ("dout", lambda c: conv2d_backward(c["out2"].astype(np.float32), c["conv2"]), TypeError,
     r"mixed dtypes \(dout is float32, w is float64\)"),
    ("dout", lambda c: conv2d_backward(with_value(c["out2"], (1, 1, 1, 1), np.nan), c["conv2"]), ValueError,
     "dout contains NaN or inf"),
    ("cache", lambda c: conv2d_backward(c["out2"], tuple(c["conv2"])), TypeError, "cache must be the ConvCache"),
    ("cache", lambda c: conv2d_backward(c["out2"], c["maxpool"]), TypeError, "cache must be the ConvCache"),
    ("cache", lambda c: conv2d_backward(c["out3"], c["conv3"]), ValueError, "this cache comes from a 3-D forward call"),
    ("cache", lambda c: conv3d_backward(c["out2"], c["conv2"]), ValueError, "this cache comes from a 2-D forward call"),
]

POOL = [
    ("x", lambda c: maxpool2d_forward(X[0], 2), ValueError, r"x must have 4 dimensions \(N, C, H, W\)"),
    ("x", lambda c: avgpool2d_forward(X.astype(np.int32), 2), TypeError, "x must be float32 or float64, got int32"),
    ("x", lambda c: maxpool2d_forward(with_value(X, (1, 2, 3, 4), np.nan), 2), ValueError, "x contains NaN or inf"),
    ("kernel_size", lambda c: maxpool2d_forward(X, 0), ValueError, "kernel_size must be >= 1, got 0"),
    ("kernel_size", lambda c: maxpool2d_forward(X, 9), ValueError, "kernel_size 9 does not fit in input 8 with padding 0"),
    ("kernel_size", lambda c: avgpool2d_forward(X, (2, 2, 2)), TypeError, "kernel_size must be an int or a sequence of 2"),
    ("stride", lambda c: maxpool2d_forward(X, 2, stride=0), ValueError, "stride must be >= 1, got 0"),
    ("padding", lambda c: maxpool2d_forward(X, 2, padding=-1), ValueError, "padding must be non-negative, got -1"),
    ("padding", lambda c: avgpool2d_forward(X, 3, padding=2), ValueError, "padding 2 must be at most half of kernel_size 3"),
    ("dout", lambda c: maxpool2d_backward(c["pooled"][:, :, :3], c["maxpool"]), ValueError,
     r"dout must have the forward output's shape \(2, 4, 4, 4\), got \(2, 4, 3, 4\)"),
    ("dout", lambda c: avgpool2d_backward(c["pooled"].astype(np.float32), c["avgpool"]), TypeError,
     r"mixed dtypes \(dout is float32, x is float64\)"),
    ("dout", lambda c: maxpool2d_backward(with_value(c["pooled"], (0, 0, 0, 0), np.inf), c["maxpool"]), ValueError,
     "dout contains NaN or inf"),
    ("cache", lambda c: maxpool2d_backward(c["pooled"], c["conv2"]), TypeError, "cache must be the PoolCache"),
    ("cache", lambda c: maxpool2d_backward(c["pooled"], c["avgpool"]), ValueError,
     "this cache comes from avgpool2d_forward; use avgpool2d_backward"),
    ("cache", lambda c: avgpool2d_backward(c["pooled"], c["maxpool"]), ValueError,
     "this cache comes from maxpool2d_forward; use maxpool2d_backward"),
]

ACTIVATION = [
    ("activation", lambda c: activation_forward(X, "swish"), ValueError, "activation must be one of"),
    ("param", lambda c: activation_forward(X, "relu", 0.1), ValueError, "activation 'relu' takes no parameter"),
    ("param", lambda c: activation_forward(X, "elu", "big"), ValueError, r"param \(alpha of 'elu'\) must be a finite real"),
    ("param", lambda c: activation_forward(X, "leaky_relu", np.nan), ValueError, r"param \(slope of 'leaky_relu'\)"),
    ("x", lambda c: activation_forward(np.arange(3), "relu"), TypeError, "x must be float32 or float64, got int64"),
    ("x", lambda c: activation_forward([1.0, 2.0], "relu"), TypeError, "x must be a numpy array"),
    ("x", lambda c: activation_forward(np.array([1.0, np.inf]), "tanh"), ValueError, "x contains NaN or inf"),
    ("dout", lambda c: activation_backward(X[0], c["act"]), ValueError, "dout must have x's shape"),
    ("dout", lambda c: activation_backward(X.astype(np.float32), c["act"]), TypeError,
     r"mixed dtypes \(dout is float32, x is float64\)"),
    ("dout", lambda c: activation_backward(with_value(X, (0, 0, 0, 0), np.nan), c["act"]), ValueError,
     "dout contains NaN or inf"),
    ("cache", lambda c: activation_backward(X, X), TypeError, "cache must be the ActivationCache"),
]


def cases(table):
    return [pytest.param(call, error, match, id=f"{param}-{i}") for i, (param, call, error, match) in enumerate(table)]


@pytest.mark.parametrize("call, error, match", cases(CONV))
def test_conv_rejects(no_jit, call, error, match):
    with pytest.raises(error, match=match):
        call(no_jit)


@pytest.mark.parametrize("call, error, match", cases(POOL))
def test_pooling_rejects(no_jit, call, error, match):
    with pytest.raises(error, match=match):
        call(no_jit)


@pytest.mark.parametrize("call, error, match", cases(ACTIVATION))
def test_activation_rejects(no_jit, call, error, match):
    with pytest.raises(error, match=match):
        call(no_jit)


def test_every_message_names_its_parameter():
    """The first word of each table row is the parameter the message must mention."""
    for param, _, _, match in CONV + POOL + ACTIVATION:
        word = {"mixed": "dtypes", "kernel": "kernel"}.get(param, param)
        assert word in match, (param, match)
