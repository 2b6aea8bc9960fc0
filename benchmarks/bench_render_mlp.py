"""Lesson 1's slider: time of one redraw of RepresentationView (median of 20).

    python benchmarks/bench_render_mlp.py

Prints ms for update() alone (what the callback changes) and for update() + a full Agg
draw of the canvas (what ipympl then renders and sends to the browser).
"""
from __future__ import annotations

import itertools
import sys
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

from lessonlib.nn.experiments import representation_grid  # noqa: E402
from lessonlib.nn.toydata import plane_grid, two_moons  # noqa: E402
from lessonlib.render.mlp import RepresentationView  # noqa: E402


def median_ms(view, settings, draw, repeats=20):
    times = []
    for s in itertools.islice(itertools.cycle(settings), repeats):
        t = time.perf_counter()
        view.update(**s)
        if draw:
            view.fig.canvas.draw()
        times.append(time.perf_counter() - t)
    return 1000 * float(np.median(times))


def main():
    X, y = two_moons(200, 0.2, seed=0)
    grid = plane_grid(X, n=80)
    # timings do not depend on how well the nets are trained: a few steps are enough here
    results = representation_grid(X, y, grid, range(1, 9), ("relu", "tanh", "sigmoid"), epochs=5)
    view = RepresentationView(X, y, grid.extent, results, hidden=5, activation="tanh")
    view.fig.canvas.draw()
    settings = [dict(hidden=h, activation=a) for h in (1, 8, 4) for a in ("relu", "tanh", "sigmoid")]
    print(f"lesson 1 RepresentationView: update {median_ms(view, settings, False):.1f} ms, "
          f"update + draw {median_ms(view, settings, True):.1f} ms per redraw")


if __name__ == "__main__":
    main()
