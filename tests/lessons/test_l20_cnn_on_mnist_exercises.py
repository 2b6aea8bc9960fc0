"""Lesson 20's exercise checks: the solutions pass, the stubs are not done, every named mistake and
unnamed wrong solutions are rejected, the SGD step lowers the tiny problem's loss; the questions take
their answers and reject the known wrong ones."""
import importlib.util
import time
from pathlib import Path

import numpy as np
import pytest

from lessonlib.lessons.l20_cnn_on_mnist import exercises as ex

SOLUTION = Path(__file__).resolve().parents[2] / "solutions" / "l20_cnn_on_mnist.py"
DW, SGD = ex.conv_weight_gradient_exercise, ex.sgd_step_exercise


def _solutions():
    spec = importlib.util.spec_from_file_location("l20_solution", SOLUTION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_solutions_are_correct():
    for exercise, fn, least in ((DW, _solutions().conv_weight_gradient, 6), (SGD, _solutions().sgd_step, 5)):
        result = exercise.result(fn)
        assert result.status == "correct", result.message
        assert result.total == len(exercise.cases) >= least


def test_stubs_are_not_done():
    def conv_weight_gradient(x, dout, kernel):
        raise NotImplementedError()

    def sgd_step(w, dw, lr):
        raise NotImplementedError()
    assert DW.result(conv_weight_gradient).status == "not done"
    assert SGD.result(sgd_step).status == "not done"


@pytest.mark.parametrize("exercise, mistake", [(DW, m) for m in ex.WEIGHT_MISTAKES] + [(SGD, m) for m in ex.SGD_MISTAKES],
                         ids=[m.name for m in ex.WEIGHT_MISTAKES + ex.SGD_MISTAKES])
def test_named_mistake_is_rejected_and_named(exercise, mistake):
    result = exercise.result(mistake.fn)
    assert result.status == "wrong"
    assert result.mistake == mistake.name, result.message
    assert result.case is exercise.cases[0] or result.case.label == exercise.cases[0].label   # caught at once


def _dw_off_by_one_window(x, dout, kernel):              # patches from i + u + 1: shifted by one row
    x = np.pad(x, ((0, 0), (0, 0), (0, 1), (0, 0)))[:, :, 1:]
    return _solutions().conv_weight_gradient(x, dout, kernel)


def _dw_with_bias_row(x, dout, kernel):                  # dW plus db folded in: every weight += sum of dout
    dw = _solutions().conv_weight_gradient(x, dout, kernel)
    return dw + dout.sum(axis=(0, 2, 3))[:, None, None, None]


def _dw_squeezed(x, dout, kernel):                       # right numbers, but (F, C·KH·KW)
    dw = _solutions().conv_weight_gradient(x, dout, kernel)
    return dw.reshape(dw.shape[0], -1)


def _sgd_half_step(w, dw, lr):
    return w - 0.5 * lr * dw


def _sgd_returns_none(w, dw, lr):                        # updates in place, forgets to return
    w -= lr * dw


@pytest.mark.parametrize("exercise, wrong", [(DW, _dw_off_by_one_window), (DW, _dw_with_bias_row), (DW, _dw_squeezed),
                                             (SGD, _sgd_half_step), (SGD, _sgd_returns_none)],
                         ids=["dw_window_shifted_by_one", "dw_with_the_bias_gradient_added", "dw_not_reshaped",
                              "sgd_half_step", "sgd_returns_none"])
def test_other_wrong_solutions_are_rejected(exercise, wrong):
    result = exercise.result(wrong)
    assert result.status == "wrong" and result.mistake is None, result.message
    assert "wrong on case" in result.message
    if wrong is _sgd_returns_none:
        assert "did the function return" in result.message


def test_the_reference_is_the_im2col_product_and_lessonlib_agrees():
    x, dout, kernel = DW.cases[0].args
    by_im2col = (ex._dout_matrix(dout) @ ex._cols(x, kernel).T).reshape(dout.shape[1], x.shape[1], *kernel)
    assert np.allclose(ex.weight_gradient_reference(x, dout, kernel), by_im2col)


def test_one_sgd_step_lowers_the_loss_and_uphill_raises_it():
    for x, t, w, lr in ex.sgd_problems():
        loss, dw = ex.tiny_conv_loss(w, x, t)
        assert ex.tiny_conv_loss(_solutions().sgd_step(w, dw, lr), x, t)[0] < loss
        assert ex.tiny_conv_loss(ex.step_uphill(w, dw, lr), x, t)[0] > loss


def test_tiny_loss_gradient_matches_finite_differences():
    x, t, w, _ = ex.sgd_problems()[0]
    _, dw = ex.tiny_conv_loss(w, x, t)
    e = np.zeros_like(w)
    e[1, 0, 2, 1] = 1e-6
    numeric = (ex.tiny_conv_loss(w + e, x, t)[0] - ex.tiny_conv_loss(w - e, x, t)[0]) / 2e-6
    assert np.isclose(numeric, dw[1, 0, 2, 1], rtol=1e-5)


def test_checks_are_fast():
    dw_fn, sgd_fn = _solutions().conv_weight_gradient, _solutions().sgd_step
    DW.result(dw_fn), SGD.result(sgd_fn)          # cases built, kernels loaded
    times = []
    for _ in range(3):                            # the best of three: other processes share the cores
        start = time.perf_counter()
        DW.result(dw_fn), SGD.result(sgd_fn)
        times.append(time.perf_counter() - start)
    assert min(times) < 0.5


def test_questions():
    from lessonlib.models import build_lenet, receptive_fields
    pool2 = receptive_fields(build_lenet())[5][0]
    assert ex.receptive_field(ex.LENET_LAYERS)[-1][:2] == (pool2.size, pool2.jump)     # the table's 16, jump 4
    assert ex.q1.feedback(24) == "right" and "jump is forgotten" in ex.q1.feedback(18)
    assert "pool2's own" in ex.q1.feedback(16) and ex.q1.feedback(24.5).startswith("wrong")
    assert ex.q2.feedback(25_664) == ex.q2.feedback(25664.0) == "right"
    assert "biases are forgotten" in ex.q2.feedback(25_600) and ex.q2.feedback(25_500).startswith("wrong")
    assert ex.q3.feedback(512) == "right" and "n − k + 1" in ex.q3.feedback(288) and "padding" in ex.q3.feedback(800)
    for q in (ex.q1, ex.q2, ex.q3):
        assert q.feedback(None).startswith("not answered yet")


def test_question_answers_are_not_printed_by_the_lesson():
    import nbformat
    nb = nbformat.read(Path(__file__).resolve().parents[2] / "notebooks" / "20_cnn_on_mnist.ipynb", 4)
    printed = " ".join(o.get("text", "") + str(o.get("data", {}).get("text/plain", ""))
                       for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    for text in ("field 24", "24×24", "25,664", "25664", "512"):
        assert text not in printed
