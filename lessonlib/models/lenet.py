"""The lesson's LeNet-style CNN for MNIST: the architecture, its training recipe, the checked-in weights.

    input 1×28×28
    conv 16@5×5, padding 2 -> ReLU -> max-pool 2×2   : 16×14×14
    conv 32@5×5            -> ReLU -> max-pool 2×2   : 32×5×5
    flatten (800)          -> dense 800 -> 10 scores

Trained by `train_lenet` (Adam, cosine-decaying learning rate, random ±2 px shifts) on the
first 8,000 bundled digits; `benchmarks/train_mnist_cnn.py --save` writes the weights and
the training record that `load_pretrained()` / `load_training_record()` read back.
"""
from __future__ import annotations

import json
import math
from pathlib import Path
from typing import NamedTuple

import numpy as np

from ..nn import (Activation, Adam, Conv2D, Dense, Flatten, History, MaxPool2D, Sequential, fit,
                  softmax_cross_entropy)
from .transforms import random_shifts

WEIGHTS = Path(__file__).with_name("lenet_mnist.npz")
RECORD = Path(__file__).with_name("lenet_mnist.json")
INPUT_SHAPE = (1, 28, 28)


class Recipe(NamedTuple):
    """Everything that decides a training run; with the same recipe a run repeats exactly."""

    channels: tuple = (16, 32)
    epochs: int = 8
    batch_size: int = 64
    lr: float = 2e-3
    max_shift: int = 2
    seed: int = 0


class TrainingRecord(NamedTuple):
    """What was stored next to the weights: the recipe, the per-epoch History, the final numbers."""

    recipe: Recipe
    history: History
    test_accuracy: float
    seconds: float
    data: str


def build_lenet(channels=(16, 32), seed=0, dtype=np.float32) -> Sequential:
    """A fresh, seeded LeNet-style model; channels = (filters of conv 1, filters of conv 2)."""
    if len(channels) != 2 or not all(isinstance(c, int) and c >= 1 for c in channels):
        raise ValueError(f"channels must be two positive ints (conv 1, conv 2), got {channels!r}")
    c1, c2 = channels
    rng = np.random.default_rng(seed)
    return Sequential(
        Conv2D(1, c1, 5, rng, padding=2, dtype=dtype), Activation("relu"), MaxPool2D(2),
        Conv2D(c1, c2, 5, rng, dtype=dtype), Activation("relu"), MaxPool2D(2),
        Flatten(),
        Dense(c2 * 5 * 5, 10, rng, activation_hint=None, dtype=dtype),
    )


def cosine_schedule(lr: float, epochs: int):
    """lr(epoch) = lr * (1 + cos(pi * epoch / epochs)) / 2: full rate first, small steps at the end."""
    return lambda epoch: lr * 0.5 * (1.0 + math.cos(math.pi * epoch / epochs))


def train_lenet(x, y, recipe: Recipe = Recipe(), validation=None, progress=True,
                model=None) -> tuple[Sequential, History]:
    """Train by the recipe. x: (N, 1, 28, 28) float32 in 0..1; y: (N,) int labels.

    model: None builds a fresh seeded one from the recipe (pass your own to profile it).
    validation: optional (x_val, y_val), evaluated after every epoch into the History.
    """
    if model is None:
        model = build_lenet(recipe.channels, recipe.seed)
    augment = (lambda xb, rng: random_shifts(xb, rng, recipe.max_shift)) if recipe.max_shift else None
    history = fit(model, softmax_cross_entropy, Adam(recipe.lr), x, y, epochs=recipe.epochs,
                  batch_size=recipe.batch_size, seed=recipe.seed, validation=validation,
                  progress=progress, desc="LeNet", augment=augment,
                  lr_schedule=cosine_schedule(recipe.lr, recipe.epochs))
    return model, history


def load_pretrained(path=WEIGHTS) -> Sequential:
    """The trained model: the architecture of the training record beside the weights
    (path with .json; the default Recipe if there is none) loaded with the saved weights."""
    record = Path(path).with_suffix(".json")
    recipe = load_training_record(record).recipe if record.exists() else Recipe()
    return build_lenet(recipe.channels).load(path)


def save_training_record(path, recipe: Recipe, history: History, test_accuracy, seconds, data):
    record = {"recipe": recipe._asdict(), "history": history._asdict(),
              "test_accuracy": test_accuracy, "seconds": seconds, "data": data}
    Path(path).write_text(json.dumps(record, indent=1, default=float) + "\n")


def load_training_record(path=RECORD) -> TrainingRecord:
    raw = json.loads(Path(path).read_text())
    recipe = raw["recipe"] | {"channels": tuple(raw["recipe"]["channels"])}
    return TrainingRecord(Recipe(**recipe), History(**raw["history"]), raw["test_accuracy"],
                          raw["seconds"], raw["data"])
