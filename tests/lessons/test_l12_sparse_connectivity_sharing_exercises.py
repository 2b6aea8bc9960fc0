"""Lesson 12's exercise checker: accepts the solution, calls the stub not done, rejects every named
wrong solution (and names it), and rejects a wrong solution it has no name for."""
import importlib.util
from pathlib import Path

import numpy as np
import pytest

from lessonlib.lessons.l12_sparse_connectivity_sharing import exercises as ex

SOLUTION = Path(__file__).resolve().parents[2] / "solutions" / "l12_sparse_connectivity_sharing.py"
_spec = importlib.util.spec_from_file_location("solution_l12", SOLUTION)
solution = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(solution)


def stub(x, w, b, stride=1, padding=0):
    raise NotImplementedError()


def test_solution_is_correct_and_stub_not_done(capsys):
    result = ex.locally_connected1d_exercise.result(solution.locally_connected1d)
    assert result.status == "correct" and result.total >= 8
    ex.locally_connected1d_exercise.grade(solution.locally_connected1d)
    assert capsys.readouterr().out.startswith("correct on")
    assert ex.locally_connected1d_exercise.result(stub).status == "not done"
    ex.locally_connected1d_exercise.check(stub)
    assert capsys.readouterr().out.startswith("not done yet")


@pytest.mark.parametrize("mistake", ex.MISTAKES, ids=[m.name for m in ex.MISTAKES])
def test_named_mistake_is_rejected_and_named(mistake):
    result = ex.locally_connected1d_exercise.result(mistake.fn)
    assert result.status == "wrong"
    assert result.mistake == mistake.name


def _window_one_short(x, w, b, stride=1, padding=0):
    """Off by one: the window stops one cell early (the last weight never used)."""
    xp = np.concatenate([np.zeros(padding), x, np.zeros(padding)])
    return np.array([w[i, :-1] @ xp[i * stride:i * stride + w.shape[1] - 1] + b[i] for i in range(w.shape[0])])


def _dense_sum(x, w, b, stride=1, padding=0):
    """Every output sees the whole input, with its kernel's mean as one weight."""
    return w.mean(axis=1) * x.sum() + b


@pytest.mark.parametrize("wrong", [_window_one_short, _dense_sum], ids=["window_one_short", "dense_sum"])
def test_unnamed_wrong_solution_is_rejected(wrong):
    result = ex.locally_connected1d_exercise.result(wrong)
    assert result.status == "wrong" and result.mistake is None
    with pytest.raises(AssertionError):
        ex.locally_connected1d_exercise.grade(wrong)


def test_solution_matches_the_reference_on_the_books_figure():
    """On the figure's 5 inputs with all weights 1 and no bias, output i counts its connections (2, 3, 3, 3, 2)."""
    x, w, b = np.ones(5), np.ones((5, 3)), np.zeros(5)
    np.testing.assert_array_equal(solution.locally_connected1d(x, w, b, padding=1), [2, 3, 3, 3, 2])
    np.testing.assert_array_equal(ex.reference(x, w, b, padding=1), [2, 3, 3, 3, 2])


def test_questions_right_and_known_wrong_answers():
    for q in (ex.q1, ex.q2, ex.q3):
        assert q.feedback(q.answer) == "right"
        assert q.feedback(None).startswith("not answered yet")
        for wrong in q.wrong:
            assert q.feedback(wrong).startswith("wrong: ")
    assert (ex.q1.answer, ex.q2.answer, ex.q3.answer) == (19, 62 * 62 * 9, 768 * 1023 * 3)
