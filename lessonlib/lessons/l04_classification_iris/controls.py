"""Lesson 4's explorer: two dropdowns choose the features of the decision-region plot."""
from __future__ import annotations

import functools

import ipywidgets as widgets

from ...figures import Explorer
from .compute import DecisionRegions
from .view import DecisionRegionsView


def decision_regions_explorer(regions: dict, X, y, is_test, feature_names, class_names,
                              x_feature=2, y_feature=3) -> Explorer:
    """Each dropdown swaps in the precomputed model of the chosen feature pair.

    regions: {(i, j): Regions} from pair_regions; X: (n, n_features), y: (n,), is_test: (n,) bool.
    Defaults: petal length against petal width, the pair that separates the species best."""
    options = [(name, i) for i, name in enumerate(feature_names)]
    controls = {
        "x_feature": widgets.Dropdown(options=options, value=x_feature, description="x axis"),
        "y_feature": widgets.Dropdown(options=options, value=y_feature, description="y axis"),
    }
    return Explorer(controls, DecisionRegions(regions, X, y, is_test, feature_names),
                    functools.partial(DecisionRegionsView, class_names=tuple(class_names)))
