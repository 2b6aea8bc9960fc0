"""Lesson 14 drawings and controls, headless; and the shipped small CNN."""
import matplotlib.pyplot as plt
import numpy as np
import pytest

from lessonlib.data import bundled_split
from lessonlib.models.small_cnn import STAGES, WEIGHTS, build_small_cnn, feature_maps, load_small_cnn, to_input
from lessonlib.render.feature_maps import FeatureMapView, LRNView, plot_filters_and_maps
from lessonlib.widgets.feature_maps import FeatureMapExplorer, lrn_sliders


@pytest.fixture(scope="module")
def model():
    return load_small_cnn()


@pytest.fixture(scope="module")
def test_digits():
    return bundled_split().test


def test_shipped_weights_are_small_and_classify_digits(model, test_digits):
    assert WEIGHTS.stat().st_size < 200_000
    scores = model.predict(to_input(test_digits.images[:300]))
    assert np.mean(scores.argmax(1) == test_digits.labels[:300]) > 0.9


def test_feature_maps_have_the_summary_shapes(model, test_digits):
    fm = feature_maps(model, test_digits.images[:2])
    rows = model.summary((1, 28, 28))
    for stage, i in STAGES.items():
        assert fm.maps[stage].shape == (2,) + rows[i].output_shape
    assert fm.scores.shape == (2, 10)
    with pytest.raises(ValueError, match="images must have shape"):
        to_input(np.zeros((28, 28)))


def test_missing_weights_say_how_to_rebuild(tmp_path):
    with pytest.raises(FileNotFoundError, match="python -m lessonlib.models.small_cnn"):
        load_small_cnn(tmp_path / "none.npz")


def test_filters_figure(model, test_digits):
    fm = feature_maps(model, test_digits.images[:1])
    fig = plot_filters_and_maps(test_digits.images[0], model.layers[0].params["W"], fm.maps["conv1 + ReLU"][0])
    assert len(fig.axes) == 18 and fig.axes[0].get_title() == "input"
    plt.close(fig)


def test_explorer_controls_change_the_pictures(model, test_digits):
    ex = FeatureMapExplorer(model, test_digits.images, test_digits.labels, examples=3)
    v = ex.view
    big, small0 = v.big.get_array().copy(), v.cells[0].get_array().copy()
    ex.controls["channel"].value = 7                            # last channel of conv1
    assert not np.array_equal(big, v.big.get_array())
    ex.controls["stage"].value = "conv2 + ReLU"                 # 16 maps of 14 x 14
    assert v.big.get_array().shape == (14, 14) and ex.controls["channel"].value == 7
    assert all(ax.get_visible() for ax in v.small)
    ex.controls["stage"].value = "pool2"
    ex.controls["channel"].value = 15
    ex.controls["stage"].value = "conv1 + ReLU"                 # back to 8 maps: channel clamps to 7
    assert ex.controls["channel"].value == 7 and sum(ax.get_visible() for ax in v.small) == 8
    before = v.input.get_array().copy()
    ex.controls["digit"].value = 0
    ex.controls["example"].value = 2
    assert not np.array_equal(before, v.input.get_array())
    assert not np.array_equal(small0, v.cells[0].get_array())
    plt.close("all")


def test_feature_map_view_rejects_bad_settings():
    maps = {"a": np.ones((3, 4, 4))}
    view = FeatureMapView(np.zeros((4, 4)), maps, "a")
    with pytest.raises(ValueError, match="stage must be one of"):
        view.update(stage="b")
    with pytest.raises(ValueError, match="channel must be in 0..2"):
        view.update(channel=3)
    plt.close("all")


def test_lrn_view_at_slider_extremes():
    maps = np.random.default_rng(0).uniform(0, 5, (6, 8, 8))
    box, view = lrn_sliders(maps)
    factor = view.factor.get_array().copy()
    after = view.after.get_array().copy()
    sliders = {c.description: c for row in box.children[:2] for c in row.children}
    sliders["α"].value = 10.0                                    # max: strong normalisation
    assert not np.array_equal(factor, view.factor.get_array())
    assert view.after.get_array().max() < after.max()
    for name, value in [("n", sliders["n"].max), ("β", 2.0), ("k", 0.1), ("n", 1), ("β", 0.0)]:
        sliders[name].value = value
    np.testing.assert_allclose(view.after.get_array(), maps[0])  # beta = 0: nothing happens
    sliders["channel"].value = 5
    np.testing.assert_allclose(view.before.get_array(), maps[5])
    plt.close("all")


@pytest.mark.parametrize("settings, message", [(dict(size=0), "size must be a positive integer"),
                                               (dict(k=0.0), "k must be a finite number > 0"),
                                               (dict(channel=6), "channel must be in 0..5"),
                                               (dict(colour=1), "unknown settings")])
def test_lrn_view_explains_bad_settings(settings, message):
    view = LRNView(np.ones((6, 3, 3)))
    with pytest.raises(ValueError, match=message):
        view.update(**settings)
    plt.close("all")


def test_build_is_seeded():
    a, b = build_small_cnn(seed=1), build_small_cnn(seed=1)
    assert all(np.array_equal(p, q) for p, q in zip(a.state_dict().values(), b.state_dict().values()))
