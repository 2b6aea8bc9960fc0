"""Lesson 1's drawings: the MLP's diagram, the two moons, and what the hidden units compute.

Class 0 is drawn red, class 1 blue, everywhere; P(class 1) maps from red (0) to blue (1).
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from ...figures import DPI, freeze_layout, without_ticks
from ...figures.cached_panels import cache_panels

CLASS_COLORS = ("#d62728", "#1f77b4")
PROB_CMAP = "RdBu"
UNIT_CMAP = "viridis"


def draw_mlp_diagram(sizes=(4, 5, 3), names=("input x", "hidden a(x)", "output F(x)"),
                     weight_names=(r"$\theta_f,\ b_f$", r"$\theta_h,\ b_h$"), figsize=(5, 3)):
    """Circles for units, lines for weights: a fully connected chain of layers of the given sizes."""
    sizes = [int(s) for s in sizes]
    if len(sizes) < 2 or min(sizes) < 1 or len(names) != len(sizes) or len(weight_names) != len(sizes) - 1:
        raise ValueError(f"need >= 2 positive sizes, one name per layer and one weight name between layers; "
                         f"got sizes={sizes}, {len(names)} names, {len(weight_names)} weight names")
    fig, ax = plt.subplots(figsize=figsize, dpi=DPI, layout="constrained")
    top = max(sizes)
    ys = [np.arange(n) - (n - 1) / 2 for n in sizes]
    for i in range(len(sizes) - 1):
        for y0 in ys[i]:
            for y1 in ys[i + 1]:
                ax.plot([i, i + 1], [y0, y1], color="0.75", lw=0.8, zorder=1)
        ax.text(i + 0.5, top / 2 + 0.15, weight_names[i], ha="center", va="bottom", fontsize=10)
    colors = ["#9ecae1"] + ["#fdae6b"] * (len(sizes) - 2) + ["#a1d99b"]
    for i, (y, name, color) in enumerate(zip(ys, names, colors)):
        ax.scatter(np.full(len(y), i), y, s=320, color=color, edgecolor="0.2", zorder=2)
        ax.text(i, -top / 2 - 0.6, f"{name}\n{len(y)} units", ha="center", va="top", fontsize=10)
    ax.set(xlim=(-0.5, len(sizes) - 0.5), ylim=(-top / 2 - 1.6, top / 2 + 0.8))
    ax.set_axis_off()
    ax.set_title(" → ".join(str(s) for s in sizes) + " MLP", fontsize=10)
    return fig


def _scatter_classes(ax, X, y, **kwargs):
    for c, color in enumerate(CLASS_COLORS):
        pts = X[y == c]
        ax.scatter(pts[:, 0], pts[:, 1], color=color, label=f"class {c}", **kwargs)


def draw_data(X, y, title="training data", figsize=(3.4, 3)):
    """The 2-D points coloured by class."""
    fig, ax = plt.subplots(figsize=figsize, dpi=DPI, layout="constrained")
    _scatter_classes(ax, X, y, s=12, edgecolor="k", linewidth=0.3)
    ax.set(xlabel="$x_1$", ylabel="$x_2$", title=title, aspect="equal")
    ax.legend(fontsize=10, loc="upper right")
    return fig


def draw_input_and_hidden_space(X, y, extent, prob_map, hidden_at_data, readout, readout_bias,
                                title="", figsize=(8, 3.4)):
    """Left: the plane coloured by P(class 1). Right: the same points at a(x) in a 2-unit
    hidden space, where the output layer's decision boundary readout · a + readout_bias = 0
    is a straight line."""
    if hidden_at_data.ndim != 2 or hidden_at_data.shape[1] != 2:
        raise ValueError(f"hidden_at_data must be (n, 2): this picture needs exactly 2 hidden units, "
                         f"got shape {hidden_at_data.shape}")
    fig, (ax_in, ax_h) = plt.subplots(1, 2, figsize=figsize, dpi=DPI, layout="constrained")
    ax_in.imshow(prob_map, origin="lower", extent=extent, cmap=PROB_CMAP, vmin=0, vmax=1, alpha=0.6, aspect="auto")
    _scatter_classes(ax_in, X, y, s=10, edgecolor="k", linewidth=0.3)
    ax_in.set(xlabel="$x_1$", ylabel="$x_2$", title="input space: a curved boundary")
    _scatter_classes(ax_h, hidden_at_data, y, s=10, edgecolor="k", linewidth=0.3, alpha=0.8)
    lo, hi = hidden_at_data.min(axis=0), hidden_at_data.max(axis=0)
    pad = 0.1 * np.maximum(hi - lo, 1e-3)
    (x0, y0), (x1, y1) = lo - pad, hi + pad
    v, c = np.asarray(readout, dtype=float), float(readout_bias)
    if abs(v[1]) > abs(v[0]):       # solve for a_2, or for a_1 when the line is steep
        a1 = np.array([x0, x1])
        ax_h.plot(a1, -(v[0] * a1 + c) / v[1], "k--", lw=1.2, label="output layer's boundary")
    else:
        a2 = np.array([y0, y1])
        ax_h.plot(-(v[1] * a2 + c) / v[0], a2, "k--", lw=1.2, label="output layer's boundary")
    ax_h.set(xlim=(x0, x1), ylim=(y0, y1), xlabel="$a_1(x)$", ylabel="$a_2(x)$",
             title="hidden space: a straight line")
    ax_h.legend(fontsize=10, loc="best")
    if title:
        fig.suptitle(title, fontsize=10)
    return fig


def draw_input_and_readout_view(X, y, extent, prob_map, view, title="", figsize=(8, 3.4)):
    """Left: the plane coloured by P(class 1). Right: the points' a(x) in an h-unit hidden space,
    seen along the readout direction (horizontal) and the main direction orthogonal to it
    (vertical) — view is a compute.ReadoutView; the output layer's boundary is the dashed
    vertical line."""
    coords = np.asarray(view.coords)
    fig, (ax_in, ax_h) = plt.subplots(1, 2, figsize=figsize, dpi=DPI, layout="constrained")
    ax_in.imshow(prob_map, origin="lower", extent=extent, cmap=PROB_CMAP, vmin=0, vmax=1, alpha=0.6, aspect="auto")
    _scatter_classes(ax_in, X, y, s=10, edgecolor="k", linewidth=0.3)
    ax_in.set(xlabel="$x_1$", ylabel="$x_2$", title="input space: a curved boundary")
    _scatter_classes(ax_h, coords, y, s=10, edgecolor="k", linewidth=0.3, alpha=0.8)
    ax_h.axvline(view.boundary, color="k", ls="--", lw=1.2, label="output layer's boundary")
    ax_h.set(xlabel="$a(x)$ along the readout direction $v/|v|$",
             ylabel="along the main\northogonal direction",
             title=f"hidden space ({len(view.directions[0])}-D), seen in 2-D")
    ax_h.legend(fontsize=10, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=3, frameon=False)
    if title:
        fig.suptitle(title, fontsize=10)
    return fig


class RepresentationView:
    """Decision regions (left) and every hidden unit's a_j(x) over the plane (right, up to max_units).

    frame: a compute.UnitsFrame; X (n, 2), y (n,): the training points drawn on every panel;
    extent = (x_min, x_max, y_min, y_max) of the frame's maps. update(frame) swaps the frame's
    arrays into the existing images and shows one panel per hidden unit.
    """

    def __init__(self, frame, *, X, y, extent, max_units=8, figsize=(9, 3.6)):
        self.max_units = max_units
        self.fig = plt.figure(figsize=figsize, dpi=DPI, layout="constrained")
        cols = (max_units + 1) // 2
        gs = self.fig.add_gridspec(2, cols + 2, width_ratios=[1, 1] + [0.9] * cols)
        ax = self.ax_main = self.fig.add_subplot(gs[:, :2])
        blank = np.zeros_like(frame.prob_map)
        self.prob_image = ax.imshow(blank, origin="lower", extent=extent, cmap=PROB_CMAP, vmin=0, vmax=1,
                                    alpha=0.6, aspect="auto")
        _scatter_classes(ax, X, y, s=9, edgecolor="k", linewidth=0.3)
        ax.set(xlabel="$x_1$", ylabel="$x_2$")
        self.main_title = ax.set_title("", fontsize=10)
        self.unit_axes, self.unit_images, self.unit_titles = [], [], []
        for j in range(max_units):
            u = self.fig.add_subplot(gs[j // cols, 2 + j % cols])
            self.unit_images.append(u.imshow(blank, origin="lower", extent=extent, cmap=UNIT_CMAP, aspect="auto"))
            for c, color in enumerate(CLASS_COLORS):   # Line2D markers draw faster than a scatter
                u.plot(X[y == c, 0], X[y == c, 1], ".", color=color, ms=1.5, alpha=0.5)
            without_ticks(u)
            self.unit_titles.append(u.set_title("", fontsize=10))
            self.unit_axes.append(u)
        self.panels = None
        self.update(frame)
        freeze_layout(self.fig)
        # every panel shows one network (hidden units, activation): drawn once per network, then
        # pasted from a cached picture when the student comes back to it
        self.panels = cache_panels(self.fig, [self.ax_main] + self.unit_axes, keep=3 * max_units + 1)
        self.update(frame)

    def update(self, frame):
        """Show the network of `frame` (a compute.UnitsFrame)."""
        h, activation = frame.hidden, frame.activation
        if h > self.max_units:
            raise ValueError(f"the network has {h} hidden units; the view has panels for max_units={self.max_units}")
        if self.panels is not None:
            self.panels.keys = [(h, activation, hash(np.asarray(frame.prob_map).tobytes()))] * (1 + self.max_units)
        self.prob_image.set_data(frame.prob_map)
        self.main_title.set_text(f"{h} {activation} unit{'s' if h > 1 else ''}: decision regions\n"
                                 f"training accuracy {frame.train_accuracy:.1%}")
        for j, (ax, image, title) in enumerate(zip(self.unit_axes, self.unit_images, self.unit_titles)):
            ax.set_visible(j < h)
            if j >= h:
                continue
            image.set_data(frame.hidden_maps[j])
            image.set_clim(*frame.unit_range[j])
            vote = frame.readout[j]
            title.set_text(f"$a_{{{j + 1}}}$, " + ("dead: 0 everywhere" if frame.dead[j] else f"vote {vote:+.1f}"))
            title.set_color(CLASS_COLORS[int(vote > 0)])
