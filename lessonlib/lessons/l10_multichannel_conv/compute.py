"""Lesson 10's computation: hand-made colour filters, each filter's per-channel responses, and
the frames of the multichannel explorer (one filter, one channel, one output unit)."""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ..._validate import positive_int
from ...kernels.conv import conv2d_forward
from ...threads import limit_threads


def colour_filters(size: int = 5):
    """Three hand-made size x size x 3 filters for lesson 10 and their names and biases:
    vertical edges and horizontal edges (the same derivative kernel on R, G and B, so they see
    brightness), and a colour-opponent blob (+red, -blue). Returns (w (3, 3, k, k), b (3,), names)."""
    size = positive_int(size, "size")
    t = np.linspace(-1, 1, size)
    blob = np.exp(-2 * t ** 2)
    edge_x = np.outer(blob, t)                    # derivative along the width, smoothed along the height
    edge_x /= np.abs(edge_x).sum()
    bump = np.outer(blob, blob)
    bump /= bump.sum()
    w = np.zeros((3, 3, size, size))
    w[0] = edge_x / 3 * 4
    w[1] = edge_x.T / 3 * 4
    w[2, 0], w[2, 2] = bump, -bump
    return w, np.array([0.1, -0.1, 0.05]), ("vertical edges", "horizontal edges", "red minus blue")


def filter_bank(size: int = 5):
    """Five filters for the explorer's filter-count control: the three `colour_filters`, then
    green minus red (the other colour opponent) and a brightness blur (the same bump on R, G, B).
    Returns (w (5, 3, k, k), b (5,), names)."""
    w3, b3, names3 = colour_filters(size)
    t = np.linspace(-1, 1, size)
    bump = np.outer(np.exp(-2 * t ** 2), np.exp(-2 * t ** 2))
    bump /= bump.sum()
    extra = np.zeros((2, 3, size, size))
    extra[0, 1], extra[0, 0] = bump, -bump
    extra[1] = bump / 3
    return (np.concatenate([w3, extra]), np.concatenate([b3, [0.0, -0.5]]),
            names3 + ("green minus red", "brightness blur"))


def two_filter_example(seed: int = 0):
    """The worked case: a 7×7×3 input of small integers (0..2) and two 3×3×3 filters of -1, 0, 1
    with biases 1 and 0, seeded. Returns x (3, 7, 7), w (2, 3, 3, 3), b (2,)."""
    rng = np.random.default_rng(seed)
    return (rng.integers(0, 3, (3, 7, 7)).astype(float), rng.integers(-1, 2, (2, 3, 3, 3)).astype(float),
            np.array([1.0, 0.0]))


def every_sum(x, w, b, stride=1, padding=0) -> list[str]:
    """One line per output value out[f, i, j], channels first: each channel's window sum
    Σ w[f, c] · window (by numpy, not by the layer), their total and the bias, e.g.
    'out[0,0,0] = R 2 + G -1 + B 3 + b 1 = 5'. x: (C, H, W); w: (F, C, K, K); b: (F,)."""
    x, w, b = np.asarray(x, float), np.asarray(w, float), np.asarray(b, float)
    xp = np.pad(x, ((0, 0), (padding, padding), (padding, padding)))
    n_filt, n_chan, k = w.shape[0], w.shape[1], w.shape[2]
    oh = (xp.shape[1] - k) // stride + 1
    ow = (xp.shape[2] - w.shape[3]) // stride + 1
    names = ("R", "G", "B") if n_chan == 3 else tuple(f"c{c}" for c in range(n_chan))
    fmt = lambda v: f"{v:g}"
    lines = []
    for f in range(n_filt):
        for i in range(oh):
            for j in range(ow):
                win = xp[:, i * stride:i * stride + k, j * stride:j * stride + w.shape[3]]
                per = (win * w[f]).sum(axis=(1, 2))
                terms = " + ".join(f"{names[c]} {fmt(per[c])}" for c in range(n_chan))
                lines.append(f"out[{f},{i},{j}] = {terms} + b {fmt(b[f])} = {fmt(per.sum() + b[f])}")
    return lines


def channel_responses(x, w, padding=0, stride=1) -> np.ndarray:
    """Per-channel responses of each filter: r[f, c] = x[c] ⊗ w[f, c], before the sum over channels.

    x: (C, H, W); w: (F, C, KH, KW) -> (F, C, OH, OW). The layer's output is
    r.sum(axis=1) + b[:, None, None]. One grouped convolution (groups = C) computes all of them.
    """
    x = np.asarray(x)
    w = np.asarray(w)
    if x.ndim != 3 or w.ndim != 4 or w.shape[1] != x.shape[0]:
        raise ValueError(f"need x (C, H, W) and w (F, C, KH, KW) with matching C, got {x.shape} and {w.shape}")
    n_filt, n_chan = w.shape[:2]
    # group c gets the F kernels w[:, c]: rows c*F .. c*F + F - 1 of the grouped weight
    wg = np.ascontiguousarray(w.transpose(1, 0, 2, 3).reshape(n_chan * n_filt, 1, *w.shape[2:]))
    with limit_threads(1):
        out, _ = conv2d_forward(x[None], wg, padding=padding, stride=stride, groups=n_chan)
    return out[0].reshape(n_chan, n_filt, *out.shape[2:]).transpose(1, 0, 2, 3)


class MultichannelLayer(NamedTuple):
    """What the explorer shows, computed once (no slider changes it).

    image: (H, W, C) in [0, 1]; x_pad: (C, H + 2p, W + 2p) the input, channels first, zero-padded;
    w: (F, C, K, K); b: (F,); responses: (F, C, OH, OW) from `channel_responses`;
    out: (F, OH, OW) = responses summed over channels + bias.
    """

    image: np.ndarray
    x_pad: np.ndarray
    w: np.ndarray
    b: np.ndarray
    responses: np.ndarray
    out: np.ndarray


def multichannel_layer(image, w, b, padding=2) -> MultichannelLayer:
    """The layer of filters w (F, C, K, K) and biases b (F,) on image (H, W, C), stride 1."""
    x = np.ascontiguousarray(np.asarray(image).transpose(2, 0, 1))
    w, b = np.asarray(w), np.asarray(b)
    r = channel_responses(x, w, padding=padding)
    out = r.sum(axis=1) + b[:, None, None]
    x_pad = np.pad(x, ((0, 0), (padding, padding), (padding, padding)))
    return MultichannelLayer(np.asarray(image), x_pad, w, b, r, out)


class MultichannelFrame(NamedTuple):
    """One frame of the multichannel explorer: filter f, channel c highlighted, output unit (i, j).

    image: (H, W, C); x_pad: (C, Hp, Wp) (the same arrays every frame); n_filters: F, the filters
    in use (the output depth); out_shape: (OH, OW, F), the output volume, H × W × depth;
    weights: (C, K, K) filter f's slices; responses: (C, OH, OW) its per-channel responses;
    out: (OH, OW) output depth slice f; terms: (C,) responses at (i, j); bias: b[f];
    total: terms.sum() + bias = out[i, j];
    lim_w, lim_r, lim_o: largest |value| of weights, responses and out (symmetric colour scales).
    """

    image: np.ndarray
    x_pad: np.ndarray
    n_filters: int
    out_shape: tuple
    f: int
    c: int
    i: int
    j: int
    weights: np.ndarray
    responses: np.ndarray
    out: np.ndarray
    terms: np.ndarray
    bias: float
    total: float
    lim_w: float
    lim_r: float
    lim_o: float


def multichannel_frame(layer: MultichannelLayer, f=0, c=0, i=0, j=0, n_filters=None) -> MultichannelFrame:
    """What the explorer shows for filter f, channel c and output unit (i, j) of `layer` when only
    its first `n_filters` filters are used (default: all); the output depth is n_filters."""
    n = layer.w.shape[0] if n_filters is None else positive_int(n_filters, "n_filters")
    if n > layer.w.shape[0] or f >= n:
        raise ValueError(f"need f < n_filters <= {layer.w.shape[0]}, got f={f}, n_filters={n}")
    terms = layer.responses[f, :, i, j]
    bias = float(layer.b[f])
    return MultichannelFrame(layer.image, layer.x_pad, n, (*layer.out.shape[1:], n), f, c, i, j, layer.w[f],
                             layer.responses[f], layer.out[f], terms, bias, float(terms.sum()) + bias,
                             float(np.abs(layer.w[f]).max()) or 1.0, float(np.abs(layer.responses[f]).max()) or 1.0,
                             float(np.abs(layer.out[f]).max()) or 1.0)
