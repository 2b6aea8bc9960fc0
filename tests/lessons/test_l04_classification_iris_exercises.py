"""Lesson 4's exercise check: the solution passes, the stub is not done, every named mistake and
unnamed wrong solutions are rejected; the questions take their answers and reject the known wrong ones."""
import importlib.util
import time
from pathlib import Path

import numpy as np
import pytest

from lessonlib.lessons.l04_classification_iris import exercises as ex

SOLUTION = Path(__file__).resolve().parents[2] / "solutions" / "l04_classification_iris.py"
EXERCISE = ex.softmax_cross_entropy_exercise


def _solution():
    spec = importlib.util.spec_from_file_location("l04_solution", SOLUTION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.softmax_cross_entropy


def test_solution_is_correct():
    result = EXERCISE.result(_solution())
    assert result.status == "correct", result.message
    assert result.total == len(EXERCISE.cases) >= 8


def test_stub_is_not_done():
    def softmax_cross_entropy(scores, y):
        raise NotImplementedError()
    assert EXERCISE.result(softmax_cross_entropy).status == "not done"


@pytest.mark.parametrize("mistake", ex.MISTAKES, ids=[m.name for m in ex.MISTAKES])
def test_named_mistake_is_rejected_and_named(mistake):
    result = EXERCISE.result(mistake.fn)
    assert result.status == "wrong"
    assert result.mistake == mistake.name, result.message


def test_overflow_is_caught_on_the_large_scores():
    result = EXERCISE.result(ex.no_max_subtraction)
    assert "around 1000" in result.case.label and "likely mistake: no_max_subtraction" in result.message


def _naive_log_sum_exp(scores, y):          # loss = log Σ e^s − s_y without the max: inf, not nan
    n = len(y)
    with np.errstate(over="ignore", invalid="ignore"):
        loss = np.mean(np.log(np.exp(scores).sum(axis=1)) - scores[np.arange(n), y])
    _, dscores = _solution()(scores, y)
    return float(loss), dscores


def _minus_sign_forgotten(scores, y):
    loss, dscores = _solution()(scores, y)
    return -loss, dscores


def _log10(scores, y):
    loss, dscores = _solution()(scores, y)
    return loss / np.log(10), dscores


def _label_off_by_one(scores, y):
    return _solution()(scores, (y + 1) % scores.shape[1])


def _loss_only(scores, y):
    return _solution()(scores, y)[0]


@pytest.mark.parametrize("wrong", [_naive_log_sum_exp, _minus_sign_forgotten, _log10, _label_off_by_one, _loss_only],
                         ids=["naive_log_sum_exp", "minus_sign_forgotten", "log10", "label_off_by_one", "loss_only"])
def test_other_wrong_solutions_are_rejected_with_the_general_hint(wrong):
    result = EXERCISE.result(wrong)
    assert result.status == "wrong" and result.mistake is None, result.message
    assert "wrong on case" in result.message


def test_the_check_never_prints_the_solution(capsys):
    EXERCISE.check(ex.gradient_is_p)
    out = capsys.readouterr().out
    assert "likely mistake: gradient_is_p" in out and "def " not in out


def test_checks_are_fast():
    EXERCISE.result(_solution())
    start = time.perf_counter()
    EXERCISE.result(_solution())
    assert time.perf_counter() - start < 0.5


def test_question_1_counts_exactly():
    assert ex.q1.feedback(131) == "right"
    assert "biases are forgotten" in ex.q1.feedback(112)
    assert "inputs get biases" in ex.q1.feedback(135)
    assert "4-8-3" in ex.q1.feedback(67)
    assert ex.q1.feedback(130).startswith("wrong") and ex.q1.feedback(131.5).startswith("wrong")


def test_question_2_reads_the_column_of_the_lesson_matrix():
    cm = np.array([[15, 0, 0], [0, 13, 2], [0, 0, 15]])          # the committed notebook's matrix
    q2 = ex.precision_question(cm)
    assert q2.feedback(15 / 17) == "right" and q2.feedback(0.88) == "right"
    assert "the row" in q2.feedback(1.0) and "all the test flowers" in q2.feedback(1 / 3)
    assert "accuracy" in q2.feedback(43 / 45)
    assert q2.feedback(13 / 15).startswith("wrong") and q2.feedback(0.89).startswith("wrong")


def test_question_2_drops_a_wrong_answer_that_equals_the_answer():
    q2 = ex.precision_question(np.diag([15, 15, 15]))              # perfect: the row gives 1.0 too
    assert q2.feedback(1.0) == "right"


def test_question_3_accepts_two_decimals_and_rejects_the_known_slips():
    assert ex.q3.feedback(0.659) == "right" and ex.q3.feedback(0.66) == "right"
    assert "without the exponentials" in ex.q3.feedback(2 / 3.1)
    assert ex.q3.feedback(0.65).startswith("wrong")
    assert "largest score" in ex.q3.feedback(1.0)


def test_unanswered_questions_show_no_answer():
    q2 = ex.precision_question(np.array([[15, 0, 0], [0, 13, 2], [0, 0, 15]]))
    for q in (ex.q1, q2, ex.q3):
        text = q.feedback(None)
        assert text.startswith("not answered yet")
        assert not any(s in text for s in ("131", "0.88", "0.659", "15 / 17"))
