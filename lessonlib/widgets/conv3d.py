"""Sliders for lesson 19: which output frame, and how deep in time the 3-D kernel reaches."""
from __future__ import annotations

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np

from ..clips import space_time_slice, temporal_kernels
from ..kernels.conv import conv3d_forward
from ..render.conv3d import make_conv3d_view
from ._figure_box import canvas_widget


def temporal_responses(clip, depth):
    """conv3d of the clip with temporal_kernels(depth): (2, D - depth + 1, H, W) = (mean, difference)."""
    out, _ = conv3d_forward(np.ascontiguousarray(clip, dtype=np.float64)[None, None], temporal_kernels(depth))
    return out[0]


class Conv3DExplorer:
    """Frame and kernel-depth sliders over a (D, H, W) clip.

    Every depth's convolution is computed once here (a few small conv3d calls), so a slider
    move only swaps arrays. show(frame, depth) is the callback without the sliders;
    update(frame, depth) the same without the redraw.
    """

    def __init__(self, clip, frame: int = 0, depth: int = 2, max_depth: int = 6, row=None):
        if not isinstance(clip, np.ndarray) or clip.ndim != 3:
            raise ValueError(f"clip must be a (D, H, W) array, got {getattr(clip, 'shape', type(clip).__name__)}")
        n_frames = clip.shape[0]
        if not 2 <= depth <= max_depth <= n_frames:
            raise ValueError(f"need 2 <= depth ({depth}) <= max_depth ({max_depth}) <= frames in the clip ({n_frames})")
        self.clip = clip
        self.responses = {d: temporal_responses(clip, d) for d in range(2, max_depth + 1)}
        row = clip.shape[1] // 2 if row is None else row
        t, d = self._clamp(frame, depth)
        with plt.ioff():
            self.view = make_conv3d_view(*self._arrays(t, d), space_time_slice(clip, row), t, d,
                                         self.describe(t, d), row=row)
        self.frame = widgets.IntSlider(value=t, min=0, max=n_frames - d, description="output frame t")
        self.depth = widgets.IntSlider(value=d, min=2, max=max_depth, description="kernel depth d")
        style = {"description_width": "110px"}
        for slider in (self.frame, self.depth):
            slider.style = style
            slider.observe(self._on_change, "value")
        self.box = widgets.VBox([widgets.HBox([self.frame, self.depth]), canvas_widget(self.view.fig)])

    def _clamp(self, frame, depth):
        return min(max(int(frame), 0), self.clip.shape[0] - depth), int(depth)

    def _arrays(self, t, d):
        mean, diff = self.responses[d][0, t], self.responses[d][1, t]
        return self.clip[t], mean, diff

    def describe(self, t, d) -> str:
        n = self.clip.shape[0]
        return (f"kernel {d}×1×1: output frame {t} sees input frames {t}…{t + d - 1};  "
                f"output depth {n} − {d} + 1 = {n - d + 1}")

    def show(self, frame: int, depth: int) -> None:
        self.update(frame, depth)
        self.view.fig.canvas.draw_idle()

    def update(self, frame: int, depth: int) -> None:
        """Swap in the precomputed arrays for (frame, depth) and move the window (no redraw)."""
        t, d = self._clamp(frame, depth)
        self.view.update(*self._arrays(t, d), t, d, self.describe(t, d))

    def _on_change(self, change):
        if change["owner"] is self.depth:
            self.frame.max = self.clip.shape[0] - self.depth.value   # may clamp frame (and call us again)
        self.show(self.frame.value, self.depth.value)

    def _ipython_display_(self):
        from IPython.display import display
        display(self.box)
