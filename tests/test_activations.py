"""Activation ufuncs: values against their formulas, derivatives against central finite
differences (float64), dtypes kept, and the layer pair activation_forward/backward."""
import numpy as np
import pytest

from lessonlib.kernels.activations import ACTIVATIONS, ActivationCache, activation_backward, activation_forward
from lessonlib.nn.gradcheck import numerical_gradient

# every activation with each parameter value worth checking (None: no parameter / the default)
CASES = [("sigmoid", None), ("tanh", None), ("relu", None), ("softplus", None),
         ("leaky_relu", None), ("leaky_relu", 0.3), ("leaky_relu", 1.5), ("elu", None), ("elu", 0.5), ("elu", 2.0)]
IDS = [f"{name}-{param}" for name, param in CASES]


def formula(name, x, param):
    """The textbook definitions, written the plain (overflow-prone) way: fine on [-5, 5]."""
    if name == "sigmoid":
        return 1 / (1 + np.exp(-x))
    if name == "tanh":
        return (np.exp(x) - np.exp(-x)) / (np.exp(x) + np.exp(-x))
    if name == "relu":
        return np.maximum(x, 0)
    if name == "softplus":
        return np.log(1 + np.exp(x))
    if name == "leaky_relu":   # the lecture's eps*x + (1 - eps)*max(0, x)
        return param * x + (1 - param) * np.maximum(0, x)
    if name == "elu":
        return np.where(x > 0, x, param * (np.exp(x) - 1))
    raise AssertionError(name)


def away_from_the_kink(n, seed):
    """Points in [-5, 5] at least 1e-3 from 0, where relu, leaky_relu and elu bend."""
    x = np.random.default_rng(seed).uniform(-5, 5, n)
    return np.where(np.abs(x) < 1e-3, 0.5, x)


def test_every_activation_is_covered():
    assert {name for name, _ in CASES} == set(ACTIVATIONS)


@pytest.mark.parametrize("name, param", CASES, ids=IDS)
def test_values_follow_the_formula(name, param):
    x = np.linspace(-5, 5, 101)
    y, cache = activation_forward(x, name, param)
    used = ACTIVATIONS[name][3] if param is None else param
    assert cache.param == used
    np.testing.assert_allclose(y, formula(name, x, used), rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("name, param", CASES, ids=IDS)
def test_backward_matches_central_differences(name, param):
    x = away_from_the_kink((3, 7), seed=1)
    weights = np.random.default_rng(2).standard_normal(x.shape)       # loss = sum(weights * f(x))
    _, cache = activation_forward(x, name, param)
    dx = activation_backward(weights, cache)
    numeric = numerical_gradient(lambda: float(np.sum(weights * activation_forward(x, name, param)[0])), x)
    np.testing.assert_allclose(dx, numeric, rtol=1e-7, atol=1e-9)


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_the_grad_ufunc_is_the_derivative_of_the_ufunc(name):
    f, df, pname, default = ACTIVATIONS[name]
    args = () if pname is None else (default,)
    x = away_from_the_kink(50, seed=3)
    eps = 1e-6
    np.testing.assert_allclose(df(x, *args), (f(x + eps, *args) - f(x - eps, *args)) / (2 * eps), rtol=1e-7, atol=1e-9)


@pytest.mark.parametrize("name, param", CASES, ids=IDS)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_dtype_and_shape_are_kept(name, param, dtype):
    x = np.linspace(-3, 3, 24, dtype=dtype).reshape(2, 3, 4)
    y, cache = activation_forward(x, name, param)
    dx = activation_backward(np.ones_like(y), cache)
    assert y.dtype == dx.dtype == dtype and y.shape == dx.shape == x.shape
    if dtype == np.float32:   # float32 rounding of the float64 answer, nothing worse
        y64, _ = activation_forward(x.astype(np.float64), name, param)
        np.testing.assert_allclose(y, y64, rtol=1e-6, atol=1e-7)


def test_no_overflow_far_from_zero():
    x = np.array([-1000.0, -50.0, 50.0, 1000.0])
    with np.errstate(over="raise", invalid="raise", divide="raise"):   # underflow to 0 is fine
        for name in ACTIVATIONS:
            y, cache = activation_forward(x, name)
            assert np.isfinite(y).all() and np.isfinite(activation_backward(np.ones(4), cache)).all()
    np.testing.assert_allclose(activation_forward(x, "sigmoid")[0], [0, 1.9287498479639178e-22, 1, 1])
    np.testing.assert_allclose(activation_forward(x, "softplus")[0], [0, 1.9287498479639178e-22, 50, 1000])


def test_conventions_at_zero():
    """At the kink the library picks one side: relu'(0) = 0, leaky'(0) = slope, elu'(0) = alpha."""
    x = np.zeros(1)
    assert activation_backward(np.ones(1), activation_forward(x, "relu")[1])[0] == 0
    assert activation_backward(np.ones(1), activation_forward(x, "leaky_relu", 0.2)[1])[0] == 0.2
    assert activation_backward(np.ones(1), activation_forward(x, "elu", 0.7)[1])[0] == 0.7


def test_the_lazy_ufuncs_behave_like_numpy_ufuncs():
    relu = ACTIVATIONS["relu"][0]
    assert relu.__name__ == "relu" and relu.types == ["f->f", "d->d"]    # built on first use
    assert relu(-2.0) == 0.0 and relu(np.float32(3)).dtype == np.float32
    assert relu.nin == 1 and ACTIVATIONS["elu"][0].nin == 2          # ufunc attributes pass through
    out = np.empty(3)
    relu(np.array([-1.0, 2.0, 3.0]), out=out)                         # and so do keyword arguments
    np.testing.assert_array_equal(out, [0, 2, 3])
    assert isinstance(activation_forward(np.ones(2), "relu")[1], ActivationCache)
