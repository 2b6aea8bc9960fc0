"""Redraw times of the slider callbacks of lessons 7-12 (median of 20 calls, milliseconds).

For each widget, `callback` is what a slider move runs in the kernel: the maths plus view.update()
(the control's value is set with the real observer attached; draw_idle is made a no-op, since under
ipympl it only schedules the drawing). `draw` is the full Agg draw of the figure that ipympl then
does before sending the picture to the browser. `reference` is the draw of a one-axes figure with a
32x32 image on the same machine at the same moment: on a busy shared machine every number scales
with it, so the ratios are the stable part. Target: callback < 50 ms at the default sizes.

    python benchmarks/bench_render_conv_lessons.py
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
import matplotlib.pyplot as plt  # noqa: E402

REPEAT = 20


def median_ms(fn, repeat=REPEAT):
    fn()                                     # warm-up: Numba loads, fonts cached
    times = []
    for k in range(repeat):
        t0 = time.perf_counter()
        fn(k)
        times.append(time.perf_counter() - t0)
    return 1e3 * statistics.median(times)


def reference_draw_ms():
    """Draw time of a minimal figure: the yardstick for this machine's current speed."""
    import numpy as np
    fig, ax = plt.subplots(figsize=(8, 3), dpi=90)
    im = ax.imshow(np.zeros((32, 32)))
    rng = np.random.default_rng(0)

    def draw(k=0):
        im.set_data(rng.random((32, 32)))
        fig.canvas.draw()

    ms = median_ms(draw)
    plt.close(fig)
    return ms


def bench(name, view, control, values, ref):
    """Move `control` through `values` (cycled); time the callback, then a full draw."""
    canvas = view.fig.canvas
    canvas.draw()
    real_draw_idle = canvas.draw_idle
    canvas.draw_idle = lambda *a, **k: None      # ipympl defers the drawing; Agg would draw here

    def move(k=0):
        control.value = values[k % len(values)]

    cb = median_ms(move)
    canvas.draw_idle = real_draw_idle
    draw = median_ms(lambda k=0: canvas.draw())
    print(f"{name:38s} callback {cb:6.1f} ms ({cb / ref:4.2f} ref)   draw {draw:6.1f} ms ({draw / ref:4.2f} ref)"
          f"   {'ok' if cb < 50 else 'SLOW'}")
    plt.close(view.fig)
    return cb


def main():
    from lessonlib.conv_matrix import colour_filters
    from lessonlib.data import load_mnist
    from lessonlib.data.photo import load_photo
    from lessonlib.widgets.arithmetic_explorer import arithmetic_explorer
    from lessonlib.widgets.connectivity import connectivity_explorer
    from lessonlib.widgets.filtering import filter_explorer
    from lessonlib.widgets.multichannel import multichannel_explorer
    from lessonlib.widgets.receptive_field import receptive_field_explorer
    from lessonlib.widgets.toeplitz import toeplitz_explorer

    photo, small = load_photo(128, gray=True), load_photo(32)
    w, b, _ = colour_filters()
    digit = load_mnist().images[0]
    # (name, widget factory, control picker, values the control cycles through)
    cases = [
        ("07 matrix: input size (1-D)", lambda: toeplitz_explorer(), lambda c: c["n"], [6, 7, 8, 9]),
        ("07 matrix: input size (2-D)", lambda: toeplitz_explorer(two_d=True), lambda c: c["n"], [6, 7, 8, 9]),
        ("08 filter: one kernel weight", lambda: filter_explorer(photo), lambda c: c["cells"][4], [0.5, 1.0, 1.5]),
        ("08 filter: flip toggle", lambda: filter_explorer(photo), lambda c: c["operation"], None),
        ("09 explorer: output position", arithmetic_explorer, lambda c: c["position"], list(range(25))),
        ("09 explorer: stride (valid/invalid)", arithmetic_explorer, lambda c: c["stride"], [1, 2, 3, 4]),
        ("10 multichannel: filter", lambda: multichannel_explorer(small, w, b), lambda c: c["f"], [0, 1, 2]),
        ("10 multichannel: output column", lambda: multichannel_explorer(small, w, b), lambda c: c["j"],
         list(range(32))),
        ("11 receptive field: depth", lambda: receptive_field_explorer(digit), lambda c: c["depth"], [1, 2, 3, 4]),
        ("11 receptive field: unit row", lambda: receptive_field_explorer(digit), lambda c: c["row"],
         list(range(28))),
        ("12 connectivity: highlighted unit", connectivity_explorer, lambda c: c["unit"], [0, 1, 2, 3, 4]),
        ("12 connectivity: figure", connectivity_explorer, lambda c: c["mode"], None),
    ]
    ref = reference_draw_ms()
    print(f"reference: a one-axes figure with a 32x32 image draws in {ref:.1f} ms on this machine now")
    slow = []
    for name, make, pick, values in cases:
        _, view, controls = make()
        control = pick(controls)
        if bench(name, view, control, values or list(control.options), ref) >= 50:
            slow.append(name)
    print("all callbacks under 50 ms" if not slow else f"callbacks over 50 ms: {slow}")


if __name__ == "__main__":
    main()
