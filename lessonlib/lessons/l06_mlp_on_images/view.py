"""Lesson 6's drawings: digits in a grid, a hidden unit's weights as an image, and what a fully
connected layer costs as images grow."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from ...figures import DPI, freeze_layout
from ...figures.cached_panels import cache_panels
from ...figures.static import static_figure
from .compute import UnitFrame

WEIGHT_CMAP = "RdBu_r"      # red: the unit likes ink here, blue: ink here lowers its input


def draw_digits(images, titles, ncols: int = 8, title: str = "", cell: float = 1.0):
    """images: (n, H, W); titles: one short string per image (e.g. "7 → 9")."""
    images = np.asarray(images)
    if images.ndim != 3 or len(titles) != len(images) or len(images) == 0:
        raise ValueError(f"need images (n >= 1, H, W) and one title per image, got {images.shape} and {len(titles)} titles")
    nrows = -(-len(images) // ncols)
    fig, axes = static_figure((cell * ncols, 1.15 * cell * nrows + (0.3 if title else 0)), ncols, nrows)
    axes = np.atleast_1d(axes).ravel()
    for ax in axes:
        ax.set_axis_off()
    for ax, img, t in zip(axes, images, titles):
        ax.imshow(img, cmap="gray_r", interpolation="nearest")
        ax.set_title(t, fontsize=10, pad=2)
    if title:
        fig.suptitle(title, fontsize=10)
    return fig


class UnitWeightsView:
    """One hidden unit of a trained image MLP, in three panels: its first-layer weights as an
    H×W image; how much training changed them; and its outgoing weights, how much it raises or
    lowers each class's score. frame: UnitFrame (lesson 6's compute)."""

    def __init__(self, frame: UnitFrame, figsize=(9.5, 3)):
        self.fig, (ax_w, ax_d, self.ax_o) = plt.subplots(1, 3, figsize=figsize, dpi=DPI, layout="constrained",
                                                         gridspec_kw={"width_ratios": [1, 1, 1.2]})
        self.images, self.titles, self.colorbars = [], [], []
        for ax, label in ((ax_w, "weight"), (ax_d, "change")):
            image = ax.imshow(np.zeros(frame.weights.shape), cmap=WEIGHT_CMAP, interpolation="nearest")
            self.colorbars.append(self.fig.colorbar(image, ax=ax, shrink=0.75, label=label))
            ax.set_xticks([])
            ax.set_yticks([])
            self.images.append(image)
            self.titles.append(ax.set_title("", fontsize=10))
        n_classes = len(frame.votes)
        self.bars = self.ax_o.bar(np.arange(n_classes), np.zeros(n_classes), color="C0")
        zero = self.ax_o.axhline(0, color="0.5", lw=0.8)
        span = 1.05 * frame.vote_limit
        self.ax_o.set(xticks=np.arange(n_classes), xlabel="digit class", ylabel=r"$\theta_h$[class, unit]",
                      ylim=(-span, span))
        self.ax_o.set_title("its vote for each class score", fontsize=10)
        self.titles[1].set_text("change during training")
        self.panels = None
        self.update(frame)
        freeze_layout(self.fig)   # lay out once; a redraw then skips the layout solver
        # the image panels and their colour bars are drawn once per unit, then pasted when the
        # student comes back to it; the votes' axes never change, its bars are drawn over them
        self.panels = cache_panels(self.fig, [ax_w, ax_d] + [c.ax for c in self.colorbars] + [self.ax_o],
                                   overlays=list(self.bars) + [zero], keep=16)
        self.panels.keys = self._panel_keys(frame)

    @staticmethod
    def _panel_keys(frame: UnitFrame):
        """What the two image panels and their colour bars show (the unit's weights and change); the
        votes' axes never change."""
        key = (frame.unit, hash(np.asarray(frame.weights).tobytes()), hash(np.asarray(frame.change).tobytes()))
        return [key] * 4 + [None]

    def update(self, frame: UnitFrame):
        if self.panels is not None:
            self.panels.keys = self._panel_keys(frame)
        for image, values in zip(self.images, (frame.weights, frame.change)):
            lim = max(float(np.abs(values).max()), 1e-12)   # symmetric, so white always means 0
            image.set_data(values)
            image.set_clim(-lim, lim)
        for bar, h in zip(self.bars, frame.votes):
            bar.set_height(h)
            bar.set_color("C3" if h > 0 else "C0")
        self.titles[0].set_text(f"unit {frame.unit}: its {frame.weights.size} input weights")


def draw_fc_cost(labels, per_neuron, per_layer, hidden: int, title=None):
    """Parameters of one fully connected neuron and of a hidden layer of `hidden` of them,
    one pair of bars per image size; log scale, numbers printed on the bars."""
    per_neuron, per_layer = np.asarray(per_neuron, dtype=np.int64), np.asarray(per_layer, dtype=np.int64)
    if not len(labels) == len(per_neuron) == len(per_layer):
        raise ValueError(f"need one label, one per_neuron and one per_layer count per image size, got "
                         f"{len(labels)}, {len(per_neuron)}, {len(per_layer)}")
    fig, ax = static_figure((8, 0.45 * len(labels) + 1.2))
    pos = np.arange(len(labels))
    ax.barh(pos + 0.2, per_neuron, height=0.4, color="C0", label="one neuron (weights + bias)")
    ax.barh(pos - 0.2, per_layer, height=0.4, color="C3", label=f"one hidden layer of {hidden} neurons")
    for p, a, b in zip(pos, per_neuron, per_layer):
        ax.text(a * 1.15, p + 0.2, f"{a:,}", va="center", fontsize=10)
        ax.text(b * 1.15, p - 0.2, f"{b:,}", va="center", fontsize=10)
    ax.set_xscale("log")
    ax.set_xlim(1, per_layer.max() * 30)
    ax.set_yticks(pos, labels, fontsize=10)
    ax.invert_yaxis()
    ax.set_xlabel("parameters (log scale)")
    ax.set_title(title or "a fully connected first layer: every neuron sees every pixel", fontsize=10)
    ax.legend(fontsize=10, loc="upper right")
    return fig
