"""Lesson 13's exercises: the derivatives of sigmoid, tanh and ELU (checked against lessonlib's
activation_backward with dout = 1), and three short questions."""
from __future__ import annotations

import numpy as np

from ...exercises import Case, Exercise, Mistake, Question
from ...kernels.activations import activation_backward, activation_forward, elu_grad


def _derivative(x, name, param=None):
    _, cache = activation_forward(x, name, param)
    return activation_backward(np.ones_like(x), cache)


def reference(x, alpha=1.0):
    """(sigmoid'(x), tanh'(x), ELU'(x)) by lessonlib: activation_backward with dout = 1."""
    x = np.asarray(x, dtype=np.float64)
    return _derivative(x, "sigmoid"), _derivative(x, "tanh"), _derivative(x, "elu", float(alpha))


# -- wrong ways (each changes one of the three; numpy only) ----------------------------------------

def _stable_sigmoid(x):
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1 / (1 + e), e / (1 + e))


def _right_parts(x, alpha):
    x = np.asarray(x, dtype=np.float64)
    s, t = _stable_sigmoid(x), np.tanh(x)
    return x, s * (1 - s), 1 - t ** 2, np.where(x > 0, 1.0, alpha * np.exp(np.minimum(x, 0)))


def sigmoid_prime_is_s(x, alpha=1.0):
    x, _, dtanh, delu = _right_parts(x, alpha)
    return _stable_sigmoid(x), dtanh, delu


def sigmoid_prime_overflows(x, alpha=1.0):
    x, _, dtanh, delu = _right_parts(x, alpha)
    with np.errstate(over="ignore", invalid="ignore"):
        e = np.exp(-x)
        return e / (1 + e) ** 2, dtanh, delu          # inf / inf = nan for large negative x


def tanh_prime_is_1_minus_x_squared(x, alpha=1.0):
    x, dsig, _, delu = _right_parts(x, alpha)
    return dsig, 1 - x ** 2, delu


def tanh_prime_square_forgotten(x, alpha=1.0):
    x, dsig, _, delu = _right_parts(x, alpha)
    return dsig, 1 - np.tanh(x), delu


def elu_prime_is_alpha(x, alpha=1.0):
    x, dsig, dtanh, _ = _right_parts(x, alpha)
    return dsig, dtanh, np.where(x > 0, 1.0, alpha)


def elu_prime_is_elu(x, alpha=1.0):
    x, dsig, dtanh, _ = _right_parts(x, alpha)
    return dsig, dtanh, np.where(x > 0, 1.0, alpha * (np.exp(np.minimum(x, 0)) - 1))


def elu_prime_plus_alpha_everywhere(x, alpha=1.0):
    x, dsig, dtanh, _ = _right_parts(x, alpha)
    elu = np.where(x > 0, x, alpha * (np.exp(np.minimum(x, 0)) - 1))
    return dsig, dtanh, elu + alpha


def elu_slope_1_at_0(x, alpha=1.0):
    x, dsig, dtanh, _ = _right_parts(x, alpha)
    return dsig, dtanh, np.where(x >= 0, 1.0, alpha * np.exp(np.minimum(x, 0)))


MISTAKES = [
    Mistake("sigmoid_prime_is_s", "result 0 is σ(x) itself: the derivative of σ is σ(x)·(1 − σ(x))",
            sigmoid_prime_is_s),
    Mistake("sigmoid_prime_overflows", "result 0 is nan for large |x|: e^(−x) overflows for x ≪ 0; compute σ "
            "without overflow (e.g. e^(−|x|), one formula for x ≥ 0 and one for x < 0), then σ(1 − σ)",
            sigmoid_prime_overflows),
    Mistake("tanh_prime_is_1_minus_x_squared", "result 1 uses x where tanh(x) belongs: tanh' = 1 − tanh²(x)",
            tanh_prime_is_1_minus_x_squared),
    Mistake("tanh_prime_square_forgotten", "result 1: tanh' is 1 − tanh(x) squared, not 1 − tanh(x)",
            tanh_prime_square_forgotten),
    Mistake("elu_prime_is_alpha", "result 2 is the constant α for x ≤ 0: ELU there is α(eˣ − 1), so its slope "
            "still depends on x", elu_prime_is_alpha),
    Mistake("elu_prime_is_elu", "result 2 for x ≤ 0 is ELU itself, α(eˣ − 1): differentiate it", elu_prime_is_elu),
    Mistake("elu_prime_plus_alpha_everywhere", "result 2: f'(x) = f(x) + α holds only for x ≤ 0; for x > 0 "
            "the slope is 1", elu_prime_plus_alpha_everywhere),
    Mistake("elu_slope_1_at_0", "result 2 at x = 0: the lesson follows equation (15), whose x ≤ 0 branch "
            "covers x = 0 (f'(0) = α)", elu_slope_1_at_0),
]


def _cases():
    rng = np.random.default_rng(13)
    return [
        Case("x: 9 evenly spaced values in [-4, 4] (x = 0 among them), alpha = 1",
             (np.linspace(-4, 4, 9), 1.0)),
        Case("x: 50 random values, shape (50,), alpha = 1.5", (rng.normal(0, 2, 50), 1.5)),
        Case("x: random, shape (3, 4) (any shape works elementwise), alpha = 0.5", (rng.normal(0, 2, (3, 4)), 0.5)),
        Case("x exactly 0 (and ±1e-8 around it), alpha = 2", (np.array([-1e-8, 0.0, 1e-8]), 2.0)),
        Case("large |x|: [-800, -40, -10, 10, 40, 800], alpha = 1",
             (np.array([-800.0, -40.0, -10.0, 10.0, 40.0, 800.0]), 1.0)),
        Case("x: all negative, shape (2, 5), alpha = 3", (-np.abs(rng.normal(0, 1.5, (2, 5))), 3.0)),
    ]


activation_derivatives_exercise = Exercise(
    "activation_derivatives", reference, _cases, MISTAKES,
    hint="σ' = σ(1 − σ), tanh' = 1 − tanh², ELU' = 1 for x > 0 and α·eˣ for x ≤ 0; each array has x's shape")


# -- short questions -----------------------------------------------------------------------------

q1 = Question(
    answer=0.25 ** 10,
    how="0.25 ** 10 ≈ 9.5e-07: σ'(x) = σ(x)(1 − σ(x)) is at most 1/4 (at x = 0), once per layer",
    hint="what is the largest value of σ'(x) = σ(x)(1 − σ(x)), and how do 10 such factors combine?",
    wrong={0.25: "you took one layer's factor, not the product of ten",
           2.5: "you added the ten factors instead of multiplying them",
           1.0: "σ'(x) is not 1 anywhere: its maximum is at x = 0"},
    rtol=1e-2)

q2 = Question(
    answer=float(elu_grad(-1.0, 2.0)),
    how="f(-1) + α = 2(e^-1 − 1) + 2 = 2/e ≈ 0.736",
    hint="for x ≤ 0, f(x) = α(eˣ − 1) and f'(x) = f(x) + α = α·eˣ",
    wrong={2.0: "you took α as the slope: for x ≤ 0 it is α·eˣ",
           1.0: "you used the x > 0 branch",
           float(2.0 * (np.exp(-1.0) - 1.0)): "you computed f(-1), not f'(-1)",
           float(np.exp(-1.0)): "you used α = 1"},
    rtol=1e-2)

q3 = Question(
    answer=int((np.ones((2, 8)) @ np.ones((8, 6))).size),
    how="W2 @ W1 has shape (2, 8) @ (8, 6) -> (2, 6): 12 weights",
    hint="the single matrix is W2 @ W1: what is its shape?",
    wrong={64: "you counted both matrices (8·6 + 2·8); the product replaces them",
           48: "you counted W1 only", 16: "you counted W2 only", 96: "you took 8·6·2"})
