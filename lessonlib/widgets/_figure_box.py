"""The one piece every widget shell of lessons 13-16 shares: controls above a live figure."""
from __future__ import annotations

import ipywidgets as widgets


def canvas_widget(fig):
    """The ipympl canvas under `%matplotlib widget` (without its "Figure n" header); elsewhere
    (tests, Agg) an empty Output."""
    if not isinstance(fig.canvas, widgets.DOMWidget):
        return widgets.Output()
    fig.canvas.header_visible = False
    return fig.canvas


def connect(controls: dict, fig, update):
    """Call update(**{name: value}) and redraw whenever a control moves; return a VBox."""
    def on_change(change):
        name = next(k for k, c in controls.items() if c is change["owner"])
        update(**{name: change["new"]})
        fig.canvas.draw_idle()

    for control in controls.values():
        control.observe(on_change, "value")
    return widgets.VBox([widgets.HBox(list(controls.values())), canvas_widget(fig)])
