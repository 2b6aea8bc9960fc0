"""The one timing helper of the slider benchmarks: how long a redraw takes, and one line to print it.

A redraw as a student sees it is the slider's callback (`update`) followed by a full draw of the
figure: ipympl renders the whole canvas with Agg and ships the PNG to the browser. Both are timed
with two clocks: wall time (what the student waits) and this process's CPU time (the honest figure
when other jobs share the cores: it does not grow while the process waits for a core).
"""
from __future__ import annotations

import itertools
import os
import statistics
import time
from typing import Callable, NamedTuple, Sequence


class Redraw(NamedTuple):
    """Medians in milliseconds."""
    update_wall: float
    update_cpu: float
    draw_wall: float        # update() + fig.canvas.draw()
    draw_cpu: float


def _medians(update: Callable, settings: Sequence[dict], draw: Callable | None, repeats: int):
    wall, cpu = [], []
    for s in itertools.islice(itertools.cycle(settings), repeats):
        w, c = time.perf_counter(), time.process_time()
        update(**s)
        if draw is not None:
            draw()
        cpu.append(time.process_time() - c)
        wall.append(time.perf_counter() - w)
    return 1e3 * statistics.median(wall), 1e3 * statistics.median(cpu)


def measure(update: Callable, settings: Sequence[dict], fig, repeats: int = 20) -> Redraw:
    """Median wall and CPU ms of update(**s) alone and of update(**s) + fig.canvas.draw(), cycling
    through `settings` (consecutive settings should differ, or the callback may have nothing to do).

    The first and last settings are applied and drawn once first (Numba compiles, fonts load); the
    others are met for the first time while timed, as they would be on a slider's first drag.
    """
    if len(settings) < 2:
        raise ValueError(f"settings needs at least two different settings to cycle through, got {len(settings)}")
    for s in (settings[0], settings[-1]):
        update(**s)
        fig.canvas.draw()
    bare = _medians(update, settings, None, repeats)
    full = _medians(update, settings, fig.canvas.draw, repeats)
    return Redraw(*bare, *full)


HEADER = (f"{'lesson':<7}{'slider':<34}{'update ms':>16}{'update + draw ms':>19}{'target':>8}\n"
          f"{'':<41}{'wall':>8}{'CPU':>8}{'wall':>10}{'CPU':>8}")


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f} ({os.cpu_count()} cores)"


def report(lesson: str, slider: str, r: Redraw, target_ms: float) -> None:
    """One aligned line per slider (print HEADER above the first); SLOW when update + draw
    misses the target in wall time."""
    verdict = "ok" if r.draw_wall < target_ms else "SLOW"
    print(f"{lesson:<7}{slider:<34.34}{r.update_wall:8.1f}{r.update_cpu:8.1f}{r.draw_wall:10.1f}{r.draw_cpu:8.1f}"
          f"{target_ms:6.0f}  {verdict}", flush=True)
