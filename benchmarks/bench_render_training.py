"""Lesson 2's learning-rate slider: time of one redraw of LearningRateView (median of 20).

    python benchmarks/bench_render_training.py
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

from lessonlib.nn.classification import mlp  # noqa: E402
from lessonlib.nn.experiments import learning_rate_curves  # noqa: E402
from lessonlib.render.training import LearningRateView  # noqa: E402


def main():
    rng = np.random.default_rng(0)
    x = np.sort(rng.uniform(-3, 3, 64))[:, None]
    y = np.sin(x) + 0.1 * rng.standard_normal(x.shape)
    x_plot = np.linspace(-3, 3, 200)[:, None]
    lrs = 10 ** np.arange(-3, 0.51, 0.25)          # the lesson's 15 rates and 200 steps
    curves = learning_rate_curves(lambda: mlp((1, 16, 1), seed=1, activation="tanh"), x, y, lrs,
                                  steps=200, x_plot=x_plot)
    view = LearningRateView(x, y, x_plot, curves, lr=0.1)
    view.fig.canvas.draw()
    settings = [dict(lr=lr) for lr in (0.001, 0.1, 3.16, 0.316)]
    report("lesson 2 LearningRateView", view, settings)


if __name__ == "__main__":
    main()
