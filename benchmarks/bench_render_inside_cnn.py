"""Redraw times of lesson 20's two explorers (feature maps; one unit's receptive field).

For every control: median of 20 moves of
  update  - the callback's work: forward/backward pass for the digit or unit + changing the artists
  + draw  - the same plus a full Agg render of the figure (what ipympl then sends to the browser)
Target: update < 50 ms.   Run: python benchmarks/bench_render_inside_cnn.py
"""
import sys
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

from lessonlib.data import bundled_split  # noqa: E402
from lessonlib.models import load_pretrained  # noqa: E402
from lessonlib.models.lenet import to_input  # noqa: E402
from lessonlib.threads import limit_threads  # noqa: E402
from lessonlib.widgets.inside_cnn import FeatureMapExplorer, ReceptiveFieldExplorer  # noqa: E402


def median_ms(explorer, name, values, draw):
    times = []
    for v in values:
        start = time.perf_counter()
        with limit_threads(1):            # as the widget callback does
            explorer.update(**{name: v})
        if draw:
            explorer.fig.canvas.draw()
        times.append(time.perf_counter() - start)
    return 1e3 * float(np.median(times))


def main():
    model = load_pretrained()
    test = bundled_split().test
    x, y = to_input(test.images), test.labels
    fm = FeatureMapExplorer(model, x, y, digit=0, layer=3, channel=0)
    rf = ReceptiveFieldExplorer(model, x, y, digit=0, layer=5, channel=0, row=2, col=2)
    cases = [
        ("feature maps", fm, "digit", list(range(1, 21))),
        ("feature maps", fm, "layer", [0, 2, 3, 5] * 5),
        ("feature maps", fm, "channel", [c % 16 for c in range(20)]),
        ("receptive field", rf, "digit", list(range(1, 21))),
        ("receptive field", rf, "layer", [0, 2, 3, 5] * 5),
        ("receptive field", rf, "channel", [c % 16 for c in range(20)]),
        ("receptive field", rf, "row", [r % 5 for r in range(20)]),
        ("receptive field", rf, "col", [c % 5 for c in range(20)]),
    ]
    for ex in (fm, rf):
        ex.fig.canvas.draw()
    print(f"{'explorer':<17}{'control':<9}{'update ms':>10}{'+ draw ms':>11}")
    for label, ex, name, values in cases:
        print(f"{label:<17}{name:<9}{median_ms(ex, name, values, False):10.1f}{median_ms(ex, name, values, True):11.1f}")


if __name__ == "__main__":
    main()
