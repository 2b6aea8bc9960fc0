"""Lesson 10's exercises: a multichannel convolution with bias, stride and padding, written by the
student and checked against lessonlib's layer `conv2d_forward`; the short questions count a layer's
parameters and multiplies (other layers than the slide's, whose counts the lesson prints)."""
from __future__ import annotations

import numpy as np

from ...arithmetic import conv_connections, conv_params
from ...exercises import Case, Exercise, Mistake, Question
from ...kernels.conv import conv2d_forward
from ...threads import limit_threads


def _reference(x, w, b, stride=1, padding=0):
    x, w, b = (np.asarray(a, dtype=float) for a in (x, w, b))
    with limit_threads(1):
        out, _ = conv2d_forward(x[None], w, b, stride=stride, padding=padding)
    return out[0]


# -- wrong ways ---------------------------------------------------------------------------------

def _per_channel(x, w, stride, padding, pad_width=None):
    """r[f, c] = x[c] ⊗ w[f, c] by loops: (F, C, OH, OW), before any sum over channels."""
    x, w = np.asarray(x, dtype=float), np.asarray(w, dtype=float)
    p = padding
    xp = np.pad(x, pad_width if pad_width is not None else ((0, 0), (p, p), (p, p)))
    (n_f, n_c, kh, kw), (hp, wp) = w.shape, xp.shape[1:]
    oh, ow = (hp - kh) // stride + 1, (wp - kw) // stride + 1
    r = np.zeros((n_f, n_c, oh, ow))
    for f in range(n_f):
        for c in range(n_c):
            for i in range(oh):
                for j in range(ow):
                    r[f, c, i, j] = np.sum(xp[c, i * stride:i * stride + kh, j * stride:j * stride + kw] * w[f, c])
    return r


def _bias(b):
    return np.asarray(b, dtype=float)[:, None, None]


def forgot_the_bias(x, w, b, stride=1, padding=0):
    return _per_channel(x, w, stride, padding).sum(axis=1)


def one_channel_only(x, w, b, stride=1, padding=0):
    return _per_channel(x, w, stride, padding)[:, 0] + _bias(b)


def no_channel_sum(x, w, b, stride=1, padding=0):
    return _per_channel(x, w, stride, padding) + _bias(b)[:, None]


def averaged_the_channels(x, w, b, stride=1, padding=0):
    return _per_channel(x, w, stride, padding).mean(axis=1) + _bias(b)


def bias_added_per_channel(x, w, b, stride=1, padding=0):
    return (_per_channel(x, w, stride, padding) + _bias(b)[:, None]).sum(axis=1)


def forgot_padding(x, w, b, stride=1, padding=0):
    return _per_channel(x, w, stride, 0).sum(axis=1) + _bias(b)


def padding_on_one_side(x, w, b, stride=1, padding=0):
    p = padding
    return _per_channel(x, w, stride, p, pad_width=((0, 0), (p, 0), (p, 0))).sum(axis=1) + _bias(b)


MISTAKES = [
    Mistake("forgot_the_bias", "every filter f adds its bias b[f] once to each of its outputs", forgot_the_bias),
    Mistake("one_channel_only", "a filter looks at all C input channels at once, not only the first",
            one_channel_only),
    Mistake("no_channel_sum", "the output has one map per filter, (F, OH, OW): each filter's per-channel "
            "responses are summed into one map", no_channel_sum),
    Mistake("averaged_the_channels", "the channels' responses are summed, not averaged", averaged_the_channels),
    Mistake("bias_added_per_channel", "the bias is added once per output, after the sum over channels, "
            "not to every channel's response", bias_added_per_channel),
    Mistake("forgot_padding", "zero-pad the input by `padding` cells on each side before sliding the windows",
            forgot_padding),
    Mistake("padding_on_one_side", "`padding` zeros go on each side: top and bottom, left and right",
            padding_on_one_side),
]


def _cases():
    rng = np.random.default_rng(10)
    settings = [  # (C, H, W, F, KH, KW, stride, padding, what)
        (3, 6, 6, 2, 3, 3, 1, 0, "3 channels, 2 filters 3×3"),
        (2, 5, 5, 3, 3, 3, 1, 1, "'same' padding 1"),
        (3, 7, 7, 2, 3, 3, 2, 1, "stride 2 and padding 1"),
        (2, 5, 8, 2, 2, 3, 1, 0, "a non-square image and kernel"),
        (1, 5, 4, 1, 3, 3, 1, 0, "one channel, one filter"),
        (4, 4, 4, 3, 1, 1, 1, 0, "1×1 kernels: a mix of channels at every pixel"),
        (2, 4, 4, 2, 4, 4, 1, 0, "the kernel as large as the image: one output per filter"),
        (3, 8, 8, 3, 5, 5, 1, 2, "the slide's layer (three 5×5×3 filters, padding 2) on an 8×8 image"),
        (2, 8, 8, 2, 2, 2, 3, 0, "stride 3, larger than the kernel"),
        (3, 8, 7, 4, 3, 2, 3, 2, "stride 3 and padding 2, non-square"),
    ]
    while len(settings) < 14:
        C, F, KH, KW, s, p = (int(v) for v in (rng.integers(1, 5), rng.integers(1, 5), rng.integers(1, 4),
                                               rng.integers(1, 4), rng.integers(1, 3), rng.integers(0, 3)))
        H, W = (int(v) for v in rng.integers(max(KH, KW), 9, size=2))
        if all((n + 2 * p - k) % s == 0 for n, k in ((H, KH), (W, KW))):
            settings.append((C, H, W, F, KH, KW, s, p, "random"))
    cases = []
    for C, H, W, F, KH, KW, s, p, what in settings:
        cases.append(Case(f"{what}: x ({C}, {H}, {W}), w ({F}, {C}, {KH}, {KW}), b ({F},), stride {s}, padding {p}",
                          (rng.standard_normal((C, H, W)), rng.standard_normal((F, C, KH, KW)),
                           rng.standard_normal(F), s, p)))
    return cases


multichannel_conv_exercise = Exercise(
    "multichannel_conv", _reference, _cases, MISTAKES,
    hint="out[f, i, j] = b[f] + sum over c, u, v of w[f, c, u, v]·x_pad[c, i·stride + u, j·stride + v]; "
         "OH = (H + 2·padding − KH)/stride + 1")


# -- short questions ----------------------------------------------------------------------------

q1 = Question(
    answer=conv_params(3, 16, 3),
    how="16 · (3·3·3) + 16 = 448: each filter spans the 3 channels, plus one bias per filter",
    hint="one filter: how many weights (it spans every input channel), plus how many biases? Then 16 of them",
    wrong={conv_params(3, 16, 3, bias=False): "the 16 biases are forgotten",
           conv_params(1, 16, 3): "the filters' depth is forgotten: each spans the 3 input channels",
           conv_params(1, 16, 3, bias=False): "the depth and the biases are forgotten"})

q2 = Question(
    answer=conv_params(64, 1, 5, bias=False),
    how="5 · 5 · 64 = 1,600: a filter always spans the full input depth",
    hint="a filter is a block of K×K×C weights",
    wrong={conv_params(1, 1, 5, bias=False): "the filter's depth is forgotten: it spans all 64 input channels",
           conv_params(64, 1, 5): "the bias is counted too: the question asks for the weights"})

q3 = Question(
    answer=conv_connections(3, 16, 3, (32, 32)),
    how="outputs × weights per output = (32·32·16) · (3·3·3) = 442,368",
    hint="how many outputs does the layer make (padding 1 keeps 32×32, 16 maps), and how many multiplies "
         "does each output take?",
    wrong={conv_connections(1, 16, 3, (32, 32)): "each output is taken to see one channel: it sees all 3",
           conv_connections(3, 16, 3, (30, 30)): "the padding is forgotten: with padding 1 the maps stay 32×32",
           conv_connections(3, 1, 3, (32, 32)): "only one filter is counted: there are 16 maps",
           conv_params(3, 16, 3): "that counts the parameters; each weight is used at every position"})
