"""Lesson 3's sliders (hidden units, epochs): time of one redraw of RegressionView (median of 20).

    python benchmarks/bench_render_regression.py
"""
from __future__ import annotations

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402
from bench_render_mlp import report  # noqa: E402

from lessonlib.data import load_auto_mpg  # noqa: E402
from lessonlib.nn.experiments import regression_run  # noqa: E402
from lessonlib.nn.preprocess import Standardiser, train_test_split  # noqa: E402
from lessonlib.render.regression import RegressionView  # noqa: E402


def main():
    cars = load_auto_mpg(verbose=False)
    X = np.column_stack([cars.column(c) for c in ("cylinders", "horsepower", "weight")])
    x_tr, x_te, y_tr, y_te = train_test_split(X, cars.column("mpg"), test_fraction=0.2, seed=0)
    sx, sy = Standardiser.fit(x_tr), Standardiser.fit(y_tr[:, None])
    runs = {h: regression_run(sx.apply(x_tr), sy.apply(y_tr[:, None])[:, 0], sx.apply(x_te),
                              sy.apply(y_te[:, None])[:, 0], h, y_scaler=sy, epochs=300) for h in (1, 8, 16)}
    coef, *_ = np.linalg.lstsq(np.column_stack([x_tr, np.ones(len(x_tr))]), y_tr, rcond=None)
    linear = np.column_stack([x_te, np.ones(len(x_te))]) @ coef
    view = RegressionView(y_te, linear, runs, hidden=8, epochs=200)
    view.fig.canvas.draw()
    settings = [dict(hidden=h, epochs=e) for h in (1, 16, 8) for e in (1, 300, 57)]
    report("lesson 3 RegressionView", view, settings)


if __name__ == "__main__":
    main()
