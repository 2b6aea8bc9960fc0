"""Lesson 20: the analysis of the trained LeNet (mistakes, invariance, shift response, the box check
over every unit of a layer); its drawings and explorers, headless."""
import matplotlib.pyplot as plt
import numpy as np
import pytest

from lessonlib.data import bundled_split
from lessonlib.lessons.l20_cnn_on_mnist.compute import (LayerMaps, UnitField, confident_mistakes,
                                                        gradients_outside_the_box, layer_maps_frame, predict_scores,
                                                        rotation_accuracy, shift_accuracy, shift_response, unit_frame)
from lessonlib.lessons.l20_cnn_on_mnist.controls import feature_map_explorer, receptive_field_explorer
from lessonlib.lessons.l20_cnn_on_mnist.view import (LayerMapsView, UnitFieldView, plot_digit_grid, plot_filters,
                                                     plot_invariance, plot_training_history, tile)
from lessonlib.models import Box, build_lenet, feature_maps, load_pretrained, load_training_record, to_input
from lessonlib.nn import accuracy, softmax


@pytest.fixture(scope="module")
def model():
    return load_pretrained()


@pytest.fixture(scope="module")
def digits():
    test = bundled_split().test
    return to_input(test.images[:300]), test.labels[:300]


def test_confident_mistakes_on_hand_made_scores():
    scores = np.log(np.array([[0.9, 0.1], [0.2, 0.8], [0.4, 0.6], [0.7, 0.3]]))
    m = confident_mistakes(scores, np.array([0, 0, 0, 1]), k=5)
    assert m.index.tolist() == [1, 3, 2]
    assert np.allclose(m.confidence, [0.8, 0.7, 0.6]) and np.allclose(m.p_label, [0.2, 0.3, 0.4])
    assert m.predicted.tolist() == [1, 0, 1] and m.label.tolist() == [0, 1, 0]


def test_invariance_curves_start_at_the_plain_accuracy_and_fall(model, digits):
    x, y = digits
    plain = accuracy(predict_scores(model, x), y)
    shifts = shift_accuracy(model, x, y, [0, 4])
    rotations = rotation_accuracy(model, x, y, [0, 30])
    assert shifts[0] == rotations[0] == plain
    assert shifts[1] < plain and rotations[1] < plain


@pytest.mark.parametrize("layer, dx", [(0, 1), (0, 3), (2, 2), (3, 4), (5, 4)])
def test_layers_are_equivariant_to_shifts_by_whole_units(model, digits, layer, dx):
    r = shift_response(model, digits[0][0], layer, dx)
    assert r.equivariance < 1e-6 and r.change > 0.1      # the maps move with the digit, they do not stay put


def test_shifts_that_are_not_whole_units_have_no_equivariance_number(model, digits):
    r = shift_response(model, digits[0][0], 5, 2)
    assert r.jump == 4 and np.isnan(r.equivariance) and r.change > 0
    with pytest.raises(ValueError, match="layer_index must be one of the spatial layers"):
        shift_response(model, digits[0][0], 6, 1)


def test_every_unit_of_a_layer_keeps_its_gradient_inside_its_box(model, digits):
    check = gradients_outside_the_box(model, digits[0][0], 2)          # pool1: 16 maps of 14×14
    assert check.units == 16 * 14 * 14 and 0 < check.active <= check.units and check.outside == 0
    small = build_lenet((2, 2), seed=0, dtype=np.float64)
    assert gradients_outside_the_box(small, digits[0][0].astype(np.float64), 5).units == 2 * 5 * 5


# --- drawings and explorers (was tests/test_render_inside_cnn.py) ---------------------------------


@pytest.fixture(scope="module")
def few(digits):
    return digits[0][:20], digits[1][:20]


@pytest.fixture()
def close_figures():
    yield
    plt.close("all")


def test_static_figures_are_labelled(model, close_figures):
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


def _frame_args(model, x, y, digit, layer):
    outs = feature_maps(model, x[digit])
    return dict(image=x[digit, 0], maps=outs[layer].maps, layer=outs[layer].name, label=int(y[digit]),
                probs=softmax(outs[-1].maps[None].astype(float))[0])


def test_feature_map_view_update_changes_the_artists(model, few, close_figures):
    x, y = few
    args = _frame_args(model, x, y, 0, 0)
    view = LayerMapsView(layer_maps_frame(channel=0, **args))
    before_big, before_frame = view.big.get_array().copy(), view.frame.get_xy()
    view.update(layer_maps_frame(channel=15, **args))
    assert not np.array_equal(view.big.get_array(), before_big) and view.frame.get_xy() != before_frame
    view.update(layer_maps_frame(channel=31, **_frame_args(model, x, y, 19, 5)))   # last map of the last pooled layer
    assert view.big.get_array().shape == (5, 5) and view.tiled.get_array().shape == (4 * 6 - 1, 8 * 6 - 1)
    assert "pool2" in view.tile_title.get_text() and view.big_title.get_text() == "map 31"
    probs = [b.get_height() for b in view.bars]
    assert sum(probs) == pytest.approx(1.0)


@pytest.mark.parametrize("settings, message", [
    (dict(channel=16), r"channel must be an int in 0..15"),
    (dict(channel=-1), r"channel must be an int in 0..15"),
    (dict(maps=np.zeros(10)), r"maps must be one layer's output \(C, h, w\)"),
])
def test_feature_map_frame_explains_bad_settings(model, few, settings, message):
    args = dict(_frame_args(model, *few, 0, 0), channel=0) | settings
    with pytest.raises(ValueError, match=message):
        layer_maps_frame(**args)


def test_receptive_field_view_moves_the_box_and_the_unit(close_figures):
    img = np.zeros((28, 28))
    view = UnitFieldView(unit_frame(img, np.zeros((28, 28)), Box(-2, 13, -2, 13), np.zeros((5, 5)), 0, 0, "pool2"))
    view.update(unit_frame(img, np.eye(28), Box(14, 29, 14, 29), np.zeros((5, 5)), 4, 4, "pool2"))
    assert view.boxes[0].get_xy() == (13.5, 13.5) and view.boxes[0].get_width() == 16
    assert view.unit.get_xy() == (3.5, 3.5)
    assert "28 pixels" in view.g_title.get_text() and "16×16" in view.suptitle.get_text()
    with pytest.raises(ValueError, match=r"row must be an int in 0..4"):
        unit_frame(img, np.eye(28), Box(14, 29, 14, 29), np.zeros((5, 5)), 5, 4)


def test_feature_map_explorer_follows_its_controls(model, few, close_figures):
    ex = feature_map_explorer(model, *few, digit=0, layer=0, channel=3)
    digit, channel = ex.controls["digit"], ex.controls["channel"]     # (each slider's row also holds its number box)
    first = ex.view.input.get_array().copy()
    ex.update(digit=digit.max)
    assert not np.array_equal(ex.view.input.get_array(), first)
    ex.update(layer=5)
    assert channel.max == 31 and ex.view.big.get_array().shape == (5, 5)
    assert channel.get_state()["max"] == 31           # what the browser's slider (and its End key) gets
    ex.update(channel=31)
    assert ex.settings["channel"] == 31 and ex.frame.channel == 31
    ex.update(layer=0)                    # 16 maps: the map slider shrinks, the setting follows
    assert channel.max == 15 and channel.value == 15 and ex.settings["channel"] == 15
    assert ex.frame.channel == 15 and ex.view.big_title.get_text() == "map 15"
    compute = LayerMaps(model, *few)
    with pytest.raises(ValueError, match=r"digit must be an int in 0..19"):
        compute(digit=20, layer=0, channel=0)
    with pytest.raises(ValueError, match="layer must be the index of a spatial layer"):
        compute(digit=0, layer=7, channel=0)


def test_receptive_field_explorer_follows_its_controls(model, few, close_figures):
    ex = receptive_field_explorer(model, *few, digit=0, layer=5, channel=0, row=0, col=0)
    digit, channel, row, col = (ex.controls[name] for name in ("digit", "channel", "row", "col"))
    assert ex.view.boxes[0].get_xy() == (-2.5, -2.5)
    ex.update(row=4, col=4)
    assert ex.view.boxes[0].get_xy() == (13.5, 13.5)
    ex.update(layer=0)                    # conv1: 28×28 units, a 5×5 field
    assert row.max == col.max == 27 and ex.view.boxes[0].get_width() == 5
    assert row.get_state()["max"] == col.get_state()["max"] == 27 and channel.get_state()["max"] == 15
    ex.update(row=27)
    assert ex.view.boxes[0].get_xy()[1] == 24.5
    ex.update(layer=3, row=5, col=5)
    assert row.max == col.max == 9 and ex.frame.row == ex.frame.col == 5
    shown = []
    for d in (0, digit.max):
        ex.update(digit=d)
        shown.append((ex.view.input.get_array().copy(), ex.view.fmap.get_array().copy()))
    assert not np.array_equal(shown[0][0], shown[1][0]) and not np.array_equal(shown[0][1], shown[1][1])
    ex.update(layer=5)                    # back to 5×5 units: the unit is clipped into the grid
    assert ex.frame.row == ex.frame.col == 4 and row.value == col.value == 4
    with pytest.raises(ValueError, match="channel must be an int in 0..31"):
        UnitField(model, *few)(digit=0, layer=5, channel=32, row=0, col=0)


def test_the_digit_has_a_number_box_and_mistake_buttons(model, few, close_figures):
    ex = feature_map_explorer(model, *few, digit=0, layer=0, channel=0, mistakes=[3, 11, 17])
    digit, number, previous, following = ex.box.children[0].children
    assert number.value == 0 and (number.min, number.max) == (digit.min, digit.max) == (0, 19)
    number.value = 12                     # typed into the box: the slider and the figure follow
    assert digit.value == 12 and ex.settings["digit"] == 12 and "label" in ex.view.in_title.get_text()
    following.click()
    assert digit.value == number.value == 17 == ex.settings["digit"]
    following.click()                     # past the last mistake: wraps to the first
    assert digit.value == 3
    previous.click()
    assert digit.value == 17
    ex.update(digit=5)
    assert number.value == 5
    assert len(feature_map_explorer(model, *few).box.children[0].children) == 2      # no mistakes given: no buttons


def test_a_unit_that_is_switched_off_says_why_its_panel_is_blank(model, few, close_figures):
    relu1 = feature_maps(model, few[0][0])[1].maps
    off = int(np.flatnonzero(relu1[:, 14, 14] == 0)[0])                      # a relu1 map that is off mid-digit
    ex = receptive_field_explorer(model, *few, digit=0, layer=1, channel=off, row=14, col=14)
    assert ex.frame.active == 0 and ex.frame.value == 0
    assert ex.view.off_note.get_visible() and "ReLU is off" in ex.view.off_note.get_text()
    assert ex.view.off_note.get_fontsize() >= 9
    ex.update(layer=0)                    # conv1 before its ReLU: every unit has a gradient
    assert ex.frame.active > 0 and ex.frame.note == "" and not ex.view.off_note.get_visible()


# --- built in or learned: the stored variants, the end-of-epoch training accuracy, the MLP beside the CNN --------


def test_the_network_without_max_pooling_keeps_every_shape_and_parameter():
    from lessonlib.lessons.l20_cnn_on_mnist.compute import build_variant
    pooled, subsampled = build_variant(True), build_variant(False)
    assert [r.output_shape for r in pooled.summary((1, 28, 28))] == [r.output_shape for r in subsampled.summary((1, 28, 28))]
    assert pooled.n_params() == subsampled.n_params() == 21_258
    x = np.random.default_rng(0).random((2, 16, 28, 28)).astype(np.float32)
    assert np.array_equal(subsampled.layers[2].forward(x), x[:, :, ::2, ::2])     # one pixel of each 2×2 window
    assert np.array_equal(pooled.layers[2].forward(x), x.reshape(2, 16, 14, 2, 14, 2).max(axis=(3, 5)))


def test_the_stored_variants_load_small_and_score_as_recorded(model, digits):
    from lessonlib.lessons.l20_cnn_on_mnist.compute import MODELS_DIR, VARIANTS, load_variant, load_variants_record
    record = load_variants_record()
    test = bundled_split().test
    x, y = to_input(test.images), test.labels
    for name, (stem, max_pool, shift) in VARIANTS.items():
        assert (MODELS_DIR / f"{stem}.npz").stat().st_size < 100_000
        stored = record["variants"][name]
        assert stored["max_pool"] == max_pool and stored["recipe"]["max_shift"] == shift
        assert accuracy(predict_scores(load_variant(name), x), y) == pytest.approx(stored["test_accuracy"])
    with pytest.raises(ValueError, match="name must be one of"):
        load_variant("no conv")
    # the end-of-epoch rerun is the stored network's own training run: same final held-out accuracy
    rerun = record["baseline_end_of_epoch"]
    stored = load_training_record().history                      # the same recipe, a few hundredths apart
    assert np.allclose(rerun["running_accuracy"], stored.accuracy, atol=0.002)
    assert np.allclose(rerun["test_accuracy_at_epoch_end"], stored.val_accuracy, atol=0.002)
    ends = np.array(rerun["train_accuracy_at_epoch_end"])
    assert ends[0] > rerun["running_accuracy"][0] + 0.1          # epoch 1: the running average lags far behind


def test_training_accuracy_now_on_shifted_and_plain_digits(model, digits):
    from lessonlib.lessons.l20_cnn_on_mnist.compute import training_accuracy_now
    x, y = digits
    plain, shifted = training_accuracy_now(model, x, y, 2)
    assert plain == accuracy(predict_scores(model, x), y) and 0.5 < shifted <= 1
    assert training_accuracy_now(model, x, y, 0) == (plain, plain)
    from lessonlib.lessons.l20_cnn_on_mnist.compute import accuracy_by_part
    first, rest = accuracy_by_part(model, x, y, cut=100)
    right = predict_scores(model, x).argmax(axis=1) == y
    assert (first, rest) == (right[:100].mean(), right[100:].mean())


def test_the_mlp_beside_the_cnn_is_lesson_06s():
    from lessonlib.lessons.l20_cnn_on_mnist.compute import load_variants_record, mlp_heldout_accuracy
    assert mlp_heldout_accuracy() == load_variants_record()["mlp_test_accuracy"]
