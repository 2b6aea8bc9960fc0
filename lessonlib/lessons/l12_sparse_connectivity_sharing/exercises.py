"""Lesson 12's exercises: a 1-D locally connected layer (a convolution's connections, but its own
weights at every output position), checked against the lesson's connection pattern
`conv1d_parameter_ids`; and three short questions."""
from __future__ import annotations

import numpy as np

from ...arithmetic import conv_connections, dense_params
from ...exercises import Case, Exercise, Mistake, Question
from .compute import conv1d_parameter_ids, edge_detection_costs


def reference(x, w, b, stride=1, padding=0):
    """out[i] = b[i] + sum over the connections s_i <- x_j of w[i, id] * x[j], where id is the kernel
    position the convolution would use there (conv1d_parameter_ids): the convolution's wiring,
    one weight per connection."""
    x, w, b = (np.asarray(a, dtype=np.float64) for a in (x, w, b))
    ids = conv1d_parameter_ids(x.shape[0], w.shape[1], padding=padding, stride=stride)
    if ids.shape[0] != w.shape[0]:
        raise ValueError(f"w has {w.shape[0]} rows but the layer has {ids.shape[0]} outputs")
    rows, cols = np.nonzero(ids >= 0)
    out = b.copy()
    np.add.at(out, rows, w[rows, ids[rows, cols]] * x[cols])
    return out


# -- wrong ways (numpy only) -----------------------------------------------------------------------

def _padded(x, padding):
    return np.concatenate([np.zeros(padding), np.asarray(x, dtype=np.float64), np.zeros(padding)])


def _layer(x, w, b, stride, padding, *, kernel_of=lambda w, i: w[i], start_of=None, pad=None, bias=True):
    xp = _padded(x, padding) if pad is None else pad(x, padding)
    w = np.asarray(w, dtype=np.float64)
    n_out, k = w.shape
    start_of = start_of or (lambda i: i * stride)
    out = np.zeros(n_out)
    for i in range(n_out):
        s = start_of(i)
        window = xp[s:s + k]
        kernel = kernel_of(w, i)
        out[i] = window @ kernel[:window.shape[0]] + (b[i] if bias else 0.0)
    return out


def shared_weights(x, w, b, stride=1, padding=0):
    return _layer(x, w, b, stride, padding, kernel_of=lambda w, i: w[0])


def forgot_the_bias(x, w, b, stride=1, padding=0):
    return _layer(x, w, b, stride, padding, bias=False)


def window_ignores_stride(x, w, b, stride=1, padding=0):
    return _layer(x, w, b, stride, padding, start_of=lambda i: i)


def window_not_shifted_by_padding(x, w, b, stride=1, padding=0):
    """All the padding on the right: window i starts at x[i*s] instead of x[i*s - p]."""
    return _layer(x, w, b, stride, padding,
                  pad=lambda x, p: np.concatenate([np.asarray(x, dtype=np.float64), np.zeros(2 * p)]))


def flipped_kernels(x, w, b, stride=1, padding=0):
    return _layer(x, w, b, stride, padding, kernel_of=lambda w, i: w[i, ::-1])


MISTAKES = [
    Mistake("shared_weights", "every output used the same kernel (an ordinary convolution): output i has its "
            "own weights, row w[i]", shared_weights),
    Mistake("forgot_the_bias", "each output i adds its own bias b[i]", forgot_the_bias),
    Mistake("window_ignores_stride", "output i's window starts at padded position i·stride, not i",
            window_ignores_stride),
    Mistake("window_not_shifted_by_padding", "the zeros of the padding go on both ends: output 0's window starts "
            "`padding` cells before x[0]", window_not_shifted_by_padding),
    Mistake("flipped_kernels", "w[i, j] multiplies the j-th cell of output i's window (cross-correlation, no "
            "flip)", flipped_kernels),
]


def _n_out(n, k, stride, padding):
    return (n + 2 * padding - k) // stride + 1


def _case(rng, label, n, k, stride=1, padding=0, bias=True):
    m = _n_out(n, k, stride, padding)
    x = rng.standard_normal(n)
    w = rng.standard_normal((m, k))
    b = rng.standard_normal(m) if bias else np.zeros(m)
    return Case(f"{label}: x ({n},), w ({m}, {k}), b ({m},), stride {stride}, padding {padding}",
                (x, w, b), {"stride": stride, "padding": padding})


def _cases():
    rng = np.random.default_rng(12)
    return [
        _case(rng, "the book's figure (5 inputs, width 3, 'same' padding)", 5, 3, padding=1),
        _case(rng, "no padding, stride 1", 8, 3),
        _case(rng, "stride 2, padding 1", 9, 3, stride=2, padding=1),
        _case(rng, "stride 3, no padding", 10, 4, stride=3),
        _case(rng, "width 5, padding 2, stride 2", 11, 5, stride=2, padding=2),
        _case(rng, "kernel as wide as the input: one output", 6, 6),
        _case(rng, "width 1 (a weight per input, no sum)", 7, 1),
        _case(rng, "random, 40 inputs, width 7, padding 3", 40, 7, padding=3),
    ]


locally_connected1d_exercise = Exercise(
    "locally_connected1d", reference, _cases, MISTAKES,
    hint="pad x with `padding` zeros on each side; output i is b[i] + w[i] · (the k padded cells from i·stride)")


# -- short questions -------------------------------------------------------------------------------

q1 = Question(
    answer=int((conv1d_parameter_ids(7, 3, padding=1) >= 0).sum()),
    how="7 outputs × 3 inputs, minus the 2 that would reach into the padding = 19",
    hint="count the non-zeros of the layer's 7 × 7 matrix: three per row, except at the two ends",
    wrong={21: "the two connections into the zero padding are counted: padding is no input unit",
           3: "that is the number of parameters (shared weights), not of connections",
           49: "that is the dense layer's count"})

_LC_OUT = (62, 62)
q2 = Question(
    answer=conv_connections(1, 1, 3, _LC_OUT),
    how="one weight per connection: 62·62 outputs × 3·3 inputs each = 34,596",
    hint="a 3×3 window without padding on 64×64 gives how many outputs? Each has its own 9 weights",
    wrong={9: "the weights are shared: that is the convolution, not the locally connected layer",
           64 * 64 * 9: "64×64 outputs: without padding a 3×3 window fits 62 times along each side",
           conv_connections(1, 1, 3, _LC_OUT) + _LC_OUT[0] * _LC_OUT[1]: "a bias per output is counted too",
           dense_params(64 * 64, 62 * 62, bias=False): "that is the dense layer: every output sees every input"})

_EDGE = (768, 1024)
q3 = Question(
    answer=edge_detection_costs(*_EDGE).conv_flops,
    how="768 rows × 1023 outputs per row × 3 flops = 2,356,992",
    hint="the kernel [-1, 1] fits 1023 times along a row of 1024; each output costs 2 multiplies + 1 add",
    wrong={768 * 1024 * 3: "the output is one pixel narrower than the input (a width-2 kernel, no padding)",
           768 * 1023 * 2: "the addition is forgotten: three flops per output",
           768 * 1023: "that is the number of outputs; each costs three flops"})
