"""Lesson 19's exercise check (a 3-D convolution, applied to the temporal kernels): the solution passes,
the stub is not done, every named mistake and unnamed wrong solutions are rejected; the questions take
their answers and reject the known wrong ones."""
import importlib.util
import time
from pathlib import Path

import numpy as np
import pytest

from lessonlib.lessons.l19_convolution_3d import exercises as ex
from lessonlib.lessons.l19_convolution_3d.compute import temporal_kernels, temporal_responses

SOLUTION = Path(__file__).resolve().parents[2] / "solutions" / "l19_convolution_3d.py"
EXERCISE = ex.conv3d_valid_exercise


def _solution():
    spec = importlib.util.spec_from_file_location("l19_solution", SOLUTION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.conv3d_valid


def test_solution_is_correct():
    result = EXERCISE.result(_solution())
    assert result.status == "correct", result.message
    assert result.total >= 8


def test_solution_gives_the_lessons_temporal_difference():
    clip = np.random.default_rng(0).normal(size=(7, 4, 5))
    for depth in (2, 3, 5):
        expected = temporal_responses(clip, depth)[1]
        assert np.allclose(_solution()(clip, temporal_kernels(depth)[1, 0]), expected)
        assert np.allclose(expected, clip[depth - 1:] - clip[:len(clip) - depth + 1])


def test_stub_is_not_done():
    def conv3d_valid(clip, kernel):
        raise NotImplementedError()
    assert EXERCISE.result(conv3d_valid).status == "not done"


@pytest.mark.parametrize("mistake", ex.MISTAKES, ids=[m.name for m in ex.MISTAKES])
def test_named_mistake_is_rejected_and_named(mistake):
    result = EXERCISE.result(mistake.fn)
    assert result.status == "wrong" and result.mistake == mistake.name, result.message


def _difference_of_first_and_second_frame_only(clip, kernel):   # ignores the kernel's depth
    out = _solution()(clip, kernel)
    if kernel.shape[0] > 2 and kernel.shape[1:] == (1, 1):
        return clip[1:1 + len(out)] - clip[:len(out)]
    return out


def _output_depth_one_long(clip, kernel):
    out = _solution()(clip, kernel)
    return np.concatenate([out, out[-1:]])


def _time_and_columns_swapped(clip, kernel):
    return _solution()(clip.transpose(2, 1, 0), kernel).transpose(2, 1, 0)


def _negated(clip, kernel):
    return -_solution()(clip, kernel)


@pytest.mark.parametrize("wrong", [_difference_of_first_and_second_frame_only, _output_depth_one_long,
                                   _time_and_columns_swapped, _negated],
                         ids=["difference_ignores_depth", "output_depth_one_long", "time_and_columns_swapped",
                              "output_negated"])
def test_other_wrong_solutions_are_rejected(wrong):
    result = EXERCISE.result(wrong)
    assert result.status == "wrong", result.message


def test_checks_are_fast():
    EXERCISE.result(_solution())              # lessonlib's kernels built once
    start = time.perf_counter()
    EXERCISE.result(_solution())
    assert time.perf_counter() - start < 0.5


def test_questions():
    assert ex.q1.feedback(14) == "right" and "+ 1" in ex.q1.feedback(13) and ex.q1.feedback(14.2).startswith("wrong")
    assert ex.q2.feedback(1312) == "right" and "biases" in ex.q2.feedback(1296)
    assert "channels" in ex.q2.feedback(448) and "2-D" in ex.q2.feedback(448)
    assert ex.q3.feedback(True) == "right" and ex.q3.feedback(False).startswith("wrong")
    for q in (ex.q1, ex.q2, ex.q3):
        assert q.feedback(None).startswith("not answered yet")
