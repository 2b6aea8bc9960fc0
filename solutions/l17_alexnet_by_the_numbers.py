"""Lesson 17's solution: units, weights and connections of a conv layer with groups, as the lecture's table counts them."""


def conv_layer_counts(input_shape, filters, kernel, stride=1, padding=0, groups=1):
    """input_shape: (C, H, W); `filters` maps of kernel × kernel over C/groups channels each.

    Returns (units, weights, connections): biases not counted, connections = units × fan-in.
    """
    c, h, w = input_shape
    out_h = (h - kernel + 2 * padding) // stride + 1
    out_w = (w - kernel + 2 * padding) // stride + 1
    fan_in = (c // groups) * kernel * kernel     # the inputs one unit sees
    units = filters * out_h * out_w
    weights = filters * fan_in
    connections = units * fan_in
    return units, weights, connections
