"""Lesson 14: feature maps by stage, the drawings and the two explorers, headless."""
import matplotlib.pyplot as plt
import numpy as np
import pytest

from lessonlib.data import bundled_split
from lessonlib.lessons.l14_feature_maps_lrn.compute import LRNMaps, map_frame, stage_maps
from lessonlib.lessons.l14_feature_maps_lrn.controls import feature_map_explorer, lrn_explorer
from lessonlib.lessons.l14_feature_maps_lrn.view import plot_filters_and_maps
from lessonlib.models import STAGES, load_small_cnn


@pytest.fixture(scope="module")
def model():
    return load_small_cnn()


@pytest.fixture(scope="module")
def test_digits():
    return bundled_split().test


def test_feature_maps_have_the_summary_shapes(model, test_digits):
    fm = stage_maps(model, test_digits.images[:2])
    rows = model.summary((1, 28, 28))
    for stage, i in STAGES.items():
        assert fm.maps[stage].shape == (2,) + rows[i].output_shape
    assert fm.scores.shape == (2, 10)


def test_filters_figure(model, test_digits):
    fm = stage_maps(model, test_digits.images[:1])
    fig = plot_filters_and_maps(test_digits.images[0], model.layers[0].params["W"], fm.maps["conv1 + ReLU"][0])
    assert len(fig.axes) == 18 and fig.axes[0].get_title() == "input"
    plt.close(fig)


def test_explorer_controls_change_the_pictures(model, test_digits):
    ex = feature_map_explorer(model, test_digits.images, test_digits.labels, examples=3)
    v, c = ex.view, ex.controls
    big, small0 = v.big.get_array().copy(), v.cells[0].get_array().copy()
    ex.update(channel=7)                                        # last channel of conv1
    assert not np.array_equal(big, v.big.get_array())
    ex.update(stage="conv2 + ReLU")                             # 16 maps of 14 x 14
    assert v.big.get_array().shape == (14, 14) and c["channel"].value == 7
    assert all(ax.get_visible() for ax in v.small)
    ex.update(stage="pool2")
    ex.update(channel=15)
    assert c["channel"].max == 15 and ex.frame.channel == 15
    ex.update(stage="conv1 + ReLU")                             # back to 8 maps: channel clamps to 7
    assert c["channel"].value == 7 and sum(ax.get_visible() for ax in v.small) == 8
    assert c["channel"].max == 7 and ex.frame.channel == 7 and ex.frame.stage == "conv1 + ReLU"
    before = v.input.get_array().copy()
    ex.update(digit=0, example=2)
    assert not np.array_equal(before, v.input.get_array())
    assert not np.array_equal(small0, v.cells[0].get_array())
    assert ex.settings == {"digit": 0, "example": 2, "stage": "conv1 + ReLU", "channel": 7}
    plt.close("all")


def test_map_frame_rejects_bad_settings():
    maps = {"a": np.ones((3, 4, 4))}
    assert map_frame(np.zeros((4, 4)), maps, "a", 2).chosen.shape == (4, 4)
    with pytest.raises(ValueError, match="stage must be one of"):
        map_frame(np.zeros((4, 4)), maps, "b", 0)
    with pytest.raises(ValueError, match="channel must be in 0..2"):
        map_frame(np.zeros((4, 4)), maps, "a", 3)


def test_lrn_view_at_slider_extremes():
    maps = np.random.default_rng(0).uniform(0, 5, (6, 8, 8))
    ex = lrn_explorer(maps)
    view, sliders = ex.view, {c.description: c for c in ex.controls.values()}
    factor = view.factor.get_array().copy()
    after = view.after.get_array().copy()
    sliders["α"].value = 10.0                                    # max: strong normalisation
    assert not np.array_equal(factor, view.factor.get_array())
    assert view.after.get_array().max() < after.max()
    for name, value in [("n", sliders["n"].max), ("β", 2.0), ("k", 0.1), ("n", 1), ("β", 0.0)]:
        sliders[name].value = value
    np.testing.assert_allclose(view.after.get_array(), maps[0])  # beta = 0: nothing happens
    sliders["channel"].value = 5
    np.testing.assert_allclose(view.before.get_array(), maps[5])
    assert ex.frame.channel == 5 and ex.frame.beta == 0.0
    plt.close("all")


@pytest.mark.parametrize("settings, message", [(dict(size=0), "size must be a positive integer"),
                                               (dict(k=0.0), "k must be a finite number > 0"),
                                               (dict(channel=6), "channel must be in 0..5")])
def test_lrn_compute_explains_bad_settings(settings, message):
    with pytest.raises(ValueError, match=message):
        LRNMaps(np.ones((6, 3, 3)))(**settings)


def test_lrn_explorer_names_its_settings():
    ex = lrn_explorer(np.ones((6, 3, 3)))
    with pytest.raises(ValueError, match="unknown setting"):
        ex.update(colour=1)
    plt.close("all")
