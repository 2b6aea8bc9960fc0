"""Lesson 18's exercises: a convolution layer's cross-correlation computed by FFT (pad, multiply,
crop), equal to lessonlib's direct conv2d_forward; and three short questions."""
from __future__ import annotations

import numpy as np

from ...exercises import Case, Exercise, Mistake, Question
from ...kernels.conv import conv2d_forward
from ...kernels.fft_conv import is_separable, separable_factors


def reference(x, k, padding=0):
    """The direct route: conv2d_forward (cross-correlation, `padding` zeros on each side, stride 1)
    of one map x (H, W) with one kernel k (KH, KW) -> (H + 2p - KH + 1, W + 2p - KW + 1)."""
    x = np.asarray(x, dtype=np.float64)
    k = np.asarray(k, dtype=np.float64)
    return conv2d_forward(x[None, None], k[None, None], padding=padding)[0][0, 0]


# -- wrong ways (numpy.fft, as the student would) --------------------------------------------------

def _by_fft(x, k, padding, flip=(True, True), size=None, start=None, wrap=False):
    """The full product of spectra at `size` (default: the full size, no wrap-around), cropped from
    `start` (default: the right offset KH - 1 - p); wrap=True reads the crop circularly."""
    x, k = np.asarray(x, dtype=np.float64), np.asarray(k, dtype=np.float64)
    (h, w), (kh, kw), p = x.shape, k.shape, padding
    kernel = k[::-1 if flip[0] else 1, ::-1 if flip[1] else 1]
    size = (h + kh - 1, w + kw - 1) if size is None else size
    prod = np.fft.irfft2(np.fft.rfft2(x, size) * np.fft.rfft2(kernel, size), size)
    oh, ow = h + 2 * p - kh + 1, w + 2 * p - kw + 1
    top, left = (kh - 1 - p, kw - 1 - p) if start is None else start
    rows, cols = np.arange(top, top + oh), np.arange(left, left + ow)
    if wrap:
        rows, cols = rows % size[0], cols % size[1]
    return prod[np.ix_(rows, cols)]


def no_zero_padding_circular(x, k, padding=0):
    return _by_fft(x, k, padding, size=np.shape(x), wrap=True)


def crop_from_the_corner(x, k, padding=0):
    return _by_fft(x, k, padding, start=(0, 0))


def kernel_not_flipped(x, k, padding=0):
    return _by_fft(x, k, padding, flip=(False, False))


def kernel_flipped_along_rows_only(x, k, padding=0):
    return _by_fft(x, k, padding, flip=(True, False))


MISTAKES = [
    Mistake("kernel_not_flipped", "a convolution layer computes a cross-correlation, and the spectra multiply to a "
            "convolution: flip k along both axes before its FFT", kernel_not_flipped),
    Mistake("kernel_flipped_along_rows_only", "flip the kernel along both axes, rows and columns",
            kernel_flipped_along_rows_only),
    Mistake("no_zero_padding_circular", "the FFT's product is a CIRCULAR convolution: values from the far border wrap "
            "around. Zero-pad both x and the kernel to (H + KH − 1, W + KW − 1) before the FFT",
            no_zero_padding_circular),
    Mistake("crop_from_the_corner", "the crop starts at the wrong place: output (0, 0) is index "
            "(KH − 1 − padding, KW − 1 − padding) of the full result", crop_from_the_corner),
]


def _cases():
    rng = np.random.default_rng(18)
    ramp = np.arange(30, dtype=np.float64).reshape(5, 6)
    shift = np.zeros((3, 3))
    shift[1, 2] = 1.0                            # picks the right-hand neighbour
    return [
        Case("x 8×8 random, k 3×3 random, padding 0 ('valid')", (rng.normal(size=(8, 8)), rng.normal(size=(3, 3)), 0)),
        Case("x 5×6 = arange(30), k 3×3 with a single 1 right of the centre, padding 1", (ramp, shift, 1)),
        Case("x 10×7 (non-square), k 3×5 (non-square), padding 0",
             (rng.normal(size=(10, 7)), rng.normal(size=(3, 5)), 0)),
        Case("x 9×9 random, k 5×5 random, padding 2 (same size)", (rng.normal(size=(9, 9)), rng.normal(size=(5, 5)), 2)),
        Case("x 6×11 random, k 3×3 random, padding 2 ('full')", (rng.normal(size=(6, 11)), rng.normal(size=(3, 3)), 2)),
        Case("x 7×5, k 4×2 (even sizes), padding 1", (rng.normal(size=(7, 5)), rng.normal(size=(4, 2)), 1)),
        Case("x 5×5, k 5×5 (as big as x: one output), padding 0", (rng.normal(size=(5, 5)), rng.normal(size=(5, 5)), 0)),
        Case("x 32×32 random, k 9×9 random, padding 4", (rng.normal(size=(32, 32)), rng.normal(size=(9, 9)), 4)),
    ]


conv2d_by_fft_exercise = Exercise(
    "conv2d_by_fft", reference, _cases, MISTAKES, atol=1e-9,
    hint="zero-pad x and the flipped kernel to the full size (H + KH − 1, W + KW − 1), multiply the spectra, "
         "transform back, keep the real part, and crop the output's rows from KH − 1 − padding")


# -- short questions -----------------------------------------------------------------------------

_rank1 = np.array([[1, 2, 3], [2, 4, 6], [3, 6, 9]], dtype=float)
q1 = Question(
    answer=bool(is_separable(_rank1)),
    how="is_separable: every row is a multiple of [1 2 3], so the matrix is [1 2 3]ᵀ [1 2 3], rank 1",
    hint="is every row a multiple of the first one? Then the matrix is an outer product",
    wrong={False: "you missed that every row is a multiple of the first: one non-zero singular value"})

q2 = Question(
    answer=int(sum(v.size for v in separable_factors(np.outer(np.arange(1.0, 6.0), np.arange(1.0, 10.0))))),
    how="a 5 × 9 separable kernel = a 5-tap column times a 9-tap row: 5 + 9 = 14 multiplies per pixel",
    hint="one 1-D pass along the rows with the row vector, one along the columns with the column vector",
    wrong={45: "that is the direct 2-D kernel, 5 · 9", 18: "the row vector has 9 taps but the column only 5",
           10: "the row vector has 9 taps, not 5", 28: "each pass costs its own taps once per pixel, not twice"})

_sobel_x = np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], dtype=float)
q3 = Question(
    answer=int(np.linalg.matrix_rank(_sobel_x + _sobel_x.T)),
    how="np.linalg.matrix_rank(Sobel x + Sobel y) = 2: [[-2,-2,0],[-2,0,2],[0,2,2]], the third row is the second "
        "minus the first",
    hint="each Sobel kernel has rank 1; is their sum an outer product? Look for a row that is a combination of the "
         "other two",
    wrong={1: "Sobel x and Sobel y are each rank 1, but their sum is not an outer product",
           3: "the rows are not independent: the third is the second minus the first"})
