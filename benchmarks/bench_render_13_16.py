"""Redraw cost of every slider in lessons 13-16: median of 20 update() calls, and of update() plus a
full Agg draw of the figure (an upper bound for what ipympl redraws in the browser).

    python benchmarks/bench_render_13_16.py

Prints one line per slider: `<lesson> <slider>: update X.X ms, update + draw Y.Y ms`. Target: update < 50 ms.
"""
from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("MPLBACKEND", "Agg")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import matplotlib  # noqa: E402

matplotlib.use("Agg")
import numpy as np  # noqa: E402


def median_ms(call, settings, fig, draw):
    times = []
    for i in range(20):
        start = time.perf_counter()
        call(**settings[i % len(settings)])
        if draw:
            fig.canvas.draw()
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def sliders():
    """(name, update function, list of settings to cycle through, figure)."""
    from lessonlib.data import bundled_split
    from lessonlib.models.small_cnn import load_small_cnn
    from lessonlib.widgets.activations import activation_sliders
    from lessonlib.widgets.architectures import ArchitectureExplorer
    from lessonlib.widgets.feature_maps import FeatureMapExplorer, lrn_sliders
    from lessonlib.widgets.pooling import pooling_sliders

    _, act = activation_sliders()
    yield "13 leaky ε / ELU α", act.update, [dict(slope=s, alpha=a) for s, a in [(0.1, 1), (0.5, 2), (0.9, 0.3)]], act.fig
    test = bundled_split().test
    ex = FeatureMapExplorer(load_small_cnn(), test.images, test.labels)
    yield ("14 digit / example / layer / channel", ex.update,
           [dict(digit=d, example=e, stage=s, channel=c) for d, e, s, c in
            [(7, 0, "conv1 + ReLU", 0), (3, 4, "conv2 + ReLU", 9), (0, 9, "pool2", 15)]], ex.view.fig)
    _, lrn = lrn_sliders(ex.maps["conv2 + ReLU"][0])
    yield ("14 LRN n / α / β / k", lrn.update,
           [dict(size=n, alpha=a, beta=b, k=k) for n, a, b, k in [(5, 1e-4, 0.75, 2), (9, 0.1, 1.0, 1), (3, 1.0, 0.5, 0.5)]], lrn.fig)
    _, pool = pooling_sliders(np.random.default_rng(3).integers(0, 10, (7, 7)).astype(float))
    yield ("15 pool size / stride / mode / ceil", pool.update,
           [dict(kernel=k, stride=s, mode=m, ceil_mode=c) for k, s, m, c in [(2, 2, "max", False), (3, 2, "max", True), (3, 1, "avg", False)]], pool.fig)
    arch = ArchitectureExplorer()
    yield "16 input height / width", arch.update, [dict(height=h, width=w) for h, w in [(28, 28), (40, 33), (3, 64)]], arch.view.fig


def main():
    for name, update, settings, fig in sliders():
        update(**settings[0])
        fig.canvas.draw()                                   # warm up: compile, first draw
        print(f"{name:38s} update {median_ms(update, settings, fig, False):6.2f} ms, "
              f"update + draw {median_ms(update, settings, fig, True):6.1f} ms")


if __name__ == "__main__":
    main()
