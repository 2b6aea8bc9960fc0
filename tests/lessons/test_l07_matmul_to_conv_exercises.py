"""Lesson 7's exercises: the Toeplitz-matrix checker accepts the solution, calls the stub not done,
rejects every named wrong solution (naming it) and others; the short questions know their answers
and the usual wrong ones, and the committed notebook shows none of the answers."""
import importlib.util
from pathlib import Path

import nbformat
import numpy as np
import pytest

from lessonlib.lessons.l07_matmul_to_conv import exercises as ex

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "notebooks" / "07_matmul_to_conv.ipynb"


def _solutions():
    spec = importlib.util.spec_from_file_location("l07_solutions", ROOT / "solutions" / "l07_matmul_to_conv.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SOLUTION = _solutions().toeplitz_matrix
EXERCISE = ex.toeplitz_matrix_exercise


def test_solution_is_correct_and_stub_is_not_done():
    result = EXERCISE.result(SOLUTION)
    assert result.status == "correct" and result.passed == result.total >= 12, result.message
    EXERCISE.grade(SOLUTION)

    def toeplitz_matrix(k, n, stride=1, padding=0):
        raise NotImplementedError()
    assert EXERCISE.result(toeplitz_matrix).status == "not done"


@pytest.mark.parametrize("mistake", ex.MISTAKES, ids=lambda m: m.name)
def test_named_mistake_is_rejected_and_recognised(mistake):
    result = EXERCISE.result(mistake.fn)
    assert result.status == "wrong" and result.mistake == mistake.name, result.message
    assert "likely mistake" in result.message


def _one_row_short(k, n, stride=1, padding=0):
    return SOLUTION(k, n, stride, padding)[:-1]


def _padding_only_in_the_row_count(k, n, stride=1, padding=0):
    return ex._rows(k, n, stride, padding, lambda i: i * stride)


def _float32(k, n, stride=1, padding=0):       # not a mistake: single precision is close enough
    return SOLUTION(k, n, stride, padding).astype(np.float32)


@pytest.mark.parametrize("wrong", [_one_row_short, _padding_only_in_the_row_count],
                         ids=["one_row_short", "padding_only_in_the_row_count"])
def test_other_wrong_solutions_are_rejected(wrong):
    result = EXERCISE.result(wrong)
    assert result.status == "wrong", result.message
    assert "hint:" in result.message or "likely mistake" in result.message


def test_single_precision_is_accepted():
    assert EXERCISE.result(_float32).status == "correct"


def test_cases_are_fast_and_cover_stride_padding_and_odd_shapes():
    import time
    t0 = time.perf_counter()
    EXERCISE.result(SOLUTION)
    assert time.perf_counter() - t0 < 0.5
    settings = [(len(c.args[0]), c.args[1], c.args[2], c.args[3]) for c in EXERCISE.cases]
    assert any(s > 1 for _, _, s, _ in settings) and any(p > 0 for _, _, _, p in settings)
    assert any(K % 2 == 0 for K, _, _, _ in settings) and any(K > n for K, n, _, _ in settings)


@pytest.mark.parametrize("question, wrong", [(ex.q1, (576, 2304)), (ex.q2, (576, 324)), (ex.q3, (25, 1024)),
                                             (ex.q4, (784, 75))], ids=["q1", "q2", "q3", "q4"])
def test_questions_know_the_answer_and_the_usual_mistakes(question, wrong):
    assert question.feedback(question.answer) == "right"
    assert question.feedback(float(question.answer)) == "right"
    for value in wrong:
        assert question.feedback(value).startswith("wrong: ") and "is what you get when" in question.feedback(value)
    assert question.feedback(question.answer + 1).startswith("wrong")
    assert str(question.answer) not in question.feedback(None)


def test_answers_are_computed():
    assert (ex.q1.answer, ex.q2.answer, ex.q3.answer, ex.q4.answer) == (324, 484, 75, 1024)


def test_notebook_has_stub_and_check_and_shows_no_answer():
    cells = nbformat.read(NOTEBOOK, as_version=4).cells
    stubs = [c for c in cells if "exercise-stub" in c.metadata.get("tags", [])]
    checks = [c for c in cells if "exercise-check" in c.metadata.get("tags", [])]
    assert len(stubs) == len(checks) == 1
    assert stubs[0].source.rstrip().endswith("# YOUR CODE HERE\n    raise NotImplementedError()")
    printed = "".join(o.get("text", "") for c in checks for o in c.outputs)
    assert printed.startswith("not done yet")
    source = "\n".join(c.source for c in cells if c.cell_type == "code")
    assert "lessonlib.answers" not in source
    assert not any(".reveal(" in line.split("#")[0] for line in source.splitlines())
    exercises_at = next(i for i, c in enumerate(cells) if c.cell_type == "markdown"
                        and c.source.startswith("## Exercises"))
    for cell in cells[exercises_at:]:
        for output in cell.get("outputs", []):
            text = output.get("text", "") + output.get("data", {}).get("text/plain", "")
            for q in (ex.q1, ex.q2, ex.q3, ex.q4):
                assert f" {q.answer}" not in text and f"{q.answer:,}" not in text, text
