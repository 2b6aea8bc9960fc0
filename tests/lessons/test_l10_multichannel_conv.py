"""Lesson 10: per-channel responses, the colour filters and the multichannel explorer, headless."""
import matplotlib.pyplot as plt
import numpy as np
import pytest

from lessonlib import conv2d_forward
from lessonlib.data.photo import load_photo
from lessonlib.lessons.l10_multichannel_conv.compute import (channel_responses, colour_filters, multichannel_frame,
                                                             multichannel_layer)
from lessonlib.lessons.l10_multichannel_conv.controls import multichannel_explorer
from lessonlib.lessons.l10_multichannel_conv.view import MultichannelView


def test_channel_responses_sum_to_the_layer_output():
    rng = np.random.default_rng(2)
    x, w, b = rng.standard_normal((3, 8, 8)), rng.standard_normal((2, 3, 5, 5)), rng.standard_normal(2)
    r = channel_responses(x, w, padding=2)
    assert r.shape == (2, 3, 8, 8)
    out, _ = conv2d_forward(x[None], w, b, padding=2)
    np.testing.assert_allclose(r.sum(axis=1) + b[:, None, None], out[0], atol=1e-12)
    one, _ = conv2d_forward(x[None, 1:2], w[0:1, 1:2], padding=2)
    np.testing.assert_allclose(r[0, 1], one[0, 0], atol=1e-12)
    with pytest.raises(ValueError, match="matching C"):
        channel_responses(x, w[:, :2])


def test_colour_filters_shapes_and_meaning():
    w, b, names = colour_filters(5)
    assert w.shape == (3, 3, 5, 5) and b.shape == (3,) and len(names) == 3
    np.testing.assert_allclose(w[0, 0], w[0, 2])               # same on every channel: sees brightness
    np.testing.assert_allclose(w[1, 0], w[0, 0].T)
    assert np.isclose(w[0].sum(), 0) and np.isclose(w[2, 0].sum(), 1) and np.isclose(w[2, 2].sum(), -1)
    assert not w[2, 1].any()


def test_frame_holds_one_output_value_and_its_terms():
    rng = np.random.default_rng(0)
    image = rng.random((8, 8, 3))
    w, b = rng.standard_normal((2, 3, 3, 3)), np.array([0.5, -0.5])
    layer = multichannel_layer(image, w, b, padding=1)
    out, _ = conv2d_forward(np.ascontiguousarray(image.transpose(2, 0, 1))[None], w, b, padding=1)
    np.testing.assert_allclose(layer.out, out[0], atol=1e-12)
    assert layer.x_pad.shape == (3, 10, 10)
    frame = multichannel_frame(layer, f=1, c=2, i=7, j=0)
    assert frame.weights.shape == (3, 3, 3) and frame.responses.shape == (3, 8, 8) and frame.out.shape == (8, 8)
    assert np.isclose(frame.total, out[0, 1, 7, 0]) and frame.bias == -0.5
    assert frame.lim_o == np.abs(out[0, 1]).max()


# --- drawings ------------------------------------------------------------------------------------


def _layer():
    rng = np.random.default_rng(0)
    image = rng.random((8, 8, 3))
    w, b = rng.standard_normal((2, 3, 3, 3)), np.array([0.5, -0.5])
    return multichannel_layer(image, w, b, padding=1)


def test_update_changes_selection_and_numbers():
    layer = _layer()
    out = layer.out
    view = MultichannelView(multichannel_frame(layer))
    w0 = view.ims_w[0].get_array().copy()
    view.update(multichannel_frame(layer, f=1, c=2, i=7, j=0))
    assert not np.array_equal(view.ims_w[0].get_array(), w0)
    np.testing.assert_array_equal(view.im_out.get_array(), out[1])
    assert view.windows[2].get_edgecolor()[:3] != view.windows[0].get_edgecolor()[:3]
    assert view.windows[0].get_xy() == (-0.5, 6.5) and view.unit.get_xy() == (-0.5, 6.5)
    text = view.sum_text.get_text()
    assert text.startswith("out[1, 7, 0]") and f"{out[1, 7, 0]:+.3f}" in text and "b: -0.500" in text
    assert "depth slice 1" in view.row2.get_text()
    plt.close(view.fig)


# --- the explorer --------------------------------------------------------------------------------


def test_sliders_extremes():
    w, b, _ = colour_filters()
    explorer = multichannel_explorer(load_photo(32), w, b)
    view, c = explorer.view, explorer.controls
    assert view.sum_text.get_text().startswith("out[0, 16, 16]")
    c["f"].value = c["f"].options[-1][1]
    c["i"].value, c["j"].value = c["i"].max, c["j"].min
    assert view.sum_text.get_text().startswith("out[2, 31, 0]")
    c["c"].value = c["c"].options[-1][1]
    assert view.windows[2].get_edgecolor()[:3] != view.windows[0].get_edgecolor()[:3]
    np.testing.assert_array_equal(view.ims_w[2].get_array(), w[2, 2])
    plt.close(view.fig)


def test_update_changes_the_frame_and_the_figure():
    w, b, _ = colour_filters()
    explorer = multichannel_explorer(load_photo(32), w, b)
    frame = explorer.update(f=2, i=3, j=4)
    assert frame is explorer.frame and (frame.f, frame.i, frame.j) == (2, 3, 4)
    assert explorer.view.sum_text.get_text().startswith("out[2, 3, 4]")
    assert explorer.view.unit.get_xy() == (3.5, 2.5)
    assert f"{frame.total:+.3f}" in explorer.view.sum_text.get_text()
    plt.close(explorer.fig)


# --- the number of filters sets the output depth -------------------------------------------------


def test_filter_bank_extends_the_colour_filters():
    from lessonlib.lessons.l10_multichannel_conv.compute import filter_bank
    w5, b5, names = filter_bank(5)
    w3, b3, _ = colour_filters(5)
    assert w5.shape == (5, 3, 5, 5) and len(names) == 5
    np.testing.assert_array_equal(w5[:3], w3) and np.testing.assert_array_equal(b5[:3], b3)


def test_every_sum_shows_each_output_of_the_two_filter_case():
    from lessonlib.lessons.l10_multichannel_conv.compute import every_sum, two_filter_example
    x, w, b = two_filter_example()
    assert x.shape == (3, 7, 7) and w.shape == (2, 3, 3, 3) and set(np.unique(w)) <= {-1, 0, 1}
    out, _ = conv2d_forward(x[None], w, b, stride=2)
    assert out.shape == (1, 2, 3, 3)
    lines = every_sum(x, w, b, stride=2)
    assert len(lines) == 18 and [float(s.rsplit("= ", 1)[1]) for s in lines] == out.ravel().tolist()
    win = x[:, 2:5, 4:7] * w[1]                               # out[1, 1, 2] by hand
    assert lines[9 + 5] == (f"out[1,1,2] = R {win[0].sum():g} + G {win[1].sum():g} + B {win[2].sum():g} + b 0 = "
                            f"{win.sum():g}")
    padded = every_sum(x, w, b, stride=1, padding=1)
    ref, _ = conv2d_forward(x[None], w, b, stride=1, padding=1)
    assert [float(s.rsplit("= ", 1)[1]) for s in padded] == pytest.approx(ref.ravel().tolist())


def test_the_filters_control_sets_the_output_depth_and_bounds_the_filter():
    from lessonlib.lessons.l10_multichannel_conv.compute import filter_bank
    w, b, _ = filter_bank(5)
    explorer = multichannel_explorer(load_photo(32), w, b, n_filters=3)
    assert explorer.frame.out_shape == (32, 32, 3) and "32×32×3" in explorer.view.suptitle.get_text()
    explorer.update(f=2)
    frame = explorer.update(n_filters=2)
    assert frame.out_shape == (32, 32, 2) and frame.f == 1 and explorer.controls["f"].options[-1][1] == 1
    assert "output volume 32×32×2" in explorer.view.suptitle.get_text()
    frame = explorer.update(n_filters=5, f=4)
    assert frame.out_shape == (32, 32, 5) and frame.f == 4
    with pytest.raises(ValueError, match="n_filters"):
        multichannel_frame(multichannel_layer(load_photo(32), w, b), f=3, n_filters=2)
    plt.close(explorer.fig)


# --- issue 16: readable text, named controls; issue 15: panels drawn from cached pictures ----------


def _named_explorer(**kwargs):
    from lessonlib.lessons.l10_multichannel_conv.compute import filter_bank
    w, b, names = filter_bank(5)
    return multichannel_explorer(load_photo(32), w, b, names=names, **kwargs), names


def _texts(fig):
    return [t for t in fig.findobj(plt.Text) if t.get_visible() and t.get_text().strip()]


@pytest.mark.parametrize("settings", [{}, {"n_filters": 5, "f": 4, "c": 2, "i": 31, "j": 31},
                                      {"n_filters": 1, "i": 0, "j": 0}])
def test_every_text_is_at_least_12_px_and_inside_the_figure(settings):
    explorer, _ = _named_explorer(n_filters=3)
    explorer.update(**settings)
    fig = explorer.fig
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    width, height = fig.canvas.get_width_height()
    texts = _texts(fig)
    assert len(texts) == 8                                   # 4 titles, 2 row labels, the title, the sum
    for t in texts:
        assert t.get_fontsize() * fig.dpi / 72 >= 12, (t.get_text(), t.get_fontsize())
        box = t.get_window_extent(renderer)
        assert box.x0 >= 0 and box.y0 >= 0 and box.x1 <= width and box.y1 <= height, (t.get_text(), box)
    plt.close(fig)


def test_filter_and_channel_menus_show_names_and_the_filter_menu_follows_the_layer():
    explorer, names = _named_explorer(n_filters=3)
    f, c = explorer.controls["f"], explorer.controls["c"]
    assert [label for label, _ in f.options] == [f"filter {k}: {names[k]}" for k in range(3)]
    assert f.label == "filter 0: vertical edges" and [label for label, _ in c.options] == ["channel R", "channel G",
                                                                                            "channel B"]
    explorer.update(f=1, c=2)
    frame = explorer.update(n_filters=5)                     # more filters: the menu grows, filter 1 stays chosen
    assert len(f.options) == 5 and f.value == 1 and frame.f == 1 and f.label == "filter 1: horizontal edges"
    explorer.update(f=4)
    frame = explorer.update(n_filters=2)                     # filter 4 no longer in the layer: the last one in use
    assert [v for _, v in f.options] == [0, 1] and f.value == 1 and frame.f == 1 and frame.c == 2
    frame = explorer.update(i=explorer.controls["i"].max, j=0)
    assert (frame.i, frame.j) == (31, 0) and explorer.view.sum_text.get_text().startswith("out[1, 31, 0]")
    w, b, _ = colour_filters()
    unnamed = multichannel_explorer(load_photo(32), w, b).controls["f"]
    assert [label for label, _ in unnamed.options] == ["filter 0", "filter 1", "filter 2"]
    with pytest.raises(ValueError, match="one name per filter: 3 filters, got 1"):
        multichannel_explorer(load_photo(32), w, b, names=["only one"])
    plt.close("all")


def test_moving_the_output_unit_redraws_no_panel_and_matches_a_direct_draw():
    explorer, _ = _named_explorer(n_filters=3)
    fig, panels = explorer.fig, explorer.view.panels
    fig.canvas.draw()
    rendered = panels.renders
    explorer.update(i=3, j=30)
    fig.canvas.draw()
    assert panels.renders == rendered                        # only the outlines and the arithmetic moved
    explorer.update(f=1)
    fig.canvas.draw()
    assert panels.renders == rendered + 7                    # the filter's 3 slices, 3 responses, output map
    explorer.update(f=0)
    fig.canvas.draw()
    assert panels.renders == rendered + 7                    # filter 0's pictures were kept
    screen = np.asarray(fig.canvas.buffer_rgba()).astype(int)
    import io
    from PIL import Image
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=fig.dpi)              # saving draws every panel directly
    saved = np.asarray(Image.open(buf).convert("RGBA")).astype(int)
    assert screen.shape == saved.shape and np.abs(screen - saved).max() <= 2
    plt.close(fig)
