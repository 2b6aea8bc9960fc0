"""Until the last lesson that imports them from here has moved: DPI and freeze_layout live in lessonlib.figures."""
from ..figures.style import DPI, freeze_layout  # noqa: F401
