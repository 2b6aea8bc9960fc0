"""Readable text on coloured cells: WCAG 2.x luminance and contrast, and the one rule that picks
black or white text for a cell (a count on a dark-green cell, a weight on a pale one)."""
from __future__ import annotations

import numpy as np
from matplotlib.colors import to_rgba

MIN_CONTRAST = 4.5
"""WCAG 2.x level AA for ordinary text: the contrast ratio of text and background is at least 4.5."""


def relative_luminance(colour) -> float:
    """WCAG 2.x relative luminance of a colour (any matplotlib colour or an RGB(A) tuple in [0, 1]):
    0 for black, 1 for white. Alpha is ignored (composite over the background first)."""
    rgb = np.asarray(to_rgba(colour)[:3], dtype=np.float64)
    linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    return float(linear @ np.array([0.2126, 0.7152, 0.0722]))


def contrast_ratio(a, b) -> float:
    """WCAG 2.x contrast ratio of two colours, from 1 (the same) to 21 (black on white)."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_colour_for(rgba) -> str:
    """"black" or "white", whichever contrasts more with a cell of colour `rgba` (what a colormap
    returns, e.g. `cmap(norm(value))`, or any matplotlib colour). Either way the ratio is at least
    4.58, above WCAG's 4.5 for ordinary text."""
    return "black" if contrast_ratio(rgba, "black") >= contrast_ratio(rgba, "white") else "white"
