"""Lesson 20's exercises: a convolution layer's weight gradient by im2col (checked against lessonlib's
conv2d_backward), one SGD step on a tiny convolution problem, and three short questions."""
from __future__ import annotations

import numpy as np

from ...arithmetic import conv_output_size, conv_params, pool_output_size, receptive_field
from ...exercises import Case, Exercise, Mistake, Question
from ...kernels.conv import conv2d_backward, conv2d_forward
from ...threads import limit_threads

# -- 1. the weight gradient ----------------------------------------------------------------------


def weight_gradient_reference(x, dout, kernel):
    """dW (F, C, KH, KW) of a stride-1, unpadded convolution of x (N, C, H, W), given dout (N, F, OH, OW),
    by lessonlib's conv2d_backward (the weights' values do not enter dW)."""
    x, dout = np.asarray(x, dtype=np.float64), np.asarray(dout, dtype=np.float64)
    kh, kw = kernel
    with limit_threads(1):
        _, cache = conv2d_forward(x, np.zeros((dout.shape[1], x.shape[1], kh, kw)))
        return conv2d_backward(dout, cache)[1]


def _cols(x, kernel, order="ckk"):
    """im2col of a batch: (C*KH*KW, N*OH*OW), rows in (c, u, v) order (or (u, v, c) for order="kkc"),
    columns in (n, i, j) order."""
    n, c, h, w = x.shape
    kh, kw = kernel
    oh, ow = h - kh + 1, w - kw + 1
    cols = np.empty((c, kh, kw, n, oh, ow))
    for u in range(kh):
        for v in range(kw):
            cols[:, u, v] = x[:, :, u:u + oh, v:v + ow].transpose(1, 0, 2, 3)
    if order == "kkc":
        cols = cols.transpose(1, 2, 0, 3, 4, 5)
    return cols.reshape(c * kh * kw, n * oh * ow)


def _dout_matrix(dout):
    return np.asarray(dout, dtype=np.float64).transpose(1, 0, 2, 3).reshape(dout.shape[1], -1)


def _shape(x, dout, kernel):
    return dout.shape[1], x.shape[1], kernel[0], kernel[1]


def cols_and_dout_swapped(x, dout, kernel):
    f, c, kh, kw = _shape(x, dout, kernel)
    return (_cols(x, kernel) @ _dout_matrix(dout).T).reshape(c, kh, kw, f)      # (C·KH·KW, F): transposed


def result_not_transposed_back(x, dout, kernel):
    f, c, kh, kw = _shape(x, dout, kernel)
    return (_cols(x, kernel) @ _dout_matrix(dout).T).reshape(f, c, kh, kw)      # right shape, scrambled


def dout_reshaped_without_moving_f_first(x, dout, kernel):
    f, c, kh, kw = _shape(x, dout, kernel)
    return (np.asarray(dout, dtype=np.float64).reshape(f, -1) @ _cols(x, kernel).T).reshape(f, c, kh, kw)


def last_sample_only(x, dout, kernel):
    return weight_gradient_reference(x[-1:], dout[-1:], kernel)


def mean_over_the_batch(x, dout, kernel):
    return weight_gradient_reference(x, dout, kernel) / x.shape[0]


def per_sample_gradients(x, dout, kernel):
    return np.stack([weight_gradient_reference(x[i:i + 1], dout[i:i + 1], kernel) for i in range(x.shape[0])])


def kernel_flipped(x, dout, kernel):
    return weight_gradient_reference(x, dout, kernel)[:, :, ::-1, ::-1]


def cols_rows_in_kh_kw_c_order(x, dout, kernel):
    f, c, kh, kw = _shape(x, dout, kernel)
    return (_dout_matrix(dout) @ _cols(x, kernel, "kkc").T).reshape(f, c, kh, kw)


WEIGHT_MISTAKES = [
    Mistake("cols_and_dout_swapped", "the result is (C·KH·KW, F)-shaped: dW = dout_matrix @ cols.T puts the filters "
            "first; cols @ dout_matrix.T gives its transpose", cols_and_dout_swapped),
    Mistake("result_not_transposed_back", "the values look scrambled: cols @ dout_matrix.T is dW transposed, "
            "(C·KH·KW, F), and reshaping it straight to (F, C, KH, KW) mixes filters and weights",
            result_not_transposed_back),
    Mistake("dout_reshaped_without_moving_f_first", "dout is (N, F, OH, OW): reshaping it to (F, −1) mixes samples "
            "and filters; move F to the front first (transpose(1, 0, 2, 3)) so that its columns follow the same (n, i, j) "
            "order as cols", dout_reshaped_without_moving_f_first),
    Mistake("last_sample_only", "only the last sample counts: dW sums the contributions of every sample in the "
            "batch (a loop that assigns dW instead of adding to it?)", last_sample_only),
    Mistake("mean_over_the_batch", "dW is divided by N: the layer's gradient is the sum over the batch (any mean "
            "belongs to the loss, and is already in dout)", mean_over_the_batch),
    Mistake("per_sample_gradients", "one gradient per sample: sum them over the batch, dW is (F, C, KH, KW)",
            per_sample_gradients),
    Mistake("kernel_flipped", "dW is flipped in both spatial axes: the layer is a cross-correlation, so dW[f, c, u, v] "
            "pairs dout[n, f, i, j] with x[n, c, i + u, j + v]", kernel_flipped),
    Mistake("cols_rows_in_kh_kw_c_order", "the rows of cols run over (u, v, c): to reshape dW to (F, C, KH, KW) they "
            "must run over (c, u, v), in the order of w.ravel()", cols_rows_in_kh_kw_c_order),
]


def _weight_cases():
    rng = np.random.default_rng(20)

    def case(label, n, c, h, w, f, kh, kw):
        oh, ow = h - kh + 1, w - kw + 1
        x, dout = rng.standard_normal((n, c, h, w)), rng.standard_normal((n, f, oh, ow))
        return Case(f"{label}: x {x.shape}, dout {dout.shape}, kernel ({kh}, {kw})", (x, dout, (kh, kw)))

    return [
        case("random", 2, 3, 6, 6, 4, 3, 3),
        case("non-square image and kernel", 3, 2, 7, 5, 3, 3, 2),
        case("a batch of 1, one channel, one filter", 1, 1, 5, 5, 1, 2, 2),
        case("1×1 kernel", 3, 4, 4, 4, 2, 1, 1),
        case("kernel as large as the image (1×1 output)", 2, 2, 4, 3, 3, 4, 3),
        case("random, larger", 4, 3, 9, 8, 5, 5, 5),
    ]


conv_weight_gradient_exercise = Exercise(
    "conv_weight_gradient", weight_gradient_reference, _weight_cases, WEIGHT_MISTAKES,
    hint="cols: (C·KH·KW, N·OH·OW), column (n, i, j) = x[n, :, i:i+KH, j:j+KW].ravel(); dout as (F, N·OH·OW) with "
         "its columns in the same (n, i, j) order; dW = dout_matrix @ cols.T, reshaped to (F, C, KH, KW)")


# -- 2. one SGD step -----------------------------------------------------------------------------


def tiny_conv_problem(seed=0, n=2, c=1, size=6, f=2, k=3):
    """A tiny convolution problem: x (n, c, size, size), targets t from a hidden kernel; returns x, t."""
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, c, size, size))
    with limit_threads(1):
        t = conv2d_forward(x, rng.standard_normal((f, c, k, k)))[0]
    return x, t


def tiny_conv_loss(w, x, t):
    """L = ½ Σ (conv(x, w) − t)² and dL/dw, by lessonlib's forward and backward (no bias)."""
    with limit_threads(1):
        out, cache = conv2d_forward(x, w)
        err = out - t
        return 0.5 * float((err ** 2).sum()), conv2d_backward(err, cache)[1]


def sgd_reference(w, dw, lr):
    return np.asarray(w, dtype=np.float64) - lr * np.asarray(dw, dtype=np.float64)


def step_uphill(w, dw, lr):
    return np.asarray(w, dtype=np.float64) + lr * np.asarray(dw, dtype=np.float64)


def returns_the_update_only(w, dw, lr):
    return -lr * np.asarray(dw, dtype=np.float64)


def learning_rate_ignored(w, dw, lr):
    return np.asarray(w, dtype=np.float64) - np.asarray(dw, dtype=np.float64)


def divided_by_the_learning_rate(w, dw, lr):
    return np.asarray(w, dtype=np.float64) - np.asarray(dw, dtype=np.float64) / lr


SGD_MISTAKES = [
    Mistake("step_uphill", "the step goes up the gradient (w + lr·dw), so the loss grows: move against it",
            step_uphill),
    Mistake("returns_the_update_only", "the result is the step −lr·dw alone: return the new weights, w plus the step",
            returns_the_update_only),
    Mistake("learning_rate_ignored", "the whole gradient is subtracted: scale it by the learning rate",
            learning_rate_ignored),
    Mistake("divided_by_the_learning_rate", "the gradient is divided by lr: multiply it", divided_by_the_learning_rate),
]


def sgd_problems():
    """The tiny convolution problems of the SGD cases: (x, t, w, lr) each; one step of lr lowers the loss."""
    problems = []
    for seed, shape, lr in ((1, dict(), 0.01), (2, dict(c=2, f=3), 0.002), (3, dict(n=1, size=5, k=2), 0.05)):
        x, t = tiny_conv_problem(seed, **shape)
        w = np.random.default_rng(100 + seed).standard_normal((t.shape[1], x.shape[1]) + (shape.get("k", 3),) * 2)
        problems.append((x, t, w, lr))
    return problems


def _sgd_cases():
    cases = []
    for x, t, w, lr in sgd_problems():
        loss, dw = tiny_conv_loss(w, x, t)
        cases.append(Case(f"tiny conv problem (x {x.shape}, w {w.shape}), loss {loss:.1f}, lr {lr}", (w, dw, lr)))
    w = np.random.default_rng(7).standard_normal((2, 3, 2, 2))
    cases.append(Case("w (2, 3, 2, 2) random, dw = 0 (the step leaves w alone)", (w, np.zeros_like(w), 0.1)))
    cases.append(Case("lr = 1 (the step is the whole gradient)",
                      (np.arange(6.0).reshape(1, 1, 2, 3), np.linspace(-1, 1, 6).reshape(1, 1, 2, 3), 1.0)))
    return cases


sgd_step_exercise = Exercise(
    "sgd_step", sgd_reference, _sgd_cases, SGD_MISTAKES,
    hint="gradient descent moves the weights a small step against the gradient: new w = w − lr·dw, same shape as w")


# -- short questions -----------------------------------------------------------------------------

LENET_LAYERS = [(5, 1, 1, 2), (2, 2, 1), (5, 1, 1), (2, 2, 1)]       # conv1, pool1, conv2, pool2 (k, s, d[, p])
EXTRA_CONV = (3, 1, 1)


def _rf(layers):
    return int(receptive_field(layers)[-1].size)


def _rf_with(layers, grow, early_jump=False):
    """A wrong recursion (for the known wrong answers): r += grow(k, d) * j."""
    r, j = 1, 1
    for k, s, d, *_ in layers:
        if early_jump:
            j *= s
        r += grow(k, d) * j
        if not early_jump:
            j *= s
    return r


_Q1_LAYERS = LENET_LAYERS + [EXTRA_CONV]
q1 = Question(
    answer=_rf(_Q1_LAYERS),
    how="pool2: r = 16, jump 4 (the table above); a 3×3 layer adds (3 − 1)·4 = 8: 24",
    hint="start from pool2's receptive field and jump in the table above; the new layer adds (k − 1)·j",
    wrong={_rf(LENET_LAYERS) + 2: "the jump is forgotten: the 3×3 kernel steps over pool2 units 4 pixels apart",
           _rf_with(_Q1_LAYERS, lambda k, d: d * k): "each layer adds k·j; it adds (k − 1)·j",
           _rf(LENET_LAYERS): "that is pool2's own receptive field, before the new layer",
           _rf(LENET_LAYERS + [(5, 1, 1)]): "the new layer is 3×3, not 5×5"})

q2 = Question(
    answer=int(conv_params(16, 64, 5)),
    how="64 filters × (16 × 5 × 5 weights) + 64 biases = 25,664",
    hint="each filter has one 5×5 kernel per input map, and one bias",
    wrong={int(conv_params(16, 64, 5, bias=False)): "the 64 biases are forgotten",
           int(conv_params(1, 64, 5)): "each filter sees all 16 maps of pool1: 16 × 5 × 5 weights, not 5 × 5",
           int(conv_params(16, 64, 5, bias=False)) + 16: "there is one bias per filter (64), not per input map",
           int(conv_params(16, 32, 5)): "that is conv2 as it is (32 filters)"})


def _dense_inputs(conv_size):
    side = pool_output_size(conv_size(28, 5), 2, 2)                  # conv1 without padding, pool1
    return 32 * pool_output_size(conv_size(side, 5), 2, 2) ** 2      # conv2, pool2


q3 = Question(
    answer=_dense_inputs(conv_output_size),
    how="28 → 24 (conv 5) → 12 (pool) → 8 (conv 5) → 4 (pool): 32 × 4 × 4 = 512",
    hint="follow the size: an unpadded 5×5 convolution gives n − 5 + 1, a 2×2 pool halves it; then 32 maps of that",
    wrong={_dense_inputs(lambda n, k: n - k): "the output size is n − k + 1, not n − k",
           32 * 5 * 5: "that is the network as it is, with conv1's padding 2",
           _dense_inputs(conv_output_size) // 32: "there are 32 maps of that size"})
