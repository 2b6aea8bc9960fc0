"""Lesson 16's exercise checkers (adaptive windows, global average pooling): accept the solutions, call
the stubs not done, reject every named wrong solution (and name it), and reject unnamed wrong ones."""
import importlib.util
from pathlib import Path

import numpy as np
import pytest

from lessonlib.lessons.l16_variable_size_architectures import exercises as ex

SOLUTION = Path(__file__).resolve().parents[2] / "solutions" / "l16_variable_size_architectures.py"
_spec = importlib.util.spec_from_file_location("solution_l16", SOLUTION)
solution = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(solution)

PARTS = [(ex.adaptive_windows_exercise, solution.adaptive_windows, ex.WINDOW_MISTAKES),
         (ex.global_average_pool_exercise, solution.global_average_pool, ex.GAP_MISTAKES)]


def _stub(*args):
    raise NotImplementedError()


@pytest.mark.parametrize("exercise, solved, _", PARTS, ids=["adaptive_windows", "global_average_pool"])
def test_solution_is_correct_and_stub_not_done(exercise, solved, _, capsys):
    result = exercise.result(solved)
    assert result.status == "correct" and result.total >= 5
    exercise.grade(solved)
    assert exercise.result(_stub).status == "not done"
    capsys.readouterr()
    exercise.check(_stub)
    assert capsys.readouterr().out.startswith("not done yet")


NAMED = [(exercise, m) for exercise, _, mistakes in PARTS for m in mistakes]


@pytest.mark.parametrize("exercise, mistake", NAMED, ids=[m.name for _, m in NAMED])
def test_named_mistake_is_rejected_and_named(exercise, mistake):
    result = exercise.result(mistake.fn)
    assert result.status == "wrong" and result.mistake == mistake.name


def _windows_off_by_one_start(n_in, n_out):
    starts, ends = solution.adaptive_windows(n_in, n_out)
    return np.maximum(starts - 1, 0), ends


def _start_and_size(n_in, n_out):
    starts, ends = solution.adaptive_windows(n_in, n_out)
    return starts, ends - starts


def _max_instead_of_mean(x):
    return x.max(axis=(2, 3))


def _mean_of_first_row(x):
    return x[:, :, 0, :].mean(axis=2)


UNNAMED = [(ex.adaptive_windows_exercise, _windows_off_by_one_start),
           (ex.adaptive_windows_exercise, _start_and_size),
           (ex.global_average_pool_exercise, _max_instead_of_mean),
           (ex.global_average_pool_exercise, _mean_of_first_row)]


@pytest.mark.parametrize("exercise, wrong", UNNAMED,
                         ids=["windows_off_by_one_start", "start_and_size", "max_instead_of_mean",
                              "mean_of_first_row"])
def test_unnamed_wrong_solution_is_rejected(exercise, wrong):
    result = exercise.result(wrong)
    assert result.status == "wrong" and result.mistake is None
    with pytest.raises(AssertionError):
        exercise.grade(wrong)


def test_questions_right_and_known_wrong_answers():
    for q in (ex.q1, ex.q2, ex.q3):
        assert q.feedback(q.answer) == "right"
        assert q.feedback(None).startswith("not answered yet")
        for wrong in q.wrong:
            assert q.feedback(wrong).startswith("wrong: ")
    assert (ex.q1.answer, ex.q2.answer, ex.q3.answer) == (512, 2, 43)
