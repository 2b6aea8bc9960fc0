"""The exercise checks themselves: what they print for a stub, a solution, known mistakes, other
wrong answers and bad types; they never raise (except grade(), for nbgrader)."""
import numpy as np
import pytest

from lessonlib.exercises import Case, Exercise, Mistake, Question


def _reference(x, k):
    return np.convolve(x, k[::-1], mode="valid")          # cross-correlation, "valid"


def _flipped(x, k):
    return np.convolve(x, k, mode="valid")


def _one_short(x, k):
    return _reference(x, k)[:-1]


EXERCISE = Exercise(
    "corr1d", _reference,
    cases=lambda: [Case(f"len(x) = {n}, len(k) = {m}", (np.random.default_rng(n).standard_normal(n),
                                                        np.random.default_rng(m).standard_normal(m)))
                   for n, m in ((7, 3), (5, 5), (9, 2))],
    mistakes=[Mistake("the kernel is flipped", "cross-correlation does not flip k", _flipped)],
    hint="out[i] = sum_j x[i + j] k[j]")


def _stub(x, k):
    raise NotImplementedError()


def test_stub_is_not_done_and_solution_is_correct(capsys):
    assert EXERCISE.result(_stub).status == "not done"
    EXERCISE.check(_stub)
    assert capsys.readouterr().out.startswith("not done yet")
    result = EXERCISE.result(_reference)
    assert (result.status, result.passed, result.total) == ("correct", 3, 3)
    EXERCISE.grade(_reference)


def test_known_mistake_is_named_and_other_errors_get_the_hint():
    flipped = EXERCISE.result(_flipped)
    assert flipped.status == "wrong" and flipped.mistake == "the kernel is flipped"
    assert "likely mistake: the kernel is flipped" in flipped.message and "case 1 of 3" in flipped.message
    short = EXERCISE.result(_one_short)
    assert short.mistake is None and "expected shape (5,), got (4,)" in short.message
    assert "hint: out[i]" in short.message
    with pytest.raises(AssertionError, match="likely mistake"):
        EXERCISE.grade(_flipped)


def test_crash_and_missing_return_are_reported_not_raised():
    crash = EXERCISE.result(lambda x, k: x[100])
    assert crash.status == "wrong" and "IndexError" in crash.message
    assert "did the function return" in EXERCISE.result(lambda x, k: None).message


def test_student_cannot_change_the_cases():
    def scribbles(x, k):
        x[:] = 0
        return _reference(x, k)
    assert EXERCISE.result(scribbles).status == "wrong"
    assert EXERCISE.result(_reference).status == "correct"


def test_question_compares_counts_exactly_and_names_known_mistakes():
    q = Question(25_664, "5·5·1·64 + 64", "count the biases too", wrong={25_600: "the 64 biases are forgotten"})
    assert q.feedback(None).startswith("not answered yet") and "25" not in q.feedback(None)
    assert q.feedback(25_664) == q.feedback(25664.0) == "right"
    assert "biases are forgotten" in q.feedback(25_600)
    assert q.feedback(25_500).startswith("wrong") and q.feedback(13.1).startswith("wrong")
    assert "not a whole number" in Question(13, "floor(25/2)+1", "").feedback(13.1)
    assert "number" in q.feedback("25664")


def test_question_types_and_tolerance():
    assert Question(True, "", "").feedback("True").startswith("wrong type: answer True or False")
    assert Question(True, "", "").feedback(np.bool_(True)) == "right"
    assert Question("max", "", "").feedback(" Max ") == "right"
    real = Question(0.25, "1/4", "", wrong={0.5: "you took the maximum of tanh'"}, rtol=1e-3)
    assert real.feedback(0.2501) == "right" and "tanh" in real.feedback(0.5)
    assert "tanh" in real.feedback(0.4999)                 # a known wrong real, typed rounded
    with pytest.raises(ValueError, match="accepts the known wrong answer"):
        Question(79_510.0, "", "", wrong={79_400.0: "biases forgotten"}, rtol=1e-2)


def test_reveal_only_when_asked(capsys):
    q = Question(13, "floor((28 − 3) / 2) + 1", "the output-size formula")
    q.check(None)
    q.hint()
    assert "13" not in capsys.readouterr().out
    q.reveal()
    assert "13" in capsys.readouterr().out


def test_none_answers_strings_and_scalars():
    from lessonlib.exercises import matches
    size = Exercise("size", lambda n: None if n % 2 else n // 2, [Case(f"n = {n}", (n,)) for n in (4, 5, 6)])
    assert size.result(lambda n: None if n % 2 else n // 2).status == "correct"
    assert "expected None, got 2" in size.result(lambda n: n // 2).message
    assert "expected 2, got None" in size.result(lambda n: None).message
    assert "expected 2, got str '2'" in size.result(lambda n: str(n // 2)).message
    assert "expected 2, got bool True" in size.result(lambda n: True).message
    assert "expected 2, got 3" in size.result(lambda n: n // 2 + 1).message
    assert matches((np.ones(2), None), (np.ones(2), None)) and not matches([1, "a"], [1, 2])
