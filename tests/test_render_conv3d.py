"""Lesson 19 drawings and sliders, headless: frame and depth sliders swap the right arrays."""
import matplotlib.pyplot as plt
import numpy as np
import pytest

from lessonlib.clips import moving_digit_clip
from lessonlib.render.conv3d import make_conv3d_view, plot_clip, plot_responses
from lessonlib.widgets.conv3d import Conv3DExplorer, temporal_responses

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
    explorer = Conv3DExplorer(CLIP, frame=0, depth=2, max_depth=5)
    before = _arrays(explorer)
    explorer.frame.value = explorer.frame.max                  # 8 - 2 = 6
    after = _arrays(explorer)
    assert explorer.frame.max == 6
    assert all(not np.allclose(a, b) for a, b in zip(before, after))
    np.testing.assert_allclose(after[2], CLIP[7] - CLIP[6], atol=1e-12)
    assert explorer.view.window.get_y() == 5.5 and explorer.view.window.get_height() == 2
    assert "output frame 6 sees input frames 6…7" in explorer.view.title.get_text()
    plt.close(explorer.view.fig)


def test_depth_slider_extremes_clamp_the_frame():
    explorer = Conv3DExplorer(CLIP, frame=6, depth=2, max_depth=5)
    explorer.depth.value = explorer.depth.max                  # 5: only 4 output frames remain
    assert explorer.frame.max == 3 and explorer.frame.value == 3
    np.testing.assert_allclose(_arrays(explorer)[1], CLIP[3:8].mean(axis=0), atol=1e-12)
    assert explorer.view.window.get_height() == 5
    assert "output depth 8 − 5 + 1 = 4" in explorer.view.title.get_text()
    explorer.depth.value = explorer.depth.min
    assert explorer.frame.max == 6 and explorer.view.window.get_height() == 2
    plt.close(explorer.view.fig)


def test_view_update_moves_the_window():
    view = make_conv3d_view(CLIP[0], CLIP[0], CLIP[0], CLIP[:, 3], 0, 2, "a", row=3)
    view.update(CLIP[1], CLIP[2], -CLIP[3], 4, 3, "b")
    assert (view.window.get_y(), view.window.get_height(), view.title.get_text()) == (3.5, 3, "b")
    np.testing.assert_array_equal(view.images[2].get_array(), -CLIP[3])
    plt.close(view.fig)


@pytest.mark.parametrize("kwargs, message", [
    (dict(clip=np.zeros((4, 4))), r"clip must be a \(D, H, W\) array"),
    (dict(clip=CLIP, depth=1), r"need 2 <= depth \(1\)"),
    (dict(clip=CLIP, max_depth=9), r"max_depth \(9\) <= frames in the clip \(8\)"),
])
def test_bad_settings_get_a_message(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Conv3DExplorer(**kwargs)
