"""Slider for lesson 18: a Gaussian blur done as two 1-D passes, and what it costs."""
from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np

from ..kernels.fft_conv import gaussian_1d, separable_conv2d
from ..render.efficiency import make_blur_view
from ._figure_box import canvas_widget

ONE = np.ones(1)


def blur_passes(image, sigma):
    """(kernel k×k, after the row pass, after both passes, title) for a Gaussian of width sigma.

    Zero padding of radius r keeps the image size (the borders darken: zeros come in).
    """
    g = gaussian_1d(sigma)
    k, r = g.size, g.size // 2
    row_pass = separable_conv2d(image, ONE, g, padding=(0, r))
    both = separable_conv2d(row_pass, g, ONE, padding=(r, 0))
    title = (f"σ = {sigma:g}: a {k}×{k} kernel.  Direct: {k * k} multiplies per pixel;  "
             f"two passes: {k} + {k} = {2 * k}  ({k * k / (2 * k):.1f}× fewer)")
    return np.outer(g, g), row_pass, both, title


class BlurExplorer:
    """FloatSlider over sigma -> kernel, row pass, both passes. show(sigma) is the callback; update(sigma) the same without the redraw."""

    def __init__(self, image, sigma: float = 1.0, low: float = 0.5, high: float = 8.0):
        if not isinstance(image, np.ndarray) or image.ndim != 2:
            raise ValueError("image must be a 2-D gray-scale array (H, W) with values in [0, 1]")
        self.image = np.ascontiguousarray(image, dtype=np.float64)
        with plt.ioff():
            self.view = make_blur_view(self.image, *blur_passes(self.image, sigma))
        self.slider = widgets.FloatSlider(value=sigma, min=low, max=high, step=0.5, description="σ (pixels)")
        self.slider.observe(lambda change: self.show(change["new"]), "value")
        self.box = widgets.VBox([self.slider, canvas_widget(self.view.fig)])

    def show(self, sigma: float) -> None:
        self.update(sigma)
        self.view.fig.canvas.draw_idle()

    def update(self, sigma: float) -> None:
        """Blur with the new sigma and swap the images (no redraw)."""
        self.view.update(*blur_passes(self.image, float(sigma)))

    def _ipython_display_(self):
        from IPython.display import display
        display(self.box)
