"""Lesson 9's solution: a convolution's output size by the lecture's integer rule, None when it does not fit."""


def output_size(n, kernel, stride=1, padding=0, dilation=1):
    """Output length along one axis, (n + 2·padding − dilation·(kernel − 1) − 1)/stride + 1, or None when that
    is not a whole number ≥ 1."""
    covered = n + 2 * padding - dilation * (kernel - 1) - 1     # padded input minus the kernel's span
    if covered < 0 or covered % stride != 0:
        return None
    return covered // stride + 1
