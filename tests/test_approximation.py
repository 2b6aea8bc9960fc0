"""lessonlib.nn.approximation: 1-D fits, hinge decomposition, the hand-built sawtooth."""
import numpy as np
import pytest

from lessonlib.arithmetic import mlp_params
from lessonlib.nn.approximation import (TARGETS, compare_architectures, count_linear_pieces, fit_curve,
                                        interpolating_mlp, interpolation_fit,
                                        hidden_contributions, sawtooth_cost, sawtooth_mlp, spread_kinks,
                                        target_curve, width_sweep)
from lessonlib.nn.classification import mlp

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


def test_sawtooth_cost_shallow_needs_a_unit_per_kink():
    c = sawtooth_cost(10)
    assert (c.pieces, c.shallow_units) == (1024, 1023)
    assert c.shallow_params == 3 * 1023 + 1 and c.deep_params == 6 * 10 + 1


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
