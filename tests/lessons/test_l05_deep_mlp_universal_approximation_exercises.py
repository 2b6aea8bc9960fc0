"""Lesson 5's exercise check: the solution passes (and so does any other net that interpolates), the
stub is not done, every named mistake and unnamed wrong solutions are rejected; the questions take
their answers and reject the known wrong ones."""
import importlib.util
import time
from pathlib import Path

import numpy as np
import pytest

from lessonlib.lessons.l05_deep_mlp_universal_approximation import exercises as ex

SOLUTION = Path(__file__).resolve().parents[2] / "solutions" / "l05_deep_mlp_universal_approximation.py"
EXERCISE = ex.hinge_weights_exercise


def _solution():
    spec = importlib.util.spec_from_file_location("l05_solution", SOLUTION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.hinge_weights


def test_solution_is_correct():
    result = EXERCISE.result(_solution())
    assert result.status == "correct", result.message
    assert result.total == len(EXERCISE.cases) >= 7


def test_solution_makes_the_lessons_network():
    knots, values = np.linspace(-3, 3, 7), np.arange(7.0) ** 2
    for got, expected in zip(_solution()(knots, values), ex.reference(knots, values)):
        np.testing.assert_allclose(got, expected)


def test_stub_is_not_done():
    def hinge_weights(knots, values):
        raise NotImplementedError()
    assert EXERCISE.result(hinge_weights).status == "not done"


def _units_reversed(knots, values):
    return tuple(np.asarray(w)[::-1] if np.ndim(w) else w for w in _solution()(knots, values))


def _first_kink_left_of_x0(knots, values):           # relu(x - x_0 + 1) = (x - x_0) + 1 on the interval
    b_f, theta_h, b_h = _solution()(knots, values)
    b_f = b_f.copy()
    b_f[0] += 1.0
    return b_f, theta_h, b_h - theta_h[0]


@pytest.mark.parametrize("other", [_units_reversed, _first_kink_left_of_x0],
                         ids=["units_reversed", "first_kink_left_of_x0"])
def test_other_interpolating_nets_are_right_too(other):
    result = EXERCISE.result(other)
    assert result.status == "correct", result.message


@pytest.mark.parametrize("mistake", ex.MISTAKES, ids=[m.name for m in ex.MISTAKES])
def test_named_mistake_is_rejected_and_named(mistake):
    result = EXERCISE.result(mistake.fn)
    assert result.status == "wrong"
    assert result.mistake == mistake.name, result.message


def _output_weights_negated(knots, values):
    b_f, theta_h, b_h = _solution()(knots, values)
    return b_f, -theta_h, b_h


def _last_value_as_bias(knots, values):
    b_f, theta_h, _ = _solution()(knots, values)
    return b_f, theta_h, values[-1]


def _order_swapped(knots, values):
    b_f, theta_h, b_h = _solution()(knots, values)
    return theta_h, b_f, b_h


@pytest.mark.parametrize("wrong", [_output_weights_negated, _last_value_as_bias, _order_swapped],
                         ids=["output_weights_negated", "last_value_as_bias", "order_swapped"])
def test_other_wrong_solutions_are_rejected_with_the_general_hint(wrong):
    result = EXERCISE.result(wrong)
    assert result.status == "wrong" and result.mistake is None, result.message
    assert "hint: unit k" in result.message


def _a_unit_per_knot(knots, values):                 # n + 1 units: the extra one at the last knot
    b_f, theta_h, b_h = _solution()(knots, values)
    return np.append(b_f, -knots[-1]), np.append(theta_h, 0.0), b_h


def _two_results(knots, values):
    return _solution()(knots, values)[:2]


@pytest.mark.parametrize("wrong, says", [(_a_unit_per_knot, "one entry per hidden unit"),
                                         (_two_results, "return three things")],
                         ids=["a_unit_per_knot", "two_results"])
def test_wrong_shapes_are_reported_plainly(wrong, says):
    result = EXERCISE.result(wrong)
    assert result.status == "wrong" and says in result.message


def test_off_by_one_fails_on_the_first_case():
    result = EXERCISE.result(ex.hinge_at_the_next_knot)
    assert result.passed == 0 and "one knot off" in result.message


def test_checks_are_fast():
    EXERCISE.result(_solution())
    start = time.perf_counter()
    EXERCISE.result(_solution())
    assert time.perf_counter() - start < 0.5


def test_questions():
    assert ex.q1.feedback(141) == "right" and "biases are forgotten" in ex.q1.feedback(120)
    assert "output layer" in ex.q1.feedback(130) and "input gets a bias" in ex.q1.feedback(142)
    assert ex.q1.feedback(193).startswith("wrong")          # 1-12-12-1, printed in the lesson: not asked
    assert ex.q2.feedback(8) == "right" and "kink per unit" in ex.q2.feedback(9) and "k + 1" in ex.q2.feedback(7)
    assert ex.q3.feedback(63) == "right" and "n + 1 pieces" in ex.q3.feedback(64)
    assert ex.q3.feedback(63.5).startswith("wrong")
    for q in (ex.q1, ex.q2, ex.q3):
        assert q.feedback(None).startswith("not answered yet")
        assert not any(ch.isdigit() for ch in q.feedback(None))
