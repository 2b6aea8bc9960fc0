"""Make any drawing of a digit look like an MNIST digit, as LeCun, Cortes and Burges describe it
(http://yann.lecun.com/exdb/mnist/):

    "The original black and white images from NIST were size normalized to fit in a 20x20 pixel box
    while preserving their aspect ratio. [...] the images were centered in a 28x28 image by computing
    the center of mass of the pixels, and translating the image so as to position this center of mass
    at the center of the 28x28 field."

`mnist_style(image)` does those two steps with numpy only: the ink's bounding box is resampled so its
longer side is `box` (20) pixels, keeping the aspect ratio (an antialiased linear filter, `resample`),
and the result is placed in a `size`×`size` (28×28) field moved by whole pixels so that its centre of
mass lands on (size / 2, size / 2) = (14, 14) in the coordinates of pixel centres (rows and columns
0 .. 27), to within half a pixel (whole-pixel moves keep the strokes sharp). (14, 14), not the
geometric centre (13.5, 13.5): that is where MNIST's own digits have it (measured on the 10,000
bundled test digits: mean (13.99, 13.98)), so a real MNIST digit comes back almost unchanged.
"""
from __future__ import annotations

import numbers

import numpy as np


def _weights(n_in: int, n_out: int) -> np.ndarray:
    """(n_out, n_in) matrix resampling a row of n_in pixels to n_out pixels covering the same extent.

    Output pixel j's centre sits at c = (j + 0.5)·n_in/n_out − 0.5 in input pixel coordinates; it
    averages the input pixels with a triangle ("tent") weight 1 − |i − c| / support, where the support
    is 1 when enlarging (linear interpolation) and n_in/n_out when shrinking (every input pixel counts:
    no aliasing). Each row is normalised to sum to 1, so a flat image stays flat.
    """
    scale = n_in / n_out
    support = max(1.0, scale)
    centres = (np.arange(n_out) + 0.5) * scale - 0.5
    w = np.clip(1.0 - np.abs(np.arange(n_in)[None, :] - centres[:, None]) / support, 0.0, None)
    edge = w.sum(axis=1) == 0              # cannot happen for n_out >= 1, kept for safety
    w[edge, np.clip(np.round(centres[edge]).astype(int), 0, n_in - 1)] = 1.0
    return w / w.sum(axis=1, keepdims=True)


def resample(image, shape) -> np.ndarray:
    """A 2-D image resampled to `shape` (rows, cols) with the antialiased tent filter of `_weights`:
    one matrix per axis, out = R_rows @ image @ R_cols.T (float64)."""
    image = np.asarray(image, dtype=np.float64)
    if image.ndim != 2 or min(image.shape) < 1:
        raise ValueError(f"image must be a non-empty 2-D array (H, W), got shape {image.shape}")
    rows, cols = (int(s) for s in shape)
    if rows < 1 or cols < 1:
        raise ValueError(f"shape must be two positive sizes, got {tuple(shape)}")
    return _weights(image.shape[0], rows) @ image @ _weights(image.shape[1], cols).T


def ink_box(image, threshold=0.0):
    """(top, bottom, left, right), inclusive, of the pixels brighter than threshold; None if there are none."""
    rows, cols = np.nonzero(np.asarray(image) > threshold)
    if len(rows) == 0:
        return None
    return int(rows.min()), int(rows.max()), int(cols.min()), int(cols.max())


def centre_of_mass(image) -> tuple[float, float]:
    """(row, col) of the intensity-weighted mean pixel centre; the field's centre if the image is empty."""
    image = np.asarray(image, dtype=np.float64)
    total = image.sum()
    if total <= 0:
        return ((image.shape[0] - 1) / 2, (image.shape[1] - 1) / 2)
    r, c = np.indices(image.shape)
    return float((r * image).sum() / total), float((c * image).sum() / total)


def mnist_style(image, box=20, size=28, threshold=0.0) -> np.ndarray:
    """A digit drawn anywhere, at any size -> an MNIST-style (size, size) float image.

    image: (H, W) ink in 0..1 (floats; integer images are divided by 255), white background 0.
    1. crop the bounding box of the pixels > threshold;
    2. resample it so its longer side is `box` pixels and the shorter keeps the aspect ratio (at least 1);
    3. place it in a size×size field moved by whole pixels so that its centre of mass is within half a
       pixel of (size / 2, size / 2), where MNIST's digits have it (see the module docstring). Ink moved
       outside the field is lost (as in MNIST).
    An image with no ink comes back as zeros. Values stay in 0..1.
    """
    image = np.asarray(image)
    if image.ndim != 2:
        raise ValueError(f"image must be one 2-D digit (H, W), got shape {image.shape}; for a batch, "
                         "call mnist_style on each image")
    for name, v in (("box", box), ("size", size)):
        if not isinstance(v, numbers.Integral) or isinstance(v, bool) or v < 1:
            raise ValueError(f"{name} must be a positive whole number of pixels, got {v!r}")
    if box > size:
        raise ValueError(f"box must fit in the field: box <= size, got box={box}, size={size} (MNIST: 20 and 28)")
    ink = image / 255.0 if np.issubdtype(image.dtype, np.integer) else image.astype(np.float64)
    if not np.all(np.isfinite(ink)):
        raise ValueError("image must be finite (no NaN or inf)")
    out = np.zeros((size, size))
    found = ink_box(ink, threshold)
    if found is None:
        return out
    top, bottom, left, right = found
    crop = ink[top:bottom + 1, left:right + 1]
    h, w = crop.shape
    scale = box / max(h, w)
    scaled = np.clip(resample(crop, (max(1, round(h * scale)), max(1, round(w * scale)))), 0.0, 1.0)
    sh, sw = scaled.shape
    r0, c0 = (size - sh) // 2, (size - sw) // 2            # first placed in the middle ...
    out[r0:r0 + sh, c0:c0 + sw] = scaled
    cy, cx = centre_of_mass(out)
    dy, dx = round(size / 2 - cy), round(size / 2 - cx)   # ... then moved to centre its mass
    moved = np.zeros_like(out)
    src_r, dst_r = slice(max(-dy, 0), size - max(dy, 0)), slice(max(dy, 0), size - max(-dy, 0))
    src_c, dst_c = slice(max(-dx, 0), size - max(dx, 0)), slice(max(dx, 0), size - max(-dx, 0))
    moved[dst_r, dst_c] = out[src_r, src_c]
    return moved
