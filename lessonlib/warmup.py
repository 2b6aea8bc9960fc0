"""Call every jitted kernel once in float32 and float64, so Numba writes its cache.

Binder's postBuild runs `python -m lessonlib.warmup`; a student's first slider move
then loads compiled code instead of compiling (seconds) in front of the class.
"""
from __future__ import annotations

import time

import numpy as np


def _calls():
    """(name, function of dtype) for every kernel; each function runs forward and backward."""
    from . import kernels as k

    def conv2d(dt):
        x, w, b = np.ones((2, 2, 6, 6), dt), np.ones((2, 1, 3, 3), dt), np.ones(2, dt)
        out, cache = k.conv2d_forward(x, w, b, stride=1, padding=1, groups=2)
        k.conv2d_backward(np.ones_like(out), cache)

    def conv3d(dt):
        x, w = np.ones((1, 1, 4, 4, 4), dt), np.ones((1, 1, 2, 2, 2), dt)
        out, cache = k.conv3d_forward(x, w)
        k.conv3d_backward(np.ones_like(out), cache)

    def pools(dt):
        x = np.arange(32, dtype=dt).reshape(1, 2, 4, 4)
        for fwd, bwd in ((k.maxpool2d_forward, k.maxpool2d_backward), (k.avgpool2d_forward, k.avgpool2d_backward)):
            out, cache = fwd(x, 2)
            bwd(np.ones_like(out), cache)

    def activations(dt):
        x = np.linspace(-2, 2, 5).astype(dt)
        for name in k.ACTIVATIONS:
            y, cache = k.activation_forward(x, name)
            k.activation_backward(np.ones_like(y), cache)

    calls = [("conv2d", conv2d), ("conv3d", conv3d), ("pooling", pools), ("activations", activations)]
    calls += _optional_calls()
    return calls


def _optional_calls():
    """Kernels added by later lessons register here when their modules exist."""
    found = []
    try:
        from .kernels import lrn

        def run_lrn(dt):
            out, cache = lrn.lrn_forward(np.ones((1, 6, 3, 3), dt))
            lrn.lrn_backward(np.ones_like(out), cache)
        found.append(("lrn", run_lrn))
    except ImportError:
        pass
    return found


def main() -> None:
    for name, call in _calls():
        start = time.perf_counter()
        for dt in (np.float32, np.float64):
            call(dt)
        print(f"warmed {name:12s} in {time.perf_counter() - start:6.2f} s")


if __name__ == "__main__":
    main()
