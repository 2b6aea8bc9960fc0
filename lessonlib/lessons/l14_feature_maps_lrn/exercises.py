"""Lesson 14's exercises: local response normalisation across channels (checked against lessonlib's
lrn_forward, AlexNet's convention), and three short questions."""
from __future__ import annotations

import numpy as np

from ...exercises import Case, Exercise, Mistake, Question
from ...kernels.lrn import lrn_forward
from ...threads import limit_threads


def reference(x, size=5, alpha=1e-4, beta=0.75, k=2.0):
    """LRN of x (N, C, H, W) by lessonlib's kernel: alpha multiplies the sum of squares over the
    window [c - size//2, c + (size-1)//2] clipped to the channels. One thread: the cases are small."""
    with limit_threads(1):
        return lrn_forward(np.asarray(x, dtype=np.float64), size, alpha, beta, k)[0]


# -- wrong ways (numpy only) ---------------------------------------------------------------------

def _with_window(x, size, alpha, beta, k, window):
    """b[c] = x[c] / (k + alpha * sum over window(c, C) of x^2) ** beta, window giving channel indices."""
    x = np.asarray(x, dtype=np.float64)
    n_chan = x.shape[1]
    out = np.empty_like(x)
    for c in range(n_chan):
        chans = list(window(c, n_chan))
        out[:, c] = x[:, c] / (k + alpha * (x[:, chans] ** 2).sum(axis=1)) ** beta
    return out


def _right_window(c, n_chan, size):
    return range(max(0, c - size // 2), min(n_chan, c + (size - 1) // 2 + 1))


def alpha_divided_by_size(x, size=5, alpha=1e-4, beta=0.75, k=2.0):
    return _with_window(x, size, alpha / size, beta, k, lambda c, n: _right_window(c, n, size))


def window_not_centred(x, size=5, alpha=1e-4, beta=0.75, k=2.0):
    return _with_window(x, size, alpha, beta, k, lambda c, n: range(c, min(n, c + size)))


def window_one_short(x, size=5, alpha=1e-4, beta=0.75, k=2.0):
    return _with_window(x, size, alpha, beta, k, lambda c, n: range(max(0, c - size // 2), min(n, c + size // 2)))


def window_wraps_around(x, size=5, alpha=1e-4, beta=0.75, k=2.0):
    return _with_window(x, size, alpha, beta, k,
                        lambda c, n: sorted({j % n for j in range(c - size // 2, c + (size - 1) // 2 + 1)}))


def window_kept_full_at_the_ends(x, size=5, alpha=1e-4, beta=0.75, k=2.0):
    def window(c, n):
        start = min(max(0, c - size // 2), max(0, n - size))
        return range(start, min(n, start + size))
    return _with_window(x, size, alpha, beta, k, window)


def even_window_too_wide(x, size=5, alpha=1e-4, beta=0.75, k=2.0):
    return _with_window(x, size, alpha, beta, k, lambda c, n: range(max(0, c - size // 2), min(n, c + size // 2 + 1)))


def sum_over_space(x, size=5, alpha=1e-4, beta=0.75, k=2.0):
    x = np.asarray(x, dtype=np.float64)
    return x / (k + alpha * (x ** 2).sum(axis=(2, 3), keepdims=True)) ** beta


def squares_forgotten(x, size=5, alpha=1e-4, beta=0.75, k=2.0):
    x = np.asarray(x, dtype=np.float64)
    n_chan = x.shape[1]
    out = np.empty_like(x)
    with np.errstate(invalid="ignore"):
        for c in range(n_chan):
            chans = list(_right_window(c, n_chan, size))
            out[:, c] = x[:, c] / (k + alpha * x[:, chans].sum(axis=1)) ** beta
    return out


def multiplied_by_the_power(x, size=5, alpha=1e-4, beta=0.75, k=2.0):
    right = reference(x, size, alpha, beta, k)
    x = np.asarray(x, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        denom_power = np.where(right != 0, x / right, k ** beta)      # (k + alpha sum)^beta
    return x * denom_power


def beta_on_the_sum_only(x, size=5, alpha=1e-4, beta=0.75, k=2.0):
    x = np.asarray(x, dtype=np.float64)
    n_chan = x.shape[1]
    out = np.empty_like(x)
    for c in range(n_chan):
        chans = list(_right_window(c, n_chan, size))
        out[:, c] = x[:, c] / (k + (alpha * (x[:, chans] ** 2).sum(axis=1)) ** beta)
    return out


MISTAKES = [
    Mistake("alpha_divided_by_size", "that is PyTorch's and Caffe's convention (the mean of the squares): here, as in "
            "AlexNet, alpha multiplies the sum of the squares", alpha_divided_by_size),
    Mistake("window_not_centred", "the window starts at channel c: it is centred on c, from c − size//2 to "
            "c + (size − 1)//2", window_not_centred),
    Mistake("window_one_short", "the window's last channel is missing: it runs from c − size//2 to c + (size − 1)//2 "
            "inclusive (mind a Python slice's end)", window_one_short),
    Mistake("window_wraps_around", "the window wraps around from the last channel to the first: it is clipped "
            "to the channels 0 .. C − 1 instead", window_wraps_around),
    Mistake("window_kept_full_at_the_ends", "at the first and last channels the window slides inwards to keep size "
            "channels: it is clipped instead, so it holds fewer channels there", window_kept_full_at_the_ends),
    Mistake("even_window_too_wide", "for an even size the window holds size + 1 channels: it runs from c − size//2 "
            "to c + (size − 1)//2", even_window_too_wide),
    Mistake("sum_over_space", "the squares are summed over the positions of one map: LRN sums over neighbouring "
            "channels at each position separately", sum_over_space),
    Mistake("squares_forgotten", "the window sums the activations, not their squares", squares_forgotten),
    Mistake("multiplied_by_the_power", "x is multiplied by (k + α Σ)^β: it is divided by it (the power is −β)",
            multiplied_by_the_power),
    Mistake("beta_on_the_sum_only", "β is applied to α Σ x² only: it applies to the whole k + α Σ x²",
            beta_on_the_sum_only),
]


def _cases():
    rng = np.random.default_rng(14)
    relu = lambda a: np.maximum(a, 0.0)                                     # noqa: E731
    return [
        Case("x (1, 6, 3, 4) random (negative values too), size 3, alpha 0.5, beta 0.75, k 1",
             (rng.standard_normal((1, 6, 3, 4)), 3, 0.5, 0.75, 1.0)),
        Case("AlexNet's constants (size 5, alpha 1e-4, beta 0.75, k 2), large ReLU activations, x (2, 8, 5, 5)",
             (relu(rng.normal(0, 150, (2, 8, 5, 5))), 5, 1e-4, 0.75, 2.0)),
        Case("even size 4 (window c − 2 .. c + 1), x (2, 7, 3, 3), alpha 0.3, beta 0.5, k 2",
             (rng.standard_normal((2, 7, 3, 3)), 4, 0.3, 0.5, 2.0)),
        Case("size 9 > C = 4 channels (every window clipped at both ends), x (1, 4, 2, 3), alpha 0.2, beta 1, k 0.5",
             (rng.standard_normal((1, 4, 2, 3)), 9, 0.2, 1.0, 0.5)),
        Case("size 1 (each channel with itself only), x (3, 3, 2, 2), alpha 1, beta 0.75, k 1",
             (rng.standard_normal((3, 3, 2, 2)), 1, 1.0, 0.75, 1.0)),
        Case("one channel, non-square map, batch of 1: x (1, 1, 3, 5), size 5, alpha 0.1, beta 0.75, k 2",
             (rng.normal(0, 3, (1, 1, 3, 5)), 5, 0.1, 0.75, 2.0)),
        Case("ReLU maps with zeros, x (3, 10, 4, 2), size 5, alpha 0.05, beta 0.75, k 1",
             (relu(rng.normal(0, 2, (3, 10, 4, 2))), 5, 0.05, 0.75, 1.0)),
    ]


lrn_exercise = Exercise(
    "lrn", reference, _cases, MISTAKES,
    hint="for each channel c: b[:, c] = x[:, c] / (k + alpha · Σ_{j in window} x[:, j]²) ** beta, the window "
         "max(0, c − size//2) .. min(C − 1, c + (size − 1)//2), the sum over channels at each position")


# -- short questions -----------------------------------------------------------------------------

def _single_channel_argmax(k, alpha, beta):
    """Where a/(k + alpha a²)^beta peaks, found with lrn_forward on a fine grid of one channel."""
    a = np.linspace(0, 1000, 1_000_001).reshape(1, 1, 1, -1)
    return float(a.ravel()[reference(a, 1, alpha, beta, k).argmax()])


def _as_typed(wrong):
    """{known wrong answer: mistake} plus the same answers rounded to 2, 3 and 4 significant digits, as a
    student types them (Question names a wrong answer only when it is given exactly)."""
    typed = {}
    for value, mistake in wrong.items():
        for digits in (2, 3, 4):
            typed.setdefault(float(f"{value:.{digits}g}"), mistake)
        typed[value] = mistake
    return typed


Q1_K, Q1_BETA = 3.0, 0.75
q1 = Question(
    answer=float(reference(np.full((1, 5, 1, 1), 1e-3), 5, 1e-4, Q1_BETA, Q1_K)[0, 2, 0, 0] / 1e-3),
    how="k ** -beta = 3 ** -0.75 ≈ 0.439: when alpha Σ a² ≪ k the denominator is k ** beta",
    hint="if alpha Σ a² is negligible next to k, what is (k + alpha Σ a²) ** −beta?",
    wrong=_as_typed({2 ** -0.75: "you kept AlexNet's k = 2; here k = 3",
                     3 ** 0.75: "the power is −beta: LRN divides by (k + …) ** beta",
                     1 / 3: "you left out the power beta",
                     3 ** -0.5: "you used beta = 0.5"}),
    rtol=5e-3)

q2 = Question(
    answer=len(range(max(0, 0 - 5 // 2), min(16, 0 + (5 - 1) // 2 + 1))),
    how="channels max(0, 0 − 2) .. min(15, 0 + 2) = 0, 1, 2: the window is clipped at the first channel",
    hint="the window of channel c runs from max(0, c − n//2) to min(C − 1, c + n//2): write it out for c = 0",
    wrong={5: "the window is not clipped: channels −2 and −1 do not exist",
           2: "the channel itself belongs to its window",
           1: "the window holds the channel and its neighbours, up to 2 on each side"})

q3 = Question(
    answer=_single_channel_argmax(2.0, 1e-4, 1.0),
    how="sqrt(k / (alpha (2 beta − 1))) = sqrt(2 / 1e-4) ≈ 141.4",
    hint="a* = sqrt(k / (alpha (2 beta − 1))) with beta = 1",
    wrong=_as_typed({_single_channel_argmax(2.0, 1e-4, 0.75): "you used beta = 0.75, not 1",
                     2 / 1e-4: "the square root is missing",
                     _single_channel_argmax(2.0, 1e-4 / 5, 1.0): "you divided alpha by n (PyTorch's convention)"}),
    rtol=1e-2)
