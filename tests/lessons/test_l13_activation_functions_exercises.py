"""Lesson 13's exercise check: the solution passes, the stub is not done, every named mistake and
an unnamed wrong solution are rejected; the questions take their answers and reject the known wrong ones."""
import importlib.util
from pathlib import Path

import numpy as np
import pytest

from lessonlib.lessons.l13_activation_functions import exercises as ex

SOLUTION = Path(__file__).resolve().parents[2] / "solutions" / "l13_activation_functions.py"


def _solution():
    spec = importlib.util.spec_from_file_location("l13_solution", SOLUTION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.activation_derivatives


def test_solution_is_correct():
    result = ex.activation_derivatives_exercise.result(_solution())
    assert result.status == "correct", result.message
    assert result.total == len(ex.activation_derivatives_exercise.cases) >= 6


def test_stub_is_not_done():
    def activation_derivatives(x, alpha=1.0):
        raise NotImplementedError()
    assert ex.activation_derivatives_exercise.result(activation_derivatives).status == "not done"


@pytest.mark.parametrize("mistake", ex.MISTAKES, ids=[m.name for m in ex.MISTAKES])
def test_named_mistake_is_rejected_and_named(mistake):
    result = ex.activation_derivatives_exercise.result(mistake.fn)
    assert result.status == "wrong"
    assert result.mistake == mistake.name, result.message


def _elu_exp_2x(x, alpha=1.0):          # not a listed mistake: ELU's α·eˣ with e^(2x)
    dsig, dtanh, delu = _solution()(x, alpha)
    x = np.asarray(x, dtype=float)
    return dsig, dtanh, np.where(x > 0, 1.0, alpha * np.exp(2 * np.minimum(x, 0)))


def _only_two_results(x, alpha=1.0):
    return _solution()(x, alpha)[:2]


def _sigmoid_of_minus_x(x, alpha=1.0):            # σ(−x)(1 − σ(x)): wrong away from 0
    dsig, dtanh, delu = _solution()(x, alpha)
    s = 1 / (1 + np.exp(-np.clip(x, -500, 500)))
    return (1 - s) ** 2, dtanh, delu


@pytest.mark.parametrize("wrong", [_elu_exp_2x, _only_two_results, _sigmoid_of_minus_x],
                         ids=["elu_exp_2x", "only_two_results", "sigmoid_one_minus_s_squared"])
def test_other_wrong_solutions_are_rejected_with_the_general_hint(wrong):
    result = ex.activation_derivatives_exercise.result(wrong)
    assert result.status == "wrong" and result.mistake is None
    assert "wrong on case" in result.message


def test_known_mistakes_fail_the_first_case_where_they_differ():
    # x = 0 with α = 2 is what tells the two ELU conventions apart
    result = ex.activation_derivatives_exercise.result(ex.elu_slope_1_at_0)
    assert "x exactly 0" in result.case.label
    result = ex.activation_derivatives_exercise.result(ex.sigmoid_prime_overflows)
    assert "large |x|" in result.case.label


def test_checks_are_fast():
    import time
    ex.activation_derivatives_exercise.result(_solution())      # lessonlib's ufuncs built once
    start = time.perf_counter()
    ex.activation_derivatives_exercise.result(_solution())
    assert time.perf_counter() - start < 0.5


def test_questions():
    assert ex.q1.feedback(9.54e-7) == "right" and ex.q1.feedback(9.5e-7) == "right"
    assert "multiplying" in ex.q1.feedback(2.5) and ex.q1.feedback(0.25).startswith("wrong")
    assert ex.q2.feedback(2 / np.e) == "right" and ex.q2.feedback(0.736) == "right"
    assert "α·eˣ" in ex.q2.feedback(2.0) and "f(-1)" in ex.q2.feedback(2 * (np.exp(-1) - 1))
    assert ex.q3.feedback(12) == "right" and "both matrices" in ex.q3.feedback(64)
    assert ex.q3.feedback(12.5).startswith("wrong")
    for q in (ex.q1, ex.q2, ex.q3):
        assert q.feedback(None).startswith("not answered yet")
