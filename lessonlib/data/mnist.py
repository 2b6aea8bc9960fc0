"""MNIST handwritten digits (28×28, uint8), from the bundled 10,000-digit test set.

`load_mnist()` never touches the network. `load_mnist_full()` tries to fetch the
60,000 training digits when the machine is online, checks their md5, and otherwise
falls back to the bundled set with a message saying so.
"""
from __future__ import annotations

import gzip
import os
import urllib.request
from pathlib import Path
from typing import NamedTuple

import numpy as np

from ._files import FILES, MD5, ChecksumError, verified

MIRRORS = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
)
CACHE = Path(os.environ.get("LESSONLIB_DATA_CACHE", Path.home() / ".cache" / "lessonlib"))


class Digits(NamedTuple):
    """images: (N, 28, 28) uint8, 0 = background; labels: (N,) int64 in 0..9."""

    images: np.ndarray
    labels: np.ndarray
    source: str


class MNISTSplit(NamedTuple):
    train: Digits
    test: Digits
    note: str


def read_idx(path: Path) -> np.ndarray:
    """Read an IDX file (gzip'ed): big-endian magic, dims, then uint8 data."""
    with gzip.open(path, "rb") as f:
        raw = f.read()
    ndim = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(dims)


def load_mnist() -> Digits:
    """The bundled MNIST test set: 10,000 digits, md5-checked."""
    images = read_idx(verified(FILES / "t10k-images-idx3-ubyte.gz"))
    labels = read_idx(verified(FILES / "t10k-labels-idx1-ubyte.gz")).astype(np.int64)
    return Digits(images, labels, "bundled MNIST test set (10,000 digits)")


def bundled_split(n_train: int = 8000) -> MNISTSplit:
    """The split every lesson uses offline: first n_train bundled digits to train, the rest held out."""
    d = load_mnist()
    return MNISTSplit(
        Digits(d.images[:n_train], d.labels[:n_train], f"bundled digits 0..{n_train - 1}"),
        Digits(d.images[n_train:], d.labels[n_train:], f"bundled digits {n_train}..{len(d.labels) - 1}"),
        f"trained on the first {n_train} bundled digits, tested on the last {len(d.labels) - n_train}",
    )


def _fetch(name: str, timeout: float) -> Path:
    """Download one training file into CACHE (if not already there and valid)."""
    target = CACHE / name
    if target.exists():
        try:
            return verified(target)
        except ChecksumError:
            target.unlink()
    CACHE.mkdir(parents=True, exist_ok=True)
    errors = []
    for mirror in MIRRORS:
        try:
            with urllib.request.urlopen(mirror + name, timeout=timeout) as response:
                data = response.read()
            tmp = target.with_suffix(".part")
            tmp.write_bytes(data)
            tmp.rename(target)
            return verified(target)
        except (OSError, ChecksumError) as e:   # offline, blocked, or a bad copy: try the next one
            errors.append(f"{mirror}: {e}")
            target.unlink(missing_ok=True)
    raise OSError("; ".join(errors))


def load_mnist_full(timeout: float = 10.0, verbose: bool = True) -> MNISTSplit:
    """The official 60,000/10,000 split when it can be downloaded and verified; else bundled_split().

    The downloaded files are checked against the published md5 sums
    (train images {img}, labels {lab}).
    """
    try:
        images = read_idx(_fetch("train-images-idx3-ubyte.gz", timeout))
        labels = read_idx(_fetch("train-labels-idx1-ubyte.gz", timeout)).astype(np.int64)
    except OSError as e:
        split = bundled_split()
        message = (f"Full MNIST not available ({str(e)[:200]}); falling back to the bundled set: {split.note}.")
        if verbose:
            print(message)
        return split._replace(note=message)
    test = load_mnist()
    note = "official MNIST split: 60,000 training digits (md5 verified), 10,000 test digits"
    if verbose:
        print(note)
    return MNISTSplit(Digits(images, labels, "MNIST training set (60,000 digits)"), test, note)


load_mnist_full.__doc__ = load_mnist_full.__doc__.format(
    img=MD5["train-images-idx3-ubyte.gz"], lab=MD5["train-labels-idx1-ubyte.gz"])
