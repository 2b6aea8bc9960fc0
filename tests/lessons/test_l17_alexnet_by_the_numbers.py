"""Lesson 17's counting: network specs counted against products written out by hand, against
lessonlib.nn layers and real kernels on a narrow AlexNet, connection counts against a backward pass;
bad specs; the input-size explorer's frame."""
from fractions import Fraction

import numpy as np
import pytest

from lessonlib.lessons.l17_alexnet_by_the_numbers.compute import (alexnet, compare, input_size_counts,
                                                                  receptive_fields, rounded_down, torchvision_alexnet)
from lessonlib.lessons.l17_alexnet_by_the_numbers.counting import (LRN, Conv, Dense, MaxPool, Network, analyse,
                                                                   floor_output_size, layer_arithmetic, table)
from lessonlib.lessons.l17_alexnet_by_the_numbers.view import side_by_side_text
from lessonlib.kernels.conv import conv2d_backward, conv2d_forward
from lessonlib.nn import Conv2D, Flatten, MaxPool2D, Sequential
from lessonlib.nn import Dense as DenseLayer
from lessonlib.nn.layers import LRN as LRNLayer


def test_alexnet_rows_are_the_paper_products():
    rows = {r.name: r for r in table(alexnet())}
    # (units, weights, biases, fan-in) written out from the paper's layer list
    expected = {
        "conv1": (96 * 55 * 55, 96 * 3 * 11 * 11, 96, 3 * 11 * 11),
        "conv2": (256 * 27 * 27, 256 * 48 * 5 * 5, 256, 48 * 5 * 5),
        "conv3": (384 * 13 * 13, 384 * 256 * 3 * 3, 384, 256 * 3 * 3),
        "conv4": (384 * 13 * 13, 384 * 192 * 3 * 3, 384, 192 * 3 * 3),
        "conv5": (256 * 13 * 13, 256 * 192 * 3 * 3, 256, 192 * 3 * 3),
        "fc6": (4096, 256 * 6 * 6 * 4096, 4096, 256 * 6 * 6),
        "fc7": (4096, 4096 * 4096, 4096, 4096),
        "fc8": (1000, 4096 * 1000, 1000, 4096),
    }
    for name, (units, weights, biases, fan_in) in expected.items():
        r = rows[name]
        assert (r.units, r.weights, r.biases, r.connections) == (units, weights, biases, units * fan_in), name


def test_alexnet_labels_subtotals_and_total():
    rows = table(alexnet())
    assert [r.label for r in rows] == [f"L{i} (Conv)" for i in range(1, 6)] + [
        f"L{i} (Dense)" for i in range(6, 9)] + ["Conv Subtotal", "Dense Subtotal", "Total"]
    conv, dense, total = rows[-3:]
    assert (conv.units, conv.weights) == (650_080, 2_332_704)
    assert (dense.units, dense.weights, dense.connections) == (9_192, 58_621_952, 58_621_952)
    assert (total.units, total.weights, total.biases) == (659_272, 60_954_656, 10_568)
    assert total.connections == conv.connections + dense.connections == 724_406_816
    assert len(table(alexnet(), subtotals=False)) == 8


def test_alexnet_weightless_layers_and_shapes():
    rows = analyse(alexnet())
    assert [r.name for r in rows] == ["conv1", "lrn1", "pool1", "conv2", "lrn2", "pool2", "conv3", "conv4",
                                      "conv5", "pool5", "fc6", "fc7", "fc8"]
    shapes = {r.name: r.output_shape for r in rows}
    assert shapes["pool1"] == (96, 27, 27) and shapes["pool2"] == (256, 13, 13) and shapes["pool5"] == (256, 6, 6)
    assert all(r.weights == r.biases == 0 for r in rows if r.kind in ("lrn", "maxpool"))
    assert [r.name for r in analyse(alexnet(lrn=False))][:2] == ["conv1", "pool1"]


def test_one_gpu_variant_and_other_input_sizes():
    one = {r.name: r for r in table(alexnet(groups=1))}
    assert one["conv2"].weights == 256 * 96 * 25 and one["conv4"].weights == 384 * 384 * 9
    assert one["conv3"].weights == 384 * 256 * 9          # conv3 is the same either way
    big = {r.name: r for r in analyse(alexnet(input_size=259))}
    assert big["conv1"].output_shape == (96, 63, 63)
    assert big["fc6"].weights == 256 * 7 * 7 * 4096       # the dense layer grows with the image
    assert big["conv3"].weights == 884_736                # conv weights do not


def test_layer_arithmetic_reads_like_the_slide():
    net = alexnet()
    assert layer_arithmetic(net, "conv1") == "conv1: (227 - 11 + 2·0)/4 + 1 = 55 → 96×55×55"
    assert layer_arithmetic(net, "pool1") == "pool1: floor((55 - 3)/2) + 1 = 27 → 96×27×27"
    assert layer_arithmetic(net, "fc6") == "fc6: 256×6×6 → 4096"
    with pytest.raises(ValueError, match="no layer named 'conv9'"):
        layer_arithmetic(net, "conv9")


def _narrow_alexnet():
    """AlexNet with channels / 16: same kernels, strides, paddings and groups."""
    return Network("narrow", (3, 227, 227), [
        Conv("conv1", 6, 11, stride=4), LRN("lrn1"), MaxPool("pool1", 3, 2),
        Conv("conv2", 16, 5, padding=2, groups=2), LRN("lrn2"), MaxPool("pool2", 3, 2),
        Conv("conv3", 24, 3, padding=1), Conv("conv4", 24, 3, padding=1, groups=2),
        Conv("conv5", 16, 3, padding=1, groups=2), MaxPool("pool5", 3, 2),
        Dense("fc6", 8), Dense("fc7", 8), Dense("fc8", 10)])


def test_counts_match_real_layers_on_a_narrow_alexnet():
    rng = np.random.default_rng(0)
    model = Sequential(
        Conv2D(3, 6, 11, rng, stride=4), LRNLayer(5), MaxPool2D(3, 2),
        Conv2D(6, 16, 5, rng, padding=2, groups=2), LRNLayer(5), MaxPool2D(3, 2),
        Conv2D(16, 24, 3, rng, padding=1), Conv2D(24, 24, 3, rng, padding=1, groups=2),
        Conv2D(24, 16, 3, rng, padding=1, groups=2), MaxPool2D(3, 2),
        Flatten(), DenseLayer(16 * 6 * 6, 8, rng, dtype=np.float32), DenseLayer(8, 8, rng, dtype=np.float32),
        DenseLayer(8, 10, rng, dtype=np.float32))
    rows = analyse(_narrow_alexnet())
    assert model.n_params() == sum(r.weights + r.biases for r in rows)
    x = np.zeros((1, 3, 227, 227), dtype=np.float32)
    real_shapes = []
    for layer in model.layers:
        x = layer.forward(x)
        if not isinstance(layer, Flatten):
            real_shapes.append(x.shape[1:])
    assert real_shapes == [r.output_shape for r in rows]


@pytest.mark.parametrize("c, f, k, stride, groups", [(3, 4, 3, 1, 1), (4, 6, 3, 2, 2), (6, 6, (2, 3), 1, 3)])
def test_conv_connections_equal_wires_found_by_backprop(c, f, k, stride, groups):
    # with every weight 1 and dout 1, dx sums one per wire (no padding, so no wire ends in zeros)
    kk = (k, k) if isinstance(k, int) else k
    w = np.ones((f, c // groups) + kk)
    out, cache = conv2d_forward(np.zeros((1, c, 9, 9)), w, stride=stride, groups=groups)
    dx, _, _ = conv2d_backward(np.ones_like(out), cache)
    (row,) = analyse(Network("one", (c, 9, 9), [Conv("c", f, k, stride=stride, groups=groups)]))
    assert row.output_shape == out.shape[1:]
    assert row.connections == int(dx.sum())


def test_lrn_and_pool_connections():
    (lrn,) = analyse(Network("n", (3, 2, 2), [LRN("l", size=5)]))
    assert lrn.connections == 3 * 3 * 4       # every channel's window holds all 3 channels
    (lrn4,) = analyse(Network("n", (8, 1, 1), [LRN("l", size=4)]))
    assert lrn4.connections == 2 + 3 + 4 + 4 + 4 + 4 + 4 + 3   # c-2 .. c+1, cut at 0 and 7
    (pool,) = analyse(Network("n", (2, 7, 7), [MaxPool("p", 3, 2)]))
    assert (pool.output_shape, pool.connections) == ((2, 3, 3), 2 * 9 * 9)


# --- bad specs: one clear message each ---------------------------------------------------


@pytest.mark.parametrize("make, error, message", [
    (lambda: Conv("c", 0, 3), ValueError, "Conv 'c': filters must be a positive integer"),
    (lambda: Conv("c", 8, 3, groups=3), ValueError, "groups 3 must divide filters 8"),
    (lambda: Conv("c", 8, 0), ValueError, "Conv 'c': kernel must be >= 1"),
    (lambda: Conv("c", 8, "3"), TypeError, "kernel must be an int or a sequence of 2 ints"),
    (lambda: Conv("c", 8, 3, padding=-1), ValueError, "padding must be non-negative"),
    (lambda: Conv("", 8, 3), TypeError, "name must be a non-empty string"),
    (lambda: MaxPool("p", 3, 0), ValueError, "MaxPool 'p': stride must be a positive integer"),
    (lambda: Dense("d", 2.5), ValueError, "Dense 'd': units must be a positive integer"),
    (lambda: LRN("n", 0), ValueError, "LRN 'n': size must be a positive integer"),
    (lambda: Network("x", (3, 32), [Dense("d", 2)]), ValueError, r"input_shape must be \(C, H, W\)"),
    (lambda: Network("x", (3, 8, 8), []), ValueError, "at least one layer"),
    (lambda: Network("x", (3, 8, 8), [("conv", 3)]), TypeError, r"layers\[0\] must be one of Conv"),
    (lambda: Network("x", (3, 8, 8), [Dense("d", 2), Dense("d", 3)]), ValueError, "repeated: d"),
    (lambda: alexnet(groups=4), ValueError, "groups must be 2"),
    (lambda: alexnet(input_size=0), ValueError, "input_size must be a positive integer"),
])
def test_bad_specs_are_refused_with_a_clear_message(make, error, message):
    with pytest.raises(error, match=message):
        make()


@pytest.mark.parametrize("net, message", [
    (alexnet(224), r"layer 0 'conv1' \(conv\) on input 3×224×224: stride 4 gives \(224 - 11 \+ 0\)/4 \+ 1 = 54.25"),
    (Network("x", (3, 5, 5), [Conv("big", 4, 7)]), r"layer 0 'big' \(conv\) on input 3×5×5: kernel 7 .* does not fit"),
    (Network("x", (3, 8, 8), [Conv("g", 4, 3, groups=2)]), "layer 0 'g'.*groups 2 must divide the 3 input channels"),
    (Network("x", (3, 8, 8), [MaxPool("p", 9, 1)]), "layer 0 'p' \\(maxpool\\).*does not fit"),
    (Network("x", (3, 8, 8), [Dense("d", 4), Conv("c", 2, 3)]), "layer 1 'c' \\(conv\\) needs an image"),
])
def test_layers_that_do_not_fit_name_themselves(net, message):
    with pytest.raises(ValueError, match=message):
        analyse(net)


def test_analyse_wants_a_network():
    with pytest.raises(TypeError, match="network must be a Network"):
        analyse([Conv("c", 2, 3)])


def test_compare_marks_each_cell():
    rows = table(alexnet())
    checks = compare(rows, {"L1 (Conv)": (290_400, 34_848, 105_415_200), "L4 (Conv)": (64_869, 663_552, 1)})
    assert [(c.column, c.agrees) for c in checks] == [("units", True), ("weights", True), ("connections", True),
                                                      ("units", False), ("weights", True), ("connections", False)]
    assert checks[3].computed == 64_896
    with pytest.raises(ValueError, match="row 'L9 \\(Conv\\)' is not in the table"):
        compare(rows, {"L9 (Conv)": (1, 2, 3)})
    with pytest.raises(ValueError, match="needs 3 values"):
        compare(rows, {"L1 (Conv)": (1, 2)})


def test_input_size_counts():
    frame = input_size_counts(227)
    rows = table(alexnet(227), subtotals=False)
    assert frame.labels == tuple(r.label for r in rows) and frame.error is None
    assert frame.weights.tolist() == [r.weights for r in rows] and frame.connections.shape == (8,)
    assert frame.total_weights == 60_954_656 and frame.arithmetic.endswith("= 55 → 96×55×55")
    bad = input_size_counts(224)
    assert bad.weights is None and bad.connections is None and "54.25" in bad.error and bad.labels == frame.labels
    assert input_size_counts(227, groups=1).weights[1] == 256 * 96 * 25


# --- torchvision's AlexNet, rounding down, receptive fields (issue 13, item 18) ---------------


def test_torchvision_alexnet_shapes_and_parameter_count():
    rows = {r.name: r for r in analyse(torchvision_alexnet())}
    assert rows["conv1"].output_shape == (64, 55, 55) and rows["pool5"].output_shape == (256, 6, 6)
    # torchvision documents 61,100,840 parameters for alexnet()
    assert sum(r.weights + r.biases for r in rows.values()) == 61_100_840
    assert layer_arithmetic(torchvision_alexnet(), "conv1") == "conv1: floor((224 - 11 + 2·2)/4) + 1 = 55 → 64×55×55"


def test_floor_rounding_against_the_lecture_rule():
    with pytest.raises(ValueError, match="55.25"):
        analyse(Network("exact", (3, 224, 224), [Conv("c", 4, 11, stride=4, padding=2)]))
    (row,) = analyse(Network("floor", (3, 224, 224), [Conv("c", 4, 11, stride=4, padding=2, rounding="floor")]))
    assert row.output_shape == (4, 55, 55)
    assert floor_output_size(227, 11, 4) == 55 and floor_output_size(224, 11, 4) == 54
    with pytest.raises(ValueError, match="does not fit"):
        floor_output_size(5, 11, 4, 2)
    with pytest.raises(ValueError, match="rounding must be"):
        Conv("c", 4, 3, rounding="ceil")


def test_rounded_down_leaves_only_padding_unread():
    rd = rounded_down(224, 11, 4, 2)
    assert (rd.exact, rd.size, rd.padded, rd.read, rd.unread, rd.unread_image) == (Fraction(221, 4), 55, 228, 227, 1, 0)
    rd = rounded_down(224, 11, 4, 0)      # no padding: 54 windows read 223 cells, one image pixel unread
    assert (rd.size, rd.read, rd.unread, rd.unread_image) == (54, 223, 1, 1)


def test_receptive_fields_by_hand():
    # r += (k - 1)·j, j *= s through conv1 11/4, pool 3/2, conv2 5/1, pool 3/2, conv3-5 3/1, pool 3/2
    expected = [("conv1", 11, 4), ("pool1", 19, 8), ("conv2", 51, 8), ("pool2", 67, 16), ("conv3", 99, 16),
                ("conv4", 131, 16), ("conv5", 163, 16), ("pool5", 195, 32)]
    for net in (alexnet(), torchvision_alexnet()):
        assert [(r.name, r.field.size, r.field.jump) for r in receptive_fields(net)] == expected


def test_side_by_side_text_marks_missing_layers():
    text = side_by_side_text(analyse(alexnet()), analyse(torchvision_alexnet()), ("a", "b"))
    lrn = [line for line in text.splitlines() if line.startswith("lrn1")][0]
    assert lrn.rstrip().endswith("—")
    assert text.splitlines()[-1].split() == ["total", "60,965,224", "61,100,840"]
