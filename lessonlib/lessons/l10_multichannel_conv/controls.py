"""Lesson 10's explorer: which filter, which channel, which output unit."""
from __future__ import annotations

import functools

import ipywidgets as widgets
from traitlets import observe

from ...figures import Explorer
from .compute import multichannel_frame, multichannel_layer
from .view import CHANNELS, MultichannelView

WIDE = {"description_width": "initial"}
SLIDER = widgets.Layout(min_width="260px", width="300px")      # wide enough to aim at one of 32 columns
MENU = widgets.Layout(width="max-content", min_width="150px")  # the longest name shown whole


class FilterMenu(widgets.Dropdown):
    """A Dropdown that keeps its choice when a new list of options still holds it (ipywidgets' own
    Dropdown goes back to the first option whenever the options change)."""

    @observe("options")
    def _propagate_options(self, change):
        value = self.value
        super()._propagate_options(change)
        if value in self._options_values:
            self.value = value


def filter_options(names, n_filters) -> tuple:
    """The filter menu's options for the first n_filters filters: ("filter 0: vertical edges", 0), ...
    ("filter 3", 3) for a filter without a name."""
    return tuple((f"filter {k}: {names[k]}" if names[k] else f"filter {k}", k) for k in range(n_filters))


def multichannel_explorer(image, w, b, padding=2, n_filters=None, names=None) -> Explorer:
    """image (H, W, C) in [0, 1], filters w (F, C, K, K), biases b (F,), optional names (F strings)
    shown in the filter menu; the "filters" control uses the first 1..F of them (default all); starts
    at filter 0, channel 0 and the centre output unit."""
    layer = multichannel_layer(image, w, b, padding)
    oh, ow = layer.out.shape[1:]
    n_max, n_chan = layer.w.shape[:2]
    names = tuple(names) if names is not None else ("",) * n_max
    if len(names) != n_max:
        raise ValueError(f"names must give one name per filter: {n_max} filters, got {len(names)} names; "
                         f"pass {n_max} strings (\"\" for a filter without one), or leave names out")
    n = n_max if n_filters is None else n_filters
    controls = {
        "n_filters": widgets.IntSlider(value=n, min=1, max=n_max, description="filters in the layer",
                                       style=WIDE, layout=SLIDER),
        "f": FilterMenu(options=filter_options(names, n), value=0, description="filter", layout=MENU),
        "c": widgets.Dropdown(options=tuple((f"channel {CHANNELS[ch % 3]}", ch) for ch in range(n_chan)), value=0,
                              description="channel", layout=widgets.Layout(width="180px")),
        "i": widgets.IntSlider(value=oh // 2, min=0, max=oh - 1, description="output row", style=WIDE, layout=SLIDER),
        "j": widgets.IntSlider(value=ow // 2, min=0, max=ow - 1, description="output col", style=WIDE, layout=SLIDER),
    }

    def ranges(n_filters, f, **_):
        """The filter menu lists the n_filters filters in use; the chosen one stays chosen if it is among
        them, else the last one in use is chosen."""
        return {"f": {"options": filter_options(names, n_filters), "value": min(f, n_filters - 1)}}

    return Explorer(controls, functools.partial(multichannel_frame, layer), MultichannelView, ranges=ranges,
                    rows=[["n_filters", "f", "c"], ["i", "j"]])
