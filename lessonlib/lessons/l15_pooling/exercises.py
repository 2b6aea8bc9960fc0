"""Lesson 15's exercises: max pooling with switches, forward and backward (checked against
lessonlib's maxpool2d_forward / maxpool2d_backward on one map), and three short questions."""
from __future__ import annotations

import numpy as np

from ...arithmetic import pool_output_size
from ...exercises import Case, Exercise, Mistake, Question
from ...kernels.pooling import PoolCache, avgpool2d_backward, avgpool2d_forward, maxpool2d_backward, maxpool2d_forward


def reference_forward(x, size, stride):
    """x (H, W) -> out (OH, OW) and switches (OH, OW): the flat index row * W + col of each window's
    max in x, the first maximum in scan order (row by row) on a tie; lessonlib's rule."""
    out, cache = maxpool2d_forward(np.asarray(x, dtype=np.float64)[None, None], size, stride)
    return out[0, 0], cache.switches[0, 0]


def reference_backward(dout, switches, x_shape):
    """dout (OH, OW), switches (OH, OW), x_shape (H, W) -> dx (H, W): each dout goes to its switch."""
    dout = np.asarray(dout, dtype=np.float64)
    cache = PoolCache((1, 1) + tuple(x_shape), (1, 1), (1, 1), (0, 0),
                      np.asarray(switches, dtype=np.int64)[None, None], np.dtype(np.float64), (1, 1) + dout.shape)
    return maxpool2d_backward(dout[None, None], cache)[0, 0]


# -- wrong ways, forward (numpy only) ---------------------------------------------------------------

def _windows(x, size, stride, start_step=None, extra=1):
    """(i, j, top, left, window) of every pooling window; start_step replaces the stride in the starts."""
    x = np.asarray(x, dtype=np.float64)
    h, w = x.shape
    oh, ow = (h - size) // stride + extra, (w - size) // stride + extra
    step = stride if start_step is None else start_step
    for i in range(oh):
        for j in range(ow):
            window = x[i * step:i * step + size, j * step:j * step + size]
            yield i, j, i * step, j * step, window, (oh, ow), w


def _pool(x, size, stride, pick, start_step=None, extra=1):
    """Max pooling where pick(window) -> (value, row in window, col in window)."""
    out = switches = None
    for i, j, top, left, window, shape, w in _windows(x, size, stride, start_step, extra):
        if out is None:
            out, switches = np.zeros(shape), np.zeros(shape, dtype=np.int64)
        value, r, c = pick(window)
        out[i, j], switches[i, j] = value, (top + r) * w + (left + c)
    return out, switches


def _first_max(window):
    r, c = np.unravel_index(np.argmax(window), window.shape)
    return window[r, c], r, c


def last_tied_max_wins(x, size, stride):
    def pick(window):
        k = np.flatnonzero(window.ravel() == window.max())[-1]
        r, c = np.unravel_index(k, window.shape)
        return window[r, c], r, c
    return _pool(x, size, stride, pick)


def scanned_column_by_column(x, size, stride):
    def pick(window):
        c, r = np.unravel_index(np.argmax(window.T), window.T.shape)
        return window[r, c], r, c
    return _pool(x, size, stride, pick)


def average_instead_of_max(x, size, stride):
    def pick(window):
        _, r, c = _first_max(window)
        return window.mean(), r, c
    return _pool(x, size, stride, pick)


def switch_is_index_in_window(x, size, stride):
    out, _ = _pool(x, size, stride, _first_max)
    switches = np.zeros(out.shape, dtype=np.int64)
    for i, j, _, _, window, _, _ in _windows(x, size, stride):
        switches[i, j] = np.argmax(window)
    return out, switches


def max_starts_at_zero(x, size, stride):
    def pick(window):
        best, r, c = 0.0, 0, 0
        for u in range(window.shape[0]):
            for v in range(window.shape[1]):
                if window[u, v] > best:
                    best, r, c = window[u, v], u, v
        return best, r, c
    return _pool(x, size, stride, pick)


def windows_step_by_size(x, size, stride):
    return _pool(x, size, stride, _first_max, start_step=size)


def output_size_one_short(x, size, stride):
    return _pool(x, size, stride, _first_max, extra=0)


FORWARD_MISTAKES = [
    Mistake("average_instead_of_max", "out holds the windows' means: max pooling keeps each window's largest value",
            average_instead_of_max),
    Mistake("last_tied_max_wins", "on a tie the switch must be the FIRST maximum in scan order (row by row), "
            "not the last: compare with > rather than >=", last_tied_max_wins),
    Mistake("scanned_column_by_column", "on a tie your switch is the first maximum going down the columns; scan "
            "row by row (np.argmax of the window does)", scanned_column_by_column),
    Mistake("switch_is_index_in_window", "the switch is the flat index in the whole map x (row * W + col, with the "
            "window's top-left corner added), not the index inside the window", switch_is_index_in_window),
    Mistake("max_starts_at_zero", "with all-negative windows your max is 0: start the running max at the window's "
            "first value (or -inf), not at 0", max_starts_at_zero),
    Mistake("windows_step_by_size", "window (i, j) starts at row i * stride, column j * stride: the stride, not the "
            "window size, sets the step", windows_step_by_size),
    Mistake("output_size_one_short", "the number of windows along an axis is floor((n − size) / stride) + 1",
            output_size_one_short),
]


# -- wrong ways, backward ------------------------------------------------------------------------

def overlapping_gradients_overwritten(dout, switches, x_shape):
    dx = np.zeros(x_shape)
    for (i, j), s in np.ndenumerate(switches):
        dx[divmod(int(s), x_shape[1])] = dout[i, j]
    return dx


def ones_instead_of_dout(dout, switches, x_shape):
    dx = np.zeros(x_shape)
    for s in np.ravel(switches):
        dx[divmod(int(s), x_shape[1])] += 1.0
    return dx


def dout_upsampled_not_routed(dout, switches, x_shape):
    """Each dout copied into a block of x (nearest-neighbour upsampling), ignoring the switches."""
    dout = np.asarray(dout, dtype=np.float64)
    dx = np.zeros(x_shape)
    bh, bw = x_shape[0] // dout.shape[0], x_shape[1] // dout.shape[1]
    dx[:bh * dout.shape[0], :bw * dout.shape[1]] = np.kron(dout, np.ones((bh, bw)))
    return dx


BACKWARD_MISTAKES = [
    Mistake("overlapping_gradients_overwritten", "a cell that wins several (overlapping) windows gets the SUM of "
            "their gradients: add with +=, do not assign", overlapping_gradients_overwritten),
    Mistake("ones_instead_of_dout", "each switch receives that output's gradient dout[i, j], not 1",
            ones_instead_of_dout),
    Mistake("dout_upsampled_not_routed", "each gradient goes to one cell only, its switch; the other cells of the "
            "window get 0", dout_upsampled_not_routed),
]


# -- cases ---------------------------------------------------------------------------------------

def _maps():
    """(label, x, size, stride) shared by both exercises."""
    rng = np.random.default_rng(15)
    winner = rng.normal(0, 1, (7, 7))
    winner[2, 2] = 10.0                        # wins all four 3×3/2 windows that contain it
    return [
        ("random 6×6 map, size 2, stride 2", rng.normal(0, 1, (6, 6)), 2, 2),
        ("random 7×7 map, size 3, stride 2 (overlapping windows)", rng.normal(0, 1, (7, 7)), 3, 2),
        ("7×7 map whose cell (2, 2) wins four overlapping windows, size 3, stride 2", winner, 3, 2),
        ("random 5×9 map (non-square), size 2, stride 3 (stride > size: some cells in no window; the last "
         "column fits no window)", rng.normal(0, 1, (5, 9)), 2, 3),
        ("random 9×4 map (non-square), size 3, stride 1", rng.normal(0, 1, (9, 4)), 3, 1),
        ("ties: integers 0–3 on a 7×6 map, size 2, stride 2 (the last row fits no window)",
         rng.integers(0, 4, (7, 6)).astype(np.float64), 2, 2),
        ("ties: integers 0–2 on a 7×5 map, size 3, stride 2", rng.integers(0, 3, (7, 5)).astype(np.float64), 3, 2),
        ("all cells equal (every window a tie), 4×4 map, size 2, stride 1", np.full((4, 4), 0.5), 2, 1),
        ("all values negative, 7×6 map, size 3, stride 3", -rng.uniform(1, 5, (7, 6)), 3, 3),
    ]


def _forward_cases():
    return [Case(f"x: {label}", (x, size, stride)) for label, x, size, stride in _maps()]


def _backward_cases():
    rng = np.random.default_rng(150)
    cases = []
    for label, x, size, stride in _maps():
        if "negative" in label:
            continue
        _, switches = reference_forward(x, size, stride)
        dout = rng.normal(0, 1, switches.shape)
        cases.append(Case(f"switches of max pooling a {label}; dout random {dout.shape}",
                          (dout, switches, x.shape)))
    return cases


maxpool_forward_exercise = Exercise(
    "maxpool_forward", reference_forward, _forward_cases, FORWARD_MISTAKES,
    hint="out[i, j] = max of x[i*stride : i*stride + size, j*stride : j*stride + size]; the switch is the flat "
         "index row * W + col of that max in x (the first one, row by row, on a tie)")

maxpool_backward_exercise = Exercise(
    "maxpool_backward", reference_backward, _backward_cases, BACKWARD_MISTAKES,
    hint="dx starts at zeros of x_shape; every dout[i, j] is added to the cell whose flat index is switches[i, j] "
         "(row = s // W, col = s % W)")


# -- short questions -----------------------------------------------------------------------------

q1 = Question(
    answer=int(maxpool2d_forward(np.zeros((1, 1, 56, 56)), 3, 2)[0].shape[-1]),
    how="floor((56 − 3) / 2) + 1 = 27",
    hint="the output size is floor((n − k) / s) + 1",
    wrong={pool_output_size(56, 3, 2, ceil_mode=True): "you rounded (56 − 3) / 2 up, or took 56 / 2: the default "
                                                       "floor rule rounds down",
           56 - 3 + 1: "you forgot the stride: that is stride 1",
           26: "you forgot the + 1"})

_tie = maxpool2d_forward(np.array([[[[1.0, 7.0], [7.0, 2.0]]]]), 2)[1].switches
q2 = Question(
    answer=int(_tie.item()),
    how="the first maximum in scan order (row by row): (0, 1), flat index 0 * 2 + 1 = 1",
    hint="scan the window row by row; the first cell holding the maximum wins",
    wrong={2: "(1, 0) is the maximum scanned column by column, or the last one row by row",
           3: "(1, 1) holds 2, not the maximum", 0: "(0, 0) holds 1, not the maximum"})

_, _c7 = avgpool2d_forward(np.zeros((1, 1, 7, 7)), 3, 2)
q3 = Question(
    answer=int(round(float(avgpool2d_backward(np.ones((1, 1, 3, 3)), _c7)[0, 0, 2, 3] * 9))),
    how="windows cover rows 0–2, 2–4, 4–6: row 2 is in two of them; column 3 only in 2–4: 2 × 1 = 2",
    hint="windows start at 0, 2, 4 along each axis and are 3 cells long: count the row windows holding row 2 "
         "and the column windows holding column 3, then multiply",
    wrong={4: "column 3 lies in one window only (columns 2–4); it is the even rows and columns that lie in two",
           9: "that is the window's size, not the number of windows",
           3: "the row and column counts multiply (2 × 1), they do not add"})
