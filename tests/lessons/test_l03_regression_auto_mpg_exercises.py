"""Lesson 3's exercise check: the solution passes, the stub is not done, every named mistake and
unnamed wrong solutions are rejected, the step lowers the loss; the questions take their answers and
reject the known wrong ones."""
import importlib.util
import time
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from lessonlib.data import load_auto_mpg
from lessonlib.lessons.l03_regression_auto_mpg import exercises as ex
from lessonlib.nn import mse_loss
from lessonlib.nn.preprocess import Standardiser, train_test_split

SOLUTION = Path(__file__).resolve().parents[2] / "solutions" / "l03_regression_auto_mpg.py"
EXERCISE = ex.gd_step_exercise


def _solution():
    spec = importlib.util.spec_from_file_location("l03_solution", SOLUTION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.gd_step


def test_solution_is_correct():
    result = EXERCISE.result(_solution())
    assert result.status == "correct", result.message
    assert result.total == len(EXERCISE.cases) >= 6


def test_stub_is_not_done():
    def gd_step(X, y, w, b, lr):
        raise NotImplementedError()
    assert EXERCISE.result(gd_step).status == "not done"


@pytest.mark.parametrize("mistake", ex.MISTAKES, ids=[m.name for m in ex.MISTAKES])
def test_named_mistake_is_rejected_and_named(mistake):
    result = EXERCISE.result(mistake.fn)
    assert result.status == "wrong"
    assert result.mistake == mistake.name, result.message


def _split():
    cars = load_auto_mpg()
    X = np.column_stack([cars.column(name) for name in ("cylinders", "horsepower", "weight")])
    return train_test_split(X, cars.column("mpg"), test_fraction=0.2, seed=0)


def test_steps_on_the_lesson_data_lower_the_loss_towards_least_squares():
    X_train, _, y_train, _ = _split()
    Z = Standardiser.fit(X_train).apply(X_train)
    w, b = np.zeros(3), 0.0
    loss = [mse_loss(Z @ w + b, y_train)[0]]
    for _ in range(2000):
        w, b = _solution()(Z, y_train, w, b, 0.1)
        loss.append(mse_loss(Z @ w + b, y_train)[0])
    assert all(later <= earlier * (1 + 1e-12) for earlier, later in zip(loss, loss[1:])) and loss[1] < loss[0]
    coef, *_ = np.linalg.lstsq(np.column_stack([Z, np.ones(len(Z))]), y_train, rcond=None)
    assert np.allclose(np.append(w, b), coef, atol=1e-3)


def _half_mse(X, y, w, b, lr):                 # the ½·mean convention: the factor 2 of another loss
    r = X @ w + b - y
    return w - lr * X.T @ r / len(y) / 2, float(b - lr * r.mean() / 2)


def _y_minus_prediction_descended(X, y, w, b, lr):
    r = y - (X @ w + b)
    return w - lr * 2 * X.T @ r / len(y), float(b - lr * 2 * r.mean())


def _gradients_returned(X, y, w, b, lr):
    r = X @ w + b - y
    return 2 * X.T @ r / len(y), float(2 * r.mean())


def _divided_by_n_minus_1(X, y, w, b, lr):
    r = X @ w + b - y
    n = len(y) - 1 if len(y) > 1 else 1
    return w - lr * 2 * X.T @ r / n, float(b - lr * 2 * r.sum() / n)


def _b_updated_with_the_w_gradient(X, y, w, b, lr):
    r = X @ w + b - y
    dw = 2 * X.T @ r / len(y)
    return w - lr * dw, float(b - lr * dw.sum())


def _two_steps(X, y, w, b, lr):
    w, b = _solution()(X, y, w, b, lr)
    return _solution()(X, y, w, b, lr)


@pytest.mark.parametrize("wrong", [_half_mse, _y_minus_prediction_descended, _gradients_returned,
                                   _divided_by_n_minus_1, _b_updated_with_the_w_gradient, _two_steps],
                         ids=["half_mse", "y_minus_prediction_descended", "gradients_returned",
                              "divided_by_n_minus_1", "b_updated_with_the_w_gradient", "two_steps"])
def test_other_wrong_solutions_are_rejected(wrong):
    result = EXERCISE.result(wrong)
    assert result.status == "wrong", result.message


def test_y_minus_prediction_is_recognised_as_the_sign_slip():
    assert EXERCISE.result(_y_minus_prediction_descended).mistake == "gradient_sign_flipped"


def test_the_check_never_prints_the_solution(capsys):
    EXERCISE.check(ex.forgot_the_factor_2)
    out = capsys.readouterr().out
    assert "likely mistake: forgot_the_factor_2" in out and "def " not in out


def test_checks_are_fast():
    EXERCISE.result(_solution())
    start = time.perf_counter()
    EXERCISE.result(_solution())
    assert time.perf_counter() - start < 0.5


def test_question_1_on_the_lesson_split():
    _, _, y_train, y_test = _split()
    q1 = ex.lazy_mae_question(y_train, y_test)
    answer = float(np.mean(np.abs(y_train.mean() - y_test)))
    assert q1.feedback(answer) == "right" and q1.feedback(round(answer, 2)) == "right"
    own = float(np.mean(np.abs(y_test.mean() - y_test)))
    assert "test set's own mean" in q1.feedback(own) and "test set's own mean" in q1.feedback(round(own, 2))
    assert "training cars" in q1.feedback(round(float(np.mean(np.abs(y_train.mean() - y_train))), 2))
    assert "root mean squared" in q1.feedback(float(np.sqrt(np.mean((y_train.mean() - y_test) ** 2))))
    assert q1.feedback(answer + 0.1).startswith("wrong")


def test_question_2_counts_exactly():
    assert ex.q2.feedback(41) == "right"
    assert "biases are forgotten" in ex.q2.feedback(32) and "least-squares line" in ex.q2.feedback(4)
    assert "output bias" in ex.q2.feedback(40) and "hidden biases" in ex.q2.feedback(33)
    assert ex.q2.feedback(42).startswith("wrong") and ex.q2.feedback(41.5).startswith("wrong")


def _run(test_mae, train_mae):
    return {8: SimpleNamespace(test_mae=np.array(test_mae, dtype=float), train_mae=np.array(train_mae, dtype=float))}


def test_question_3_the_first_epoch_below_the_line():
    test_mae = [5.0, 4.0, 3.6, 3.4, 3.55, 3.45, 3.3, 3.2]         # below 3.5 first at epoch 4, for good from 6
    train_mae = [5.0, 3.9, 3.3, 3.2, 3.1, 3.0, 2.9, 2.8]          # the training error drops below at epoch 3
    q3 = ex.first_epoch_question(_run(test_mae, train_mae), linear_mae=3.5)
    assert q3.feedback(4) == "right" and q3.feedback(4.0) == "right"
    assert "counted from 0" in q3.feedback(3) or "training error" in q3.feedback(3)
    assert "stays below" in q3.feedback(6)
    assert q3.feedback(5).startswith("wrong") and q3.feedback(4.5).startswith("wrong")
    with pytest.raises(ValueError):
        ex.first_epoch_question(_run([4.0, 3.9], [4.0, 3.0]), linear_mae=3.5)


def test_unanswered_questions_show_no_answer():
    _, _, y_train, y_test = _split()
    q3 = ex.first_epoch_question(_run([5.0, 4.0, 3.4], [5.0, 3.0, 3.0]), linear_mae=3.5)
    for q, secret in ((ex.lazy_mae_question(y_train, y_test), f"{np.mean(np.abs(y_train.mean() - y_test)):.2f}"),
                      (ex.q2, "41"), (q3, "3")):
        text = q.feedback(None)
        assert text.startswith("not answered yet") and secret not in text
