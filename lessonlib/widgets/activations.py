"""Sliders for lesson 13: leaky ReLU's slope ε and ELU's α."""
from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np

from ..render.activations import ParametricActivations
from ._figure_box import connect


def activation_sliders(x=None, slope=0.1, alpha=1.0):
    """(box, view): defaults are the slide's max(0.1x, x) and ELU with α = 1."""
    x = np.linspace(-4, 3, 561) if x is None else x
    with plt.ioff():
        view = ParametricActivations(x, slope, alpha)
    controls = {
        "slope": widgets.FloatSlider(value=slope, min=0.0, max=1.0, step=0.01, description="leaky ε"),
        "alpha": widgets.FloatSlider(value=alpha, min=0.0, max=5.0, step=0.05, description="ELU α"),
    }
    return connect(controls, view.fig, view.update), view
