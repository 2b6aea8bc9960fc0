"""lessonlib.data: checksums of the bundled files, row counts, corrupted copies, the offline fallback.

No test here touches the network: load_mnist_full is always run with urlopen replaced.
"""
import shutil
import urllib.request
from pathlib import Path

import numpy as np
import pytest

import lessonlib.data._files as files_mod
import lessonlib.data.mnist as mnist_mod
import lessonlib.data.tabular as tabular_mod
from lessonlib.data import (ChecksumError, bundled_split, load_auto_mpg, load_iris, load_mnist,
                            load_mnist_full)

# As published with the data sets (shared/data/README.md), typed in independently of the loader.
PUBLISHED_MD5 = {
    "auto-mpg.data": "b858f4580d0066c48e260dd3b96f1ed8",
    "iris.data": "42615765a885ddf54427f12c34a0a070",
    "t10k-images-idx3-ubyte.gz": "9fb629c4189551a2d022fa330f9573f3",
    "t10k-labels-idx1-ubyte.gz": "ec29112dd5afa0611ce80d1b7f02629c",
}
DATA_FILES = sorted(p.name for p in files_mod.FILES.iterdir() if p.name != "LICENSES.md")


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("network disabled in tests")
    monkeypatch.setattr(urllib.request, "urlopen", refuse)


def test_every_bundled_file_has_a_published_checksum():
    assert DATA_FILES == sorted(PUBLISHED_MD5)


@pytest.mark.parametrize("name", DATA_FILES)
def test_bundled_file_matches_its_published_md5(name):
    path = files_mod.FILES / name
    assert files_mod.md5_of(path) == PUBLISHED_MD5[name] == files_mod.MD5[name]
    assert files_mod.verified(path) == path
    assert PUBLISHED_MD5[name] in (files_mod.FILES / "LICENSES.md").read_text()


def test_auto_mpg_drops_and_reports_the_six_unknown_horsepowers(capsys):
    cars = load_auto_mpg()
    out = capsys.readouterr().out
    assert "398 rows read; 6 with unknown horsepower dropped" in out
    assert len(cars.dropped) == 6 and all(name in out for name in cars.dropped)
    assert "ford pinto" in cars.dropped
    assert cars.data.shape == (392, 8) and len(cars.car_names) == 392
    assert len(cars.data) + len(cars.dropped) == 398
    assert np.all(np.isfinite(cars.data))


def test_auto_mpg_columns_hold_plausible_values():
    cars = load_auto_mpg(verbose=False)
    assert cars.columns[:5] == ("mpg", "cylinders", "displacement", "horsepower", "weight")
    assert set(cars.column("cylinders")) == {3.0, 4.0, 5.0, 6.0, 8.0}
    assert 9 <= cars.column("mpg").min() and cars.column("mpg").max() <= 47
    assert 40 <= cars.column("horsepower").min() and cars.column("horsepower").max() <= 230
    assert cars.car_names[0] == "chevrolet chevelle malibu" and cars.column("mpg")[0] == 18.0


def test_auto_mpg_quiet_mode_prints_nothing(capsys):
    load_auto_mpg(verbose=False)
    assert capsys.readouterr().out == ""


def test_iris_has_150_flowers_50_per_species():
    iris = load_iris()
    assert iris.X.shape == (150, 4) and iris.y.shape == (150,)
    assert iris.species == ("Iris-setosa", "Iris-versicolor", "Iris-virginica")
    assert np.bincount(iris.y).tolist() == [50, 50, 50]
    assert len(iris.features) == 4 and np.all(iris.X > 0)


def test_mnist_bundled_test_set():
    digits = load_mnist()
    assert digits.images.shape == (10_000, 28, 28) and digits.images.dtype == np.uint8
    assert digits.labels.shape == (10_000,)
    assert sorted(set(digits.labels.tolist())) == list(range(10))
    assert digits.labels[:10].tolist() == [7, 2, 1, 0, 4, 1, 4, 9, 5, 9]   # MNIST's test set starts 7 2 1 0


def test_bundled_split_partitions_the_digits():
    split = bundled_split(8000)
    assert len(split.train.labels) == 8000 and len(split.test.labels) == 2000
    assert np.array_equal(np.concatenate([split.train.images, split.test.images]), load_mnist().images)


@pytest.fixture
def corrupt_copy(tmp_path, monkeypatch):
    """A copy of the data folder in tmp_path, with the loaders pointed at it; returns corrupt(name)."""
    folder = tmp_path / "files"
    shutil.copytree(files_mod.FILES, folder)
    for module in (files_mod, tabular_mod, mnist_mod):
        monkeypatch.setattr(module, "FILES", folder)

    def corrupt(name):
        raw = bytearray((folder / name).read_bytes())
        raw[len(raw) // 2] ^= 0x01                 # one flipped bit
        (folder / name).write_bytes(bytes(raw))

    return corrupt


@pytest.mark.parametrize("name, load", [
    ("auto-mpg.data", load_auto_mpg),
    ("iris.data", load_iris),
    ("t10k-images-idx3-ubyte.gz", load_mnist),
    ("t10k-labels-idx1-ubyte.gz", load_mnist),
])
def test_a_corrupted_file_raises_checksum_error(corrupt_copy, name, load):
    load()                                          # the intact copy loads
    corrupt_copy(name)
    with pytest.raises(ChecksumError, match=f"{name} has md5 .* published file has {PUBLISHED_MD5[name]}") as err:
        load()
    message = str(err.value)                       # says what a user of the project can do about it
    assert f"git checkout -- lessonlib/data/files/{name}" in message
    assert "pip install --force-reinstall" in message
    assert "shared/data" not in message            # a folder only the authors have


def test_a_damaged_download_says_it_is_fetched_again(tmp_path):
    bad = tmp_path / "train-labels-idx1-ubyte.gz"
    bad.write_bytes(b"not the file")
    with pytest.raises(ChecksumError, match="Delete it; load_mnist_full deletes a damaged download itself"):
        files_mod.verified(bad)


def test_load_mnist_full_falls_back_offline_with_a_message(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(mnist_mod, "CACHE", tmp_path / "cache")
    split = load_mnist_full(timeout=0.1)
    out = capsys.readouterr().out
    assert "Full MNIST not available" in out and "network disabled in tests" in out
    assert "falling back to the bundled set" in split.note
    assert len(split.train.labels) == 8000 and len(split.test.labels) == 2000


def test_load_mnist_full_rejects_a_bad_download(tmp_path, monkeypatch, capsys):
    """A mirror that answers with the wrong bytes is not trusted: md5 fails, then the fallback."""
    class FakeResponse:
        def __init__(self, *args, **kwargs):
            pass

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def read(self):
            return b"not mnist"

    monkeypatch.setattr(mnist_mod, "CACHE", tmp_path / "cache")
    monkeypatch.setattr(urllib.request, "urlopen", FakeResponse)
    split = load_mnist_full(verbose=False)
    assert capsys.readouterr().out == ""
    assert "md5" in split.note and len(split.train.labels) == 8000
    assert not any((tmp_path / "cache").glob("*.gz")), "a bad download must not stay in the cache"
