"""Predict-then-reveal checks for the short questions of every lesson.

A student writes an answer into a variable (None until answered); the check cell prints
"right", "wrong ..." or "not answered yet ..." and never raises, so a notebook with
unanswered exercises still runs top to bottom.
"""
from __future__ import annotations

import numbers

import numpy as np


def _close(answer, expected, rtol):
    if isinstance(expected, str):
        return isinstance(answer, str) and answer.strip().lower() == expected.lower()
    if isinstance(expected, bool) or isinstance(answer, bool):
        return answer is expected
    if isinstance(expected, numbers.Number):
        return isinstance(answer, numbers.Number) and bool(np.isclose(answer, expected, rtol=rtol, atol=1e-12))
    try:
        a, e = np.asarray(answer, dtype=float), np.asarray(expected, dtype=float)
    except (TypeError, ValueError):
        return False
    return a.shape == e.shape and bool(np.allclose(a, e, rtol=rtol, atol=1e-12))


def check(answer, expected, how: str, rtol: float = 1e-2) -> bool | None:
    """Print whether `answer` matches `expected` (numbers within rtol); `how` says how the
    answer is computed and is revealed only when the exercise is still unanswered.
    Returns True/False, or None when answer is None."""
    if answer is None:
        print(f"not answered yet — the answer is computed as {how}")
        return None
    ok = _close(answer, expected, rtol)
    print("right" if ok else f"wrong: {answer!r} is not it; think again (or set the answer to None to see how it is computed)")
    return ok
