"""Lesson 3's explorer: hidden units and epochs, over precomputed Auto MPG training runs."""
from __future__ import annotations

from functools import partial

import ipywidgets as widgets

from ...figures import Explorer
from ...figures.style import WIDE
from .compute import max_epochs, mean_absolute_error, regression_frame
from .view import RegressionView


def regression_explorer(y_test, linear_pred, runs: dict, hidden=8, epochs=200) -> Explorer:
    """Sliders over the hidden sizes in runs ({hidden: compute.RegressionRun}, every size from min to
    max) and the epochs they recorded; the least-squares predictions linear_pred are the baseline."""
    sizes = sorted(runs)
    if sizes != list(range(sizes[0], sizes[-1] + 1)):
        raise ValueError(f"the slider steps by one unit: runs need every hidden size from {sizes[0]} to "
                         f"{sizes[-1]}, got {sizes}")
    linear_mae = mean_absolute_error(linear_pred, y_test)
    controls = {
        "hidden": widgets.IntSlider(value=hidden, min=sizes[0], max=sizes[-1], description="hidden units",
                                    style=WIDE),
        "epochs": widgets.IntSlider(value=epochs, min=1, max=max_epochs(runs), description="epochs", style=WIDE),
    }
    return Explorer(controls, partial(regression_frame, runs, linear_mae),
                    partial(RegressionView, y_test=y_test, linear_pred=linear_pred, runs=runs))
