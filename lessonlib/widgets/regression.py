"""Controls for lesson 3: hidden units and epochs, over precomputed Auto MPG training runs."""
from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt

from ..render.regression import RegressionView
from ._controls import WIDE
from ._figure_box import connect


def regression_explorer(y_test, linear_pred, runs: dict, hidden=8, epochs=200):
    """(box, view): slider over the hidden sizes in runs (every size from min to max) and epochs."""
    sizes = sorted(runs)
    if sizes != list(range(sizes[0], sizes[-1] + 1)):
        raise ValueError(f"the slider steps by one unit: runs need every hidden size from {sizes[0]} to "
                         f"{sizes[-1]}, got {sizes}")
    with plt.ioff():
        view = RegressionView(y_test, linear_pred, runs, hidden, epochs)
    controls = {
        "hidden": widgets.IntSlider(value=hidden, min=sizes[0], max=sizes[-1], description="hidden units",
                                    style=WIDE),
        "epochs": widgets.IntSlider(value=epochs, min=1, max=view.max_epochs, description="epochs", style=WIDE),
    }
    return connect(controls, view.fig, view.update), view
