"""Lesson 9's explorer: input size, kernel, padding, stride, dilation, output position; presets."""
from __future__ import annotations

import contextlib

import ipywidgets as widgets

from lessonlib.figures import Explorer

from .compute import CUSTOM, DEFAULT, LIMITS, PRESETS, explore, geometry, last_position, padding_max, preset_of
from .view import ExplorerView

SETTINGS = ("n", "kernel", "padding", "stride", "dilation")


def slider(**kwargs) -> widgets.IntSlider:
    """A slider with room for its label and a track of at least 180 px however narrow the window
    (a row that does not fit wraps)."""
    return widgets.IntSlider(style={"description_width": "110px"},
                             layout=widgets.Layout(width="300px", min_width="290px"), **kwargs)


def slider_ranges(n, kernel, padding, stride, dilation, position):
    """The padding slider reaches 'full' padding D(F-1) (so every padding the advice names is
    reachable), and the output-position slider ends at the last output position; both are
    computed from the padding as it will be once its own range has clamped it."""
    top = padding_max(kernel, dilation)
    padding = min(padding, top)
    end = last_position(geometry(n, kernel, stride, padding, dilation))
    return {"padding": {"max": top}, "position": {"max": end, "value": min(position, end)}}


def choose_preset(explorer: Explorer, name: str) -> None:
    """Set every slider to the preset `name` (and the position to 0), drawn once; "custom", or a
    preset the sliders already show, changes nothing.

    The sliders' notifications are held together: the first one handled reads all the new values
    and draws them; the others then find those settings already drawn."""
    if name not in PRESETS or preset_of(**{s: explorer.controls[s].value for s in SETTINGS}) == name:
        return
    values = dict(PRESETS[name], position=0)
    with contextlib.ExitStack() as held:
        for setting in values:
            held.enter_context(explorer.controls[setting].hold_trait_notifications())
        for setting, value in values.items():
            explorer.controls[setting].value = value


def arithmetic_explorer(preset: str = DEFAULT) -> Explorer:
    """Sliders for W, F, P, S, D; an output-position slider with a Play button that walks the kernel
    over the input (the lecture's demos); a preset menu that sets the sliders and names the preset
    they show ("custom" when they show none)."""
    settings = PRESETS[preset]
    labels = dict(n="input W", kernel="kernel F", padding="padding P", stride="stride S", dilation="dilation D")
    controls = {name: slider(value=settings[name], min=LIMITS[name][0], max=LIMITS[name][1], description=labels[name])
                for name in SETTINGS}
    controls["position"] = slider(value=0, min=0, max=0, description="output position")
    play = widgets.Play(value=0, min=0, max=0, interval=700, description="walk")
    menu = widgets.Dropdown(options=list(PRESETS) + [CUSTOM], value=preset, description="preset",
                            layout=widgets.Layout(width="430px", min_width="430px"))
    explorer = Explorer(controls, explore, ExplorerView, ranges=slider_ranges,
                        rows=[["n", "kernel", "padding"], ["stride", "dilation", "position", play], [menu]])
    play.max = controls["position"].max
    widgets.link((play, "max"), (controls["position"], "max"))
    widgets.link((play, "value"), (controls["position"], "value"))
    menu.observe(lambda change: choose_preset(explorer, change["new"]), "value")

    def name_the_preset(change):
        menu.value = preset_of(**{s: controls[s].value for s in SETTINGS})
    for name in SETTINGS:
        controls[name].observe(name_the_preset, "value")
    return explorer
