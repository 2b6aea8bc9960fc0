"""Lesson 5: 1-D fits, hinge decomposition, the hand-built sawtooth; drawings and the width explorer, headless."""
import matplotlib.pyplot as plt
import numpy as np
import pytest

from lessonlib.arithmetic import mlp_params
from lessonlib.figures import Explorer
from lessonlib.lessons.l05_deep_mlp_universal_approximation.compute import (
    TARGETS, ArchitectureResult, CurveFit, WidthSweep, compare_architectures, count_linear_pieces, fit_curve,
    hidden_contributions, interpolating_mlp, interpolation_fit, sawtooth_cost, sawtooth_mlp, shallow_sawtooth,
    shallow_sawtooth_mlp, spread_kinks, target_curve, width_sweep)
from lessonlib.lessons.l05_deep_mlp_universal_approximation.controls import width_explorer
from lessonlib.lessons.l05_deep_mlp_universal_approximation.view import (WidthView, draw_architectures,
                                                                         draw_sawtooth)
from lessonlib.nn import mlp

SHORT = ((150, 0.02),)


def test_target_curve_shapes_and_values():
    x, y = target_curve("chirp", n=11, lo=0.0, hi=1.0)
    assert x.shape == y.shape == (11, 1)
    assert np.allclose(y, np.sin(x ** 2))
    with pytest.raises(ValueError, match="target must be one of"):
        target_curve("square")


def test_spread_kinks_places_first_layer_kinks_evenly():
    model = spread_kinks(mlp((1, 4, 1), seed=0), -3.0, 3.0)
    w, b = model.layers[0].params["W"][:, 0], model.layers[0].params["b"]
    assert np.allclose(-b / w, [-1.8, -0.6, 0.6, 1.8])
    with pytest.raises(ValueError, match="one input"):
        spread_kinks(mlp((2, 4, 1)), 0, 1)


def test_hidden_contributions_sum_to_the_output_minus_its_bias():
    model = mlp((1, 5, 1), seed=3)
    model.layers[-1].params["b"][:] = 0.7
    x = np.linspace(-2, 2, 9)[:, None]
    hinges = hidden_contributions(model, x)
    assert hinges.shape == (5, 9)
    assert np.allclose(hinges.sum(axis=0) + 0.7, model.forward(x)[:, 0])


def test_fit_curve_lowers_the_error_and_reports_parameters():
    x, y = target_curve("waves", n=50)
    untrained = float(np.mean((spread_kinks(mlp((1, 8, 1)), -3, 3).forward(x) - y) ** 2))
    _, fit = fit_curve((1, 8, 1), x, y, schedule=SHORT)
    assert fit.n_params == mlp_params((1, 8, 1)) == 25
    assert fit.y_fit.shape == (50,) and fit.hinges.shape == (8, 50)
    assert fit.mse < untrained / 2
    _, deep = fit_curve((1, 3, 3, 1), x, y, schedule=SHORT)
    assert deep.hinges is None
    with pytest.raises(ValueError, match=r"sizes \(1, ..., 1\)"):
        fit_curve((2, 3, 1), x, y)


def test_width_sweep_keeps_the_best_seed():
    x, y = target_curve("waves", n=40)
    best = width_sweep([4], x, y, seeds=(0, 1), schedule=SHORT)[0]
    each = [fit_curve((1, 4, 1), x, y, seed=s, schedule=SHORT)[1].mse for s in (0, 1)]
    assert best.mse == min(each) and best.seed == int(np.argmin(each))


def test_compare_architectures_reports_every_seed_and_the_median():
    x, y = target_curve("chirp", n=40)
    (r,) = compare_architectures([(1, 3, 3, 1)], x, y, seeds=(0, 1, 2), schedule=SHORT)
    assert r.n_params == mlp_params((1, 3, 3, 1)) == 22
    assert len(r.mse) == 3 and r.median_mse == sorted(r.mse)[1]
    assert r.best_fit.shape == (40,)


@pytest.mark.parametrize("depth", [1, 2, 3, 6])
def test_sawtooth_is_the_composed_tent_map(depth):
    x = np.linspace(0, 1, 2 ** (depth + 3) + 1)[:, None]
    expected = x[:, 0].copy()
    for _ in range(depth):
        expected = np.where(expected <= 0.5, 2 * expected, 2 - 2 * expected)
    model = sawtooth_mlp(depth)
    assert np.allclose(model.forward(x)[:, 0], expected)
    assert count_linear_pieces(x, model.forward(x)) == 2 ** depth
    assert model.n_params() == sawtooth_cost(depth).deep_params


def test_sawtooth_cost_shallow_needs_a_unit_per_kink_and_one_more():
    c = sawtooth_cost(10)
    assert (c.pieces, c.shallow_units) == (1024, 1024)
    assert c.shallow_params == 3 * 1024 + 1 and c.deep_params == 6 * 10 + 1


@pytest.mark.parametrize("depth", [1, 2, 3, 6])
def test_shallow_sawtooth_reproduces_the_deep_one_and_one_unit_less_cannot(depth):
    model = shallow_sawtooth_mlp(depth)
    assert model.layers[0].params["W"].shape[0] == 2 ** depth == sawtooth_cost(depth).shallow_units
    x = np.linspace(0, 1, 2 ** depth * 16 + 1)[:, None]
    assert np.array_equal(model.forward(x), sawtooth_mlp(depth).forward(x))
    s = shallow_sawtooth(depth, exhaustive=3)
    assert s.max_error == 0.0 and (s.first_slope, s.jump) == (2 ** depth, 2 ** (depth + 1))
    assert abs(s.nearest_slope - s.first_slope) == 2 ** depth                # the jumps' sums miss it
    assert (s.fit_error is None) == (depth > 3) and (s.fit_error is None or s.fit_error > 0.05)


def test_shallow_sawtooth_depth_one_is_the_tent():
    model = shallow_sawtooth_mlp(1)
    assert model.layers[0].params["b"].ravel().tolist() == [0.0, -0.5]
    assert model.layers[2].params["W"].ravel().tolist() == [2.0, -4.0]


def test_count_linear_pieces():
    x = np.linspace(-1, 1, 9)
    assert count_linear_pieces(x, np.abs(x)) == 2
    assert count_linear_pieces(x, 3 * x + 1) == 1
    with pytest.raises(ValueError, match="at least 2 points"):
        count_linear_pieces([0.0], [1.0])


def test_targets_are_the_documented_functions():
    x = np.array([0.5])
    assert np.allclose(TARGETS["waves"](x), np.sin(1.0) + 0.5 * np.sin(2.5))


def test_interpolating_mlp_passes_through_its_knots_and_is_linear_between():
    knots, values = np.array([-1.0, 0.0, 0.5, 2.0]), np.array([1.0, -1.0, 0.0, 3.0])
    model = interpolating_mlp(knots, values)
    assert model.n_params() == mlp_params((1, 3, 1))
    assert np.allclose(model.forward(knots[:, None])[:, 0], values)
    x = np.linspace(-1, 2, 61)
    assert np.allclose(model.forward(x[:, None])[:, 0], np.interp(x, knots, values))
    with pytest.raises(ValueError, match="strictly increasing"):
        interpolating_mlp([0.0, 0.0, 1.0], [1.0, 2.0, 3.0])


def test_interpolation_error_falls_with_more_units():
    x, _ = target_curve("waves", n=401)
    errors = [interpolation_fit(n, x, TARGETS["waves"]).mse for n in (4, 16, 64)]
    assert errors[0] > 10 * errors[1] > 100 * errors[2]
    fit = interpolation_fit(16, x, TARGETS["waves"])
    assert fit.seed == -1 and fit.hinges.shape == (16, 401) and fit.n_params == 49


# --- drawings and the width explorer --------------------------------------------------

X = np.linspace(-1, 1, 11)


def _fit(n, mse):
    hinges = np.outer(np.arange(1, n + 1), X) / n
    return CurveFit((1, n, 1), 3 * n + 1, 0, hinges.sum(axis=0), mse, hinges)


FITS = [_fit(1, 0.5), _fit(2, 0.2), _fit(4, 0.05)]


def test_update_at_the_extremes_changes_fit_hinges_and_marker():
    sweep = WidthSweep(X, X ** 2, FITS)
    view = WidthView(sweep(0))
    line, segments = view.fit_line.get_ydata().copy(), len(view.hinges.get_segments())
    view.update(sweep(2))
    assert not np.array_equal(line, view.fit_line.get_ydata())
    assert segments == 1 and len(view.hinges.get_segments()) == 4
    assert list(view.marker.get_xdata()) == [4] and list(view.marker.get_ydata()) == [0.05]
    assert "n = 4 hidden units, 13 parameters" in view.fit_title.get_text()
    assert view.ax_h.get_ylim()[1] >= np.abs(FITS[2].hinges).max()
    plt.close("all")


def test_invalid_setting_is_explained():
    sweep = WidthSweep(X, X ** 2, FITS)
    with pytest.raises(ValueError, match=r"log2_n must be an integer 0\.\.2"):
        sweep(3)
    with pytest.raises(ValueError, match="one hidden layer"):
        WidthSweep(X, X, [FITS[0]._replace(hinges=None)])
    with pytest.raises(ValueError, match="consecutive powers of two"):
        WidthSweep(X, X, [FITS[0], FITS[2]])
    assert (WidthSweep(X, X, FITS[1:]).first, WidthSweep(X, X, FITS[1:]).last) == (1, 2)


def test_frame_holds_this_width_and_the_whole_error_curve():
    built = [f._replace(y_fit=-f.y_fit, mse=f.mse / 10, seed=-1) for f in FITS]
    frame = WidthSweep(X, X ** 2, FITS, built)(1)
    assert frame.fit is FITS[1] and frame.built is built[1]
    assert frame.widths.tolist() == [1, 2, 4] and frame.mse.tolist() == [0.5, 0.2, 0.05]
    assert np.allclose(frame.built_mse, [0.05, 0.02, 0.005]) and np.array_equal(frame.target, X ** 2)
    assert WidthSweep(X, X ** 2, FITS)(1).built_mse is None


def test_slider_is_log2_of_the_width():
    explorer = width_explorer(X, X ** 2, FITS, n_hidden=2)
    assert isinstance(explorer, Explorer)
    (slider,) = explorer.controls.values()
    assert (slider.min, slider.value, slider.max) == (0, 1, 2)
    line = explorer.view.fit_line.get_ydata().copy()
    slider.value = 2
    assert explorer.settings == {"log2_n": 2} and explorer.frame.fit.sizes == (1, 4, 1)
    assert not np.array_equal(line, explorer.view.fit_line.get_ydata())
    frame = explorer.update(log2_n=0)
    assert frame.fit.sizes == (1, 1, 1) and list(explorer.view.marker.get_xdata()) == [1]
    with pytest.raises(ValueError, match="consecutive powers of two"):
        width_explorer(X, X, [FITS[0], FITS[2]])
    with pytest.raises(ValueError, match="one of the precomputed widths"):
        width_explorer(X, X, FITS, n_hidden=3)
    assert "image/png" in explorer._repr_mimebundle_()
    plt.close("all")


def test_static_figures_are_labelled():
    results = [ArchitectureResult((1, 4, 1), 13, (0.1, 0.2, 0.3), 0.2, X),
               ArchitectureResult((1, 2, 2, 1), 13, (0.05, 0.1, 0.5), 0.1, -X)]
    fig = draw_architectures(X, X, results)
    ax_b, ax_r = fig.axes
    assert ax_b.get_yscale() == "log" and [t.get_text() for t in ax_b.get_xticklabels()][1] == "1-2-2-1\n13 params"
    assert len(ax_r.lines) == 1 + 2 and ax_r.get_ylabel() == "fit − target"
    fig = draw_sawtooth(X, {1: (np.abs(X), 2), 2: (X, 4)})
    assert [ax.get_title() for ax in fig.axes] == ["1 hidden layer: 2 pieces", "2 hidden layers: 4 pieces"]


def test_built_fits_are_drawn_dashed_and_follow_the_slider():
    built = [f._replace(y_fit=-f.y_fit, mse=f.mse / 10, seed=-1) for f in FITS]
    sweep = WidthSweep(X, X ** 2, FITS, built)
    view = WidthView(sweep(0))
    view.update(sweep(2))
    assert np.array_equal(view.built_line.get_ydata(), built[2].y_fit)
    assert "built by hand 0.005" in view.fit_title.get_text()
    assert len(view.ax_err.lines) == 3
    with pytest.raises(ValueError, match="one fit per width"):
        WidthSweep(X, X, FITS, built=built[:2])
    plt.close("all")
