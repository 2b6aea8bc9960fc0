"""Lesson 14's drawings: filters, feature maps, and local response normalisation (draw only)."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Rectangle

from ...figures import DPI, freeze_layout
from ...figures.cached_panels import cache_panels
from ...figures.cached_text import cache_texts


def _bare(ax):
    ax.set_xticks([])
    ax.set_yticks([])


def plot_filters_and_maps(image, filters, maps, title="first layer: filters (top) and feature maps (bottom)"):
    """image: (H, W); filters: (F, 1, k, k); maps: (F, H', W'). Top row the filters, bottom row their maps."""
    n = len(filters)
    fig, axes = plt.subplots(2, n + 1, figsize=(8, 2.4), dpi=DPI, layout="constrained")
    axes[0, 0].imshow(image, cmap="gray_r")
    axes[0, 0].set_title("input", fontsize=10)
    axes[1, 0].axis("off")
    lim = np.abs(filters).max()
    for f in range(n):
        axes[0, f + 1].imshow(filters[f, 0], cmap="RdBu_r", vmin=-lim, vmax=lim)
        axes[0, f + 1].set_title(f"filter {f}", fontsize=10)
        axes[1, f + 1].imshow(maps[f], cmap="viridis", vmin=0, vmax=maps.max())
        axes[1, f + 1].set_title(f"map {f}", fontsize=10)
    for ax in axes.flat:
        _bare(ax)
    fig.suptitle(title + " — filters: red +, blue −", fontsize=10)
    return fig


def _digest(array) -> int:
    """A key for what an image panel shows (its array's bytes): equal arrays, equal keys."""
    return hash(np.ascontiguousarray(array).tobytes())


class FeatureMapView:
    """Input digit, one chosen feature map large, and every map of that stage small.

    View(frame) / update(frame) with a compute.MapFrame; the grid holds at most rows × cols maps.
    Every panel is drawn from pictures cached per content (`cache_panels`, keyed by its array), and
    the red frame around the chosen small map is drawn over them: moving the channel renders the
    large map alone, and a map seen before is pasted.
    """

    def __init__(self, frame, grid=(4, 4)):
        self.grid = grid
        rows, cols = grid
        # a fixed grid (no layout engine): hiding unused small axes must not move the others
        self.fig = plt.figure(figsize=(8, 3.2), dpi=DPI)
        gs = self.fig.add_gridspec(rows, 3 * 2 + cols, left=0.01, right=0.99, bottom=0.02, top=0.86,
                                   wspace=0.15, hspace=0.15)
        ax_in, ax_big = self.fig.add_subplot(gs[:, 0:3]), self.fig.add_subplot(gs[:, 3:6])
        self.small = np.array([self.fig.add_subplot(gs[r, 6 + c]) for r in range(rows) for c in range(cols)])
        self.input = ax_in.imshow(frame.image, cmap="gray_r")
        ax_in.set_title("input digit", fontsize=10)
        self.big = ax_big.imshow(frame.chosen, cmap="viridis")
        self.big_title = ax_big.set_title("", fontsize=10)
        self.cells = [ax.imshow(np.zeros((2, 2)), cmap="viridis", vmin=0, vmax=1) for ax in self.small]
        self.frame = Rectangle((0, 0), 1, 1, transform=self.small[0].transAxes, fill=False, ec="red", lw=2, clip_on=False,
                               zorder=3)   # over the frame of the axes (its spines)
        self.small[0].add_patch(self.frame)
        self.grid_title = self.small[0].text(0, 1.08, "", transform=self.small[0].transAxes, fontsize=10, va="bottom")
        for ax in [ax_in, ax_big, *self.small]:
            _bare(ax)
        # texts pasted from cached pictures (issue 15: their layout was a third of a redraw)
        cache_texts(ax_in, [ax_in.title])
        cache_texts(ax_big, [self.big_title])
        cache_texts(self.small[0], [self.grid_title])
        self.panels = None
        self.update(frame)
        self.panels = cache_panels(self.fig, [ax_in, ax_big, *self.small], overlays=[self.frame],
                                   keep=2 * len(self.small))
        self.update(frame)

    def update(self, frame):
        stack = frame.maps
        if len(stack) > len(self.cells):
            raise ValueError(f"{frame.stage} has {len(stack)} maps; the grid shows at most {len(self.cells)}")
        self.input.set_data(frame.image)
        chosen = frame.chosen
        self.big.set_data(chosen)
        self.big.set_extent((-0.5, chosen.shape[1] - 0.5, chosen.shape[0] - 0.5, -0.5))
        self.big.set_clim(0, frame.chosen_max or 1.0)   # its own scale: a weak map still shows its shape
        self.big_title.set_text(f"{frame.stage}, channel {frame.channel}\n"
                                f"{chosen.shape[0]}×{chosen.shape[1]}, max {frame.chosen_max:.2f}")
        for i, (ax, cell) in enumerate(zip(self.small, self.cells)):
            visible = i < len(stack)
            ax.set_visible(visible)
            if visible:
                cell.set_data(stack[i])
                cell.set_extent((-0.5, stack.shape[2] - 0.5, stack.shape[1] - 0.5, -0.5))
                cell.set_clim(0, frame.top)
        self.frame.set_transform(self.small[frame.channel].transAxes)
        self.grid_title.set_text(f"all {len(stack)} maps of {frame.stage}\n(same colour scale)")
        if self.panels is not None:
            self.panels.keys = ([_digest(frame.image), (self.big_title.get_text(), _digest(chosen))]
                                + [(self.grid_title.get_text() if i == 0 else "", frame.top, _digest(m))
                                   for i, m in enumerate(stack)] + [None] * (len(self.small) - len(stack)))


def _widest_tick_label(axis) -> int:
    """Characters in the longest major tick label the axis will show at its current limits."""
    lo, hi = sorted(axis.get_view_interval())
    ticks = [t for t in axis.get_major_locator()() if lo <= t <= hi]
    return max((len(label) for label in axis.get_major_formatter().format_ticks(ticks)), default=0)


class LRNView:
    """One feature map before and after LRN, and the factor (k + α Σ a²)^-β it was multiplied by;
    right, the mean factor of every channel. View(frame) / update(frame) with a compute.LRNFrame."""

    def __init__(self, frame):
        self.fig, axes = plt.subplots(1, 4, figsize=(8, 2.6), dpi=DPI, layout="constrained",
                                      gridspec_kw={"width_ratios": [1, 1, 1, 1.4]})
        self.before = axes[0].imshow(frame.before, cmap="viridis", vmin=0, vmax=frame.top)
        self.after = axes[1].imshow(frame.before, cmap="viridis", vmin=0, vmax=frame.top)
        self.factor = axes[2].imshow(frame.before, cmap="magma", vmin=0, vmax=1)
        self.fig.colorbar(self.factor, ax=axes[2], shrink=0.7)
        axes[0].set_title("before LRN", fontsize=10)
        axes[1].set_title("after LRN", fontsize=10)
        self.factor_title = axes[2].set_title("", fontsize=10)
        for ax in axes[:3]:
            _bare(ax)
        ax = axes[3]
        n_channels = len(frame.means)
        self.chan_line, = ax.plot(np.arange(n_channels), np.zeros(n_channels), "o-", ms=3)
        self.marker, = ax.plot([0], [0], "o", color="red", ms=7, mfc="none")
        ax.set(xlabel="channel", ylabel="mean factor", ylim=(0, 1.05))
        self.chan_title = ax.set_title("mean factor per channel", fontsize=10)
        self.title = self.fig.suptitle("", fontsize=10)
        for a in axes:          # titles pasted from cached pictures (issue 15)
            cache_texts(a, [a.title] + ([self.title] if a is ax else []))
        # lay out once and keep that layout (a redraw then skips the layout solver, half its cost);
        # lay out again only when the tick labels that set the margins get wider or narrower
        self._engine, self._label_widths = self.fig.get_layout_engine(), None
        freeze_layout(self.fig)
        self.update(frame)

    def update(self, frame):
        c = frame.channel
        self.before.set_data(frame.before)
        self.after.set_data(frame.after)
        self.factor.set_data(frame.factor)
        self.factor.set_clim(0, frame.factor_max)
        self.factor_title.set_text(f"factor, channel {c}")
        self.chan_line.set_ydata(frame.means)
        self.chan_line.axes.set_ylim(0, max(1.05, 1.05 * float(frame.means.max())))
        self.marker.set_data([c], [frame.means[c]])
        self.title.set_text(f"LRN with n = {frame.size}, α = {frame.alpha:.1e}, β = {frame.beta:.2f}, "
                            f"k = {frame.k:.2f}  —  k^-β = {frame.k_beta:.3f}")
        widths = [_widest_tick_label(axis) for axis in (self.factor.colorbar.ax.yaxis, self.chan_line.axes.yaxis)]
        if widths != self._label_widths:
            self._engine.execute(self.fig)
            self._label_widths = widths
