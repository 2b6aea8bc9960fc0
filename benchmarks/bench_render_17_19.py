"""Redraw cost of the sliders of lessons 17-19: median of 20 update() calls (recompute + change the
artists), and of update() plus a full Agg draw of the figure (an upper bound for what ipympl redraws).

    python benchmarks/bench_render_17_19.py

Prints one line per slider: `<lesson> <slider>: update X.X ms, update + draw Y.Y ms`. Target: update < 50 ms.
"""
from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("MPLBACKEND", "Agg")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import matplotlib  # noqa: E402

matplotlib.use("Agg")


def median_ms(call, settings, fig, draw):
    times = []
    for i in range(20):
        start = time.perf_counter()
        call(**settings[i % len(settings)])
        if draw:
            fig.canvas.draw()
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def sliders():
    """(name, update function, settings to cycle through, figure) as the notebooks build them."""
    from lessonlib.clips import moving_digit_clip
    from lessonlib.data import load_mnist
    from lessonlib.data.photo import load_photo
    from lessonlib.widgets.alexnet import InputSizeExplorer
    from lessonlib.widgets.conv3d import Conv3DExplorer
    from lessonlib.widgets.efficiency import BlurExplorer

    alex = InputSizeExplorer(value=227, low=195, high=291)
    yield "17 input size n", alex.update, [dict(n=n) for n in (195, 227, 228, 259, 291)], alex.view.fig
    blur = BlurExplorer(load_photo(256, gray=True), sigma=1.0)
    yield "18 blur σ", blur.update, [dict(sigma=s) for s in (0.5, 1.0, 3.0, 8.0)], blur.view.fig
    clip = moving_digit_clip(load_mnist().images[0], frames=12, velocity=(0, 2), canvas=(28, 56))
    c3 = Conv3DExplorer(clip, frame=0, depth=2, max_depth=6)
    yield ("19 frame t / kernel depth d", c3.update,
           [dict(frame=t, depth=d) for t, d in ((0, 2), (5, 3), (7, 6), (10, 2))], c3.view.fig)


def main():
    for name, update, settings, fig in sliders():
        update(**settings[0])                      # warm-up: compilation, caches
        bare = median_ms(update, settings, fig, draw=False)
        full = median_ms(update, settings, fig, draw=True)
        print(f"{name}: update {bare:.1f} ms, update + draw {full:.1f} ms")


if __name__ == "__main__":
    main()
