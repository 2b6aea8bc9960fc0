"""Small presentation settings shared by the widget shells of lessons 1–3 (the figure box
itself, header hidden, is widgets._figure_box)."""
from __future__ import annotations

WIDE = {"description_width": "initial"}   # show a control's whole label, not "hidden un..."

