"""Controls for lesson 9: input size, kernel, padding, stride, dilation, output position, presets."""
from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt

from ..conv_geometry import geometry
from ..render.arithmetic_explorer import ExplorerView
from ._figure_box import canvas_widget

# The standard cases of Dumoulin & Visin, "A guide to convolution arithmetic for deep learning"
# (2016), and the lecture's own examples. Labels name settings only; the figure computes results.
PRESETS = {
    "no padding, unit stride (4×4, 3×3)": dict(n=4, kernel=3, padding=0, stride=1, dilation=1),
    "arbitrary padding (5×5, 4×4, P=2)": dict(n=5, kernel=4, padding=2, stride=1, dilation=1),
    "'same' (half) padding (5×5, 3×3, P=1)": dict(n=5, kernel=3, padding=1, stride=1, dilation=1),
    "'full' padding (5×5, 3×3, P=2)": dict(n=5, kernel=3, padding=2, stride=1, dilation=1),
    "slide: 7×7 input, stride 1": dict(n=7, kernel=3, padding=0, stride=1, dilation=1),
    "slide: 7×7 input, stride 2": dict(n=7, kernel=3, padding=0, stride=2, dilation=1),
    "padding and stride (5×5, 3×3, P=1, S=2)": dict(n=5, kernel=3, padding=1, stride=2, dilation=1),
    "slide: W=10, F=3, P=0, S=5 (invalid)": dict(n=10, kernel=3, padding=0, stride=5, dilation=1),
    "stride larger than kernel (8×8, 2×2, S=3)": dict(n=8, kernel=2, padding=0, stride=3, dilation=1),
    "dilation 2 (7×7, 3×3, D=2)": dict(n=7, kernel=3, padding=0, stride=1, dilation=2),
}
DEFAULT = "slide: 7×7 input, stride 1"


def arithmetic_explorer(preset=DEFAULT):
    """(box, view, controls). Sliders for W, F, P, S, D; an output-position slider with a Play button
    that walks the kernel over the input (the lecture's demos); a preset menu."""
    settings = dict(PRESETS[preset])
    g = geometry(**settings)
    with plt.ioff():
        view = ExplorerView(g, 0)
    style = {"description_width": "110px"}
    sliders = {
        "n": widgets.IntSlider(value=settings["n"], min=1, max=14, description="input W", style=style),
        "kernel": widgets.IntSlider(value=settings["kernel"], min=1, max=7, description="kernel F", style=style),
        "padding": widgets.IntSlider(value=settings["padding"], min=0, max=4, description="padding P", style=style),
        "stride": widgets.IntSlider(value=settings["stride"], min=1, max=6, description="stride S", style=style),
        "dilation": widgets.IntSlider(value=settings["dilation"], min=1, max=4, description="dilation D", style=style),
    }
    position = widgets.IntSlider(value=0, min=0, max=max(g.out_size ** 2 - 1, 0), description="output position",
                                 style=style)
    play = widgets.Play(value=0, min=0, max=position.max, interval=700, description="walk")
    widgets.link((play, "value"), (position, "value"))
    widgets.link((play, "max"), (position, "max"))
    menu = widgets.Dropdown(options=list(PRESETS), value=preset, description="preset",
                            layout=widgets.Layout(width="430px"))
    state = {"g": g, "busy": False}

    def redraw():
        view.update(state["g"], position.value)
        view.fig.canvas.draw_idle()

    def on_setting(change):
        if state["busy"]:
            return
        name = next(k for k, s in sliders.items() if s is change["owner"])
        settings[name] = change["new"]
        state["g"] = geometry(**settings)
        state["busy"] = True              # the position slider follows without a second redraw
        position.max = max(state["g"].out_size ** 2 - 1, 0)
        position.value = min(position.value, position.max)
        state["busy"] = False
        redraw()

    def on_position(change):
        if not state["busy"]:
            redraw()

    def on_preset(change):
        state["busy"] = True
        settings.update(PRESETS[change["new"]])
        for name, s in sliders.items():
            s.value = settings[name]
        state["g"] = geometry(**settings)
        position.max = max(state["g"].out_size ** 2 - 1, 0)
        position.value = 0
        state["busy"] = False
        redraw()

    for s in sliders.values():
        s.observe(on_setting, "value")
    position.observe(on_position, "value")
    menu.observe(on_preset, "value")
    controls = dict(sliders, position=position, play=play, preset=menu)
    rows = [widgets.HBox([sliders["n"], sliders["kernel"], sliders["padding"]]),
            widgets.HBox([sliders["stride"], sliders["dilation"], position, play]),
            menu]
    return widgets.VBox(rows + [canvas_widget(view.fig)]), view, controls
