"""Slider for lesson 5: the number of hidden units of a one-hidden-layer fit, in powers of two."""
from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt

from ..render.approximation import WidthView
from ._figure_box import connect


def width_explorer(x, target, fits, n_hidden=8, built=None):
    """(box, view): the slider's value is log₂ of the number of hidden units n.

    fits: CurveFit per width, widths consecutive powers of two (1, 2, 4, ...), precomputed;
    built: optional hand-set fits of the same widths, drawn for comparison."""
    widths = [f.sizes[1] for f in fits]
    k0 = widths[0].bit_length() - 1
    if widths != [2 ** (k0 + i) for i in range(len(widths))]:
        raise ValueError(f"the slider steps through consecutive powers of two; got widths {widths}")
    if n_hidden not in widths:
        raise ValueError(f"n_hidden must be one of the precomputed widths {widths}, got {n_hidden!r}")
    with plt.ioff():
        view = WidthView(x, target, fits, widths.index(n_hidden), built)
    slider = widgets.IntSlider(value=k0 + widths.index(n_hidden), min=k0, max=k0 + len(widths) - 1,
                               description="log₂ n")
    return connect({"index": slider}, view.fig, lambda index: view.update(index - k0)), view
