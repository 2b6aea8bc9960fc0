"""Lesson 11's exercises: the receptive-field recursion (checked against
lessonlib.arithmetic.receptive_field), and three short questions."""
from __future__ import annotations

import numpy as np

from ...arithmetic import receptive_field
from ...exercises import Case, Exercise, Mistake, Question


def reference(layers):
    """(receptive field size, jump) of the last layer of (kernel, stride, dilation) layers, by lessonlib."""
    fields = receptive_field([tuple(layer) for layer in layers])
    return (fields[-1].size, fields[-1].jump) if fields else (1, 1)


# -- wrong ways ------------------------------------------------------------------------------------

def _recursion(layers, grow, jump_first=False):
    """The recursion with a replaceable growth term grow(k, d, j); jump_first updates j before r."""
    r, j = 1, 1
    for k, s, d in layers:
        if jump_first:
            j = j * s
        r = r + grow(k, d, j)
        if not jump_first:
            j = j * s
    return r, j


def dilation_ignored(layers):
    return _recursion(layers, lambda k, d, j: (k - 1) * j)


def strides_ignored(layers):
    r, _ = _recursion(layers, lambda k, d, j: d * (k - 1))
    return r, 1


def jump_not_used_in_size(layers):
    return _recursion(layers, lambda k, d, j: d * (k - 1))


def jump_updated_too_early(layers):
    return _recursion(layers, lambda k, d, j: d * (k - 1) * j, jump_first=True)


def kernel_k_not_k_minus_1(layers):
    return _recursion(layers, lambda k, d, j: d * k * j)


def dilated_extent_added(layers):
    return _recursion(layers, lambda k, d, j: (d * (k - 1) + 1) * j)


MISTAKES = [
    Mistake("dilation_ignored", "the size grows as if every dilation were 1: a dilated kernel spreads its k taps "
            "over d(k − 1) + 1 positions", dilation_ignored),
    Mistake("kernel_k_not_k_minus_1", "each layer adds d·k·j: one of the kernel's k taps sits on the centre the "
            "field already has, so a layer adds d(k − 1) steps of the jump", kernel_k_not_k_minus_1),
    Mistake("dilated_extent_added", "each layer adds its whole extent (d(k − 1) + 1)·j: the field already covers one "
            "of those positions, so a layer adds d(k − 1)·j", dilated_extent_added),
    Mistake("strides_ignored", "the jump stays 1: each stride multiplies the distance between neighbouring units "
            "on the input, j_l = j_(l−1)·s_l", strides_ignored),
    Mistake("jump_not_used_in_size", "the jump is right but the size never uses it: a layer's kernel steps over the "
            "units below it, which are j_(l−1) input pixels apart", jump_not_used_in_size),
    Mistake("jump_updated_too_early", "a layer's growth uses its own stride: it steps over the units below it, "
            "so use j_(l−1) (the jump before this layer) and update j afterwards", jump_updated_too_early),
]


def _random_stack(rng, depth):
    return [(int(rng.choice([1, 2, 3, 5, 7])), int(rng.integers(1, 4)), int(rng.choice([1, 2, 4])))
            for _ in range(depth)]


def _cases():
    rng = np.random.default_rng(11)
    alexnet = [(11, 4, 1), (3, 2, 1), (5, 1, 1), (3, 2, 1), (3, 1, 1), (3, 1, 1), (3, 1, 1), (3, 2, 1)]
    cases = [
        Case("one 3×3 layer, dilation 2: [(3, 1, 2)]", ([(3, 1, 2)],)),
        Case("3×3 stride 2, then 3×3 stride 1: [(3, 2, 1), (3, 1, 1)]", ([(3, 2, 1), (3, 1, 1)],)),
        Case("5×5 stride 3 then 3×3 dilation 2, stride 2: [(5, 3, 1), (3, 2, 2)]", ([(5, 3, 1), (3, 2, 2)],)),
        Case("no layers at all: [] (the input pixel itself, r_0 and j_0)", ([],)),
        Case("a 1×1 layer with dilation 4 and stride 2 between two 3×3: [(3, 1, 1), (1, 2, 4), (3, 1, 1)]",
             ([(3, 1, 1), (1, 2, 4), (3, 1, 1)],)),
        Case("even kernels: [(2, 2, 1), (2, 2, 1), (4, 1, 3)]", ([(2, 2, 1), (2, 2, 1), (4, 1, 3)],)),
        Case(f"AlexNet's convolutions and max poolings, conv1 to pool5: {alexnet}", (alexnet,)),
    ]
    for depth in (2, 4, 6):
        layers = _random_stack(rng, depth)
        cases.append(Case(f"random stack of {depth} layers: {layers}", (layers,)))
    return cases


receptive_field_and_jump_exercise = Exercise(
    "receptive_field_and_jump", reference, _cases, MISTAKES,
    hint="start from r = 1, j = 1; per layer, r += d·(k − 1)·j with the jump so far, then j *= s; "
         "return the pair (r, j)")


# -- short questions -----------------------------------------------------------------------------

def _size(layers):
    return int(reference(layers)[0])


Q1_LAYERS = [(5, 1, 1)] * 6
Q2_LAYERS = [(3, 1, 1), (3, 1, 3), (3, 1, 9), (3, 1, 27)]
Q3_LAYERS = [(7, 2, 1), (3, 2, 1), (3, 1, 1)]

q1 = Question(
    answer=_size(Q1_LAYERS),
    how="r = 1 + 6·(5 − 1) = 25: each 5×5 layer, stride 1, adds 4",
    hint="each layer adds d(k − 1)·j to the receptive field, starting from r_0 = 1",
    wrong={_size(Q1_LAYERS) - 1: "you started from r_0 = 0: a unit with no layers sees its own pixel, r_0 = 1",
           kernel_k_not_k_minus_1(Q1_LAYERS)[0]: "each layer adds k = 5; it adds k − 1 = 4",
           _size([(3, 1, 1)] * 6): "you used 3×3 kernels"})

q2 = Question(
    answer=_size(Q2_LAYERS),
    how="r = 1 + 2·(1 + 3 + 9 + 27) = 81",
    hint="a 3×3 kernel with dilation d adds d(3 − 1) = 2d; add the four layers' contributions to r_0 = 1",
    wrong={dilation_ignored(Q2_LAYERS)[0]: "the dilations are ignored",
           kernel_k_not_k_minus_1(Q2_LAYERS)[0]: "each layer adds d·k; it adds d(k − 1)",
           dilated_extent_added(Q2_LAYERS)[0]: "each layer adds its whole extent d(k − 1) + 1; it adds d(k − 1)"})

q3 = Question(
    answer=_size(Q3_LAYERS),
    how="r = 7 (jump becomes 2), then 7 + 2·2 = 11 (jump 4), then 11 + 2·4 = 19",
    hint="after layer l the units are j_l = s_1·…·s_l input pixels apart; layer l + 1 adds d(k − 1)·j_l",
    wrong={strides_ignored(Q3_LAYERS)[0]: "the strides are ignored: the later kernels step over units "
                                          "2 and 4 input pixels apart",
           jump_updated_too_early(Q3_LAYERS)[0]: "each layer's growth used its own stride: it uses the jump "
                                                 "of the layers before it",
           kernel_k_not_k_minus_1(Q3_LAYERS)[0]: "each layer adds k·j; it adds (k − 1)·j"})
