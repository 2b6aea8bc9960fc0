"""Mini-batch training with a progress bar (widget in notebooks, text in terminals).

Set TQDM_DISABLE=1 to silence the bar (CI does). Shuffling uses the given seed, so
a run is repeatable.
"""
from __future__ import annotations

import os
import time
from typing import Callable, NamedTuple

import numpy as np
from tqdm.auto import tqdm


class History(NamedTuple):
    loss: list          # mean training loss per epoch
    accuracy: list      # training accuracy per epoch (classification only, else empty)
    val_loss: list
    val_accuracy: list
    images_per_second: list


def accuracy(scores, y) -> float:
    return float(np.mean(np.argmax(scores, axis=1) == y))


def evaluate(model, loss_fn: Callable, x, y, batch_size=500):
    """(mean loss, accuracy or None) of model on (x, y)."""
    scores = model.predict(x, batch_size)
    loss, _ = loss_fn(scores, y)
    classify = np.issubdtype(np.asarray(y).dtype, np.integer)
    return loss, (accuracy(scores, y) if classify else None)


def fit(model, loss_fn: Callable, optimizer, x, y, *, epochs=5, batch_size=64, seed=0,
        validation=None, progress=True, desc="training", augment=None, lr_schedule=None) -> History:
    """Train model on (x, y) with mini-batches; loss_fn(scores, y) -> (loss, dscores).

    x: (N, ...) float; y: (N,) int labels or (N, ...) float targets.
    validation: optional (x_val, y_val), evaluated after every epoch.
    augment: optional augment(x_batch, rng) -> new x_batch, applied to every training batch
        (rng is seeded from `seed`, so augmented runs repeat too).
    lr_schedule: optional lr_schedule(epoch) -> learning rate, set as optimizer.lr at the
        start of every epoch (epoch counts from 0).
    """
    if len(x) != len(y):
        raise ValueError(f"x has {len(x)} samples but y has {len(y)}")
    if epochs < 1 or batch_size < 1:
        raise ValueError(f"epochs and batch_size must be positive, got {epochs} and {batch_size}")
    rng = np.random.default_rng(seed)
    aug_rng = np.random.default_rng([seed, 1])   # its own stream: augmenting leaves the shuffling unchanged
    classify = np.issubdtype(np.asarray(y).dtype, np.integer)
    hist = History([], [], [], [], [])
    n = len(x)
    # None hides the bar where there is no terminal; any explicit value would win over TQDM_DISABLE
    quiet = True if not progress or os.environ.get("TQDM_DISABLE") else None
    with tqdm(total=epochs * n, desc=desc, unit="img", disable=quiet) as bar:
        for epoch in range(epochs):
            if lr_schedule is not None:
                optimizer.lr = float(lr_schedule(epoch))
            order = rng.permutation(n)
            total_loss = correct = 0.0
            start = time.perf_counter()
            for i in range(0, n, batch_size):
                idx = order[i:i + batch_size]
                xb = x[idx] if augment is None else augment(x[idx], aug_rng)
                scores = model.forward(xb)
                loss, dscores = loss_fn(scores, y[idx])
                model.backward(dscores.astype(scores.dtype, copy=False))
                optimizer.step(model.params_and_grads())
                total_loss += loss * len(idx)
                if classify:
                    correct += np.sum(np.argmax(scores, axis=1) == y[idx])
                bar.update(len(idx))
                bar.set_postfix(epoch=epoch + 1, loss=f"{total_loss / min(i + batch_size, n):.4f}",
                                acc=f"{correct / min(i + batch_size, n):.3f}" if classify else "-", refresh=False)
            hist.images_per_second.append(n / (time.perf_counter() - start))
            hist.loss.append(total_loss / n)
            if classify:
                hist.accuracy.append(correct / n)
            if validation is not None:
                vl, va = evaluate(model, loss_fn, *validation)
                hist.val_loss.append(vl)
                if va is not None:
                    hist.val_accuracy.append(va)
    return hist
