"""Lesson 00's one slider: where a 3-wide kernel lands on a 7-wide input at a given stride."""
from __future__ import annotations

from typing import NamedTuple

from ...arithmetic import conv_output_size, unread_cells


class StrideFrame(NamedTuple):
    n: int                  # input width
    kernel: int             # kernel width
    stride: int
    starts: tuple           # first input cell of each window the kernel visits
    fits: bool              # the windows end exactly on the last input cell
    message: str            # the output size, or the lecture's message when the stride does not fit
    unread: tuple = ()      # input cells no window reads (a stride wider than the kernel skips cells)


def stride_frame(stride: int, n: int = 7, kernel: int = 3) -> StrideFrame:
    """The windows of a `kernel`-wide kernel sliding over `n` cells with `stride` (no padding)."""
    starts = tuple(range(0, n - kernel + 1, stride))
    try:
        out = conv_output_size(n, kernel, stride=stride)
        message = f"{n}×{n} input, {kernel}×{kernel} kernel, stride {stride}: output {out}×{out}"
        fits = True
        unread = tuple(unread_cells(n, kernel, stride))
        if unread:
            many = len(unread) > 1
            message += (f", but input column{'s' * many} {', '.join(map(str, unread))} and the same "
                        f"row{'s' * many} {'are' if many else 'is'} never read: the stride is wider than the kernel")
    except ValueError as err:
        message, fits = str(err), False
    return StrideFrame(n, kernel, stride, starts, fits, message, unread if fits else ())
