"""The one widget contract every lesson's controls follow.

    controls (ipywidgets) --settings--> compute(**settings) --frame--> view.update(frame)

An `Explorer` holds a lesson's controls, its computation and its view, and is what a notebook
cell displays. The contract:

- one observer for every control: any move reads all settings, computes one frame, updates the
  view's existing artists and pushes one picture to the browser (push_frame);
- a control whose range depends on others (a channel menu that follows the layer, a position
  slider whose end follows the output size) is given its new range by `ranges(**settings)`
  inside `hold_trait_notifications`, before the frame is computed, so min, max and value change
  together and never disagree;
- no busy flags: a change that a range adjustment causes while the first is being handled is
  handled like any other, and the outer call then finds the settings already drawn;
- `update(**settings)` sets controls by name (headless: tests and benchmarks call it) and returns
  the frame drawn; `frame` and `settings` always describe what the figure shows;
- every numeric slider (IntSlider, FloatSlider) shows its value in a number box beside it instead
  of its own readout, because the browser clamps a number typed into a slider's readout before
  Python sees it (ipywidgets 8: `Math.max(Math.min(value, max), min)` in the slider view), so
  nobody could tell the student. A number typed into the box reaches Python unchanged; the
  Explorer clamps it to [min, max] (and to the slider's step), moves the slider, and says what
  it did in one line under the controls ("h[0,0]: 10 is above its largest value 4, so it is
  4."); the next move clears the line. `update()` takes the same path. A slider whose readout the
  lesson turned off keeps its own arrangement (no box);
- displayed before any kernel has run (a fresh Binder launch, GitHub, nbviewer), the output shows
  a picture of the first state and a line that says how to make it live, not a widget repr.

The computation is any callable `compute(**settings) -> frame` (a small NamedTuple); the view is
any class `View(frame)` with `.fig` and `.update(frame)` that draws and computes nothing.
"""
from __future__ import annotations

import base64
import html
import io
import math
import numbers
from typing import Any, Callable, Mapping, Sequence

import ipywidgets as widgets
import matplotlib.pyplot as plt

from .style import pin_titles

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


NUMBER_BOX_WIDTH = "5em"       # a number box beside each slider: room for "-0.25" or "1999"
SLIDER_MIN_WIDTH = "200px"     # description + a track long enough to aim at, even at 1280×720


def has_number_box(control) -> bool:
    """A numeric slider that shows its value gets a number box (the Explorer hides its readout)."""
    return isinstance(control, (widgets.IntSlider, widgets.FloatSlider)) and bool(control.readout)


def format_number(slider, value) -> str:
    """`value` as a student reads it in a message: an integer for an IntSlider, else up to 6
    significant digits without trailing zeros (10, 4, 0.15)."""
    if isinstance(slider, widgets.IntSlider) and float(value).is_integer():
        return str(int(value))
    return f"{float(value):.6g}"


def shown_value(slider, value):
    """What the number box shows for the slider's `value`: the int, or the float rounded as the
    slider's readout would print it (a preset's 1/9 shows as 0.11, and stays 1/9 in the slider)."""
    if isinstance(slider, widgets.IntSlider):
        return int(value)
    try:
        return float(format(float(value), slider.readout_format))
    except (ValueError, TypeError, AttributeError):
        return float(f"{float(value):.6g}")


def push_frame(fig):
    """Draw `fig` now and, under ipympl, send the browser the whole picture at once.

    ipympl's own path (draw_idle) is a round trip: the kernel tells the page "draw", the page asks
    for a picture, and the request waits in the kernel's queue behind the slider's next value.
    Drawing in the slider's callback and pushing the picture saves that trip: 40-70 ms per move and
    about half of what a drag leaves queued after the mouse is released (benchmarks/README.md).
    The picture is a whole one, not ipympl's usual difference from the last: the page shows only
    the newest of pictures that arrive faster than it decodes them (it replaces its image's source),
    so a skipped difference would leave stale pixels, while a skipped whole picture is simply
    replaced by the next. Elsewhere (Agg, inline, tests) this is draw_idle."""
    canvas = fig.canvas
    if not isinstance(canvas, widgets.DOMWidget):
        canvas.draw_idle()
        return
    # matplotlib's webagg switch (ipympl declares it as a trait of its Canvas): the next picture
    # sent is whole; get_diff_image resets it after that picture
    canvas._force_full = True
    canvas.draw()           # renders, then sends the picture to the page (FigureManager.refresh_all)


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
        pin_titles(self.view.fig)             # no title is placed again on every move (style.pin_titles)
        # one line under the controls that says what the Explorer did with a typed number
        self.message = widgets.HTML(value="", layout=widgets.Layout(display="none"))
        self.message.add_class("lessonlib-explorer-message")        # the browser test looks for it
        self._clamped_to = None               # (name, value) of the last clamp, until the next move
        self.number_boxes = {name: self._number_box(name) for name, control in self.controls.items()
                             if has_number_box(control)}
        for control in self.controls.values():
            control.observe(self._on_change, "value")
        rows = rows if rows is not None else [list(self.controls)]
        wrap = widgets.Layout(flex_flow="row wrap")     # a narrow window wraps a row; nothing is cut
        self.box = widgets.VBox([widgets.HBox(self._row_widgets(row), layout=wrap) for row in rows]
                                + [self.message, canvas_widget(self.view.fig)])

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

    # -- number boxes: a typed number reaches Python, which clamps it and says so
    def _number_box(self, name):
        slider = self.controls[name]
        kind = widgets.IntText if isinstance(slider, widgets.IntSlider) else widgets.FloatText
        box = kind(value=shown_value(slider, slider.value), continuous_update=False,
                   tooltip=f"type a value for {self._label(name)}",
                   layout=widgets.Layout(width=NUMBER_BOX_WIDTH, min_width=NUMBER_BOX_WIDTH))
        box.add_class("lessonlib-number-box")
        slider.readout = False
        if not slider.layout.min_width:
            slider.layout.min_width = SLIDER_MIN_WIDTH
        widgets.dlink((slider, "disabled"), (box, "disabled"))
        box.observe(lambda change: self._on_number(name, change["new"]), "value")
        return box

    def _row_widgets(self, row):
        out = []
        for item in row:
            name = item if isinstance(item, str) else next(
                (n for n, c in self.controls.items() if c is item), None)
            widget = self.controls[item] if isinstance(item, str) else item
            if name in self.number_boxes:      # a slider and its box wrap to the next line together
                widget = widgets.HBox([widget, self.number_boxes[name]])
            out.append(widget)
        return out

    def _label(self, name) -> str:
        description = getattr(self.controls[name], "description", "").strip().rstrip(":").strip()
        return description or name

    def _clamped(self, name, value):
        """(the value the slider `name` takes for a typed `value`, the sentence that says why, or "")."""
        slider = self.controls[name]
        lo, hi, step = slider.min, slider.max, slider.step
        label, say = self._label(name), (lambda v: format_number(slider, v))
        if isinstance(value, bool) or not isinstance(value, numbers.Real) or math.isnan(value):
            raise TypeError(f"{name} must be a number from {say(lo)} to {say(hi)}, got {value!r}: "
                            f"e.g. update({name}={say(lo)})")
        if value > hi:
            return hi, f"{label}: {say(value)} is above its largest value {say(hi)}, so it is {say(hi)}."
        if value < lo:
            return lo, f"{label}: {say(value)} is below its smallest value {say(lo)}, so it is {say(lo)}."
        if step:
            k = (value - lo) / step
            if abs(k - round(k)) > 1e-9 * max(1.0, abs(k)):
                on = lo + round(k) * step
                on = on - step if on > hi else on
                on = int(on) if isinstance(slider, widgets.IntSlider) else float(f"{on:.12g}")
                return on, (f"{label}: {say(value)} lies between its steps of {say(step)}, "
                            f"so it is {say(on)}.")
        return value, ""

    def _on_number(self, name, typed):
        slider = self.controls[name]
        if typed is None or typed == shown_value(slider, slider.value):
            return                    # the box following its slider, not a typed number
        self._set(name, typed)

    def _set(self, name, value):
        """Set slider `name` to `value` clamped to its range and step (a move like any other: one
        computation, or none if the slider is already there), then say what was clamped."""
        value, why = self._clamped(name, value)
        self._clamped_to = (name, value) if why else None
        self.controls[name].value = value
        self._follow()
        self._say(why)

    def _follow(self):
        """Every number box shows its slider's value (also one a range adjustment just moved)."""
        for name, box in self.number_boxes.items():
            box.value = shown_value(self.controls[name], self.controls[name].value)

    def _say(self, text):
        if not text and not self.message.value:
            return
        self.message.value = (f'<span style="color:#8a3b00">'
                              f"{html.escape(text)}</span>" if text else "")
        self.message.layout.display = None if text else "none"

    def _echo(self, change) -> bool:
        """The browser sending back the value the Explorer just clamped to, rounded by its slider
        (a float slider from 0.1 by 0.1 reaches 5 as 5.000000000000001): not a move of the student's."""
        clamped = self._clamped_to
        if clamped is None or change.get("owner") is not self.controls.get(clamped[0]):
            return False
        slider = self.controls[clamped[0]]
        return abs(change["new"] - clamped[1]) < 0.5 * (slider.step or 1)

    def _on_change(self, change):
        self._apply_ranges()          # may move a dependent control: that change is handled first
        if hasattr(self, "number_boxes"):
            self._follow()
            if not self._echo(change):
                self._say("")         # an ordinary move: the last clamp message no longer applies
        settings = self._read()
        if settings == self.settings:  # already drawn (by the change a range adjustment caused)
            return
        self.settings = settings
        self.frame = self.compute(**settings)
        self.view.update(self.frame)
        push_frame(self.fig)

    def update(self, **settings):
        """Set controls by name, as a student would, in the order given (a control whose range
        depends on another after that one), and return the frame now drawn. A numeric slider's
        value outside its range (or between its steps) is clamped and the message line says so,
        exactly as when a student types it into the number box; an unknown name raises."""
        unknown = sorted(set(settings) - set(self.controls))
        if unknown:
            raise ValueError(f"unknown setting(s) {unknown}: this explorer's settings are {list(self.controls)}")
        for name, value in settings.items():
            if name in self.number_boxes:
                self._set(name, value)          # clamped and said, as when a student types it
            else:
                self.controls[name].value = value
        return self.frame

    # -- display: the live widget, a picture of its first state, and a line saying how to go live
    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = dict(self.box._repr_mimebundle_(include=include, exclude=exclude) or {})
        bundle["image/png"] = base64.b64encode(figure_png(self.fig)).decode("ascii")
        bundle["text/plain"] = LIVE_HINT
        return bundle
