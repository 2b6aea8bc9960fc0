"""Redraw cost of every slider of lessons 1-20, one table.

Each widget is built as its notebook builds it (same data, sizes and defaults; models trained only
briefly where training is needed, since redraw time does not depend on how well they are trained).
For every control, its value is moved with the real observer attached (sliders dragged over
neighbouring values, dropdowns and toggles through their options), so `update` is the whole callback
(maths + changing the artists; on Agg the Explorer's push_frame calls draw_idle, made a no-op here),
and `update + draw` adds the full Agg render of the figure, which under ipympl push_frame does in
the callback before it ships the picture (the PNG encode is not timed here).
Medians of 20 moves, wall and CPU time (benchmarks/_redraw.py); the load average is printed at the
start and the end, since wall times grow with it. Targets (update + draw, wall): < 100 ms for
lessons 1-6, < 50 ms for lessons 7-20.

    python benchmarks/bench_render.py            # every lesson
    python benchmarks/bench_render.py 1-6 14 20  # some lessons
"""
from __future__ import annotations

import argparse
import os
from typing import Iterator, NamedTuple

os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.setdefault("TQDM_DISABLE", "1")

import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from _redraw import HEADER, load_average, measure, report  # noqa: E402


class Slider(NamedTuple):
    name: str           # as the table shows it
    control: object     # the control, or its description in the widget box
    values: list        # what the control cycles through


def drag(first, last, step=1):
    """A slider dragged from first to last and back: neighbouring values, as a student moves it
    (a view's caches are then measured as they work, not on a few values seen again and again)."""
    n = round((last - first) / step)
    there = [round(first + i * step, 10) for i in range(n + 1)]
    return there + there[-2:0:-1]


def controls_in(box) -> dict:
    """Every control (a widget with a value and a description) inside a widget box, by description."""
    found, stack = {}, [box]
    while stack:
        w = stack.pop()
        if hasattr(w, "children"):
            stack.extend(w.children)
        elif hasattr(w, "value") and getattr(w, "description", ""):
            found[w.description] = w
    return found


# ---- one function per lesson: (box, figure, sliders) as the notebook builds the widget ----------

def lesson_01():
    from lessonlib.lessons.l01_mlp_representation.compute import plane_grid, representation_grid, two_moons
    from lessonlib.lessons.l01_mlp_representation.controls import representation_explorer
    X, y = two_moons(n=200, noise=0.2, seed=0)
    grid = plane_grid(X, n=80)
    results = representation_grid(X, y, grid, range(1, 9), ("relu", "tanh", "sigmoid"), epochs=5)
    explorer = representation_explorer(X, y, grid.extent, results, hidden=5, activation="tanh")
    return explorer.box, explorer.fig, [Slider("hidden units", "hidden units", drag(1, 8)),
                                        Slider("activation", "activation f", ["relu", "tanh", "sigmoid"])]


def lesson_02():
    from lessonlib.lessons.l02_training_backprop.compute import learning_rate_curves
    from lessonlib.lessons.l02_training_backprop.controls import learning_rate_explorer
    from lessonlib.nn import mlp
    rng = np.random.default_rng(0)
    xs = np.sort(rng.uniform(-3, 3, 64))[:, None]
    ys = np.sin(xs) + 0.1 * rng.standard_normal(xs.shape)
    x_plot = np.linspace(-3, 3, 200)[:, None]
    lrs = 10 ** np.arange(-3, 0.51, 0.25)            # the lesson's 15 rates and 200 steps
    curves = learning_rate_curves(lambda: mlp((1, 16, 1), seed=1, activation="tanh"), xs, ys, lrs,
                                  steps=200, x_plot=x_plot)
    explorer = learning_rate_explorer(xs, ys, x_plot, curves, lr=0.1)
    return explorer.box, explorer.fig, [Slider("learning rate", "learning rate", list(lrs) + list(lrs[-2:0:-1]))]


def lesson_03():
    from lessonlib.data import load_auto_mpg
    from lessonlib.lessons.l03_regression_auto_mpg.compute import regression_run
    from lessonlib.lessons.l03_regression_auto_mpg.controls import regression_explorer
    from lessonlib.nn.preprocess import Standardiser, train_test_split
    cars = load_auto_mpg(verbose=False)
    X = np.column_stack([cars.column(c) for c in ("cylinders", "horsepower", "weight")])
    x_tr, x_te, y_tr, y_te = train_test_split(X, cars.column("mpg"), test_fraction=0.2, seed=0)
    sx, sy = Standardiser.fit(x_tr), Standardiser.fit(y_tr[:, None])
    zx_tr, zx_te = sx.apply(x_tr), sx.apply(x_te)
    zy_tr, zy_te = sy.apply(y_tr[:, None])[:, 0], sy.apply(y_te[:, None])[:, 0]
    runs = {h: regression_run(zx_tr, zy_tr, zx_te, zy_te, h, y_scaler=sy, epochs=300, seed=0) for h in range(1, 17)}
    coef, *_ = np.linalg.lstsq(np.column_stack([x_tr, np.ones(len(x_tr))]), y_tr, rcond=None)
    linear = np.column_stack([x_te, np.ones(len(x_te))]) @ coef
    explorer = regression_explorer(y_te, linear, runs, hidden=8, epochs=200)
    return explorer.box, explorer.fig, [Slider("hidden units", "hidden units", drag(1, 16)),
                                        Slider("epochs", "epochs", drag(200, 219))]


def lesson_04():
    from lessonlib.data import load_iris
    from lessonlib.lessons.l04_classification_iris.compute import pair_regions
    from lessonlib.lessons.l04_classification_iris.controls import decision_regions_explorer
    from lessonlib.nn import stratified_split
    iris = load_iris()
    split = stratified_split(iris.X, iris.y, 0.3, seed=0)
    is_test = np.isin(np.arange(len(iris.y)), split.test_index)
    regions = pair_regions(split, n=150, epochs=5)
    ex = decision_regions_explorer(regions, iris.X, iris.y, is_test, iris.features, iris.species,
                                   x_feature=2, y_feature=3)
    return ex.box, ex.fig, [Slider("x axis feature", "x axis", [0, 1, 2]),
                            Slider("y axis feature", "y axis", [0, 1, 3])]


def lesson_05():
    from lessonlib.lessons.l05_deep_mlp_universal_approximation.compute import (TARGETS, interpolation_fit,
                                                                                target_curve, width_sweep)
    from lessonlib.lessons.l05_deep_mlp_universal_approximation.controls import width_explorer
    x, y = target_curve("waves", n=200)
    widths = [2 ** k for k in range(8)]
    fits = width_sweep(widths, x, y, seeds=(0,), schedule=((20, 0.02),))
    built = [interpolation_fit(n, x, TARGETS["waves"]) for n in widths]
    ex = width_explorer(x, y, fits, n_hidden=8, built=built)
    return ex.box, ex.fig, [Slider("log2 n hidden units", "log₂ n", drag(0, 7))]


def lesson_06():
    from lessonlib.lessons.l06_mlp_on_images.controls import unit_weights_explorer
    from lessonlib.nn import mlp
    model, start = mlp((784, 500, 10), seed=0, dtype=np.float32), mlp((784, 500, 10), seed=1, dtype=np.float32)
    ex = unit_weights_explorer(model.layers[0].params["W"], start.layers[0].params["W"],
                               model.layers[2].params["W"], unit=0)
    return ex.box, ex.fig, [Slider("hidden unit", "hidden unit", drag(0, 19))]


def lesson_07():
    from lessonlib.lessons.l07_matmul_to_conv.controls import toeplitz_explorer
    for two_d, name in ((False, "input size (1-D)"), (True, "input size (2-D)")):
        ex = toeplitz_explorer(n=6, kernel=3, two_d=two_d)
        n = ex.controls["n"]
        yield ex.box, ex.fig, [Slider(name, n, drag(n.min, n.max))]


def lesson_08():
    from lessonlib.data.photo import load_photo
    from lessonlib.lessons.l08_conv_vs_crosscorrelation.controls import filter_explorer
    ex = filter_explorer(load_photo(size=128, gray=True), kernel="Sobel x")
    weight, operation = ex.controls["h4"], ex.controls["operation"]
    return ex.box, ex.fig, [Slider("one kernel weight", weight, [0.5, 1.0, 1.5, 2.0, -1.0, 0.0]),
                            Slider("flip toggle", operation, list(operation.options))]


def lesson_09():
    from lessonlib.lessons.l09_conv_arithmetic_explorer.controls import arithmetic_explorer
    ex = arithmetic_explorer()
    return ex.box, ex.fig, [Slider("output position", ex.controls["position"], drag(0, 19)),
                            Slider("stride (valid/invalid)", ex.controls["stride"], [1, 2, 3, 4])]


def lesson_10():
    from lessonlib.data.photo import load_photo
    from lessonlib.lessons.l10_multichannel_conv.compute import colour_filters
    from lessonlib.lessons.l10_multichannel_conv.controls import multichannel_explorer
    w, b, _ = colour_filters(5)
    ex = multichannel_explorer(load_photo(size=32), w, b, padding=2)
    return ex.box, ex.fig, [Slider("filter", ex.controls["f"], [0, 1, 2]),
                            Slider("output column", ex.controls["j"], drag(0, 19))]


def lesson_11():
    from lessonlib.data import load_mnist
    from lessonlib.lessons.l11_dilation_receptive_field.controls import receptive_field_explorer
    ex = receptive_field_explorer(load_mnist().images[0], depth=3, stride=1, dilation_base=2)
    return ex.box, ex.fig, [Slider("depth", ex.controls["depth"], [1, 2, 3, 4]),
                            Slider("unit row", ex.controls["row"], drag(0, 19))]


def lesson_12():
    from lessonlib.lessons.l12_sparse_connectivity_sharing.controls import connectivity_explorer
    ex = connectivity_explorer(mode="input", unit=2)
    return ex.box, ex.fig, [Slider("highlighted unit", ex.controls["unit"], [0, 1, 2, 3, 4]),
                            Slider("figure (mode)", ex.controls["mode"], ["input", "output", "parameter"])]


def lesson_13():
    from lessonlib.lessons.l13_activation_functions.controls import activation_explorer
    ex = activation_explorer(slope=0.1, alpha=1.0)
    return ex.box, ex.fig, [Slider("leaky ε", "leaky ε", drag(0.1, 0.29, 0.01)),
                            Slider("ELU α", "ELU α", drag(1.0, 1.95, 0.05))]


def lesson_14():
    from lessonlib.data import bundled_split
    from lessonlib.lessons.l14_feature_maps_lrn.compute import stage_maps
    from lessonlib.lessons.l14_feature_maps_lrn.controls import feature_map_explorer, lrn_explorer
    from lessonlib.models import load_small_cnn
    test, model = bundled_split().test, load_small_cnn()
    ex = feature_map_explorer(model, test.images, test.labels, digit=7, example=0, stage="conv1 + ReLU", channel=0)
    yield ex.box, ex.fig, [Slider("digit", "digit", list(range(10))),
                           Slider("example", "example", drag(0, 9)),
                           Slider("layer", "layer", list(ex.controls["stage"].options)),
                           Slider("channel", "channel", drag(0, ex.controls["channel"].max))]
    seven = test.images[np.flatnonzero(test.labels == 7)[0]]
    conv2 = stage_maps(model, seven[None]).maps["conv2 + ReLU"].astype(np.float64)
    ex = lrn_explorer(conv2[0], channel=0, size=5, alpha=1e-4, beta=0.75, k=2.0)
    yield ex.box, ex.fig, [Slider("LRN n", "n", drag(5, 24)), Slider("LRN α", "α", [10 ** (e / 10) for e in range(-40, -20)]),
                           Slider("LRN β", "β", drag(0.75, 1.7, 0.05)), Slider("LRN k", "k", drag(2.0, 3.9, 0.1)),
                           Slider("LRN channel", "channel", list(range(16)))]


def lesson_15():
    from lessonlib.lessons.l15_pooling.controls import pooling_explorer
    x = np.random.default_rng(3).integers(0, 10, (7, 7)).astype(np.float64)
    ex = pooling_explorer(x, kernel=2, stride=2, mode="max", ceil_mode=False)
    return ex.box, ex.fig, [Slider("pool size", "pool size", drag(1, 4)), Slider("stride", "stride", drag(1, 4)),
                            Slider("mode", "mode", ["max", "avg"]), Slider("ceil_mode", "ceil_mode", [False, True])]


def lesson_16():
    from lessonlib.lessons.l16_variable_size_architectures.controls import architecture_explorer
    ex = architecture_explorer(height=28, width=28)
    return ex.box, ex.fig, [Slider("input height", "height", drag(28, 47)),
                                 Slider("input width", "width", drag(28, 47))]


def lesson_17():
    from lessonlib.lessons.l17_alexnet_by_the_numbers.controls import input_size_explorer
    ex = input_size_explorer(value=227, low=195, high=291)
    return ex.box, ex.fig, [Slider("input size n", "input n", drag(220, 239))]


def lesson_18():
    from lessonlib.data.photo import load_photo
    from lessonlib.lessons.l18_efficient_convolution.controls import blur_explorer
    ex = blur_explorer(load_photo(256, gray=True), sigma=1.0)
    return ex.box, ex.fig, [Slider("blur σ", "σ (pixels)", drag(0.5, 8.0, 0.5))]


def lesson_19():
    from lessonlib.data import load_mnist
    from lessonlib.lessons.l19_convolution_3d.compute import moving_digit_clip
    from lessonlib.lessons.l19_convolution_3d.controls import conv3d_explorer
    clip = moving_digit_clip(load_mnist().images[0], frames=12, velocity=(0, 2), canvas=(28, 56))
    ex = conv3d_explorer(clip, frame=0, depth=2, max_depth=6)
    return ex.box, ex.fig, [Slider("output frame t", "output frame t", drag(0, 10)),
                            Slider("kernel depth d", "kernel depth d", drag(2, 6))]


def lesson_20():
    from lessonlib.data import bundled_split
    from lessonlib.lessons.l20_cnn_on_mnist.controls import feature_map_explorer, receptive_field_explorer
    from lessonlib.models import feature_maps, load_pretrained, to_input
    model, test = load_pretrained(), bundled_split().test
    x, y = to_input(test.images), test.labels
    ex = feature_map_explorer(model, x, y, digit=0, layer=0, channel=0)
    layers = list(ex.controls["layer"].options)
    yield ex.box, ex.fig, [Slider("feature maps: digit", "digit", drag(1, 20)),
                           Slider("feature maps: layer", "layer", [i for _, i in layers]),
                           Slider("feature maps: map", "map", drag(1, 15))]
    best = int(feature_maps(model, x[0])[5].maps[:, 2, 2].argmax())
    ex = receptive_field_explorer(model, x, y, digit=0, layer=5, channel=best, row=2, col=2)
    yield ex.box, ex.fig, [Slider("receptive field: digit", "digit", drag(1, 20)),
                           Slider("receptive field: layer", "layer", [i for _, i in layers][::-1]),
                           Slider("receptive field: map", "map", [(best + c) % 16 for c in range(1, 16)]),
                           Slider("receptive field: row", "row", drag(0, 4)),
                           Slider("receptive field: col", "col", drag(0, 4))]


LESSONS = {int(name.split("_")[1]): fn for name, fn in dict(globals()).items() if name.startswith("lesson_")}


def target_ms(lesson: int) -> float:
    return 100.0 if lesson <= 6 else 50.0


def widgets_of(lesson: int) -> Iterator:
    """(box, figure, sliders) for each widget of the lesson."""
    built = LESSONS[lesson]()
    yield from ([built] if isinstance(built, tuple) else built)


def bench(lesson: int, repeats: int) -> None:
    for box, fig, sliders in widgets_of(lesson):
        fig.canvas.draw_idle = lambda *a, **k: None     # the draw is timed explicitly, once per move
        by_name = controls_in(box)
        for s in sliders:
            control = s.control if not isinstance(s.control, str) else by_name[s.control]

            def move(value, control=control):
                control.value = value
            report(f"{lesson:02d}", s.name, measure(move, [dict(value=v) for v in s.values], fig, repeats),
                   target_ms(lesson))
        plt.close(fig)


def parse_lessons(args) -> list[int]:
    chosen = []
    for a in args or [f"1-{max(LESSONS)}"]:
        lo, _, hi = a.partition("-")
        chosen += range(int(lo), int(hi or lo) + 1)
    unknown = sorted(set(chosen) - set(LESSONS))
    if unknown:
        raise SystemExit(f"no sliders in lesson(s) {unknown}; lessons with sliders: {sorted(LESSONS)}")
    return chosen


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lessons", nargs="*", help="lesson numbers or ranges (e.g. 1-6 14); default all")
    parser.add_argument("--lessons", nargs="*", dest="lessons_opt", default=[],
                        help="the same as the positional lessons (as bench_slider_latency.py takes them)")
    parser.add_argument("--repeats", type=int, default=20, help="moves per median (default 20)")
    args = parser.parse_args()
    args.lessons = args.lessons + args.lessons_opt
    print(f"at the start: {load_average()}")
    print(HEADER)
    for lesson in parse_lessons(args.lessons):
        bench(lesson, args.repeats)
    print(f"at the end:   {load_average()}")


if __name__ == "__main__":
    main()
