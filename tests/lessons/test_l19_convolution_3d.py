"""Lesson 19: clips of a moving digit and the temporal 3-D kernels, against hand-made expectations;
the explorer (computation, drawing, frame and depth sliders) and the other drawings, headless."""
import matplotlib.pyplot as plt
import numpy as np
import pytest

from lessonlib.kernels.conv import conv3d_forward
from lessonlib.lessons.l19_convolution_3d.compute import (TemporalConvolution, moving_digit_clip, space_time_slice,
                                                          temporal_kernels, temporal_responses)
from lessonlib.lessons.l19_convolution_3d.controls import conv3d_explorer
from lessonlib.lessons.l19_convolution_3d.view import Conv3DView, plot_clip, plot_responses

DIGIT = (np.random.default_rng(0).random((6, 6)) * 255).astype(np.uint8)
CLIP = moving_digit_clip(DIGIT, frames=8, velocity=(0, 1), canvas=(8, 16), start=(1, 0))


def test_plot_clip_and_responses():
    fig = plot_clip(CLIP, [0, 3, 7])
    assert [ax.get_title() for ax in fig.axes] == ["t = 0", "t = 3", "t = 7"]
    np.testing.assert_array_equal(fig.axes[1].images[0].get_array(), CLIP[3])
    plt.close(fig)
    fig = plot_responses([0, 1, 2], [[1, 2, 3], [0, 0, 0]], ["moving", "still"], "motion")
    assert [line.get_label() for line in fig.axes[0].lines] == ["moving", "still"]
    plt.close(fig)


def test_temporal_responses_are_mean_and_difference():
    out = temporal_responses(CLIP, 3)
    assert out.shape == (2, 6, 8, 16)
    np.testing.assert_allclose(out[0, 2], CLIP[2:5].mean(axis=0), atol=1e-12)
    np.testing.assert_allclose(out[1, 2], CLIP[4] - CLIP[2], atol=1e-12)


def _arrays(explorer):
    return [np.array(im.get_array()) for im in explorer.view.images]


def test_frame_slider_extremes_change_the_images_and_window():
    explorer = conv3d_explorer(CLIP, frame=0, depth=2, max_depth=5)
    frame = explorer.controls["frame"]
    before = _arrays(explorer)
    frame.value = frame.max                                    # 8 - 2 = 6
    after = _arrays(explorer)
    assert frame.max == 6
    assert all(not np.allclose(a, b) for a, b in zip(before, after))
    np.testing.assert_allclose(after[2], CLIP[7] - CLIP[6], atol=1e-12)
    assert explorer.view.window.get_y() == 5.5 and explorer.view.window.get_height() == 2
    assert "output frame 6 sees input frames 6…7" in explorer.view.title.get_text()
    plt.close(explorer.view.fig)


def test_depth_slider_extremes_clamp_the_frame():
    explorer = conv3d_explorer(CLIP, frame=6, depth=2, max_depth=5)
    frame, depth = explorer.controls["frame"], explorer.controls["depth"]
    depth.value = depth.max                                    # 5: only 4 output frames remain
    assert frame.max == 3 and frame.value == 3
    np.testing.assert_allclose(_arrays(explorer)[1], CLIP[3:8].mean(axis=0), atol=1e-12)
    assert explorer.view.window.get_height() == 5
    assert "output depth 8 − 5 + 1 = 4" in explorer.view.title.get_text()
    depth.value = depth.min
    assert frame.max == 6 and explorer.view.window.get_height() == 2
    plt.close(explorer.view.fig)


def test_view_update_moves_the_window():
    first = TemporalConvolution(CLIP, max_depth=3, row=3)(0, 2)
    view = Conv3DView(first)
    view.update(first._replace(image=CLIP[1], mean=CLIP[2], diff=-CLIP[3], t=4, depth=3))
    assert (view.window.get_y(), view.window.get_height()) == (3.5, 3)
    assert "output frame 4 sees input frames 4…6" in view.title.get_text()
    np.testing.assert_array_equal(view.images[2].get_array(), -CLIP[3])
    plt.close(view.fig)


def test_explorer_update_changes_frame_and_figure():
    explorer = conv3d_explorer(CLIP, frame=5, depth=2, max_depth=5)
    frame = explorer.update(depth=4)                           # the frame slider follows: 8 - 4 = 4
    assert frame is explorer.frame and (frame.t, frame.depth) == (4, 4)
    assert explorer.controls["frame"].max == 4 and explorer.settings == {"frame": 4, "depth": 4}
    np.testing.assert_allclose(frame.mean, CLIP[4:8].mean(axis=0), atol=1e-12)
    np.testing.assert_array_equal(explorer.view.images[1].get_array(), frame.mean)
    frame = explorer.update(frame=1)
    assert frame.t == 1 and explorer.view.window.get_y() == 0.5
    assert "output frame 1 sees input frames 1…4" in explorer.view.title.get_text()
    bundle = explorer._repr_mimebundle_()
    assert "image/png" in bundle and "run the notebook" in bundle["text/plain"]
    plt.close(explorer.fig)


@pytest.mark.parametrize("kwargs, message", [
    (dict(clip=np.zeros((4, 4))), r"clip must be a \(D, H, W\) array"),
    (dict(clip=CLIP, depth=1), r"need 2 <= depth \(1\)"),
    (dict(clip=CLIP, max_depth=9), r"max_depth \(9\) <= frames in the clip \(8\)"),
])
def test_bad_settings_get_a_message(kwargs, message):
    with pytest.raises(ValueError, match=message):
        conv3d_explorer(**kwargs)


SMALL = np.arange(1, 13, dtype=np.uint8).reshape(3, 4) * 20      # a 3×4 "digit", values 20..240


def test_digit_moves_by_the_velocity_each_frame():
    clip = moving_digit_clip(SMALL, frames=4, velocity=(1, 2), canvas=(8, 12), start=(0, 1))
    assert clip.shape == (4, 8, 12) and clip.max() == pytest.approx(240 / 255)
    for t in range(4):
        np.testing.assert_allclose(clip[t, t:t + 3, 1 + 2 * t:5 + 2 * t], SMALL / 255)
        assert clip[t].sum() == pytest.approx(SMALL.sum() / 255)     # nothing else on the canvas


def test_parts_that_leave_the_canvas_are_cut_off():
    clip = moving_digit_clip(SMALL / 255.0, frames=3, velocity=(0, 3), canvas=(3, 8), start=(0, -2))
    np.testing.assert_allclose(clip[0, :, 0:2], SMALL[:, 2:] / 255)       # left part outside
    np.testing.assert_allclose(clip[2, :, 4:8], SMALL / 255)
    gone = moving_digit_clip(SMALL, frames=2, velocity=(0, 50), canvas=(3, 8))
    assert gone[1].sum() == 0


def test_still_digit_gives_identical_frames():
    clip = moving_digit_clip(SMALL, frames=5, velocity=(0, 0), canvas=(5, 5))
    assert all(np.array_equal(clip[0], clip[t]) for t in range(5))


def test_temporal_kernels_mean_and_difference():
    w = temporal_kernels(3)
    assert w.shape == (2, 1, 3, 1, 1)
    np.testing.assert_allclose(w[0].ravel(), [1 / 3] * 3)
    np.testing.assert_allclose(w[1].ravel(), [-1, 0, 1])
    clip = np.random.default_rng(0).random((6, 4, 5))
    out, _ = conv3d_forward(clip[None, None], w)
    assert out.shape == (1, 2, 4, 4, 5)                               # depth 6 - 3 + 1
    np.testing.assert_allclose(out[0, 0, 1], clip[1:4].mean(axis=0))
    np.testing.assert_allclose(out[0, 1, 1], clip[3] - clip[1])


def test_space_time_slice_is_one_row_of_every_frame():
    clip = moving_digit_clip(SMALL, frames=4, velocity=(0, 1), canvas=(3, 8))
    xt = space_time_slice(clip, 1)
    assert xt.shape == (4, 8)
    np.testing.assert_allclose(xt[2, 2:6], SMALL[1] / 255)


@pytest.mark.parametrize("call, message", [
    (lambda: moving_digit_clip(np.zeros(5)), r"image must be a 2-D array"),
    (lambda: moving_digit_clip(SMALL, frames=0), "frames must be an integer >= 1"),
    (lambda: moving_digit_clip(SMALL, velocity=2), r"velocity must be a pair \(rows, columns\)"),
    (lambda: moving_digit_clip(SMALL, canvas=(0, 5)), "canvas must hold integers >= 1"),
    (lambda: moving_digit_clip(SMALL, start=(0.5, 0)), "start must hold integers"),
    (lambda: temporal_kernels(1), "depth must be an integer >= 2"),
    (lambda: space_time_slice(np.zeros((2, 3)), 0), r"clip must be a \(D, H, W\) array"),
    (lambda: space_time_slice(np.zeros((2, 3, 4)), 3), "row must be below the clip's height 3"),
])
def test_bad_arguments_are_named(call, message):
    with pytest.raises(ValueError, match=message):
        call()
