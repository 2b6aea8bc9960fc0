"""conv_geometry: receptive fields by backprop."""
import numpy as np
import pytest

from lessonlib.conv_geometry import (backprop_footprint, dilated_stack, fitting_input_size, layer_sizes,
                                     receptive_box, stack_receptive_field)


@pytest.mark.parametrize("depth,stride,base", [(1, 1, 1), (3, 1, 1), (3, 1, 2), (4, 1, 2), (2, 2, 1), (3, 2, 2)])
def test_backprop_footprint_is_the_closed_form_receptive_field(depth, stride, base):
    layers = dilated_stack(depth, stride, base)
    rf = stack_receptive_field(layers)
    n = fitting_input_size(layers, 4 * rf.size)          # big enough that nothing is clipped
    last = layer_sizes(layers, n)[-1]
    unit = (last // 2, last // 2)
    grad = backprop_footprint(layers, n, unit)
    rows, cols = np.nonzero(grad)
    r0, r1, c0, c1 = receptive_box(rf, unit)
    assert (rows.min(), rows.max(), cols.min(), cols.max()) == (r0, r1, c0, c1)
    assert r1 - r0 + 1 == rf.size
    assert grad.sum() == np.prod([k * k for k, *_ in layers])      # paths: product of kernel areas


def test_growth_linear_vs_exponential():
    assert [stack_receptive_field(dilated_stack(L)).size for L in (1, 2, 3, 4)] == [3, 5, 7, 9]
    assert [stack_receptive_field(dilated_stack(L, dilation_base=2)).size for L in (1, 2, 3, 4)] == [3, 7, 15, 31]


def test_single_dilated_layer_has_holes():
    grad = backprop_footprint([(3, 1, 2, 2)], 9, (4, 4))
    assert np.count_nonzero(grad) == 9 and np.nonzero(grad)[0].tolist() == [2, 2, 2, 4, 4, 4, 6, 6, 6]


def test_fitting_input_size_for_strided_stacks():
    assert fitting_input_size(dilated_stack(3), 28) == 28
    assert fitting_input_size(dilated_stack(2, stride=2), 28) == 29
    assert layer_sizes(dilated_stack(4, stride=2), 33) == [17, 9, 5, 3]
    with pytest.raises(ValueError, match="no input size"):
        fitting_input_size([(3, 2, 1, 0)] * 3, 28, limit=30)


def test_unit_outside_and_even_kernel():
    with pytest.raises(ValueError, match="outside"):
        backprop_footprint(dilated_stack(1), 8, (8, 0))
    with pytest.raises(ValueError, match="odd"):
        dilated_stack(2, kernel=4)
