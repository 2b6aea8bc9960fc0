"""Lesson 4's exercises: the softmax cross-entropy and its gradient p − y (checked against
lessonlib.nn.softmax_cross_entropy), and three short questions."""
from __future__ import annotations

import numpy as np

from ...arithmetic import mlp_params
from ...exercises import Case, Exercise, Mistake, Question
from ...nn.functional import softmax, softmax_cross_entropy


def reference(scores, y):
    """lessonlib's (loss, dscores): the mean over the batch and its gradient (p − onehot(y)) / N."""
    return softmax_cross_entropy(np.asarray(scores, dtype=np.float64), np.asarray(y))


# -- wrong ways (numpy only) ---------------------------------------------------------------------

def _parts(scores, y):
    """Stable log-probabilities, the one-hot labels and N."""
    scores = np.asarray(scores, dtype=np.float64)
    z = scores - scores.max(axis=1, keepdims=True)
    log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    onehot = np.zeros_like(scores)
    onehot[np.arange(len(y)), y] = 1.0
    return log_p, onehot, len(y)


def _true_class(log_p, y):
    return log_p[np.arange(len(y)), y]


def no_max_subtraction(scores, y):
    scores = np.asarray(scores, dtype=np.float64)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        e = np.exp(scores)                                  # inf for scores ~1000: inf / inf = nan
        p = e / e.sum(axis=1, keepdims=True)
        n = len(y)
        loss = -np.log(p[np.arange(n), y]).mean()
    onehot = np.zeros_like(scores)
    onehot[np.arange(n), y] = 1.0
    return float(loss), (p - onehot) / n


def gradient_not_divided_by_n(scores, y):
    log_p, onehot, n = _parts(scores, y)
    return float(-_true_class(log_p, y).mean()), np.exp(log_p) - onehot


def gradient_is_p(scores, y):
    log_p, onehot, n = _parts(scores, y)
    return float(-_true_class(log_p, y).mean()), np.exp(log_p) / n


def gradient_is_y_minus_p(scores, y):
    log_p, onehot, n = _parts(scores, y)
    return float(-_true_class(log_p, y).mean()), (onehot - np.exp(log_p)) / n


def loss_summed_not_averaged(scores, y):
    log_p, onehot, n = _parts(scores, y)
    return float(-_true_class(log_p, y).sum()), (np.exp(log_p) - onehot) / n


def summed_over_the_batch(scores, y):
    log_p, onehot, n = _parts(scores, y)
    return float(-_true_class(log_p, y).sum()), np.exp(log_p) - onehot


def softmax_over_the_batch(scores, y):
    scores = np.asarray(scores, dtype=np.float64)
    z = scores - scores.max(axis=0, keepdims=True)
    log_p = z - np.log(np.exp(z).sum(axis=0, keepdims=True))          # axis 0: down the batch
    n = len(y)
    onehot = np.zeros_like(scores)
    onehot[np.arange(n), y] = 1.0
    return float(-_true_class(log_p, y).mean()), (np.exp(log_p) - onehot) / n


MISTAKES = [
    Mistake("no_max_subtraction", "np.exp of scores around 1000 overflows to inf, and inf / inf is nan; the "
            "softmax does not change when the same number is subtracted from every score of a row",
            no_max_subtraction),
    Mistake("gradient_not_divided_by_n", "the loss is the mean over the N rows, so its gradient carries the 1/N "
            "of that mean", gradient_not_divided_by_n),
    Mistake("gradient_is_p", "dscores is the softmax alone: the true class's score gets −1 too (p − onehot(y))",
            gradient_is_p),
    Mistake("gradient_is_y_minus_p", "dscores has the wrong sign: the gradient of −log p_y is p − onehot(y), "
            "negative for the true class", gradient_is_y_minus_p),
    Mistake("loss_summed_not_averaged", "the loss is the sum of the rows' −log p_y; it is their mean",
            loss_summed_not_averaged),
    Mistake("summed_over_the_batch", "loss and gradient are for the sum over the batch; both belong to the mean "
            "(divide by N)", summed_over_the_batch),
    Mistake("softmax_over_the_batch", "the softmax normalises each row (over the K classes, axis=1), not each "
            "column (over the batch)", softmax_over_the_batch),
]


def _cases():
    rng = np.random.default_rng(4)
    return [
        Case("scores: random, shape (5, 3) (N = 5 flowers, K = 3 classes)",
             (rng.normal(0, 2, (5, 3)), rng.integers(0, 3, 5))),
        Case("scores: random, shape (4, 6), labels 0 and 5 (the first and last class) among them",
             (rng.normal(0, 3, (4, 6)), np.array([0, 5, 2, 5]))),
        Case("a batch of 1: shape (1, 4)", (rng.normal(0, 1, (1, 4)), np.array([2]))),
        Case("shape (8, 2): two classes, every label the same", (rng.normal(0, 1, (8, 2)), np.ones(8, dtype=int))),
        Case("all scores equal, shape (3, 5) (p = 1/5 everywhere, loss = log 5)",
             (np.full((3, 5), 0.7), np.array([0, 4, 1]))),
        Case("scores around 1000, shape (3, 3) (np.exp(1000) overflows to inf)",
             (1000 + rng.normal(0, 3, (3, 3)), np.array([0, 1, 2]))),
        Case("scores around -1000, shape (2, 4) (np.exp(-1000) underflows to 0)",
             (-1000 + rng.normal(0, 3, (2, 4)), np.array([3, 0]))),
        Case("scores: random, shape (50, 3)", (rng.normal(0, 4, (50, 3)), rng.integers(0, 3, 50))),
    ]


softmax_cross_entropy_exercise = Exercise(
    "softmax_cross_entropy", reference, _cases, MISTAKES,
    hint="p = softmax of each row; loss = mean over rows of −log p[i, y[i]] (a float); "
         "dscores = (p − onehot(y)) / N, shape (N, K)")


# -- short questions -----------------------------------------------------------------------------

_SIZES = (4, 16, 3)

q1 = Question(
    answer=mlp_params(_SIZES),
    how="mlp_params((4, 16, 3)) = 16·4 + 16 + 3·16 + 3: each layer's weights and its biases",
    hint="a dense layer from n_in to n_out has n_in·n_out weights and n_out biases; there are two layers",
    wrong={mlp_params(_SIZES, bias=False): "the biases are forgotten",
           mlp_params(_SIZES) + _SIZES[0]: "the inputs get biases too (only the 16 hidden and 3 output units have one)",
           mlp_params(_SIZES) - _SIZES[2]: "the 3 output biases are forgotten",
           mlp_params(_SIZES) - _SIZES[1]: "the 16 hidden biases are forgotten",
           mlp_params((4, 8, 3)): "you counted the lesson's 4-8-3 network, not 4-16-3"})

_SCORES = np.array([[2.0, 1.0, 0.1]])

q3 = Question(
    answer=float(softmax(_SCORES)[0, 0]),
    how="e^2 / (e^2 + e^1 + e^0.1) ≈ 0.659",
    hint="p_0 = e^(h_0) / (e^(h_0) + e^(h_1) + e^(h_2)): exponentiate every score first",
    wrong={float(_SCORES[0, 0] / _SCORES.sum()): "the scores are divided by their sum without the exponentials",
           float(np.exp(2.0) / (np.exp(1.0) + np.exp(0.1))): "the first class is left out of the denominator",
           1.0: "you picked the largest score; the softmax gives it a probability, not certainty",
           1 / 3: "every class gets the same probability; the scores differ, so the probabilities do too"},
    rtol=1e-2)


VIRGINICA = 2


def precision_question(cm) -> Question:
    """Question 2, about the confusion matrix the notebook shows (rows: true species, columns:
    predicted): of the test flowers predicted virginica, the fraction that really are virginica."""
    cm = np.asarray(cm)
    v = VIRGINICA
    answer = float(cm[v, v] / cm[:, v].sum())
    wrong = {float(cm[v, v] / cm[v].sum()): "you read the row (the flowers that are virginica); the question is "
                                            "about the column (the flowers predicted virginica)",
             float(cm[v, v] / cm.sum()): "you divided by all the test flowers, not by those predicted virginica",
             float(np.trace(cm) / cm.sum()): "you computed the accuracy over all three species"}
    rtol = 5e-3
    wrong = {value: why for value, why in wrong.items() if not np.isclose(value, answer, rtol=rtol, atol=0)}
    return Question(answer, how=f"cm[2, 2] / cm[:, 2].sum() = {cm[v, v]} / {cm[:, v].sum()}: the diagonal entry "
                                "over its column's total",
                    hint="a column of the confusion matrix holds the flowers predicted as that species",
                    wrong=wrong, rtol=rtol)
