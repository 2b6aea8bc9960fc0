"""Lesson 10's exercises: the multichannel-convolution checker accepts the solution, calls the stub not
done, rejects every named wrong solution (naming it) and others; the short questions know their
answers and the usual wrong ones, none of them is printed on the page above (the old questions 1 and 3
were: 228 and 230,400), and the committed notebook shows none of the answers."""
import importlib.util
import time
from pathlib import Path

import nbformat
import numpy as np
import pytest

from lessonlib.lessons.l10_multichannel_conv import exercises as ex

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "notebooks" / "10_multichannel_conv.ipynb"


def _solutions():
    spec = importlib.util.spec_from_file_location("l10_solutions", ROOT / "solutions" / "l10_multichannel_conv.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SOLUTION = _solutions().multichannel_conv
EXERCISE = ex.multichannel_conv_exercise


def test_solution_is_correct_and_stub_is_not_done():
    result = EXERCISE.result(SOLUTION)
    assert result.status == "correct" and result.passed == result.total >= 12, result.message
    EXERCISE.grade(SOLUTION)

    def multichannel_conv(x, w, b, stride=1, padding=0):
        raise NotImplementedError()
    assert EXERCISE.result(multichannel_conv).status == "not done"


def test_cases_are_fast_and_cover_stride_padding_and_odd_shapes():
    t0 = time.perf_counter()
    EXERCISE.result(SOLUTION)
    assert time.perf_counter() - t0 < 0.5
    shapes = [(c.args[0].shape, c.args[1].shape, c.args[3], c.args[4]) for c in EXERCISE.cases]
    assert any(s > 1 for *_, s, _ in shapes) and any(p > 0 for *_, p in shapes)
    assert any(x[0] == 1 for x, *_ in shapes) and any(x[1] != x[2] for x, *_ in shapes)
    assert any(w[2] != w[3] for _, w, _, _ in shapes) and any(w[0] == 1 for _, w, _, _ in shapes)


@pytest.mark.parametrize("mistake", ex.MISTAKES, ids=lambda m: m.name)
def test_named_mistake_is_rejected_and_recognised(mistake):
    result = EXERCISE.result(mistake.fn)
    assert result.status == "wrong" and result.mistake == mistake.name, result.message
    assert "likely mistake" in result.message


def _kernel_flipped(x, w, b, stride=1, padding=0):
    return SOLUTION(x, np.asarray(w)[:, :, ::-1, ::-1], b, stride, padding)


def _stride_ignored_in_the_windows(x, w, b, stride=1, padding=0):
    """Right output size, but the windows step one cell at a time."""
    full = SOLUTION(x, w, b, 1, padding)
    out_h = (np.shape(x)[1] + 2 * padding - np.shape(w)[2]) // stride + 1
    out_w = (np.shape(x)[2] + 2 * padding - np.shape(w)[3]) // stride + 1
    return full[:, :out_h, :out_w]


def _channels_last_output(x, w, b, stride=1, padding=0):
    return np.moveaxis(SOLUTION(x, w, b, stride, padding), 0, -1)


@pytest.mark.parametrize("wrong", [_kernel_flipped, _stride_ignored_in_the_windows, _channels_last_output],
                         ids=["kernel_flipped", "stride_ignored_in_the_windows", "channels_last_output"])
def test_other_wrong_solutions_are_rejected(wrong):
    result = EXERCISE.result(wrong)
    assert result.status == "wrong", result.message
    assert "hint:" in result.message or "likely mistake" in result.message


@pytest.mark.parametrize("question, wrong", [(ex.q1, (432, 160, 144)), (ex.q2, (25, 1601)),
                                             (ex.q3, (147_456, 388_800, 27_648, 448))], ids=["q1", "q2", "q3"])
def test_questions_know_the_answer_and_the_usual_mistakes(question, wrong):
    assert question.feedback(question.answer) == "right"
    for value in wrong:
        assert "is what you get when" in question.feedback(value)
    assert question.feedback(question.answer + 1).startswith("wrong")
    assert str(question.answer) not in question.feedback(None)


def test_answers_are_computed():
    assert (ex.q1.answer, ex.q2.answer, ex.q3.answer) == (448, 1600, 442_368)


def _printed(cells):
    return "".join(o.get("text", "") + o.get("data", {}).get("text/plain", "") for c in cells
                   for o in c.get("outputs", []))


def test_notebook_has_stub_and_check_and_no_answer_on_the_page():
    cells = nbformat.read(NOTEBOOK, as_version=4).cells
    stubs = [c for c in cells if "exercise-stub" in c.metadata.get("tags", [])]
    checks = [c for c in cells if "exercise-check" in c.metadata.get("tags", [])]
    assert len(stubs) == len(checks) == 1
    assert stubs[0].source.startswith("def multichannel_conv(x, w, b, stride=1, padding=0):")
    assert stubs[0].source.rstrip().endswith("# YOUR CODE HERE\n    raise NotImplementedError()")
    assert "".join(o.get("text", "") for o in checks[0].outputs).startswith("not done yet")
    source = "\n".join(c.source for c in cells if c.cell_type == "code")
    assert "lessonlib.answers" not in source
    assert not any(".reveal(" in line.split("#")[0] for line in source.splitlines())
    everything = _printed(cells) + "".join(c.source for c in cells if c.cell_type == "markdown")
    for q in (ex.q1, ex.q2, ex.q3):
        assert str(q.answer) not in everything and f"{q.answer:,}" not in everything, q.answer
    exercises_at = next(i for i, c in enumerate(cells) if c.cell_type == "markdown" and "## Exercises" in c.source)
    assert _printed(cells[exercises_at:]).count("not answered yet") == 3
