"""Lesson 1's exercise check: the solution passes, the stub is not done, every named mistake and
unnamed wrong solutions are rejected; the questions take their answers and reject the known wrong ones."""
import importlib.util
import time
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from lessonlib.lessons.l01_mlp_representation import exercises as ex

SOLUTION = Path(__file__).resolve().parents[2] / "solutions" / "l01_mlp_representation.py"
EXERCISE = ex.mlp_forward_exercise


def _solution():
    spec = importlib.util.spec_from_file_location("l01_solution", SOLUTION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.mlp_forward


def test_solution_is_correct():
    result = EXERCISE.result(_solution())
    assert result.status == "correct", result.message
    assert result.total == len(EXERCISE.cases) >= 8


def test_stub_is_not_done():
    def mlp_forward(X, W1, b1, W2, b2, activation):
        raise NotImplementedError()
    assert EXERCISE.result(mlp_forward).status == "not done"


@pytest.mark.parametrize("mistake", ex.MISTAKES, ids=[m.name for m in ex.MISTAKES])
def test_named_mistake_is_rejected_and_named(mistake):
    result = EXERCISE.result(mistake.fn)
    assert result.status == "wrong"
    assert result.mistake == mistake.name, result.message


def test_transposed_weights_fail_on_a_non_square_layer_too():
    square = [c for c in EXERCISE.cases if c.args[1].shape[0] == c.args[1].shape[1]]
    other = [c for c in EXERCISE.cases if c.args[1].shape[0] != c.args[1].shape[1]]
    assert square and other
    for case in other:
        with pytest.raises(ValueError):
            ex.weights_transposed(*case.args)


def _scores_only(X, W1, b1, W2, b2, activation):
    return _solution()(X, W1, b1, W2, b2, activation)[0]


def _hidden_and_scores_swapped(X, W1, b1, W2, b2, activation):
    scores, hidden = _solution()(X, W1, b1, W2, b2, activation)
    return hidden, scores


def _always_relu(X, W1, b1, W2, b2, activation):
    return _solution()(X, W1, b1, W2, b2, "relu")


def _sigmoid_sign_slip(X, W1, b1, W2, b2, activation):
    if activation != "sigmoid":
        return _solution()(X, W1, b1, W2, b2, activation)
    hidden = 1 / (1 + np.exp(X @ W1.T + b1))          # e^{+z}: σ(−z)
    return hidden @ W2.T + b2, hidden


def _hidden_bias_doubled(X, W1, b1, W2, b2, activation):
    return _solution()(X, W1, 2 * b1, W2, b2, activation)


def _relu_as_abs(X, W1, b1, W2, b2, activation):
    if activation != "relu":
        return _solution()(X, W1, b1, W2, b2, activation)
    hidden = np.abs(X @ W1.T + b1)
    return hidden @ W2.T + b2, hidden


@pytest.mark.parametrize("wrong", [_scores_only, _hidden_and_scores_swapped, _always_relu, _sigmoid_sign_slip,
                                   _hidden_bias_doubled, _relu_as_abs],
                         ids=["scores_only", "hidden_and_scores_swapped", "always_relu", "sigmoid_sign_slip",
                              "hidden_bias_doubled", "relu_as_abs"])
def test_other_wrong_solutions_are_rejected(wrong):
    result = EXERCISE.result(wrong)
    assert result.status == "wrong", result.message
    assert result.mistake is None, result.message


def test_the_check_never_prints_the_solution(capsys):
    EXERCISE.check(ex.activation_on_the_output_too)
    out = capsys.readouterr().out
    assert "likely mistake: activation_on_the_output_too" in out and "def " not in out


def test_checks_are_fast():
    EXERCISE.result(_solution())
    start = time.perf_counter()
    EXERCISE.result(_solution())
    assert time.perf_counter() - start < 0.5


def test_question_1_counts_exactly():
    assert ex.q1.feedback(83) == "right" and ex.q1.feedback(83.0) == "right"
    assert "biases are forgotten" in ex.q1.feedback(70)
    assert "output biases" in ex.q1.feedback(80) and "hidden biases" in ex.q1.feedback(73)
    assert "4 → 5 → 3" in ex.q1.feedback(43)
    assert ex.q1.feedback(84).startswith("wrong") and ex.q1.feedback(83.5).startswith("wrong")


def test_question_2_accepts_two_decimals_and_names_the_slips():
    assert ex.q2.feedback(0.905) == "right" and ex.q2.feedback(0.91) == "right" and ex.q2.feedback(0.9) == "right"
    assert "not applied" in ex.q2.feedback(1.5)
    assert "bias 0.5 is forgotten" in ex.q2.feedback(float(np.tanh(1.0))) and "forgotten" in ex.q2.feedback(0.76)
    assert "sigmoid" in ex.q2.feedback(float(1 / (1 + np.exp(-1.5)))) and "sigmoid" in ex.q2.feedback(0.82)
    assert ex.q2.feedback(0.88).startswith("wrong")


def _results(**accuracies):
    return {(h, act): SimpleNamespace(train_accuracy=a)
            for act, values in accuracies.items() for h, a in enumerate(values, start=1)}


# the training accuracies the committed notebook's widget shows (h = 1..8)
LESSON = _results(relu=[0.5, 0.88, 0.89, 0.96, 0.95, 0.96, 0.96, 0.98],
                  tanh=[0.89, 0.88, 0.95, 0.97, 0.97, 0.98, 0.99, 0.99],
                  sigmoid=[0.89, 0.89, 0.96, 0.95, 0.97, 0.96, 0.97, 0.96])


def test_question_3_reads_the_tanh_networks():
    q3 = ex.units_question(LESSON)
    assert q3.feedback(3) == "right"
    four = q3.feedback(4)                               # relu reaches 95 % at 4, and tanh's 3 is at exactly 95 %
    assert "ReLU" in four and "exactly 95%" in four
    assert "largest network" in q3.feedback(8)
    assert q3.feedback(2).startswith("wrong") and q3.feedback(3.5).startswith("wrong")


def test_question_3_names_the_strict_inequality_and_drops_wrong_answers_equal_to_the_answer():
    q3 = ex.units_question(_results(relu=[0.5, 0.9, 0.95, 0.97], tanh=[0.9, 0.95, 0.97, 0.98],
                                    sigmoid=[0.9, 0.95, 0.96, 0.97]))
    assert q3.feedback(2) == "right"
    assert "exactly 95%" in q3.feedback(3) and "ReLU" in q3.feedback(3)
    assert 2 not in q3.wrong


def test_unanswered_questions_show_no_answer():
    for q in (ex.q1, ex.q2, ex.units_question(LESSON)):
        text = q.feedback(None)
        assert text.startswith("not answered yet")
        assert not any(s in text for s in ("83", "0.905", "3"))
