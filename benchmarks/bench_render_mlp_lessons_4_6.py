"""Lessons 4-6: time of one redraw of each slider/dropdown view (median of 20).

    python benchmarks/bench_render_mlp_lessons_4_6.py

Prints ms for update() alone (what the callback changes) and for update() + a full Agg draw
of the canvas (what ipympl then renders and sends to the browser), plus the CPU time of the
latter, which stays meaningful when other jobs compete for the cores. The views get real data
(Iris regions, 1-D fits, a 784-500-10 model's weights); the models are trained only briefly,
since redraw time does not depend on how well they are trained.
"""
from __future__ import annotations

import itertools
import os
import sys
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
os.environ.setdefault("TQDM_DISABLE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

from lessonlib.data import load_iris  # noqa: E402
from lessonlib.nn.approximation import target_curve, width_sweep  # noqa: E402
from lessonlib.nn.classification import mlp, pair_regions, stratified_split  # noqa: E402
from lessonlib.render.approximation import WidthView  # noqa: E402
from lessonlib.render.classification import DecisionRegionsView  # noqa: E402
from lessonlib.render.images_mlp import UnitWeightsView  # noqa: E402


def median_ms(view, settings, draw, clock, repeats=20):
    times = []
    for s in itertools.islice(itertools.cycle(settings), repeats):
        t = clock()
        view.update(**s)
        if draw:
            view.fig.canvas.draw()
        times.append(clock() - t)
    return 1000 * float(np.median(times))


def report(name, view, settings):
    view.fig.canvas.draw()
    wall = [median_ms(view, settings, draw, time.perf_counter) for draw in (False, True)]
    cpu = median_ms(view, settings, True, time.process_time)
    print(f"{name}: update {wall[0]:.1f} ms, update + draw {wall[1]:.1f} ms per redraw "
          f"(CPU time {cpu:.1f} ms: what it costs when the machine is not shared)")


def main():
    iris = load_iris()
    split = stratified_split(iris.X, iris.y, 0.3, seed=0)
    is_test = np.isin(np.arange(len(iris.y)), split.test_index)
    regions = pair_regions(split, n=150, epochs=5)
    view = DecisionRegionsView(regions, iris.X, iris.y, is_test, iris.features, iris.species)
    report("lesson 4 DecisionRegionsView (dropdowns)", view,
           [dict(x_feature=i, y_feature=j) for i, j in [(0, 1), (2, 3), (3, 1), (1, 0), (0, 2)]])

    x, y = target_curve("waves")
    fits = width_sweep([2 ** k for k in range(8)], x, y, seeds=(0,), schedule=((20, 0.02),))
    view = WidthView(x, y, fits, 3)
    report("lesson 5 WidthView (log2 n slider)", view, [dict(index=i) for i in (0, 7, 3, 5)])

    model, start = mlp((784, 500, 10), seed=0, dtype=np.float32), mlp((784, 500, 10), seed=1, dtype=np.float32)
    view = UnitWeightsView(model.layers[0].params["W"], start.layers[0].params["W"], model.layers[2].params["W"])
    report("lesson 6 UnitWeightsView (hidden unit slider)", view, [dict(unit=u) for u in (0, 499, 17, 250)])


if __name__ == "__main__":
    main()
