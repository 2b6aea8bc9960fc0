"""Lesson 11's exercise check: the solution passes, the stub is not done, every named mistake and
unnamed wrong solutions are rejected; the questions take their answers and reject the known wrong ones."""
import importlib.util
import time
from pathlib import Path

import pytest

from lessonlib.lessons.l11_dilation_receptive_field import exercises as ex

SOLUTION = Path(__file__).resolve().parents[2] / "solutions" / "l11_dilation_receptive_field.py"
EXERCISE = ex.receptive_field_and_jump_exercise


def _solution():
    spec = importlib.util.spec_from_file_location("l11_solution", SOLUTION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.receptive_field_and_jump


def test_solution_is_correct():
    result = EXERCISE.result(_solution())
    assert result.status == "correct", result.message
    assert result.total == len(EXERCISE.cases) >= 8


def test_stub_is_not_done():
    def receptive_field_and_jump(layers):
        raise NotImplementedError()
    assert EXERCISE.result(receptive_field_and_jump).status == "not done"


@pytest.mark.parametrize("mistake", ex.MISTAKES, ids=[m.name for m in ex.MISTAKES])
def test_named_mistake_is_rejected_and_named(mistake):
    result = EXERCISE.result(mistake.fn)
    assert result.status == "wrong"
    assert result.mistake == mistake.name, result.message
    assert result.case.label in (EXERCISE.cases[0].label, EXERCISE.cases[1].label)   # caught at once


def _starts_at_zero(layers):
    r, j = _solution()(layers)
    return r - 1, j


def _size_only(layers):
    return _solution()(layers)[0]


def _jump_summed(layers):                 # j += s instead of j *= s
    r, j = 1, 1
    for k, s, d in layers:
        r += d * (k - 1) * j
        j += s - 1
    return r, j


def _dilation_squared(layers):
    r, j = 1, 1
    for k, s, d in layers:
        r += d * d * (k - 1) * j
        j *= s
    return r, j


def _last_layer_only(layers):
    k, s, d = layers[-1]
    return d * (k - 1) + 1, s


@pytest.mark.parametrize("wrong", [_starts_at_zero, _size_only, _jump_summed, _dilation_squared, _last_layer_only],
                         ids=["starts_at_r0_0", "returns_size_only", "jump_summed_not_multiplied",
                              "dilation_squared", "last_layer_only"])
def test_other_wrong_solutions_are_rejected(wrong):
    result = EXERCISE.result(wrong)
    assert result.status == "wrong" and result.mistake is None
    assert "wrong on case" in result.message


def test_checks_are_fast():
    solution = _solution()
    EXERCISE.result(solution)                     # cases built once
    times = []
    for _ in range(3):                            # the best of three: other processes share the cores
        start = time.perf_counter()
        EXERCISE.result(solution)
        times.append(time.perf_counter() - start)
    assert min(times) < 0.5


def test_questions():
    assert ex.q1.feedback(25) == "right" and "r_0 = 1" in ex.q1.feedback(24) and "k − 1" in ex.q1.feedback(31)
    assert ex.q2.feedback(81) == "right" and "dilations are ignored" in ex.q2.feedback(9)
    assert ex.q2.feedback(121).startswith("wrong") and ex.q2.feedback(85).startswith("wrong")
    assert ex.q3.feedback(19) == "right" and "strides are ignored" in ex.q3.feedback(11)
    assert "own stride" in ex.q3.feedback(29) and ex.q3.feedback(19.5).startswith("wrong")
    for q in (ex.q1, ex.q2, ex.q3):
        assert q.feedback(None).startswith("not answered yet")


def test_question_answers_are_not_printed_by_the_lesson():
    import nbformat
    nb = nbformat.read(Path(__file__).resolve().parents[2] / "notebooks" / "11_dilation_receptive_field.ipynb", 4)
    printed = " ".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    for q in (ex.q1, ex.q2, ex.q3):
        assert f" {q.answer}" not in printed and f"{q.answer}×" not in printed
