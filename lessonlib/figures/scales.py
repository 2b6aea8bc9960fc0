"""An axis scale that lessons share: training steps (or epochs) linear up to 10, then one unit per decade.

A divergence happens within a few steps and a convergence takes hundreds; on this axis both are
visible. Drawing on the transformed coordinates with a linear matplotlib scale (instead of a
symlog scale) keeps a slider redraw fast.
"""
from __future__ import annotations

import numpy as np


def step_axis(steps):
    """Where step s goes on the x axis: s / 10 up to 10, then 1 + log10(s / 10)."""
    s = np.asarray(steps, dtype=float)
    return np.where(s <= 10, s / 10, 1 + np.log10(np.maximum(s, 10) / 10))


def set_step_ticks(ax, last: int, ticks=(0, 1, 2, 4, 6, 8, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000)):
    """Label the x axis of ax (drawn with step_axis) at the given steps up to `last`."""
    shown = [t for t in ticks if t <= last]
    ax.set_xticks(step_axis(np.array(shown)), [str(t) for t in shown])
