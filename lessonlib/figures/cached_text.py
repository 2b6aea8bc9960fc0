"""Draw text artists from cached pictures: what keeps text-heavy slider figures fast.

With the Agg renderer (matplotlib 3.11) every text costs about 0.15 ms plus 0.05 ms per character
on each draw (the string is laid out and every glyph rendered again), and ipympl redraws the whole
figure on every slider move: a figure with a hundred labels spends most of its redraw on texts
that did not change. `cache_texts(ax, texts)` hands Text artists to one artist that keeps, for each
text, the pictures of its last few looks (string, colour, font, place on the canvas) and pastes the
right one; a text is rendered again only when it shows something new, or when the canvas changes
size or dpi (a text seen for the first time costs about 15% more than a direct draw). The pixels
are those of a direct draw (to 1/255 at the soft edges of a text's box, blended in two steps).
The texts stay ordinary Text artists: views and tests keep calling set_text/get_text on them.

How: the texts are marked `animated`, so the axes skip them on a screen draw (matplotlib's own
convention for artists drawn by something else, as in blitting); the cache artist draws them in
their place, at their z-order. When a figure is saved, matplotlib draws animated artists itself,
so the cache steps aside.
"""
from __future__ import annotations

import functools
import math

import numpy as np
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.transforms import Bbox

KEEP = 16          # pictures kept per text: a slider dragged back and forth finds its texts again


@functools.lru_cache(maxsize=4)
def _offscreen(width, height, dpi) -> RendererAgg:
    """A canvas to render texts on, shared and kept: matplotlib caches text metrics per renderer."""
    return RendererAgg(int(width), int(height), dpi)


class CachedTexts(Artist):
    """An artist that draws `texts` (Text artists of one axes) from cached RGBA pictures."""

    def __init__(self, texts, keep: int = KEEP):
        super().__init__()
        self.texts = list(texts)
        if not self.texts:
            raise ValueError("texts must hold at least one Text artist")
        for t in self.texts:
            t.set_animated(True)
        self.set_zorder(max(t.get_zorder() for t in self.texts))
        self.keep = keep
        self._canvas, self._pictures = None, [{} for _ in self.texts]

    @staticmethod
    def _look(t):
        """Everything that decides a text's pixels (its clip box follows its axes, which stay put)."""
        return (t.get_text(), t.get_color(), t.get_alpha(), t.get_fontproperties(), t.get_ha(), t.get_va(),
                t.get_rotation(), t.get_linespacing(), tuple(t.get_transform().transform(t.get_position())))

    @staticmethod
    def _render(t, off):
        """(x, y of the bottom-left corner from the canvas's bottom-left, RGBA rows bottom to top, as
        draw_image takes them) of text t drawn alone; None if it leaves no pixel."""
        off.clear()
        t.draw(off)
        h, w = int(off.height), int(off.width)
        box = t.get_window_extent(off)
        if t.get_bbox_patch() is not None:                       # a text drawn on a box
            box = Bbox.union([box, t.get_bbox_patch().get_window_extent(off)])
        left, right = max(math.floor(box.x0) - 2, 0), min(math.ceil(box.x1) + 2, w)
        top, bottom = max(h - math.ceil(box.y1) - 2, 0), min(h - math.floor(box.y0) + 2, h)
        rgba = np.asarray(off.buffer_rgba())[top:bottom, left:right]
        if right <= left or bottom <= top or not rgba[..., 3].any():
            return None
        return left, h - bottom, rgba[::-1].copy()

    def draw(self, renderer):
        if not self.get_visible() or self.figure.canvas.is_saving():
            return                              # saving: matplotlib draws the animated texts itself
        if not isinstance(renderer, RendererAgg):
            for t in self.texts:
                t.draw(renderer)
            return
        canvas = (renderer.width, renderer.height, renderer.dpi)
        if canvas != self._canvas:
            self._canvas, self._pictures = canvas, [{} for _ in self.texts]
        gc = renderer.new_gc()
        for t, pictures in zip(self.texts, self._pictures):
            if not t.get_visible() or t.get_text() == "":
                continue
            look = self._look(t)
            picture = pictures.get(look, False)
            if picture is False:
                picture = pictures[look] = self._render(t, _offscreen(*canvas))
                if len(pictures) > self.keep:
                    del pictures[next(iter(pictures))]          # the oldest look
            if picture is not None:
                renderer.draw_image(gc, *picture)
        gc.restore()
        self.stale = False


def cache_texts(ax, texts, keep: int = KEEP) -> CachedTexts:
    """Draw `texts` (Text artists of `ax`) from cached pictures; return the artist that does it."""
    return ax.add_artist(CachedTexts(texts, keep))


def fixed_tick_labels(ax):
    """Tick labels of an axes whose limits never move, as texts at the same places (axes fraction,
    so they stay put at any dpi): a redraw then pastes them from cached pictures instead of laying
    out every label again (pass the texts to `cache_texts`). Call once the layout is final; returns
    the texts."""
    ax.figure.draw_without_rendering()
    to_axes = ax.transAxes.inverted()
    texts = []
    for axis, off in ((ax.xaxis, dict(labelbottom=False)), (ax.yaxis, dict(labelleft=False))):
        # the axis label keeps its place (without tick labels the axis would move it to the spine)
        axis.set_label_coords(*to_axes.transform(axis.label.get_transform().transform(axis.label.get_position())))
        lo, hi = sorted(axis.get_view_interval())
        for tick in axis.get_major_ticks():
            label = tick.label1
            if not (label.get_visible() and label.get_text() and lo <= tick.get_loc() <= hi):
                continue
            x, y = to_axes.transform(label.get_transform().transform(label.get_position()))
            texts.append(ax.text(x, y, label.get_text(), transform=ax.transAxes, ha=label.get_ha(),
                                 va=label.get_va(), fontsize=label.get_fontsize(), clip_on=False))
        ax.tick_params(**off)
    return texts
