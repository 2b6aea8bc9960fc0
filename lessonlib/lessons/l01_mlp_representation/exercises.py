"""Lesson 1's exercises: the forward pass of a one-hidden-layer MLP (checked against lessonlib's
dense_forward and activation_forward, the layers of `nn.mlp`), and three short questions."""
from __future__ import annotations

import numpy as np

from ...arithmetic import mlp_params
from ...exercises import Case, Exercise, Mistake, Question
from ...kernels.activations import activation_forward
from ...nn.functional import dense_forward


def reference(X, W1, b1, W2, b2, activation):
    """lessonlib's (scores, hidden): Dense(W1, b1) -> activation -> Dense(W2, b2), W as (n_out, n_in)."""
    z1, _ = dense_forward(X, W1, b1)
    hidden, _ = activation_forward(z1, activation)
    scores, _ = dense_forward(hidden, W2, b2)
    return scores, hidden


# -- wrong ways (numpy only) ---------------------------------------------------------------------

def _f(z, activation):
    if activation == "relu":
        return np.maximum(z, 0.0)
    if activation == "tanh":
        return np.tanh(z)
    return 1.0 / (1.0 + np.exp(-z))


def activation_on_the_output_too(X, W1, b1, W2, b2, activation):
    hidden = _f(X @ W1.T + b1, activation)
    return _f(hidden @ W2.T + b2, activation), hidden


def forgot_the_hidden_bias(X, W1, b1, W2, b2, activation):
    hidden = _f(X @ W1.T, activation)
    return hidden @ W2.T + b2, hidden


def forgot_the_output_bias(X, W1, b1, W2, b2, activation):
    hidden = _f(X @ W1.T + b1, activation)
    return hidden @ W2.T, hidden


def weights_transposed(X, W1, b1, W2, b2, activation):
    hidden = _f(X @ W1 + b1, activation)            # runs only when W1 and W2 are square
    return hidden @ W2 + b2, hidden


def bias_inside_the_activation_forgotten(X, W1, b1, W2, b2, activation):
    hidden = _f(X @ W1.T, activation) + b1          # f(θ_f x) + b_f instead of f(θ_f x + b_f)
    return hidden @ W2.T + b2, hidden


def hidden_before_the_activation(X, W1, b1, W2, b2, activation):
    z1 = X @ W1.T + b1
    return _f(z1, activation) @ W2.T + b2, z1


def activation_ignored(X, W1, b1, W2, b2, activation):
    hidden = X @ W1.T + b1                          # a linear network: no f at all
    return hidden @ W2.T + b2, hidden


MISTAKES = [
    Mistake("activation_on_the_output_too", "the output layer is linear: F(x) = θ_h a(x) + b_h, with no f "
            "around it (f belongs to the hidden layer only)", activation_on_the_output_too),
    Mistake("forgot_the_hidden_bias", "the hidden layer adds b_f before f: a(x) = f(θ_f x + b_f)",
            forgot_the_hidden_bias),
    Mistake("forgot_the_output_bias", "the output layer adds its bias b_h: F(x) = θ_h a(x) + b_h",
            forgot_the_output_bias),
    Mistake("weights_transposed", "W1 has one row per hidden unit, shape (H, D), as lessonlib's Dense stores "
            "it; with one input per row of X, the layer is X @ W1.T (a square W1 hides the mistake from numpy)",
            weights_transposed),
    Mistake("bias_inside_the_activation_forgotten", "b_f goes inside f: f(θ_f x + b_f), not f(θ_f x) + b_f",
            bias_inside_the_activation_forgotten),
    Mistake("hidden_before_the_activation", "the hidden activations returned are a(x) = f(θ_f x + b_f), "
            "after f, not θ_f x + b_f", hidden_before_the_activation),
    Mistake("activation_ignored", "the hidden layer applies f (the `activation` argument) to θ_f x + b_f; "
            "without it the network is linear", activation_ignored),
]


def _net(rng, n, d, h, k, bias_scale=1.0):
    return (rng.standard_normal((n, d)), rng.standard_normal((h, d)), bias_scale * rng.standard_normal(h),
            rng.standard_normal((k, h)), rng.standard_normal(k))


def _cases():
    rng = np.random.default_rng(1)
    cases = [
        Case("square: D = H = K = 3 inputs, hidden units and outputs, N = 4, tanh", _net(rng, 4, 3, 3, 3) + ("tanh",)),
        Case("the slide's 4 → 5 → 3 network, N = 2, tanh", _net(rng, 2, 4, 5, 3) + ("tanh",)),
        Case("a 2 → 8 → 2 network as in the two moons, N = 6, relu (some units 0)", _net(rng, 6, 2, 8, 2) + ("relu",)),
        Case("a 3 → 4 → 2 network, N = 5, sigmoid", _net(rng, 5, 3, 4, 2) + ("sigmoid",)),
        Case("a batch of 1: X (1, 4), 4 → 6 → 3, sigmoid", _net(rng, 1, 4, 6, 3) + ("sigmoid",)),
        Case("one hidden unit and one output: 5 → 1 → 1, N = 3, tanh", _net(rng, 3, 5, 1, 1) + ("tanh",)),
        Case("D = 2 inputs, H = 3, K = 3 (only W1 not square), N = 4, relu", _net(rng, 4, 2, 3, 3) + ("relu",)),
        Case("random 10 → 16 → 4 network, N = 32, relu", _net(rng, 32, 10, 16, 4) + ("relu",)),
    ]
    # a ReLU case where every hidden unit's pre-activation is negative for some rows and positive for others
    X, W1, b1, W2, b2 = _net(rng, 8, 3, 5, 2)
    cases.append(Case("3 → 5 → 2, N = 8, relu with large negative hidden biases (many units exactly 0)",
                      (X, W1, b1 - 1.5, W2, b2, "relu")))
    return cases


mlp_forward_exercise = Exercise(
    "mlp_forward", reference, _cases, MISTAKES,
    hint="hidden = f(X @ W1.T + b1), shape (N, H); scores = hidden @ W2.T + b2, shape (N, K), with no f on it")


# -- short questions -----------------------------------------------------------------------------

_SIZES = (4, 10, 3)

q1 = Question(
    answer=mlp_params(_SIZES),
    how="4·10 + 10 (θ_f, b_f) plus 10·3 + 3 (θ_h, b_h)",
    hint="a dense layer from n_in to n_out has n_in·n_out weights and n_out biases; there are two layers",
    wrong={mlp_params(_SIZES, bias=False): "the biases are forgotten",
           mlp_params(_SIZES) - _SIZES[2]: "the 3 output biases (b_h) are forgotten",
           mlp_params(_SIZES) - _SIZES[1]: "the 10 hidden biases (b_f) are forgotten",
           mlp_params(_SIZES) + _SIZES[0]: "the inputs get biases too (only hidden and output units have one)",
           mlp_params((4, 5, 3)): "you counted the lesson's 4 → 5 → 3 network, not 4 → 10 → 3"})

_THETA, _BIAS, _X = np.array([2.0, -1.0]), 0.5, np.array([1.0, 1.0])
_PRE = float(_THETA @ _X + _BIAS)

q2 = Question(
    answer=float(np.tanh(_PRE)),
    how="tanh(2·1 − 1·1 + 0.5) = tanh(1.5) ≈ 0.905",
    hint="first the unit's pre-activation θ_f,j · x + b_f,j, then tanh of it",
    wrong={_PRE: "tanh is not applied (that is the pre-activation θ_f,j · x + b_f,j)",
           float(np.tanh(_THETA @ _X)): "the bias 0.5 is forgotten",
           float(np.tanh(_THETA @ _X) + _BIAS): "the bias is added after tanh instead of inside it",
           float(1 / (1 + np.exp(-_PRE))): "that is the sigmoid of 1.5, not tanh"},
    rtol=1e-2)


def units_question(results, activation="tanh", threshold=0.95) -> Question:
    """Question 3, about the trained networks the notebook's widget shows ({(h, activation):
    Representation}): the smallest h whose `activation` network gets at least `threshold` right."""
    sizes = sorted({h for h, _ in results})

    def smallest(act, at_least=True):
        ok = [h for h in sizes if (results[(h, act)].train_accuracy >= threshold if at_least
                                   else results[(h, act)].train_accuracy > threshold)]
        return min(ok) if ok else None

    answer = smallest(activation)
    known = [(smallest("relu"), "you read the ReLU networks; the question is about tanh"),
             (smallest("sigmoid"), "you read the sigmoid networks; the question is about tanh"),
             (smallest(activation, at_least=False),
              f"you skipped a network at exactly {threshold:.0%} (at least {threshold:.0%} counts)"),
             (max(sizes), f"you took the largest network; the question asks for the smallest h that reaches "
                          f"{threshold:.0%}")]
    wrong = {}
    for value, why in known:
        if value is not None and value != answer:
            wrong[value] = f"{wrong[value]}, or {why}" if value in wrong else why
    return Question(int(answer), how=f"the first h whose title in the widget ({activation}) shows a training "
                                     f"accuracy of at least {threshold:.0%}",
                    hint=f"choose {activation} and move the slider up from 1: the left panel's title gives the "
                         "training accuracy", wrong=wrong)
