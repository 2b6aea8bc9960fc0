"""Lesson 15: pooling on a small map (computation, drawing, explorer; headless), and the invariance
measurements behind its figures."""
import matplotlib.pyplot as plt
import numpy as np
import pytest

from lessonlib.kernels.pooling import maxpool2d_forward
from lessonlib.lessons.l15_pooling.compute import (detector_responses, normalised, pooling_frame, relative_change,
                                                   shift_sensitivity)
from lessonlib.lessons.l15_pooling.controls import pooling_explorer
from lessonlib.lessons.l15_pooling.view import (PoolingView, plot_learned_invariance, plot_pool_1d,
                                                plot_shift_sensitivity)

X = np.random.default_rng(3).integers(0, 10, (7, 7)).astype(float)


def _arrows(view):
    assert len(view.arrows.get_paths()) == len(view.arrow_ends)      # one polygon per arrow drawn
    return view.arrow_ends


def test_arrows_point_from_each_output_to_its_switch():
    view = PoolingView(pooling_frame(X))
    arrows = _arrows(view)
    assert len(arrows) == 9                                      # 3 x 3 outputs of 2 x 2 / 2 on 7 x 7
    for (oc, orow), (ic, irow) in arrows:
        assert orow * 2 <= irow < orow * 2 + 2 and oc * 2 <= ic < oc * 2 + 2   # inside its window
        assert X[irow, ic] == X[orow * 2:orow * 2 + 2, oc * 2:oc * 2 + 2].max()
    plt.close("all")


def test_frame_holds_output_switches_gradient_and_windows():
    frame = pooling_frame(X, kernel=3, stride=2)
    assert frame.out.shape == (3, 3) and frame.dx.shape == X.shape and frame.switches.shape == (9, 2)
    for n, (r, c) in enumerate(frame.switches):
        assert X[r, c] == frame.out[n // 3, n % 3]
    assert frame.dx.sum() == 9                                   # each output sends its 1 to one cell
    np.testing.assert_array_equal(frame.windows, [[0, 0, 3, 3], [0, 2, 3, 3]])
    avg = pooling_frame(X, kernel=4, stride=4, mode="avg")
    assert avg.switches.shape == (0, 2) and avg.windows.tolist() == [[0, 0, 4, 4]]   # one window: no second
    assert pooling_frame(X, kernel=4, stride=4, ceil_mode=True).windows.tolist() == [[0, 0, 4, 4], [0, 4, 4, 3]]


def test_controls_at_their_extremes_change_the_drawing():
    explorer = pooling_explorer(X)
    view = explorer.view
    kernel, stride, mode, ceil = (explorer.controls[name] for name in ("kernel", "stride", "mode", "ceil_mode"))
    dx_before, arrows_before = view.dx_img.get_array().copy(), _arrows(view)
    kernel.value, stride.value = kernel.min, stride.min          # 1 x 1 / 1: identity, 49 outputs, gradient 1 everywhere
    assert _arrows(view) == [((0, 0), (0, 0)), ((1, 0), (1, 0))] and np.all(view.dx_img.get_array() == 1)
    kernel.value, stride.value = kernel.max, stride.max          # 4 x 4 / 4: one window
    assert len(_arrows(view)) == 1 and not np.array_equal(dx_before, view.dx_img.get_array())
    ceil.value = True                                            # keeps a smaller second window
    assert len(_arrows(view)) == 4
    mode.value = "avg"
    assert _arrows(view) == [] and view.dx_img.get_array().sum() == pytest.approx(4)
    assert "avg pool 4×4, stride 4: 2×2" in view.ax_out.get_title()
    assert arrows_before != _arrows(view)
    plt.close("all")


def test_explorer_update_changes_frame_and_figure():
    explorer = pooling_explorer(X, kernel=2, stride=2)
    frame = explorer.update(kernel=3, stride=1)
    assert frame is explorer.frame and frame.out.shape == (5, 5) and (frame.kernel, frame.stride) == (3, 1)
    assert explorer.view.ax_out.get_title() == "max pool 3×3, stride 1: 5×5"
    assert explorer.view.title.get_text().startswith("max pooling, overlapping windows (stride < pool)\n")
    np.testing.assert_array_equal(explorer.view.dx_img.get_array(), frame.dx)
    first, second = explorer.view.windows
    assert first.get_visible() and second.get_visible() and second.get_xy() == (0.5, -0.5)
    explorer.update(kernel=4, stride=4)
    assert not explorer.view.windows[1].get_visible()
    bundle = explorer._repr_mimebundle_()
    assert "image/png" in bundle and "run the notebook" in bundle["text/plain"]
    plt.close("all")


def test_bad_mode_is_explained():
    with pytest.raises(ValueError, match="mode must be 'max' or 'avg'"):
        pooling_frame(X, mode="median")
    with pytest.raises(ValueError, match="kernel_size 8 does not fit in input 7"):
        pooling_frame(X, kernel=8)


def test_relative_change():
    img = np.arange(16.0).reshape(1, 4, 4)
    assert relative_change(img, img) == 0.0
    assert relative_change(img, 2 * img) == pytest.approx(1.0)


def test_pooling_reduces_shift_sensitivity_of_a_bar():
    images = np.zeros((1, 16, 16))
    images[0, 4:12, 6:8] = 1.0                                   # a vertical bar
    changes = shift_sensitivity(lambda im: im[:, None], images, (0, 1, 2),
                                {"raw": None, "max 4": lambda a: maxpool2d_forward(a, 4)[0]})
    assert changes["raw"][0] == 0 and changes["max 4"][1] < changes["raw"][1]


def test_matching_detector_wins_and_pool_is_stable():
    t = np.zeros((2, 5, 5))
    t[0, 2, :] = 1
    t[1, :, 2] = 1                                               # horizontal and vertical bar detectors
    r = detector_responses(t, t + 0.01)
    assert r.argmax(axis=1).tolist() == [0, 1] and np.allclose(r.max(axis=1), r.max(axis=1)[0], atol=1e-3)
    assert np.allclose(np.linalg.norm(normalised(t).reshape(2, -1), axis=1), 1)


def test_static_figures():
    fig = plot_shift_sensitivity((0, 1), {"unpooled": [0, 0.5], "max": [0, 0.3]})
    assert fig.axes[0].get_xlabel() and len(fig.axes[0].lines) == 2
    fig = plot_learned_invariance(np.ones((3, 4, 4)), (-45, 0, 45), np.ones((2, 4, 4)), np.array([[0.9, 0.2, 0.1], [0.1, 0.3, 0.8]]), ["a", "b"])
    assert "max pool: 0.90" in [ax.get_title() for ax in fig.axes]
    fig = plot_pool_1d([0.1, 1, 0.2, 0.1, 0, 0.1], [1, 0.2, 0.1], [0, 2, 4], 3, "fig 9.10")
    assert len(fig.axes[0].lines) == 3 + 3 + 2                   # windows of 3, 3 and the smaller last one of 2
    plt.close("all")


def test_next_layer_cost_counts_the_multiplies_with_and_without_pooling():
    from lessonlib.lessons.l15_pooling.compute import next_layer_cost
    unpooled, pooled = next_layer_cost(n=28, channels=16, out_channels=32, kernel=3, padding=1, pool=2)
    assert unpooled.in_shape == (16, 28, 28) and pooled.in_shape == (16, 14, 14)
    assert unpooled.out_shape == (32, 28, 28) and pooled.out_shape == (32, 14, 14)
    assert unpooled.multiplies == 32 * 28 * 28 * 16 * 3 * 3 == 4 * pooled.multiplies
    assert unpooled.pool_comparisons == 0 and pooled.pool_comparisons == 16 * 14 * 14 * 3
    valid = next_layer_cost(padding=0)                       # 'valid' conv: 26×26 vs 12×12 outputs
    assert valid[0].out_shape == (32, 26, 26) and valid[1].out_shape == (32, 12, 12)
    overlapping = next_layer_cost(pool=3, pool_stride=2)      # 28 -> 13 by floor((28 - 3)/2) + 1
    assert overlapping[1].in_shape == (16, 13, 13)


# --- issue 16: readable numbers, few arrows, ceil_mode explained, titles in English; issue 15 -----


def _texts(fig):
    return [t for t in fig.findobj(plt.Text) if t.get_visible() and t.get_text().strip()]


def _contrast(a, b):
    """WCAG 2.x contrast ratio of two matplotlib colours."""
    from matplotlib.colors import to_rgb
    lum = [float(np.where(v <= 0.04045, v / 12.92, ((v + 0.055) / 1.055) ** 2.4) @ [0.2126, 0.7152, 0.0722])
           for v in (np.array(to_rgb(a)), np.array(to_rgb(b)))]
    return (max(lum) + 0.05) / (min(lum) + 0.05)


def _cell_colour(image, r, c):
    return image.cmap(image.norm(image.get_array()[r, c]))


SETTINGS = [dict(kernel=k, stride=s, mode=m, ceil_mode=c) for k in (1, 2, 3, 4) for s in (1, 2, 3, 4)
            for m, c in (("max", False), ("max", True), ("avg", True))]      # avg without ceil_mode: same texts


def test_every_text_is_readable_inside_the_figure_and_on_its_cell():
    view = PoolingView(pooling_frame(X))
    fig = view.fig
    renderer = fig.canvas.get_renderer()
    width, height = fig.canvas.get_width_height()
    for settings in SETTINGS:
        frame = pooling_frame(X, **settings)
        view.update(frame)
        for ax in fig.axes:
            ax.apply_aspect()                                   # where a draw puts the panels
        for t in _texts(fig):
            assert t.get_fontsize() * fig.dpi / 72 >= 12, (settings, t.get_text())
            box = t.get_window_extent(renderer)
            assert box.x0 >= 0 and box.y0 >= 0 and box.x1 <= width and box.y1 <= height, (settings, t.get_text())
        for image, texts in ((view.dx_img, view.dx_txt), (view.out_img, view.out_txt)):
            cell = abs(image.axes.transData.transform((1, 0))[0] - image.axes.transData.transform((0, 0))[0])
            for (r, c), t in np.ndenumerate(np.array(texts, dtype=object)):
                if t.get_text():
                    ratio = _contrast(t.get_color(), _cell_colour(image, r, c))
                    assert ratio >= 4.5, (settings, r, c, t.get_text(), ratio)      # WCAG AA
                    assert t.get_window_extent(renderer).width <= cell - 2, (settings, t.get_text())   # inside its cell
    plt.close(fig)


def test_dark_cells_get_white_numbers():
    explorer = pooling_explorer(X)
    explorer.update(kernel=3, stride=1)                         # a cell wins up to 4 windows: the darkest green
    view = explorer.view
    r, c = np.unravel_index(np.argmax(explorer.frame.dx), X.shape)
    assert explorer.frame.dx[r, c] >= 4 and view.dx_txt[r][c].get_color() == "white"
    assert view.dx_txt[0][0].get_color() == "black" or explorer.frame.dx[0, 0] >= 3
    plt.close(explorer.fig)


def test_arrows_are_capped_and_the_figure_says_so():
    view = PoolingView(pooling_frame(X))
    for settings in SETTINGS:
        frame = pooling_frame(X, **settings)
        view.update(frame)
        n_out = frame.out.size
        arrows = _arrows(view)
        if frame.mode == "avg":
            assert arrows == []
        elif n_out <= 9:
            assert len(arrows) == n_out
        else:                                                   # only the outlined windows' outputs
            assert len(arrows) == len(frame.windows) and [a[0] for a in arrows] == [(0, 0), (1, 0)][:len(arrows)]
            assert f"arrows only for the {len(frame.windows)} outlined windows ({n_out} outputs" in view.title.get_text()
    plt.close(view.fig)


def test_titles_say_overlap_in_plain_english():
    explorer = pooling_explorer(X)
    title = explorer.view.title
    explorer.update(kernel=2, stride=3)
    assert title.get_text().startswith("max pooling, with gaps between windows (stride > pool)")
    explorer.update(kernel=2, stride=2, mode="avg")
    assert title.get_text().startswith("avg pooling, non-overlapping windows (stride = pool)")
    assert "with gaps max" not in title.get_text()
    plt.close(explorer.fig)


def test_ceil_mode_says_what_it_changes_with_computed_sizes():
    from lessonlib.arithmetic import pool_output_size
    from lessonlib.lessons.l15_pooling.compute import ceil_mode_effect
    assert ceil_mode_effect(7, 3, 2) == "ceil_mode changes nothing here: (7 − 3)/2 = 2 is whole, no cell is left over"
    assert ceil_mode_effect(7, 2, 2) == ("ceil_mode: 4 windows per row instead of 3, since (7 − 2)/2 = 2.5 is not "
                                         "whole: cell 6 gets a smaller window")
    assert ceil_mode_effect(7, 1, 4).endswith("one more window would start at cell 8, past the last cell 6")
    assert ceil_mode_effect(9, 2, 4).endswith("cell 8 gets a smaller window")     # cells 6, 7 lie in the gap
    for n, k, s in [(7, 3, 2), (7, 2, 2), (8, 3, 2), (7, 4, 4), (7, 1, 4)]:
        frame = pooling_frame(np.zeros((n, n)), kernel=k, stride=s, ceil_mode=True)
        assert frame.out.shape == frame.ceil_shape == (pool_output_size(n, k, s, ceil_mode=True),) * 2
        assert frame.floor_shape == (pool_output_size(n, k, s),) * 2
        assert ("changes nothing" in ceil_mode_effect(n, k, s)) == (frame.floor_shape == frame.ceil_shape)
    explorer = pooling_explorer(X)
    explorer.update(kernel=3, stride=2, ceil_mode=True)
    assert explorer.view.title.get_text().endswith(ceil_mode_effect(7, 3, 2))
    explorer.update(ceil_mode=False)
    assert "ceil_mode" not in explorer.view.title.get_text()
    plt.close(explorer.fig)


def test_a_setting_seen_before_is_pasted_not_drawn_again():
    explorer = pooling_explorer(X)
    fig, panels = explorer.fig, explorer.view.panels
    fig.canvas.draw()
    first = panels.renders
    explorer.update(stride=1)
    fig.canvas.draw()
    assert panels.renders == first + 2                          # the output and gradient panels; the input is kept
    explorer.update(stride=2)
    fig.canvas.draw()
    assert panels.renders == first + 2
    plt.close(fig)


def test_arrows_follow_a_resized_figure():
    from matplotlib.backend_bases import ResizeEvent
    view = PoolingView(pooling_frame(X))
    before = [p.vertices.copy() for p in view.arrows.get_paths()]
    view.fig.set_size_inches(10, 4.6)                           # as ipympl's resize handle does, then its event
    ResizeEvent("resize_event", view.fig.canvas)._process()
    after = [p.vertices for p in view.arrows.get_paths()]
    assert len(after) == len(before) == 9 and not np.allclose(after[0], before[0])
    expected = view._arrow_polygons(view.arrow_ends)[0]
    np.testing.assert_allclose(after[0][:len(expected)], expected)        # (a path repeats its first vertex)
    plt.close(view.fig)
