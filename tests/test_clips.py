"""Clips of a moving digit and the temporal 3-D kernels, against hand-made expectations."""
import numpy as np
import pytest

from lessonlib.clips import moving_digit_clip, space_time_slice, temporal_kernels
from lessonlib.kernels.conv import conv3d_forward

DIGIT = np.arange(1, 13, dtype=np.uint8).reshape(3, 4) * 20      # a 3×4 "digit", values 20..240


def test_digit_moves_by_the_velocity_each_frame():
    clip = moving_digit_clip(DIGIT, frames=4, velocity=(1, 2), canvas=(8, 12), start=(0, 1))
    assert clip.shape == (4, 8, 12) and clip.max() == pytest.approx(240 / 255)
    for t in range(4):
        np.testing.assert_allclose(clip[t, t:t + 3, 1 + 2 * t:5 + 2 * t], DIGIT / 255)
        assert clip[t].sum() == pytest.approx(DIGIT.sum() / 255)     # nothing else on the canvas


def test_parts_that_leave_the_canvas_are_cut_off():
    clip = moving_digit_clip(DIGIT / 255.0, frames=3, velocity=(0, 3), canvas=(3, 8), start=(0, -2))
    np.testing.assert_allclose(clip[0, :, 0:2], DIGIT[:, 2:] / 255)       # left part outside
    np.testing.assert_allclose(clip[2, :, 4:8], DIGIT / 255)
    gone = moving_digit_clip(DIGIT, frames=2, velocity=(0, 50), canvas=(3, 8))
    assert gone[1].sum() == 0


def test_still_digit_gives_identical_frames():
    clip = moving_digit_clip(DIGIT, frames=5, velocity=(0, 0), canvas=(5, 5))
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
    clip = moving_digit_clip(DIGIT, frames=4, velocity=(0, 1), canvas=(3, 8))
    xt = space_time_slice(clip, 1)
    assert xt.shape == (4, 8)
    np.testing.assert_allclose(xt[2, 2:6], DIGIT[1] / 255)


@pytest.mark.parametrize("call, message", [
    (lambda: moving_digit_clip(np.zeros(5)), r"image must be a 2-D array"),
    (lambda: moving_digit_clip(DIGIT, frames=0), "frames must be an integer >= 1"),
    (lambda: moving_digit_clip(DIGIT, velocity=2), r"velocity must be a pair \(rows, columns\)"),
    (lambda: moving_digit_clip(DIGIT, canvas=(0, 5)), "canvas must hold integers >= 1"),
    (lambda: moving_digit_clip(DIGIT, start=(0.5, 0)), "start must hold integers"),
    (lambda: temporal_kernels(1), "depth must be an integer >= 2"),
    (lambda: space_time_slice(np.zeros((2, 3)), 0), r"clip must be a \(D, H, W\) array"),
    (lambda: space_time_slice(np.zeros((2, 3, 4)), 3), "row must be below the clip's height 3"),
])
def test_bad_arguments_are_named(call, message):
    with pytest.raises(ValueError, match=message):
        call()
