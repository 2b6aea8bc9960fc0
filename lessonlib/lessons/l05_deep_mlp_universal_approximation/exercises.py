"""Lesson 5's exercises: the hand-built ReLU interpolant's weights from its knots (checked by the
network they make, against the lesson's interpolating_mlp), and three short questions."""
from __future__ import annotations

import numpy as np

from ...arithmetic import mlp_params
from ...exercises import Case, Exercise, Mistake, Question
from .compute import TARGETS, count_linear_pieces, interpolating_mlp, sawtooth_cost


def reference(knots, values):
    """(b_f, theta_h, b_h) of interpolating_mlp(knots, values), whose θ_f is 1 for every unit."""
    model = interpolating_mlp(knots, values)
    first, last = model.layers[0], model.layers[2]
    assert np.all(first.params["W"] == 1.0)
    return first.params["b"].copy(), last.params["W"][0].copy(), float(last.params["b"][0])


def grid(knots) -> np.ndarray:
    """Where the network is compared: every knot and three points inside each interval."""
    t = np.asarray(knots, dtype=np.float64)
    inner = [t[:-1] + f * np.diff(t) for f in (0.25, 0.5, 0.75)]
    return np.sort(np.concatenate([t, *inner]))


def network_values(weights, knots) -> np.ndarray:
    """h(x) = b_h + Σ_k theta_h[k] relu(x + b_f[k]) on grid(knots), from the returned weights."""
    n = len(knots) - 1
    if not isinstance(weights, (tuple, list)) or len(weights) != 3:
        raise ValueError("return three things, (b_f, theta_h, b_h)")
    b_f, theta_h, b_h = (np.asarray(w, dtype=np.float64) for w in weights)
    for name, w in (("b_f", b_f), ("theta_h", theta_h)):
        if w.shape != (n,):
            raise ValueError(f"{name} must have shape ({n},), one entry per hidden unit ({len(knots)} knots make "
                             f"{n} units), got {w.shape}")
    if b_h.size != 1:
        raise ValueError(f"b_h must be one number, got shape {b_h.shape}")
    x = grid(knots)
    return float(b_h.ravel()[0]) + np.maximum(x[:, None] + b_f, 0.0) @ theta_h


class InterpolantExercise(Exercise):
    """Compared by the network the weights make (its values on grid(knots)), not weight by weight:
    any ordering of the units, or a first kink moved left of knots[0] with b_h to match, is right."""

    def _call(self, fn, case):
        return network_values(super()._call(fn, case), case.args[0])


# -- wrong ways (numpy only; each returns weights) -------------------------------------------------

def _slopes(knots, values):
    t, v = np.asarray(knots, dtype=np.float64), np.asarray(values, dtype=np.float64)
    return t, v, np.diff(v) / np.diff(t)


def slopes_as_hinge_weights(knots, values):
    t, v, s = _slopes(knots, values)
    return -t[:-1], s, v[0]


def first_slope_forgotten(knots, values):
    t, v, s = _slopes(knots, values)
    return -t[:-1], np.diff(s, prepend=s[0]), v[0]


def value_differences_not_slopes(knots, values):
    t, v, _ = _slopes(knots, values)
    s = np.diff(v)
    return -t[:-1], np.diff(s, prepend=0.0), v[0]


def hinge_at_the_next_knot(knots, values):
    t, v, s = _slopes(knots, values)
    return -t[1:], np.diff(s, prepend=0.0), v[0]


def bias_sign_flipped(knots, values):
    t, v, s = _slopes(knots, values)
    return t[:-1], np.diff(s, prepend=0.0), v[0]


def forgot_the_starting_value(knots, values):
    t, v, s = _slopes(knots, values)
    return -t[:-1], np.diff(s, prepend=0.0), 0.0


MISTAKES = [
    Mistake("slopes_as_hinge_weights", "a unit's weight adds to the slope from its kink on, and every unit to the "
            "left still counts: the weight of unit k is the change of slope at its knot, not the slope itself",
            slopes_as_hinge_weights),
    Mistake("first_slope_forgotten", "h starts flat: the first unit, at the first knot, must bring the first slope "
            "(the slope before it is 0)", first_slope_forgotten),
    Mistake("value_differences_not_slopes", "the slopes are differences of values only: divide by the distance "
            "between the knots", value_differences_not_slopes),
    Mistake("hinge_at_the_next_knot", "the kinks are one knot off: n units bend at the first n knots "
            "x_0 .. x_(n-1) (a kink at the last knot never acts inside the interval)", hinge_at_the_next_knot),
    Mistake("bias_sign_flipped", "relu(x + b_f[k]) bends where x + b_f[k] = 0, i.e. at x = -b_f[k]: check the "
            "sign of b_f", bias_sign_flipped),
    Mistake("forgot_the_starting_value", "left of every kink all units are 0, so h(x_0) is b_h alone: it must be "
            "values[0]", forgot_the_starting_value),
]


def _cases():
    rng = np.random.default_rng(5)
    even = np.linspace(-3, 3, 7)
    uneven = np.sort(rng.uniform(-2, 4, 6))
    many = np.cumsum(rng.uniform(0.1, 1.0, 21)) - 4
    return [
        Case("7 knots evenly spaced on [-3, 3] (spacing 1), values of the lesson's 'waves' target",
             (even, TARGETS["waves"](even))),
        Case("6 unevenly spaced knots in [-2, 4], random values", (uneven, rng.normal(0, 2, 6))),
        Case("2 knots (one unit): a single straight line from (1, 2) to (3, -1)",
             (np.array([1.0, 3.0]), np.array([2.0, -1.0]))),
        Case("5 knots with spacing 0.5 on [0, 2]", (np.linspace(0, 2, 5), np.array([1.0, 3.0, 2.0, 2.5, -1.0]))),
        Case("4 knots on one straight line (the slope never changes)",
             (np.array([-1.0, 0.5, 1.0, 4.0]), 3.0 - 2.0 * np.array([-1.0, 0.5, 1.0, 4.0]))),
        Case("4 knots far from 0, [10, 11, 13, 14]", (np.array([10.0, 11.0, 13.0, 14.0]), np.array([5.0, 4.0, 6.0, 0.0]))),
        Case("21 unevenly spaced knots, random values", (many, rng.normal(0, 1, 21))),
    ]


hinge_weights_exercise = InterpolantExercise(
    "hinge_weights", reference, _cases, MISTAKES,
    hint="unit k (θ_f = 1) is 0 left of x = -b_f[k] and adds theta_h[k] to the slope right of it; left of every "
         "kink h(x) = b_h. Match h's value at x_0, then its slope on every piece")


# -- short questions -----------------------------------------------------------------------------

_SIZES = (1, 10, 10, 1)

q1 = Question(
    answer=mlp_params(_SIZES),
    how="mlp_params((1, 10, 10, 1)) = (10·1 + 10) + (10·10 + 10) + (1·10 + 1)",
    hint="θ_f1 is 10×1, θ_f2 10×10, θ_h 1×10; b_f1 and b_f2 have 10 entries each, b_h one",
    wrong={mlp_params(_SIZES, bias=False): "the biases are forgotten",
           mlp_params(_SIZES) + _SIZES[0]: "the input gets a bias too (only the hidden and output units have one)",
           mlp_params(_SIZES[:-1]): "the output layer θ_h, b_h is left out",
           mlp_params((1, 10, 1)): "you counted one hidden layer; the slide's network has two"})

# eight units, two of them bending at the same x: generic output weights reach the most pieces
_KINKS = np.array([-3.0, -2.0, -1.0, 0.0, 0.0, 1.0, 2.0, 3.0])
_X = np.linspace(-4, 4, 801)
_H = np.maximum(_X[:, None] - _KINKS, 0.0) @ np.random.default_rng(0).uniform(0.5, 1.5, len(_KINKS))

q2 = Question(
    answer=count_linear_pieces(_X, _H),
    how="two units bending at the same x make one kink: 7 distinct kinks cut the line into 7 + 1 pieces",
    hint="pieces come from kinks, not from units: how many different kinks are there?",
    wrong={len(_KINKS) + 1: "you counted a kink per unit; two units bending at the same x make a single kink",
           len(_KINKS) - 1: "you counted the kinks; k kinks cut a line into k + 1 pieces",
           2 * len(_KINKS): "each unit bends twice; a ReLU unit bends once"})

_DEPTH = 6
_SAW = sawtooth_cost(_DEPTH)

q3 = Question(
    answer=_SAW.shallow_units,
    how="64 pieces need 63 kinks, one per unit: sawtooth_cost(6).shallow_units",
    hint="n units make at most n + 1 pieces",
    wrong={_SAW.pieces: "you took one unit per piece; n units give n + 1 pieces",
           2 * _DEPTH: "you counted the deep network's 2 units per layer; a single layer needs one unit per kink",
           _SAW.shallow_params: "you counted the parameters, not the units"})
