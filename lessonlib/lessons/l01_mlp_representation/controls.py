"""Lesson 1's explorer: number of hidden units and activation, over precomputed networks."""
from __future__ import annotations

from functools import partial

import ipywidgets as widgets

from ...figures import Explorer
from ...figures.style import WIDE
from .compute import units_frame
from .view import RepresentationView


def representation_explorer(X, y, extent, results: dict, hidden=4, activation="tanh", max_units=8) -> Explorer:
    """A slider over the hidden sizes and buttons over the activations in results (from
    compute.representation_grid); the figure shows that network's decision regions and units."""
    hidden_sizes = sorted({h for h, _ in results})
    activations = sorted({a for _, a in results})
    if hidden_sizes != list(range(min(hidden_sizes), max(hidden_sizes) + 1)):
        raise ValueError(f"the slider steps by one unit: results need every hidden size from "
                         f"{min(hidden_sizes)} to {max(hidden_sizes)}, got {hidden_sizes}")
    if max(hidden_sizes) > max_units:
        raise ValueError(f"results hold up to {max(hidden_sizes)} hidden units; "
                         f"the view has panels for max_units={max_units}")
    controls = {
        "hidden": widgets.IntSlider(value=hidden, min=min(hidden_sizes), max=max(hidden_sizes),
                                    description="hidden units", style=WIDE),
        "activation": widgets.ToggleButtons(options=activations, value=activation, description="activation f",
                                            style=WIDE | {"button_width": "70px"}),
    }
    return Explorer(controls, partial(units_frame, results),
                    partial(RepresentationView, X=X, y=y, extent=extent, max_units=max_units))
