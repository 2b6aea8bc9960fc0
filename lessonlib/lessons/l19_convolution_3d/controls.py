"""Lesson 19's explorer: which output frame, and how deep in time the 3-D kernel reaches."""
from __future__ import annotations

import ipywidgets as widgets

from ...figures import Explorer
from .compute import TemporalConvolution, check_depths
from .view import Conv3DView


def conv3d_explorer(clip, frame: int = 0, depth: int = 2, max_depth: int = 6, row=None) -> Explorer:
    """Frame and kernel-depth sliders over a (D, H, W) clip; the frame slider ends at D - depth."""
    check_depths(clip, depth, max_depth)
    compute = TemporalConvolution(clip, max_depth, row)
    style = {"description_width": "110px"}
    controls = {
        "frame": widgets.IntSlider(value=min(max(int(frame), 0), compute.last_frame(depth)), min=0,
                                   max=compute.last_frame(depth), description="output frame t", style=style),
        "depth": widgets.IntSlider(value=depth, min=2, max=max_depth, description="kernel depth d", style=style),
    }
    return Explorer(controls, compute, Conv3DView,
                    ranges=lambda frame, depth: {"frame": {"max": compute.last_frame(depth)}})
