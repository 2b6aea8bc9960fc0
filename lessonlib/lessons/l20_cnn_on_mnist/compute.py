"""Lesson 20's computation: the two explorers' frames (one layer's maps of one digit; one unit's
receptive field and input gradient), the held-out scores, the most confident mistakes, accuracy under
shifts and rotations, how each layer answers a shift, and the receptive-field check over every unit
of a layer; the three stored variants (no augmentation, no max-pooling, neither) that separate built-in
from learned shift tolerance, the end-of-epoch training accuracy, and lesson 06's MLP on the same split.
(Feature maps, receptive fields and unit gradients of any model are in lessonlib.models.)"""
from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Callable, NamedTuple

import numpy as np

from ...data import bundled_split
from ...data.mnist_style import mnist_style
from ...models import (Box, build_lenet, feature_maps, receptive_field_box, receptive_fields, spatial_layers,
                       to_input, train_lenet, unit_input_gradient)
from ...models.lenet import Recipe, cosine_schedule
from ...models.transforms import random_shifts, rotate_images, shift_images
from ...nn import (Adam, MaxPool2D, Sequential, Standardiser, fit, flatten_images, mlp, softmax,
                   softmax_cross_entropy)
from ...nn.train import accuracy
from ...threads import limit_threads


def predict_scores(model, x, batch_size=500) -> np.ndarray:
    """model.predict(x) with one Numba and one BLAS thread: on a small shared machine the two
    thread pools slow each other down (see lessonlib.threads.limit_threads), and batches of
    500 digits keep one core busy enough."""
    with limit_threads(1):
        return model.predict(x, batch_size)


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


class BoxCheck(NamedTuple):
    """The receptive-field box checked by backprop over every unit of one layer, for one input.

    units: how many units the layer has (maps × rows × cols); active: how many of them have a
    nonzero input gradient (a unit behind a closed ReLU or a losing max-pool input has none);
    outside: input pixels, summed over all units, whose gradient is nonzero outside the unit's box.
    """

    units: int
    active: int
    outside: int


def gradients_outside_the_box(model, x, layer_index) -> BoxCheck:
    """For every unit of layer layer_index, backpropagate a single 1 to the input x (C, H, W) and
    count the input pixels with a nonzero gradient outside the unit's closed-form box."""
    n_maps, rows, cols = feature_maps(model, x)[layer_index].maps.shape
    height, width = np.asarray(x).shape[1:]
    outside = active = 0
    with limit_threads(1):
        for ch in range(n_maps):
            for row in range(rows):
                for col in range(cols):
                    g = unit_input_gradient(model, x, layer_index, ch, row, col)[0]
                    t, b, l, r = receptive_field_box(model, layer_index, row, col).clipped(height, width)
                    inside = np.zeros_like(g, dtype=bool)
                    inside[t:b + 1, l:r + 1] = True
                    outside += int(np.count_nonzero(g[~inside]))
                    active += bool(g.any())
    return BoxCheck(n_maps * rows * cols, active, outside)


# --- the explorers' frames ----------------------------------------------------------------------


def _check_index(name, value, n, what):
    if not (isinstance(value, (int, np.integer)) and 0 <= value < n):
        raise ValueError(f"{name} must be an int in 0..{n - 1} ({what}), got {value!r}")


class LayerMapsFrame(NamedTuple):
    """One digit seen by one layer. image: (H, W); maps: (C, h, w) every map of the layer; channel: the
    chosen map; layer: its name; probs: (10,) softmax of the scores; label: the true class;
    predicted: argmax of probs; lo, hi: the colour scale shared by every map of the layer (hi > lo)."""

    image: np.ndarray
    maps: np.ndarray
    channel: int
    layer: str
    probs: np.ndarray
    label: int
    predicted: int
    lo: float
    hi: float


def layer_maps_frame(image, maps, channel, layer, probs, label) -> LayerMapsFrame:
    maps = np.asarray(maps)
    if maps.ndim != 3:
        raise ValueError(f"maps must be one layer's output (C, h, w), got shape {maps.shape}")
    _check_index("channel", channel, len(maps), f"this layer has {len(maps)} maps")
    probs = np.asarray(probs)
    lo, hi = float(maps.min()), float(maps.max())
    return LayerMapsFrame(image, maps, int(channel), layer, probs, int(label), int(probs.argmax()), lo,
                          hi if hi > lo else lo + 1e-6)


class UnitFrame(NamedTuple):
    """One unit of one layer. image: (H, W) the digit; gradient: (H, W) d(unit)/d(input); box: its
    closed-form Box; fmap: (h, w) the unit's feature map; row, col: the unit; title: what it is;
    active: input pixels with a nonzero gradient; lim: max |gradient| (1.0 if 0); value: fmap[row, col];
    fmap_lo, fmap_hi: the map's colour scale (hi > lo); note: why the gradient is 0 everywhere when
    it is (empty otherwise)."""

    image: np.ndarray
    gradient: np.ndarray
    box: Box
    fmap: np.ndarray
    row: int
    col: int
    title: str
    active: int
    lim: float
    value: float
    fmap_lo: float
    fmap_hi: float
    note: str = ""


def switched_off_note(value) -> str:
    """What a gradient that is 0 at every input pixel means, for a unit whose value is `value`."""
    if value == 0:
        return ("This unit is 0 for this digit:\nits ReLU is off (for a pooling\nunit: every ReLU in its window),\n"
                "so a small change of any input\npixel leaves it at 0. No pixel\nmoves it: the gradient is 0.")
    return ("No input pixel moves this unit\nfor this digit: every ReLU it\nreads from is off, so it stays\n"
            f"at {value:.2f} (its bias) and\nthe gradient is 0 everywhere.")


def unit_frame(image, gradient, box, fmap, row, col, title="") -> UnitFrame:
    fmap, gradient = np.asarray(fmap), np.asarray(gradient)
    if fmap.ndim != 2:
        raise ValueError(f"fmap must be one feature map (h, w), got shape {fmap.shape}")
    for name, v, n in (("row", row, fmap.shape[0]), ("col", col, fmap.shape[1])):
        _check_index(name, v, n, f"a {fmap.shape[0]}×{fmap.shape[1]} map")
    lo = float(fmap.min())
    active, value = int(np.count_nonzero(gradient)), float(fmap[row, col])
    return UnitFrame(image, gradient, Box(*box), fmap, int(row), int(col), title, active,
                     float(np.abs(gradient).max()) or 1.0, value, lo, max(float(fmap.max()), lo + 1e-6),
                     "" if active else switched_off_note(value))


class _Digits:
    """What both explorers share: the digits x (N, C, H, W) and labels, the model's spatial layers,
    and the forward pass of the digit last asked for (redone only when the digit changes)."""

    def __init__(self, model, x, labels):
        x = np.asarray(x)
        if x.ndim != 4:
            raise ValueError(f"x must be network inputs (N, C, H, W), got shape {x.shape}")
        self.model, self.x, self.labels = model, x, np.asarray(labels)
        self.layers = spatial_layers(model)
        self._digit, self._outputs = None, None
        self.names = [o.name for o in self.outputs(0)]

    def outputs(self, digit):
        """Every layer's output (lessonlib.models.LayerOutput) for one digit."""
        _check_index("digit", digit, len(self.x), "an index into the images")
        if digit != self._digit:
            with limit_threads(1):      # one image: threads only add waiting (see limit_threads)
                self._outputs, self._digit = feature_maps(self.model, self.x[digit]), digit
        return self._outputs

    def check_layer(self, layer):
        if layer not in self.layers:
            raise ValueError(f"layer must be the index of a spatial layer, one of {self.layers}, got {layer!r}")

    def map_shape(self, layer):
        """(maps, rows, cols) of a layer's output (the same for every digit)."""
        self.check_layer(layer)
        return self.outputs(self._digit if self._digit is not None else 0)[layer].maps.shape


class LayerMaps(_Digits):
    """compute(digit, layer, channel) -> LayerMapsFrame: digit indexes x; layer indexes model.layers."""

    def __call__(self, digit, layer, channel) -> LayerMapsFrame:
        self.check_layer(layer)
        out = self.outputs(digit)
        return layer_maps_frame(self.x[digit, 0], out[layer].maps, channel, out[layer].name,
                                softmax(out[-1].maps[None].astype(np.float64))[0], int(self.labels[digit]))


class UnitField(_Digits):
    """compute(digit, layer, channel, row, col) -> UnitFrame: the unit's box and input gradient."""

    def __call__(self, digit, layer, channel, row, col) -> UnitFrame:
        self.check_layer(layer)
        out = self.outputs(digit)[layer]
        _check_index("channel", channel, len(out.maps), f"this layer has {len(out.maps)} maps")
        with limit_threads(1):
            grad = unit_input_gradient(self.model, self.x[digit], layer, channel, row, col)
        return unit_frame(self.x[digit, 0], grad[0], receptive_field_box(self.model, layer, row, col),
                          out.maps[channel], row, col, f"{out.name}, map {channel}, unit ({row}, {col})")


# --- what the network's invariance owes to max-pooling and to augmentation; the MLP beside it ----------
#
# Three variants of the lesson's LeNet, trained once by `train_variants()` (about 2 minutes on one core:
#     python -c "from lessonlib.lessons.l20_cnn_on_mnist.compute import train_variants; train_variants()"
# ) and stored beside lenet_mnist.npz, with one record (lenet_mnist_variants.json) of their recipes and
# histories. "No max-pooling" keeps every layer's size and all 21,258 parameters: each 2×2 max-pool
# becomes MaxPool2D(1, stride=2), which keeps the top-left pixel of every 2×2 window (subsampling
# without the max). The record also holds, from one more run of the lesson's recipe and seed
# (end_of_epoch_accuracies), the accuracy on the 8,000 training digits and on the 2,000 held-out ones
# measured with the weights at the END of every epoch, and lesson 06's MLP's held-out accuracy.

MODELS_DIR = Path(__file__).resolve().parents[2] / "models"
VARIANTS_RECORD = MODELS_DIR / "lenet_mnist_variants.json"
VARIANTS = {                          # name -> (file stem, max-pooling?, max_shift of the augmentation)
    "no augmentation": ("lenet_mnist_no_aug", True, 0),
    "no max-pooling": ("lenet_mnist_no_max", False, 2),
    "neither": ("lenet_mnist_no_max_no_aug", False, 0),
}


def build_variant(max_pool=True, channels=(16, 32), seed=0) -> Sequential:
    """The lesson's LeNet (build_lenet), or with each 2×2 max-pool replaced by taking every second row
    and column (MaxPool2D(1, stride=2)): same shapes, same parameters, no max."""
    model = build_lenet(channels, seed)
    if not max_pool:
        for i, layer in enumerate(model.layers):
            if isinstance(layer, MaxPool2D):
                model.layers[i] = MaxPool2D(1, stride=2)
    return model


def train_variants(split=None, directory=MODELS_DIR, progress=False) -> dict:
    """Train the three VARIANTS with the lesson's recipe (only max_shift and the pooling differ), save
    each as <stem>.npz in `directory`, and write lenet_mnist_variants.json: per variant its recipe,
    max_pool flag, History and held-out accuracy, plus the baseline's end-of-epoch training accuracy."""
    split = split or bundled_split()
    x, y = to_input(split.train.images), split.train.labels
    xt, yt = to_input(split.test.images), split.test.labels
    record = {"data": split.note, "variants": {}}
    with limit_threads(1):
        for name, (stem, max_pool, shift) in VARIANTS.items():
            recipe = Recipe(max_shift=shift)
            start = time.perf_counter()
            model, history = train_lenet(x, y, recipe, validation=(xt, yt), progress=progress,
                                         model=build_variant(max_pool, recipe.channels, recipe.seed))
            model.save(Path(directory) / f"{stem}.npz")
            record["variants"][name] = {"file": f"{stem}.npz", "max_pool": max_pool, "recipe": recipe._asdict(),
                                        "history": history._asdict(), "test_accuracy": accuracy(model.predict(xt), yt),
                                        "seconds": time.perf_counter() - start}
    record["baseline_end_of_epoch"] = end_of_epoch_accuracies(split, progress)
    record["mlp_test_accuracy"] = mlp_heldout_accuracy(split)      # lesson 06's MLP, same split
    (Path(directory) / VARIANTS_RECORD.name).write_text(json.dumps(record, indent=1, default=float) + "\n")
    return record


def end_of_epoch_accuracies(split=None, progress=False) -> dict:
    """Train the lesson's recipe once more and measure, with the weights at the end of every epoch, the
    accuracy on the 8,000 (unshifted) training digits and on the 2,000 held-out ones, beside the
    running average that fit() reports. (fit() calls the learning-rate schedule at the start of
    every epoch, so the schedule is wrapped to measure the weights the previous epoch left.)"""
    split = split or bundled_split()
    x, y = to_input(split.train.images), split.train.labels
    xt, yt = to_input(split.test.images), split.test.labels
    recipe = Recipe()
    schedule = cosine_schedule(recipe.lr, recipe.epochs)
    model = build_lenet(recipe.channels, recipe.seed)
    train_end, test_end = [], []

    def measure():
        train_end.append(accuracy(model.predict(x), y))
        test_end.append(accuracy(model.predict(xt), yt))

    def measuring_schedule(epoch):
        if epoch > 0:
            measure()
        return schedule(epoch)

    with limit_threads(1):
        augment = lambda xb, rng: random_shifts(xb, rng, recipe.max_shift)      # noqa: E731  (as train_lenet)
        history = fit(model, softmax_cross_entropy, Adam(recipe.lr), x, y, epochs=recipe.epochs,
                      batch_size=recipe.batch_size, seed=recipe.seed, progress=progress, augment=augment,
                      lr_schedule=measuring_schedule)
        measure()
    return {"running_accuracy": history.accuracy, "train_accuracy_at_epoch_end": train_end,
            "test_accuracy_at_epoch_end": test_end}


def load_variants_record(path=VARIANTS_RECORD) -> dict:
    return json.loads(Path(path).read_text())


def load_variant(name, directory=MODELS_DIR) -> Sequential:
    """One of VARIANTS with its stored weights."""
    if name not in VARIANTS:
        raise ValueError(f"name must be one of {list(VARIANTS)}, got {name!r}")
    stem, max_pool, _ = VARIANTS[name]
    return build_variant(max_pool).load(Path(directory) / f"{stem}.npz")


def mlp_heldout_accuracy(split=None) -> float:
    """Lesson 06's 784-500-10 MLP, trained exactly as there (pixels in 0..1 standardised with one
    spread, Adam 1e-3, batches of 64, 8 epochs, seed 0, one BLAS thread; about 5 s), on the same
    split; its held-out accuracy."""
    split = split or bundled_split()
    x_train, x_test = flatten_images(split.train.images), flatten_images(split.test.images)
    scaler = Standardiser.fit(x_train, per_feature_scale=False)
    x_train, x_test = scaler.apply(x_train, np.float32), scaler.apply(x_test, np.float32)
    model = mlp((784, 500, 10), seed=0, activation="relu", dtype=np.float32)
    with limit_threads(1):
        fit(model, softmax_cross_entropy, Adam(1e-3), x_train, split.train.labels, epochs=8, batch_size=64, seed=0,
            progress=False)
        return float(np.mean(model.predict(x_test).argmax(axis=1) == split.test.labels))


def shift_mistakes(model, x, y, shifts) -> np.ndarray:
    """Wrong digits out of len(y) when every digit is moved by each shift (mean over 4 directions)."""
    return len(y) * (1 - shift_accuracy(model, x, y, shifts))


def training_accuracy_now(model, x, y, max_shift, seed=0) -> tuple[float, float]:
    """The model's accuracy on training digits x as they are, and moved randomly by up to ±max_shift
    pixels as the augmentation moves them (seeded)."""
    moved = random_shifts(x, np.random.default_rng(seed), max_shift) if max_shift else x
    return accuracy(predict_scores(model, x), y), accuracy(predict_scores(model, moved), y)


def accuracy_by_part(model, x, y, cut=5000) -> tuple[float, float]:
    """Accuracy on x[:cut] and on x[cut:] (MNIST's test set: the first 5,000 digits, which the MNIST page
    calls cleaner and easier, and the rest)."""
    right = predict_scores(model, x).argmax(axis=1) == np.asarray(y)
    return float(right[:cut].mean()), float(right[cut:].mean())


# --- the student's own digit: a drawing pad, MNIST's preprocessing, and what the network makes of it ---------

PAD_SIZE = 28          # the pad is one network input: 28×28 pixels, ink 0..1
PEN_RADIUS = 1.0       # full ink within PEN_RADIUS - 0.5 px of the pen's path, fading to 0 at PEN_RADIUS + 0.5


def paint_stroke(canvas, start, end, radius=PEN_RADIUS) -> np.ndarray:
    """Paint, in place, a pen stroke from start to end ((row, col) floats, pixel centres at whole numbers)
    into canvas (H, W) of ink 0..1, and return canvas. A pixel's ink becomes the larger of what it had and
    the pen's cover clip(radius + 0.5 - d, 0, 1), d its distance to the segment: a round pen with soft
    (antialiased) edges, as a pen scanned at low resolution looks in MNIST. Only pixels near the segment
    are touched; a click (start == end) paints a dot."""
    if not (isinstance(canvas, np.ndarray) and canvas.ndim == 2 and np.issubdtype(canvas.dtype, np.floating)):
        raise TypeError("canvas must be a 2-D float numpy array (H, W), e.g. np.zeros((28, 28))")
    (r0, c0), (r1, c1) = (tuple(float(v) for v in p) for p in (start, end))
    reach = radius + 0.5
    h, w = canvas.shape
    top, bottom = max(int(np.floor(min(r0, r1) - reach)), 0), min(int(np.ceil(max(r0, r1) + reach)), h - 1)
    left, right = max(int(np.floor(min(c0, c1) - reach)), 0), min(int(np.ceil(max(c0, c1) + reach)), w - 1)
    if top > bottom or left > right:
        return canvas                                  # the whole stroke is off the pad
    rr, cc = np.mgrid[top:bottom + 1, left:right + 1].astype(np.float64)
    dr, dc = r1 - r0, c1 - c0
    length2 = dr * dr + dc * dc
    t = np.clip(((rr - r0) * dr + (cc - c0) * dc) / length2, 0.0, 1.0) if length2 > 0 else 0.0
    d = np.hypot(rr - (r0 + t * dr), cc - (c0 + t * dc))
    cover = np.clip(reach - d, 0.0, 1.0)
    patch = canvas[top:bottom + 1, left:right + 1]
    np.maximum(patch, cover, out=patch)
    return canvas


def draw_polyline(canvas, points, radius=PEN_RADIUS) -> np.ndarray:
    """Paint the strokes between consecutive (row, col) points into canvas, in place; returns canvas."""
    points = [tuple(p) for p in points]
    if len(points) == 1:
        points = points * 2
    for a, b in zip(points[:-1], points[1:]):
        paint_stroke(canvas, a, b, radius)
    return canvas


# Digits as a pen would draw them: strokes through (x right, y down) points of a unit box.
DIGIT_STROKES = {
    0: [[(0.5 + 0.4 * np.cos(t), 0.5 + 0.5 * np.sin(t)) for t in np.linspace(-np.pi / 2, 1.5 * np.pi, 17)]],
    1: [[(0.45, 0.0), (0.55, 1.0)]],
    2: [[(0.12, 0.25), (0.3, 0.04), (0.6, 0.0), (0.84, 0.15), (0.82, 0.4), (0.55, 0.65), (0.12, 1.0), (0.9, 1.0)]],
    3: [[(0.15, 0.1), (0.45, 0.0), (0.8, 0.12), (0.8, 0.35), (0.45, 0.48), (0.8, 0.6), (0.85, 0.85), (0.5, 1.0),
         (0.15, 0.9)]],
    4: [[(0.55, 0.0), (0.1, 0.65), (0.9, 0.65)], [(0.68, 0.35), (0.68, 1.0)]],
    5: [[(0.85, 0.0), (0.25, 0.0), (0.2, 0.45), (0.55, 0.38), (0.85, 0.55), (0.85, 0.85), (0.5, 1.0), (0.15, 0.9)]],
    6: [[(0.75, 0.0), (0.35, 0.3), (0.18, 0.7), (0.35, 1.0), (0.7, 0.95), (0.8, 0.7), (0.55, 0.5), (0.2, 0.65)]],
    7: [[(0.1, 0.0), (0.9, 0.0), (0.4, 1.0)]],
    8: [[(0.5, 0.48), (0.8, 0.25), (0.5, 0.0), (0.2, 0.25), (0.5, 0.48), (0.85, 0.75), (0.5, 1.0), (0.15, 0.75),
         (0.5, 0.48)]],
    9: [[(0.8, 0.25), (0.5, 0.45), (0.2, 0.3), (0.35, 0.0), (0.75, 0.05), (0.8, 0.25), (0.7, 1.0)]],
}


def drawn_digit(digit, top, left, height, width=None, size=PAD_SIZE, radius=PEN_RADIUS) -> np.ndarray:
    """A (size, size) pad with DIGIT_STROKES[digit] drawn in the box whose top-left pixel centre is (top,
    left), `height` pixels tall and `width` wide (default 0.75·height), as the pad's pen draws it."""
    if digit not in DIGIT_STROKES:
        raise ValueError(f"digit must be one of {sorted(DIGIT_STROKES)}, got {digit!r}")
    width = 0.75 * height if width is None else width
    canvas = np.zeros((size, size))
    for stroke in DIGIT_STROKES[digit]:
        draw_polyline(canvas, [(top + y * (height - 1), left + x * (width - 1)) for x, y in stroke], radius)
    return canvas


class DrawFrame(NamedTuple):
    """What the network makes of one drawing.

    drawing: (28, 28) the pad as drawn; image: (28, 28) the network's input, mnist_style(drawing);
    probs_raw, probs: (10,) softmax without and with the MNIST step; predicted_raw, predicted: their argmax;
    maps: one (C, h, w) array per spatial layer, of the preprocessed digit; names: those layers' names;
    unit: (layer, map, row, col) of the most active unit of the last spatial layer (pool2);
    box: its receptive field (lessonlib.models.Box); gradient: (28, 28) d(unit)/d(input);
    empty: no ink on the pad (the probabilities are then those of a blank input).
    """

    drawing: np.ndarray
    image: np.ndarray
    probs_raw: np.ndarray
    probs: np.ndarray
    predicted_raw: int
    predicted: int
    maps: tuple
    names: tuple
    unit: tuple
    box: Box
    gradient: np.ndarray
    empty: bool


class DrawnDigit:
    """compute(drawing) -> DrawFrame for a model taking (N, 1, 28, 28) inputs in 0..1.

    One forward pass of two inputs (the drawing as it is, and MNIST-style) gives both probability
    vectors and every layer's maps; one backward pass from the most active pool2 unit gives its
    input gradient. About 1.5 ms in all (measured in the lesson's tests)."""

    def __init__(self, model):
        self.model = model
        self.layers = spatial_layers(model)
        self.fields = receptive_fields(model)

    def __call__(self, drawing) -> DrawFrame:
        drawing = np.asarray(drawing, dtype=np.float64)
        if drawing.shape != (PAD_SIZE, PAD_SIZE):
            raise ValueError(f"drawing must be one {PAD_SIZE}×{PAD_SIZE} pad of ink in 0..1, got shape {drawing.shape}")
        image = mnist_style(drawing)
        x = to_input(np.stack([drawing, image]))
        with limit_threads(1):       # two images: threads only add waiting (see limit_threads)
            outputs = feature_maps(self.model, x)
            probs = softmax(outputs[-1].maps.astype(np.float64))
            last = self.layers[-1]
            pooled = outputs[last].maps[1]
            channel, row, col = (int(v) for v in np.unravel_index(int(pooled.argmax()), pooled.shape))
            gradient = unit_input_gradient(self.model, x[1], last, channel, row, col)[0]
        return DrawFrame(drawing, image, probs[0], probs[1], int(probs[0].argmax()), int(probs[1].argmax()),
                         tuple(outputs[i].maps[1] for i in self.layers), tuple(outputs[i].name for i in self.layers),
                         (last, channel, row, col), receptive_field_box(self.model, last, row, col),
                         gradient.astype(np.float64), not bool(drawing.any()))


class StepExample(NamedTuple):
    """A small drawing far from the centre that the network misreads as it is and reads right MNIST-style."""

    digit: int
    top: int
    left: int
    height: int
    drawing: np.ndarray
    frame: DrawFrame
    tried: int               # drawings tried (every digit at every size and place)
    right_raw: int           # how many of them the network reads right as they are
    right_styled: int        # ... and after mnist_style


def small_drawings(heights=(9, 11), corners=((1, 1), (1, 17), (16, 1), (16, 17))):
    """(digit, top, left, height, drawing) for every digit of DIGIT_STROKES drawn small in each corner region."""
    for height in heights:
        for top, left in corners:
            for digit in DIGIT_STROKES:
                yield digit, top, left, height, drawn_digit(digit, top, left, height)


def step_example(model) -> StepExample:
    """Try every small off-centre drawing (small_drawings), classify each with and without the MNIST step,
    and return the first one misread without it and read right with it, with the counts over all."""
    compute = DrawnDigit(model)
    found, tried, right_raw, right_styled = None, 0, 0, 0
    for digit, top, left, height, drawing in small_drawings():
        frame = compute(drawing)
        tried += 1
        right_raw += frame.predicted_raw == digit
        right_styled += frame.predicted == digit
        if found is None and frame.predicted_raw != digit and frame.predicted == digit:
            found = (digit, top, left, height, drawing, frame)
    if found is None:
        raise ValueError("no small drawing is misread without the MNIST step and read right with it")
    return StepExample(*found, tried, right_raw, right_styled)
