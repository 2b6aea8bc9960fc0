"""Lesson 19's computation: short spatio-temporal clips, the 3-D kernels that look at them, and the
explorer's frames (which output frame, how deep in time the kernel reaches).

A clip is (D, H, W): D frames in time. To feed it to conv3d_forward give it the layout
(N, C, D, H, W) = clip[None, None]. Kernels here are shaped (F, C, KD, KH, KW).
"""
from __future__ import annotations

import numbers
from typing import NamedTuple

import numpy as np

from ...kernels.conv import conv3d_forward


def _int(value, name, minimum):
    if not isinstance(value, numbers.Integral) or isinstance(value, bool) or value < minimum:
        rule = "a non-negative integer" if minimum == 0 else f"an integer >= {minimum}"
        raise ValueError(f"{name} must be {rule}, got {value!r}")
    return int(value)


def _pair(value, name, minimum=None):
    """(rows, columns) as two ints, each >= minimum when one is given."""
    try:
        a, b = value
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a pair (rows, columns), got {value!r}") from None
    for v in (a, b):
        if not isinstance(v, numbers.Integral) or isinstance(v, bool) or (minimum is not None and v < minimum):
            rule = "integers" if minimum is None else f"integers >= {minimum}"
            raise ValueError(f"{name} must hold {rule}, got {value!r}")
    return int(a), int(b)


def moving_digit_clip(image, frames: int = 12, velocity=(0, 2), canvas=(28, 56), start=(0, 0)) -> np.ndarray:
    """A digit sliding across a black canvas: (frames, H, W) floats in [0, 1].

    image: (h, w) uint8 0-255 or floats 0-1 (an MNIST digit); frame t shows it with its
    top-left corner at start + t * velocity (whole pixels, (rows, columns)); parts that
    leave the canvas are cut off.
    """
    if not isinstance(image, np.ndarray) or image.ndim != 2:
        raise ValueError(f"image must be a 2-D array (h, w), got {getattr(image, 'shape', type(image).__name__)}")
    digit = image.astype(np.float64) / (255.0 if image.dtype == np.uint8 else 1.0)
    frames = _int(frames, "frames", 1)
    (vy, vx), (height, width), (y0, x0) = _pair(velocity, "velocity"), _pair(canvas, "canvas", 1), _pair(start, "start")
    h, w = digit.shape
    clip = np.zeros((frames, height, width))
    for t in range(frames):
        top, left = y0 + t * vy, x0 + t * vx
        r0, r1 = max(top, 0), min(top + h, height)
        c0, c1 = max(left, 0), min(left + w, width)
        if r0 < r1 and c0 < c1:
            clip[t, r0:r1, c0:c1] = digit[r0 - top:r1 - top, c0 - left:c1 - left]
    return clip


def temporal_kernels(depth: int) -> np.ndarray:
    """Two 3-D kernels of depth `depth` and spatial size 1 x 1, stacked as filters: (2, 1, depth, 1, 1).

    filter 0, the temporal mean: 1/depth on every frame (a motion trail);
    filter 1, the temporal difference: -1 on the first frame, +1 on the last (zero where
    nothing changes over the window, so it lights up only what moves).
    """
    depth = _int(depth, "depth", 2)
    w = np.zeros((2, 1, depth, 1, 1))
    w[0, 0, :, 0, 0] = 1.0 / depth
    w[1, 0, 0, 0, 0], w[1, 0, -1, 0, 0] = -1.0, 1.0
    return w


def space_time_slice(clip, row: int) -> np.ndarray:
    """The clip seen from the side: (D, W), one row of every frame (time runs down)."""
    if not isinstance(clip, np.ndarray) or clip.ndim != 3:
        raise ValueError(f"clip must be a (D, H, W) array, got {getattr(clip, 'shape', type(clip).__name__)}")
    row = _int(row, "row", 0)
    if row >= clip.shape[1]:
        raise ValueError(f"row must be below the clip's height {clip.shape[1]}, got {row}")
    return clip[:, row, :]


def temporal_responses(clip, depth):
    """conv3d of the clip with temporal_kernels(depth): (2, D - depth + 1, H, W) = (mean, difference)."""
    out, _ = conv3d_forward(np.ascontiguousarray(clip, dtype=np.float64)[None, None], temporal_kernels(depth))
    return out[0]


class Conv3DFrame(NamedTuple):
    """Output frame t of the temporal mean and difference kernels of depth d over a clip (D, H, W).

    image: (H, W) input frame t; mean, diff: (H, W) the two outputs at t (they see input frames
    t .. t + depth - 1); xt_slice: (D, W) row `row` of every frame (the clip seen from the side);
    n_frames: D, so the output has n_frames - depth + 1 frames.
    """

    image: np.ndarray
    mean: np.ndarray
    diff: np.ndarray
    xt_slice: np.ndarray
    row: int
    t: int
    depth: int
    n_frames: int


def check_depths(clip, depth: int, max_depth: int) -> None:
    """Raise a ValueError unless clip is (D, H, W) and 2 <= depth <= max_depth <= D."""
    if not isinstance(clip, np.ndarray) or clip.ndim != 3:
        raise ValueError(f"clip must be a (D, H, W) array, got {getattr(clip, 'shape', type(clip).__name__)}")
    n_frames = clip.shape[0]
    if not 2 <= depth <= max_depth <= n_frames:
        raise ValueError(f"need 2 <= depth ({depth}) <= max_depth ({max_depth}) <= frames in the clip ({n_frames})")


class TemporalConvolution:
    """The explorer's computation over one clip (D, H, W): every depth 2 .. max_depth convolved once
    here (a few small conv3d calls), so that a call (frame, depth) -> Conv3DFrame only picks arrays.

    row: the clip row shown from the side (default the middle one).
    """

    def __init__(self, clip, max_depth: int = 6, row=None):
        check_depths(clip, 2, max_depth)
        self.clip = clip
        self.max_depth = max_depth
        self.responses = {d: temporal_responses(clip, d) for d in range(2, max_depth + 1)}
        self.row = clip.shape[1] // 2 if row is None else row
        self.xt_slice = space_time_slice(clip, self.row)

    def last_frame(self, depth: int) -> int:
        """The last output frame of a kernel `depth` frames deep: D - depth."""
        return self.clip.shape[0] - int(depth)

    def __call__(self, frame: int = 0, depth: int = 2) -> Conv3DFrame:
        """Output frame `frame` (clamped to 0 .. D - depth) of the kernels `depth` frames deep."""
        check_depths(self.clip, depth, self.max_depth)
        t, d = min(max(int(frame), 0), self.last_frame(depth)), int(depth)
        out = self.responses[d]
        return Conv3DFrame(self.clip[t], out[0, t], out[1, t], self.xt_slice, self.row, t, d, self.clip.shape[0])
