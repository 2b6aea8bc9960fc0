"""MNIST digits as network input: the one conversion every model of the lessons uses."""
from __future__ import annotations

import numpy as np


def to_input(images, dtype=np.float32) -> np.ndarray:
    """Digits (N, H, W) -> network input (N, 1, H, W) in 0..1.

    Integer images (uint8 pixels 0..255) are divided by 255; float images are taken as already
    scaled to 0..1 and only get their channel axis and dtype.
    """
    images = np.asarray(images)
    if images.ndim != 3:
        raise ValueError(f"images must have shape (N, H, W), got {images.shape}")
    scale = 255.0 if np.issubdtype(images.dtype, np.integer) else 1.0
    return (images[:, None] / scale).astype(dtype)
