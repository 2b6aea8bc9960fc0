"""lessonlib.nn layers and Sequential: every backward against finite differences (float64),
output shapes, summary, save/load."""
import numpy as np
import pytest

from lessonlib.arithmetic import mlp_params
from lessonlib.kernels.activations import ACTIVATIONS
from lessonlib.nn import (Activation, AvgPool2D, Conv2D, Dense, Flatten, MaxPool2D, Sequential,
                          softmax_cross_entropy)
from lessonlib.nn.gradcheck import numerical_gradient, relative_error

TOL = 1e-6


def gradient_errors(model, x, dout):
    """Relative error of the analytic gradient of sum(model(x) * dout) for x and every parameter."""
    model.forward(x)
    dx = model.backward(dout)
    analytic = {"x": dx} | {key: g.copy() for key, _, g in model.params_and_grads()}

    def f():
        return np.sum(model.forward(x) * dout)

    numeric = {"x": numerical_gradient(f, x)}
    numeric |= {key: numerical_gradient(f, p) for key, p, _ in model.params_and_grads()}
    return {key: relative_error(analytic[key], numeric[key]) for key in analytic}


def away_from_kinks(a, gap=1e-3):
    """Nudge entries away from 0, where ReLU-like units have a kink finite differences straddle."""
    return np.where(np.abs(a) < gap, a + np.sign(a + 1e-12) * 2 * gap, a)


@pytest.fixture
def rng():
    return np.random.default_rng(7)


def test_dense_layer_gradients(rng):
    model = Sequential(Dense(5, 3, rng))
    errors = gradient_errors(model, rng.standard_normal((4, 5)), rng.standard_normal((4, 3)))
    assert set(errors) == {"x", "0.W", "0.b"}
    assert max(errors.values()) < TOL, errors


@pytest.mark.parametrize("name, param", [(name, None) for name in ACTIVATIONS]
                         + [("leaky_relu", 0.2), ("elu", 0.7)])
def test_activation_layer_gradients(rng, name, param):
    x = away_from_kinks(rng.standard_normal((3, 4)) * 2)
    errors = gradient_errors(Sequential(Activation(name, param)), x, rng.standard_normal((3, 4)))
    assert errors["x"] < TOL, errors


def test_activation_param_changes_the_function():
    x = np.array([-2.0, 3.0])
    assert Activation("leaky_relu", 0.2).forward(x).tolist() == [-0.4, 3.0]
    assert Activation("elu", 0.5).forward(x)[0] == pytest.approx(0.5 * (np.exp(-2) - 1))


@pytest.mark.parametrize("name, param, match", [
    ("swish", None, "activation must be one of"),
    ("relu", 0.1, "takes no parameter"),
])
def test_activation_rejects_bad_settings(name, param, match):
    with pytest.raises(ValueError, match=match):
        Activation(name, param).forward(np.zeros(2))


@pytest.mark.parametrize("conv_settings, pool", [
    (dict(stride=1, padding=1), MaxPool2D(2)),
    (dict(stride=2, padding=1, dilation=1), AvgPool2D(2, stride=1)),
    (dict(stride=1, padding=2, dilation=2, groups=2), MaxPool2D(3, stride=2, padding=1)),
    (dict(stride=1, padding=0), AvgPool2D(2, ceil_mode=True)),
])
def test_conv_and_pool_layers_gradients_through_sequential(rng, conv_settings, pool):
    model = Sequential(Conv2D(2, 4, 3, rng, dtype=np.float64, **conv_settings), Activation("tanh"), pool)
    x = rng.standard_normal((2, 2, 7, 7))
    out_shape = (2,) + model.summary((2, 7, 7))[-1].output_shape
    errors = gradient_errors(model, x, rng.standard_normal(out_shape))
    assert set(errors) == {"x", "0.W", "0.b"}
    assert max(errors.values()) < TOL, errors


def test_whole_cnn_with_loss_gradients(rng):
    """Conv -> ReLU -> max-pool -> flatten -> dense -> tanh -> dense -> softmax cross-entropy."""
    model = Sequential(Conv2D(1, 3, 3, rng, padding=1, dtype=np.float64), Activation("relu"), MaxPool2D(2),
                       Flatten(), Dense(3 * 3 * 3, 5, rng), Activation("tanh"), Dense(5, 4, rng))
    x, y = rng.standard_normal((3, 1, 6, 6)), np.array([0, 3, 1])
    loss, dscores = softmax_cross_entropy(model.forward(x), y)
    dx = model.backward(dscores)
    analytic = {"x": dx} | {key: g.copy() for key, _, g in model.params_and_grads()}

    def f():
        return softmax_cross_entropy(model.forward(x), y)[0]

    assert f() == pytest.approx(loss)
    numeric = {"x": numerical_gradient(f, x)} | {k: numerical_gradient(f, p) for k, p, _ in model.params_and_grads()}
    errors = {k: relative_error(analytic[k], numeric[k]) for k in analytic}
    assert set(errors) == {"x", "0.W", "0.b", "4.W", "4.b", "6.W", "6.b"}
    assert max(errors.values()) < TOL, errors


def test_summary_shapes_and_parameter_counts(rng):
    model = Sequential(Conv2D(1, 6, 5, rng, padding=2), Activation("relu"), MaxPool2D(2),
                       Conv2D(6, 16, 5, rng), MaxPool2D(2), Flatten(), Dense(400, 10, rng, dtype=np.float32))
    rows = model.summary((1, 28, 28))
    assert [r.output_shape for r in rows] == [(6, 28, 28), (6, 28, 28), (6, 14, 14), (16, 10, 10),
                                              (16, 5, 5), (400,), (10,)]
    assert [r.params for r in rows] == [156, 0, 0, 2416, 0, 0, 4010]
    assert model.n_params() == 156 + 2416 + 4010
    assert model.forward(np.zeros((2, 1, 28, 28), np.float32)).shape == (2, 10)


def test_mlp_parameter_count_agrees_with_arithmetic(rng):
    model = Sequential(Dense(784, 500, rng), Activation("relu"), Dense(500, 10, rng))
    assert model.n_params() == mlp_params((784, 500, 10)) == 397_510


def test_predict_in_batches_equals_one_forward(rng):
    model = Sequential(Dense(3, 4, rng), Activation("sigmoid"), Dense(4, 2, rng))
    x = rng.standard_normal((11, 3))
    assert np.allclose(model.predict(x, batch_size=4), model.forward(x))


def test_save_load_round_trip(tmp_path, rng):
    def build(seed):
        r = np.random.default_rng(seed)
        return Sequential(Conv2D(1, 2, 3, r), Flatten(), Dense(2 * 4 * 4, 3, r, dtype=np.float32))

    trained, fresh = build(1), build(2)
    x = rng.standard_normal((2, 1, 6, 6)).astype(np.float32)
    assert not np.allclose(trained.forward(x), fresh.forward(x))
    trained.save(tmp_path / "net.npz")
    assert fresh.load(tmp_path / "net.npz") is fresh
    assert np.array_equal(trained.forward(x), fresh.forward(x))
    for (k1, p1), (k2, p2) in zip(trained.state_dict().items(), fresh.state_dict().items()):
        assert k1 == k2 and p1.dtype == p2.dtype and np.array_equal(p1, p2)


def test_load_into_a_different_architecture_fails_clearly(tmp_path, rng):
    Sequential(Dense(4, 3, rng), Activation("relu"), Dense(3, 2, rng)).save(tmp_path / "a.npz")
    with pytest.raises(ValueError, match="holds .* this model has"):
        Sequential(Dense(4, 3, rng)).load(tmp_path / "a.npz")
    wider = Sequential(Dense(4, 5, rng), Activation("relu"), Dense(5, 2, rng))
    before = wider.state_dict()["0.W"].copy()
    with pytest.raises(ValueError, match=r"0\.W has shape \(3, 4\), the model needs \(5, 4\)"):
        wider.load(tmp_path / "a.npz")
    assert np.array_equal(wider.state_dict()["0.W"], before)


def test_layer_repr_names_the_settings(rng):
    assert repr(Dense(4, 3, rng)) == "Dense(n_in=4, n_out=3)"
    assert repr(Activation("elu", 0.5)) == "Activation(name='elu', param=0.5)"
    assert repr(MaxPool2D(2)) == "MaxPool2D(kernel_size=2)"
