"""Lesson 2's exercises: the backward pass of the lesson's two-layer sigmoid MLP on a batch (checked
against lessonlib's dense_backward and activation_backward), and three short questions."""
from __future__ import annotations

import numpy as np

from ...arithmetic import mlp_params
from ...exercises import Case, Exercise, Mistake, Question
from ...kernels.activations import activation_backward, activation_forward
from ...nn.functional import dense_backward, dense_forward, mse_loss

ACTIVATION = "sigmoid"


def reference(X, W1, b1, W2, b2, dscores):
    """lessonlib's (dW1, db1, dW2, db2) of Dense(W1, b1) -> sigmoid -> Dense(W2, b2), given
    dscores = ∂L/∂scores; weights as (n_out, n_in)."""
    z1, cache1 = dense_forward(X, W1, b1)
    a1, cache_f = activation_forward(z1, ACTIVATION)
    _, cache2 = dense_forward(a1, W2, b2)
    d_a1, dW2, db2 = dense_backward(dscores, cache2)
    d_z1 = activation_backward(d_a1, cache_f)
    _, dW1, db1 = dense_backward(d_z1, cache1)
    return dW1, db1, dW2, db2


def scores(X, W1, b1, W2, b2):
    """The forward pass whose gradients the exercise asks for (for finite differences)."""
    z1, _ = dense_forward(X, W1, b1)
    a1, _ = activation_forward(z1, ACTIVATION)
    return dense_forward(a1, W2, b2)[0]


# -- wrong ways (numpy only) ---------------------------------------------------------------------

def _forward(X, W1, b1, W2, b2):
    z1 = X @ W1.T + b1
    return z1, 1.0 / (1.0 + np.exp(-z1))


def forgot_the_activation_derivative(X, W1, b1, W2, b2, dscores):
    z1, a1 = _forward(X, W1, b1, W2, b2)
    d_z1 = dscores @ W2                                  # as if a1 = z1
    return d_z1.T @ X, d_z1.sum(axis=0), dscores.T @ a1, dscores.sum(axis=0)


def sigmoid_derivative_of_z(X, W1, b1, W2, b2, dscores):
    z1, a1 = _forward(X, W1, b1, W2, b2)
    d_z1 = (dscores @ W2) * z1 * (1 - z1)                # z(1 − z) instead of σ(z)(1 − σ(z))
    return d_z1.T @ X, d_z1.sum(axis=0), dscores.T @ a1, dscores.sum(axis=0)


def db_not_summed_over_the_batch(X, W1, b1, W2, b2, dscores):
    z1, a1 = _forward(X, W1, b1, W2, b2)
    d_z1 = (dscores @ W2) * a1 * (1 - a1)
    return d_z1.T @ X, d_z1, dscores.T @ a1, dscores            # one row per example, (N, H) and (N, K)


def db_averaged_over_the_batch(X, W1, b1, W2, b2, dscores):
    z1, a1 = _forward(X, W1, b1, W2, b2)
    d_z1 = (dscores @ W2) * a1 * (1 - a1)
    return d_z1.T @ X, d_z1.mean(axis=0), dscores.T @ a1, dscores.mean(axis=0)


def dW_transposed(X, W1, b1, W2, b2, dscores):
    z1, a1 = _forward(X, W1, b1, W2, b2)
    d_z1 = (dscores @ W2) * a1 * (1 - a1)
    return X.T @ d_z1, d_z1.sum(axis=0), a1.T @ dscores, dscores.sum(axis=0)   # (D, H) and (H, K)


def dW_divided_by_n_again(X, W1, b1, W2, b2, dscores):
    z1, a1 = _forward(X, W1, b1, W2, b2)
    d_z1 = (dscores @ W2) * a1 * (1 - a1)
    n = len(X)
    return d_z1.T @ X / n, d_z1.sum(axis=0) / n, dscores.T @ a1 / n, dscores.sum(axis=0) / n


def dW2_from_the_pre_activation(X, W1, b1, W2, b2, dscores):
    z1, a1 = _forward(X, W1, b1, W2, b2)
    d_z1 = (dscores @ W2) * a1 * (1 - a1)
    return d_z1.T @ X, d_z1.sum(axis=0), dscores.T @ z1, dscores.sum(axis=0)


MISTAKES = [
    Mistake("forgot_the_activation_derivative", "between ∂L/∂a1 and ∂L/∂z1 sits the sigmoid node: multiply by its "
            "local derivative σ'(z1), elementwise", forgot_the_activation_derivative),
    Mistake("sigmoid_derivative_of_z", "σ'(z) = σ(z)(1 − σ(z)) uses the sigmoid's output a1, not z1 itself",
            sigmoid_derivative_of_z),
    Mistake("db_not_summed_over_the_batch", "a bias is shared by every example of the batch: its gradient is the "
            "sum of the rows of δ, one number per unit", db_not_summed_over_the_batch),
    Mistake("db_averaged_over_the_batch", "dscores already holds whatever averaging the loss does: the bias "
            "gradient is the plain sum of δ over the batch, not its mean", db_averaged_over_the_batch),
    Mistake("dW_transposed", "a weight gradient has the weight's shape: dW1 is (H, D) like W1, i.e. δ1ᵀ X "
            "(for one example the outer product δ1 xᵀ)", dW_transposed),
    Mistake("dW_divided_by_n_again", "summing over the batch is all: dscores already carries the 1/N of a mean "
            "loss, so do not divide again", dW_divided_by_n_again),
    Mistake("dW2_from_the_pre_activation", "the output layer's input is a1 = σ(z1), so dW2 = δ2ᵀ a1, not δ2ᵀ z1",
            dW2_from_the_pre_activation),
]


def _net(rng, n, d, h, k, scale=1.0):
    return (rng.standard_normal((n, d)), scale * rng.standard_normal((h, d)), rng.standard_normal(h),
            rng.standard_normal((k, h)), rng.standard_normal(k), rng.standard_normal((n, k)))


# the lesson's tiny example: x = (0.5, −1), y = 1, dscores = ∂L/∂z2 = 2 (z2 − y)
_X = np.array([[0.5, -1.0]])
_W1, _B1 = np.array([[0.3, -0.2], [0.8, 0.4]]), np.array([0.1, -0.1])
_W2, _B2 = np.array([[0.7, -0.5]]), np.array([0.2])


def _cases():
    rng = np.random.default_rng(2)
    tiny_dscores = 2 * (scores(_X, _W1, _B1, _W2, _B2) - 1.0)
    return [
        Case("the lesson's example: one x (1, 2), W1 (2, 2), W2 (1, 2), dscores = 2 (z2 − y)",
             (_X, _W1, _B1, _W2, _B2, tiny_dscores)),
        Case("N = 4 examples, D = 3 inputs, H = 5 hidden units, K = 2 outputs", _net(rng, 4, 3, 5, 2)),
        Case("square: N = 3, D = H = K = 3", _net(rng, 3, 3, 3, 3)),
        Case("a batch of 1: N = 1, D = 4, H = 3, K = 2", _net(rng, 1, 4, 3, 2)),
        Case("one hidden unit: N = 5, D = 2, H = 1, K = 1", _net(rng, 5, 2, 1, 1)),
        Case("N = 6, D = 2, H = 4, K = 3, large weights (saturated sigmoids, σ' near 0)",
             _net(rng, 6, 2, 4, 3, scale=4.0)),
        Case("N = 16, D = 5, H = 8, K = 3", _net(rng, 16, 5, 8, 3)),
    ]


mlp_backward_exercise = Exercise(
    "mlp_backward", reference, _cases, MISTAKES,
    hint="forward again (z1, a1), then δ2 = dscores; dW2 = δ2ᵀ a1, db2 = Σ_n δ2; ∂L/∂a1 = δ2 W2; "
         "δ1 = ∂L/∂a1 · σ'(z1); dW1 = δ1ᵀ X, db1 = Σ_n δ1")


# -- short questions -----------------------------------------------------------------------------

def bias_gradient_question(x, W1, b1, W2, b2, target: float, printed_target: float = 1.0) -> Question:
    """Question 1: ∂L/∂b2 of the lesson's tiny example with L = (z2 − y)², for another target y than
    the one whose gradients the lesson prints (computed with lessonlib's layers and mse_loss)."""
    X = np.asarray(x, dtype=np.float64)[None, :]
    z2 = scores(X, W1, b1, W2, b2)

    def db2(y):
        _, dz2 = mse_loss(z2, np.full_like(z2, y))        # one example, one output: L = (z2 − y)²
        return float(reference(X, W1, b1, W2, b2, dz2)[3][0])

    answer, z = db2(target), float(z2[0, 0])
    wrong = {db2(printed_target): f"that is the printed gradient for y = {printed_target:g}; with y = {target:g} "
                                  "the loss node sends another δ2",
             z - target: "the factor 2 of the square is forgotten: ∂(z2 − y)²/∂z2 = 2 (z2 − y)",
             -answer: "the sign is flipped: ∂(z2 − y)²/∂z2 = 2 (z2 − y), not 2 (y − z2)",
             (z - target) ** 2: "that is the loss L, not its gradient"}
    wrong = {value: why for value, why in wrong.items() if not np.isclose(value, answer, rtol=1e-2, atol=0)}
    return Question(answer, how=f"∂L/∂b2 = ∂L/∂z2 · ∂z2/∂b2 = 2 (z2 − y) · 1 with z2 = {z:.4f}, y = {target:g}",
                    hint="b2 enters z2 = W2 a1 + b2 with slope 1, so ∂L/∂b2 = ∂L/∂z2; the loss node's rule "
                         "gives ∂L/∂z2 from z2 (printed in the forward pass) and y",
                    wrong=wrong, rtol=1e-2)


def final_loss_question(curves, lr: float = 0.01) -> Question:
    """Question 2: the final training loss of the run at learning rate lr, as the widget's title shows
    it (three decimals), from the notebook's precomputed curves."""
    by_lr = {c.lr: c for c in curves}
    chosen = min(by_lr, key=lambda r: abs(np.log10(r) - np.log10(lr)))
    run = by_lr[chosen]
    answer = float(run.loss[-1])
    rtol = 0.0006 / answer + 1e-3                        # a value read to three decimals is right
    i = sorted(by_lr).index(chosen)
    neighbours = sorted(by_lr)[max(i - 1, 0): i + 2]
    wrong = {float(run.loss[0]): "that is the loss before training (step 0), not after the last step"}
    for r in neighbours:
        c = by_lr[r]
        if r != chosen and c.diverged_at is None:
            wrong[float(c.loss[-1])] = f"that is the run at learning rate {r:.3g}, a neighbour of {lr:g} on the slider"
    converged = [c for c in curves if c.diverged_at is None]
    best = min(converged, key=lambda c: c.loss[-1])
    wrong.setdefault(float(best.loss[-1]), f"that is the lowest final loss, at learning rate {best.lr:.3g}")
    wrong = {v: why for v, why in wrong.items() if not np.isclose(v, answer, rtol=rtol, atol=0)}
    return Question(answer, how=f"the title of the run at learning rate {chosen:.3g}: final loss {answer:.3f}",
                    hint=f"move the slider to {lr:g}: the left plot's title gives the loss after the last step",
                    wrong=wrong, rtol=rtol)


_NET = (1, 16, 1)

q3 = Question(
    answer=2 * mlp_params(_NET),
    how="2 × (16 + 16 + 16 + 1) parameters = 2 × 49: two forward passes (θ + ε and θ − ε) per parameter",
    hint="count the network's parameters (weights and biases of both layers), then the passes each one needs",
    wrong={mlp_params(_NET): "one pass per parameter is counted; the central difference takes two, θ + ε and θ − ε",
           2 * mlp_params(_NET, bias=False): "the biases are forgotten: they are parameters too",
           2 * (mlp_params(_NET) - 1): "the output bias is forgotten",
           2 * mlp_params(_NET) + 1: "central differences need no extra pass at θ itself",
           2: "one forward and one backward pass is backpropagation; finite differences need passes per parameter"})
