"""Lesson 19's exercises: a 3-D convolution of one clip with one kernel (checked against lessonlib's
conv3d_forward, on the lesson's temporal-difference and mean kernels and on random ones), and three
short questions."""
from __future__ import annotations

import numpy as np

from ...arithmetic import conv_output_size, conv_params
from ...exercises import Case, Exercise, Mistake, Question
from ...kernels.conv import conv3d_forward
from .compute import moving_digit_clip, temporal_kernels


def reference(clip, kernel):
    """clip (D, H, W), kernel (KD, KH, KW) -> (D - KD + 1, H - KH + 1, W - KW + 1): conv3d_forward with one
    channel and one filter, no bias, stride 1, no padding (a cross-correlation)."""
    clip = np.ascontiguousarray(clip, dtype=np.float64)
    kernel = np.ascontiguousarray(kernel, dtype=np.float64)
    return conv3d_forward(clip[None, None], kernel[None, None])[0][0, 0]


# -- wrong ways (numpy only) -------------------------------------------------------------------------

def _correlate(clip, kernel, depth_short=0, mean=False):
    clip, kernel = np.asarray(clip, dtype=np.float64), np.asarray(kernel, dtype=np.float64)
    (d, h, w), (kd, kh, kw) = clip.shape, kernel.shape
    od, oh, ow = d - kd + 1 - depth_short, h - kh + 1, w - kw + 1
    out = np.zeros((max(od, 0), max(oh, 0), max(ow, 0)))
    for tau in range(kd):
        for u in range(kh):
            for v in range(kw):
                out += kernel[tau, u, v] * clip[tau:tau + out.shape[0], u:u + out.shape[1], v:v + out.shape[2]]
    return out / kernel.size if mean else out


def kernel_flipped(clip, kernel):
    return _correlate(clip, np.asarray(kernel)[::-1, ::-1, ::-1])


def time_and_rows_swapped(clip, kernel):
    return _correlate(clip, np.asarray(kernel).transpose(1, 0, 2))


def output_depth_one_short(clip, kernel):
    return _correlate(clip, kernel, depth_short=1)


def mean_instead_of_sum(clip, kernel):
    return _correlate(clip, kernel, mean=True)


MISTAKES = [
    Mistake("kernel_flipped", "your kernel is flipped (for the temporal difference [-1, +1] that flips the sign): a "
            "convolution layer cross-correlates, kernel[τ, u, v] meets clip[t + τ, i + u, j + v]", kernel_flipped),
    Mistake("time_and_rows_swapped", "the kernel's first axis runs over the frames (the clip's axis 0), not the rows: "
            "your difference is taken across rows instead of time", time_and_rows_swapped),
    Mistake("output_depth_one_short", "the output has D − KD + 1 frames: the last window starts at frame D − KD",
            output_depth_one_short),
    Mistake("mean_instead_of_sum", "each output is the SUM of kernel × window, not its mean", mean_instead_of_sum),
]


def _cases():
    rng = np.random.default_rng(19)
    blob = rng.uniform(0.2, 1.0, (4, 3))                                     # a small bright patch
    right = moving_digit_clip(blob, frames=6, velocity=(0, 2), canvas=(6, 12), start=(1, 0))
    down = moving_digit_clip(blob, frames=5, velocity=(1, 0), canvas=(9, 5), start=(0, 1))
    difference = lambda d: temporal_kernels(d)[1, 0]                        # noqa: E731 (-1 first, +1 last)
    mean = lambda d: temporal_kernels(d)[0, 0]                              # noqa: E731
    pixel = np.array([0.0, 1.0, 3.0, 6.0, 10.0]).reshape(5, 1, 1)
    return [
        Case("clip: one pixel over 5 frames, values [0, 1, 3, 6, 10]; kernel: the temporal difference [-1, +1], "
             "shape (2, 1, 1)", (pixel, difference(2))),
        Case("clip: a patch moving right 2 px per frame, (6, 6, 12); kernel: temporal difference of depth 2",
             (right, difference(2))),
        Case("clip: a patch moving right, (6, 6, 12); kernel: temporal difference of depth 3 (-1 first frame, "
             "+1 last)", (right, difference(3))),
        Case("clip: a patch moving down 1 px per frame, (5, 9, 5); kernel: temporal difference of depth 2",
             (down, difference(2))),
        Case("clip: a patch moving right, (6, 6, 12); kernel: temporal mean of depth 4", (right, mean(4))),
        Case("clip: random (5, 6, 7); kernel: random (2, 3, 2) (non-cubic)",
             (rng.normal(size=(5, 6, 7)), rng.normal(size=(2, 3, 2)))),
        Case("clip: random (4, 5, 5); kernel: random (4, 1, 1), as deep as the clip (one output frame)",
             (rng.normal(size=(4, 5, 5)), rng.normal(size=(4, 1, 1)))),
        Case("clip: random (3, 4, 9); kernel: random (1, 3, 3) (depth 1: each frame alone)",
             (rng.normal(size=(3, 4, 9)), rng.normal(size=(1, 3, 3)))),
    ]


conv3d_valid_exercise = Exercise(
    "conv3d_valid", reference, _cases, MISTAKES,
    hint="y[t, i, j] = sum over τ, u, v of kernel[τ, u, v] · clip[t + τ, i + u, j + v]; output "
         "(D − KD + 1, H − KH + 1, W − KW + 1)")


# -- short questions -----------------------------------------------------------------------------

q1 = Question(
    answer=int(conv_output_size(16, 3)),
    how="conv_output_size(16, 3): (16 − 3 + 0)/1 + 1 = 14",
    hint="each axis follows the size formula (D − k_d + 2P)/S + 1; along time D = 16 and k_d = 3",
    wrong={13: "you forgot the + 1", 12: "you used the spatial kernel size 5, not the depth 3",
           16: "without padding the output is shallower than the clip",
           28: "that is the output's height and width, not its depth"})

q2 = Question(
    answer=int(conv_params(3, 16, 3, ndim=3)),
    how="conv_params(3, 16, 3, ndim=3) = 16·3·27 + 16 = 1312",
    hint="weights: filters × input channels × k_d·k_h·k_w; then one bias per filter",
    wrong={16 * 3 * 27: "the 16 biases are forgotten",
           16 * 27 + 16: "the 3 input channels are forgotten (each filter spans all of them), or you counted a "
                         "2-D layer (3×3 = 9 weights per channel instead of 3×3×3 = 27)",
           16 * 3 * 9: "you counted a 2-D layer without its biases"})


def _total_response(velocity):
    blob = np.random.default_rng(0).uniform(0.2, 1.0, (8, 6))
    clip = moving_digit_clip(blob, frames=2, velocity=velocity, canvas=(8, 30), start=(0, 12))
    return float(np.abs(reference(clip, temporal_kernels(2)[1, 0])).sum())


q3 = Question(
    answer=bool(np.isclose(_total_response((0, -3)), _total_response((0, 3)))),
    how="sum |frame 1 − frame 0| is the same for the pattern shifted by 3 to the left or to the right: "
        "substitute x → x + 3 in the sum",
    hint="write the response as |image(x − 3) − image(x)| (right) and |image(x + 3) − image(x)| (left) and sum "
         "over all x",
    wrong={False: "the signs differ (the leading and trailing edges swap), but the sum of |y| does not"})
