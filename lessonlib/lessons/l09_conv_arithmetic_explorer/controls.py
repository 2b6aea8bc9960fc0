"""Lesson 9's explorer: input size, kernel, padding, stride, dilation, output position; presets."""
from __future__ import annotations

import contextlib

import ipywidgets as widgets

from lessonlib.figures import Explorer

from .compute import DEFAULT, PRESETS, explore, geometry, last_position
from .view import ExplorerView

SETTINGS = ("n", "kernel", "padding", "stride", "dilation")


def position_range(n, kernel, padding, stride, dilation, position):
    """The output-position slider ends at the last output position of the current settings."""
    end = last_position(geometry(n, kernel, stride, padding, dilation))
    return {"position": {"max": end, "value": min(position, end)}}


def choose_preset(explorer: Explorer, name: str) -> None:
    """Set every slider to the preset `name` (and the position to 0), drawn once.

    The sliders' notifications are held together: the first one handled reads all the new values
    and draws them; the others then find those settings already drawn."""
    values = dict(PRESETS[name], position=0)
    with contextlib.ExitStack() as held:
        for setting in values:
            held.enter_context(explorer.controls[setting].hold_trait_notifications())
        for setting, value in values.items():
            explorer.controls[setting].value = value


def arithmetic_explorer(preset: str = DEFAULT) -> Explorer:
    """Sliders for W, F, P, S, D; an output-position slider with a Play button that walks the kernel
    over the input (the lecture's demos); a preset menu that sets the sliders."""
    settings = PRESETS[preset]
    style = {"description_width": "110px"}
    controls = {
        "n": widgets.IntSlider(value=settings["n"], min=1, max=14, description="input W", style=style),
        "kernel": widgets.IntSlider(value=settings["kernel"], min=1, max=7, description="kernel F", style=style),
        "padding": widgets.IntSlider(value=settings["padding"], min=0, max=4, description="padding P", style=style),
        "stride": widgets.IntSlider(value=settings["stride"], min=1, max=6, description="stride S", style=style),
        "dilation": widgets.IntSlider(value=settings["dilation"], min=1, max=4, description="dilation D",
                                      style=style),
        "position": widgets.IntSlider(value=0, min=0, max=0, description="output position", style=style),
    }
    play = widgets.Play(value=0, min=0, max=0, interval=700, description="walk")
    menu = widgets.Dropdown(options=list(PRESETS), value=preset, description="preset",
                            layout=widgets.Layout(width="430px"))
    explorer = Explorer(controls, explore, ExplorerView, ranges=position_range,
                        rows=[["n", "kernel", "padding"], ["stride", "dilation", "position", play], [menu]])
    play.max = controls["position"].max
    widgets.link((play, "max"), (controls["position"], "max"))
    widgets.link((play, "value"), (controls["position"], "value"))
    menu.observe(lambda change: choose_preset(explorer, change["new"]), "value")
    return explorer
