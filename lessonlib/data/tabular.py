"""Loaders for the two UCI tables of the lecture: Auto MPG (regression) and Iris (classification)."""
from __future__ import annotations

import shlex
from typing import NamedTuple

import numpy as np

from ._files import FILES, verified

AUTO_MPG_COLUMNS = ("mpg", "cylinders", "displacement", "horsepower", "weight",
                    "acceleration", "model_year", "origin")


class AutoMPG(NamedTuple):
    """data: (rows, 8) float64 in AUTO_MPG_COLUMNS order; car_names: one per row;
    dropped: names of the cars left out because their horsepower is unknown ('?')."""

    data: np.ndarray
    columns: tuple
    car_names: list
    dropped: list

    def column(self, name: str) -> np.ndarray:
        return self.data[:, self.columns.index(name)]


def load_auto_mpg(verbose: bool = True) -> AutoMPG:
    """UCI Auto MPG: 398 cars; the rows whose horsepower is '?' are dropped and reported."""
    path = verified(FILES / "auto-mpg.data")
    rows, names, dropped = [], [], []
    for line in path.read_text().splitlines():
        if not line.strip():
            continue
        numbers, _, name = line.partition("\t")
        name = shlex.split(name)[0] if name.strip() else ""
        fields = numbers.split()
        if "?" in fields:
            dropped.append(name)   # unknown horsepower: never guess it silently
            continue
        rows.append([float(v) for v in fields])
        names.append(name)
    if verbose and dropped:
        print(f"Auto MPG: {len(rows) + len(dropped)} rows read; {len(dropped)} with unknown horsepower dropped: "
              + ", ".join(dropped))
    return AutoMPG(np.array(rows), AUTO_MPG_COLUMNS, names, dropped)


IRIS_FEATURES = ("sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)")


class Iris(NamedTuple):
    """X: (150, 4) float64; y: (150,) int64 class index into species."""

    X: np.ndarray
    y: np.ndarray
    features: tuple
    species: tuple


def load_iris() -> Iris:
    """UCI Iris: 150 flowers, 4 measurements, 3 species."""
    path = verified(FILES / "iris.data")
    X, labels = [], []
    for line in path.read_text().splitlines():
        if line.strip():
            *values, label = line.split(",")
            X.append([float(v) for v in values])
            labels.append(label)
    species = tuple(dict.fromkeys(labels))   # in order of first appearance
    y = np.array([species.index(s) for s in labels], dtype=np.int64)
    return Iris(np.array(X), y, IRIS_FEATURES, species)
