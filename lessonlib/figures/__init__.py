"""Drawing helpers that many lessons share: figure style, cached texts, the widget contract.

Nothing here knows a lesson. A lesson's view and controls live in its home under
`lessonlib.lessons`; what two lessons both need is defined once, here.
"""
from .colours import contrast_ratio, text_colour_for
from .explorer import Explorer, canvas_widget
from .style import DPI, freeze_layout, pin_titles, without_ticks

__all__ = ["DPI", "Explorer", "canvas_widget", "contrast_ratio", "freeze_layout", "pin_titles", "text_colour_for",
           "without_ticks"]
