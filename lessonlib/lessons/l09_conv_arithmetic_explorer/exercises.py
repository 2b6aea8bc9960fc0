"""Lesson 9's exercises: the output size by the lecture's integer rule (None when the windows do not
fit), written by the student and checked against `conv_output_size`; the short questions on padding,
stride and sizes that no padding can fix."""
from __future__ import annotations


import numpy as np

from ...arithmetic import conv_output_size, working_paddings
from ...exercises import Exercise, Case, Mistake, Question


def _reference(n, kernel, stride=1, padding=0, dilation=1):
    try:
        return conv_output_size(n, kernel, stride, padding, dilation)
    except ValueError:          # the lecture: "the value of stride is incorrect", or the kernel does not fit
        return None


# -- wrong ways ---------------------------------------------------------------------------------

def _by(covered, stride, whole_only=True, at_least_one=True):
    if at_least_one and covered < 0:
        return None
    value = covered / stride + 1
    if whole_only and covered % stride:
        return None
    return int(value) if value == int(value) else value


def floor_division(n, kernel, stride=1, padding=0, dilation=1):
    covered = n + 2 * padding - dilation * (kernel - 1) - 1
    return covered // stride + 1 if covered >= 0 else None


def returned_the_fraction(n, kernel, stride=1, padding=0, dilation=1):
    return _by(n + 2 * padding - dilation * (kernel - 1) - 1, stride, whole_only=False)


def padding_on_one_side(n, kernel, stride=1, padding=0, dilation=1):
    return _by(n + padding - dilation * (kernel - 1) - 1, stride)


def forgot_dilation(n, kernel, stride=1, padding=0, dilation=1):
    return _by(n + 2 * padding - kernel, stride)


def dilated_span_d_times_k(n, kernel, stride=1, padding=0, dilation=1):
    return _by(n + 2 * padding - dilation * kernel, stride)


def kernel_larger_than_input_not_caught(n, kernel, stride=1, padding=0, dilation=1):
    return _by(n + 2 * padding - dilation * (kernel - 1) - 1, stride, at_least_one=False)


MISTAKES = [
    Mistake("floor_division", "rounding down is what PyTorch silently does; the lecture's rule says a stride "
            "that leaves a fraction does not fit: return None then", floor_division),
    Mistake("returned_the_fraction", "when (W + 2P − span)/S + 1 is not a whole number there is no such "
            "output size: return None", returned_the_fraction),
    Mistake("padding_on_one_side", "P zeros go on EACH side of the input", padding_on_one_side),
    Mistake("forgot_dilation", "a kernel of F cells dilated by D spans more than F input cells",
            forgot_dilation),
    Mistake("dilated_span_d_times_k", "count the span of a dilated kernel on a drawing: F cells with D − 1 "
            "gaps between neighbours, and no gap after the last", dilated_span_d_times_k),
    Mistake("kernel_larger_than_input_not_caught", "when the kernel's span is larger than the padded input, "
            "not even one window fits: return None", kernel_larger_than_input_not_caught),
]


def _cases():
    fixed = [  # (n, kernel, stride, padding, dilation, what)
        (7, 3, 1, 0, 1, "the stride slide"),
        (7, 3, 2, 0, 1, "the stride slide"),
        (7, 3, 3, 0, 1, "the stride slide"),
        (10, 3, 5, 0, 1, "the size-of-output slide"),
        (32, 5, 1, 2, 1, "'same' padding"),
        (5, 4, 1, 2, 1, "arbitrary padding"),
        (5, 3, 2, 1, 1, "padding and stride"),
        (8, 2, 3, 0, 1, "stride larger than the kernel"),
        (7, 3, 1, 0, 2, "dilation 2"),
        (9, 3, 2, 2, 2, "dilation, stride and padding"),
        (3, 5, 1, 0, 1, "a kernel larger than the input"),
        (4, 3, 1, 0, 2, "a dilated kernel wider than the input"),
        (4, 3, 1, 1, 2, "a dilated kernel that fits with padding"),
        (8, 3, 2, 0, 1, "an even input, stride 2"),
        (1, 1, 1, 0, 1, "one cell, one-cell kernel"),
    ]
    cases = [Case(f"{what}: W={n}, F={k}, S={s}, P={p}, D={d}", (n, k, s, p, d)) for n, k, s, p, d, what in fixed]
    rng = np.random.default_rng(9)
    for _ in range(25):
        n, k, s, p, d = (int(rng.integers(lo, hi)) for lo, hi in ((1, 41), (1, 8), (1, 5), (0, 4), (1, 4)))
        cases.append(Case(f"random: W={n}, F={k}, S={s}, P={p}, D={d}", (n, k, s, p, d)))
    return cases


output_size_exercise = Exercise(
    "output_size", _reference, _cases, MISTAKES,
    hint="(W + 2P − D(F−1) − 1)/S + 1 when it is a whole number ≥ 1, else None")


# -- short questions ----------------------------------------------------------------------------

_SAME = next(p for p in range(64) if _reference(28, 7, 1, p, 2) == 28)

q1 = Question(
    answer=_SAME,
    how="D(F−1)/2 = 2·6/2 = 6: (28 + 2·6 − 2·6 − 1)/1 + 1 = 28",
    hint="'same' padding makes 2P equal to the kernel's span minus one; what is the span of a 7-cell kernel "
         "dilated by 2?",
    wrong={2 * _SAME: "P is taken as the total padding: the formula's P goes on each side",
           next(p for p in range(64) if _reference(28, 7, 1, p) == 28): "the dilation is forgotten: the "
           "kernel spans D(F−1) + 1 = 13 cells, not 7"})

q2 = Question(
    answer=_reference(9, 3, 2),
    how="(9 − 3 + 0)/2 + 1 = 4",
    hint="(W − F + 2P)/S + 1",
    wrong={_reference(9, 3, 1): "the stride is ignored",
           _reference(9, 3, 2) - 1: "the + 1 is forgotten: (W − F)/S counts the steps between windows, "
                                     "not the windows"})

q3 = Question(
    answer=len(working_paddings(8, 3, stride=2, count=1)) > 0,
    how="working_paddings(8, 3, stride=2) is empty: 8 + 2P − 3 is always odd, so no padding makes it "
        "divisible by 2 (that is why 3×3 stride-2 layers like odd input sizes, or round down)",
    hint="is 8 + 2P − 3 ever even?",
    wrong={True: "a padding is assumed to fix it, but 2P is even for every P, so 8 + 2P − 3 stays odd"})
