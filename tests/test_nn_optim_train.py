"""lessonlib.nn optimisers and fit(): convergence on a quadratic, seeded determinism, clear errors."""
import numpy as np
import pytest

from lessonlib.nn import SGD, Activation, Adam, Dense, Sequential, accuracy, evaluate, fit, mse_loss, softmax_cross_entropy

# f(p) = ½ Σ a_i (p_i − c_i)², gradient a ⊙ (p − c), minimum at c
A = np.array([1.0, 4.0, 0.5])
C = np.array([3.0, -2.0, 1.0])


def minimise(optimizer, steps, p0=(0.0, 0.0, 0.0)):
    p = np.array(p0, dtype=np.float64)
    for _ in range(steps):
        optimizer.step([("p", p, A * (p - C))])
    return p


def test_sgd_follows_the_closed_form_on_a_quadratic():
    # plain gradient descent: p_k − c = (1 − lr·a)^k (p_0 − c)
    lr, k = 0.1, 25
    p = minimise(SGD(lr=lr), k)
    assert np.allclose(p, C + (1 - lr * A) ** k * (0 - C), rtol=1e-12)


@pytest.mark.parametrize("optimizer, steps", [
    (SGD(lr=0.2), 200),
    (SGD(lr=0.05, momentum=0.9), 400),
    (Adam(lr=0.1), 1000),
])
def test_optimisers_converge_to_the_minimum(optimizer, steps):
    assert np.allclose(minimise(optimizer, steps), C, atol=1e-3)


def test_sgd_diverges_when_the_learning_rate_is_too_large():
    # stable only while |1 − lr·a| < 1 for every a, i.e. lr < 2 / max(a) = 0.5
    p = minimise(SGD(lr=0.6), 60)
    assert abs(p[1] - C[1]) > 1e3


def test_adam_first_step_moves_every_parameter_by_lr():
    # bias correction makes m̂ / sqrt(v̂) = g / |g| at t = 1, whatever the gradient's size
    p = minimise(Adam(lr=0.01), 1)
    assert np.allclose(p, 0.01 * np.sign(C), atol=1e-9)


@pytest.mark.parametrize("make, match", [
    (lambda: SGD(lr=0), "lr must be positive"),
    (lambda: SGD(lr=-1), "lr must be positive"),
    (lambda: SGD(lr=0.1, momentum=1.0), r"momentum must be in \[0, 1\)"),
    (lambda: Adam(lr=0), "lr must be positive"),
])
def test_optimisers_reject_bad_settings(make, match):
    with pytest.raises(ValueError, match=match):
        make()


# --- fit ----------------------------------------------------------------------------------

def blobs(n=120, seed=0):
    """Three Gaussian blobs in 2-D, 40 points each: an easy classification task."""
    rng = np.random.default_rng(seed)
    centres = np.array([[0.0, 2.0], [2.0, -1.0], [-2.0, -1.0]])
    y = np.repeat(np.arange(3), n // 3)
    return centres[y] + 0.6 * rng.standard_normal((n, 2)), y


def small_net(seed=0):
    rng = np.random.default_rng(seed)
    return Sequential(Dense(2, 8, rng), Activation("tanh"), Dense(8, 3, rng))


def test_fit_is_deterministic_for_a_seed():
    x, y = blobs()
    runs = []
    for _ in range(2):
        model = small_net()
        hist = fit(model, softmax_cross_entropy, Adam(0.01), x, y, epochs=3, batch_size=16, seed=5, progress=False)
        runs.append((model.state_dict(), hist.loss))
    (w1, loss1), (w2, loss2) = runs
    assert loss1 == loss2
    assert all(np.array_equal(w1[k], w2[k]) for k in w1)


def test_fit_seed_controls_the_shuffle():
    x, y = blobs()
    weights = []
    for seed in (1, 2):
        model = small_net()
        fit(model, softmax_cross_entropy, SGD(0.1), x, y, epochs=1, batch_size=16, seed=seed, progress=False)
        weights.append(model.state_dict()["0.W"])
    assert not np.array_equal(*weights)


def test_fit_reduces_the_loss_and_learns_the_blobs():
    x, y = blobs()
    model = small_net()
    before, _ = evaluate(model, softmax_cross_entropy, x, y)
    hist = fit(model, softmax_cross_entropy, Adam(0.05), x, y, epochs=30, batch_size=20,
               validation=blobs(seed=1), progress=False)
    after, acc = evaluate(model, softmax_cross_entropy, x, y)
    assert len(hist.loss) == len(hist.accuracy) == len(hist.val_loss) == len(hist.val_accuracy) == 30
    assert hist.loss[-1] < 0.5 * hist.loss[0] and after < 0.5 * before
    assert acc > 0.95 and hist.val_accuracy[-1] > 0.9
    assert all(s > 0 for s in hist.images_per_second)


def test_fit_regression_with_mse_keeps_no_accuracy():
    rng = np.random.default_rng(0)
    x = rng.uniform(-1, 1, (64, 1))
    y = 3 * x - 1
    model = Sequential(Dense(1, 1, rng))
    hist = fit(model, mse_loss, SGD(0.1), x, y, epochs=40, batch_size=8, progress=False)
    assert hist.accuracy == [] and hist.loss[-1] < 1e-4
    assert model.layers[0].params["W"][0, 0] == pytest.approx(3, abs=1e-2)
    assert model.layers[0].params["b"][0] == pytest.approx(-1, abs=1e-2)


def test_accuracy_counts_argmax_hits():
    assert accuracy(np.array([[0.1, 0.9], [2.0, 1.0], [0.0, 3.0]]), np.array([1, 0, 0])) == pytest.approx(2 / 3)


@pytest.mark.parametrize("kwargs, match", [
    (dict(y=np.zeros(5, int)), "x has 6 samples but y has 5"),
    (dict(epochs=0), "epochs and batch_size must be positive"),
    (dict(batch_size=0), "epochs and batch_size must be positive"),
])
def test_fit_rejects_bad_inputs(kwargs, match):
    args = dict(x=np.zeros((6, 2)), y=np.zeros(6, int)) | kwargs
    with pytest.raises(ValueError, match=match):
        fit(small_net(), softmax_cross_entropy, SGD(0.1), args.pop("x"), args.pop("y"), progress=False, **args)
