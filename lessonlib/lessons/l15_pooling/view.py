"""Lesson 15's drawings: pooling windows and switches, shift sensitivity, figures 9.9 and 9.10."""
from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.patches import Rectangle
from matplotlib.transforms import offset_copy

from ...figures import DPI, text_colour_for
from ...figures.cached_panels import cache_panels
from ...figures.cached_text import cache_texts
from .compute import PoolingFrame, ceil_mode_effect


FONT = 10                    # 12.5 px at DPI 90: the smallest text of the figures
MAX_ARROWS = 9               # more arrows than this bury the numbers: then only the outlined windows' arrows


def _cell_borders(n_rows, n_cols):
    """Segments of the lines between the cells of an n_rows x n_cols image."""
    xs, ys = np.arange(n_cols + 1) - 0.5, np.arange(n_rows + 1) - 0.5
    return [[(x, ys[0]), (x, ys[-1])] for x in xs] + [[(xs[0], y), (xs[-1], y)] for y in ys]


def _cells(ax, n_rows, n_cols):
    """Cell borders (one LineCollection: cheaper to draw than a grid line per minor tick) and the row
    and column numbers beside them (texts rather than tick labels, so the text cache can draw them).
    Returns (borders, row numbers, column numbers)."""
    ax.set_xticks([])
    ax.set_yticks([])
    borders = ax.add_collection(LineCollection(_cell_borders(n_rows, n_cols), colors="0.6", linewidths=0.5,
                                                 zorder=1.5))   # where the grid lines were: over the image, under the texts
    below = offset_copy(ax.get_xaxis_transform(), fig=ax.figure, y=-3, units="points")
    beside = offset_copy(ax.get_yaxis_transform(), fig=ax.figure, x=-3, units="points")
    rows = [ax.text(0, r, str(r), transform=beside, ha="right", va="center", fontsize=FONT) for r in range(n_rows)]
    cols = [ax.text(c, 0, str(c), transform=below, ha="center", va="top", fontsize=FONT) for c in range(n_cols)]
    return borders, rows, cols


def _share(v) -> str:
    """A gradient value in at most 3 characters: whole counts as they are, shares below 1 as .25, .11"""
    if v == round(v):
        return f"{v:.0f}"
    return f".{round(100 * v):02d}" if v < 0.995 else f"{v:.2g}"


class PoolingView:
    """Input map, pooled output and the gradient d(sum of outputs)/d(input), with an arrow from an
    output cell to the input cell its gradient goes to (max: the switch): from every output when there
    are at most 9, else from the outputs of the two outlined windows (the figure says so).

    frame: a PoolingFrame (compute.pooling_frame); update(frame) changes the existing artists. The three
    panels are drawn from cached pictures of each setting (`cache_panels`); the outlines and arrows
    are drawn over them.
    """

    def __init__(self, frame: PoolingFrame):
        self.x = frame.x
        h, w = self.x.shape
        self._inks = {}
        self.fig, (self.ax_in, self.ax_out, self.ax_dx) = plt.subplots(
            1, 3, figsize=(8, 3.7), dpi=DPI, gridspec_kw={"width_ratios": [1, 1, 1]})
        self.fig.subplots_adjust(left=0.035, right=0.99, top=0.74, bottom=0.06, wspace=0.2)
        cmap_in, norm_in = plt.get_cmap("Blues"), plt.Normalize(self.x.min(), 2 * self.x.max())
        self.ax_in.imshow(self.x, cmap=cmap_in, norm=norm_in)
        numbers = [self.ax_in.text(c, r, f"{v:g}", ha="center", va="center", fontsize=FONT,
                                   color=text_colour_for(cmap_in(norm_in(v)))) for (r, c), v in np.ndenumerate(self.x)]
        *_, in_rows, in_cols = _cells(self.ax_in, h, w)
        self.ax_in.set_title(f"input {h}×{w}", fontsize=FONT)
        # outputs and gradients never outgrow the input: pre-build h x w cells and hide the unused ones
        self.out_cmap, self.out_norm = plt.get_cmap("Oranges"), plt.Normalize(0, 2 * self.x.max())
        self.out_img = self.ax_out.imshow(np.zeros((h, w)), cmap=self.out_cmap, norm=self.out_norm)
        self.out_txt = [[self.ax_out.text(c, r, "", ha="center", va="center", fontsize=FONT) for c in range(w)]
                        for r in range(h)]
        self.out_borders, self.out_rows, self.out_cols = _cells(self.ax_out, h, w)
        self.ax_out.set_title("", fontsize=FONT)
        self.dx_cmap, self.dx_norm = plt.get_cmap("Greens"), plt.Normalize(0, 4)
        self.dx_img = self.ax_dx.imshow(np.zeros((h, w)), cmap=self.dx_cmap, norm=self.dx_norm)
        self.dx_txt = [[self.ax_dx.text(c, r, "", ha="center", va="center", fontsize=FONT) for c in range(w)]
                       for r in range(h)]
        *_, dx_rows, dx_cols = _cells(self.ax_dx, h, w)
        self.ax_dx.set_title("gradient reaching the input", fontsize=FONT)
        # the figure's title, in the output panel (it changes with the same settings as that panel)
        self.title = self.ax_out.text(0.5, 0.985, "", ha="center", va="top", fontsize=FONT,
                                      transform=self.fig.transFigure)
        # about 200 small texts: drawn from cached pictures, re-rendered only when they change
        cache_texts(self.ax_in, [self.ax_in.title] + numbers + in_rows + in_cols)
        cache_texts(self.ax_out, [self.ax_out.title, self.title] + sum(self.out_txt, []) + self.out_rows
                    + self.out_cols)
        cache_texts(self.ax_dx, [self.ax_dx.title] + sum(self.dx_txt, []) + dx_rows + dx_cols)
        self.windows = [Rectangle((0, 0), 1, 1, fill=False, ec=ec, lw=2, ls=ls)
                        for ec, ls in (("crimson", "-"), ("purple", "--"))]
        for rect in self.windows:
            self.ax_in.add_patch(rect)
        # the arrows: one collection of arrow polygons in figure inches (drawing 9 arrow patches costs
        # more than the rest of the figure); self.arrow_ends holds ((out col, row), (in col, row)) of each
        self.arrows = self.fig.add_artist(PolyCollection([], transform=self.fig.dpi_scale_trans,
                                                         facecolors="crimson", edgecolors="none", alpha=0.8))
        self.arrow_ends = []
        # a resized figure (ipympl's resize handle) moves the panels in inches: the arrows follow
        self.fig.canvas.mpl_connect("resize_event", lambda _: self.arrows.set_verts(self._arrow_polygons(self.arrow_ends)))
        self.panels = cache_panels(self.fig, [self.ax_in, self.ax_out, self.ax_dx],
                                   overlays=self.windows + [self.arrows])
        self.update(frame)

    def _ink(self, cmap, norm, value) -> str:
        """Black or white for a number on the cell coloured cmap(norm(value)), remembered per value
        (a map holds few distinct values; the rule costs 0.2 ms a cell)."""
        key = (cmap.name, float(value))
        if key not in self._inks:
            self._inks[key] = text_colour_for(cmap(norm(value)))
        return self._inks[key]

    def _arrow_polygons(self, ends, gap=0.09, width=0.012, head_width=0.06, head_length=0.08):
        """Polygons (in figure inches) of arrows from output cells to input cells, given in data
        coordinates of the two panels; each starts and stops `gap` inches from the cell centres,
        beside the numbers. Seven corners each: the shaft, then the head."""
        if not ends:
            return []
        inches = self.fig.dpi_scale_trans.inverted()
        for ax in (self.ax_in, self.ax_out):
            ax.apply_aspect()                      # where the equal-aspect panels are drawn
        ends = np.asarray(ends, dtype=float)
        a = (self.ax_out.transData + inches).transform(ends[:, 0])
        b = (self.ax_in.transData + inches).transform(ends[:, 1])
        length = np.hypot(*(b - a).T)[:, None]
        u = (b - a) / length                       # along the arrow
        n = np.column_stack([-u[:, 1], u[:, 0]])   # across it
        tail, tip = a + gap * u, b - gap * u
        neck = tip - head_length * u
        corners = [tail - n * width / 2, neck - n * width / 2, neck - n * head_width / 2, tip,
                   neck + n * head_width / 2, neck + n * width / 2, tail + n * width / 2]
        return [polygon for polygon, ok in zip(np.stack(corners, axis=1), length[:, 0] > 2 * gap + head_length) if ok]

    def update(self, frame: PoolingFrame):
        out, dx = frame.out, frame.dx
        h, w = self.x.shape
        oh, ow = out.shape
        k, st, mode = frame.kernel, frame.stride, frame.mode
        shown = np.full((h, w), np.nan)
        shown[:oh, :ow] = out
        self.out_img.set_data(shown)
        for (r, c), txt in np.ndenumerate(np.array(self.out_txt, dtype=object)):
            inside = r < oh and c < ow
            txt.set_text(f"{out[r, c]:.3g}" if inside else "")
            if inside:
                txt.set_color(self._ink(self.out_cmap, self.out_norm, out[r, c]))
        self.ax_out.set_xlim(-0.5, ow - 0.5)
        self.ax_out.set_ylim(oh - 0.5, -0.5)
        self.out_borders.set_segments(_cell_borders(oh, ow))
        for i, txt in enumerate(self.out_rows):
            txt.set_visible(i < oh)
        for j, txt in enumerate(self.out_cols):
            txt.set_visible(j < ow)
        self.ax_out.title.set_text(f"{mode} pool {k}×{k}, stride {st}: {oh}×{ow}")
        self.dx_img.set_data(dx)
        for (r, c), txt in np.ndenumerate(np.array(self.dx_txt, dtype=object)):
            txt.set_text(_share(dx[r, c]) if dx[r, c] else "")
            txt.set_color(self._ink(self.dx_cmap, self.dx_norm, dx[r, c]))
        for n, rect in enumerate(self.windows):
            rect.set_visible(n < len(frame.windows))
            if n < len(frame.windows):
                top, left, height, width = frame.windows[n]
                rect.set_xy((left - 0.5, top - 0.5))
                rect.set_width(width)
                rect.set_height(height)
        # arrows from every output when they are few, else from the outlined windows' outputs only
        n_out = len(frame.switches)
        drawn = range(n_out) if n_out <= MAX_ARROWS else range(len(frame.windows))
        self.arrow_ends = [((n % ow, n // ow), (int(frame.switches[n][1]), int(frame.switches[n][0]))) for n in drawn]
        self.arrows.set_verts(self._arrow_polygons(self.arrow_ends))
        self.panels.keys = [None, (k, st, mode, frame.ceil_mode)] + [(k, st, mode, frame.ceil_mode)]
        windows = ("overlapping windows (stride < pool)" if k > st else
                   "non-overlapping windows (stride = pool)" if k == st else "with gaps between windows (stride > pool)")
        if mode == "max":
            how = "arrows: each output's gradient goes to its switch"
            if n_out > MAX_ARROWS:
                how = f"arrows only for the {len(frame.windows)} outlined windows ({n_out} outputs would hide the numbers)"
        else:
            how = "each output's gradient is shared equally by its window's cells"
        lines = [f"{mode} pooling, {windows}", how]
        if frame.ceil_mode:
            lines.append(ceil_mode_effect(h, k, st) if h == w else
                         f"ceil_mode: {frame.ceil_shape[0]}×{frame.ceil_shape[1]} instead of "
                         f"{frame.floor_shape[0]}×{frame.floor_shape[1]}")
        self.title.set_text("\n".join(lines))


def plot_shift_sensitivity(shifts, changes: dict, title="how much a representation changes when the digit moves"):
    """changes: name -> relative change per shift (same length as shifts)."""
    fig, ax = plt.subplots(figsize=(8, 3), dpi=DPI, layout="constrained")
    for name, values in changes.items():
        ax.plot(shifts, values, marker="o", label=name, ls="--" if "unpooled" in name else "-")
    ax.set(xlabel="shift of the input (pixels)", ylabel="relative change ‖f(shifted) − f‖ / ‖f‖", title=title)
    ax.set_xticks(list(shifts))
    ax.set_ylim(0, None)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=FONT)
    return fig


def plot_learned_invariance(templates, angles, inputs, responses, labels):
    """Figure 9.9: templates (K, H, W) at `angles`; inputs (M, H, W); responses (M, K) detector units.

    Top row: the K detector templates. One row per input: the input, its K detector responses
    (bars, the winner red) and the max-pool over them.
    """
    k, m = len(templates), len(inputs)
    fig = plt.figure(figsize=(8, 1.7 * (m + 1)), dpi=DPI)
    gs = fig.add_gridspec(m + 1, k + 2, left=0.03, right=0.98, top=0.88, bottom=0.06, hspace=0.8, wspace=0.5)
    for j in range(k):
        ax = fig.add_subplot(gs[0, j + 1])
        ax.imshow(templates[j], cmap="gray_r")
        ax.set_title(f"detector {j}: {angles[j]:+g}°", fontsize=FONT)
        ax.set_xticks([])
        ax.set_yticks([])
    note = fig.add_subplot(gs[0, 0])
    note.axis("off")
    note.text(0, 0.5, "templates:\na mean '5'\nrotated", fontsize=FONT, va="center")
    for i in range(m):
        ax_in = fig.add_subplot(gs[i + 1, 0])
        ax_in.imshow(inputs[i], cmap="gray_r")
        ax_in.set_title(textwrap.fill(labels[i], 16), fontsize=FONT)    # two short lines over a narrow panel
        ax_in.set_xticks([])
        ax_in.set_yticks([])
        ax_bar = fig.add_subplot(gs[i + 1, 1:k + 1])
        bars = ax_bar.bar(np.arange(k), responses[i], color="tab:blue", width=0.5)
        bars[int(np.argmax(responses[i]))].set_color("crimson")
        ax_bar.set(ylim=(0, 1), xticks=np.arange(k), ylabel="response")
        ax_bar.set_xticklabels([f"detector {j}" for j in range(k)], fontsize=FONT)
        ax_bar.set_title("detector units", fontsize=FONT)
        ax_bar.tick_params(labelsize=FONT)
        ax_pool = fig.add_subplot(gs[i + 1, k + 1])
        ax_pool.bar([0], [responses[i].max()], color="crimson", width=0.5)
        ax_pool.set(ylim=(0, 1), xticks=[], xlim=(-0.6, 0.6))
        ax_pool.set_title(f"max pool: {responses[i].max():.2f}", fontsize=FONT)
        ax_pool.tick_params(labelsize=FONT)
    fig.suptitle("figure 9.9: pooling over rotated detectors makes the unit invariant to rotation", fontsize=FONT)
    return fig


def plot_pool_1d(detector, pooled, starts, width, title):
    """Figure 9.10 style: detector units in a row, pooled units above, a line from each pooled
    unit to every detector unit in its window (starts: first unit of each window)."""
    n, m = len(detector), len(pooled)
    fig, ax = plt.subplots(figsize=(8, 2.2), dpi=DPI, layout="constrained")
    xs_out = np.array(starts) + (np.minimum(np.array(starts) + width, n) - np.array(starts) - 1) / 2
    for j, s in enumerate(starts):
        for i in range(s, min(s + width, n)):
            ax.plot([xs_out[j], i], [1, 0], color="0.5", lw=0.8, zorder=0)
    ax.scatter(np.arange(n), np.zeros(n), s=900, c="white", edgecolors="k", zorder=1)
    ax.scatter(xs_out, np.ones(m), s=900, c="white", edgecolors="crimson", zorder=1)
    for i, v in enumerate(detector):
        ax.text(i, 0, f"{v:g}", ha="center", va="center", fontsize=FONT)
    for j, v in enumerate(pooled):
        ax.text(xs_out[j], 1, f"{v:g}", ha="center", va="center", fontsize=FONT)
    ax.set(xlim=(-0.7, n - 0.3), ylim=(-0.5, 1.5), yticks=[0, 1], xticks=[])
    ax.set_yticklabels(["detector stage", "pooling stage"], fontsize=FONT)
    for side in ("top", "right", "bottom"):
        ax.spines[side].set_visible(False)
    ax.set_title(title, fontsize=FONT)
    return fig
