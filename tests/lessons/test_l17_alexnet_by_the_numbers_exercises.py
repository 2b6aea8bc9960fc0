"""Lesson 17's exercise checker (units, weights, connections of a conv layer with groups): accepts the
solution, calls the stub not done, rejects every named wrong solution (and names it), and rejects
unnamed wrong ones."""
import importlib.util
from pathlib import Path

import pytest

from lessonlib.lessons.l17_alexnet_by_the_numbers import exercises as ex

SOLUTION = Path(__file__).resolve().parents[2] / "solutions" / "l17_alexnet_by_the_numbers.py"
_spec = importlib.util.spec_from_file_location("solution_l17", SOLUTION)
solution = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(solution)
EXERCISE = ex.conv_layer_counts_exercise


def stub(input_shape, filters, kernel, stride=1, padding=0, groups=1):
    raise NotImplementedError()


def test_solution_is_correct_and_stub_not_done(capsys):
    result = EXERCISE.result(solution.conv_layer_counts)
    assert result.status == "correct" and result.total >= 10
    EXERCISE.grade(solution.conv_layer_counts)
    capsys.readouterr()
    assert EXERCISE.result(stub).status == "not done"
    EXERCISE.check(stub)
    assert capsys.readouterr().out.startswith("not done yet")


def test_solution_gives_the_lectures_alexnet_rows():
    """conv1 and conv3 of the lecture's table (units, weights, connections)."""
    assert solution.conv_layer_counts((3, 227, 227), 96, 11, stride=4) == (290_400, 34_848, 105_415_200)
    assert solution.conv_layer_counts((256, 13, 13), 384, 3, padding=1) == (64_896, 884_736, 149_520_384)


@pytest.mark.parametrize("mistake", ex.MISTAKES, ids=[m.name for m in ex.MISTAKES])
def test_named_mistake_is_rejected_and_named(mistake):
    result = EXERCISE.result(mistake.fn)
    assert result.status == "wrong" and result.mistake == mistake.name


def _output_size_off_by_one(input_shape, filters, kernel, stride=1, padding=0, groups=1):
    c, h, w = input_shape
    oh, ow = ((n - kernel + 2 * padding) // stride for n in (h, w))      # the "+ 1" forgotten
    fan_in = c // groups * kernel * kernel
    return filters * oh * ow, filters * fan_in, filters * oh * ow * fan_in


def _weights_without_kernel_area(input_shape, filters, kernel, stride=1, padding=0, groups=1):
    units, _, connections = solution.conv_layer_counts(input_shape, filters, kernel, stride, padding, groups)
    return units, filters * input_shape[0] // groups, connections


def _connections_are_the_weights(input_shape, filters, kernel, stride=1, padding=0, groups=1):
    units, weights, _ = solution.conv_layer_counts(input_shape, filters, kernel, stride, padding, groups)
    return units, weights, weights            # as for a dense layer: no sharing counted


@pytest.mark.parametrize("wrong", [_output_size_off_by_one, _weights_without_kernel_area, _connections_are_the_weights],
                         ids=["output_size_off_by_one", "weights_without_kernel_area", "connections_are_the_weights"])
def test_unnamed_wrong_solution_is_rejected(wrong):
    result = EXERCISE.result(wrong)
    assert result.status == "wrong" and result.mistake is None
    with pytest.raises(AssertionError):
        EXERCISE.grade(wrong)


def test_counts_are_compared_exactly():
    def one_weight_more(*args, **kwargs):
        units, weights, connections = solution.conv_layer_counts(*args, **kwargs)
        return units, weights + 1, connections
    assert EXERCISE.result(one_weight_more).status == "wrong"


def test_questions_right_and_known_wrong_answers():
    for q in (ex.q1, ex.q2, ex.q3):
        assert q.feedback(q.answer) == "right"
        assert q.feedback(None).startswith("not answered yet")
        for wrong in q.wrong:
            assert q.feedback(wrong).startswith("wrong: ")
    assert (ex.q1.answer, ex.q2.answer, ex.q3.answer) == (256 * 96 * 5 * 5, 256 * 7 * 7 * 4096, 95)
