"""Lesson 4's drawings: scores and softmax, the confusion matrix, and decision regions over two
chosen features.

Class c is drawn in CLASS_COLORS[c] everywhere; regions use the same hues, lighter.
"""
from __future__ import annotations

from typing import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import ListedColormap

from ...figures import DPI, freeze_layout
from ...figures.static import static_figure
from .compute import RegionsFrame

CLASS_COLORS = ("#1b9e77", "#d95f02", "#7570b3")
REGION_COLORS = ("#b3e2cd", "#fdcdac", "#cbd5e8")


def draw_scores(scores, probabilities, class_names, true_class: int, title="one flower"):
    """Left: the network's raw score per class; right: softmax of those scores (they sum to 1)."""
    scores, probabilities = np.ravel(scores), np.ravel(probabilities)
    if not len(scores) == len(probabilities) == len(class_names):
        raise ValueError(f"need one score and one probability per class: got {len(scores)}, "
                         f"{len(probabilities)} for {len(class_names)} classes")
    fig, (ax_s, ax_p) = static_figure((8, 2.6), 2)
    colors = [CLASS_COLORS[c % len(CLASS_COLORS)] for c in range(len(scores))]
    ax_s.bar(class_names, scores, color=colors)
    ax_s.axhline(0, color="0.5", lw=0.8)
    ax_s.set(ylabel="score $h_c(x)$", title=f"{title}: one score per class")
    ax_p.bar(class_names, probabilities, color=colors)
    for c, p in enumerate(probabilities):
        ax_p.text(c, p + 0.02, f"{p:.3f}", ha="center", va="bottom", fontsize=10)
    ax_p.set(ylabel="softmax probability", ylim=(0, 1.15),
             title=f"softmax; true class: {class_names[true_class]}")
    return fig


def draw_confusion(cm, class_names, title="confusion matrix (test set)", figsize=(4, 3.2)):
    """Counts with the true class down the rows and the predicted class across the columns."""
    cm = np.asarray(cm)
    if cm.ndim != 2 or cm.shape[0] != cm.shape[1] or cm.shape[0] != len(class_names):
        raise ValueError(f"cm must be a square (K, K) matrix with K = {len(class_names)} class names, got {cm.shape}")
    fig, ax = static_figure(figsize)
    ax.imshow(cm, cmap="Blues", vmin=0)
    for (i, j), count in np.ndenumerate(cm):
        ax.text(j, i, str(count), ha="center", va="center",
                color="white" if count > cm.max() / 2 else "black", fontsize=11)
    ticks = np.arange(len(class_names))
    ax.set_xticks(ticks, class_names, fontsize=10)
    ax.set_yticks(ticks, class_names, fontsize=10)
    ax.set(xlabel="predicted species", ylabel="true species", title=title)
    return fig


class DecisionRegionsView:
    """Regions of a two-feature model with the flowers on top: training flowers as dots, test
    flowers as hollow rings. update(frame) swaps in another feature pair.

    frame: RegionsFrame (lesson 4's compute); class_names: one per class, for the legend."""

    def __init__(self, frame: RegionsFrame, class_names: Sequence[str], figsize=(6, 3.6)):
        self.fig, self.ax = plt.subplots(figsize=figsize, dpi=DPI, layout="constrained")
        k = len(class_names)
        if len(frame.train_points) != k:
            raise ValueError(f"the frame has {len(frame.train_points)} classes but {k} class names were given")
        self.image = self.ax.imshow(np.zeros((2, 2)), origin="lower", aspect="auto", interpolation="nearest",
                                    cmap=ListedColormap(REGION_COLORS[:k]), vmin=-0.5, vmax=k - 0.5)
        self.train_dots, self.test_rings = [], []
        for c in range(k):
            color = CLASS_COLORS[c]
            self.train_dots.append(self.ax.scatter([], [], s=16, color=color, edgecolor="k", linewidth=0.3,
                                                   label=f"{class_names[c]} (train)"))
            self.test_rings.append(self.ax.scatter([], [], s=36, facecolor="none", edgecolor=color,
                                                   linewidth=1.4, label=f"{class_names[c]} (test)"))
        self.ax.legend(fontsize=10, loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False)
        self.title = self.ax.set_title("")
        self.update(frame)
        freeze_layout(self.fig)   # lay out once; a redraw then skips the layout solver

    def update(self, frame: RegionsFrame):
        same = frame.regions is None
        for artist in (self.image, *self.train_dots, *self.test_rings):
            artist.set_visible(not same)
        if same:
            self.title.set_text(f"pick two different features (both: {frame.x_name})")
            return
        r = frame.regions
        self.image.set_data(r.labels)
        self.image.set_extent(r.extent)
        for dots, rings, train, test in zip(self.train_dots, self.test_rings, frame.train_points, frame.test_points):
            dots.set_offsets(train)
            rings.set_offsets(test)
        self.ax.set_xlim(r.extent[:2])
        self.ax.set_ylim(r.extent[2:])
        self.ax.set_xlabel(frame.x_name)
        self.ax.set_ylabel(frame.y_name)
        self.title.set_text(f"model on these 2 features: test accuracy {100 * r.test_accuracy:.1f} %")
