"""Lesson 7's exercises: the Toeplitz matrix of a 1-D convolution, written by the student and checked
against `conv1d_matrix`; the short questions on the non-zeros of a 2-D convolution's matrix and on
the shape of im2col."""
from __future__ import annotations

import numpy as np

from ...arithmetic import conv_output_size
from ...conv_matrix import conv1d_matrix, conv2d_matrix
from ...exercises import Case, Exercise, Mistake, Question
from .compute import im2col, matrix_counts


def _reference(k, n, stride=1, padding=0):
    return conv1d_matrix(np.asarray(k, dtype=float), n, stride, padding)


# -- wrong ways (each a whole, plausible implementation) ---------------------------------------

def _rows(k, n, stride, padding, start, n_cols=None, n_out=None):
    """A matrix whose row i holds k from column start(i) on, cut to the matrix."""
    k = np.asarray(k, dtype=float)
    n_out = conv_output_size(n, len(k), stride, padding) if n_out is None else n_out
    n_cols = n if n_cols is None else n_cols
    m = np.zeros((n_out, n_cols))
    for i in range(n_out):
        for u in range(len(k)):
            t = start(i) + u
            if 0 <= t < n_cols:
                m[i, t] = k[u]
    return m


def kernel_flipped(k, n, stride=1, padding=0):
    return _rows(np.asarray(k)[::-1], n, stride, padding, lambda i: i * stride - padding)


def padding_kept_as_columns(k, n, stride=1, padding=0):
    return _rows(k, n, stride, padding, lambda i: i * stride, n_cols=n + 2 * padding)


def stride_ignored_in_the_rows(k, n, stride=1, padding=0):
    return _rows(k, n, stride, padding, lambda i: i - padding)


def padding_shifts_the_wrong_way(k, n, stride=1, padding=0):
    return _rows(k, n, stride, padding, lambda i: i * stride + padding)


MISTAKES = [
    Mistake("kernel_flipped", "row i should read k_0, k_1, ... from left to right: the layer "
            "cross-correlates, it does not flip the kernel", kernel_flipped),
    Mistake("padding_kept_as_columns", "the matrix multiplies x itself (length n), not the padded x: "
            "the padding zeros get no columns, so kernel cells that land on them are simply dropped",
            padding_kept_as_columns),
    Mistake("stride_ignored_in_the_rows", "each row starts `stride` columns to the right of the row above, "
            "not one", stride_ignored_in_the_rows),
    Mistake("padding_shifts_the_wrong_way", "with padding p, x_pad[t] is x[t - p]: check which way the padding "
            "moves a row's kernel cells across the columns of x", padding_shifts_the_wrong_way),
]


def _cases():
    rng = np.random.default_rng(7)
    fixed = [  # (K, n, stride, padding, what it tests)
        (3, 9, 2, 0, "stride 2"),
        (3, 5, 1, 1, "'same' padding"),
        (3, 4, 1, 2, "'full' padding, more outputs than inputs"),
        (3, 7, 2, 1, "stride 2 and padding 1"),
        (4, 10, 2, 1, "an even kernel"),
        (1, 5, 1, 0, "a kernel of length 1"),
        (5, 5, 1, 0, "the kernel as long as the input: one output"),
        (2, 8, 3, 0, "stride larger than the kernel: some inputs are skipped"),
        (5, 3, 1, 2, "a kernel longer than the input, padding 2"),
    ]
    cases = [Case("the lesson's example: k = [1, 2, 3], n = 6, stride 1, padding 0",
                  (np.array([1.0, 2.0, 3.0]), 6, 1, 0))]
    for K, n, s, p, what in fixed:
        cases.append(Case(f"{what}: random k of length {K}, n = {n}, stride {s}, padding {p}",
                          (rng.standard_normal(K), n, s, p)))
    while len(cases) < 16:
        K, n, s, p = int(rng.integers(1, 6)), int(rng.integers(1, 13)), int(rng.integers(1, 4)), int(rng.integers(0, 3))
        covered = n + 2 * p - K
        if covered >= 0 and covered % s == 0:
            cases.append(Case(f"random: k of length {K}, n = {n}, stride {s}, padding {p}",
                              (rng.standard_normal(K), n, s, p)))
    return cases


toeplitz_matrix_exercise = Exercise(
    "toeplitz_matrix", _reference, _cases, MISTAKES,
    hint="row i of M holds k_u in column i·stride − padding + u (u = 0..K−1), where that column is "
         "inside 0..n−1; n_out = (n + 2·padding − K)/stride + 1 rows")


# -- short questions ----------------------------------------------------------------------------

_ones = np.ones((3, 3))
_valid = matrix_counts(conv2d_matrix(_ones, (8, 8)))
_same = matrix_counts(conv2d_matrix(_ones, (8, 8), padding=1))
_same_side = conv_output_size(8, 3, padding=1)

q1 = Question(
    answer=_valid.nonzeros,
    how="count_nonzero(conv2d_matrix(ones((3, 3)), (8, 8))): 6·6 outputs, each sees 9 inputs",
    hint="how many outputs does an 8×8 image give with a 3×3 kernel and no padding, and how many inputs "
         "does each output see?",
    wrong={_same_side ** 2 * 9: "the output is taken to be 8×8: without padding it shrinks",
           _valid.entries: "every entry is counted, zeros too"})

q2 = Question(
    answer=_same.nonzeros,
    how="count_nonzero(conv2d_matrix(ones((3, 3)), (8, 8), padding=1)): 22 (output, kernel cell) pairs "
        "land inside the image along each axis, 22·22",
    hint="count along one axis first: 8 outputs × 3 kernel cells, minus the cells that land in the padding; "
         "a 2-D pair is one such row pair and one such column pair",
    wrong={_same_side ** 2 * 9: "the kernel cells that land in the padding are counted: they multiply "
                                "zeros, not inputs, so they are no entries of the matrix",
           _valid.nonzeros: "the padding is left out (that is exercise 1)",
           _same.entries: "every entry is counted, zeros too"})

_cols = im2col(np.zeros((3, 32, 32)), (5, 5), padding=2)

q3 = Question(
    answer=_cols.shape[0],
    how="C·KH·KW = 3·5·5: one row per weight of the filter",
    hint="a column holds one whole window, in the order of the filter's weights",
    wrong={_cols.shape[0] // 3: "the 3 channels are forgotten: a window spans all of them",
           _cols.shape[1]: "rows and columns are swapped: a column per output position, a row per weight"})

q4 = Question(
    answer=_cols.shape[1],
    how="OH·OW = 32·32: one column per output position (padding 2 keeps 32×32)",
    hint="one column per output position: how large is the output?",
    wrong={conv_output_size(32, 5) ** 2: "the padding is forgotten: with padding 2 the output stays 32×32",
           _cols.shape[0]: "rows and columns are swapped: a column per output position, a row per weight",
           _cols.shape[1] * 3: "a column per output position and channel: one column holds all channels"})
