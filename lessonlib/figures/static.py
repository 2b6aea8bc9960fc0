"""Figures drawn once and shown as a picture (no slider moves them)."""
from __future__ import annotations

from matplotlib.figure import Figure

from .style import DPI


def static_figure(figsize, ncols: int = 1, nrows: int = 1, **subplots_kw):
    """(fig, axes): a constrained-layout figure at DPI built outside pyplot, so pyplot keeps no
    reference to it and a notebook cell that returns it shows it once, as a PNG."""
    fig = Figure(figsize=figsize, dpi=DPI, layout="constrained")
    return fig, fig.subplots(nrows, ncols, **subplots_kw)
