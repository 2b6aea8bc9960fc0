"""lessonlib.render.inside_cnn and lessonlib.widgets.inside_cnn, headless: figures are labelled,
update() at the controls' extremes changes the artists, bad settings get a clear message."""
import matplotlib.pyplot as plt
import numpy as np
import pytest

from lessonlib.data import bundled_split
from lessonlib.models import Box, load_pretrained, load_training_record, to_input
from lessonlib.render.inside_cnn import (FeatureMapView, ReceptiveFieldView, plot_digit_grid, plot_filters,
                                         plot_invariance, plot_training_history, tile)
from lessonlib.widgets.inside_cnn import feature_map_explorer, receptive_field_explorer


@pytest.fixture(scope="module")
def model():
    return load_pretrained()


@pytest.fixture(scope="module")
def digits():
    test = bundled_split().test
    return to_input(test.images[:20]), test.labels[:20]


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_static_figures_are_labelled(model):
    fig = plot_training_history(load_training_record().history)
    assert [ax.get_xlabel() for ax in fig.axes] == ["epoch", "epoch"]
    assert all(len(ax.get_lines()) == 2 for ax in fig.axes)
    fig = plot_filters(model.layers[0].params["W"])
    assert [ax.get_title() for ax in fig.axes if ax.images] == [str(f) for f in range(16)]
    assert fig.axes[-1].get_ylabel() == "weight"                    # the colour bar
    fig = plot_invariance([0, 1, 2], [0.99, 0.98, 0.9], [0, 15, 30], [0.99, 0.9, 0.7])
    assert "shift" in fig.axes[0].get_xlabel() and "rotation" in fig.axes[1].get_xlabel()
    assert np.allclose(fig.axes[1].get_lines()[0].get_ydata(), [99, 90, 70])
    fig = plot_digit_grid(np.zeros((7, 28, 28)), [f"#{i}" for i in range(7)], ncols=4)
    assert [ax.get_title() for ax in fig.axes if ax.images] == [f"#{i}" for i in range(7)]


def test_tile_places_every_map_with_gaps():
    maps = np.arange(10 * 2 * 3, dtype=float).reshape(10, 2, 3)
    t = tile(maps, ncols=4)
    assert t.shape == (3 * 2 + 2, 4 * 3 + 3)
    assert np.array_equal(t[3:5, 4:7], maps[5]) and np.isnan(t[2]).all()


def _view_args(model, x, y, digit, layer):
    from lessonlib.models import feature_maps
    from lessonlib.nn import softmax
    outs = feature_maps(model, x[digit])
    return dict(image=x[digit, 0], maps=outs[layer].maps, layer=outs[layer].name, label=int(y[digit]),
                probs=softmax(outs[-1].maps[None].astype(float))[0])


def test_feature_map_view_update_changes_the_artists(model, digits):
    x, y = digits
    view = FeatureMapView(channel=0, **_view_args(model, x, y, 0, 0))
    before_big, before_frame = view.big.get_array().copy(), view.frame.get_xy()
    view.update(channel=15)
    assert not np.array_equal(view.big.get_array(), before_big) and view.frame.get_xy() != before_frame
    view.update(channel=31, **_view_args(model, x, y, 19, 5))      # last map of the last pooled layer
    assert view.big.get_array().shape == (5, 5) and view.tiled.get_array().shape == (4 * 6 - 1, 8 * 6 - 1)
    assert "pool2" in view.tile_title.get_text() and view.big_title.get_text() == "map 31"
    probs = [b.get_height() for b in view.bars]
    assert sum(probs) == pytest.approx(1.0)


@pytest.mark.parametrize("settings, message", [
    (dict(channel=16), r"channel must be an int in 0..15"),
    (dict(channel=-1), r"channel must be an int in 0..15"),
    (dict(maps=np.zeros(10)), r"maps must be one layer's output \(C, h, w\)"),
])
def test_feature_map_view_explains_bad_settings(model, digits, settings, message):
    view = FeatureMapView(channel=0, **_view_args(model, *digits, 0, 0))
    with pytest.raises(ValueError, match=message):
        view.update(**settings)


def test_receptive_field_view_moves_the_box_and_the_unit():
    img = np.zeros((28, 28))
    view = ReceptiveFieldView(img, np.zeros((28, 28)), Box(-2, 13, -2, 13), np.zeros((5, 5)), 0, 0, "pool2")
    view.update(box=Box(14, 29, 14, 29), row=4, col=4, gradient=np.eye(28))
    assert view.boxes[0].get_xy() == (13.5, 13.5) and view.boxes[0].get_width() == 16
    assert view.unit.get_xy() == (3.5, 3.5)
    assert "28 pixels" in view.g_title.get_text() and "16×16" in view.suptitle.get_text()
    with pytest.raises(ValueError, match=r"row must be an int in 0..4"):
        view.update(row=5)


def test_feature_map_explorer_follows_its_controls(model, digits):
    box, ex = feature_map_explorer(model, *digits, digit=0, layer=0, channel=3)
    digit, layer, channel = box.children[0].children
    first = ex.view.input.get_array().copy()
    digit.value = digit.max
    assert not np.array_equal(ex.view.input.get_array(), first)
    layer.value = 5
    assert channel.max == 31 and ex.view.big.get_array().shape == (5, 5)
    channel.value = 31
    assert ex.settings["channel"] == 31
    layer.value = 0                       # 16 maps: the map slider shrinks, the setting follows
    assert channel.max == 15 and channel.value == 15 and ex.settings["channel"] == 15
    with pytest.raises(ValueError, match=r"digit must be an index 0..19"):
        ex.update(digit=20)
    with pytest.raises(ValueError, match="layer must be the index of a spatial layer"):
        ex.update(layer=7)


def test_receptive_field_explorer_follows_its_controls(model, digits):
    box, ex = receptive_field_explorer(model, *digits, digit=0, layer=5, channel=0, row=0, col=0)
    (digit, layer), (channel, row, col) = box.children[0].children, box.children[1].children
    assert ex.view.boxes[0].get_xy() == (-2.5, -2.5)
    row.value, col.value = 4, 4
    assert ex.view.boxes[0].get_xy() == (13.5, 13.5)
    layer.value = 0                       # conv1: 28×28 units, a 5×5 field
    assert row.max == col.max == 27 and ex.view.boxes[0].get_width() == 5
    row.value = 27
    assert ex.view.boxes[0].get_xy()[1] == 24.5
    layer.value, row.value, col.value = 3, 5, 5
    shown = []
    for d in (0, digit.max):
        digit.value = d
        shown.append((ex.view.input.get_array().copy(), ex.view.fmap.get_array().copy()))
    assert not np.array_equal(shown[0][0], shown[1][0]) and not np.array_equal(shown[0][1], shown[1][1])
