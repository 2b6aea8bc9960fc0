"""Texts drawn from cached pictures look exactly like texts drawn directly (headless Agg)."""
import io

import matplotlib.pyplot as plt
import numpy as np
import pytest

from lessonlib.figures.cached_text import CachedTexts, cache_texts, fixed_tick_labels


def _figure(cached):
    fig, (ax, ax2) = plt.subplots(1, 2, figsize=(5, 2.5), dpi=80)
    ax.imshow(np.arange(49.0).reshape(7, 7), cmap="Blues")
    texts = [ax.text(c, r, f"{r * c}", ha="center", va="center", fontsize=7, color="crimson" if r == c else "k")
             for r in range(7) for c in range(7)]
    texts.append(ax.text(0.5, -0.8, "rotated ×→", fontsize=9, rotation=20))
    texts.append(ax.text(0, 3, "boxed", fontsize=8, bbox=dict(fc="yellow", pad=3)))
    texts.append(ax.text(0, 5, "", fontsize=8))                         # empty: draws nothing
    hidden = ax.text(1, 1, "hidden", fontsize=8, visible=False)
    texts.append(hidden)
    ax2.set_title("not cached")
    cache = cache_texts(ax, texts + [ax.title]) if cached else None
    ax.set_title("a title")
    return fig, texts, cache


def _pixels(fig):
    fig.canvas.draw()
    return np.asarray(fig.canvas.buffer_rgba()).astype(int)


def _same(a, b):
    """Equal up to 1/255: a text's box is blended in two steps, and its soft edges may round apart."""
    return np.abs(a - b).max() <= 1


def test_cached_texts_give_the_same_pixels_as_direct_drawing():
    (direct, d_texts, _), (cached, c_texts, cache) = _figure(False), _figure(True)
    assert _same(_pixels(direct), _pixels(cached))
    assert all(t.get_animated() for t in cache.texts)                  # the axes leave them to the cache
    for texts in (d_texts, c_texts):                                   # a change is drawn, and right
        texts[3].set_text("99")
        texts[5].set_color("green")
        texts[-1].set_visible(True)
    changed = _pixels(cached)
    assert _same(_pixels(direct), changed)
    assert not _same(changed, _pixels(_figure(True)[0]))
    for texts in (d_texts, c_texts):                                   # an old look comes back from the cache
        texts[3].set_text("0")
    assert _same(_pixels(direct), _pixels(cached))
    plt.close("all")


def test_a_new_canvas_size_renders_again():
    (direct, _, _), (cached, _, _) = _figure(False), _figure(True)
    _pixels(cached)
    for fig in (direct, cached):
        fig.set_dpi(120)
    assert _same(_pixels(direct), _pixels(cached))
    plt.close("all")


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_saving_draws_every_text_once(fmt):
    outputs = []
    for cached in (False, True):
        fig, _, _ = _figure(cached)
        fig.canvas.draw()
        buf = io.BytesIO()
        fig.savefig(buf, format=fmt, metadata={"Date": None} if fmt == "svg" else None)
        outputs.append(buf.getvalue())
    if fmt == "png":
        assert _same(*(plt.imread(io.BytesIO(png)) * 255 for png in outputs))
    else:                                                              # same number of text glyph uses
        assert outputs[0].count(b"<use") == outputs[1].count(b"<use") > 0
    plt.close("all")


def test_needs_texts():
    with pytest.raises(ValueError, match="at least one Text"):
        CachedTexts([])


def test_fixed_tick_labels_stand_where_the_tick_labels_stood():
    fig, ax = plt.subplots(figsize=(3, 2), dpi=90)
    ax.set_xlim(0, 4)
    ax.set_ylim(-1, 1)
    ax.set_xlabel("x")
    fig.canvas.draw()
    before = {t.get_text(): t.get_window_extent() for t in ax.get_xticklabels() + ax.get_yticklabels() if t.get_text()}
    texts = fixed_tick_labels(ax)
    fig.canvas.draw()
    assert not any(t.label1.get_visible() for t in ax.xaxis.get_major_ticks() + ax.yaxis.get_major_ticks())
    assert sorted(t.get_text() for t in texts) == sorted(before)
    for t in texts:
        box = t.get_window_extent()
        assert abs(box.x0 - before[t.get_text()].x0) < 1 and abs(box.y0 - before[t.get_text()].y0) < 1
    plt.close(fig)
