"""Lesson 13's explorer: leaky ReLU's slope ε and ELU's α."""
from __future__ import annotations

import functools

import ipywidgets as widgets
import numpy as np

from ...figures import Explorer
from .compute import parametric_curves
from .view import ParametricActivations


def activation_explorer(x=None, slope=0.1, alpha=1.0) -> Explorer:
    """Defaults are the slide's max(0.1x, x) and ELU with α = 1; x: (n,) grid of the curves."""
    x = np.linspace(-4, 3, 561) if x is None else np.asarray(x, dtype=np.float64)
    controls = {
        "slope": widgets.FloatSlider(value=slope, min=0.0, max=1.0, step=0.01, description="leaky ε"),
        "alpha": widgets.FloatSlider(value=alpha, min=0.0, max=5.0, step=0.05, description="ELU α"),
    }
    return Explorer(controls, functools.partial(parametric_curves, x), ParametricActivations)
