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

    # Each kernel has a one-image path (a slider) and a parallel batch path (training), and the
    # convolution folds dx back through shifted rows at stride 1 and col2im otherwise: warm all of them.
    small, batch = (1, 2, 7, 7), (8, 4, 33, 33)  # odd sizes: stride 2 with padding 1 fits

    def conv2d(dt):
        for shape in (small, batch):
            x, w, b = np.ones(shape, dt), np.ones((4, shape[1] // 2, 3, 3), dt), np.ones(4, dt)
            for stride in (1, 2):
                out, cache = k.conv2d_forward(x, w, b, stride=stride, padding=1, groups=2)
                k.conv2d_backward(np.ones_like(out), cache)
        cache.cols  # the unfolded matrix lessons show

    def conv_transpose2d(dt):
        for shape in (small, batch):
            x, w, b = np.ones(shape, dt), np.ones((shape[1], 2, 3, 3), dt), np.ones(4, dt)
            for stride in (1, 2):
                out, cache = k.conv_transpose2d_forward(x, w, b, stride=stride, padding=1, groups=2)
                k.conv_transpose2d_backward(np.ones_like(out), cache)

    def conv3d(dt):
        x, w = np.ones((1, 1, 4, 4, 4), dt), np.ones((1, 1, 2, 2, 2), dt)
        out, cache = k.conv3d_forward(x, w)
        k.conv3d_backward(np.ones_like(out), cache)

    def pools(dt):
        for shape in (small, batch):
            x = np.arange(np.prod(shape), dtype=dt).reshape(shape)
            for fwd, bwd in ((k.maxpool2d_forward, k.maxpool2d_backward), (k.avgpool2d_forward, k.avgpool2d_backward)):
                out, cache = fwd(x, 2)
                bwd(np.ones_like(out), cache)

    def activations(dt):
        x = np.linspace(-2, 2, 5).astype(dt)
        for name in k.ACTIVATIONS:
            y, cache = k.activation_forward(x, name)
            k.activation_backward(np.ones_like(y), cache)

    def lrn(dt):
        out, cache = k.lrn_forward(np.ones((1, 6, 3, 3), dt))
        k.lrn_backward(np.ones_like(out), cache)

    def adaptive_pools(dt):
        x = np.arange(50, dtype=dt).reshape(1, 2, 5, 5)
        for fwd, bwd in ((k.adaptive_maxpool2d_forward, k.adaptive_maxpool2d_backward),
                         (k.adaptive_avgpool2d_forward, k.adaptive_avgpool2d_backward)):
            out, cache = fwd(x, (2, 2))
            bwd(np.ones_like(out), cache)
        out, cache = k.global_avgpool2d_forward(x)
        k.global_avgpool2d_backward(np.ones_like(out), cache)

    def separable(dt):
        k.separable_conv2d(np.ones((1, 1, 6, 6), dt), np.ones(3, dt), np.ones(3, dt), padding=1)

    return [("conv2d", conv2d), ("transposed", conv_transpose2d), ("conv3d", conv3d), ("pooling", pools),
            ("activations", activations), ("lrn", lrn), ("adaptive pool", adaptive_pools), ("separable", separable)]


def main() -> None:
    for name, call in _calls():
        start = time.perf_counter()
        for dt in (np.float32, np.float64):
            call(dt)
        print(f"warmed {name:12s} in {time.perf_counter() - start:6.2f} s")


if __name__ == "__main__":
    main()
