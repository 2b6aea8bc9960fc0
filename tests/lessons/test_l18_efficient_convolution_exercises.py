"""Lesson 18's exercise check (convolution by FFT equal to the direct one): the solution passes,
the stub is not done, every named mistake and unnamed wrong solutions are rejected; the questions
take their answers and reject the known wrong ones."""
import importlib.util
import time
from pathlib import Path

import numpy as np
import pytest

from lessonlib.lessons.l18_efficient_convolution import exercises as ex

SOLUTION = Path(__file__).resolve().parents[2] / "solutions" / "l18_efficient_convolution.py"
EXERCISE = ex.conv2d_by_fft_exercise


def _solution():
    spec = importlib.util.spec_from_file_location("l18_solution", SOLUTION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.conv2d_by_fft


def test_solution_is_correct():
    result = EXERCISE.result(_solution())
    assert result.status == "correct", result.message
    assert result.total >= 8


def test_solution_uses_numpy_fft_only():
    source = SOLUTION.read_text()
    assert "lessonlib" not in source and "scipy" not in source and "np.fft." in source


def test_stub_is_not_done():
    def conv2d_by_fft(x, k, padding=0):
        raise NotImplementedError()
    assert EXERCISE.result(conv2d_by_fft).status == "not done"


@pytest.mark.parametrize("mistake", ex.MISTAKES, ids=[m.name for m in ex.MISTAKES])
def test_named_mistake_is_rejected_and_named(mistake):
    result = EXERCISE.result(mistake.fn)
    assert result.status == "wrong" and result.mistake == mistake.name, result.message


def test_circular_product_is_right_for_valid_and_wrong_with_padding():
    # without zero padding only the borders of a padded output are wrong: the first case with padding catches it
    x, k = np.random.default_rng(0).normal(size=(8, 8)), np.random.default_rng(1).normal(size=(3, 3))
    assert np.allclose(ex.no_zero_padding_circular(x, k, 0), ex.reference(x, k, 0))
    assert not np.allclose(ex.no_zero_padding_circular(x, k, 1), ex.reference(x, k, 1))


def _crop_off_by_one(x, k, padding=0):
    kh, kw = k.shape
    return ex._by_fft(x, k, padding, start=(kh - padding, kw - padding), wrap=True)


def _convolve_then_flip_output(x, k, padding=0):
    return ex.kernel_not_flipped(x, k, padding)[::-1, ::-1]


def _no_crop(x, k, padding=0):                      # the whole full-size product, not cropped
    (h, w), (kh, kw) = x.shape, k.shape
    size = (h + kh - 1, w + kw - 1)
    return np.fft.irfft2(np.fft.rfft2(x, size) * np.fft.rfft2(k[::-1, ::-1], size), size)


def _kernel_transposed(x, k, padding=0):
    return _solution()(x.T, k.T, padding).T if k.shape[0] == k.shape[1] else _solution()(x, k.T, padding)


@pytest.mark.parametrize("wrong", [_crop_off_by_one, _convolve_then_flip_output, _no_crop,
                                   _kernel_transposed],
                         ids=["crop_off_by_one", "output_flipped_instead_of_kernel", "not_cropped",
                              "kernel_transposed"])
def test_other_wrong_solutions_are_rejected(wrong):
    result = EXERCISE.result(wrong)
    assert result.status == "wrong" and result.mistake is None, result.message


def test_checks_are_fast():
    EXERCISE.result(_solution())              # lessonlib's direct kernel built once
    start = time.perf_counter()
    EXERCISE.result(_solution())
    assert time.perf_counter() - start < 0.5


def test_questions():
    assert ex.q1.feedback(True) == "right" and "multiple" in ex.q1.feedback(False)
    assert ex.q1.feedback("True").startswith("wrong type")
    assert ex.q2.feedback(14) == "right" and "direct" in ex.q2.feedback(45) and ex.q2.feedback(14.5).startswith("wrong")
    assert ex.q3.feedback(2) == "right" and "not an outer product" in ex.q3.feedback(1)
    for q in (ex.q1, ex.q2, ex.q3):
        assert q.feedback(None).startswith("not answered yet")
