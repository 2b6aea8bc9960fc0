"""Lesson 18's explorer: a Gaussian blur done as two 1-D passes, and what it costs."""
from __future__ import annotations

import functools

import ipywidgets as widgets
import numpy as np

from ...figures import Explorer
from .compute import blur_passes
from .view import BlurView


def blur_explorer(image, sigma: float = 1.0, low: float = 0.5, high: float = 8.0) -> Explorer:
    """A slider over sigma -> kernel, row pass, both passes of the gray image (H, W), values in [0, 1]."""
    if not isinstance(image, np.ndarray) or image.ndim != 2:
        raise ValueError("image must be a 2-D gray-scale array (H, W) with values in [0, 1]")
    image = np.ascontiguousarray(image, dtype=np.float64)
    controls = {"sigma": widgets.FloatSlider(value=sigma, min=low, max=high, step=0.5, description="σ (pixels)")}
    return Explorer(controls, functools.partial(blur_passes, image), BlurView)
