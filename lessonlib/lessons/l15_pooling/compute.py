"""Lesson 15's computation: one pooling step on a small map (output, switches, gradient, windows),
and the invariance measurements: to small shifts (pooling over space) and to rotation (pooling over
detectors tuned to rotated versions of a digit, Goodfellow et al. figure 9.9)."""
from __future__ import annotations

from typing import Callable, NamedTuple

import numpy as np

from ...arithmetic import conv_connections, conv_output_size, pool_output_size
from ...kernels.pooling import avgpool2d_backward, avgpool2d_forward, maxpool2d_backward, maxpool2d_forward
from ...models import shift_images
from ...threads import limit_threads


class PoolingFrame(NamedTuple):
    """One pooling of a small map x and the gradient of the sum of its outputs.

    x: (H, W) input; out: (oh, ow) pooled output; dx: (H, W) d(sum of outputs)/dx;
    switches: (oh * ow, 2) (row, col) of the input cell each output's gradient goes to, row by row
    (max pooling; (0, 2) for avg); windows: (n, 4) (top, left, height, width) of the first two windows
    of the top row, those that exist (the second only when ow > 1), clipped to the input;
    floor_shape, ceil_shape: (oh, ow) of this pooling with the floor rule and with ceil_mode
    (arithmetic.pool_output_size), whichever of the two is drawn: where they are equal, ceil_mode
    changes nothing.
    """

    x: np.ndarray
    out: np.ndarray
    dx: np.ndarray
    switches: np.ndarray
    windows: np.ndarray
    kernel: int
    stride: int
    mode: str
    ceil_mode: bool
    floor_shape: tuple
    ceil_shape: tuple


def ceil_mode_effect(n, kernel, stride) -> str:
    """What ceil_mode does to a pooling of `kernel`, stride `stride` along an axis of n cells, in one
    line with the numbers computed (arithmetic.pool_output_size): the sizes it gives, or why it
    changes nothing."""
    floor, ceil = (pool_output_size(n, kernel, stride, ceil_mode=mode) for mode in (False, True))
    if ceil != floor:
        start = floor * stride                                 # the extra window: cells start .. n - 1
        cells = f"cell {start} gets" if start == n - 1 else f"cells {start}–{n - 1} get"
        return (f"ceil_mode: {ceil} windows per row instead of {floor}, since ({n} − {kernel})/{stride} = "
                f"{(n - kernel) / stride:.3g} is not whole: {cells} a smaller window")
    if (n - kernel) % stride == 0:
        return f"ceil_mode changes nothing here: ({n} − {kernel})/{stride} = {(n - kernel) // stride} is whole, no cell is left over"
    return (f"ceil_mode changes nothing here: one more window would start at cell {floor * stride}, "
            f"past the last cell {n - 1}")


def pooling_frame(x, kernel=2, stride=2, mode="max", ceil_mode=False) -> PoolingFrame:
    """Pool the map x (H, W) with a kernel x kernel window ("max" or "avg") and backpropagate ones."""
    if mode not in ("max", "avg"):
        raise ValueError(f"mode must be 'max' or 'avg', got {mode!r}")
    x = np.ascontiguousarray(x, dtype=np.float64)
    forward, backward = ((maxpool2d_forward, maxpool2d_backward) if mode == "max"
                         else (avgpool2d_forward, avgpool2d_backward))
    with limit_threads(1):                 # one small map: a second thread only adds wake-up time
        out, cache = forward(x[None, None], kernel, stride, ceil_mode=ceil_mode)
        dx = backward(np.ones_like(out), cache)[0, 0]
    out = out[0, 0]
    h, w = x.shape
    ow = out.shape[1]
    switches = (np.stack(np.unravel_index(cache.switches[0, 0].ravel(), (h, w)), axis=1) if mode == "max"
                else np.zeros((0, 2), dtype=np.intp))
    windows = np.array([(i * stride, j * stride, min(kernel, h - i * stride), min(kernel, w - j * stride))
                        for i, j in [(0, 0), (0, 1)] if j < ow]).reshape(-1, 4)
    shapes = [tuple(pool_output_size(n, kernel, stride, ceil_mode=c) for n in (h, w)) for c in (False, True)]
    return PoolingFrame(x, out, dx, switches, windows, int(kernel), int(stride), mode, bool(ceil_mode), *shapes)


def relative_change(reference, moved) -> float:
    """Mean over samples of ||moved - reference|| / ||reference||; arrays (N, ...)."""
    diff = (moved - reference).reshape(len(reference), -1)
    ref = reference.reshape(len(reference), -1)
    norms = np.linalg.norm(ref, axis=1)
    keep = norms > 0
    return float(np.mean(np.linalg.norm(diff[keep], axis=1) / norms[keep]))


def shift_sensitivity(features: Callable, images, shifts=(0, 1, 2, 3), poolings: dict | None = None) -> dict:
    """How much each representation changes when the input moves by s pixels.

    features(images (N, H, W)) -> maps (N, C, H', W'); poolings: name -> function of the maps
    (None for the maps themselves). Each shift is applied in four directions (right, left,
    down, up) and the relative changes averaged. Returns name -> array (len(shifts),).
    """
    poolings = {"unpooled": None} if poolings is None else poolings
    images = np.asarray(images)
    base = features(images)
    base_out = {name: base if pool is None else pool(base) for name, pool in poolings.items()}
    result = {name: np.zeros(len(shifts)) for name in poolings}
    for i, s in enumerate(shifts):
        if s == 0:
            continue
        for dy, dx in ((0, s), (0, -s), (s, 0), (-s, 0)):
            moved = features(shift_images(images, dy, dx))
            for name, pool in poolings.items():
                out = moved if pool is None else pool(moved)
                result[name][i] += relative_change(base_out[name], out) / 4
    return result


def normalised(templates) -> np.ndarray:
    """Each template (K, H, W) shifted to mean 0 and scaled to norm 1: a detector whose
    response to an image of norm 1 is a correlation coefficient-like number in [-1, 1]."""
    t = np.asarray(templates, dtype=np.float64)
    t = t - t.mean(axis=(1, 2), keepdims=True)
    return t / np.linalg.norm(t.reshape(len(t), -1), axis=1)[:, None, None]


def detector_responses(templates, images) -> np.ndarray:
    """Detector units of figure 9.9: ReLU of the correlation of every (normalised) image with every
    normalised template. images (M, H, W), templates (K, H, W) -> (M, K) in [0, 1]."""
    t = normalised(templates).reshape(len(templates), -1)
    x = normalised(images).reshape(len(images), -1)
    return np.maximum(x @ t.T, 0.0)


class NextLayerCost(NamedTuple):
    """What the layer after a (c, n, n) map costs, fed the map as it is or pooled first.

    in_shape, out_shape: (channels, height, width) the next conv reads and writes; multiplies: that conv's
    multiply-adds per image (one per input-output connection, arithmetic.conv_connections);
    pool_comparisons: what the pooling itself costs (k*k - 1 comparisons per pooled value, 0 unpooled).
    """

    pooled: bool
    in_shape: tuple
    out_shape: tuple
    multiplies: int
    pool_comparisons: int


def next_layer_cost(n=28, channels=16, out_channels=32, kernel=3, padding=1, pool=2, pool_stride=None) -> list:
    """The next layer's cost without and with pooling (pool x pool, stride pool_stride or pool) on a
    (channels, n, n) map: a kernel x kernel conv channels -> out_channels with the given padding.
    Returns [NextLayerCost unpooled, NextLayerCost pooled]; sizes by lessonlib.arithmetic."""
    pool_stride = pool if pool_stride is None else pool_stride
    rows = []
    for pooled in (False, True):
        m = pool_output_size(n, pool, pool_stride) if pooled else n
        o = conv_output_size(m, kernel, 1, padding)
        rows.append(NextLayerCost(pooled, (channels, m, m), (out_channels, o, o),
                                  conv_connections(channels, out_channels, kernel, (o, o)),
                                  channels * m * m * (pool * pool - 1) if pooled else 0))
    return rows
