"""Lesson 2's explorer: a logarithmic learning-rate slider over precomputed loss curves."""
from __future__ import annotations

from functools import partial

import ipywidgets as widgets
import numpy as np

from ...figures import Explorer
from ...figures.style import WIDE
from .compute import nearest_curve
from .view import LearningRateView


def learning_rate_explorer(x, y, x_plot, curves, lr=0.1) -> Explorer:
    """A learning-rate slider over curves (from compute.learning_rate_curves), whose rates must be
    positive and evenly spaced in log10 (e.g. 10**-3 … 10**0.5); a move snaps to the nearest one."""
    lrs = np.array([c.lr for c in curves])
    if len(lrs) == 0 or np.any(lrs <= 0):
        raise ValueError("curves must be a non-empty list of runs with positive learning rates")
    logs = np.log10(lrs)
    steps = np.diff(logs)
    if len(logs) < 2 or not np.allclose(steps, steps[0]):
        raise ValueError("the slider needs at least two learning rates evenly spaced on a log scale, "
                         f"got {[round(c.lr, 6) for c in curves]}")
    slider = widgets.FloatLogSlider(value=nearest_curve(curves, lr).lr, base=10, min=logs[0], max=logs[-1],
                                    step=float(steps[0]), readout_format=".3g", description="learning rate",
                                    style=WIDE)
    return Explorer({"lr": slider}, partial(nearest_curve, curves),
                    partial(LearningRateView, x=x, y=y, x_plot=x_plot, curves=curves))
