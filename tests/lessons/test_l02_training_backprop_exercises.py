"""Lesson 2's exercise check: the solution passes the check AND agrees with finite differences, the
stub is not done, every named mistake and unnamed wrong solutions are rejected; the questions take
their answers and reject the known wrong ones."""
import importlib.util
import time
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from lessonlib.lessons.l02_training_backprop import exercises as ex
from lessonlib.nn import numerical_gradient, relative_error

SOLUTION = Path(__file__).resolve().parents[2] / "solutions" / "l02_training_backprop.py"
EXERCISE = ex.mlp_backward_exercise


def _solution():
    spec = importlib.util.spec_from_file_location("l02_solution", SOLUTION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.mlp_backward


def test_solution_is_correct():
    result = EXERCISE.result(_solution())
    assert result.status == "correct", result.message
    assert result.total == len(EXERCISE.cases) >= 7


@pytest.mark.parametrize("k", range(7))
def test_solution_agrees_with_finite_differences(k):
    """L = Σ dscores · scores has ∂L/∂scores = dscores: its numerical gradient is what mlp_backward returns."""
    X, W1, b1, W2, b2, dscores = (np.array(a, dtype=np.float64) for a in EXERCISE.cases[k].args)
    analytic = _solution()(X, W1, b1, W2, b2, dscores)
    params = (W1, b1, W2, b2)
    for name, p, grad in zip(("W1", "b1", "W2", "b2"), params, analytic):
        numeric = numerical_gradient(lambda: float(np.sum(dscores * ex.scores(X, *params))), p)
        assert grad.shape == p.shape, name
        assert relative_error(grad, numeric) < 1e-6, name


def test_stub_is_not_done():
    def mlp_backward(X, W1, b1, W2, b2, dscores):
        raise NotImplementedError()
    assert EXERCISE.result(mlp_backward).status == "not done"


@pytest.mark.parametrize("mistake", ex.MISTAKES, ids=[m.name for m in ex.MISTAKES])
def test_named_mistake_is_rejected_and_named(mistake):
    result = EXERCISE.result(mistake.fn)
    assert result.status == "wrong"
    assert result.mistake == mistake.name, result.message


def test_the_batch_mistakes_are_caught_past_the_one_example_case():
    for mistake in (ex.db_averaged_over_the_batch, ex.dW_divided_by_n_again):
        assert EXERCISE.result(mistake).passed >= 1           # N = 1 hides them; a batch does not


def _tanh_instead_of_sigmoid(X, W1, b1, W2, b2, dscores):
    a1 = np.tanh(X @ W1.T + b1)
    d_z1 = (dscores @ W2) * (1 - a1 ** 2)
    return d_z1.T @ X, d_z1.sum(axis=0), dscores.T @ a1, dscores.sum(axis=0)


def _w2_transposed_in_the_chain(X, W1, b1, W2, b2, dscores):
    dW1, db1, dW2, db2 = _solution()(X, W1, b1, W2, b2, dscores)
    a1 = 1 / (1 + np.exp(-(X @ W1.T + b1)))
    d_a1 = dscores @ W2.T if W2.shape[0] == W2.shape[1] else dscores @ W2[:, ::-1]
    d_z1 = d_a1 * a1 * (1 - a1)
    return d_z1.T @ X, d_z1.sum(axis=0), dW2, db2


def _gradients_in_the_wrong_order(X, W1, b1, W2, b2, dscores):
    dW1, db1, dW2, db2 = _solution()(X, W1, b1, W2, b2, dscores)
    return dW2, db2, dW1, db1


def _bias_gradients_forgotten(X, W1, b1, W2, b2, dscores):
    dW1, db1, dW2, db2 = _solution()(X, W1, b1, W2, b2, dscores)
    return dW1, np.zeros_like(db1), dW2, np.zeros_like(db2)


def _gradient_ascent_sign(X, W1, b1, W2, b2, dscores):
    return tuple(-g for g in _solution()(X, W1, b1, W2, b2, dscores))


@pytest.mark.parametrize("wrong", [_tanh_instead_of_sigmoid, _w2_transposed_in_the_chain,
                                   _gradients_in_the_wrong_order, _bias_gradients_forgotten, _gradient_ascent_sign],
                         ids=["tanh_instead_of_sigmoid", "w2_transposed_in_the_chain", "gradients_in_the_wrong_order",
                              "bias_gradients_forgotten", "gradient_ascent_sign"])
def test_other_wrong_solutions_are_rejected(wrong):
    result = EXERCISE.result(wrong)
    assert result.status == "wrong", result.message
    assert result.mistake is None, result.message


def test_the_check_never_prints_the_solution(capsys):
    EXERCISE.check(ex.forgot_the_activation_derivative)
    out = capsys.readouterr().out
    assert "likely mistake: forgot_the_activation_derivative" in out and "def " not in out


def test_checks_are_fast():
    EXERCISE.result(_solution())
    start = time.perf_counter()
    EXERCISE.result(_solution())
    assert time.perf_counter() - start < 0.5


# the lesson's tiny example
X1, W1, B1, W2, B2 = np.array([0.5, -1.0]), ex._W1, ex._B1, ex._W2, ex._B2


def test_question_1_asks_for_another_target_than_the_printed_one():
    q1 = ex.bias_gradient_question(X1, W1, B1, W2, B2, target=0.0)
    z2 = float(ex.scores(X1[None], W1, B1, W2, B2)[0, 0])
    assert abs(z2 - 0.3899) < 1e-4
    assert q1.feedback(2 * z2) == "right" and q1.feedback(0.78) == "right"
    assert "printed gradient" in q1.feedback(-1.2201)
    assert "factor 2" in q1.feedback(0.3899) and "sign" in q1.feedback(-0.78)
    assert "the loss" in q1.feedback(z2 ** 2)
    assert q1.feedback(0.7).startswith("wrong")


def _curve(lr, final, diverged=None):
    return SimpleNamespace(lr=lr, loss=np.array([4.173, 1.0, final]), diverged_at=diverged)


# the committed notebook's runs (final losses after 200 steps)
CURVES = [_curve(0.001, 0.06869), _curve(0.00562, 0.04777), _curve(0.01, 0.04296), _curve(0.0178, 0.03733),
          _curve(0.1, 0.02709), _curve(0.316, np.nan, diverged=4)]


def test_question_2_reads_the_final_loss_off_the_widget():
    q2 = ex.final_loss_question(CURVES, lr=0.01)
    assert q2.feedback(0.043) == "right" and q2.feedback(0.04296) == "right"
    assert "neighbour" in q2.feedback(0.048) and "neighbour" in q2.feedback(0.04777)
    assert "neighbour" in q2.feedback(0.03733) and "lowest final loss" in q2.feedback(0.02709)
    assert "before training" in q2.feedback(4.173)
    assert q2.feedback(0.045).startswith("wrong") and q2.feedback(0.041).startswith("wrong")


def test_question_3_counts_exactly():
    assert ex.q3.feedback(98) == "right"
    assert "two" in ex.q3.feedback(49) and "biases" in ex.q3.feedback(64)
    assert ex.q3.feedback(97).startswith("wrong") and ex.q3.feedback(98.5).startswith("wrong")


def test_unanswered_questions_show_no_answer():
    qs = (ex.bias_gradient_question(X1, W1, B1, W2, B2, target=0.0), ex.final_loss_question(CURVES), ex.q3)
    for q in qs:
        text = q.feedback(None)
        assert text.startswith("not answered yet")
        assert not any(s in text for s in ("0.78", "0.043", "98"))
