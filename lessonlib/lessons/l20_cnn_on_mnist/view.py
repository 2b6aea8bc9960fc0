"""Lesson 20's drawings, inside a trained CNN: training curves, filters, feature maps, receptive
fields, mistakes and invariance curves (draw only).

Static plots are functions returning a Figure. The two interactive views build their figure once
from a frame (compute.LayerMapsFrame, compute.UnitFrame); update(frame) only swaps image data,
rectangle bounds, bar heights and texts.
"""
from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Rectangle

from ...figures import DPI, freeze_layout, pin_titles, without_ticks
from ...figures.cached_text import cache_texts, fixed_tick_labels


def _bare(ax):
    ax.set_xticks([])
    ax.set_yticks([])


def _extent(h, w):
    return (-0.5, w - 0.5, h - 0.5, -0.5)


def plot_training_history(history, title="training the CNN", train_at_epoch_end=None):
    """history: lessonlib.nn.History with loss, accuracy, val_loss, val_accuracy per epoch;
    train_at_epoch_end: optional training accuracy measured after every epoch (a dashed third line)."""
    epochs = np.arange(1, len(history.loss) + 1)
    fig, (ax_l, ax_a) = plt.subplots(1, 2, figsize=(8, 2.8), dpi=DPI, layout="constrained")
    ax_l.plot(epochs, history.loss, "o-", ms=3, label="training: running mean, shifted digits")
    if history.val_loss:
        ax_l.plot(epochs, history.val_loss, "s-", ms=3, label="held-out: at epoch end")
    ax_l.set(xlabel="epoch", ylabel="cross-entropy loss", title=title, ylim=(0, None))
    ax_a.plot(epochs, 100 * np.asarray(history.accuracy), "o-", ms=3, label="training: running mean, shifted digits")
    if history.val_accuracy:
        ax_a.plot(epochs, 100 * np.asarray(history.val_accuracy), "s-", ms=3, label="held-out: at epoch end")
    if train_at_epoch_end is not None:
        ax_a.plot(epochs, 100 * np.asarray(train_at_epoch_end), "^--", ms=3, color="C0",
                  label="training: at epoch end, unshifted")
    ax_a.set(xlabel="epoch", ylabel="accuracy (%)", title="accuracy per epoch")
    for ax in (ax_l, ax_a):
        ax.grid(alpha=0.3)
        ax.legend(fontsize=10)
        ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
    return fig


def plot_filters(w, title="first-layer filters"):
    """w: (F, 1, KH, KW). One panel per filter, one shared symmetric colour scale (red +, blue −)."""
    w = np.asarray(w)
    if w.ndim != 4 or w.shape[1] != 1:
        raise ValueError(f"w must have shape (F, 1, KH, KW) (filters of a one-channel input), got {w.shape}")
    n = len(w)
    cols = min(n, 8)
    rows = math.ceil(n / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(cols * 0.9 + 0.8, rows * 0.95 + 0.4), dpi=DPI,
                             layout="constrained", squeeze=False)
    lim = float(np.abs(w).max()) or 1.0
    for f, ax in enumerate(axes.flat):
        _bare(ax)
        if f >= n:
            ax.axis("off")
            continue
        im = ax.imshow(w[f, 0], cmap="RdBu_r", vmin=-lim, vmax=lim)
        ax.set_title(f"{f}", fontsize=10)
    fig.colorbar(im, ax=axes, shrink=0.8, label="weight")
    fig.suptitle(title + " (red: positive weight, blue: negative)", fontsize=10)
    return fig


def plot_digit_grid(images, titles, ncols=6, suptitle="", cmap="gray_r"):
    """images: (N, H, W), titles: N strings; a grid of small digits (mistakes, shifted or rotated copies)."""
    images = np.asarray(images)
    if images.ndim != 3:
        raise ValueError(f"images must have shape (N, H, W), got {images.shape}")
    if len(titles) != len(images):
        raise ValueError(f"need one title per image: {len(images)} images, {len(titles)} titles")
    rows = max(1, math.ceil(len(images) / ncols))
    fig, axes = plt.subplots(rows, ncols, figsize=(ncols * 1.25, rows * 1.45 + 0.3), dpi=DPI,
                             layout="constrained", squeeze=False)
    for ax in axes.flat:
        _bare(ax)
        ax.axis("off")
    for ax, img, t in zip(axes.flat, images, titles):
        ax.axis("on")
        ax.imshow(img, cmap=cmap, vmin=0, vmax=max(float(img.max()), 1e-12))
        ax.set_title(t, fontsize=10)
    if suptitle:
        fig.suptitle(suptitle, fontsize=10)
    return fig


def plot_invariance(shifts, shift_acc, angles, rotation_acc, title="how much does the CNN care where a digit is, and how it is tilted?"):
    """Accuracy (fractions) against shift in pixels and against rotation in degrees."""
    fig, (ax_s, ax_r) = plt.subplots(1, 2, figsize=(8, 2.8), dpi=DPI, layout="constrained", sharey=True)
    ax_s.plot(shifts, 100 * np.asarray(shift_acc), "o-")
    ax_s.set(xlabel="shift (pixels; mean of right, left, down, up)", ylabel="held-out accuracy (%)",
             title="shifted digits")
    ax_r.plot(angles, 100 * np.asarray(rotation_acc), "o-", color="C1")
    ax_r.set(xlabel="rotation (degrees; mean of ±)", title="rotated digits")
    low = min(np.min(shift_acc), np.min(rotation_acc)) * 100
    ax_s.set_ylim(max(0.0, 10 * np.floor(low / 10) - 5), 100.5)
    for ax in (ax_s, ax_r):
        ax.grid(alpha=0.3)
    fig.suptitle(title, fontsize=10)
    return fig


def tile(maps, ncols=8, gap=1):
    """(C, H, W) -> one 2-D array with the C maps in a grid, NaN in the gaps (drawn as background)."""
    maps = np.asarray(maps, dtype=np.float64)
    n, h, w = maps.shape
    cols = min(n, ncols)
    rows = math.ceil(n / cols)
    out = np.full((rows * (h + gap) - gap, cols * (w + gap) - gap), np.nan)
    for c in range(n):
        r, q = divmod(c, cols)
        out[r * (h + gap):r * (h + gap) + h, q * (w + gap):q * (w + gap) + w] = maps[c]
    return out


def _tile_cell(index, shape, n, ncols=8, gap=1):
    """(x0, y0, w, h) in data coordinates of map `index` inside tile()'s grid."""
    h, w = shape
    r, q = divmod(index, min(n, ncols))
    return (q * (w + gap) - 0.5, r * (h + gap) - 0.5, w, h)


def _tile_columns(n):
    """4 columns up to 16 maps (a square grid of 4×4), else 8: maps stay large enough to read."""
    return 4 if n <= 16 else 8


class LayerMapsView:
    """The digit, every map of one layer (tiled), the chosen map large, and the class probabilities."""

    def __init__(self, frame):
        self.fig = plt.figure(figsize=(9, 3.2), dpi=DPI)
        gs = self.fig.add_gridspec(1, 4, width_ratios=[1, 1.9, 1, 1.05], left=0.02, right=0.98,
                                   bottom=0.17, top=0.84, wspace=0.12)
        self.ax_in, self.ax_tile, self.ax_big, self.ax_p = (self.fig.add_subplot(gs[i]) for i in range(4))
        for ax in (self.ax_in, self.ax_tile, self.ax_big):
            without_ticks(ax)
        self.input = self.ax_in.imshow(frame.image, cmap="gray_r")
        self.in_title = self.ax_in.set_title("", fontsize=10)
        cmap = plt.get_cmap("viridis").with_extremes(bad="white")
        self.tiled = self.ax_tile.imshow(tile(frame.maps), cmap=cmap, interpolation="nearest")
        self.tile_title = self.ax_tile.set_title("", fontsize=10)
        self.frame = Rectangle((0, 0), 1, 1, fill=False, ec="red", lw=1.5)
        self.ax_tile.add_patch(self.frame)
        self.big = self.ax_big.imshow(frame.maps[0], cmap="viridis", interpolation="nearest")
        self.big_title = self.ax_big.set_title("", fontsize=10)
        self.bars = self.ax_p.bar(np.arange(10), np.zeros(10), color="0.6")
        self.ax_p.set(ylim=(0, 1), xticks=range(10), xlabel="class", title="softmax probability")
        self.ax_p.title.set_fontsize(10)
        self.ax_p.tick_params(labelsize=10)
        self.suptitle = self.fig.suptitle("", fontsize=10)
        # texts are most of a redraw: the bar panel's tick labels become fixed texts, and they and the
        # titles are pasted from cached pictures (the suptitle's numbers change on every move: drawn)
        ticks = fixed_tick_labels(self.ax_p)
        pin_titles(self.fig)
        cache_texts(self.ax_p, [self.ax_p.title, self.ax_p.xaxis.label, *ticks])
        for ax in (self.ax_in, self.ax_tile, self.ax_big):
            cache_texts(ax, [ax.title])
        self.update(frame)

    def update(self, frame):
        maps, lo, hi = frame.maps, frame.lo, frame.hi
        ncols = _tile_columns(len(maps))
        tiled = tile(maps, ncols)
        self.tiled.set_data(tiled)
        self.tiled.set_extent(_extent(*tiled.shape))
        self.tiled.set_clim(lo, hi)
        x0, y0, w, h = _tile_cell(frame.channel, maps.shape[1:], len(maps), ncols)
        self.frame.set_bounds(x0, y0, w, h)
        big = maps[frame.channel]
        self.big.set_data(big)
        self.big.set_extent(_extent(*big.shape))
        self.big.set_clim(lo, hi)
        self.input.set_data(frame.image)
        for k, bar in enumerate(self.bars):
            bar.set_height(frame.probs[k])
            bar.set_color("C2" if k == frame.label else ("C3" if k == frame.predicted else "0.6"))
        self.in_title.set_text(f"digit (label {frame.label})")
        self.tile_title.set_text(f"{frame.layer}: all {len(maps)} maps of {big.shape[0]}×{big.shape[1]}")
        self.big_title.set_text(f"map {frame.channel}")
        self.suptitle.set_text(f"{frame.layer}, map {frame.channel}: values {lo:.2f} … {hi:.2f} (same colour scale "
                               f"for every map of the layer); predicted {frame.predicted} "
                               f"with p = {frame.probs[frame.predicted]:.2f}")


class UnitFieldView:
    """One unit of one layer: its receptive field on the digit, the input gradient of that unit
    (backprop of a single 1), and where the unit sits in its feature map."""

    def __init__(self, frame):
        self.fig, axes = plt.subplots(1, 3, figsize=(8, 3.0), dpi=DPI, layout="constrained")
        self.ax_in, self.ax_g, self.ax_map = axes
        for ax in axes:
            without_ticks(ax)
        image = frame.image
        self.input = self.ax_in.imshow(image, cmap="gray_r")
        self.ax_in.set_title("receptive field on the digit", fontsize=10)
        self.grad = self.ax_g.imshow(frame.gradient, cmap="RdBu_r", interpolation="nearest")
        self.g_title = self.ax_g.set_title("", fontsize=10)
        self.off_note = self.ax_g.text(0.5, 0.5, "", transform=self.ax_g.transAxes, ha="center", va="center",
                                       fontsize=10, bbox=dict(boxstyle="round", fc="white", ec="0.6"))
        self.boxes = [Rectangle((0, 0), 1, 1, fill=False, ec="C1", lw=2, clip_on=False) for _ in range(2)]
        self.ax_in.add_patch(self.boxes[0])
        self.ax_g.add_patch(self.boxes[1])
        for ax in (self.ax_in, self.ax_g):
            ax.set_xlim(-0.5 - 3, image.shape[1] - 0.5 + 3)    # room to show a box reaching into the padding
            ax.set_ylim(image.shape[0] - 0.5 + 3, -0.5 - 3)
        self.fmap = self.ax_map.imshow(frame.fmap, cmap="viridis", interpolation="nearest")
        self.map_title = self.ax_map.set_title("", fontsize=10)
        self.unit = Rectangle((0, 0), 1, 1, fill=False, ec="red", lw=2)
        self.ax_map.add_patch(self.unit)
        self.suptitle = self.fig.suptitle("", fontsize=10)
        self.update(frame)
        freeze_layout(self.fig)          # laid out with the first titles, then kept: no solve per move
        for ax in axes:                  # titles repeat as the sliders go back and forth
            cache_texts(ax, [ax.title] + ([self.off_note] if ax is self.ax_g else []))

    def update(self, frame):
        top, bottom, left, right = frame.box
        for rect in self.boxes:
            rect.set_bounds(left - 0.5, top - 0.5, right - left + 1, bottom - top + 1)
        self.input.set_data(frame.image)
        self.grad.set_data(frame.gradient)
        self.grad.set_clim(-frame.lim, frame.lim)
        self.fmap.set_data(frame.fmap)
        self.fmap.set_extent(_extent(*frame.fmap.shape))
        self.fmap.set_clim(frame.fmap_lo, frame.fmap_hi)
        self.unit.set_bounds(frame.col - 0.5, frame.row - 0.5, 1, 1)
        size = (bottom - top + 1, right - left + 1)
        self.g_title.set_text(f"d unit / d input: {frame.active} pixels ≠ 0")
        self.off_note.set_text(frame.note)              # why the panel is blank, when it is
        self.off_note.set_visible(bool(frame.note))
        self.map_title.set_text(f"unit ({frame.row}, {frame.col}) = {frame.value:.2f}")
        self.suptitle.set_text(f"{frame.title}: receptive field {size[0]}×{size[1]}, input rows {top}…{bottom}, "
                               f"cols {left}…{right} (orange box)")


# --- the student's own digit ------------------------------------------------------------------------------

class PadView:
    """The drawing pad: one 28×28 image the mouse paints on (ink black on white), pixel grid faint."""

    def __init__(self, drawing):
        self.fig, self.ax = plt.subplots(figsize=(2.6, 2.75), dpi=DPI, layout="constrained")
        h, w = np.shape(drawing)
        self.image = self.ax.imshow(drawing, cmap="gray_r", vmin=0, vmax=1, interpolation="nearest")
        self.ax.set_xticks(np.arange(-0.5, w, 7), labels=[])
        self.ax.set_yticks(np.arange(-0.5, h, 7), labels=[])
        self.ax.tick_params(length=0)
        self.ax.grid(color="0.85", lw=0.5)
        self.ax.set_title("draw a digit here", fontsize=10)
        self.ax.set_navigate(False)            # a drag paints; it never pans or zooms
        freeze_layout(self.fig)

    def update(self, drawing):
        self.image.set_data(drawing)


class DrawnDigitView:
    """What the network makes of a drawing (a compute.DrawFrame): the MNIST-style input with the receptive
    field of its most active pool2 unit, that unit's input gradient, the class probabilities without and
    with the MNIST step, and every spatial layer's maps (tiled, one colour scale per layer)."""

    def __init__(self, frame):
        self.fig = plt.figure(figsize=(9.6, 4.7), dpi=DPI)
        top = self.fig.add_gridspec(1, 3, width_ratios=[1, 1, 2.3], left=0.03, right=0.98, top=0.88, bottom=0.57,
                                    wspace=0.18)
        bottom = self.fig.add_gridspec(1, len(frame.maps), left=0.01, right=0.99, top=0.40, bottom=0.01, wspace=0.06)
        self.ax_in, self.ax_g, self.ax_p = (self.fig.add_subplot(top[i]) for i in range(3))
        self.ax_maps = [self.fig.add_subplot(bottom[i]) for i in range(len(frame.maps))]
        for ax in (self.ax_in, self.ax_g, *self.ax_maps):
            without_ticks(ax)
        n = frame.image.shape[0]
        self.input = self.ax_in.imshow(frame.image, cmap="gray_r", vmin=0, vmax=1)
        self.ax_in.set_title("network input (MNIST-style)", fontsize=10)
        self.grad = self.ax_g.imshow(frame.gradient, cmap="RdBu_r", interpolation="nearest")
        self.g_title = self.ax_g.set_title("", fontsize=10)
        self.boxes = [Rectangle((0, 0), 1, 1, fill=False, ec="C1", lw=2, clip_on=False) for _ in range(2)]
        for ax, rect in zip((self.ax_in, self.ax_g), self.boxes):
            ax.add_patch(rect)
            ax.set_xlim(-0.5 - 3, n - 0.5 + 3)                # room for a box reaching into the padding
            ax.set_ylim(n - 0.5 + 3, -0.5 - 3)
        k = np.arange(10)
        self.bars_raw = self.ax_p.bar(k - 0.2, np.zeros(10), width=0.4, color="0.45")
        self.bars = self.ax_p.bar(k + 0.2, np.zeros(10), width=0.4, color="C0")
        self.ax_p.set(ylim=(0, 1.32), xlim=(-0.6, 9.6), xticks=k, yticks=[0, 0.5, 1], xticklabels=[], yticklabels=[],
                      xlabel="class", ylabel="probability")
        self.ax_p.xaxis.label.set_fontsize(10)
        self.ax_p.yaxis.label.set_fontsize(10)
        self.ax_p.xaxis.set_label_coords(0.5, -0.16)          # clear of the tick texts below
        self.ax_p.yaxis.set_label_coords(-0.065, 0.5)
        # tick labels and the key as fixed texts, drawn from cached pictures (ticks and a legend are laid
        # out again on every draw: they were half of this figure's redraw)
        below, left = self.ax_p.get_xaxis_transform(), self.ax_p.get_yaxis_transform()
        fixed = [self.ax_p.text(c, -0.03, str(c), transform=below, ha="center", va="top", fontsize=10) for c in k]
        fixed += [self.ax_p.text(-0.01, y, f"{y:g}", transform=left, ha="right", va="center", fontsize=10)
                  for y in (0, 0.5, 1)]
        fixed += [self.ax_p.text(x, 0.93, text, transform=self.ax_p.transAxes, color=color, ha="left", va="center",
                                 fontsize=10) for x, text, color in ((0.2, "■ drawing as it is", "0.45"),
                                                                    (0.5, "■ MNIST-style (the input)", "C0"))]
        self.p_title = self.ax_p.set_title("", fontsize=10)
        cmap = plt.get_cmap("viridis").with_extremes(bad="white")
        self.tiles, self.map_titles = [], []
        for ax, maps in zip(self.ax_maps, frame.maps):
            tiled = tile(maps, _tile_columns(len(maps)))
            self.tiles.append(ax.imshow(tiled, cmap=cmap, interpolation="nearest"))
            self.map_titles.append(ax.set_title("", fontsize=10))
        self.maps_title = self.fig.text(0.5, 0.455, "every layer's maps of the network input (one colour scale per "
                                        "layer)", ha="center", fontsize=10)
        pin_titles(self.fig)
        for ax in (self.ax_in, self.ax_g, self.ax_p, *self.ax_maps):   # texts drawn from cached pictures
            cache_texts(ax, [ax.title] + ([self.ax_p.xaxis.label, self.ax_p.yaxis.label, *fixed] if ax is self.ax_p
                                          else []))
        self.update(frame)

    def update(self, frame):
        self.input.set_data(frame.image)
        self.grad.set_data(frame.gradient)
        lim = float(np.abs(frame.gradient).max()) or 1.0
        self.grad.set_clim(-lim, lim)
        top, bottom, left, right = frame.box
        for rect in self.boxes:
            rect.set_bounds(left - 0.5, top - 0.5, right - left + 1, bottom - top + 1)
        layer, channel, row, col = frame.unit
        self.g_title.set_text(f"pool2 map {channel}, unit ({row}, {col}):\nits input gradient, receptive field")
        for k, (raw, styled) in enumerate(zip(self.bars_raw, self.bars)):
            raw.set_height(frame.probs_raw[k])
            styled.set_height(frame.probs[k])
            styled.set_color("C3" if k == frame.predicted else "C0")
        if frame.empty:
            self.p_title.set_text("the pad is empty: draw a digit")
        else:
            self.p_title.set_text(f"as drawn: {frame.predicted_raw} (p = {frame.probs_raw[frame.predicted_raw]:.2f});"
                                  f"  MNIST-style: {frame.predicted} (p = {frame.probs[frame.predicted]:.2f}, red)")
        for im, title, maps, name in zip(self.tiles, self.map_titles, frame.maps, frame.names):
            im.set_data(tile(maps, _tile_columns(len(maps))))
            lo, hi = float(maps.min()), float(maps.max())
            im.set_clim(lo, hi if hi > lo else lo + 1e-6)
            title.set_text(f"{name.split(' ')[0]}: {len(maps)}@{maps.shape[1]}×{maps.shape[2]}")
