"""Figure settings every lesson's drawings share."""
from __future__ import annotations

# Dots per inch of every lesson figure: sharp at 100 % zoom, and a stored notebook stays small
# (ipympl sends a whole PNG per redraw, so pixels are also slider latency).
DPI = 90

# The style of a control whose description is long ("hidden units", "learning rate"): show the
# whole label instead of cutting it to "hidden un...".
WIDE = {"description_width": "initial"}


def freeze_layout(fig):
    """Lay the figure out once (constrained layout), then keep that layout: a slider redraw then
    skips re-solving it, which is a third of a draw for a many-panel figure."""
    engine = fig.get_layout_engine()
    if engine is not None:
        engine.execute(fig)
        fig.set_layout_engine("none")
