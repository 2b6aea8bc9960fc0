"""Lesson 21's exercises: a transposed convolution of one map by stamping (checked against lessonlib's
conv_transpose2d_forward), and three short questions."""
from __future__ import annotations

import numpy as np

from ...arithmetic import conv_transpose_output_size
from ...exercises import Case, Exercise, Mistake, Question
from .compute import checkerboard, forward_conv, interior, overlap_counts, transposed_conv


def reference(x, w, stride, padding):
    """x (H, W), w (K, K) -> (OH, OW), OH = (H − 1)·stride − 2·padding + K: lessonlib's transposed convolution."""
    return transposed_conv(x, w, stride, padding)


# -- wrong ways (numpy only) ---------------------------------------------------------------------------

def _stamp(x, w, step, accumulate=True):
    """The uncropped canvas: x[i, j] * w added (or assigned) at (i * step, j * step)."""
    x, w = np.asarray(x, dtype=np.float64), np.asarray(w, dtype=np.float64)
    k = w.shape[0]
    canvas = np.zeros(((x.shape[0] - 1) * step + k, (x.shape[1] - 1) * step + k))
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            if accumulate:
                canvas[i * step:i * step + k, j * step:j * step + k] += x[i, j] * w
            else:
                canvas[i * step:i * step + k, j * step:j * step + k] = x[i, j] * w
    return canvas


def _crop(canvas, start, stop_margin):
    return canvas[start:canvas.shape[0] - stop_margin, start:canvas.shape[1] - stop_margin]


def kernel_flipped(x, w, stride, padding):
    return _crop(_stamp(x, np.asarray(w)[::-1, ::-1], stride), padding, padding)


def padding_not_cropped(x, w, stride, padding):
    return _stamp(x, w, stride)


def padding_cropped_twice(x, w, stride, padding):
    return _crop(_stamp(x, w, stride), 2 * padding, 2 * padding)


def cropped_at_start_only(x, w, stride, padding):
    return _crop(_stamp(x, w, stride), padding, 0)


def stride_ignored(x, w, stride, padding):
    return _crop(_stamp(x, w, 1), padding, padding)


def one_cell_too_many(x, w, stride, padding):
    """As if output_padding were 1: one more row and column kept at the bottom and right."""
    canvas = np.pad(_stamp(x, w, stride), ((0, 1), (0, 1)))
    return _crop(canvas, padding, max(padding - 1, 0))[:canvas.shape[0] - 2 * padding, :canvas.shape[1] - 2 * padding]


def stamps_overwritten(x, w, stride, padding):
    return _crop(_stamp(x, w, stride, accumulate=False), padding, padding)


def forward_convolution_instead(x, w, stride, padding):
    return forward_conv(x, w, stride, padding)


MISTAKES = [
    Mistake("kernel_flipped", "each input cell stamps the kernel as it is, w[u, v] at (i·s + u, j·s + v): the "
            "flip belongs to the zero-insertion view only", kernel_flipped),
    Mistake("padding_not_cropped", "padding crops `padding` cells from every side of the stamped canvas: the "
            "output is (H − 1)·s − 2p + K", padding_not_cropped),
    Mistake("padding_cropped_twice", "crop `padding` cells from each side once (not 2·padding): the output is "
            "(H − 1)·s − 2p + K", padding_cropped_twice),
    Mistake("cropped_at_start_only", "padding crops the bottom and right as well as the top and left",
            cropped_at_start_only),
    Mistake("stride_ignored", "stamp (i, j) starts at row i·stride, column j·stride: the stride spreads the stamps "
            "out (the canvas is (H − 1)·s + K)", stride_ignored),
    Mistake("one_cell_too_many", "your output has one row and one column too many, as if output_padding were 1: "
            "the size is (H − 1)·s − 2p + K, no + 1", one_cell_too_many),
    Mistake("stamps_overwritten", "where stamps overlap their values add up: use +=, not =", stamps_overwritten),
    Mistake("forward_convolution_instead", "that is the ordinary (forward) convolution, which shrinks the map: the "
            "transposed one stamps x[i, j]·w onto a larger canvas", forward_convolution_instead),
]


def _cases():
    rng = np.random.default_rng(21)

    def r(*shape):
        return rng.normal(0, 1, shape)
    return [
        Case("x random 4×3 (non-square), w random 3×3, stride 1, padding 0 (heavy overlap)", (r(4, 3), r(3, 3), 1, 0)),
        Case("x random 2×3, w random 5×5, stride 2, padding 2", (r(2, 3), r(5, 5), 2, 2)),
        Case("x random 3×3, w random 3×3, stride 2, padding 1 (stamps overlap by one cell)", (r(3, 3), r(3, 3), 2, 1)),
        Case("x random 3×4, w random 4×4, stride 2, padding 1", (r(3, 4), r(4, 4), 2, 1)),
        Case("x a single cell 1×1, w random 3×3, stride 2, padding 0 (the output is the kernel, scaled)",
             (r(1, 1), r(3, 3), 2, 0)),
        Case("x random 3×3, w random 2×2, stride 3, padding 0 (stride > kernel: rows of zeros between stamps)",
             (r(3, 3), r(2, 2), 3, 0)),
        Case("x integers 4×4, w integers 3×3, stride 1, padding 1 (output as large as x)",
             (rng.integers(-3, 4, (4, 4)).astype(np.float64), rng.integers(-3, 4, (3, 3)).astype(np.float64), 1, 1)),
        Case("x random 2×2, w random 2×2, stride 2, padding 0 (stamps side by side, no overlap)",
             (r(2, 2), r(2, 2), 2, 0)),
    ]


conv_transpose_exercise = Exercise(
    "conv_transpose_naive", reference, _cases, MISTAKES,
    hint="start from zeros of ((H − 1)·s + K, (W − 1)·s + K); add x[i, j] * w at rows i·s … i·s + K − 1, columns "
         "j·s … j·s + K − 1; then drop `padding` rows and columns on every side")


# -- short questions ----------------------------------------------------------------------------------

q1 = Question(
    answer=conv_transpose_output_size(7, 4, 2, 1),
    how="(7 − 1)·2 − 2·1 + 4 = 14 (with output_padding 0)",
    hint="the output size is (n − 1)·s − 2p + k + output_padding",
    wrong={16: "16 is (7 − 1)·2 + 4: the padding crops 2p = 2 cells (or you took n·s instead of (n − 1)·s)",
           13: "13 forgets that the kernel adds k cells, not k − 1, beyond the last stamp's start",
           3: "3 is the forward convolution's output size, ⌊(7 + 2 − 4)/2⌋ + 1: the transposed one grows the map",
           18: "18 adds the padding: in a transposed convolution padding crops"})

_cb = checkerboard(8)
q2 = Question(
    answer=int(_cb.k3.max()),
    how="along each axis a cell is under 1 or 2 stamps (3 = 2 + 1 cells: every second cell is shared); "
        "a cell shared along both axes is under 2 × 2 = 4",
    hint="count along one axis first: stamps of 3 at steps of 2 cover cells 0–2, 2–4, 4–6, …",
    wrong={9: "9 is the kernel's size: stamps start 2 cells apart, so at most 2 cover a cell along each axis",
           2: "2 is the count along one axis: the two axes multiply",
           1: "1 is the smallest count, at cells no two stamps share"})

_k5 = overlap_counts(10, 5, 2, 2, 1)
q3 = Question(
    answer=int(interior(_k5, 4).min()),
    how="along each axis stamps of 5 at steps of 2 put 3 or 2 stamps over a cell, alternately; the fewest over a "
        "cell is 2 × 2 = 4 (the most 3 × 3 = 9): uneven, since 5 is not divisible by 2",
    hint="count along one axis first: stamps cover cells 0–4, 2–6, 4–8, …; how many hold cell 5, and cell 6?",
    wrong={9: "9 is the most stamps over a cell (3 along each axis); the fewest is 2 along each axis",
           2: "2 is the count along one axis: the two axes multiply",
           6: "6 = 3 × 2 is a cell between the two: the fewest is 2 along both axes",
           25: "25 is the kernel's size: stamps start 2 cells apart"})
