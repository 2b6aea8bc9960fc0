"""Lesson 21's exercise check (a transposed convolution by stamping): the solution passes, the stub is not
done, every named mistake and unnamed wrong solutions are rejected; the questions take their answers."""
import time

import numpy as np
import pytest

from lessonlib.instructor import load_solutions
from lessonlib.lessons.l21_transposed_convolution import exercises as ex

EXERCISE = ex.conv_transpose_exercise


def _solution():
    return load_solutions("l21_transposed_convolution").conv_transpose_naive


def test_solution_is_correct():
    result = EXERCISE.result(_solution())
    assert result.status == "correct" and result.total >= 8, result.message


def test_stub_is_not_done():
    def conv_transpose_naive(x, w, stride, padding):
        raise NotImplementedError()
    assert EXERCISE.result(conv_transpose_naive).status == "not done"


@pytest.mark.parametrize("mistake", ex.MISTAKES, ids=[m.name for m in ex.MISTAKES])
def test_named_mistake_is_rejected_and_named(mistake):
    result = EXERCISE.result(mistake.fn)
    assert result.status == "wrong" and result.mistake == mistake.name, result.message


def _transposed_output(x, w, stride, padding):
    return _solution()(x, w, stride, padding).T


def _kernel_transposed(x, w, stride, padding):
    return _solution()(x, np.asarray(w).T, stride, padding)


def _bias_of_one(x, w, stride, padding):
    return _solution()(x, w, stride, padding) + 1.0


def _zero_insertion_without_flip(x, w, stride, padding):
    """Zero insertion and border, then a correlation with w unflipped (the flip forgotten in that view)."""
    x, w = np.asarray(x, float), np.asarray(w, float)
    k = w.shape[0]
    grid = np.zeros(((x.shape[0] - 1) * stride + 1, (x.shape[1] - 1) * stride + 1))
    grid[::stride, ::stride] = x
    grid = np.pad(grid, k - 1)
    full = np.array([[np.sum(grid[i:i + k, j:j + k] * w) for j in range(grid.shape[1] - k + 1)]
                     for i in range(grid.shape[0] - k + 1)])
    return full[padding:full.shape[0] - padding, padding:full.shape[1] - padding]


def _returns_nothing(x, w, stride, padding):
    _solution()(x, w, stride, padding)


@pytest.mark.parametrize("wrong", [_transposed_output, _kernel_transposed, _bias_of_one, _returns_nothing],
                         ids=["output_transposed", "kernel_transposed", "adds_one", "returns_none"])
def test_other_wrong_solutions_are_rejected(wrong):
    result = EXERCISE.result(wrong)
    assert result.status == "wrong" and result.mistake is None, result.message


def test_zero_insertion_without_the_flip_is_named_as_the_flip():
    result = EXERCISE.result(_zero_insertion_without_flip)
    assert result.status == "wrong" and result.mistake == "kernel_flipped", result.message


def test_message_never_shows_the_solution_code():
    message = EXERCISE.result(ex.stride_ignored).message
    assert "canvas[" not in message and "+=" not in message


def test_check_is_fast():
    EXERCISE.result(_solution())
    start = time.perf_counter()
    EXERCISE.result(_solution())
    assert time.perf_counter() - start < 0.5


def test_questions():
    assert ex.q1.feedback(14) == "right" and "padding crops" in ex.q1.feedback(16) and "forward" in ex.q1.feedback(3)
    assert ex.q2.feedback(4) == "right" and "kernel's size" in ex.q2.feedback(9) and "multiply" in ex.q2.feedback(2)
    assert ex.q3.feedback(4) == "right" and "most" in ex.q3.feedback(9) and "between" in ex.q3.feedback(6)
    assert ex.q3.feedback("4").startswith("wrong type")
    for q in (ex.q1, ex.q2, ex.q3):
        assert q.feedback(None).startswith("not answered yet")
