"""Controls for lesson 10: which filter, which channel, which output unit."""
from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np

from ..conv_matrix import channel_responses
from ..render.multichannel import MultichannelView
from ._figure_box import connect


def multichannel_explorer(image, w, b, padding=2):
    """(box, view, controls) for image (H, W, C) in [0, 1], filters w (F, C, K, K), biases b (F,)."""
    x = np.ascontiguousarray(image.transpose(2, 0, 1))
    r = channel_responses(x, w, padding=padding)
    out = r.sum(axis=1) + b[:, None, None]
    x_pad = np.pad(x, ((0, 0), (padding, padding), (padding, padding)))
    oh, ow = out.shape[1:]
    with plt.ioff():
        view = MultichannelView(image, x_pad, w, b, r, out, padding, 0, 0, oh // 2, ow // 2)
    settings = {"f": 0, "c": 0, "i": oh // 2, "j": ow // 2}
    controls = {
        "f": widgets.IntSlider(value=0, min=0, max=w.shape[0] - 1, description="filter"),
        "c": widgets.IntSlider(value=0, min=0, max=w.shape[1] - 1, description="channel"),
        "i": widgets.IntSlider(value=oh // 2, min=0, max=oh - 1, description="output row"),
        "j": widgets.IntSlider(value=ow // 2, min=0, max=ow - 1, description="output col"),
    }

    def update(**change):
        settings.update(change)
        view.update(**settings)

    return connect(controls, view.fig, update), view, controls
