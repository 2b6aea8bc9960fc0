"""Lesson 5's computation: fitting a 1-D function with MLPs, how many hidden units, and
shallow versus deep; and the frame of the width explorer.

A one-hidden-layer ReLU network on a line is a sum of "hinges":
    h(x) = b_h + Σ_k θ_h[k] · relu(θ_f[k] x + b_f[k]),
each bending at its kink x_k = -b_f[k] / θ_f[k]; n units give at most n + 1 straight
pieces. `sawtooth_mlp` builds a deep network by hand whose pieces double with every layer.
"""
from __future__ import annotations

from typing import Callable, NamedTuple, Sequence

import numpy as np

from ...arithmetic import mlp_params
from ..._validate import positive_int
from ...nn import Activation, Adam, Dense, Sequential, mlp, mse_loss

TARGETS: dict[str, Callable] = {
    "waves": lambda x: np.sin(2 * x) + 0.5 * np.sin(5 * x),   # two frequencies, ~10 bumps on [-3, 3]
    "chirp": lambda x: np.sin(x ** 2),                        # wiggles faster and faster away from 0
}

# two phases of full-batch Adam: a large step to place the kinks, a small one to settle them
SCHEDULE = ((2000, 0.02), (2000, 0.002))


def target_curve(name: str, n: int = 200, lo: float = -3.0, hi: float = 3.0):
    """x (n, 1) evenly spaced on [lo, hi] and TARGETS[name](x) (n, 1), float64."""
    if name not in TARGETS:
        raise ValueError(f"target must be one of {sorted(TARGETS)}, got {name!r}")
    x = np.linspace(lo, hi, positive_int(n, "n"))[:, None]
    return x, TARGETS[name](x)


def spread_kinks(model: Sequential, lo: float, hi: float) -> Sequential:
    """Set the first layer's biases so its units' kinks sit evenly spaced inside (lo, hi).

    With the default zero biases every first-layer kink would start at x = 0 and most units
    would bend at the same place; spreading them lets each unit start on its own stretch.
    """
    first = model.layers[0]
    if not isinstance(first, Dense) or first.n_in != 1:
        raise ValueError("spread_kinks needs a model whose first layer is Dense with one input")
    w = first.params["W"][:, 0]
    kinks = np.linspace(lo, hi, first.n_out + 2)[1:-1]
    first.params["b"][:] = -w * kinks
    return model


class CurveFit(NamedTuple):
    """A 1-D fit: sizes, parameter count, seed (-1: set by hand), predictions on x, mean squared error."""

    sizes: tuple
    n_params: int
    seed: int
    y_fit: np.ndarray       # (n_points,)
    mse: float
    hinges: np.ndarray | None   # (n_hidden, n_points) unit contributions, one hidden layer only


def hidden_contributions(model: Sequential, x) -> np.ndarray:
    """θ_h[k] · f(θ_f[k] x + b_f[k]) for each unit k of a one-hidden-layer model: (n_hidden, len(x)).

    Their sum plus the output bias b_h is the model's output."""
    if len(model.layers) != 3:
        raise ValueError("hidden_contributions needs Dense -> Activation -> Dense (one hidden layer)")
    first, act, last = model.layers
    a = act.forward(first.forward(np.asarray(x, dtype=first.params["W"].dtype)))
    return (a * last.params["W"][0]).T


def fit_curve(sizes: Sequence[int], x, y, seed: int = 0, activation: str = "relu",
              schedule=SCHEDULE) -> tuple[Sequential, CurveFit]:
    """Train mlp(sizes) on the points (x, y) with full-batch Adam, phase by phase
    (schedule: (steps, learning rate) per phase, a fresh Adam each).

    sizes: (1, hidden..., 1). x, y: (n, 1) float64. The first layer's kinks start
    evenly spread over x's range (spread_kinks)."""
    sizes = tuple(sizes)
    if sizes[0] != 1 or sizes[-1] != 1:
        raise ValueError(f"a 1-D fit needs sizes (1, ..., 1), got {sizes}")
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    model = spread_kinks(mlp(sizes, seed=seed, activation=activation), float(x.min()), float(x.max()))
    for steps, lr in schedule:
        # full batch, so no shuffling or progress bar: the bare loop of nn.fit, a third cheaper here
        optimizer = Adam(lr)
        for _ in range(steps):
            _, dpred = mse_loss(model.forward(x), y)
            model.backward(dpred)
            optimizer.step(model.params_and_grads())
    y_fit = model.forward(x)
    hinges = hidden_contributions(model, x) if len(sizes) == 3 else None
    return model, CurveFit(sizes, mlp_params(sizes), seed, y_fit[:, 0], float(np.mean((y_fit - y) ** 2)), hinges)


# a shorter schedule for the slider's many fits; restarts make up for it
SWEEP_SCHEDULE = ((600, 0.02), (600, 0.002))


def width_sweep(widths: Sequence[int], x, y, seeds=(0, 1, 2), schedule=SWEEP_SCHEDULE,
                **kwargs) -> list[CurveFit]:
    """For each width of a single hidden layer, the best of one fit_curve per seed.

    Gradient descent can park units where they do nothing (a local minimum); restarting
    from a few random weights and keeping the lowest error is the usual remedy."""
    if not len(seeds):
        raise ValueError("seeds must name at least one seed")
    return [min((fit_curve((1, w, 1), x, y, seed=s, schedule=schedule, **kwargs)[1] for s in seeds),
                key=lambda f: f.mse) for w in widths]


class ArchitectureResult(NamedTuple):
    sizes: tuple
    n_params: int
    mse: tuple              # one per seed
    median_mse: float
    best_fit: np.ndarray    # (n_points,) predictions of the seed with the lowest error


def compare_architectures(architectures: Sequence[Sequence[int]], x, y, seeds=(0, 1, 2),
                          **kwargs) -> list[ArchitectureResult]:
    """Fit every architecture from several random starts; the median error is robust to one bad start."""
    out = []
    for sizes in architectures:
        fits = [fit_curve(sizes, x, y, seed=s, **kwargs)[1] for s in seeds]
        errors = tuple(f.mse for f in fits)
        out.append(ArchitectureResult(tuple(sizes), mlp_params(sizes), errors, float(np.median(errors)),
                                      min(fits, key=lambda f: f.mse).y_fit))
    return out


# --- the theorem's side: good weights exist ------------------------------------------


def interpolating_mlp(knots, values) -> Sequential:
    """A one-hidden-layer ReLU net, set by hand, that joins the points (knots[k], values[k])
    with straight lines on [knots[0], knots[-1]]: n + 1 knots need n hidden units.

        h(x) = values[0] + Σ_k c_k relu(x - knots[k]),  c_0 = s_0,  c_k = s_k - s_(k-1),
    where s_k is the slope between knots k and k + 1. The constructive side of the universal
    approximation theorem on a line: more knots, smaller error, for any continuous target."""
    t, v = np.asarray(knots, dtype=np.float64).ravel(), np.asarray(values, dtype=np.float64).ravel()
    if len(t) != len(v) or len(t) < 2:
        raise ValueError(f"need at least 2 knots and one value per knot, got {len(t)} knots and {len(v)} values")
    if np.any(np.diff(t) <= 0):
        raise ValueError("knots must be strictly increasing")
    slopes = np.diff(v) / np.diff(t)
    n = len(slopes)
    model = mlp((1, n, 1), seed=0, activation="relu")
    first, last = model.layers[0], model.layers[2]
    first.params["W"][:] = 1.0
    first.params["b"][:] = -t[:-1]
    last.params["W"][0] = np.diff(slopes, prepend=0.0)
    last.params["b"][:] = v[0]
    return model


def interpolation_fit(n_hidden: int, x, target: Callable) -> CurveFit:
    """interpolating_mlp with n_hidden units and evenly spaced knots over x's range, as a CurveFit."""
    n_hidden = positive_int(n_hidden, "n_hidden")
    x = np.asarray(x, dtype=np.float64)
    knots = np.linspace(x.min(), x.max(), n_hidden + 1)
    model = interpolating_mlp(knots, target(knots))
    y_fit = model.forward(x)[:, 0]
    return CurveFit((1, n_hidden, 1), mlp_params((1, n_hidden, 1)), -1, y_fit,
                    float(np.mean((y_fit - np.ravel(target(x))) ** 2)), hidden_contributions(model, x))


# --- what depth can do: a sawtooth built by hand ------------------------------------


def sawtooth_mlp(depth: int) -> Sequential:
    """A ReLU network (1, 2, ..., 2, 1) with `depth` hidden layers computing the tent map
    t(x) = 2 relu(x) - 4 relu(x - 1/2) composed `depth` times on [0, 1]: 2**depth pieces.

    Every hidden layer has two units (relu(u), relu(u - 1/2)) of u = the previous tent."""
    depth = positive_int(depth, "depth")
    rng = np.random.default_rng(0)   # Dense wants one; every weight is overwritten below
    tent, half = np.array([[2.0, -4.0]]), np.array([0.0, -0.5])
    layers = []
    for i in range(depth):
        layer = Dense(1 if i == 0 else 2, 2, rng)
        layer.params["W"][:] = [[1.0], [1.0]] if i == 0 else np.vstack([tent, tent])
        layer.params["b"][:] = half
        layers += [layer, Activation("relu")]
    out = Dense(2, 1, rng, activation_hint=None)
    out.params["W"][:], out.params["b"][:] = tent, 0.0
    return Sequential(*layers, out)


def count_linear_pieces(x, y, tol: float = 1e-9) -> int:
    """Number of straight pieces of a piecewise-linear curve sampled at x (kinks on grid points)."""
    x, y = np.ravel(x), np.ravel(y)
    if len(x) != len(y) or len(x) < 2:
        raise ValueError(f"x and y must be equally long with at least 2 points, got {len(x)} and {len(y)}")
    slopes = np.diff(y) / np.diff(x)
    return 1 + int(np.count_nonzero(np.abs(np.diff(slopes)) > tol * max(1.0, np.abs(slopes).max())))


class DepthVsWidth(NamedTuple):
    depth: int
    pieces: int
    deep_params: int            # the hand-built (1, 2, ..., 2, 1)
    shallow_units: int          # one hidden layer needs at least pieces - 1 units
    shallow_params: int


def sawtooth_cost(depth: int) -> DepthVsWidth:
    """Parameters for 2**depth linear pieces: deep (sawtooth_mlp) versus one hidden layer.

    One hidden ReLU layer of n units bends at most n times, so 2**depth pieces need
    n >= 2**depth - 1 units."""
    depth = positive_int(depth, "depth")
    pieces = 2 ** depth
    return DepthVsWidth(depth, pieces, mlp_params((1,) + (2,) * depth + (1,)), pieces - 1,
                        mlp_params((1, pieces - 1, 1)))


# --- the width explorer's frame -----------------------------------------------------


class WidthFrame(NamedTuple):
    """One width of a precomputed sweep, with what the whole figure needs.

    x, target: (n_points,); widths: (n_widths,) the swept numbers of hidden units (1, 2, 4, ...);
    mse: (n_widths,) best trained error per width; built_mse: (n_widths,) errors of the fits set
    by hand, or None; fit: this width's trained CurveFit (y_fit (n_points,), hinges (n, n_points));
    built: this width's hand-set CurveFit, or None."""

    x: np.ndarray
    target: np.ndarray
    widths: np.ndarray
    mse: np.ndarray
    built_mse: np.ndarray | None
    fit: CurveFit
    built: CurveFit | None


class WidthSweep:
    """compute(log2_n) -> WidthFrame of the fit with n = 2**log2_n hidden units.

    fits: one CurveFit per width, each with one hidden layer, widths consecutive powers of two
    (1, 2, 4, ...), e.g. from width_sweep; built: optional hand-set fits of the same widths
    (interpolation_fit), drawn for comparison."""

    def __init__(self, x, target, fits: Sequence[CurveFit], built: Sequence[CurveFit] | None = None):
        self.fits, self.built = list(fits), None if built is None else list(built)
        if not self.fits:
            raise ValueError("fits must hold at least one fit")
        if any(f.hinges is None for f in self.fits):
            raise ValueError("every fit must have one hidden layer (CurveFit.hinges not None)")
        if self.built is not None and [b.sizes for b in self.built] != [f.sizes for f in self.fits]:
            raise ValueError("built must hold one fit per width, in the order of fits")
        self.widths = np.array([f.sizes[1] for f in self.fits])
        self.first = int(self.widths[0]).bit_length() - 1           # log2 of the smallest width
        if self.widths.tolist() != [2 ** (self.first + i) for i in range(len(self.widths))]:
            raise ValueError(f"the slider steps through consecutive powers of two; got widths {self.widths.tolist()}")
        self.last = self.first + len(self.widths) - 1
        self.x, self.target = np.ravel(x), np.ravel(target)
        self.mse = np.array([f.mse for f in self.fits])
        self.built_mse = None if self.built is None else np.array([b.mse for b in self.built])

    def __call__(self, log2_n: int) -> WidthFrame:
        if not (isinstance(log2_n, (int, np.integer)) and self.first <= log2_n <= self.last):
            raise ValueError(f"log2_n must be an integer {self.first}..{self.last} (one per precomputed width), "
                             f"got {log2_n!r}")
        i = int(log2_n) - self.first
        return WidthFrame(self.x, self.target, self.widths, self.mse, self.built_mse, self.fits[i],
                          None if self.built is None else self.built[i])
