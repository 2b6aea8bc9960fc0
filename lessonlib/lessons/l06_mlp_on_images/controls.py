"""Lesson 6's explorer: which hidden unit's first-layer weights to show as a 28×28 image."""
from __future__ import annotations

import ipywidgets as widgets

from ...figures import Explorer
from .compute import UnitWeights
from .view import UnitWeightsView


def unit_weights_explorer(w_in, w_init, w_out, unit=0, image_shape=(28, 28)) -> Explorer:
    """w_in and w_init (n_units, H·W) first-layer weights after and before training,
    w_out (n_classes, n_units) the output layer's weights."""
    units = UnitWeights(w_in, w_init, w_out, image_shape)
    slider = widgets.IntSlider(value=unit, min=0, max=units.n_units - 1, description="hidden unit")
    return Explorer({"unit": slider}, units, UnitWeightsView)
