"""Lesson 1's slider: time of one redraw of RepresentationView (median of 20).

    python benchmarks/bench_render_mlp.py

Prints ms for update() alone (what the callback changes) and for update() + a full Agg
draw of the canvas (what ipympl then renders and sends to the browser), as wall time and
as this process's CPU time (the honest figure when other jobs share the cores).
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


def median_ms(view, settings, draw, repeats=20, clock=time.perf_counter):
    """Median ms of view.update(**s) (+ a full Agg draw if draw), cycling through settings.

    clock=time.process_time counts this process's CPU time only: on a loaded machine (other
    jobs on the same cores) the wall time grows, the CPU time does not.
    """
    times = []
    for s in itertools.islice(itertools.cycle(settings), repeats):
        t = clock()
        view.update(**s)
        if draw:
            view.fig.canvas.draw()
        times.append(clock() - t)
    return 1000 * float(np.median(times))


def report(name, view, settings):
    print(f"{name}: update {median_ms(view, settings, False):.1f} ms, update + draw "
          f"{median_ms(view, settings, True):.1f} ms wall, "
          f"{median_ms(view, settings, True, clock=time.process_time):.1f} ms CPU per redraw")


def main():
    X, y = two_moons(200, 0.2, seed=0)
    grid = plane_grid(X, n=80)
    # timings do not depend on how well the nets are trained: a few steps are enough here
    results = representation_grid(X, y, grid, range(1, 9), ("relu", "tanh", "sigmoid"), epochs=5)
    view = RepresentationView(X, y, grid.extent, results, hidden=5, activation="tanh")
    view.fig.canvas.draw()
    settings = [dict(hidden=h, activation=a) for h in (1, 8, 4) for a in ("relu", "tanh", "sigmoid")]
    report("lesson 1 RepresentationView", view, settings)


if __name__ == "__main__":
    main()
