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
    return [(a.xy1, a.xy2) for a in view.arrows if a.get_visible()]


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
    kernel.value, stride.value = kernel.min, stride.min          # 1 x 1 / 1: identity, 49 arrows, gradient 1 everywhere
    assert len(_arrows(view)) == 49 and np.all(view.dx_img.get_array() == 1)
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
    assert "overlapping" in explorer.view.title.get_text()
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
