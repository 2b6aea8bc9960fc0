"""Lesson 20's explorers: browse a trained CNN's feature maps, pick one unit to see its receptive field,
and draw a digit of your own (DrawDigit).

The digit is chosen with a slider, a number box linked to it (2,000 digits on one slider are hard to
hit), and, when the model's mistakes are given, buttons that jump to the previous or next mistake."""
from __future__ import annotations

import base64
import io
import time

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np

from ...figures import Explorer, canvas_widget
from ...figures.explorer import LIVE_HINT, figure_png, push_frame
from .compute import PAD_SIZE, DrawnDigit, LayerMaps, UnitField, draw_polyline
from .view import DrawnDigitView, LayerMapsView, PadView, UnitFieldView


def digit_controls(n, digit=0, mistakes=None):
    """The digit slider (0..n-1) and the widgets shown beside it: a number box linked to the slider,
    and '◀ mistake' / 'mistake ▶' buttons that move the slider to the previous / next index in
    `mistakes` (wrapping around), when mistakes are given. Returns (slider, [extra widgets])."""
    slider = widgets.IntSlider(value=digit, min=0, max=n - 1, description="digit", readout=False,
                               layout=widgets.Layout(width="260px"))
    box = widgets.BoundedIntText(value=digit, min=0, max=n - 1, layout=widgets.Layout(width="80px"),
                                 tooltip="type a digit's index")
    widgets.link((slider, "value"), (box, "value"))
    extra = [box]
    if mistakes is not None and len(mistakes):
        wrong = np.sort(np.asarray(mistakes, dtype=int))

        def step(direction):
            def jump(_):
                v = slider.value
                later = wrong[wrong > v] if direction > 0 else wrong[wrong < v][::-1]
                slider.value = int(later[0] if len(later) else (wrong[0] if direction > 0 else wrong[-1]))
            return jump

        for label, direction in (("◀ mistake", -1), ("mistake ▶", 1)):
            button = widgets.Button(description=label, layout=widgets.Layout(width="100px"),
                                    tooltip=f"{'previous' if direction < 0 else 'next'} of the {len(wrong)} "
                                            "digits the network gets wrong")
            button.on_click(step(direction))
            extra.append(button)
    return slider, extra


def feature_map_explorer(model, x, labels, digit=0, layer=0, channel=0, mistakes=None) -> Explorer:
    """A digit slider with a number box (and previous/next-mistake buttons when `mistakes`, indices
    into x, are given), a layer dropdown and a map slider; x: (N, C, H, W). The map slider's end
    follows the layer (16 maps in block 1, 32 in block 2)."""
    compute = LayerMaps(model, x, labels)
    slider, extra = digit_controls(len(compute.x), digit, mistakes)
    controls = {
        "digit": slider,
        "layer": widgets.Dropdown(options=[(compute.names[i], i) for i in compute.layers], value=layer,
                                  description="layer"),
        "channel": widgets.IntSlider(value=channel, min=0, max=compute.map_shape(layer)[0] - 1, description="map"),
    }
    return Explorer(controls, compute, LayerMapsView,
                    ranges=lambda layer, **_: {"channel": {"max": compute.map_shape(layer)[0] - 1}},
                    rows=[["digit", *extra], ["layer", "channel"]])


def receptive_field_explorer(model, x, labels, digit=0, layer=5, channel=0, row=2, col=2, mistakes=None) -> Explorer:
    """A digit slider with a number box (and previous/next-mistake buttons when `mistakes` are
    given), a layer dropdown, and sliders for the unit's map, row and column, which end at the
    chosen layer's size."""
    compute = UnitField(model, x, labels)
    n, h, w = compute.map_shape(layer)
    slider, extra = digit_controls(len(compute.x), digit, mistakes)
    controls = {
        "digit": slider,
        "layer": widgets.Dropdown(options=[(compute.names[i], i) for i in compute.layers], value=layer,
                                  description="layer"),
        "channel": widgets.IntSlider(value=channel, min=0, max=n - 1, description="map"),
        "row": widgets.IntSlider(value=row, min=0, max=h - 1, description="row"),
        "col": widgets.IntSlider(value=col, min=0, max=w - 1, description="col"),
    }

    def ranges(layer, **_):
        n, h, w = compute.map_shape(layer)
        return {"channel": {"max": n - 1}, "row": {"max": h - 1}, "col": {"max": w - 1}}

    return Explorer(controls, compute, UnitFieldView, ranges=ranges,
                    rows=[["digit", *extra], ["layer", "channel"], ["row", "col"]])


class DrawDigit:
    """Draw a digit with the mouse and see what the trained network makes of it.

    Not an `Explorer`: its setting is a 28×28 array the mouse paints, not the value of an ipywidgets
    control that Explorer can observe. It follows the same contract otherwise: compute(drawing) ->
    frame (compute.DrawnDigit), views drawn once whose update(frame) only changes artists
    (view.PadView for the pad, view.DrawnDigitView for the rest), and a display that shows a picture
    of the first state with a line saying how to make it live.

    The pad is its own small figure: a drag repaints only the pad (a small PNG per mouse move),
    while the network's figure is redrawn when the pen lifts and, during a drag, at most every
    `live_every` seconds (its redraw costs several times the pad's).

    Every picture is pushed (figures.explorer.push_frame), not requested with draw_idle(): ipympl's
    front end drops a draw request that arrives while it still waits for the previous picture
    (send_draw_message), which in the browser left the network's figure one stroke behind the pad
    and the label; pushed pictures are whole, so one the page skips is simply replaced.
    """

    def __init__(self, model, drawing=None, live_every=0.3):
        self.compute = DrawnDigit(model)
        self.drawing = np.zeros((PAD_SIZE, PAD_SIZE)) if drawing is None else np.array(drawing, dtype=np.float64)
        self.frame = self.compute(self.drawing)          # validates the drawing's shape
        self.live_every = live_every
        with plt.ioff():
            self.pad = PadView(self.drawing)
            self.view = DrawnDigitView(self.frame)
        self._pen = None                                 # last pen position while the button is down
        self._last_live = time.perf_counter()            # when the network's figure was last redrawn
        canvas = self.pad.fig.canvas
        for name, handler in (("button_press_event", self._press), ("motion_notify_event", self._move),
                              ("button_release_event", self._release)):
            canvas.mpl_connect(name, handler)
        self.clear_button = widgets.Button(description="clear", icon="eraser", layout=widgets.Layout(width="110px"),
                                           tooltip="wipe the pad and draw again")
        self.clear_button.on_click(lambda _: self.clear())
        self.label = widgets.HTML(layout=widgets.Layout(width="280px"))
        self.label.add_class("digit-prediction")
        self._say()
        pad_canvas = canvas_widget(self.pad.fig)
        pad_canvas.add_class("digit-pad")               # how a browser test finds the pad
        pad_canvas.layout.flex = "0 0 auto"             # keep the button and label beside the pad, not far right
        self.box = widgets.VBox([widgets.HBox([pad_canvas, widgets.VBox([self.clear_button, self.label])]),
                                 canvas_widget(self.view.fig)])

    @property
    def fig(self):
        return self.view.fig

    # -- painting
    def _cell(self, event):
        if event.inaxes is not self.pad.ax or event.xdata is None:
            return None
        return (event.ydata, event.xdata)                 # (row, col) in pixel-centre coordinates

    def _press(self, event):
        if event.button != 1 or (cell := self._cell(event)) is None:
            return
        self._pen = cell
        self.stroke([cell, cell], refresh=False)

    def _move(self, event):
        if self._pen is None or (cell := self._cell(event)) is None:
            return
        start, self._pen = self._pen, cell
        live = time.perf_counter() - self._last_live >= self.live_every
        self.stroke([start, cell], refresh=live)

    def _release(self, event):
        if self._pen is None:
            return
        self._pen = None
        push_frame(self.pad.fig)                         # the last segment, whatever redraws were dropped
        self.refresh()

    def stroke(self, points, refresh=True):
        """Paint a pen stroke through (row, col) points onto the pad, as a drag does; refresh=True also
        recomputes and redraws what the network makes of it. Returns the frame drawn."""
        draw_polyline(self.drawing, points)
        self.pad.update(self.drawing)
        push_frame(self.pad.fig)
        return self.refresh() if refresh else self.frame

    def clear(self):
        """Wipe the pad (the clear button) and return the frame of the empty pad."""
        self.drawing[:] = 0
        self._pen = None
        self.pad.update(self.drawing)
        push_frame(self.pad.fig)
        return self.refresh()

    def set_drawing(self, drawing):
        """Replace the pad by a (28, 28) drawing of ink 0..1; returns the frame drawn."""
        drawing = np.asarray(drawing, dtype=np.float64)
        if drawing.shape != self.drawing.shape:
            raise ValueError(f"drawing must have shape {self.drawing.shape}, got {drawing.shape}")
        self.drawing[:] = np.clip(drawing, 0, 1)
        self.pad.update(self.drawing)
        push_frame(self.pad.fig)
        return self.refresh()

    def refresh(self):
        """Recompute the frame from the pad, update the network's figure and the label; returns the frame."""
        self.frame = self.compute(self.drawing)
        self.view.update(self.frame)
        push_frame(self.view.fig)                        # pushed now (see the class docstring)
        self._last_live = time.perf_counter()
        self._say()
        return self.frame

    def _say(self):
        f = self.frame
        if f.empty:
            self.label.value = "<b>The pad is empty</b>: draw a digit with the mouse (hold the left button)."
            return
        self.label.value = (f"<b>prediction: {f.predicted}</b> (p = {f.probs[f.predicted]:.2f}), MNIST-style<br>"
                            f"as drawn, without the step: {f.predicted_raw} (p = {f.probs_raw[f.predicted_raw]:.2f})")

    # -- display: the live widget, a picture of the first state, and a line saying how to go live
    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = dict(self.box._repr_mimebundle_(include=include, exclude=exclude) or {})
        bundle["image/png"] = base64.b64encode(side_by_side_png(self.pad.fig, self.view.fig)).decode("ascii")
        bundle["text/plain"] = LIVE_HINT
        return bundle


def side_by_side_png(*figs) -> bytes:
    """The figures, each drawn at its own size and dpi, in one PNG side by side (tops aligned, white gaps)."""
    pictures = [plt.imread(io.BytesIO(figure_png(fig)))[..., :3] for fig in figs]
    height = max(p.shape[0] for p in pictures)
    padded = [np.pad(p, ((0, height - p.shape[0]), (0, 0), (0, 0)), constant_values=1.0) for p in pictures]
    buf = io.BytesIO()
    plt.imsave(buf, np.concatenate(padded, axis=1), format="png")
    return buf.getvalue()
