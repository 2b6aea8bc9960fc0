"""Lesson 11's solution: the receptive-field recursion, layer by layer from the input."""


def receptive_field_and_jump(layers):
    """layers: list of (kernel, stride, dilation), input side first. Returns (r, j) of the last layer."""
    r, j = 1, 1                      # a unit with no layers sees one pixel; neighbours are 1 pixel apart
    for k, s, d in layers:
        r = r + d * (k - 1) * j      # the kernel steps over units j input pixels apart
        j = j * s
    return r, j
