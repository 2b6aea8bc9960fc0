"""Lesson 16's exercises: the adaptive pooling windows (PyTorch's floor/ceil rule) and global average
pooling, checked against lessonlib's adaptive_windows and global_avgpool2d_forward; and three short
questions."""
from __future__ import annotations

import numpy as np

from ...exercises import Case, Exercise, Mistake, Question
from ...kernels.adaptive_pool import adaptive_windows, global_avgpool2d_forward
from .compute import SMALL, build, trace

# -- part 1: the windows of adaptive pooling -----------------------------------------------------


def windows_reference(n_in, n_out):
    """(starts, ends) of the n_out windows on an axis of n_in cells, ends excluded (lessonlib's)."""
    return adaptive_windows(n_in, n_out)


def equal_windows_by_floor_division(n_in, n_out):
    size = n_in // n_out
    starts = np.arange(n_out) * size
    return starts, starts + size


def end_rounded_down(n_in, n_out):
    i = np.arange(n_out)
    return i * n_in // n_out, (i + 1) * n_in // n_out


def end_inclusive(n_in, n_out):
    starts, ends = adaptive_windows(n_in, n_out)
    return starts, ends - 1


def start_rounded_up(n_in, n_out):
    i = np.arange(n_out)
    return -(-i * n_in // n_out), -(-(i + 1) * n_in // n_out)


WINDOW_MISTAKES = [
    Mistake("equal_windows_by_floor_division", "windows of n_in // n_out cells each leave the last cells out when "
            "n_out does not divide n_in: the windows must stretch to cover every cell (and may overlap)",
            equal_windows_by_floor_division),
    Mistake("end_rounded_down", "the end is rounded *up*: ceil((i+1)·n_in/n_out), so a cell cut by a boundary "
            "belongs to both windows", end_rounded_down),
    Mistake("end_inclusive", "ends are excluded (as in a Python slice x[start:end]): end = ceil((i+1)·n_in/n_out)",
            end_inclusive),
    Mistake("start_rounded_up", "the start is rounded *down*: floor(i·n_in/n_out)", start_rounded_up),
]

_WINDOW_CASES = [
    ("n_out divides n_in", 12, 4), ("the quadrant example on 7 cells", 7, 2), ("10 cells into 4 pools", 10, 4),
    ("figure 9.11's 3×3 grid on 64 cells", 64, 3), ("more pools than cells (windows reuse cells)", 3, 5),
    ("one pool: the whole axis", 9, 1), ("as many pools as cells", 5, 5), ("a single cell", 1, 3),
    ("13 cells into 6 pools", 13, 6), ("100 cells into 7 pools", 100, 7),
]

adaptive_windows_exercise = Exercise(
    "adaptive_windows", windows_reference,
    [Case(f"{label}: n_in = {n}, n_out = {g}", (n, g)) for label, n, g in _WINDOW_CASES],
    WINDOW_MISTAKES,
    hint="start_i = floor(i·n_in / n_out), end_i = ceil((i + 1)·n_in / n_out) (end excluded), for i = 0..n_out−1; "
         "integer arithmetic: ceil(a/b) = −(−a // b)")


# -- part 2: global average pooling --------------------------------------------------------------


def gap_reference(x):
    """(N, C, H, W) -> (N, C): lessonlib's global_avgpool2d_forward."""
    return global_avgpool2d_forward(np.asarray(x, dtype=np.float64))[0]


def sum_instead_of_mean(x):
    return np.asarray(x).sum(axis=(2, 3))


def mean_over_axes_1_and_2(x):
    """The channels-last habit: axes (1, 2) are (C, H) here, not (H, W)."""
    return np.asarray(x).mean(axis=(1, 2))


def mean_over_channels_too(x):
    return np.asarray(x).mean(axis=(1, 2, 3))


def kept_the_pooled_axes(x):
    return np.asarray(x).mean(axis=(2, 3), keepdims=True)


GAP_MISTAKES = [
    Mistake("sum_instead_of_mean", "each map is summed: divide by its H·W cells to get the mean",
            sum_instead_of_mean),
    Mistake("mean_over_axes_1_and_2", "x is (N, C, H, W), channels first: the spatial axes are 2 and 3",
            mean_over_axes_1_and_2),
    Mistake("mean_over_channels_too", "one number per feature map: average over H and W only, keep N and C",
            mean_over_channels_too),
    Mistake("kept_the_pooled_axes", "the result is (N, C), not (N, C, 1, 1): drop the pooled axes",
            kept_the_pooled_axes),
]


def _gap_cases():
    rng = np.random.default_rng(16)
    shapes = [("random maps", (2, 3, 4, 5)), ("a batch of 1, non-square maps", (1, 4, 7, 3)),
              ("1×1 maps (the mean is the value)", (3, 2, 1, 1)), ("10 class maps of 9×11, as above", (2, 10, 9, 11)),
              ("one channel, shifted values", (4, 1, 6, 6))]
    cases = []
    for label, shape in shapes:
        x = rng.standard_normal(shape) + (5.0 if shape[1] == 1 else 0.0)
        cases.append(Case(f"{label}: x {shape}", (x,)))
    return cases


global_average_pool_exercise = Exercise(
    "global_average_pool", gap_reference, _gap_cases, GAP_MISTAKES,
    hint="s[n, c] is the mean of the H·W values of map x[n, c]: shape (N, C)")


# -- short questions -----------------------------------------------------------------------------

_Q1 = dict(channels=32, grid=4)
q1 = Question(
    answer=int(trace(build("fixed_pools", **(SMALL | _Q1)), (1, 100, 60))[-2].shape[0]),
    how="channels × grid² = 32 × 4 × 4 = 512, whatever the input size",
    hint="the adaptive pooling gives a grid × grid block per channel, whatever the input",
    wrong={32 * 4: "the grid is 4×4: 16 pools per channel, not 4",
           16: "that is the pools of one channel; there are 32 channels",
           32 * 3 * 3: "that is the 3×3 grid of the network above; this one has a 4×4 grid",
           32 * 100 * 60: "the adaptive pooling comes before the dense layer: its output does not grow with the input"})


def _cells_in_two_windows(n_in, n_out):
    starts, ends = adaptive_windows(n_in, n_out)
    hits = np.zeros(n_in, dtype=int)
    for s, e in zip(starts, ends):
        hits[s:e] += 1
    return int((hits > 1).sum())


q2 = Question(
    answer=_cells_in_two_windows(10, 4),
    how="windows [0, 3), [2, 5), [5, 8), [7, 10): cells 2 and 7 lie in two windows",
    hint="list each pool's start floor(i·10/4) and end ceil((i+1)·10/4); a boundary i·10/4 that is not an "
         "integer cuts a cell, and that cell goes to both sides",
    wrong={0: "the windows are not a partition: start rounds down and end rounds up, so a cut cell goes to both",
           3: "the middle boundary 2·10/4 = 5 is an integer: it cuts no cell",
           4: "the windows overlap by one cell, not two"})

_Q3_SIZE = 40
_q3_net = build("fixed_size", **(SMALL | dict(input_size=_Q3_SIZE)))
q3 = Question(
    answer=max(s for s in range(1, 65) if trace(_q3_net, (1, s, s))[-1].error is None),
    how="two floor-rounded 2×2 poolings must give 10: floor(floor(s/2)/2) = 10 for s = 40..43, so 43",
    hint="the dense layer expects 8 × 10 × 10 inputs; which sides s give floor(floor(s/2)/2) = 10?",
    wrong={_Q3_SIZE: "that is the size it was built for; floor rounding lets a few larger sizes through",
           _Q3_SIZE + 4: "44 → 22 → 11: one row too many for the dense layer",
           31: "that is the 28×28 network's limit; this one was built for 40×40"})
