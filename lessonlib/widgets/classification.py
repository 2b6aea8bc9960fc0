"""Controls for lesson 4: two dropdowns choose the features of the decision-region plot."""
from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt

from ..render.classification import DecisionRegionsView
from ._figure_box import connect


def decision_regions_explorer(regions: dict, X, y, is_test, feature_names, class_names,
                              x_feature=2, y_feature=3):
    """(box, view): each dropdown swaps in the precomputed model of the chosen feature pair.

    Defaults: petal length against petal width, the pair that separates the species best."""
    with plt.ioff():
        view = DecisionRegionsView(regions, X, y, is_test, feature_names, class_names, x_feature, y_feature)
    options = [(name, i) for i, name in enumerate(feature_names)]
    controls = {
        "x_feature": widgets.Dropdown(options=options, value=x_feature, description="x axis"),
        "y_feature": widgets.Dropdown(options=options, value=y_feature, description="y axis"),
    }
    return connect(controls, view.fig, view.update), view
