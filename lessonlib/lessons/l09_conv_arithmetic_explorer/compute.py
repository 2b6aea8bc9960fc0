"""Lesson 9's computation: where the windows of a convolution go along one axis, valid or not.

`geometry` answers, for settings the lecture calls invalid too, how many windows fit and which
input cells they cover; `explore` turns one setting and one output position into the frame the
explorer draws (the grids are square: one axis serves both).
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

from lessonlib._validate import positive_int
from lessonlib.arithmetic import (_no_padding_reason, conv_output_size, stride_skips_cells, suggestions,
                                  working_paddings)

# The standard cases of Dumoulin & Visin, "A guide to convolution arithmetic for deep learning"
# (2016), and the lecture's own examples. Labels name settings only; the figure computes results.
PRESETS = {
    "no padding, unit stride (4×4, 3×3)": dict(n=4, kernel=3, padding=0, stride=1, dilation=1),
    "arbitrary padding (5×5, 4×4, P=2)": dict(n=5, kernel=4, padding=2, stride=1, dilation=1),
    "'same' (half) padding (5×5, 3×3, P=1)": dict(n=5, kernel=3, padding=1, stride=1, dilation=1),
    "'full' padding (5×5, 3×3, P=2)": dict(n=5, kernel=3, padding=2, stride=1, dilation=1),
    "slide: 7×7 input, stride 1": dict(n=7, kernel=3, padding=0, stride=1, dilation=1),
    "slide: 7×7 input, stride 2": dict(n=7, kernel=3, padding=0, stride=2, dilation=1),
    "padding and stride (5×5, 3×3, P=1, S=2)": dict(n=5, kernel=3, padding=1, stride=2, dilation=1),
    "slide: W=10, F=3, P=0, S=5 (invalid)": dict(n=10, kernel=3, padding=0, stride=5, dilation=1),
    "stride larger than kernel (8×8, 2×2, S=3)": dict(n=8, kernel=2, padding=0, stride=3, dilation=1),
    "dilation 2 (7×7, 3×3, D=2)": dict(n=7, kernel=3, padding=0, stride=1, dilation=2),
}
DEFAULT = "slide: 7×7 input, stride 1"
CUSTOM = "custom (the sliders match no preset)"

# The explorer's sliders: (smallest, largest). Padding's largest follows the kernel (padding_max).
LIMITS = dict(n=(1, 14), kernel=(1, 7), padding=(0, 4), stride=(1, 6), dilation=(1, 4))


def padding_max(kernel: int, dilation: int) -> int:
    """The padding slider's end: at least 4, and at least 'full' padding D(F-1), the largest padding
    with which a window still reads an input cell, so every padding a suggestion names is reachable
    (a working padding is always below the kernel's span D(F-1) + 1)."""
    return max(LIMITS["padding"][1], dilation * (kernel - 1))


def preset_of(n: int, kernel: int, padding: int, stride: int, dilation: int) -> str:
    """The preset whose settings the sliders show, or CUSTOM."""
    settings = dict(n=n, kernel=kernel, padding=padding, stride=stride, dilation=dilation)
    return next((name for name, preset in PRESETS.items() if preset == settings), CUSTOM)


class Geometry(NamedTuple):
    """One axis of a convolution, valid or not.

    out_size: the lecture's (W - F + 2P)/S + 1 when it is an integer; otherwise the number of
    whole windows that fit (what PyTorch silently uses, flooring), or 0.
    coverage: for each cell of the padded input (length n + 2p), how many windows touch it.
    uncovered: input cells (0..n-1, padding excluded) that no window touches.
    message: None when valid, else conv_output_size's explanation with the settings that work.
    suggested: for an invalid setting, the settings the explorer proposes instead, each a dict of the
    one slider to change ({"padding": 1} or {"stride": 3}), all within the sliders' ranges.
    advice: None when valid, else the explorer's sentence: why it does not fit and the `suggested`
    settings, in words only (the formula line above it already shows the arithmetic).
    """

    n: int
    kernel: int
    stride: int
    padding: int
    dilation: int
    span: int
    out_size: int
    valid: bool
    formula: str
    message: str | None
    coverage: np.ndarray
    uncovered: np.ndarray
    suggested: tuple = ()
    advice: str | None = None


def _formula(n, k, s, p, d, value: str) -> str:
    if d == 1:
        return f"(W − F + 2P)/S + 1 = ({n} − {k} + {2 * p})/{s} + 1 = {value}"
    return (f"(W + 2P − D(F−1) − 1)/S + 1 = ({n} + {2 * p} − {d}·{k - 1} − 1)/{s} + 1 = {value}")


def geometry(n: int, kernel: int, stride: int = 1, padding: int = 0, dilation: int = 1) -> Geometry:
    """Everything the explorer draws for one axis; never raises for a setting that merely does not fit."""
    n, k = positive_int(n, "n (input size)"), positive_int(kernel, "kernel")
    s, d = positive_int(stride, "stride"), positive_int(dilation, "dilation")
    if isinstance(padding, bool) or int(padding) != padding or padding < 0:
        raise ValueError(f"padding must be a non-negative integer, got {padding!r}")
    p = int(padding)
    span = d * (k - 1) + 1
    covered = n + 2 * p - span
    try:
        out, message, valid = conv_output_size(n, k, s, p, d), None, True
    except ValueError as err:
        out, message, valid = (covered // s + 1 if covered >= 0 else 0), str(err), False
    if valid:
        value = f"{covered}/{s} + 1 = {out}"
    elif covered >= 0:
        value = f"{covered}/{s} + 1 = {covered / s + 1:.4g}, not an integer"
    else:
        value = f"−{-covered}/{s} + 1 < 1: the kernel does not fit"
    coverage = np.zeros(n + 2 * p, dtype=int)
    for i in range(out):
        coverage[i * s + d * np.arange(k)] += 1
    inner = coverage[p:p + n]
    suggested, advice = ((), None) if valid else _advice(n, k, s, p, d)
    return Geometry(n, k, s, p, d, span, out, valid, _formula(n, k, s, p, d, value), message,
                    coverage, np.flatnonzero(inner == 0), suggested, advice)


def _reason(n, k, s, d) -> str:
    """Why no padding makes stride s work, with the figure's minus sign."""
    return _no_padding_reason(n, k, s, d).replace(" - ", " − ")


def _nearest_pair(n, k, s, p, d):
    """The stride nearest s (within the slider) that works with some padding, with the working
    padding nearest p: {"stride": t, "padding": q}, or None."""
    span = d * (k - 1) + 1
    for t in sorted(range(LIMITS["stride"][0], LIMITS["stride"][1] + 1), key=lambda t: (abs(t - s), t)):
        pads = working_paddings(n, k, t, d, count=span) if t != s else []
        if pads:
            return {"stride": t, "padding": min(pads, key=lambda q: (abs(q - p), q))}
    return None


def _words(setting: dict) -> str:
    return " with ".join(f"{name} {value}" for name, value in setting.items())


def _advice(n, k, s, p, d):
    """(suggested settings, sentence) for a setting that does not fit, by lessonlib.arithmetic's rule
    (a suggestion works: a whole number of outputs, no window of zeros only, every input cell read
    unless the stride skips cells anyway), limited to what the sliders reach."""
    span = d * (k - 1) + 1
    if n + 2 * p < span:
        fits = working_paddings(n, k, s, d, start=p)
        head = f"The kernel spans {span} cells, the padded input only {n + 2 * p}"
        suggested = [{"padding": fits[0]}] if fits else []
        if not fits:
            head += f"; no padding makes it fit at stride {s} ({_reason(n, k, s, d)})"
    else:
        pad, near = suggestions(n, k, s, p, d)
        suggested = ([{"padding": pad}] if pad is not None else []) + [
            {"stride": t} for t in near if t <= LIMITS["stride"][1]]
        head = f"Stride {s} does not fit"
        if pad is None:
            head += f"; no padding makes it work ({_reason(n, k, s, d)})"
    if not suggested:
        pair = _nearest_pair(n, k, s, p, d)
        suggested = [pair] if pair else []
    if not suggested:
        return (), f"{head}. No stride the slider reaches works with any padding: change W, F or D."
    return tuple(suggested), f"{head}. Try {' or '.join(_words(x) for x in suggested)}."


def window_cells(g: Geometry, i: int) -> np.ndarray:
    """Padded-input coordinates of the kernel cells of window i along one axis."""
    if not 0 <= i < max(g.out_size, 1):
        raise ValueError(f"output position {i} is outside 0..{g.out_size - 1}")
    return i * g.stride + g.dilation * np.arange(g.kernel)


# --- what the explorer draws ---------------------------------------------------------------

# Cell kinds, as the frame's grids hold them (the view gives each its colour).
PADDING, INPUT, UNCOVERED, KERNEL = 0, 1, 2, 3          # padded input
OUTPUT, CURRENT, DROPPED, EMPTY = 4, 5, 6, 7            # output grid (DROPPED: a floored, invalid output)
KINDS = ("padding", "input", "uncovered", "kernel", "output", "current", "dropped", "empty")


def input_cells(g: Geometry, position: int) -> np.ndarray:
    """(N, N) cell kinds of the padded input (N = n + 2P): padding, input, rows/columns no window
    reaches, and the kernel's cells at output `position` (row-major; none when nothing fits)."""
    size = g.n + 2 * g.padding
    cells = np.full((size, size), PADDING, dtype=np.int8)
    inner = slice(g.padding, g.padding + g.n)
    cells[inner, inner] = INPUT
    for u in g.uncovered + g.padding:        # a row or column no window reaches
        cells[u, inner] = UNCOVERED
        cells[inner, u] = UNCOVERED
    if g.out_size:
        i, j = divmod(position, g.out_size)
        cells[np.ix_(window_cells(g, i), window_cells(g, j))] = KERNEL
    return cells


def output_cells(g: Geometry, position: int) -> np.ndarray:
    """(O, O) cell kinds of the output grid (1×1 and EMPTY when nothing fits); `position` is CURRENT."""
    o = max(g.out_size, 1)
    cells = np.full((o, o), OUTPUT if g.valid else DROPPED, dtype=np.int8)
    if g.out_size:
        cells[divmod(position, g.out_size)] = CURRENT
    else:
        cells[:] = EMPTY
    return cells


def last_position(g: Geometry) -> int:
    """The largest row-major output position (0 when nothing fits): the position slider's end."""
    return max(g.out_size ** 2 - 1, 0)


class Frame(NamedTuple):
    """One state of the explorer.

    geometry: the axis (both axes: the grids are square)
    position: output position, row-major, clipped to the grid; row, col: the same as (row, col)
    inputs:   (N, N) int8 cell kinds of the padded input, N = n + 2P (PADDING, INPUT, UNCOVERED, KERNEL)
    outputs:  (O, O) int8 cell kinds of the output grid, O = max(out_size, 1) (OUTPUT, CURRENT, DROPPED, EMPTY)
    """

    geometry: Geometry
    position: int
    row: int
    col: int
    inputs: np.ndarray
    outputs: np.ndarray


def frame_of(g: Geometry, position: int = 0) -> Frame:
    """The frame for geometry g with the kernel at output `position` (clipped to the grid)."""
    position = int(min(max(position, 0), last_position(g)))
    row, col = divmod(position, g.out_size) if g.out_size else (0, 0)
    return Frame(g, position, row, col, input_cells(g, position), output_cells(g, position))


def explore(n: int, kernel: int, padding: int = 0, stride: int = 1, dilation: int = 1, position: int = 0) -> Frame:
    """settings -> frame: the explorer's computation (also for settings that do not fit)."""
    return frame_of(geometry(n, kernel, stride, padding, dilation), position)
