"""Lesson 15's exercise checks (max pooling forward with switches, and backward): the solutions pass,
the stubs are not done, every named mistake and unnamed wrong solutions are rejected; the questions
take their answers and reject the known wrong ones."""
import importlib.util
import time
from pathlib import Path

import numpy as np
import pytest

from lessonlib.lessons.l15_pooling import exercises as ex

SOLUTION = Path(__file__).resolve().parents[2] / "solutions" / "l15_pooling.py"


def _solution():
    spec = importlib.util.spec_from_file_location("l15_solution", SOLUTION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_solutions_are_correct():
    solution = _solution()
    for exercise, fn in ((ex.maxpool_forward_exercise, solution.maxpool_forward),
                         (ex.maxpool_backward_exercise, solution.maxpool_backward)):
        result = exercise.result(fn)
        assert result.status == "correct", result.message
        assert result.total >= 8


def test_stubs_are_not_done():
    def maxpool_forward(x, size, stride):
        raise NotImplementedError()

    def maxpool_backward(dout, switches, x_shape):
        raise NotImplementedError()
    assert ex.maxpool_forward_exercise.result(maxpool_forward).status == "not done"
    assert ex.maxpool_backward_exercise.result(maxpool_backward).status == "not done"


@pytest.mark.parametrize("mistake", ex.FORWARD_MISTAKES, ids=[m.name for m in ex.FORWARD_MISTAKES])
def test_named_forward_mistake_is_rejected_and_named(mistake):
    result = ex.maxpool_forward_exercise.result(mistake.fn)
    assert result.status == "wrong" and result.mistake == mistake.name, result.message


@pytest.mark.parametrize("mistake", ex.BACKWARD_MISTAKES, ids=[m.name for m in ex.BACKWARD_MISTAKES])
def test_named_backward_mistake_is_rejected_and_named(mistake):
    result = ex.maxpool_backward_exercise.result(mistake.fn)
    assert result.status == "wrong" and result.mistake == mistake.name, result.message


def test_tie_rule_is_lessonlibs_first_maximum_row_by_row():
    out, switches = ex.reference_forward(np.array([[1.0, 7.0], [7.0, 2.0]]), 2, 2)
    assert out.item() == 7.0 and switches.item() == 1
    # the tie mistakes fail on the tie cases, not earlier
    assert "ties" in ex.maxpool_forward_exercise.result(ex.last_tied_max_wins).case.label
    assert "overlapping" in ex.maxpool_backward_exercise.result(ex.overlapping_gradients_overwritten).case.label


def _switches_as_row_col(x, size, stride):
    out, switches = _solution().maxpool_forward(x, size, stride)
    return out, np.stack(np.unravel_index(switches, x.shape), axis=-1)


def _ceil_output_size(x, size, stride):      # one window too many where the last is partial
    h, w = x.shape
    oh, ow = -(-(h - size) // stride) + 1, -(-(w - size) // stride) + 1
    out, switches = np.zeros((oh, ow)), np.zeros((oh, ow), dtype=int)
    for i in range(oh):
        for j in range(ow):
            window = x[i * stride:i * stride + size, j * stride:j * stride + size]
            r, c = np.unravel_index(np.argmax(window), window.shape)
            out[i, j], switches[i, j] = window[r, c], (i * stride + r) * w + j * stride + c
    return out, switches


def _forgets_switches(x, size, stride):
    return _solution().maxpool_forward(x, size, stride)[0]


@pytest.mark.parametrize("wrong", [_switches_as_row_col, _ceil_output_size, _forgets_switches],
                         ids=["switches_as_row_col_pairs", "ceil_output_size", "returns_out_only"])
def test_other_forward_wrong_solutions_are_rejected(wrong):
    result = ex.maxpool_forward_exercise.result(wrong)
    assert result.status == "wrong" and result.mistake is None, result.message


def _flat_dx(dout, switches, x_shape):
    return _solution().maxpool_backward(dout, switches, x_shape).ravel()


def _divides_by_height(dout, switches, x_shape):
    dx = np.zeros(x_shape)
    for (i, j), s in np.ndenumerate(switches):
        dx[s // x_shape[0] % x_shape[0], s % x_shape[0] % x_shape[1]] += dout[i, j]
    return dx


def _transposed_dx(dout, switches, x_shape):
    return _solution().maxpool_backward(dout.T, switches.T, x_shape[::-1]).T


@pytest.mark.parametrize("wrong", [_flat_dx, _divides_by_height, _transposed_dx],
                         ids=["dx_left_flat", "row_col_from_height_not_width", "transposed"])
def test_other_backward_wrong_solutions_are_rejected(wrong):
    result = ex.maxpool_backward_exercise.result(wrong)
    assert result.status == "wrong" and result.mistake is None, result.message


def test_checks_are_fast():
    solution = _solution()
    ex.maxpool_forward_exercise.result(solution.maxpool_forward)       # lessonlib's kernels built once
    ex.maxpool_backward_exercise.result(solution.maxpool_backward)
    start = time.perf_counter()
    ex.maxpool_forward_exercise.result(solution.maxpool_forward)
    ex.maxpool_backward_exercise.result(solution.maxpool_backward)
    assert time.perf_counter() - start < 0.5


def test_questions():
    assert ex.q1.feedback(27) == "right" and "rounded" in ex.q1.feedback(28) and "stride" in ex.q1.feedback(54)
    assert ex.q1.feedback(27.1).startswith("wrong")
    assert ex.q2.feedback(1) == "right" and "column by column" in ex.q2.feedback(2)
    assert ex.q3.feedback(2) == "right" and "one window only" in ex.q3.feedback(4)
    for q in (ex.q1, ex.q2, ex.q3):
        assert q.feedback(None).startswith("not answered yet")
