"""Lesson 6's exercises: an MLP's parameter count from its layer sizes (checked exactly against
lessonlib.arithmetic.mlp_params), and three short questions."""
from __future__ import annotations

import numpy as np

from ...arithmetic import dense_params, mlp_params
from ...exercises import Case, Exercise, Mistake, Question


def reference(sizes):
    """mlp_params(sizes): every layer's n_in·n_out weights and n_out biases, summed."""
    return mlp_params(sizes)


# -- wrong ways (plain loops, as a student writes them) --------------------------------------------

def _layers(sizes):
    sizes = list(sizes)
    return list(zip(sizes[:-1], sizes[1:]))


def biases_forgotten(sizes):
    return sum(n_in * n_out for n_in, n_out in _layers(sizes))


def input_layer_biased(sizes):
    return mlp_params(sizes) + list(sizes)[0]


def biases_per_input_not_output(sizes):
    return sum(n_in * n_out + n_in for n_in, n_out in _layers(sizes))


def one_bias_per_layer(sizes):
    return sum(n_in * n_out + 1 for n_in, n_out in _layers(sizes))


def last_layer_forgotten(sizes):
    return sum(n_in * n_out + n_out for n_in, n_out in _layers(list(sizes)[:-1]))


def first_layer_forgotten(sizes):
    return sum(n_in * n_out + n_out for n_in, n_out in _layers(list(sizes)[1:]))


MISTAKES = [
    Mistake("biases_forgotten", "each unit of a layer also has a bias: n_out of them per layer", biases_forgotten),
    Mistake("input_layer_biased", "the input layer only holds the data: biases belong to the units that compute "
            "(every layer after the input)", input_layer_biased),
    Mistake("biases_per_input_not_output", "a layer's biases are one per output unit (n_out), not one per input",
            biases_per_input_not_output),
    Mistake("one_bias_per_layer", "a layer has one bias per unit (n_out), not one for the whole layer",
            one_bias_per_layer),
    Mistake("last_layer_forgotten", "the count stops one layer early: sizes of length L + 1 make L layers, the last "
            "from sizes[-2] to sizes[-1]", last_layer_forgotten),
    Mistake("first_layer_forgotten", "the count starts one layer late: the first layer goes from sizes[0] to "
            "sizes[1]", first_layer_forgotten),
]


def _cases():
    return [
        Case("sizes = (784, 500, 10), the slide's network", ((784, 500, 10),)),
        Case("sizes = (3, 2): a single layer", ((3, 2),)),
        Case("sizes = (2, 1): one unit with two inputs", ((2, 1),)),
        Case("sizes = (1, 8, 8, 8, 1): three hidden layers", ((1, 8, 8, 8, 1),)),
        Case("sizes = (5, 3, 7, 2): widths that go up and down", ((5, 3, 7, 2),)),
        Case("sizes = [10, 20, 30, 40, 50] (a list)", ([10, 20, 30, 40, 50],)),
        Case("sizes = (150528, 500, 10): a 224×224×3 image (compared exactly)", ((224 * 224 * 3, 500, 10),)),
    ]


mlp_param_count_exercise = Exercise(
    "mlp_param_count", reference, _cases, MISTAKES,
    hint="one layer per pair of neighbouring sizes (n_in, n_out): n_in·n_out weights plus n_out biases; add them up",
    rtol=0.0, atol=0.0)


# -- short questions -----------------------------------------------------------------------------

_SIZES = (784, 100, 10)

q1 = Question(
    answer=mlp_params(_SIZES),
    how="mlp_params((784, 100, 10)) = 100·784 + 100 + 10·100 + 10",
    hint="θ_f is 100×784 and θ_h 10×100, like the slide's [500×784] and [10×500]; then b_f and b_h",
    wrong={mlp_params(_SIZES, bias=False): "the biases are forgotten",
           mlp_params(_SIZES) + _SIZES[0]: "the 784 inputs get biases too",
           mlp_params(_SIZES[:-1]): "the output layer θ_h, b_h is left out",
           mlp_params(_SIZES) - _SIZES[2]: "the 10 output biases are forgotten",
           mlp_params(_SIZES) - _SIZES[1]: "the 100 hidden biases are forgotten",
           mlp_params((784, 500, 10)): "you counted the slide's 784-500-10, not 784-100-10"})

_CIFAR = 32 * 32 * 3

q2 = Question(
    answer=dense_params(_CIFAR, 1),
    how="dense_params(32 * 32 * 3, 1): 32·32·3 weights, one per input value, plus 1 bias",
    hint="one weight per input value (every pixel of every channel), plus the neuron's bias",
    wrong={dense_params(_CIFAR, 1, bias=False): "the bias is forgotten",
           dense_params(32 * 32, 1): "the 3 colour channels are forgotten: each pixel gives 3 inputs",
           3 * dense_params(32 * 32, 1): "each channel gets its own bias; the neuron has one"})


def most_missed_question(y_true, predicted, shown: int = 24) -> Question:
    """Question 3, about the notebook's own trained network: the true digit it misclassifies most
    often on the held-out set. y_true, predicted: (N,) labels; shown: the mistakes the figure draws."""
    y_true, predicted = np.asarray(y_true), np.asarray(predicted)
    wrong_at = np.flatnonzero(predicted != y_true)
    counts = np.bincount(y_true[wrong_at], minlength=10)
    answer = int(counts.argmax())
    wrong = {int(np.bincount(predicted[wrong_at], minlength=10).argmax()):
             "you counted the predicted labels of the mistakes; the question asks for their true labels",
             int(np.bincount(y_true[wrong_at[:shown]], minlength=10).argmax()):
             f"you counted only the {shown} mistakes drawn above; count all of them",
             int((counts / np.maximum(np.bincount(y_true, minlength=10), 1)).argmax()):
             "you divided by how many of each digit there are; the question counts mistakes"}
    for digit in np.flatnonzero(counts == counts.max()):
        if digit != answer:
            wrong[int(digit)] = "it ties with another digit for the most mistakes: give the smaller digit"
    wrong.pop(answer, None)
    return Question(answer, how="np.bincount(y_test[wrong], minlength=10).argmax(): the true labels of the "
                                "misclassified digits, counted",
                    hint="wrong holds the indices of the misclassified digits, y_test their true labels; "
                         "np.bincount counts each label",
                    wrong=wrong)
