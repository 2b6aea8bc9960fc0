"""Controls for lesson 1: number of hidden units and activation, over precomputed networks."""
from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt

from ..render.mlp import RepresentationView
from ._controls import WIDE
from ._figure_box import connect


def representation_explorer(X, y, extent, results: dict, hidden=4, activation="tanh"):
    """(box, view): a slider over the hidden sizes and buttons over the activations in results."""
    hidden_sizes = sorted({h for h, _ in results})
    activations = sorted({a for _, a in results})
    if hidden_sizes != list(range(min(hidden_sizes), max(hidden_sizes) + 1)):
        raise ValueError(f"the slider steps by one unit: results need every hidden size from "
                         f"{min(hidden_sizes)} to {max(hidden_sizes)}, got {hidden_sizes}")
    with plt.ioff():
        view = RepresentationView(X, y, extent, results, hidden, activation)
    controls = {
        "hidden": widgets.IntSlider(value=hidden, min=min(hidden_sizes), max=max(hidden_sizes),
                                    description="hidden units", style=WIDE),
        "activation": widgets.ToggleButtons(options=activations, value=activation, description="activation f",
                                            style=WIDE | {"button_width": "70px"}),
    }
    return connect(controls, view.fig, view.update), view
