"""A sequential model: layers applied in order, backprop in reverse order."""
from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import numpy as np


class LayerRow(NamedTuple):
    index: int
    layer: str
    output_shape: tuple
    params: int


class Sequential:
    def __init__(self, *layers):
        self.layers = list(layers)

    def forward(self, x):
        for layer in self.layers:
            x = layer.forward(x)
        return x

    __call__ = forward

    def backward(self, dout):
        for layer in reversed(self.layers):
            dout = layer.backward(dout)
        return dout

    def params_and_grads(self):
        """(key, param, grad) for every parameter: what an optimiser's step() takes."""
        for i, layer in enumerate(self.layers):
            for name, p in layer.params.items():
                yield f"{i}.{name}", p, layer.grads[name]

    def n_params(self) -> int:
        return sum(p.size for layer in self.layers for p in layer.params.values())

    def summary(self, input_shape) -> list[LayerRow]:
        """One row per layer: its output shape for one sample of input_shape, and its parameter count."""
        rows, shape = [], tuple(input_shape)
        for i, layer in enumerate(self.layers):
            shape = layer.output_shape(shape)
            rows.append(LayerRow(i, repr(layer), shape, sum(p.size for p in layer.params.values())))
        return rows

    def predict(self, x, batch_size=500):
        """Scores for x in batches (keeps memory small for a whole test set)."""
        return np.concatenate([self.forward(x[i:i + batch_size]) for i in range(0, len(x), batch_size)])

    def state_dict(self) -> dict:
        return {f"{i}.{name}": p for i, layer in enumerate(self.layers) for name, p in layer.params.items()}

    def save(self, path):
        np.savez_compressed(path, **self.state_dict())

    def load(self, path):
        """Copy saved arrays into the existing parameters; shapes must match the architecture."""
        with np.load(path) as saved:
            mine = self.state_dict()
            if set(saved.files) != set(mine):
                raise ValueError(f"{path} holds {sorted(saved.files)}, this model has {sorted(mine)}")
            for key, p in mine.items():
                if saved[key].shape != p.shape:
                    raise ValueError(f"{path}: {key} has shape {saved[key].shape}, the model needs {p.shape}")
                p[...] = saved[key]
        return self
