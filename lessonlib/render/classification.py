"""Drawings for lesson 4 (Iris): scores and softmax, training curves, the confusion matrix,
and decision regions over two chosen features.

Class c is drawn in CLASS_COLORS[c] everywhere; regions use the same hues, lighter.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure

from ..nn.classification import regions_for
from .mlp import freeze_layout

CLASS_COLORS = ("#1b9e77", "#d95f02", "#7570b3")
REGION_COLORS = ("#b3e2cd", "#fdcdac", "#cbd5e8")
DPI = 90


def _figure(figsize, ncols=1, **kwargs):
    """A figure outside pyplot (static: displayed once as a PNG, never kept by pyplot)."""
    fig = Figure(figsize=figsize, dpi=DPI, layout="constrained")
    return fig, fig.subplots(1, ncols, **kwargs)


def draw_scores(scores, probabilities, class_names, true_class: int, title="one flower"):
    """Left: the network's raw score per class; right: softmax of those scores (they sum to 1)."""
    scores, probabilities = np.ravel(scores), np.ravel(probabilities)
    if not len(scores) == len(probabilities) == len(class_names):
        raise ValueError(f"need one score and one probability per class: got {len(scores)}, "
                         f"{len(probabilities)} for {len(class_names)} classes")
    fig, (ax_s, ax_p) = _figure((8, 2.6), 2)
    colors = [CLASS_COLORS[c % len(CLASS_COLORS)] for c in range(len(scores))]
    ax_s.bar(class_names, scores, color=colors)
    ax_s.axhline(0, color="0.5", lw=0.8)
    ax_s.set(ylabel="score $h_c(x)$", title=f"{title}: one score per class")
    ax_p.bar(class_names, probabilities, color=colors)
    for c, p in enumerate(probabilities):
        ax_p.text(c, p + 0.02, f"{p:.3f}", ha="center", va="bottom", fontsize=8)
    ax_p.set(ylabel="softmax probability", ylim=(0, 1.15),
             title=f"softmax; true class: {class_names[true_class]}")
    return fig


def draw_history(history, title="training"):
    """Mean training loss per epoch (left) and accuracy per epoch (right; validation if recorded)."""
    fig, (ax_l, ax_a) = _figure((8, 2.6), 2)
    epochs = np.arange(1, len(history.loss) + 1)
    ax_l.plot(epochs, history.loss, label="training")
    if history.val_loss:
        ax_l.plot(epochs, history.val_loss, label="held out")
    ax_l.set(xlabel="epoch", ylabel="cross-entropy loss", title=title)
    ax_l.legend(fontsize=8)
    ax_a.plot(epochs, 100 * np.asarray(history.accuracy), label="training")
    if history.val_accuracy:
        ax_a.plot(epochs, 100 * np.asarray(history.val_accuracy), label="held out")
    ax_a.set(xlabel="epoch", ylabel="accuracy (%)", title="accuracy")
    ax_a.legend(fontsize=8)
    return fig


def draw_confusion(cm, class_names, title="confusion matrix (test set)", figsize=(4, 3.2)):
    """Counts with the true class down the rows and the predicted class across the columns."""
    cm = np.asarray(cm)
    if cm.ndim != 2 or cm.shape[0] != cm.shape[1] or cm.shape[0] != len(class_names):
        raise ValueError(f"cm must be a square (K, K) matrix with K = {len(class_names)} class names, got {cm.shape}")
    fig, ax = _figure(figsize)
    ax.imshow(cm, cmap="Blues", vmin=0)
    for (i, j), count in np.ndenumerate(cm):
        ax.text(j, i, str(count), ha="center", va="center",
                color="white" if count > cm.max() / 2 else "black", fontsize=11)
    ticks = np.arange(len(class_names))
    ax.set_xticks(ticks, class_names, fontsize=8)
    ax.set_yticks(ticks, class_names, fontsize=8)
    ax.set(xlabel="predicted species", ylabel="true species", title=title)
    return fig


class DecisionRegionsView:
    """Regions of a two-feature model with the flowers on top; update() swaps the feature pair.

    regions: {(i, j): Regions} from lessonlib.nn.classification.pair_regions.
    X: (n, n_features), y: (n,) labels; is_test: (n,) bool, test flowers drawn as hollow rings.
    """

    def __init__(self, regions: dict, X, y, is_test, feature_names, class_names, x_feature=2, y_feature=3,
                 figsize=(6, 3.6)):
        self.regions, self.X, self.y = regions, np.asarray(X), np.asarray(y)
        self.is_test = np.asarray(is_test, dtype=bool)
        self.feature_names, self.class_names = tuple(feature_names), tuple(class_names)
        self.fig, self.ax = plt.subplots(figsize=figsize, dpi=DPI, layout="constrained")
        k = len(class_names)
        self.image = self.ax.imshow(np.zeros((2, 2)), origin="lower", aspect="auto", interpolation="nearest",
                                    cmap=ListedColormap(REGION_COLORS[:k]), vmin=-0.5, vmax=k - 0.5)
        self.train_dots, self.test_rings = [], []
        for c in range(k):
            color = CLASS_COLORS[c]
            self.train_dots.append(self.ax.scatter([], [], s=16, color=color, edgecolor="k", linewidth=0.3,
                                                   label=f"{class_names[c]} (train)"))
            self.test_rings.append(self.ax.scatter([], [], s=36, facecolor="none", edgecolor=color,
                                                   linewidth=1.4, label=f"{class_names[c]} (test)"))
        self.ax.legend(fontsize=7, loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False)
        self.title = self.ax.set_title("")
        self.settings = {}
        self.update(x_feature, y_feature)
        freeze_layout(self.fig)   # lay out once; a redraw then skips the layout solver

    def update(self, x_feature=None, y_feature=None):
        """Feature indices (0..n_features-1) for the x and y axes; None keeps the current one."""
        i = self.settings.get("x_feature") if x_feature is None else x_feature
        j = self.settings.get("y_feature") if y_feature is None else y_feature
        n = len(self.feature_names)
        for name, v in (("x_feature", i), ("y_feature", j)):
            if not (isinstance(v, (int, np.integer)) and 0 <= v < n):
                raise ValueError(f"{name} must be a feature index 0..{n - 1}, got {v!r}")
        self.settings = {"x_feature": int(i), "y_feature": int(j)}
        same = i == j
        for artist in (self.image, *self.train_dots, *self.test_rings):
            artist.set_visible(not same)
        if same:
            self.title.set_text(f"pick two different features (both are {self.feature_names[i]})")
            return
        r = regions_for(self.regions, i, j)
        self.image.set_data(r.labels)
        self.image.set_extent(r.extent)
        for c, (dots, rings) in enumerate(zip(self.train_dots, self.test_rings)):
            mine = self.y == c
            dots.set_offsets(self.X[mine & ~self.is_test][:, [i, j]])
            rings.set_offsets(self.X[mine & self.is_test][:, [i, j]])
        self.ax.set_xlim(r.extent[:2])
        self.ax.set_ylim(r.extent[2:])
        self.ax.set_xlabel(self.feature_names[i])
        self.ax.set_ylabel(self.feature_names[j])
        self.title.set_text(f"model on these 2 features: test accuracy {100 * r.test_accuracy:.1f} %")
