"""Lesson 10's explorer: which filter, which channel, which output unit."""
from __future__ import annotations

import functools

import ipywidgets as widgets

from ...figures import Explorer
from .compute import multichannel_frame, multichannel_layer
from .view import MultichannelView


def multichannel_explorer(image, w, b, padding=2, n_filters=None) -> Explorer:
    """image (H, W, C) in [0, 1], filters w (F, C, K, K), biases b (F,); the "filters" control uses
    the first 1..F of them (default all); starts at filter 0, channel 0 and the centre output unit."""
    layer = multichannel_layer(image, w, b, padding)
    oh, ow = layer.out.shape[1:]
    n_max = layer.w.shape[0]
    controls = {
        "n_filters": widgets.IntSlider(value=n_max if n_filters is None else n_filters, min=1, max=n_max,
                                       description="filters"),
        "f": widgets.IntSlider(value=0, min=0, max=layer.w.shape[0] - 1, description="filter"),
        "c": widgets.IntSlider(value=0, min=0, max=layer.w.shape[1] - 1, description="channel"),
        "i": widgets.IntSlider(value=oh // 2, min=0, max=oh - 1, description="output row"),
        "j": widgets.IntSlider(value=ow // 2, min=0, max=ow - 1, description="output col"),
    }
    ranges = lambda n_filters, **_: {"f": {"max": n_filters - 1}}      # filter f of the n in use
    return Explorer(controls, functools.partial(multichannel_frame, layer), MultichannelView, ranges=ranges)
