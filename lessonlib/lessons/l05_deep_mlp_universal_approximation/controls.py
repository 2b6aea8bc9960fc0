"""Lesson 5's explorer: the number of hidden units of a one-hidden-layer fit, in powers of two."""
from __future__ import annotations

import ipywidgets as widgets

from ...figures import Explorer
from .compute import WidthSweep
from .view import WidthView


def width_explorer(x, target, fits, n_hidden=8, built=None) -> Explorer:
    """The slider's value is log₂ of the number of hidden units n (setting `log2_n`).

    fits: CurveFit per width, widths consecutive powers of two (1, 2, 4, ...), precomputed;
    built: optional hand-set fits of the same widths, drawn for comparison."""
    sweep = WidthSweep(x, target, fits, built)
    if n_hidden not in sweep.widths:
        raise ValueError(f"n_hidden must be one of the precomputed widths {sweep.widths.tolist()}, got {n_hidden!r}")
    slider = widgets.IntSlider(value=int(n_hidden).bit_length() - 1, min=sweep.first, max=sweep.last,
                               description="log₂ n")
    return Explorer({"log2_n": slider}, sweep, WidthView)
