"""Figure settings every lesson's drawings share."""
from __future__ import annotations

# Dots per inch of every lesson figure: sharp at 100 % zoom, and a stored notebook stays small
# (ipympl sends a whole PNG per redraw, so pixels are also slider latency).
DPI = 90

# The style of a control whose description is long ("hidden units", "learning rate"): show the
# whole label instead of cutting it to "hidden un...".
WIDE = {"description_width": "initial"}


def without_ticks(ax):
    """An image panel's axes without ticks: its x and y axis are not drawn at all (an axis with an
    empty tick list is still laid out on every redraw). The frame (spines) stays."""
    ax.xaxis.set_visible(False)
    ax.yaxis.set_visible(False)


def freeze_layout(fig):
    """Lay the figure out once (constrained layout), then keep that layout: a slider redraw then
    skips re-solving it, which is a third of a draw for a many-panel figure. The titles are kept
    where that layout put them too (pin_titles)."""
    engine = fig.get_layout_engine()
    if engine is not None:
        engine.execute(fig)
        fig.set_layout_engine("none")
    pin_titles(fig)


def pin_titles(fig):
    """Keep every axes' titles where a draw now puts them. Otherwise each draw works out again
    whether a title must rise above tick labels on top of its axes, measuring every axes'
    decorations (45 % of lesson 16's redraw, benchmarks/README.md). Call once the figure is laid
    out; the pixels stay the same. Figures already pinned are left as they are."""
    if all(ax._autotitlepos is False for ax in fig.axes):
        return
    fig.draw_without_rendering()        # puts each title where the automatic rule wants it
    for ax in fig.axes:
        # matplotlib's own switch, which set_title(..., y=...) turns off: set_title cannot be used
        # here, since it also resets the title's font to the rc defaults
        ax._autotitlepos = False
