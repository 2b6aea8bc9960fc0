"""Lesson 17's exercises: the units, weights and connections of one conv layer with groups, counted as
the lecture's AlexNet table counts them (checked against the lesson's `analyse`); and three short
questions."""
from __future__ import annotations

import numpy as np

from ...exercises import Case, Exercise, Mistake, Question
from .compute import alexnet
from .counting import Conv, Network, analyse, table


def reference(input_shape, filters, kernel, stride=1, padding=0, groups=1):
    """(units, weights, connections) of Conv(filters, kernel, stride, padding, groups) on input_shape
    (C, H, W), by the lesson's counting: biases excluded, connections = units × fan-in."""
    row = analyse(Network("one layer", tuple(input_shape),
                          [Conv("conv", filters, kernel, stride, padding, groups)]))[0]
    return row.units, row.weights, row.connections


# -- wrong ways (plain arithmetic) ---------------------------------------------------------------

def _counts(input_shape, filters, kernel, stride, padding, groups, *, in_per_group=None, out_size=None,
            filters_in_weights=None, bias_in_weights=False, bias_wire=False, connection_share=1, maps=None):
    c, h, w = input_shape
    size = out_size or (lambda n: (n - kernel + 2 * padding) // stride + 1)
    cg = c // groups if in_per_group is None else in_per_group
    units = (filters if maps is None else maps) * size(h) * size(w)
    weights = (filters if filters_in_weights is None else filters_in_weights) * cg * kernel * kernel
    weights += filters if bias_in_weights else 0
    connections = units * (cg * kernel * kernel + (1 if bias_wire else 0)) // connection_share
    return units, weights, connections


def groups_ignored_in_weights(input_shape, filters, kernel, stride=1, padding=0, groups=1):
    units, _, connections = _counts(input_shape, filters, kernel, stride, padding, groups)
    _, weights, _ = _counts(input_shape, filters, kernel, stride, padding, groups, in_per_group=input_shape[0])
    return units, weights, connections


def groups_ignored(input_shape, filters, kernel, stride=1, padding=0, groups=1):
    return _counts(input_shape, filters, kernel, stride, padding, groups, in_per_group=input_shape[0])


def filters_divided_by_groups_too(input_shape, filters, kernel, stride=1, padding=0, groups=1):
    return _counts(input_shape, filters, kernel, stride, padding, groups, filters_in_weights=filters // groups)


def connections_of_one_group(input_shape, filters, kernel, stride=1, padding=0, groups=1):
    return _counts(input_shape, filters, kernel, stride, padding, groups, connection_share=groups)


def biases_counted_as_weights(input_shape, filters, kernel, stride=1, padding=0, groups=1):
    return _counts(input_shape, filters, kernel, stride, padding, groups, bias_in_weights=True)


def bias_counted_as_a_connection(input_shape, filters, kernel, stride=1, padding=0, groups=1):
    return _counts(input_shape, filters, kernel, stride, padding, groups, bias_wire=True)


def padding_forgotten_in_output_size(input_shape, filters, kernel, stride=1, padding=0, groups=1):
    return _counts(input_shape, filters, kernel, stride, padding, groups,
                   out_size=lambda n: (n - kernel) // stride + 1)


def units_of_one_map(input_shape, filters, kernel, stride=1, padding=0, groups=1):
    return _counts(input_shape, filters, kernel, stride, padding, groups, maps=1)


MISTAKES = [
    Mistake("groups_ignored_in_weights", "with g groups each filter sees only C/g input channels, so it has "
            "(C/g)·F·F weights", groups_ignored_in_weights),
    Mistake("groups_ignored", "with g groups each filter (and each unit) sees only C/g input channels: both the "
            "weights and the fan-in shrink", groups_ignored),
    Mistake("filters_divided_by_groups_too", "the K filters are split among the groups, but there are still K of "
            "them in all: divide the input channels by g, not the filters as well", filters_divided_by_groups_too),
    Mistake("connections_of_one_group", "the connections of one group only (one GPU, as the slide's L2 row): "
            "every unit of every group has its fan-in", connections_of_one_group),
    Mistake("biases_counted_as_weights", "the lecture's table counts weights without the biases", biases_counted_as_weights),
    Mistake("bias_counted_as_a_connection", "a connection is an input a unit sees; the bias is not one",
            bias_counted_as_a_connection),
    Mistake("padding_forgotten_in_output_size", "the output size is (W − F + 2P)/S + 1: the padding counts twice",
            padding_forgotten_in_output_size),
    Mistake("units_of_one_map", "units are all K output maps: K·O_h·O_w", units_of_one_map),
]


def _random_cases(rng, count):
    cases = []
    while len(cases) < count:
        groups = int(rng.choice([1, 2, 3, 4]))
        c, k = groups * int(rng.integers(1, 9)), groups * int(rng.integers(1, 9))
        f, s = int(rng.choice([1, 3, 5, 7])), int(rng.integers(1, 4))
        p = int(rng.integers(0, f // 2 + 1))
        oh, ow = (int(v) for v in rng.integers(3, 20, size=2))
        h, w = (oh - 1) * s + f - 2 * p, (ow - 1) * s + f - 2 * p
        if min(h, w) >= 1:
            cases.append(Case(f"random: input {c}×{h}×{w}, {k} filters {f}×{f}, stride {s}, padding {p}, groups {groups}",
                              ((c, h, w), k, f), dict(stride=s, padding=p, groups=groups)))
    return cases


def _cases():
    fixed = [
        ("AlexNet conv1", (3, 227, 227), 96, 11, 4, 0, 1),
        ("AlexNet conv2 (two GPUs)", (96, 27, 27), 256, 5, 1, 2, 2),
        ("AlexNet conv3", (256, 13, 13), 384, 3, 1, 1, 1),
        ("AlexNet conv5 (two GPUs)", (384, 13, 13), 256, 3, 1, 1, 2),
        ("non-square input, stride 2, padding 1", (3, 33, 49), 16, 3, 2, 1, 1),
        ("four groups, non-square", (8, 10, 14), 12, 3, 1, 0, 4),
        ("depthwise: a group per channel", (6, 9, 9), 6, 3, 1, 1, 6),
        ("1×1 convolution, one input channel", (1, 5, 7), 4, 1, 1, 0, 1),
    ]
    cases = [Case(f"{label}: input {c}×{h}×{w}, {k} filters {f}×{f}, stride {s}, padding {p}, groups {g}",
                  ((c, h, w), k, f), dict(stride=s, padding=p, groups=g))
             for label, (c, h, w), k, f, s, p, g in fixed]
    return cases + _random_cases(np.random.default_rng(20), 4)


conv_layer_counts_exercise = Exercise(
    "conv_layer_counts", reference, _cases, MISTAKES, rtol=0.0, atol=0.0,
    hint="O = (W − F + 2P)/S + 1 per axis; units = K·O_h·O_w; weights = K·(C/g)·F·F; "
         "connections = units·(C/g)·F·F (no biases anywhere)")


# -- short questions -----------------------------------------------------------------------------

_conv2_alone = {r.name: r for r in table(alexnet(groups=1))}["conv2"]
q1 = Question(
    answer=_conv2_alone.weights,
    how="table(alexnet(groups=1)), row conv2: 256 filters × 96 channels × 5·5 = 614,400",
    hint="without groups every one of the 256 filters sees all 96 channels through 5×5",
    wrong={{r.name: r for r in table(alexnet())}["conv2"].weights: "that is the two-GPU conv2 (48 channels each)",
           _conv2_alone.weights + _conv2_alone.biases: "the 256 biases are counted: the table counts weights without them"})

_fc6_259 = {r.name: r for r in analyse(alexnet(259))}["fc6"]
_fc6_227 = {r.name: r for r in analyse(alexnet(227))}["fc6"]
q2 = Question(
    answer=_fc6_259.weights,
    how="analyse(alexnet(259)), layer fc6: pool5 gives 256×7×7 = 12,544 inputs × 4096 = 51,380,224",
    hint="conv1 gives (259 − 11)/4 + 1 = 63; follow the three 3×3 stride-2 poolings (and the convolutions that keep "
         "the size) to pool5, then C·H·W × 4096",
    wrong={_fc6_227.weights: "that is fc6 for the 227×227 input: pool5 is larger now",
           _fc6_259.weights + _fc6_259.biases: "the 4096 biases are counted: the table counts weights without them"})

_rows_1 = table(alexnet(groups=1))
_rows_2 = table(alexnet())
q3 = Question(
    answer=round(100 * _rows_1[8].connections / _rows_1[10].connections),
    how="table(alexnet(groups=1)): conv-subtotal connections / total connections = 1,076,634,144 / 1,135,256,096 "
        "≈ 94.8 %, rounded to 95",
    hint="without groups, conv2, conv4 and conv5 see twice as many channels: their connections double; the dense "
         "layers do not change",
    wrong={round(100 * _rows_2[8].connections / _rows_2[10].connections):
           "that is the two-GPU network's share: with groups 1, conv2, conv4 and conv5 have twice the connections",
           round(100 * _rows_1[9].connections / _rows_1[10].connections): "that is the dense layers' share",
           round(100 * _rows_1[8].weights / _rows_1[10].weights): "that is the conv layers' share of the weights"})
