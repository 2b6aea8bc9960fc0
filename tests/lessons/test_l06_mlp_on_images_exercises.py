"""Lesson 6's exercise check: the solution passes, the stub is not done, every named mistake and
unnamed wrong solutions are rejected (counts compared exactly); the questions take their answers and
reject the known wrong ones, among them the forgotten biases the old 1 % tolerance let through."""
import importlib.util
import time
from pathlib import Path

import numpy as np
import pytest

from lessonlib.lessons.l06_mlp_on_images import exercises as ex

SOLUTION = Path(__file__).resolve().parents[2] / "solutions" / "l06_mlp_on_images.py"
EXERCISE = ex.mlp_param_count_exercise


def _solution():
    spec = importlib.util.spec_from_file_location("l06_solution", SOLUTION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.mlp_param_count


def test_solution_is_correct():
    result = EXERCISE.result(_solution())
    assert result.status == "correct", result.message
    assert result.total == len(EXERCISE.cases) >= 7
    assert _solution()((784, 500, 10)) == 397_510


def test_stub_is_not_done():
    def mlp_param_count(sizes):
        raise NotImplementedError()
    assert EXERCISE.result(mlp_param_count).status == "not done"


@pytest.mark.parametrize("mistake", ex.MISTAKES, ids=[m.name for m in ex.MISTAKES])
def test_named_mistake_is_rejected_and_named(mistake):
    result = EXERCISE.result(mistake.fn)
    assert result.status == "wrong"
    assert result.mistake == mistake.name, result.message


def _one_too_many(sizes):
    return _solution()(sizes) + 1


def _output_biases_forgotten_on_a_big_net(sizes):   # 10 in 75 million: within any relative tolerance
    total = _solution()(sizes)
    return total - sizes[-1] if total > 10 ** 7 else total


def _product_of_sizes(sizes):
    return int(np.prod(sizes))


def _float_rounded_to_thousands(sizes):
    return round(_solution()(sizes), -3) * 1.0


@pytest.mark.parametrize("wrong", [_one_too_many, _output_biases_forgotten_on_a_big_net, _product_of_sizes,
                                   _float_rounded_to_thousands],
                         ids=["one_too_many", "output_biases_forgotten_on_a_big_net", "product_of_sizes",
                              "rounded_to_thousands"])
def test_other_wrong_solutions_are_rejected_with_the_general_hint(wrong):
    result = EXERCISE.result(wrong)
    assert result.status == "wrong" and result.mistake is None, result.message
    assert "hint: one layer per pair" in result.message


def test_a_float_count_is_fine_when_exact():
    assert EXERCISE.result(lambda sizes: float(_solution()(sizes))).status == "correct"


def test_no_case_prints_a_question_answer():
    answers = {ex.q1.answer, ex.q2.answer}
    assert not answers & {EXERCISE.reference(*case.args) for case in EXERCISE.cases}


def test_checks_are_fast():
    start = time.perf_counter()
    EXERCISE.result(_solution())
    assert time.perf_counter() - start < 0.5


def test_question_1_is_exact_and_names_the_forgotten_biases():
    assert ex.q1.feedback(79_510) == ex.q1.feedback(79510.0) == "right"
    assert "biases are forgotten" in ex.q1.feedback(79_400)        # the old 1 % tolerance accepted it
    assert "inputs get biases" in ex.q1.feedback(80_294)
    assert "output layer" in ex.q1.feedback(78_500)
    assert "784-500-10" in ex.q1.feedback(397_510)
    assert ex.q1.feedback(79_509).startswith("wrong")


def test_question_2_is_exact_and_names_the_forgotten_bias():
    assert ex.q2.feedback(3_073) == "right"
    assert "bias is forgotten" in ex.q2.feedback(3_072)             # the old 1 % tolerance accepted it
    assert "channels are forgotten" in ex.q2.feedback(1_025)
    assert "its own bias" in ex.q2.feedback(3_075)


def _labels(*groups):
    """(y_true, predicted) from groups (digit, how many, how many of them are misclassified as 0 or 1)."""
    y_true, predicted = [], []
    for digit, n, missed in groups:
        y_true += [digit] * n
        predicted += [1 if digit == 0 else 0] * missed + [digit] * (n - missed)
    return np.array(y_true), np.array(predicted)


def test_question_3_counts_the_true_labels_of_all_mistakes():
    y_true, predicted = _labels((4, 20, 3), (9, 10, 4), (7, 2, 2))   # mistakes: 4 ×3, then 9 ×4, then 7 ×2
    q3 = ex.most_missed_question(y_true, predicted, shown=3)
    assert q3.answer == 9 and q3.feedback(9) == "right"
    assert "predicted labels" in q3.feedback(0)                       # every mistake was predicted 0
    assert "drawn above" in q3.feedback(4)                            # the 3 drawn are all 4s
    assert "divided" in q3.feedback(7)                                # 7: 2 of 2 wrong, the highest rate
    assert q3.feedback(9.5).startswith("wrong")
    assert q3.feedback(None).startswith("not answered yet")


def test_question_3_ties_ask_for_the_smaller_digit():
    y_true, predicted = _labels((5, 10, 3), (2, 10, 3), (8, 10, 1))
    q3 = ex.most_missed_question(y_true, predicted)
    assert q3.answer == 2 and "smaller digit" in q3.feedback(5)


def test_unanswered_questions_show_no_answer():
    for q in (ex.q1, ex.q2):
        assert q.feedback(None).startswith("not answered yet")
        assert not any(ch.isdigit() for ch in q.feedback(None))
