"""Slider for lesson 6: which hidden unit's first-layer weights to show as a 28×28 image."""
from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt

from ..render.images_mlp import UnitWeightsView
from ._figure_box import connect


def unit_weights_explorer(w_in, w_init, w_out, unit=0, image_shape=(28, 28)):
    """(box, view): w_in and w_init (n_units, H·W) first-layer weights after and before
    training, w_out (n_classes, n_units) the output layer's weights."""
    with plt.ioff():
        view = UnitWeightsView(w_in, w_init, w_out, unit, image_shape)
    slider = widgets.IntSlider(value=unit, min=0, max=len(w_in) - 1, description="hidden unit")
    return connect({"unit": slider}, view.fig, view.update), view
