"""A real photograph for the filtering lessons: Grace Hopper, from matplotlib's sample data.

The file ships inside matplotlib (mpl-data/sample_data/grace_hopper.jpg, 600x512 RGB; a US Navy
photograph in the public domain), so it is there offline wherever the lessons run.
"""
from __future__ import annotations

import matplotlib.cbook as cbook
import matplotlib.image as mpimg
import numpy as np

CROP = (slice(40, 552), slice(0, 512))   # a 512x512 square around the face


def load_photo(size: int | None = None, gray: bool = False) -> np.ndarray:
    """The photo as floats in [0, 1]: (600, 512, 3), or (600, 512) when gray.

    size: if given, the 512x512 square around the face averaged down to size x size
    (size must divide 512: 16, 32, 64, 128, 256 or 512), e.g. 32 for the slide's 32x32x3 input.
    gray: luminance 0.299 R + 0.587 G + 0.114 B (ITU-R BT.601).
    """
    with cbook.get_sample_data("grace_hopper.jpg") as f:
        img = mpimg.imread(f, format="jpg").astype(np.float64) / 255.0
    if size is not None:
        if isinstance(size, bool) or not isinstance(size, (int, np.integer)) or size < 1 or 512 % size:
            raise ValueError(f"size must be a divisor of 512 (16, 32, 64, 128, 256, 512), got {size!r}")
        block = 512 // size
        img = img[CROP].reshape(size, block, size, block, 3).mean(axis=(1, 3))
    if gray:
        img = img @ np.array([0.299, 0.587, 0.114])
    return img
