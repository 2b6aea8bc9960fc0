"""The one widget contract every lesson's controls follow.

    controls (ipywidgets) --settings--> compute(**settings) --frame--> view.update(frame)

An `Explorer` holds a lesson's controls, its computation and its view, and is what a notebook
cell displays. The contract:

- one observer for every control: any move reads all settings, computes one frame, updates the
  view's existing artists and asks the canvas for one redraw;
- a control whose range depends on others (a channel menu that follows the layer, a position
  slider whose end follows the output size) is given its new range by `ranges(**settings)`
  inside `hold_trait_notifications`, before the frame is computed, so min, max and value change
  together and never disagree;
- no busy flags: a change that a range adjustment causes while the first is being handled is
  handled like any other, and the outer call then finds the settings already drawn;
- `update(**settings)` sets controls by name (headless: tests and benchmarks call it) and returns
  the frame drawn; `frame` and `settings` always describe what the figure shows;
- displayed before any kernel has run (a fresh Binder launch, GitHub, nbviewer), the output shows
  a picture of the first state and a line that says how to make it live, not a widget repr.

The computation is any callable `compute(**settings) -> frame` (a small NamedTuple); the view is
any class `View(frame)` with `.fig` and `.update(frame)` that draws and computes nothing.
"""
from __future__ import annotations

import base64
import io
from typing import Any, Callable, Mapping, Sequence

import ipywidgets as widgets
import matplotlib.pyplot as plt

LIVE_HINT = ("Interactive figure, shown as a picture of its first state: run the notebook's cells "
             "(Run > Run All Cells) to move its controls.")


def canvas_widget(fig):
    """The ipympl canvas under `%matplotlib widget`, without its "Figure n" header and toolbar;
    elsewhere (tests, the Agg backend) an empty Output, so the box can still be built."""
    if not isinstance(fig.canvas, widgets.DOMWidget):
        return widgets.Output()
    fig.canvas.header_visible = False
    fig.canvas.toolbar_visible = False      # lessons use no zoom or pan; the toolbar covered panels
    return fig.canvas


def figure_png(fig) -> bytes:
    """The figure as PNG bytes at its own size and dpi (what a live canvas would show)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=fig.dpi)
    return buf.getvalue()


class Explorer:
    """Controls, computation and view of one interactive figure (see the module docstring).

    controls: {setting name: ipywidgets control}, in display order.
    compute:  compute(**settings) -> frame; settings are the controls' values by name.
    view:     View(frame) -> object with .fig and .update(frame).
    ranges:   optional ranges(**settings) -> {control name: {trait: value}} for controls whose
              min/max/options depend on other settings (set before the frame is computed).
    rows:     optional layout: a list of rows, each a list of control names or extra widgets
              (a Play button, a label); default one row of every control.
    """

    def __init__(self, controls: Mapping[str, widgets.Widget], compute: Callable[..., Any], view: Callable,
                 ranges: Callable[..., Mapping[str, Mapping[str, Any]]] | None = None,
                 rows: Sequence[Sequence[str | widgets.Widget]] | None = None):
        self.controls = dict(controls)
        self.compute = compute
        self.ranges = ranges
        self._apply_ranges()
        self.settings = self._read()
        self.frame = compute(**self.settings)
        with plt.ioff():                      # the box shows the canvas; no second inline copy
            self.view = view(self.frame)
        for control in self.controls.values():
            control.observe(self._on_change, "value")
        rows = rows if rows is not None else [list(self.controls)]
        self.box = widgets.VBox([widgets.HBox([self.controls[c] if isinstance(c, str) else c for c in row])
                                 for row in rows] + [canvas_widget(self.view.fig)])

    @property
    def fig(self):
        return self.view.fig

    def _read(self) -> dict:
        return {name: control.value for name, control in self.controls.items()}

    def _apply_ranges(self):
        if self.ranges is None:
            return
        for name, traits in self.ranges(**self._read()).items():
            control = self.controls[name]
            with control.hold_trait_notifications():
                for trait, value in traits.items():
                    setattr(control, trait, value)

    def _on_change(self, change):
        self._apply_ranges()          # may move a dependent control: that change is handled first
        settings = self._read()
        if settings == self.settings:  # already drawn (by the change a range adjustment caused)
            return
        self.settings = settings
        self.frame = self.compute(**settings)
        self.view.update(self.frame)
        self.fig.canvas.draw_idle()

    def update(self, **settings):
        """Set controls by name, as a student would, in the order given (a control whose range
        depends on another after that one), and return the frame now drawn."""
        unknown = sorted(set(settings) - set(self.controls))
        if unknown:
            raise ValueError(f"unknown setting(s) {unknown}: this explorer's settings are {list(self.controls)}")
        for name, value in settings.items():
            self.controls[name].value = value
        return self.frame

    # -- display: the live widget, a picture of its first state, and a line saying how to go live
    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = dict(self.box._repr_mimebundle_(include=include, exclude=exclude) or {})
        bundle["image/png"] = base64.b64encode(figure_png(self.fig)).decode("ascii")
        bundle["text/plain"] = LIVE_HINT
        return bundle
