"""Lesson 8's exercises: the corr2d and conv2d checkers accept the solutions, call the stubs not
done, reject every named wrong solution (naming it) and others; the short questions know their
answers and the usual wrong ones, and the committed notebook shows none of the answers."""
import importlib.util
import time
from pathlib import Path

import nbformat
import numpy as np
import pytest

from lessonlib.correlation import flip_kernel
from lessonlib.lessons.l08_conv_vs_crosscorrelation import exercises as ex

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "notebooks" / "08_conv_vs_crosscorrelation.ipynb"


def _solutions():
    spec = importlib.util.spec_from_file_location("l08_solutions", ROOT / "solutions" / "l08_conv_vs_crosscorrelation.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SOLUTIONS = _solutions()
EXERCISES = {"corr2d": ex.corr2d_exercise, "conv2d": ex.conv2d_exercise}


@pytest.mark.parametrize("name", EXERCISES)
def test_solution_is_correct_and_stub_is_not_done(name):
    exercise, solution = EXERCISES[name], getattr(SOLUTIONS, name)
    result = exercise.result(solution)
    assert result.status == "correct" and result.passed == result.total >= 12, result.message
    exercise.grade(solution)

    def stub(F, h):
        raise NotImplementedError()
    assert exercise.result(stub).status == "not done"


MISTAKES = [("corr2d", m) for m in ex.CORR_MISTAKES] + [("conv2d", m) for m in ex.CONV_MISTAKES]


@pytest.mark.parametrize("name, mistake", MISTAKES, ids=[f"{n}-{m.name}" for n, m in MISTAKES])
def test_named_mistake_is_rejected_and_recognised(name, mistake):
    result = EXERCISES[name].result(mistake.fn)
    assert result.status == "wrong" and result.mistake == mistake.name, result.message
    assert "likely mistake" in result.message


def _sum_not_reset(F, h):
    """A running sum started once, before the output loops: every output adds all earlier ones."""
    F, h = np.asarray(F, float), np.asarray(h, float)
    G = np.zeros((F.shape[0] - h.shape[0] + 1, F.shape[1] - h.shape[1] + 1))
    total = 0.0
    for i in range(G.shape[0]):
        for j in range(G.shape[1]):
            for u in range(h.shape[0]):
                for v in range(h.shape[1]):
                    total += h[u, v] * F[i + u, j + v]
            G[i, j] = total
    return G


def _flip_the_image(F, h):
    """Convolution by rotating the image instead of the kernel (and not rotating the result back)."""
    return SOLUTIONS.corr2d(flip_kernel(F), h)


def _same_size_output(F, h):
    """The slide's 'same' output with zero padding instead of the 'valid' one asked for."""
    F, h = np.asarray(F, float), np.asarray(h, float)
    KH, KW = h.shape
    padded = np.pad(F, ((KH // 2, KH - 1 - KH // 2), (KW // 2, KW - 1 - KW // 2)))
    return SOLUTIONS.corr2d(padded, h)


WRONG = [("corr2d", _sum_not_reset), ("corr2d", _same_size_output), ("conv2d", _flip_the_image),
         ("conv2d", lambda F, h: SOLUTIONS.conv2d(F, h).T)]


@pytest.mark.parametrize("name, wrong", WRONG, ids=["corr2d-sum_not_reset", "corr2d-same_size_output",
                                                    "conv2d-flipped_the_image", "conv2d-transposed_output"])
def test_other_wrong_solutions_are_rejected(name, wrong):
    result = EXERCISES[name].result(wrong)
    assert result.status == "wrong", result.message
    assert "hint:" in result.message or "likely mistake" in result.message


def test_conv2d_by_corr2d_of_the_flipped_kernel_is_accepted():
    assert ex.conv2d_exercise.result(lambda F, h: SOLUTIONS.corr2d(F, np.asarray(h)[::-1, ::-1])).status == "correct"


def test_cases_are_fast_and_cover_odd_shapes():
    t0 = time.perf_counter()
    ex.corr2d_exercise.result(SOLUTIONS.corr2d)
    ex.conv2d_exercise.result(SOLUTIONS.conv2d)
    assert time.perf_counter() - t0 < 0.5
    kernels = [np.shape(c.args[1]) for c in ex.corr2d_exercise.cases]
    images = [np.shape(c.args[0]) for c in ex.corr2d_exercise.cases]
    assert any(kh != kw for kh, kw in kernels) and any(kh % 2 == 0 or kw % 2 == 0 for kh, kw in kernels)
    assert any(h != w for h, w in images) and any(k == i for k, i in zip(kernels, images))


@pytest.mark.parametrize("question, wrong", [(ex.q1, (1.0,)), (ex.q2, (False,)), (ex.q3, (1.0, 3.0, 4.0))],
                         ids=["q1", "q2", "q3"])
def test_questions_know_the_answer_and_the_usual_mistakes(question, wrong):
    assert question.feedback(question.answer) == "right"
    for value in wrong:
        assert "is what you get when" in question.feedback(value)
    assert str(question.answer) not in question.feedback(None)


def test_answers_are_computed():
    assert (ex.q1.answer, ex.q2.answer, ex.q3.answer) == (-1.0, True, -1.0)
    assert ex.q1.feedback(-1) == ex.q3.feedback(-1) == "right"
    assert ex.q2.feedback("True").startswith("wrong type")


def test_notebook_has_stubs_and_checks_and_shows_no_answer():
    cells = nbformat.read(NOTEBOOK, as_version=4).cells
    stubs = [c for c in cells if "exercise-stub" in c.metadata.get("tags", [])]
    checks = [c for c in cells if "exercise-check" in c.metadata.get("tags", [])]
    assert len(stubs) == len(checks) == 2
    for stub, check, name in zip(stubs, checks, ("corr2d", "conv2d")):
        assert stub.source.startswith(f"def {name}(F, h):")
        assert stub.source.rstrip().endswith("# YOUR CODE HERE\n    raise NotImplementedError()")
        assert f"{name}_exercise.check({name})" in check.source
        assert "".join(o.get("text", "") for o in check.outputs).startswith("not done yet")
    source = "\n".join(c.source for c in cells if c.cell_type == "code")
    assert "lessonlib.answers" not in source
    assert not any(".reveal(" in line.split("#")[0] for line in source.splitlines())
    exercises_at = next(i for i, c in enumerate(cells) if c.cell_type == "markdown" and "## Exercises" in c.source)
    printed = "".join(o.get("text", "") + o.get("data", {}).get("text/plain", "")
                      for c in cells[exercises_at:] if ".check(" in c.get("source", "") for o in c.get("outputs", []))
    assert printed.count("not answered yet") == 3
    assert "-1" not in printed and "True" not in printed and "False" not in printed, printed


def test_notebook_shows_question_2s_kernel():
    rows = " \\\\ ".join(" & ".join(f"{v:g}" for v in row) for row in ex.SYMMETRIC_LOOKING)
    cells = nbformat.read(NOTEBOOK, as_version=4).cells
    assert any(rows in c.source for c in cells if c.cell_type == "markdown"), rows
