"""Lesson 14's exercise check: the solution passes, the stub is not done, every named mistake and
unnamed wrong solutions are rejected; the questions take their answers and reject the known wrong ones."""
import importlib.util
import time
from pathlib import Path

import numpy as np
import pytest

from lessonlib.lessons.l14_feature_maps_lrn import exercises as ex

SOLUTION = Path(__file__).resolve().parents[2] / "solutions" / "l14_feature_maps_lrn.py"
EXERCISE = ex.lrn_exercise


def _solution():
    spec = importlib.util.spec_from_file_location("l14_solution", SOLUTION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.lrn


def test_solution_is_correct():
    result = EXERCISE.result(_solution())
    assert result.status == "correct", result.message
    assert result.total == len(EXERCISE.cases) >= 7


def test_stub_is_not_done():
    def lrn(x, size=5, alpha=1e-4, beta=0.75, k=2.0):
        raise NotImplementedError()
    assert EXERCISE.result(lrn).status == "not done"


@pytest.mark.parametrize("mistake", ex.MISTAKES, ids=[m.name for m in ex.MISTAKES])
def test_named_mistake_is_rejected_and_named(mistake):
    result = EXERCISE.result(mistake.fn)
    assert result.status == "wrong"
    assert result.mistake == mistake.name, result.message


def test_even_window_mistake_is_caught_on_the_even_case():
    assert "even size" in EXERCISE.result(ex.even_window_too_wide).case.label


def _k_forgotten(x, size=5, alpha=1e-4, beta=0.75, k=2.0):
    return _solution()(x, size, alpha, beta, 1.0)


def _channel_itself_left_out(x, size=5, alpha=1e-4, beta=0.75, k=2.0):
    x = np.asarray(x, dtype=float)
    out = np.empty_like(x)
    for c in range(x.shape[1]):
        others = [j for j in range(max(0, c - size // 2), min(x.shape[1], c + (size - 1) // 2 + 1)) if j != c]
        out[:, c] = x[:, c] / (k + alpha * (x[:, others] ** 2).sum(axis=1)) ** beta
    return out


def _transposed_channels_and_batch(x, size=5, alpha=1e-4, beta=0.75, k=2.0):
    x = np.asarray(x, dtype=float)
    return _solution()(x.swapaxes(0, 1), size, alpha, beta, k).swapaxes(0, 1)     # window over the batch


def _float32(x, size=5, alpha=1e-4, beta=0.75, k=2.0):                  # close, but not to 1e-6
    return _solution()(np.asarray(x, dtype=np.float32) + np.float32(1e-3), size, alpha, beta, k)


@pytest.mark.parametrize("wrong", [_k_forgotten, _channel_itself_left_out, _transposed_channels_and_batch, _float32],
                         ids=["k_forgotten", "channel_itself_left_out", "window_over_the_batch", "input_shifted"])
def test_other_wrong_solutions_are_rejected(wrong):
    result = EXERCISE.result(wrong)
    assert result.status == "wrong" and result.mistake is None, result.message
    assert "wrong on case" in result.message


def test_checks_are_fast():
    solution = _solution()
    EXERCISE.result(solution)                     # cases built, kernel loaded
    times = []
    for _ in range(3):                            # the best of three: other processes share the cores
        start = time.perf_counter()
        EXERCISE.result(solution)
        times.append(time.perf_counter() - start)
    assert min(times) < 0.5


def test_questions():
    assert ex.q1.feedback(0.439) == "right" and "k = 2" in ex.q1.feedback(2 ** -0.75)
    assert "k = 2" in ex.q1.feedback(0.5946) and "k = 2" in ex.q1.feedback(0.595)    # known wrong answers, as typed
    assert "power is −beta" in ex.q1.feedback(2.28) and "left out" in ex.q1.feedback(0.333)
    assert "power is −beta" in ex.q1.feedback(3 ** 0.75) and ex.q1.feedback(0.5).startswith("wrong")
    assert ex.q2.feedback(3) == "right" and "not clipped" in ex.q2.feedback(5) and ex.q2.feedback(3.5).startswith("wrong")
    assert ex.q3.feedback(141.4) == ex.q3.feedback(141) == "right" and "beta = 0.75" in ex.q3.feedback(200)
    assert "PyTorch" in ex.q3.feedback(316.228) and "PyTorch" in ex.q3.feedback(316.2) and ex.q3.feedback(150).startswith("wrong")
    for q in (ex.q1, ex.q2, ex.q3):
        assert q.feedback(None).startswith("not answered yet")


def test_question_answers_are_not_printed_by_the_lesson():
    import nbformat
    nb = nbformat.read(Path(__file__).resolve().parents[2] / "notebooks" / "14_feature_maps_lrn.ipynb", 4)
    printed = " ".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    for text in ("0.43", "0.44", "141"):
        assert text not in printed
