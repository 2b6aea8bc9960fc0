"""Draw whole axes from cached pictures: what keeps many-panel slider figures fast.

ipympl redraws the whole figure on every slider move, and a panel that did not change costs as much
as one that did (an image panel with its frame, title and labels is 3-8 ms with Agg). A view knows
what each of its panels shows; `cache_panels(fig, axes)` returns an artist that draws those axes
from pictures kept per *key*: the view sets `panels.keys[n]` to anything hashable that decides what
axes n shows (a filter index, whether it is highlighted, ...) and the axes is rendered again only
for a key it has not seen lately, or when the canvas changes size or dpi. Small artists that move on
every step (a window's outline, a marker) are `overlays`: marked animated, so their axes' picture
does not hold them, and drawn over the pictures (and over the axes frame) on every draw.

How: the cached axes are marked `animated`, so the figure skips them on a screen draw (matplotlib's
convention for artists drawn by something else); the artist pastes their pictures at its z-order.
When the figure is saved, it draws the axes directly instead (the pixels are then matplotlib's own).
A picture is rendered on a transparent canvas and pasted over the figure's background, so it
matches a direct draw to 1/255 at the antialiased edges.

A "panel" can also be one artist of an axes that must lie above what moves, such as a legend over
the curves: a second `cache_panels(fig, [legend], zorder=...)` above the first pastes it over the
first one's overlays (a legend costs 10-20 ms per draw: its texts and boxes are laid out again).
"""
from __future__ import annotations

import math

import numpy as np
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import RendererAgg

KEEP = 12          # pictures kept per axes: enough for a slider's values to be met again


class CachedPanels(Artist):
    """An artist that draws `axes` from pictures cached per (axes, key) and then the `overlays`."""

    def __init__(self, axes, overlays=(), keep: int = KEEP):
        super().__init__()
        self.panels = list(axes)
        if not self.panels:
            raise ValueError("axes must hold at least one Axes")
        self.keys = [None] * len(self.panels)
        self.overlays = list(overlays)
        for artist in self.panels + self.overlays:
            artist.set_animated(True)
        self.keep = keep
        self.renders = 0            # axes rendered (not pasted) so far: tests and benchmarks read it
        self._canvas, self._pictures, self._off = None, [{} for _ in self.panels], None

    def _render(self, ax):
        """(x, y of the bottom-left corner, RGBA rows bottom to top) of `ax` drawn alone."""
        off = self._off
        off.clear()
        ax.draw(off)
        self.renders += 1
        rgba = np.asarray(off.buffer_rgba())
        alpha = rgba[..., 3]
        rows, cols = np.flatnonzero(alpha.any(axis=1)), np.flatnonzero(alpha.any(axis=0))
        if not len(rows):
            return None
        top, bottom, left, right = rows[0], rows[-1] + 1, cols[0], cols[-1] + 1
        return int(left), int(alpha.shape[0] - bottom), rgba[top:bottom, left:right][::-1].copy()

    def draw(self, renderer):
        if not self.get_visible():
            return
        saving = self.figure.canvas.is_saving()
        if saving or not isinstance(renderer, RendererAgg):
            # a saved axes draws its own animated children: a cached legend, the overlays
            for ax in self.panels:
                if not (saving and ax.axes is not None and ax.axes is not ax):
                    ax.draw(renderer)
            for artist in self.overlays:
                if not (saving and artist.axes in self.panels):
                    artist.draw(renderer)
            return
        canvas = (int(renderer.width), int(renderer.height), renderer.dpi)
        if canvas != self._canvas:
            self._canvas, self._pictures = canvas, [{} for _ in self.panels]
            self._off = RendererAgg(math.ceil(canvas[0]), math.ceil(canvas[1]), canvas[2])
        gc = renderer.new_gc()
        for ax, key, pictures in zip(self.panels, self.keys, self._pictures):
            if not ax.get_visible():
                continue
            if key not in pictures:
                pictures[key] = self._render(ax)
                if len(pictures) > self.keep:
                    del pictures[next(iter(pictures))]          # the oldest key
            if pictures[key] is not None:
                renderer.draw_image(gc, *pictures[key])
        gc.restore()
        for artist in self.overlays:
            artist.draw(renderer)
        self.stale = False


def cache_panels(fig, axes, overlays=(), keep: int = KEEP, zorder=None) -> CachedPanels:
    """Draw `axes` of `fig` (or artists of its axes) from cached pictures (see the module docstring);
    set `.keys[n]` in the view's update to what panel n shows. The pictures are pasted at `zorder`
    (default: the lowest of the panels'). Returns the artist."""
    artist = CachedPanels(axes, overlays, keep)
    fig.add_artist(artist)
    artist.set_zorder(min(ax.get_zorder() for ax in artist.panels) if zorder is None else zorder)
    return artist
