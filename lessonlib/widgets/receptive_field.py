"""Controls for lesson 11: depth, stride and dilation of a 3x3 stack, and which output unit to probe."""
from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np

from ..conv_geometry import (backprop_footprint, dilated_stack, fitting_input_size, footprint_matches, layer_sizes,
                             receptive_box, stack_receptive_field)
from ..render.receptive_field import ReceptiveFieldView
from ._figure_box import canvas_widget


def probe(digit, depth, stride, dilation_base, unit=None):
    """Everything the view needs for one setting: (canvas, grad, box, summary, last_size, unit).

    The digit (uint8 or float, 28x28) is centred on the smallest canvas every layer fits
    (strided layers need particular sizes); unit defaults to the centre of the last layer."""
    layers = dilated_stack(depth, stride, dilation_base)
    img = np.asarray(digit, dtype=np.float64)
    img = img / 255.0 if img.max() > 1 else img
    n = fitting_input_size(layers, img.shape[0])
    canvas = np.zeros((n, n))
    off = (n - img.shape[0]) // 2
    canvas[off:off + img.shape[0], off:off + img.shape[1]] = img
    last = layer_sizes(layers, n)[-1]
    unit = (last // 2, last // 2) if unit is None else (min(unit[0], last - 1), min(unit[1], last - 1))
    grad = backprop_footprint(layers, n, unit)
    rf = stack_receptive_field(layers)
    box = receptive_box(rf, unit)
    agree = footprint_matches(grad, box)
    dil = ", ".join(str(d) for _, _, d, _ in layers)
    summary = (f"{depth} layers 3×3, stride {stride}, dilations {dil}: output {last}×{last}, unit {unit}\n"
               f"closed form {rf.size}×{rf.size} (jump {rf.jump}); gradient footprint inside it: {agree.inside}, "
               f"same extent: {agree.same_extent}")
    return canvas, grad, box, summary, last, unit


def receptive_field_explorer(digit, depth=3, stride=1, dilation_base=1):
    """(box, view, controls): sliders for depth, stride, dilation base (layer l has dilation base**l)
    and the probed unit's row and column in the last layer's output."""
    canvas, grad, box, summary, last, unit = probe(digit, depth, stride, dilation_base)
    with plt.ioff():
        view = ReceptiveFieldView(canvas, grad, box, summary)
    style = {"description_width": "100px"}
    c = {
        "depth": widgets.IntSlider(value=depth, min=1, max=6, description="depth", style=style),
        "stride": widgets.IntSlider(value=stride, min=1, max=2, description="stride", style=style),
        "dilation": widgets.IntSlider(value=dilation_base, min=1, max=3, description="dilation base",
                                      style=style),
        "row": widgets.IntSlider(value=unit[0], min=0, max=last - 1, description="unit row", style=style),
        "col": widgets.IntSlider(value=unit[1], min=0, max=last - 1, description="unit col", style=style),
    }
    state = {"busy": False}

    def redraw(keep_unit):
        unit = (c["row"].value, c["col"].value) if keep_unit else None
        canvas, grad, box, summary, last, unit = probe(digit, c["depth"].value, c["stride"].value,
                                                       c["dilation"].value, unit)
        state["busy"] = True              # the unit sliders follow the new grid without re-entering
        for name, v in (("row", unit[0]), ("col", unit[1])):
            c[name].max = last - 1
            c[name].value = v
        state["busy"] = False
        view.update(canvas, grad, box, summary)
        view.fig.canvas.draw_idle()

    def on_layers(change):
        redraw(keep_unit=False)

    def on_unit(change):
        if not state["busy"]:
            redraw(keep_unit=True)

    for name in ("depth", "stride", "dilation"):
        c[name].observe(on_layers, "value")
    for name in ("row", "col"):
        c[name].observe(on_unit, "value")
    rows = [widgets.HBox([c["depth"], c["stride"], c["dilation"]]), widgets.HBox([c["row"], c["col"]])]
    return widgets.VBox(rows + [canvas_widget(view.fig)]), view, c
