"""Lesson 9's exercises: the output-size checker accepts the solution (None where the windows do not
fit), calls the stub not done, rejects every named wrong solution (naming it) and others, and says
"expected None, got 2" in one line; the short questions know their answers and the usual wrong ones,
and the committed notebook shows none of the answers."""
import importlib.util
import time
from pathlib import Path

import nbformat
import pytest

from lessonlib.lessons.l09_conv_arithmetic_explorer import exercises as ex

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "notebooks" / "09_conv_arithmetic_explorer.ipynb"


def _solutions():
    spec = importlib.util.spec_from_file_location("l09_solutions", ROOT / "solutions" / "l09_conv_arithmetic_explorer.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SOLUTION = _solutions().output_size
EXERCISE = ex.output_size_exercise


def test_solution_is_correct_and_stub_is_not_done():
    result = EXERCISE.result(SOLUTION)
    assert result.status == "correct" and result.passed == result.total >= 30, result.message
    EXERCISE.grade(SOLUTION)

    def output_size(n, kernel, stride=1, padding=0, dilation=1):
        raise NotImplementedError()
    assert EXERCISE.result(output_size).status == "not done"


def test_cases_mix_sizes_and_settings_that_do_not_fit():
    answers = [ex._reference(*c.args) for c in EXERCISE.cases]
    assert 8 <= sum(a is None for a in answers) <= len(answers) - 15
    settings = [c.args for c in EXERCISE.cases]
    assert any(d > 1 for *_, d in settings) and any(p > 0 for _, _, _, p, _ in settings)
    t0 = time.perf_counter()
    EXERCISE.result(SOLUTION)
    assert time.perf_counter() - t0 < 0.5


@pytest.mark.parametrize("mistake", ex.MISTAKES, ids=lambda m: m.name)
def test_named_mistake_is_rejected_and_recognised(mistake):
    result = EXERCISE.result(mistake.fn)
    assert result.status == "wrong" and result.mistake == mistake.name, result.message
    assert "likely mistake" in result.message


def _forgot_the_plus_one(n, kernel, stride=1, padding=0, dilation=1):
    size = SOLUTION(n, kernel, stride, padding, dilation)
    return None if size is None else size - 1


def _none_as_zero(n, kernel, stride=1, padding=0, dilation=1):
    size = SOLUTION(n, kernel, stride, padding, dilation)
    return 0 if size is None else size


def _forgot_to_return(n, kernel, stride=1, padding=0, dilation=1):
    SOLUTION(n, kernel, stride, padding, dilation)


@pytest.mark.parametrize("wrong", [_forgot_the_plus_one, _none_as_zero, _forgot_to_return],
                         ids=["forgot_the_plus_one", "none_as_zero", "forgot_to_return"])
def test_other_wrong_solutions_are_rejected(wrong):
    result = EXERCISE.result(wrong)
    assert result.status == "wrong" and result.mistake is None, result.message
    assert "hint:" in result.message


def test_messages_show_one_number_and_none():
    floor = EXERCISE.result(ex.floor_division).message.splitlines()
    assert floor[1] == "  expected None, got 2" and "nan" not in "".join(floor)
    assert EXERCISE.result(_forgot_to_return).message.splitlines()[1].startswith("  expected 5, got None")
    as_text = EXERCISE.result(lambda *a: str(SOLUTION(*a)) if SOLUTION(*a) is not None else None)
    assert as_text.status == "wrong" and "expected 5, got str '5'" in as_text.message
    assert "got bool True" in EXERCISE.result(lambda *a: True).message
    assert "ZeroDivisionError" in EXERCISE.result(lambda *a: 1 / 0).message
    with pytest.raises(AssertionError, match="expected None, got 2"):
        EXERCISE.grade(ex.floor_division)


def test_a_float_that_is_whole_is_accepted():
    assert EXERCISE.result(lambda *a: None if SOLUTION(*a) is None else float(SOLUTION(*a))).status == "correct"


@pytest.mark.parametrize("question, wrong", [(ex.q1, (12, 3)), (ex.q2, (7, 3)), (ex.q3, (True,))],
                         ids=["q1", "q2", "q3"])
def test_questions_know_the_answer_and_the_usual_mistakes(question, wrong):
    assert question.feedback(question.answer) == "right"
    for value in wrong:
        assert "is what you get when" in question.feedback(value)
    assert str(question.answer) not in question.feedback(None)


def test_answers_are_computed():
    assert (ex.q1.answer, ex.q2.answer, ex.q3.answer) == (6, 4, False)


def test_notebook_has_stub_and_check_and_shows_no_answer():
    cells = nbformat.read(NOTEBOOK, as_version=4).cells
    stubs = [c for c in cells if "exercise-stub" in c.metadata.get("tags", [])]
    checks = [c for c in cells if "exercise-check" in c.metadata.get("tags", [])]
    assert len(stubs) == len(checks) == 1
    assert stubs[0].source.startswith("def output_size(n, kernel, stride=1, padding=0, dilation=1):")
    assert stubs[0].source.rstrip().endswith("# YOUR CODE HERE\n    raise NotImplementedError()")
    assert "".join(o.get("text", "") for o in checks[0].outputs).startswith("not done yet")
    source = "\n".join(c.source for c in cells if c.cell_type == "code")
    assert "lessonlib.answers" not in source
    assert not any(".reveal(" in line.split("#")[0] for line in source.splitlines())
    exercises_at = next(i for i, c in enumerate(cells) if c.cell_type == "markdown" and "## Exercises" in c.source)
    printed = "".join(o.get("text", "") + o.get("data", {}).get("text/plain", "")
                      for c in cells[exercises_at:] for o in c.get("outputs", []))
    assert printed.count("not answered yet") == 3
    assert not any(ch.isdigit() for ch in printed) and "False" not in printed, printed
