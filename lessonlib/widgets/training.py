"""Control for lesson 2: a logarithmic learning-rate slider over precomputed loss curves."""
from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np

from ..render.training import LearningRateView
from ._controls import WIDE
from ._figure_box import connect


def learning_rate_explorer(x, y, x_plot, curves, lr=0.1):
    """(box, view): the curves' learning rates must be evenly spaced in log10 (e.g. 10**-3 … 10**0.5)."""
    logs = np.log10([c.lr for c in curves])
    steps = np.diff(logs)
    if len(logs) < 2 or not np.allclose(steps, steps[0]):
        raise ValueError("the slider needs at least two learning rates evenly spaced on a log scale, "
                         f"got {[round(c.lr, 6) for c in curves]}")
    with plt.ioff():
        view = LearningRateView(x, y, x_plot, curves, lr)
    slider = widgets.FloatLogSlider(value=view.settings["lr"], base=10, min=logs[0], max=logs[-1],
                                    step=float(steps[0]), readout_format=".3g", description="learning rate",
                                    style=WIDE)
    return connect({"lr": slider}, view.fig, view.update), view
