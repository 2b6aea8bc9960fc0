"""A small CNN for lessons 14-15, trained on the bundled MNIST digits; its weights ship beside it.

    conv 5x5, 8 filters, padding 2 -> ReLU -> max-pool 2   (8 maps of 28x28, then 14x14)
    conv 5x5, 16 filters, padding 2 -> ReLU -> max-pool 2  (16 maps of 14x14, then 7x7)
    flatten (784) -> dense 10

Rebuild the weights (about 5 s with one thread each for BLAS and Numba; with both thread
pools spinning on a busy two-core machine it took 36 s):

    OPENBLAS_NUM_THREADS=1 NUMBA_NUM_THREADS=1 python -m lessonlib.models.small_cnn
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from ..nn import Activation, Adam, Conv2D, Dense, Flatten, MaxPool2D, Sequential, fit, softmax_cross_entropy
from .inputs import to_input

WEIGHTS = Path(__file__).with_name("small_cnn_mnist.npz")
N_TRAIN, EPOCHS, SEED = 8000, 2, 0

# names of the layers whose outputs the lessons show, by index in the Sequential
STAGES = {"conv1 + ReLU": 1, "pool1": 2, "conv2 + ReLU": 4, "pool2": 5}


def build_small_cnn(seed=SEED, dtype=np.float32) -> Sequential:
    rng = np.random.default_rng(seed)
    return Sequential(
        Conv2D(1, 8, 5, rng, padding=2, dtype=dtype), Activation("relu"), MaxPool2D(2),
        Conv2D(8, 16, 5, rng, padding=2, dtype=dtype), Activation("relu"), MaxPool2D(2),
        Flatten(), Dense(16 * 7 * 7, 10, rng, activation_hint=None, dtype=dtype),
    )


def train_small_cnn(n_train=N_TRAIN, epochs=EPOCHS, seed=SEED, progress=False):
    """(model, History): Adam(1e-3), batch 64, on the first n_train bundled digits."""
    from ..data import bundled_split

    split = bundled_split()
    model = build_small_cnn(seed)
    history = fit(model, softmax_cross_entropy, Adam(1e-3), to_input(split.train.images[:n_train]),
                  split.train.labels[:n_train], epochs=epochs, batch_size=64, seed=seed, progress=progress)
    return model, history


def load_small_cnn(path=WEIGHTS) -> Sequential:
    """The trained network from the shipped weights."""
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing; rebuild it with: python -m lessonlib.models.small_cnn")
    return build_small_cnn().load(path)


def main():
    import time

    from ..data import bundled_split
    from ..nn import accuracy

    start = time.perf_counter()
    model, history = train_small_cnn(progress=True)
    seconds = time.perf_counter() - start
    model.save(WEIGHTS)
    test = bundled_split().test
    acc = accuracy(model.predict(to_input(test.images)), test.labels)
    print(f"trained on {N_TRAIN} digits x {EPOCHS} epochs in {seconds:.1f} s; loss per epoch "
          f"{[round(v, 3) for v in history.loss]}; held-out accuracy {acc:.2%} on {len(test.labels)} digits; "
          f"wrote {WEIGHTS} ({WEIGHTS.stat().st_size / 1024:.0f} KB)")


if __name__ == "__main__":
    main()
