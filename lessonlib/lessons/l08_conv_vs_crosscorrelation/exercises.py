"""Lesson 8's exercises: `corr2d` and `conv2d` (the flipped kernel) by loops, "valid" (no padding),
checked against lessonlib's layer `conv2d_forward`; the short questions on the flip."""
from __future__ import annotations

import numpy as np

from ...correlation import flip_kernel
from ...exercises import Case, Exercise, Mistake, Question
from ...kernels.conv import conv2d_forward
from ...threads import limit_threads


def _layer(image, h):
    """The layer with padding 0: a "valid" cross-correlation, (H - KH + 1, W - KW + 1)."""
    f, h = np.asarray(image, dtype=float), np.asarray(h, dtype=float)
    with limit_threads(1):
        out, _ = conv2d_forward(f[None, None], np.ascontiguousarray(h)[None, None])
    return out[0, 0]


def _corr_reference(F, h):
    return _layer(F, h)


def _conv_reference(F, h):
    return _layer(F, flip_kernel(h))


# -- wrong ways ---------------------------------------------------------------------------------

def _loops(F, h, rows_short=0, index=None):
    """G[i, j] = sum h[u, v] F[index(i, j, u, v)] by loops, over (H - KH + 1 - rows_short) x (...) outputs."""
    F, h = np.asarray(F, dtype=float), np.asarray(h, dtype=float)
    (H, W), (KH, KW) = F.shape, h.shape
    G = np.zeros((H - KH + 1 - rows_short, W - KW + 1 - rows_short))
    for i in range(G.shape[0]):
        for j in range(G.shape[1]):
            for u in range(KH):
                for v in range(KW):
                    G[i, j] += h[u, v] * F[index(i, j, u, v)]
    return G


def _corr_index(i, j, u, v):
    return i + u, j + v


def corr2d_flipped_the_kernel(F, h):
    return _conv_reference(F, h)


def corr2d_output_one_too_small(F, h):
    return _loops(F, h, rows_short=1, index=_corr_index)


def corr2d_transposed_kernel(F, h):
    return _corr_reference(F, np.asarray(h).T)


def conv2d_forgot_the_flip(F, h):
    return _corr_reference(F, h)


def conv2d_flipped_rows_only(F, h):
    return _corr_reference(F, np.asarray(h)[::-1, :])


def conv2d_flipped_columns_only(F, h):
    return _corr_reference(F, np.asarray(h)[:, ::-1])


def conv2d_transposed_instead_of_flipped(F, h):
    return _corr_reference(F, np.asarray(h).T)


def conv2d_output_one_too_small(F, h):
    KH, KW = np.shape(h)
    return _loops(F, h, rows_short=1, index=lambda i, j, u, v: (i + KH - 1 - u, j + KW - 1 - v))


def conv2d_slide_indices_wrap_around(F, h):
    return _loops(F, h, index=lambda i, j, u, v: (i - u, j - v))


_SHORT = ("the output has H − KH + 1 rows and W − KW + 1 columns: count the positions where the kernel "
          "fits, the first at 0 and the last touching the image's edge")

CORR_MISTAKES = [
    Mistake("flipped_the_kernel", "cross-correlation reads F[i + u, j + v]: the kernel is not flipped "
            "(that is conv2d)", corr2d_flipped_the_kernel),
    Mistake("output_one_too_small", _SHORT, corr2d_output_one_too_small),
    Mistake("transposed_kernel", "h[u, v] with u the row (down) and v the column (across): the kernel "
            "seems transposed, u and v swapped", corr2d_transposed_kernel),
]

CONV_MISTAKES = [
    Mistake("forgot_the_flip", "this is the cross-correlation: convolution visits the kernel backwards",
            conv2d_forgot_the_flip),
    Mistake("flipped_rows_only", "the 180° rotation reverses the rows AND the columns; only the order of "
            "the rows (u) is reversed here", conv2d_flipped_rows_only),
    Mistake("flipped_columns_only", "the 180° rotation reverses the rows AND the columns; only the columns "
            "(v) are reversed here", conv2d_flipped_columns_only),
    Mistake("transposed_instead_of_flipped", "the transpose mirrors the kernel along its diagonal; the flip "
            "rotates it by 180°", conv2d_transposed_instead_of_flipped),
    Mistake("output_one_too_small", _SHORT, conv2d_output_one_too_small),
    Mistake("slide_indices_wrap_around", "the slide's F[i − u, j − v] has u, v centred (−k..k); with u, v "
            "from 0 the index goes negative, and numpy silently reads the other side of the image",
            conv2d_slide_indices_wrap_around),
]


def _cases():
    rng = np.random.default_rng(8)
    dot = np.zeros((5, 5))
    dot[2, 2] = 1.0
    shift = np.zeros((3, 3))
    shift[2, 2] = 1.0
    shapes = [  # (H, W, KH, KW, what it tests)
        (5, 6, 3, 3, "a 3×3 kernel on a 5×6 image"),
        (6, 7, 2, 3, "a non-square 2×3 kernel (no centre)"),
        (7, 4, 3, 1, "a 3×1 kernel"),
        (4, 4, 4, 4, "the kernel as large as the image: one output"),
        (3, 8, 3, 3, "one output row"),
        (4, 5, 1, 1, "a 1×1 kernel"),
    ]
    cases = []
    for H, W, KH, KW, what in shapes:
        cases.append(Case(f"{what}: random F {H}×{W}, random h {KH}×{KW}",
                          (rng.standard_normal((H, W)), rng.standard_normal((KH, KW)))))
    cases.insert(1, Case("the slide's kernel h = [[1, -1]] on a random 4×5 image",
                         (rng.standard_normal((4, 5)), np.array([[1.0, -1.0]]))))
    cases.insert(2, Case("the lesson's dot: F 5×5 with a 1 at (2, 2), h the one-cell shift (a 1 at (2, 2))",
                         (dot, shift)))
    for _ in range(5):
        H, W = (int(v) for v in rng.integers(3, 9, size=2))
        KH, KW = int(rng.integers(1, H + 1)), int(rng.integers(1, W + 1))
        cases.append(Case(f"random F {H}×{W}, random h {KH}×{KW}",
                          (rng.standard_normal((H, W)), rng.standard_normal((KH, KW)))))
    return cases


corr2d_exercise = Exercise(
    "corr2d", _corr_reference, _cases, CORR_MISTAKES,
    hint="G[i, j] = sum over u = 0..KH−1, v = 0..KW−1 of h[u, v]·F[i + u, j + v]; G is (H − KH + 1, W − KW + 1)")

conv2d_exercise = Exercise(
    "conv2d", _conv_reference, _cases, CONV_MISTAKES,
    hint="G[i, j] = sum of h[u, v]·F[i + KH−1−u, j + KW−1−v]: the same windows as corr2d, "
         "the kernel rotated by 180°")


# -- short questions ----------------------------------------------------------------------------

_SLIDE = np.array([[1.0, -1.0]])
_c = float(flip_kernel(_SLIDE)[0, 0] / _SLIDE[0, 0])
assert np.array_equal(flip_kernel(_SLIDE), _c * _SLIDE)

q1 = Question(
    answer=_c,
    how="flip_kernel([[1, -1]]) = [[-1, 1]] = −1·[[1, -1]]: convolution with it is minus the "
        "cross-correlation (shifted by one pixel, since an even kernel has no centre)",
    hint="rotate [1 −1] by 180°: in one row that just reverses it. Which multiple of [1 −1] is that?",
    wrong={1.0: "the flip is taken to be the kernel itself; only a flip-symmetric kernel is its own flip"})

SYMMETRIC_LOOKING = np.array([[1.0, 0.0, -1.0], [2.0, 5.0, 2.0], [-1.0, 0.0, 1.0]])
"""Question 2's kernel: neither symmetric nor mirror-symmetric, yet equal to its 180° rotation."""

q2 = Question(
    answer=bool(np.array_equal(flip_kernel(SYMMETRIC_LOOKING), SYMMETRIC_LOOKING)),
    how="flip_kernel(h) == h: reversing the rows and each row gives [[1, 0, -1], [2, 5, 2], [-1, 0, 1]] "
        "again, although h is neither symmetric nor mirror-symmetric",
    hint="write the flip down: the last row reversed becomes the first row, the middle row reversed the "
         "middle, the first row reversed the last; then compare cell by cell",
    wrong={False: "the kernel is compared with its transpose or its mirror image, not with its 180° rotation"})

LEARNED = np.array([[1.0, 2.0, 4.0], [0.0, 1.0, 0.0], [3.0, 0.0, -1.0]])
"""Question 3's kernel, learned by a network that cross-correlates."""

q3 = Question(
    answer=float(flip_kernel(LEARNED)[0, 0]),
    how="flip_kernel(learned)[0, 0] = learned[2, 2]: convolving with h[−u, −v] is cross-correlating with h",
    hint="a true convolution flips the kernel you give it; give it a kernel whose flip is `learned`",
    wrong={float(LEARNED[0, 0]): "the kernel is given as it is (or only transposed): the library flips it",
           float(LEARNED[::-1, :][0, 0]): "only the rows are reversed: the 180° rotation reverses the columns too",
           float(LEARNED[:, ::-1][0, 0]): "only the columns are reversed: the 180° rotation reverses the rows too"})
