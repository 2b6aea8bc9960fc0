"""Every lesson's figures are readable as rendered (issue 16 item 2), headless on Agg.

For each lesson's explorers, built as its notebook builds them (smaller inputs where that changes
no drawing code path), at their first state, with every control at its minimum (first option),
and with every control at its maximum (last option); and for a few cheap static figures:

(a) size: every drawn, non-empty text is at least 12 px high as rendered: fontsize × dpi / 72 ≥ 12
    (at the shared DPI 90 that is 9.6 pt; matplotlib's default 10 pt passes);
(b) inside: its window extent lies inside the figure (1 px of slack);
(c) contrast: its colour against the background around it (the median pixel of a thin ring just
    outside its box: the cell, panel or box patch it sits on) has a WCAG 2.x ratio ≥ 4.5.

What a lesson still fails is listed in KNOWN_FAILURES below, as a strict xfail: the suite stays
green, and the entry must be removed when the lesson's owner fixes it (a fixed case that is still
listed fails as XPASS). Run one lesson: `python -m pytest -n 0 -q tests/test_figures_readable.py -k l09`.
"""
from __future__ import annotations

import functools
import io
from typing import NamedTuple

import ipywidgets as widgets
import matplotlib
import numpy as np
import pytest
from matplotlib.text import Text

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from lessonlib.figures import Explorer, contrast_ratio, text_colour_for  # noqa: E402
from lessonlib.figures.colours import MIN_CONTRAST  # noqa: E402

MIN_TEXT_PX = 12.0

# case id -> what still fails there (lesson owners: fix, then delete your entry)
KNOWN_FAILURES: dict[str, str] = {
}


# --- what is drawn -------------------------------------------------------------------------

class Drawn(NamedTuple):
    text: Text
    content: str
    px: float                 # rendered height of the font: fontsize × dpi / 72
    extent: tuple             # window extent (x0, y0, x1, y1), pixels from the bottom left
    colour: tuple             # RGBA of the text


def drawn_texts(fig):
    """(the texts a draw of `fig` paints: visible, non-empty, not clipped away entirely; the figure's
    pixels as an (H, W, 3) array in [0, 1]). Drawn as for saving, at the figure's own dpi, so that
    texts a view pastes from cached pictures (lessonlib.figures.cached_text, cached_panels) are
    drawn, and so checked, too: the caches step aside when a figure is saved (same pixels)."""
    painted = []
    original = Text.draw

    def recording_draw(self, renderer):
        if self.get_visible() and self.get_text().strip():
            painted.append(self)
        return original(self, renderer)

    buffer = io.BytesIO()
    Text.draw = recording_draw
    try:
        fig.savefig(buffer, format="rgba", dpi=fig.dpi)
    finally:
        Text.draw = original
    renderer = fig.canvas.get_renderer()                 # the one savefig drew with (same size, dpi)
    image = np.frombuffer(buffer.getvalue(), np.uint8).reshape(int(renderer.height), int(renderer.width), 4)
    image = image[..., :3] / 255
    out, seen = [], set()
    for t in painted:
        if id(t) in seen:
            continue
        seen.add(id(t))
        e = t.get_window_extent(renderer)
        if e.width <= 0 or e.height <= 0:
            continue
        clip = t.get_clip_box() if t.get_clip_on() else None
        if clip is not None and (e.x1 <= clip.x0 or e.x0 >= clip.x1 or e.y1 <= clip.y0 or e.y0 >= clip.y1):
            continue              # clipped away: nobody sees it
        rgba = matplotlib.colors.to_rgba(t.get_color(), t.get_alpha())
        out.append(Drawn(t, t.get_text(), t.get_fontsize() * fig.dpi / 72, (e.x0, e.y0, e.x1, e.y1), rgba))
    return out, image


def backgrounds(image, texts: list[Drawn]) -> list[tuple]:
    """The RGB behind each text: the median pixel of a ring 1 to 3 px outside its extent in the
    figure as drawn (the cell, panel or box patch around it; no second render needed)."""
    h, w = image.shape[:2]
    out = []
    for d in texts:
        x0, y0, x1, y1 = d.extent
        c0, c1 = int(np.floor(x0)) - 3, int(np.ceil(x1)) + 3        # columns, left to right
        r0, r1 = int(np.floor(h - y1)) - 3, int(np.ceil(h - y0)) + 3  # rows, top to bottom
        rows, cols = np.mgrid[r0:r1, c0:c1]
        ring = ((rows < r0 + 2) | (rows >= r1 - 2) | (cols < c0 + 2) | (cols >= c1 - 2))
        ring &= (rows >= 0) & (rows < h) & (cols >= 0) & (cols < w)
        pixels = image[rows[ring], cols[ring]]
        out.append(tuple(np.median(pixels, axis=0)) if len(pixels) else (1.0, 1.0, 1.0))
    return out


def problems(fig, where: str) -> list[str]:
    """Every broken rule in `fig` as drawn now, one line each, prefixed by `where`."""
    texts, image = drawn_texts(fig)
    width, height = fig.bbox.width, fig.bbox.height
    found = []
    for d, behind in zip(texts, backgrounds(image, texts)):
        name = f"{where}: {d.content[:40]!r}"
        if d.px < MIN_TEXT_PX - 1e-6:
            found.append(f"{name} is {d.px:.1f} px high (fontsize {d.text.get_fontsize():g} at dpi {fig.dpi:g}); "
                         f"needs fontsize >= {MIN_TEXT_PX * 72 / fig.dpi:.1f}")
        x0, y0, x1, y1 = d.extent
        if x0 < -1 or y0 < -1 or x1 > width + 1 or y1 > height + 1:
            found.append(f"{name} lies outside the {width:.0f}×{height:.0f} figure: extent "
                         f"({x0:.0f}, {y0:.0f}) to ({x1:.0f}, {y1:.0f})")
        alpha = d.colour[3]
        colour = alpha * np.asarray(d.colour[:3]) + (1 - alpha) * np.asarray(behind)
        ratio = contrast_ratio(tuple(colour), behind)
        if ratio < MIN_CONTRAST:
            found.append(f"{name}: contrast {ratio:.2f} < {MIN_CONTRAST} (text "
                         f"{matplotlib.colors.to_hex(colour)} on {matplotlib.colors.to_hex(behind)}; "
                         f"text_colour_for gives {text_colour_for(behind)})")
    return found


# --- moving an explorer's controls to their ends ----------------------------------------------

def _set_end(control, end: str) -> bool:
    """Set one control to its minimum/first ('min') or maximum/last ('max') value; False if it has none."""
    if isinstance(control, widgets.FloatLogSlider):
        control.value = control.base ** (control.min if end == "min" else control.max)
    elif isinstance(control, (widgets.IntSlider, widgets.FloatSlider)):
        control.value = control.min if end == "min" else control.max
    elif isinstance(control, (widgets.Dropdown, widgets.SelectionSlider, widgets.ToggleButtons,
                              widgets.RadioButtons)):
        if len(control.options):
            control.index = 0 if end == "min" else len(control.options) - 1
    elif isinstance(control, (widgets.Checkbox, widgets.ToggleButton)):
        control.value = end == "max"
    else:
        return False
    return True


def explorer_problems(explorer: Explorer, case: str) -> list[str]:
    found = problems(explorer.fig, f"{case} first state")
    canvas = explorer.fig.canvas
    canvas.draw_idle = lambda *args, **kwargs: None    # Agg draws at once on draw_idle: one draw per state
    try:
        for end in ("min", "max"):
            for control in explorer.controls.values():   # in order: a dependent range after its source
                _set_end(control, end)
            found += problems(explorer.fig, f"{case} every control at its {end} {explorer.settings}")
    finally:
        del canvas.draw_idle
    return found


# --- each lesson's figures, built as its notebook builds them ---------------------------------

@functools.cache
def _photo(size, gray=False):
    from lessonlib.data.photo import load_photo
    return load_photo(size=size, gray=gray) if gray else load_photo(size=size)


@functools.cache
def _mnist_digit():
    from lessonlib.data import load_mnist
    return load_mnist().images[0]


@functools.cache
def _small_cnn():
    from lessonlib.data import bundled_split
    from lessonlib.models import load_small_cnn
    return load_small_cnn(), bundled_split().test


@functools.cache
def _lenet():
    from lessonlib.data import bundled_split
    from lessonlib.models import load_pretrained, to_input
    test = bundled_split().test
    return load_pretrained(), to_input(test.images[:40]), test.labels[:40]


def l00_explorer():
    from lessonlib.lessons.l00_start_here.controls import stride_explorer
    return stride_explorer(stride=1)


def l01_explorer():
    from lessonlib.lessons.l01_mlp_representation.compute import plane_grid, representation_grid, two_moons
    from lessonlib.lessons.l01_mlp_representation.controls import representation_explorer
    X, y = two_moons(n=60, noise=0.2, seed=0)
    grid = plane_grid(X, n=10)
    results = representation_grid(X, y, grid, range(1, 9), ("relu", "tanh", "sigmoid"), epochs=2)
    return representation_explorer(X, y, grid.extent, results, hidden=5, activation="tanh")


def l02_explorer():
    from lessonlib.lessons.l02_training_backprop.compute import learning_rate_curves
    from lessonlib.lessons.l02_training_backprop.controls import learning_rate_explorer
    from lessonlib.nn import mlp
    rng = np.random.default_rng(0)
    xs = np.sort(rng.uniform(-3, 3, 24))[:, None]
    ys = np.sin(xs) + 0.1 * rng.standard_normal(xs.shape)
    x_plot = np.linspace(-3, 3, 40)[:, None]
    curves = learning_rate_curves(lambda: mlp((1, 6, 1), seed=1, activation="tanh"), xs, ys,
                                  10 ** np.arange(-3, 0.51, 0.25), steps=30, x_plot=x_plot)
    return learning_rate_explorer(xs, ys, x_plot, curves, lr=0.1)


def l03_explorer():
    from lessonlib.lessons.l03_regression_auto_mpg.compute import RegressionRun
    from lessonlib.lessons.l03_regression_auto_mpg.controls import regression_explorer
    rng = np.random.default_rng(0)
    y_test = rng.uniform(10, 45, 40)
    noise = rng.standard_normal(40)
    runs = {}
    for h in range(1, 17):
        pred = np.array([y_test + noise * 5 / (h * e) for e in range(1, 301)])
        mae = np.abs(pred - y_test).mean(axis=1)
        runs[h] = RegressionRun(h, pred, 0.8 * mae, mae, None)
    return regression_explorer(y_test, y_test + 2.0 * noise, runs, hidden=8, epochs=200)


def l04_explorer():
    from lessonlib.data import load_iris
    from lessonlib.lessons.l04_classification_iris.compute import pair_regions
    from lessonlib.lessons.l04_classification_iris.controls import decision_regions_explorer
    from lessonlib.nn import stratified_split
    iris = load_iris()
    split = stratified_split(iris.X, iris.y, test_fraction=0.3, seed=0)
    regions = pair_regions(split, n=30, epochs=3)
    is_test = np.isin(np.arange(len(iris.y)), split.test_index)
    return decision_regions_explorer(regions, iris.X, iris.y, is_test, iris.features, iris.species,
                                     x_feature=2, y_feature=3)


def l05_explorer():
    from lessonlib.lessons.l05_deep_mlp_universal_approximation.compute import (TARGETS, interpolation_fit,
                                                                                 target_curve, width_sweep)
    from lessonlib.lessons.l05_deep_mlp_universal_approximation.controls import width_explorer
    x, y = target_curve("waves", n=60)
    widths = [2 ** k for k in range(4)]
    fits = width_sweep(widths, x, y, seeds=(0,), schedule=((20, 0.02),))
    built = [interpolation_fit(n, x, TARGETS["waves"]) for n in widths]
    return width_explorer(x, y, fits, n_hidden=8, built=built)


def l06_explorer():
    from lessonlib.lessons.l06_mlp_on_images.controls import unit_weights_explorer
    rng = np.random.default_rng(0)
    w_in = rng.standard_normal((500, 784)).astype(np.float32) * 0.05
    w_init = rng.standard_normal((500, 784)).astype(np.float32) * 0.05
    w_out = rng.standard_normal((10, 500)).astype(np.float32) * 0.05
    return unit_weights_explorer(w_in, w_init, w_out, unit=0)


def l07_explorer():
    from lessonlib.lessons.l07_matmul_to_conv.controls import toeplitz_explorer
    return toeplitz_explorer(n=6, kernel=3)


def l08_explorer():
    from lessonlib.lessons.l08_conv_vs_crosscorrelation.controls import filter_explorer
    return filter_explorer(_photo(128, gray=True), kernel="Sobel x")


def l09_explorer():
    from lessonlib.lessons.l09_conv_arithmetic_explorer.controls import arithmetic_explorer
    return arithmetic_explorer()


def l10_explorer():
    from lessonlib.lessons.l10_multichannel_conv.compute import filter_bank
    from lessonlib.lessons.l10_multichannel_conv.controls import multichannel_explorer
    wb, bb, _ = filter_bank(5)
    return multichannel_explorer(_photo(32), wb, bb, padding=2, n_filters=3)


def l11_explorer():
    from lessonlib.lessons.l11_dilation_receptive_field.controls import receptive_field_explorer
    return receptive_field_explorer(_mnist_digit(), depth=3, stride=1, dilation_base=2)


def l12_explorer():
    from lessonlib.lessons.l12_sparse_connectivity_sharing.controls import connectivity_explorer
    return connectivity_explorer(mode="input", unit=2)


def l13_explorer():
    from lessonlib.lessons.l13_activation_functions.controls import activation_explorer
    return activation_explorer(slope=0.1, alpha=1.0)


def l14_explorer():
    from lessonlib.lessons.l14_feature_maps_lrn.controls import feature_map_explorer
    model, test = _small_cnn()
    return feature_map_explorer(model, test.images, test.labels, digit=7, example=0, stage="conv1 + ReLU", channel=0)


def l14_lrn_explorer():
    from lessonlib.lessons.l14_feature_maps_lrn.compute import stage_maps
    from lessonlib.lessons.l14_feature_maps_lrn.controls import lrn_explorer
    model, test = _small_cnn()
    seven = test.images[np.flatnonzero(test.labels == 7)[0]]
    conv2 = stage_maps(model, seven[None]).maps["conv2 + ReLU"].astype(np.float64)
    return lrn_explorer(conv2[0], channel=0, size=5, alpha=1e-4, beta=0.75, k=2.0)


def l15_explorer():
    from lessonlib.lessons.l15_pooling.controls import pooling_explorer
    x = np.random.default_rng(3).integers(0, 10, (7, 7)).astype(np.float64)
    return pooling_explorer(x, kernel=2, stride=2, mode="max", ceil_mode=False)


def l16_explorer():
    from lessonlib.lessons.l16_variable_size_architectures.controls import architecture_explorer
    return architecture_explorer(height=28, width=28)


def l17_explorer():
    from lessonlib.lessons.l17_alexnet_by_the_numbers.controls import input_size_explorer
    return input_size_explorer(value=227, low=195, high=291)


def l18_explorer():
    from lessonlib.lessons.l18_efficient_convolution.controls import blur_explorer
    return blur_explorer(_photo(128, gray=True), sigma=1.0)


def l19_explorer():
    from lessonlib.lessons.l19_convolution_3d.compute import moving_digit_clip
    from lessonlib.lessons.l19_convolution_3d.controls import conv3d_explorer
    clip = moving_digit_clip(_mnist_digit(), frames=12, velocity=(0, 2), canvas=(28, 56))
    return conv3d_explorer(clip, frame=0, depth=2, max_depth=6)


def l20_explorer():
    from lessonlib.lessons.l20_cnn_on_mnist.controls import feature_map_explorer
    model, x, y = _lenet()
    return feature_map_explorer(model, x, y, digit=0, layer=0, channel=0, mistakes=np.array([3, 11, 17]))


def l20_receptive_field_explorer():
    from lessonlib.lessons.l20_cnn_on_mnist.controls import receptive_field_explorer
    model, x, y = _lenet()
    return receptive_field_explorer(model, x, y, digit=0, layer=5, channel=0, row=2, col=2,
                                    mistakes=np.array([3, 11, 17]))


def l21_explorer():
    from lessonlib.lessons.l21_transposed_convolution.controls import transpose_explorer
    x = np.arange(1.0, 5.0).reshape(2, 2)
    return transpose_explorer(x, kernel=3, stride=2, padding=1, output_padding=1)


EXPLORERS = {
    "l00-explorer": l00_explorer, "l01-explorer": l01_explorer, "l02-explorer": l02_explorer,
    "l03-explorer": l03_explorer, "l04-explorer": l04_explorer, "l05-explorer": l05_explorer,
    "l06-explorer": l06_explorer, "l07-explorer": l07_explorer, "l08-explorer": l08_explorer,
    "l09-explorer": l09_explorer, "l10-explorer": l10_explorer, "l11-explorer": l11_explorer,
    "l12-explorer": l12_explorer, "l13-explorer": l13_explorer, "l14-explorer": l14_explorer,
    "l14-lrn-explorer": l14_lrn_explorer, "l15-explorer": l15_explorer, "l16-explorer": l16_explorer,
    "l17-explorer": l17_explorer, "l18-explorer": l18_explorer, "l19-explorer": l19_explorer,
    "l20-explorer": l20_explorer, "l20-receptive-field-explorer": l20_receptive_field_explorer,
    "l21-explorer": l21_explorer,
}


# static figures, as the notebooks call them, where the inputs are cheap (one figure each)

def l01_mlp_diagram():
    from lessonlib.lessons.l01_mlp_representation.view import draw_mlp_diagram
    return draw_mlp_diagram((4, 5, 3))


def l01_data():
    from lessonlib.lessons.l01_mlp_representation.compute import two_moons
    from lessonlib.lessons.l01_mlp_representation.view import draw_data
    return draw_data(*two_moons(n=200, noise=0.2, seed=0), title="two moons (seed 0)")


def l03_features():
    from lessonlib.lessons.l03_regression_auto_mpg.view import draw_features
    rng = np.random.default_rng(0)
    X = np.column_stack([rng.integers(3, 9, 50), rng.uniform(46, 230, 50), rng.uniform(1600, 5100, 50)])
    return draw_features(X, rng.uniform(9, 47, 50), ["cylinders (c)", "horsepower (p)", "weight (w, lb)"])


def l09_positions():
    from lessonlib.lessons.l09_conv_arithmetic_explorer.compute import geometry
    from lessonlib.lessons.l09_conv_arithmetic_explorer.view import plot_positions
    g = geometry(7, 3, stride=2)
    return plot_positions(g, range(g.out_size), f"7×7 input, 3×3 kernel, stride 2: {g.out_size} positions per row")


def l19_clip():
    from lessonlib.lessons.l19_convolution_3d.compute import moving_digit_clip
    from lessonlib.lessons.l19_convolution_3d.view import plot_clip
    clip = moving_digit_clip(_mnist_digit(), frames=12, velocity=(0, 2), canvas=(28, 56))
    return plot_clip(clip, range(0, 12, 2), "the clip, every other frame (the digit moves right)")


def l19_responses():
    from lessonlib.lessons.l19_convolution_3d.view import plot_responses
    t = np.arange(11)
    return plot_responses(t, [np.full(11, 40.0), np.where(t < 5, 40.0, 0.0), np.zeros(11)],
                          ["moving digit", "moves, then stops at frame 5", "still digit"],
                          "The temporal-difference kernel responds to motion only")


def l20_filters():
    from lessonlib.lessons.l20_cnn_on_mnist.view import plot_filters
    model, _, _ = _lenet()
    return plot_filters(model.layers[0].params["W"], title="the 16 learned 5×5 filters of conv1")


def l20_digit_grid():
    from lessonlib.lessons.l20_cnn_on_mnist.view import plot_digit_grid
    _, x, y = _lenet()
    titles = [f"#{i}\n{label} → {(label + 1) % 10} (97%)" for i, label in enumerate(y[:12])]
    return plot_digit_grid(x[:12, 0], titles, ncols=6,
                           suptitle="most confident mistakes: #index, true label → predicted (probability)")


def l20_invariance():
    from lessonlib.lessons.l20_cnn_on_mnist.view import plot_invariance
    return plot_invariance(np.arange(5), [0.99, 0.98, 0.9, 0.6, 0.3], np.arange(0, 31, 5),
                           [0.99, 0.98, 0.96, 0.9, 0.8, 0.7, 0.6])


def _draw_digit():
    from lessonlib.lessons.l20_cnn_on_mnist.compute import drawn_digit
    from lessonlib.lessons.l20_cnn_on_mnist.controls import DrawDigit
    model, _, _ = _lenet()
    return DrawDigit(model, drawn_digit(7, 4, 8, 20))


def l20_draw_pad():
    return _draw_digit().pad.fig


def l20_draw_network():
    return _draw_digit().view.fig


FIGURES = {
    "l01-mlp-diagram": l01_mlp_diagram, "l01-data": l01_data, "l03-features": l03_features,
    "l09-positions": l09_positions, "l19-clip": l19_clip, "l19-responses": l19_responses,
    "l20-filters": l20_filters, "l20-digit-grid": l20_digit_grid, "l20-invariance": l20_invariance,
    "l20-draw-pad": l20_draw_pad, "l20-draw-network": l20_draw_network,
}


def _cases(builders):
    return [pytest.param(build, id=case, marks=[pytest.mark.xfail(strict=True, reason=KNOWN_FAILURES[case])]
                         if case in KNOWN_FAILURES else [])
            for case, build in builders.items()]


def _build(build):
    try:
        return build()
    except ModuleNotFoundError as err:
        if "lessonlib.lessons." in str(err):
            pytest.skip(f"lesson not present yet: {err}")
        raise


@pytest.mark.parametrize("build", _cases(EXPLORERS))
def test_explorer_text_is_readable_at_first_state_and_at_every_end(build, request):
    explorer = _build(build)
    try:
        found = explorer_problems(explorer, request.node.callspec.id)
    finally:
        plt.close(explorer.fig)
    assert not found, f"{len(found)} unreadable text(s):\n" + "\n".join(found)


@pytest.mark.parametrize("build", _cases(FIGURES))
def test_static_figure_text_is_readable(build, request):
    fig = _build(build)
    try:
        found = problems(fig, request.node.callspec.id)
    finally:
        plt.close(fig)
    assert not found, f"{len(found)} unreadable text(s):\n" + "\n".join(found)


# --- the checker itself -----------------------------------------------------------------------

def test_text_colour_for_picks_the_more_contrasting_of_black_and_white():
    assert text_colour_for("white") == "black" and text_colour_for("black") == "white"
    assert text_colour_for("darkgreen") == "white" and text_colour_for((0.95, 0.9, 0.5, 1.0)) == "black"
    greys = np.linspace(0, 1, 257)
    assert min(contrast_ratio((g, g, g), text_colour_for((g, g, g))) for g in greys) >= MIN_CONTRAST
    cmap = plt.get_cmap("viridis")
    assert all(contrast_ratio(cmap(v), text_colour_for(cmap(v))) >= MIN_CONTRAST for v in np.linspace(0, 1, 33))
    assert contrast_ratio("black", "white") == pytest.approx(21)


def test_the_checker_finds_small_outside_and_low_contrast_text():
    fig, ax = plt.subplots(figsize=(3, 2), dpi=90)
    ax.imshow([[0.0, 1.0]], cmap="Greens", vmin=0, vmax=1)
    ax.set_title("fine title")
    ax.text(1, 0, "black on dark", color="black", ha="center", fontsize=10)      # on the dark green cell
    ax.text(0, 0, "tiny", fontsize=7, ha="center")
    fig.text(0.9, 0.5, "runs off the edge", fontsize=10)
    found = "\n".join(problems(fig, "demo"))
    plt.close(fig)
    assert "'tiny' is 8.8 px high" in found
    assert "'runs off the edge' lies outside" in found
    assert "'black on dark': contrast" in found and "text_colour_for gives white" in found
    assert "fine title" not in found


def test_a_clipped_or_hidden_text_is_not_checked():
    fig, ax = plt.subplots(figsize=(3, 2), dpi=90)
    ax.set_xlim(0, 1)
    ax.text(5, 0.5, "far outside the axes", clip_on=True, fontsize=6)
    ax.text(0.5, 0.5, "hidden", fontsize=6, visible=False)
    found = problems(fig, "demo")
    plt.close(fig)
    assert not [f for f in found if "far outside" in f or "hidden" in f]
