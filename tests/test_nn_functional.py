"""lessonlib.nn.functional: dense layer and losses against finite differences; clear errors."""
import numpy as np
import pytest

from lessonlib.nn.functional import dense_backward, dense_forward, mse_loss, softmax, softmax_cross_entropy
from lessonlib.nn.gradcheck import numerical_gradient, relative_error

TOL = 1e-6


@pytest.fixture
def rng():
    return np.random.default_rng(42)


# --- the finite-difference reference itself ------------------------------------------------

def test_numerical_gradient_of_a_known_function():
    x = np.array([[-1.5, 0.0], [2.0, 0.25]])
    grad = numerical_gradient(lambda: np.sum(np.sin(x) * x ** 2), x)
    assert np.allclose(grad, np.cos(x) * x ** 2 + 2 * x * np.sin(x), atol=1e-8)
    assert np.array_equal(x, [[-1.5, 0.0], [2.0, 0.25]]), "x must be restored"


def test_numerical_gradient_needs_float64():
    with pytest.raises(TypeError, match="float64"):
        numerical_gradient(lambda: 0.0, np.zeros(3, np.float32))


def test_relative_error_flags_a_wrong_gradient():
    assert relative_error(np.array([1.0, 2.0]), np.array([1.0, 2.0])) == 0.0
    assert relative_error(np.array([1.0, 2.0]), np.array([1.0, 2.2])) > 0.04


# --- dense -----------------------------------------------------------------------------------

@pytest.mark.parametrize("with_bias", [True, False])
def test_dense_backward_matches_finite_differences(rng, with_bias):
    x, w = rng.standard_normal((4, 5)), rng.standard_normal((3, 5))
    b = rng.standard_normal(3) if with_bias else None
    dout = rng.standard_normal((4, 3))
    out, cache = dense_forward(x, w, b)
    assert out.shape == (4, 3)
    dx, dw, db = dense_backward(dout, cache)

    def f():
        return np.sum(dense_forward(x, w, b)[0] * dout)

    assert relative_error(dx, numerical_gradient(f, x)) < TOL
    assert relative_error(dw, numerical_gradient(f, w)) < TOL
    if with_bias:
        assert relative_error(db, numerical_gradient(f, b)) < TOL


def test_dense_forward_is_x_times_w_transposed_plus_b():
    x = np.array([[1.0, 2.0]])
    w = np.array([[1.0, 0.0], [0.5, -1.0], [0.0, 3.0]])    # (n_out=3, n_in=2), as the lecture's θ_f
    out, _ = dense_forward(x, w, np.array([0.0, 1.0, -1.0]))
    assert out.tolist() == [[1.0, -0.5, 5.0]]


@pytest.mark.parametrize("args, error, match", [
    ((np.zeros((2, 3)), np.zeros((4, 2))), ValueError, "n_in = 3"),
    ((np.zeros(3), np.zeros((4, 3))), ValueError, r"x must have 2 dimensions"),
    ((np.zeros((2, 3)), np.zeros((4, 3)), np.zeros(3)), ValueError, r"b must have shape"),
    ((np.zeros((2, 3), np.float32), np.zeros((4, 3))), TypeError, "mixed dtypes"),
    ((np.zeros((2, 3), int), np.zeros((4, 3))), TypeError, "float32 or float64"),
    (([[1.0, 2.0]], np.zeros((1, 2))), TypeError, "numpy array"),
    ((np.full((1, 2), np.nan), np.zeros((1, 2))), ValueError, "NaN"),
])
def test_dense_forward_rejects_bad_inputs(args, error, match):
    with pytest.raises(error, match=match):
        dense_forward(*args)


def test_dense_backward_rejects_wrong_dout_shape():
    _, cache = dense_forward(np.zeros((2, 3)), np.zeros((4, 3)))
    with pytest.raises(ValueError, match=r"dout must have shape \(2, 4\)"):
        dense_backward(np.zeros((4, 2)), cache)


# --- softmax and the losses ---------------------------------------------------------------

def test_softmax_rows_sum_to_one_and_survive_huge_scores():
    p = softmax(np.array([[1000.0, 1000.0, 0.0], [-5.0, 0.0, 5.0]]))
    assert np.all(np.isfinite(p))
    assert np.allclose(p.sum(axis=1), 1)
    assert np.allclose(p[0], [0.5, 0.5, 0.0])


def test_softmax_cross_entropy_value_and_gradient(rng):
    scores, y = rng.standard_normal((6, 4)), rng.integers(0, 4, 6)
    loss, dscores = softmax_cross_entropy(scores, y)
    assert loss == pytest.approx(-np.mean(np.log(softmax(scores)[np.arange(6), y])), rel=1e-12)
    numeric = numerical_gradient(lambda: softmax_cross_entropy(scores, y)[0], scores)
    assert relative_error(dscores, numeric) < TOL


def test_softmax_cross_entropy_of_uniform_scores_is_log_k():
    loss, _ = softmax_cross_entropy(np.zeros((3, 10)), np.array([0, 4, 9]))
    assert loss == pytest.approx(np.log(10))


@pytest.mark.parametrize("y, match", [
    (np.array([0, 3]), r"class indices in 0\.\.2"),
    (np.array([0, -1]), r"class indices in 0\.\.2"),
    (np.array([0.0, 1.0]), "integer class labels"),
    (np.array([0, 1, 2]), "2 integer class labels"),
])
def test_softmax_cross_entropy_rejects_bad_labels(y, match):
    with pytest.raises(ValueError, match=match):
        softmax_cross_entropy(np.zeros((2, 3)), y)


@pytest.mark.parametrize("shape", [(7,), (5, 1), (2, 3, 4)])
def test_mse_loss_value_and_gradient(rng, shape):
    pred, target = rng.standard_normal(shape), rng.standard_normal(shape)
    loss, dpred = mse_loss(pred, target)
    assert loss == pytest.approx(np.mean((pred - target) ** 2), rel=1e-12)
    assert relative_error(dpred, numerical_gradient(lambda: mse_loss(pred, target)[0], pred)) < TOL


def test_mse_loss_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match=r"target must have pred's shape \(4, 1\)"):
        mse_loss(np.zeros((4, 1)), np.zeros(4))
