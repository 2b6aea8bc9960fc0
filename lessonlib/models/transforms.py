"""Moving digits around with numpy only: integer shifts and bilinear rotation.

Both work on a batch of images (N, H, W) or (N, C, H, W) and fill what comes in from
outside the frame with zeros (the MNIST background). They serve twice: as cheap data
augmentation while training, and to measure how invariant a trained network is.
"""
from __future__ import annotations

import numbers

import numpy as np


def _check_images(images, name="images"):
    if not isinstance(images, np.ndarray):
        raise TypeError(f"{name} must be a numpy array (N, H, W) or (N, C, H, W), got {type(images).__name__}")
    if images.ndim not in (3, 4):
        raise ValueError(f"{name} must have shape (N, H, W) or (N, C, H, W), got {images.shape}")
    return images


def _as_int(value, name):
    if not isinstance(value, numbers.Integral) or isinstance(value, bool):
        raise TypeError(f"{name} must be an integer number of pixels, got {value!r}")
    return int(value)


def shift_images(images, dy=0, dx=0):
    """Move every image dy pixels down and dx pixels right (negative: up/left); zeros come in.

    images: (N, H, W) or (N, C, H, W) -> same shape and dtype.
    """
    images = _check_images(images)
    dy, dx = _as_int(dy, "dy"), _as_int(dx, "dx")
    h, w = images.shape[-2:]
    out = np.zeros_like(images)
    if abs(dy) >= h or abs(dx) >= w:
        return out
    src_r, dst_r = slice(max(-dy, 0), h - max(dy, 0)), slice(max(dy, 0), h - max(-dy, 0))
    src_c, dst_c = slice(max(-dx, 0), w - max(dx, 0)), slice(max(dx, 0), w - max(-dx, 0))
    out[..., dst_r, dst_c] = images[..., src_r, src_c]
    return out


def random_shifts(images, rng, max_shift=2):
    """Each image moved by its own random (dy, dx), each uniform in -max_shift..max_shift.

    The data augmentation used to train the lesson's CNN: one fancy-indexing gather on a
    zero-padded copy, so it costs about as much as copying the batch.
    images: (N, H, W) or (N, C, H, W); rng: np.random.Generator.
    """
    images = _check_images(images)
    m = _as_int(max_shift, "max_shift")
    if m < 0:
        raise ValueError(f"max_shift must be >= 0, got {m}")
    if m == 0:
        return images.copy()
    four = images if images.ndim == 4 else images[:, None]
    n, _, h, w = four.shape
    padded = np.pad(four, ((0, 0), (0, 0), (m, m), (m, m)))
    dy, dx = rng.integers(-m, m + 1, size=(2, n))
    rows = (m - dy)[:, None] + np.arange(h)          # source row of each output row
    cols = (m - dx)[:, None] + np.arange(w)
    # advanced indices around a slice: numpy moves the broadcast axes (N, H, W) first
    moved = padded[np.arange(n)[:, None, None], :, rows[:, :, None], cols[:, None, :]]
    moved = np.ascontiguousarray(moved.transpose(0, 3, 1, 2))
    return moved if images.ndim == 4 else moved[:, 0]


def rotate_images(images, degrees):
    """Rotate every image counter-clockwise by `degrees` about its centre, bilinear sampling.

    Each output pixel looks up where it came from (the inverse rotation) and mixes the
    four nearest input pixels; pixels that come from outside the frame are 0.
    images: (N, H, W) or (N, C, H, W) -> same shape and dtype (rotate_images(x, 90) equals np.rot90).
    """
    images = _check_images(images)
    if not isinstance(degrees, numbers.Real) or not np.isfinite(degrees):
        raise TypeError(f"degrees must be a finite number, got {degrees!r}")
    h, w = images.shape[-2:]
    t = np.deg2rad(float(degrees))
    cy, cx = (h - 1) / 2, (w - 1) / 2
    yr, xr = np.mgrid[0:h, 0:w].astype(np.float64)
    yr -= cy
    xr -= cx
    # inverse map in (row down, col right) coordinates of a counter-clockwise turn on screen
    src_y = np.sin(t) * xr + np.cos(t) * yr + cy
    src_x = np.cos(t) * xr - np.sin(t) * yr + cx
    src_y, src_x = np.round(src_y, 9), np.round(src_x, 9)   # 90° turns land exactly on pixels
    y0, x0 = np.floor(src_y).astype(np.int64), np.floor(src_x).astype(np.int64)
    fy, fx = src_y - y0, src_x - x0
    padded = np.pad(images.astype(np.float64), [(0, 0)] * (images.ndim - 2) + [(1, 2), (1, 2)])
    out = np.zeros(images.shape, dtype=np.float64)
    for oy, wy in ((0, 1 - fy), (1, fy)):
        for ox, wx in ((0, 1 - fx), (1, fx)):
            r = np.clip(y0 + oy + 1, 0, h + 2)     # +1: the padding row; clipping lands in zeros
            c = np.clip(x0 + ox + 1, 0, w + 2)
            out += (wy * wx) * padded[..., r, c]
    if np.issubdtype(images.dtype, np.integer):
        info = np.iinfo(images.dtype)
        return np.clip(np.round(out), info.min, info.max).astype(images.dtype)
    return out.astype(images.dtype)
