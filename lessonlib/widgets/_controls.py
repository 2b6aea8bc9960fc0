"""Small presentation settings shared by the widget shells of lessons 1–3."""
from __future__ import annotations

import ipywidgets as widgets

WIDE = {"description_width": "initial"}   # show a control's whole label, not "hidden un..."


def without_header(fig):
    """Hide ipympl's "Figure 3" title bar above a live figure (nothing to do under Agg); return fig."""
    if isinstance(fig.canvas, widgets.DOMWidget):
        fig.canvas.header_visible = False
    return fig
