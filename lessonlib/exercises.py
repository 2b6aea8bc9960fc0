"""Exercises: a function the student writes, checked against lessonlib; short questions whose
answer shows only when asked.

A coding exercise is an `Exercise`: the lesson's reference computation, seeded cases (random ones
and the edge cases that catch the usual mistakes) and named `Mistake`s — wrong implementations
that make those mistakes. `exercise.check(fn)` prints one of

    not done yet ...                       (the stub still raises NotImplementedError)
    correct on N cases
    wrong on case k of N: <settings>       then shapes, expected vs got (a small diff), and a
                                           hint: the mistake whose output equals the student's,
                                           or the exercise's general hint

and never raises, so a notebook with untouched stubs still runs top to bottom; it never prints
the solution's code. `exercise.grade(fn)` is the same check for nbgrader's autograder: it raises
AssertionError with that message unless the function is correct.

A `Question` takes a count (compared exactly), a real number (a tolerance that must reject the
known wrong answers — checked when the question is made), True/False, or one word. `check(answer)`
prints "right", "wrong" with the likely mistake when the answer is a known wrong one, or "not
answered yet"; `hint()` prints a hint and `reveal()` the answer with how it is computed.
"""
from __future__ import annotations

import copy
import numbers
from typing import Any, Callable, NamedTuple, Sequence

import numpy as np

# -- comparing results -------------------------------------------------------------------------


def _as_parts(value):
    """A result as a tuple of parts (a function may return one array or a tuple of them)."""
    return tuple(value) if isinstance(value, (tuple, list)) and not _is_number(value) else (value,)


def _is_number(value):
    return isinstance(value, numbers.Number) and not isinstance(value, bool)


def _first_difference(got, expected, rtol, atol) -> str | None:
    """None when got matches expected, else a short description of the first difference."""
    got_parts, exp_parts = _as_parts(got), _as_parts(expected)
    if len(got_parts) != len(exp_parts):
        return f"expected {len(exp_parts)} result(s), got {len(got_parts)}"
    for k, (g, e) in enumerate(zip(got_parts, exp_parts)):
        where = f"result {k}: " if len(exp_parts) > 1 else ""
        if e is None or g is None:              # None can be an answer ("does not fit")
            if e is None and g is None:
                continue
            return f"{where}expected {_show(e)}, got {_show(g)}" + (
                " (did the function return its result?)" if g is None else "")
        if isinstance(g, (str, bytes)) or isinstance(g, bool) != isinstance(e, bool):
            return f"{where}expected {_show(e)}, got {type(g).__name__} {g!r}"
        try:
            g_arr = np.asarray(g, dtype=float)
        except (TypeError, ValueError):
            return f"{where}expected numbers, got {type(g).__name__}"
        if g_arr.dtype == object:
            return f"{where}expected numbers, got {type(g).__name__}"
        e_arr = np.asarray(e, dtype=float)
        if g_arr.shape != e_arr.shape:
            return f"{where}expected shape {e_arr.shape}, got {g_arr.shape}"
        close = np.isclose(g_arr, e_arr, rtol=rtol, atol=atol) | (np.isnan(g_arr) & np.isnan(e_arr))
        if not close.all():
            if e_arr.ndim == 0:
                return f"{where}expected {_show(e)}, got {_show(g)}"
            bad = np.argwhere(~close)
            first = tuple(int(i) for i in bad[0])
            text = (f"{where}{len(bad)} of {close.size} values differ; first at index {list(first)}: "
                    f"expected {e_arr[first]:.6g}, got {g_arr[first]:.6g}")
            if e_arr.size <= 36:
                with np.printoptions(precision=4, suppress=True, linewidth=100):
                    text += f"\n  expected:\n{_indent(e_arr)}\n  got:\n{_indent(g_arr)}"
            return text
    return None


def _show(value) -> str:
    """A scalar answer in a message: 5, 2.5, None (arrays are shown by _indent)."""
    if value is None or isinstance(value, (bool, np.bool_)):
        return repr(value)
    if _is_number(value) or isinstance(value, np.number):
        return f"{value:.6g}" if isinstance(value, (float, np.floating)) else str(value)
    return f"an array of shape {np.shape(value)}"


def _indent(array) -> str:
    return "\n".join("    " + line for line in str(array).splitlines())


def matches(got, expected, rtol=1e-6, atol=1e-9) -> bool:
    return _first_difference(got, expected, rtol, atol) is None


# -- coding exercises ---------------------------------------------------------------------------


class Case(NamedTuple):
    """One call of the student's function: what it is in words, and its arguments."""
    label: str
    args: tuple
    kwargs: dict = {}


class Mistake(NamedTuple):
    """A known wrong way: its name, a hint that points at it, and an implementation making it."""
    name: str
    hint: str
    fn: Callable


class Result(NamedTuple):
    status: str            # "not done", "correct" or "wrong"
    passed: int            # cases passed before the first failure (all of them when correct)
    total: int
    case: Case | None      # the first failing case
    mistake: str | None    # the name of the known mistake the student's output equals, if any
    message: str


class Exercise:
    """A function to write, checked on `cases` against `reference` (see the module docstring).

    name:      the function's name in the notebook (the stub's and the solution's).
    reference: the right computation (lessonlib's), called like the student's function.
    cases:     a sequence of Case, or a callable returning one (built when first checked).
    mistakes:  Mistakes to recognise in a wrong answer.
    hint:      what to look at when no known mistake explains the difference.
    """

    def __init__(self, name: str, reference: Callable, cases, mistakes: Sequence[Mistake] = (),
                 hint: str = "", rtol: float = 1e-6, atol: float = 1e-9):
        self.name, self.reference, self._cases = name, reference, cases
        self.mistakes, self.hint, self.rtol, self.atol = tuple(mistakes), hint, rtol, atol

    @property
    def cases(self) -> list[Case]:
        if callable(self._cases):
            self._cases = list(self._cases())
        return list(self._cases)

    def _call(self, fn, case):
        return fn(*copy.deepcopy(case.args), **copy.deepcopy(case.kwargs))

    def result(self, fn) -> Result:
        """Run fn on every case and say how it went (never raises)."""
        cases = self.cases
        for k, case in enumerate(cases):
            expected = self._call(self.reference, case)
            try:
                got = self._call(fn, case)
            except NotImplementedError:
                return Result("not done", 0, len(cases), None, None,
                              f"not done yet: complete `{self.name}` above (replace `raise NotImplementedError()` "
                              "with your code), run its cell, then this one")
            except Exception as err:   # a student's bug: report it like a wrong answer
                return Result("wrong", k, len(cases), case, None,
                              f"{self.name} raised {type(err).__name__}: {err}\n  on case {k + 1} of {len(cases)}: "
                              f"{case.label}")
            difference = _first_difference(got, expected, self.rtol, self.atol)
            if difference is not None:
                mistake = self._recognise(got, case)
                hint = (f"likely mistake: {mistake.name} — {mistake.hint}" if mistake is not None
                        else f"hint: {self.hint}" if self.hint else "")
                message = (f"wrong on case {k + 1} of {len(cases)}: {case.label}\n  {difference}"
                           + (f"\n  {hint}" if hint else ""))
                return Result("wrong", k, len(cases), case, mistake.name if mistake else None, message)
        return Result("correct", len(cases), len(cases), None, None, f"correct on {len(cases)} cases")

    def _recognise(self, got, case) -> Mistake | None:
        for mistake in self.mistakes:
            try:
                wrong = self._call(mistake.fn, case)
            except Exception:      # a mistake that cannot run on this case explains nothing here
                continue
            if matches(got, wrong, self.rtol, self.atol):
                return mistake
        return None

    def check(self, fn) -> None:
        """Print how `fn` does (for the student's check cell; returns nothing, never raises)."""
        print(self.result(fn).message)

    def grade(self, fn) -> None:
        """nbgrader's test: raise AssertionError with the check's message unless fn is correct."""
        result = self.result(fn)
        if result.status != "correct":
            raise AssertionError(result.message)
        print(result.message)


# -- short questions ----------------------------------------------------------------------------


class Question:
    """A short question (see the module docstring).

    answer: the right answer, computed (never typed in): int for a count, float for a real
            number, bool, or a word.
    how:    how the answer is computed, shown by reveal().
    hint:   shown by hint().
    wrong:  {known wrong answer: the mistake that gives it}, recognised in check().
    rtol:   for real numbers only; must reject every known wrong answer.
    """

    def __init__(self, answer, how: str, hint: str, wrong: dict | None = None, rtol: float = 1e-3):
        self.answer, self.how, self._hint, self.wrong, self.rtol = answer, how, hint, dict(wrong or {}), rtol
        for value in self.wrong:
            if self._right(value):
                raise ValueError(f"the tolerance accepts the known wrong answer {value!r}: lower rtol")

    def _kind(self):
        if isinstance(self.answer, bool):
            return "bool"
        if isinstance(self.answer, (int, np.integer)):
            return "count"
        if isinstance(self.answer, numbers.Real):
            return "real"
        return "word"

    def _right(self, value) -> bool:
        kind = self._kind()
        if kind == "bool":
            return value is self.answer or (isinstance(value, np.bool_) and bool(value) is self.answer)
        if kind == "count":
            return _is_number(value) and float(value) == float(self.answer)
        if kind == "real":
            return _is_number(value) and bool(np.isclose(value, self.answer, rtol=self.rtol, atol=0))
        return isinstance(value, str) and value.strip().lower() == str(self.answer).lower()

    def _same(self, value, known) -> bool:
        """value is the known (wrong) answer, as a student would type it: a real to the
        question's tolerance (0.5946 for 2^-0.75), anything else exactly."""
        if _is_number(value) and _is_number(known):
            if self._kind() == "real":
                return bool(np.isclose(value, known, rtol=self.rtol, atol=0))
            return float(value) == float(known)
        return value == known

    def feedback(self, value) -> str:
        """What check() prints for this answer."""
        if value is None:
            return "not answered yet: set the answer above, run its cell, then this one (hint() helps)"
        kind = self._kind()
        if kind == "bool" and not isinstance(value, (bool, np.bool_)):
            return f"wrong type: answer True or False (without quotes), not {value!r}"
        if kind in ("count", "real") and not _is_number(value):
            return f"wrong type: answer with a number, not {value!r}"
        if kind == "word" and not isinstance(value, str):
            return f"wrong type: answer with a word in quotes, not {value!r}"
        if self._right(value):
            return "right"
        for known, mistake in self.wrong.items():
            if self._same(value, known):
                return f"wrong: {value!r} is what you get when {mistake}"
        if kind == "count" and float(value) != int(value):
            return f"wrong: {value!r} is not a whole number, and a count is"
        return f"wrong: {value!r} is not it; hint() may help"

    def check(self, value) -> None:
        print(self.feedback(value))

    def hint(self) -> None:
        print(f"hint: {self._hint}")

    def reveal(self) -> None:
        print(f"answer: {self.answer!r}, computed as {self.how}")
