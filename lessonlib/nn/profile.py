"""Where does training time go? Time every layer call of a model, grouped by layer type.

    with LayerProfiler(model) as prof:
        fit(model, ...)
    for row in prof.rows():
        print(row.kind, row.direction, f"{row.share:.0%}")

The profiler wraps each layer's forward and backward (instance attributes that shadow the
methods) and removes the wrappers on exit, so the model is unchanged afterwards. Calls made
by model.predict (the held-out evaluation fit() runs after each epoch) are not counted per
layer but in their own "predict" row, so the layer rows describe training steps only. Time
spent elsewhere (loss, optimiser, augmentation, the training loop) is the "other" row.
"""
from __future__ import annotations

import time
from collections import defaultdict
from typing import NamedTuple


class ProfileRow(NamedTuple):
    kind: str          # layer class name, e.g. "Conv2D", or "predict" / "other"
    direction: str     # "forward", "backward" or "" for other
    seconds: float
    calls: int
    share: float       # of the wall time inside the `with` block


class LayerProfiler:
    def __init__(self, model):
        if not hasattr(model, "layers"):
            raise TypeError(f"model must be a Sequential (with .layers), got {type(model).__name__}")
        self.model = model
        self.seconds = defaultdict(float)
        self.calls = defaultdict(int)
        self.wall = 0.0
        self.predict_seconds = 0.0
        self._in_predict = False

    def _wrap(self, layer, direction):
        method = getattr(type(layer), direction).__get__(layer)
        key = (type(layer).__name__, direction)

        def timed(a):
            if self._in_predict:
                return method(a)
            start = time.perf_counter()
            out = method(a)
            self.seconds[key] += time.perf_counter() - start
            self.calls[key] += 1
            return out

        setattr(layer, direction, timed)

    def __enter__(self):
        for layer in self.model.layers:
            for direction in ("forward", "backward"):
                self._wrap(layer, direction)
        predict = type(self.model).predict.__get__(self.model)

        def timed_predict(*args, **kwargs):
            self._in_predict, start = True, time.perf_counter()
            try:
                return predict(*args, **kwargs)
            finally:
                self.predict_seconds += time.perf_counter() - start
                self._in_predict = False

        self.model.predict = timed_predict
        self._start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.wall += time.perf_counter() - self._start
        for layer in self.model.layers:
            for direction in ("forward", "backward"):
                layer.__dict__.pop(direction, None)
        self.model.__dict__.pop("predict", None)
        return False

    def rows(self) -> list[ProfileRow]:
        """One row per (layer type, direction), largest first, then "other"."""
        wall = self.wall or 1e-300
        rows = [ProfileRow(kind, d, s, self.calls[(kind, d)], s / wall) for (kind, d), s in self.seconds.items()]
        rows.sort(key=lambda r: -r.seconds)
        tail = []
        if self.predict_seconds:
            tail.append(ProfileRow("predict", "", self.predict_seconds, 0, self.predict_seconds / wall))
        other = max(self.wall - sum(self.seconds.values()) - self.predict_seconds, 0.0)
        return rows + tail + [ProfileRow("other", "", other, 0, other / wall)]

    def share(self, kind, direction=None) -> float:
        """Fraction of the wall time spent in layers of `kind` (one direction or both), e.g. "MaxPool2D"."""
        return sum(r.share for r in self.rows() if r.kind == kind and direction in (None, r.direction))

    def table(self) -> str:
        lines = [f"{'layer':<12}{'pass':<10}{'seconds':>9}{'share':>8}"]
        lines += [f"{r.kind:<12}{r.direction:<10}{r.seconds:9.2f}{r.share:8.1%}" for r in self.rows()]
        return "\n".join(lines)
