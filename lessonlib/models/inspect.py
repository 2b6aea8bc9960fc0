"""Looking inside a trained Sequential CNN: feature maps, one unit's receptive field and
input gradient, the most confident mistakes, accuracy under shifts and rotations.

Everything here computes; lessonlib.render.inside_cnn only draws the results.
"""
from __future__ import annotations

from typing import Callable, NamedTuple

import numpy as np

from ..arithmetic import ReceptiveField, receptive_field
from ..nn import Activation, Conv2D, Flatten, softmax
from ..nn.layers import _Pool
from ..threads import limit_threads
from ..nn.train import accuracy
from .transforms import rotate_images, shift_images


class LayerOutput(NamedTuple):
    index: int          # position in model.layers
    name: str           # e.g. "1 conv 16@5×5 + ReLU"
    maps: np.ndarray    # (C, H, W) for a spatial layer, (K,) for a flat one


def layer_names(model) -> list[str]:
    """Short readable names, numbered by conv block: 'conv1', 'relu1', 'pool1', 'conv2', ..., 'dense'."""
    names, block = [], 0
    for layer in model.layers:
        if isinstance(layer, Conv2D):
            block += 1
            names.append(f"conv{block} ({layer.out_channels}@{layer.kernel_size[0]}×{layer.kernel_size[1]})")
        elif isinstance(layer, Activation):
            names.append(f"{layer.name}{block}")
        elif isinstance(layer, _Pool):
            names.append(f"pool{block}")
        elif isinstance(layer, Flatten):
            names.append("flatten")
        else:
            names.append(type(layer).__name__.lower())
    return names


def feature_maps(model, x) -> list[LayerOutput]:
    """Every layer's output for ONE input x: (C, H, W) (e.g. (1, 28, 28)). Runs model.forward's layers in order."""
    x = np.asarray(x)
    if x.ndim != 3:
        raise ValueError(f"x must be one input (C, H, W), got shape {x.shape}")
    out, a = [], x[None]
    for i, (layer, name) in enumerate(zip(model.layers, layer_names(model))):
        a = layer.forward(a)
        out.append(LayerOutput(i, name, a[0]))
    return out


def _axis_spec(layer, axis):
    """(kernel, stride, dilation, padding) of one layer along axis 0 (rows) or 1 (cols)."""
    pick = lambda v: v if np.isscalar(v) else v[axis]  # noqa: E731  int or (h, w) pair
    if isinstance(layer, Conv2D):
        s = layer.settings
        return (layer.kernel_size[axis], pick(s["stride"]), pick(s["dilation"]), pick(s["padding"]))
    if isinstance(layer, _Pool):
        s = layer.settings
        k = pick(s["kernel_size"])
        return (k, k if s["stride"] is None else pick(s["stride"]), 1, pick(s["padding"]))
    return (1, 1, 1, 0)    # elementwise layers change nothing


def spatial_layers(model) -> list[int]:
    """Indices of the layers whose outputs still have rows and columns (before Flatten)."""
    idx = []
    for i, layer in enumerate(model.layers):
        if isinstance(layer, Flatten):
            break
        idx.append(i)
    return idx


def receptive_fields(model) -> dict[int, tuple[ReceptiveField, ReceptiveField]]:
    """{layer index: (field along rows, field along cols)} via lessonlib.receptive_field."""
    idx = spatial_layers(model)
    rows = receptive_field([_axis_spec(model.layers[i], 0) for i in idx])
    cols = receptive_field([_axis_spec(model.layers[i], 1) for i in idx])
    return {i: (r, c) for i, r, c in zip(idx, rows, cols)}


class Box(NamedTuple):
    """Input rows top..bottom and columns left..right (inclusive) that one unit sees."""

    top: int
    bottom: int
    left: int
    right: int

    def clipped(self, height, width) -> "Box":
        return Box(max(self.top, 0), min(self.bottom, height - 1), max(self.left, 0), min(self.right, width - 1))


def receptive_field_box(model, layer_index, row, col) -> Box:
    """The input box seen by unit (row, col) of layer layer_index (may reach into the padding)."""
    fields = receptive_fields(model)
    if layer_index not in fields:
        raise ValueError(f"layer_index must be one of the spatial layers {sorted(fields)}, got {layer_index}")
    fr, fc = fields[layer_index]
    cy, cx = fr.start + row * fr.jump, fc.start + col * fc.jump   # centre of the unit on the input
    return Box(int(round(cy - (fr.size - 1) / 2)), int(round(cy + (fr.size - 1) / 2)),
               int(round(cx - (fc.size - 1) / 2)), int(round(cx + (fc.size - 1) / 2)))


def unit_input_gradient(model, x, layer_index, channel, row, col) -> np.ndarray:
    """d(unit)/d(input) for unit (channel, row, col) of layer layer_index, by the model's own backward.

    x: one input (C, H, W). Runs the forward pass up to that layer, seeds its output gradient with
    a single 1, and backpropagates through the layers below. Returns (C, H, W): nonzero only inside
    the unit's receptive field (and, through ReLUs and max-pool switches, only where it is active).
    """
    x = np.asarray(x)
    if x.ndim != 3:
        raise ValueError(f"x must be one input (C, H, W), got shape {x.shape}")
    if layer_index not in spatial_layers(model):
        raise ValueError(f"layer_index must be one of the spatial layers {spatial_layers(model)}, got {layer_index}")
    a = x[None]
    for layer in model.layers[:layer_index + 1]:
        a = layer.forward(a)
    _, n_chan, h, w = a.shape
    for name, value, limit in (("channel", channel, n_chan), ("row", row, h), ("col", col, w)):
        if not 0 <= value < limit:
            raise ValueError(f"{name} must be in 0..{limit - 1} for layer {layer_index} of output shape {a.shape[1:]}, got {value}")
    d = np.zeros_like(a)
    d[0, channel, row, col] = 1
    for layer in reversed(model.layers[:layer_index + 1]):
        d = layer.backward(d)
    return d[0]


class Mistakes(NamedTuple):
    """The wrong predictions the model was surest of, most confident first."""

    index: np.ndarray        # positions in the evaluated set
    label: np.ndarray
    predicted: np.ndarray
    confidence: np.ndarray   # softmax probability of the (wrong) predicted class
    p_label: np.ndarray      # probability the model gave the right class


def confident_mistakes(scores, labels, k=12) -> Mistakes:
    """scores: (N, K); labels: (N,) -> the k mistakes with the highest predicted probability."""
    p = softmax(np.asarray(scores, dtype=np.float64))
    labels = np.asarray(labels)
    pred = p.argmax(axis=1)
    wrong = np.flatnonzero(pred != labels)
    order = wrong[np.argsort(-p[wrong, pred[wrong]], kind="stable")][:k]
    return Mistakes(order, labels[order], pred[order], p[order, pred[order]], p[order, labels[order]])


def predict_scores(model, x, batch_size=500) -> np.ndarray:
    """model.predict(x) with one Numba and one BLAS thread: on a small shared machine the two
    thread pools slow each other down (see lessonlib.threads.limit_threads), and batches of
    500 digits keep one core busy enough."""
    with limit_threads(1):
        return model.predict(x, batch_size)


def accuracy_under(model, x, y, transform: Callable, values) -> np.ndarray:
    """Accuracy of model on transform(x, v) for every v in values; x: (N, C, H, W)."""
    return np.array([accuracy(predict_scores(model, transform(x, v)), y) for v in values])


def shift_accuracy(model, x, y, shifts) -> np.ndarray:
    """Accuracy when every digit is moved `s` pixels, averaged over the 4 directions (right, left, down, up)."""
    moves = lambda s: ((0, s), (0, -s), (s, 0), (-s, 0)) if s else ((0, 0),)  # noqa: E731
    return np.array([np.mean(accuracy_under(model, x, y, lambda a, m: shift_images(a, *m), moves(s)))
                     for s in shifts])


def rotation_accuracy(model, x, y, angles) -> np.ndarray:
    """Accuracy when every digit is rotated by ±angle degrees, averaged over both senses."""
    return np.array([np.mean(accuracy_under(model, x, y, rotate_images, (a, -a) if a else (0,))) for a in angles])


def score_margin(scores) -> float:
    """Smallest gap between the best and second-best score over all rows: how far the
    evaluation is from a float rounding flipping any prediction."""
    top2 = np.sort(np.asarray(scores), axis=1)[:, -2:]
    return float(np.min(top2[:, 1] - top2[:, 0]))


class ShiftResponse(NamedTuple):
    """How one layer's output answers a shift of the input by dx pixels to the right.

    equivariance: max |L(shift x) − shift L(x)| / max |L(x)|, the map moved by dx / jump units
        (NaN when dx is not a multiple of the layer's jump: then no whole-unit move exists);
    change: max |L(shift x) − L(x)| / max |L(x)|, 0 would be perfect invariance.
    """

    layer: str
    dx: int
    jump: int
    equivariance: float
    change: float


def shift_response(model, x, layer_index, dx) -> ShiftResponse:
    """Compare layer layer_index's output for x and for x moved dx pixels right; x: one input (C, H, W).

    Columns the moved map fills with zeros (its first dx / jump) are left out of the comparison.
    """
    if layer_index not in spatial_layers(model):
        raise ValueError(f"layer_index must be one of the spatial layers {spatial_layers(model)}, got {layer_index}")
    jump = receptive_fields(model)[layer_index][1].jump
    before = feature_maps(model, x)[layer_index]
    after = feature_maps(model, shift_images(np.asarray(x)[None], 0, dx)[0])[layer_index].maps
    scale = float(np.abs(before.maps).max()) or 1.0
    change = float(np.abs(after - before.maps).max()) / scale
    if dx % jump:
        return ShiftResponse(before.name, dx, jump, float("nan"), change)
    k = dx // jump
    moved = shift_images(before.maps[None], 0, k)[0]
    equivariance = float(np.abs(after[..., k:] - moved[..., k:]).max()) / scale
    return ShiftResponse(before.name, dx, jump, equivariance, change)
