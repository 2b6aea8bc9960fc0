"""The lecture's formulas: output sizes (with the slide's own examples and their error
messages), receptive fields, parameter and connection counts, pooling sizes."""
import pytest

from lessonlib.arithmetic import (
    ReceptiveField,
    conv_connections,
    conv_output_shape,
    conv_output_size,
    conv_params,
    dense_connections,
    dense_params,
    mlp_params,
    pool_output_size,
    receptive_field,
    empty_windows,
    stride_skips_cells,
    suggestions,
    unread_cells,
    whole_number_paddings,
    working_paddings,
    working_strides,
)

# --- output size: (W - F + 2P)/S + 1 -----------------------------------------------------


@pytest.mark.parametrize("stride, size", [(1, 5), (2, 3)])
def test_lecture_7x7_input_3x3_kernel(stride, size):
    assert conv_output_size(7, 3, stride=stride) == size


def test_lecture_7x7_input_3x3_kernel_stride_3_does_not_fit():
    with pytest.raises(ValueError, match=r"stride 3 gives \(7 - 3 \+ 0\)/3 \+ 1 = 2\.333.*not an integer"):
        conv_output_size(7, 3, stride=3)


def test_lecture_w10_f3_p0_s5_is_rejected_and_no_padding_is_offered():
    """The slide's W = 10, F = 3, S = 5: the paddings that give a whole number (4, 9, ...) put whole
    windows in the zeros (P = 4: 4 windows, the first and last read only padding), so none is offered."""
    with pytest.raises(ValueError) as info:
        conv_output_size(10, 3, stride=5, padding=0)
    message = str(info.value)
    assert "(10 - 3 + 0)/5 + 1 = 2.4" in message          # the slide's 7/5 + 1
    assert "no padding makes stride 5 fit" in message
    assert "the smallest padding that gives a whole number, 4, gives 4 outputs of which 2 read only zero padding" in message
    assert "padding 4" not in message.split("try")[-1] and message.endswith("try stride 1 or 7")
    assert conv_output_size(10, 3, stride=5, padding=4) == 4 and empty_windows(10, 3, 5, 4) == 2


def test_lecture_7x7_stride_3_gets_padding_1_or_stride_2_not_4():
    """Stride 4 gives a whole number on 7×7 but never reads column 3; stride 3 reads every cell."""
    with pytest.raises(ValueError) as info:
        conv_output_size(7, 3, stride=3)
    assert str(info.value).endswith("(zero padding is your friend); try padding 1 or stride 2")
    assert unread_cells(7, 3, stride=4) == [3] and not stride_skips_cells(3, 3) and stride_skips_cells(3, 4)
    assert unread_cells(7, 3, stride=3, padding=1) == [] and conv_output_size(7, 3, 3, 1) == 3


def test_when_the_asked_stride_skips_cells_skipping_strides_may_be_offered():
    # stride 4 > 3 already skips cells on 8 wide; stride 5 (windows 0-2 and 5-7) is offered
    with pytest.raises(ValueError, match=r"no padding makes stride 4 fit \(8 \+ 2P - 3 is never a multiple of 4\); try stride 1 or 5$"):
        conv_output_size(8, 3, stride=4)


def test_no_stride_and_no_padding_is_said_plainly():
    with pytest.raises(ValueError, match="no padding makes stride 4 fit.*and no stride works with padding 5$"):
        conv_output_size(10, 3, stride=4, padding=5)
    with pytest.raises(ValueError, match=r"no padding makes it fit at stride 2: 2 \+ 2P - 5 is never a multiple of 2"):
        conv_output_size(2, 5, stride=2)


def test_working_paddings_and_strides_name_only_settings_that_work():
    assert working_paddings(10, 3, stride=5, count=3) == []          # 4, 9, 14 give whole numbers only
    assert whole_number_paddings(10, 3, stride=5, count=3) == [4, 9, 14]
    assert working_strides(10, 3) == [1]                              # 7 skips columns 3..6
    assert working_strides(10, 3, skipping=True) == [1, 7]
    assert working_paddings(7, 3, stride=3) == [1] and working_strides(7, 3) == [1, 2]


def _rule(n, k, s, p, d, skipping):
    """The rule, recomputed here from the windows themselves: a whole number of outputs, no window
    of zeros only, every input cell read unless skipping is allowed."""
    span = d * (k - 1) + 1
    if n + 2 * p < span or (n + 2 * p - span) % s:
        return False
    windows = [{i * s + d * j - p for j in range(k)} for i in range((n + 2 * p - span) // s + 1)]
    if any(not any(0 <= c < n for c in w) for w in windows):
        return False
    return skipping or set(range(n)) <= set().union(*windows)


def _skips(k, s, d):
    """Does an endless row of windows s apart leave a cell unread? (checked over a long row)"""
    read = {i * s + d * j for i in range(-3 * d * k, 3 * d * k + 3 * s) for j in range(k)}
    return not set(range(0, 2 * s * d * k)) <= read


GRID = [(n, k, s, p, d) for n in range(1, 13) for k in range(1, 6) for s in range(1, 8)
        for p in range(0, 5) for d in range(1, 4)]


def test_every_suggestion_on_a_grid_satisfies_the_rule():
    """Over W 1..12, F 1..5, S 1..7, P 0..4, D 1..3: each padding or stride the message suggests
    works; a padding is suggested exactly when one exists (the nearest), the strides are the nearest
    working ones, and 'no padding makes' appears exactly when no padding works."""
    checked = 0
    for n, k, s, p, d in GRID:
        try:
            conv_output_size(n, k, s, p, d)
            continue
        except ValueError as err:
            message = str(err)
        skipping = _skips(k, s, d)
        assert stride_skips_cells(k, s, d) == skipping
        good_pads = [q for q in range(0, n + 2 * d * k) if _rule(n, k, s, q, d, skipping)]
        good_strides = [t for t in range(1, n + 2 * p + 1) if _rule(n, k, t, p, d, skipping)]
        sug = suggestions(n, k, s, p, d)
        if sug.padding is not None:
            assert sug.padding in good_pads and f"padding {sug.padding}" in message
            assert sug.padding == min((q for q in good_pads if q != p), key=lambda q: (abs(q - p), q))
        for t in sug.strides:
            assert t in good_strides
        below = [t for t in good_strides if t < s]
        above = [t for t in good_strides if t > s]
        assert list(sug.strides) == below[-1:] + above[:1]
        if n + 2 * p >= d * (k - 1) + 1:                      # the stride, not the size, is the problem
            assert ("no padding makes" in message) == (sug.padding is None)
            if sug.strides:
                assert message.endswith("stride " + " or ".join(map(str, sug.strides)))
        else:                                                  # the kernel does not fit: more padding
            fits = [q for q in good_pads if q >= p]
            assert (f"try padding {fits[0]}" in message) if fits else ("no padding makes it fit" in message)
        checked += 1
    assert checked > 2000


def test_lecture_padding_example_32_padded_by_2_stays_32():
    """32x32x3 with two borders of zeros is 36x36x3; a 5x5 filter at stride 1 gives 32 again."""
    assert 32 + 2 * 2 == 36
    assert conv_output_shape((32, 32), 5, stride=1, padding=2) == (32, 32)


def test_lecture_alexnet_first_layer_needs_227_not_224():
    """The slide computes (224 - 11 + 1)/4 = 55; the formula gives (224 - 11)/4 + 1 = 54.25
    (and (224 - 11 + 1)/4 is 53.5). An input of 227 gives the 55 of the figure."""
    with pytest.raises(ValueError, match=r"\(224 - 11 \+ 0\)/4 \+ 1 = 54\.25"):
        conv_output_size(224, 11, stride=4)
    assert conv_output_size(227, 11, stride=4) == 55


def test_dilation_widens_the_kernel_to_d_times_k_minus_1_plus_1():
    assert conv_output_size(7, 3, dilation=2) == 3             # span 5
    assert conv_output_size(9, 3, dilation=4) == 1             # span 9
    with pytest.raises(ValueError, match="span 9"):
        conv_output_size(8, 3, dilation=4)


@pytest.mark.parametrize("n, k, p, message", [
    (5, 7, 0, r"kernel 7 .* does not fit in input 5 with padding 0.*try padding 1"),
    (3, 3, 0, None),                                            # exactly fits: one output
])
def test_kernel_that_does_not_fit(n, k, p, message):
    if message is None:
        assert conv_output_size(n, k, padding=p) == 1
    else:
        with pytest.raises(ValueError, match=message):
            conv_output_size(n, k, padding=p)


@pytest.mark.parametrize("kwargs, match", [
    (dict(n=0, kernel=3), "n \\(input size\\) must be a positive integer"),
    (dict(n=5, kernel=0), "kernel must be a positive integer"),
    (dict(n=5, kernel=3, stride=0), "stride must be a positive integer"),
    (dict(n=5, kernel=3, dilation=0), "dilation must be a positive integer"),
    (dict(n=5, kernel=3, padding=-1), "padding must be non-negative"),
    (dict(n=5.0, kernel=3), "n \\(input size\\) must be a positive integer"),
])
def test_bad_settings_name_the_parameter(kwargs, match):
    with pytest.raises(ValueError, match=match):
        conv_output_size(**kwargs)


# --- receptive field ---------------------------------------------------------------------


def test_stacked_3x3_grow_linearly():
    assert [r.size for r in receptive_field([(3, 1, 1)] * 3)] == [3, 5, 7]


def test_dilations_1_2_4_grow_exponentially():
    assert [r.size for r in receptive_field([(3, 1, 1), (3, 1, 2), (3, 1, 4)])] == [3, 7, 15]


def test_strides_multiply_the_jump_and_padding_moves_the_start():
    first, second = receptive_field([(3, 2, 1, 1), (3, 2, 1, 1)])
    assert first == ReceptiveField(size=3, jump=2, start=0.0)
    assert second == ReceptiveField(size=7, jump=4, start=0.0)
    assert receptive_field([(5, 1, 1)])[0].start == 2.0        # no padding: centre of the first window


def test_receptive_field_rejects_malformed_layers():
    with pytest.raises(ValueError, match=r"layers\[1\] must be \(kernel, stride, dilation\)"):
        receptive_field([(3, 1, 1), (3, 1)])
    with pytest.raises(ValueError, match=r"layers\[0\] stride must be a positive integer"):
        receptive_field([(3, 0, 1)])


# --- parameters and connections ----------------------------------------------------------


def test_lecture_mnist_mlp_784_500_10_has_397510_parameters():
    assert mlp_params([784, 500, 10]) == 397_510
    assert mlp_params([784, 500, 10]) == dense_params(784, 500) + dense_params(500, 10)
    assert mlp_params([784, 500, 10], bias=False) == 784 * 500 + 500 * 10


def test_lecture_alexnet_first_layer_weights_units_connections():
    """Slide: 96 neurons of 11x11x3 -> 34,848 weights + 96 biases; table: 290,400 units and
    105,415,200 connections. (The slide's '55 x 55 x 96 = 240400' is a typo for 290,400.)"""
    assert conv_params(3, 96, 11, bias=False) == 34_848
    assert conv_params(3, 96, 11) == 34_848 + 96
    assert 55 * 55 * 96 == 290_400
    assert conv_connections(3, 96, 11, (55, 55)) == 105_415_200


def test_groups_divide_the_weights():
    assert conv_params(48, 128, 5, groups=2, bias=False) == 128 * 24 * 25
    with pytest.raises(ValueError, match="groups 3 must divide in_channels 4"):
        conv_params(4, 6, 3, groups=3)


def test_dense_connections_are_every_pair():
    assert dense_connections(784, 500) == 392_000


def test_mlp_params_needs_two_sizes():
    with pytest.raises(ValueError, match="sizes needs at least an input and an output size"):
        mlp_params([784])


# --- pooling output size -----------------------------------------------------------------


@pytest.mark.parametrize("n, k, s, p, ceil_mode, expected", [
    (4, 2, 2, 0, False, 2),
    (5, 2, 2, 0, False, 2),      # the last cell is dropped
    (5, 2, 2, 0, True, 3),       # ... or kept in a smaller window
    (6, 3, 2, 1, True, 4),
    (5, 3, 3, 1, True, 2),       # a third window would start in the right padding: not counted
    (7, 3, 2, 1, False, 4),
])
def test_pool_output_size(n, k, s, p, ceil_mode, expected):
    assert pool_output_size(n, k, s, p, ceil_mode=ceil_mode) == expected


@pytest.mark.parametrize("args, match", [
    ((5, 3, 1, 2), "padding 2 must be at most half of kernel_size 3"),
    ((2, 5, 1, 1), "kernel_size 5 does not fit in input 2 with padding 1"),
    ((5, 0, 1), "kernel_size must be a positive integer"),
    ((5, 2, 0), "stride must be a positive integer"),
])
def test_pool_output_size_rejects(args, match):
    with pytest.raises(ValueError, match=match):
        pool_output_size(*args)
