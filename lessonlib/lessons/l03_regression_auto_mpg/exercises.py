"""Lesson 3's exercises: one gradient-descent step of linear regression on standardised features, on
the mean squared error the lesson's networks are trained with (checked against lessonlib's
dense_forward, mse_loss and dense_backward), and three short questions."""
from __future__ import annotations

import numpy as np

from ...arithmetic import mlp_params
from ...exercises import Case, Exercise, Mistake, Question
from ...nn.functional import dense_backward, dense_forward, mse_loss


def reference(X, y, w, b, lr):
    """lessonlib's step: the linear model as a Dense(D → 1) layer, L = mse_loss = mean((X w + b − y)²),
    then (w − lr ∂L/∂w, b − lr ∂L/∂b)."""
    X = np.asarray(X, dtype=np.float64)
    pred, cache = dense_forward(X, np.asarray(w, dtype=np.float64)[None, :], np.array([b], dtype=np.float64))
    _, dpred = mse_loss(pred, np.asarray(y, dtype=np.float64)[:, None])
    _, dw, db = dense_backward(dpred, cache)
    return w - lr * dw[0], float(b - lr * db[0])


# -- wrong ways (numpy only) ---------------------------------------------------------------------

def _residual(X, y, w, b):
    return X @ w + b - y


def gradient_sign_flipped(X, y, w, b, lr):
    r = _residual(X, y, w, b)
    return w + lr * 2 * X.T @ r / len(y), float(b + lr * 2 * r.mean())


def forgot_to_divide_by_n(X, y, w, b, lr):
    r = _residual(X, y, w, b)
    return w - lr * 2 * X.T @ r, float(b - lr * 2 * r.sum())


def forgot_the_factor_2(X, y, w, b, lr):
    r = _residual(X, y, w, b)
    return w - lr * X.T @ r / len(y), float(b - lr * r.mean())


def b_not_updated(X, y, w, b, lr):
    r = _residual(X, y, w, b)
    return w - lr * 2 * X.T @ r / len(y), float(b)


def x_left_out_of_the_w_gradient(X, y, w, b, lr):
    r = _residual(X, y, w, b)
    return w - lr * 2 * r.mean() * np.ones_like(w), float(b - lr * 2 * r.mean())


def b_from_the_updated_w(X, y, w, b, lr):
    r = _residual(X, y, w, b)
    w_new = w - lr * 2 * X.T @ r / len(y)
    return w_new, float(b - lr * 2 * _residual(X, y, w_new, b).mean())     # b's gradient after w moved


MISTAKES = [
    Mistake("gradient_sign_flipped", "gradient descent steps against the gradient: w − lr·∂L/∂w; and the "
            "residual is prediction − y, not y − prediction", gradient_sign_flipped),
    Mistake("forgot_to_divide_by_n", "L is the mean over the N cars, so its gradient is a mean too (divide the "
            "sums by N)", forgot_to_divide_by_n),
    Mistake("forgot_the_factor_2", "the derivative of (pred − y)² is 2 (pred − y): the 2 stays",
            forgot_the_factor_2),
    Mistake("b_not_updated", "b is a parameter too: it takes a step with its own gradient ∂L/∂b",
            b_not_updated),
    Mistake("x_left_out_of_the_w_gradient", "∂ pred_n / ∂w_j = x_nj: each weight's gradient weighs every residual "
            "with its own feature (Xᵀ r / N), one number per feature", x_left_out_of_the_w_gradient),
    Mistake("b_from_the_updated_w", "one step computes both gradients at the old (w, b), then updates both; here "
            "b's gradient used the new w", b_from_the_updated_w),
]


def _standardised(rng, n, d):
    X = rng.normal([5.5, 105.0, 3000.0, 15.0, 76.0][:d], [1.7, 38.0, 850.0, 2.8, 3.7][:d], (n, d))
    return (X - X.mean(axis=0)) / X.std(axis=0)


def _cases():
    rng = np.random.default_rng(3)
    X8, w_true = _standardised(rng, 8, 3), np.array([-0.8, -1.5, -4.0])
    X_lin = _standardised(rng, 6, 2)
    X1 = rng.standard_normal((1, 3))
    return [
        Case("N = 8 cars, D = 3 standardised features (c, p, w), w = 0, b = 0, y in mpg, lr = 0.1",
             (X8, X8 @ w_true + 23.3 + rng.normal(0, 2, 8), np.zeros(3), 0.0, 0.1)),
        Case("N = 10, D = 3, random w and b, standardised y, lr = 0.05",
             (_standardised(rng, 10, 3), rng.standard_normal(10), rng.standard_normal(3), 0.7, 0.05)),
        Case("a batch of 1: X (1, 3), lr = 0.2", (X1, np.array([18.0]), np.array([0.5, -1.0, 2.0]), 1.0, 0.2)),
        Case("one feature: D = 1, N = 5, lr = 0.3", (_standardised(rng, 5, 1), rng.normal(20, 5, 5),
                                                     np.array([-2.0]), 10.0, 0.3)),
        Case("y exactly linear in X, at the true w and b: the gradient is 0 and nothing moves",
             (X_lin, X_lin @ np.array([1.5, -2.0]) + 4.0, np.array([1.5, -2.0]), 4.0, 0.5)),
        Case("N = 40, D = 5, lr = 0.01", (_standardised(rng, 40, 5), rng.normal(23, 8, 40), rng.standard_normal(5),
                                          -3.0, 0.01)),
    ]


gd_step_exercise = Exercise(
    "gd_step", reference, _cases, MISTAKES,
    hint="r = X @ w + b − y (N,); ∂L/∂w = 2 Xᵀ r / N (D,), ∂L/∂b = 2 mean(r); then w − lr·∂L/∂w, b − lr·∂L/∂b")


# -- short questions -----------------------------------------------------------------------------

def lazy_mae_question(y_train, y_test) -> Question:
    """Question 1: the test MAE of the model that predicts the training mean for every car."""
    y_train, y_test = np.asarray(y_train, dtype=float), np.asarray(y_test, dtype=float)
    answer = float(np.mean(np.abs(y_train.mean() - y_test)))
    rtol = 1e-3
    wrong = {float(np.mean(np.abs(y_test.mean() - y_test))): "the test set's own mean is predicted; the model may "
                                                              "only know the training cars",
             float(np.mean(np.abs(y_train.mean() - y_train))): "that is the error on the training cars, not the test cars",
             float(np.sqrt(np.mean((y_train.mean() - y_test) ** 2))): "that is the root mean squared error, not the MAE",
             float(np.mean((y_train.mean() - y_test) ** 2)): "that is the mean squared error, not the MAE",
             float(np.mean(y_train.mean() - y_test)): "the absolute value is missing: errors of both signs cancel",
             float(y_train.mean()): "that is the prediction (the mean mpg), not its error"}
    wrong = {v: why for v, why in wrong.items() if not np.isclose(v, answer, rtol=rtol, atol=0)}
    return Question(answer, how="np.mean(np.abs(y_train.mean() - y_test))",
                    hint="predict y_train.mean() for every test car, then take the mean of |prediction − y_test|",
                    wrong=wrong, rtol=rtol)


_SIZES = (3, 8, 1)

q2 = Question(
    answer=mlp_params(_SIZES),
    how="3·8 + 8 (θ_f, b_f) plus 8·1 + 1 (θ_h, b_h); the least-squares line has 3 + 1",
    hint="a dense layer from n_in to n_out has n_in·n_out weights and n_out biases; there are two layers",
    wrong={mlp_params(_SIZES, bias=False): "the biases are forgotten",
           mlp_params(_SIZES) - 1: "the output bias b_h is forgotten",
           mlp_params(_SIZES) - 8: "the 8 hidden biases b_f are forgotten",
           mlp_params((3, 1)): "that is the least-squares line's count (a, b, d, e); the question asks for the network's",
           mlp_params(_SIZES) + 3: "the inputs get biases too (only the hidden and output units have one)"})


def first_epoch_question(runs, linear_mae: float, hidden: int = 8) -> Question:
    """Question 3: the first epoch (counted from 1, as the slider) after which the `hidden`-unit
    network's test MAE is below the least-squares line's, from the notebook's runs."""
    run = runs[hidden]
    below = np.asarray(run.test_mae) < linear_mae
    if not below.any():
        raise ValueError(f"the {hidden}-unit network's test MAE never drops below {linear_mae}")
    answer = int(np.argmax(below)) + 1
    wrong = {answer - 1: "the epochs are counted from 0; the slider counts them from 1"}
    train_below = np.asarray(run.train_mae) < linear_mae
    if train_below.any():
        wrong.setdefault(int(np.argmax(train_below)) + 1, "that is where the training error (dotted) drops below; "
                                                          "the question is about the test error (solid)")
    stays = int(len(below) - np.argmax(~below[::-1])) + 1 if not below.all() else 1
    if stays <= len(below):
        wrong.setdefault(stays, "from there on it stays below; the question asks for the first epoch it is below")
    wrong.setdefault(200, "that is the widget's starting setting, not where the curves cross")
    wrong = {value: why for value, why in wrong.items() if value != answer and value >= 0}
    return Question(answer, how="the first epoch where the solid blue curve drops under the orange line: "
                                "np.argmax(runs[8].test_mae < linear_mae) + 1",
                    hint=f"set {hidden} hidden units and move the epochs slider up from 1: the right plot's title "
                         "says \"MLP better\" once its test MAE is below the least-squares line's", wrong=wrong)
