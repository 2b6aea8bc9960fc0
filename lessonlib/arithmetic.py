"""The lecture's formulas: output size, receptive field, parameters and connections.

Pure Python with exact integer arithmetic (fractions), so the error messages can
show the lecture's own division, e.g. (10 - 3 + 0)/5 + 1 = 12/5.
"""
from __future__ import annotations

from fractions import Fraction
from math import prod
from typing import NamedTuple, Sequence

from ._validate import as_tuple, positive_int


def _span(kernel: int, dilation: int) -> int:
    """Extent covered by a dilated kernel: d(k - 1) + 1 input cells."""
    return dilation * (kernel - 1) + 1


def _fmt(x: Fraction) -> str:
    if x.denominator == 1:
        return str(x.numerator)
    return f"{float(x):.4g}"


def _windows(n, kernel, stride, padding, dilation):
    """Padded-input coordinates read by each whole window (as many as fit, rounding down)."""
    covered = n + 2 * padding - _span(kernel, dilation)
    if covered < 0:
        return []
    return [[i * stride + dilation * j for j in range(kernel)] for i in range(covered // stride + 1)]


def empty_windows(n, kernel, stride=1, padding=0, dilation=1) -> int:
    """How many windows read only zero padding: outputs that see no input cell at all."""
    return sum(all(not padding <= t < padding + n for t in taps)
               for taps in _windows(n, kernel, stride, padding, dilation))


def unread_cells(n, kernel, stride=1, padding=0, dilation=1) -> list[int]:
    """Input cells (0..n-1) that no window reads."""
    read = {t - padding for taps in _windows(n, kernel, stride, padding, dilation) for t in taps}
    return [c for c in range(n) if c not in read]


def stride_skips_cells(kernel, stride, dilation=1) -> bool:
    """True when windows `stride` apart leave cells unread however long the input: a stride wider
    than the kernel (d = 1), or a dilated kernel whose holes the next windows do not fill."""
    return any(all((x - dilation * j) % stride for j in range(kernel)) for x in range(stride))


def setting_works(n, kernel, stride=1, padding=0, dilation=1, skipping=None) -> bool:
    """A setting a suggestion may name: a whole number (>= 1) of outputs, no window that reads only
    zero padding, and every input cell read, unless `skipping` (default: this stride skips cells
    anyway, see stride_skips_cells)."""
    covered = n + 2 * padding - _span(kernel, dilation)
    if covered < 0 or covered % stride:
        return False
    if empty_windows(n, kernel, stride, padding, dilation):
        return False
    if skipping is None:
        skipping = stride_skips_cells(kernel, stride, dilation)
    return skipping or not unread_cells(n, kernel, stride, padding, dilation)


def working_paddings(n, kernel, stride=1, dilation=1, start=0, count=1):
    """The smallest `count` paddings >= start with which this stride works (setting_works).

    Only paddings below the kernel's span can work: with P >= D(F-1) + 1 the first window reads
    only zeros. An empty list means no padding makes this stride fit."""
    return [p for p in range(start, _span(kernel, dilation))
            if setting_works(n, kernel, stride, p, dilation)][:count]


def whole_number_paddings(n, kernel, stride=1, dilation=1, count=1):
    """The smallest `count` paddings giving a whole number of outputs, whether or not they work
    (P and P + S leave the same remainder)."""
    span = _span(kernel, dilation)
    return [p for p in range(0, span + stride * (count + 1))
            if n + 2 * p >= span and (n + 2 * p - span) % stride == 0][:count]


def working_strides(n, kernel, padding=0, dilation=1, skipping=False):
    """All strides s >= 1 that work with this padding (setting_works): a whole number of outputs, no
    window of zeros only, and every input cell read, unless `skipping` (strides that skip cells
    are then allowed)."""
    covered = n + 2 * padding - _span(kernel, dilation)
    if covered < 0:
        return []
    return [s for s in range(1, max(covered, 1) + 1)
            if setting_works(n, kernel, s, padding, dilation, skipping=skipping)]


class Suggestions(NamedTuple):
    """What conv_output_size proposes for a setting that does not fit: the working padding nearest
    the asked one at the asked stride (None if there is none), and the nearest working strides below
    and above the asked one at the asked padding. Strides that skip input cells are offered only
    when the asked stride skips cells too."""

    padding: int | None
    strides: tuple


def suggestions(n, kernel, stride=1, padding=0, dilation=1) -> Suggestions:
    pads = working_paddings(n, kernel, stride, dilation, count=_span(kernel, dilation))
    pads = [p for p in pads if p != padding]
    pad = min(pads, key=lambda p: (abs(p - padding), p)) if pads else None
    strides = working_strides(n, kernel, padding, dilation, skipping=stride_skips_cells(kernel, stride, dilation))
    below = [s for s in strides if s < stride]
    above = [s for s in strides if s > stride]
    return Suggestions(pad, tuple(([below[-1]] if below else []) + ([above[0]] if above else [])))


def _no_padding_reason(n, kernel, stride, dilation) -> str:
    """Why no padding makes `stride` fit, in one clause."""
    whole = whole_number_paddings(n, kernel, stride, dilation)
    if not whole:
        return f"{n} + 2P - {_span(kernel, dilation)} is never a multiple of {stride}"
    p = whole[0]
    out = (n + 2 * p - _span(kernel, dilation)) // stride + 1
    empty = empty_windows(n, kernel, stride, p, dilation)
    if empty:
        return (f"the smallest padding that gives a whole number, {p}, gives {out} outputs of which "
                f"{empty} read only zero padding")
    return (f"the smallest padding that gives a whole number, {p}, leaves input cells "
            f"{unread_cells(n, kernel, stride, p, dilation)} unread")


def conv_output_size(n: int, kernel: int, stride: int = 1, padding: int = 0, dilation: int = 1) -> int:
    """Output length along one axis: (n + 2p - d(k-1) - 1)/s + 1.

    With d = 1 this is the lecture's (W - F + 2P)/S + 1. Raises ValueError, showing the
    arithmetic and the nearest paddings and strides that work (see `suggestions`), when the
    kernel does not fit or the result is not an integer ("zero padding is your friend"); when
    no padding makes the stride fit it says so, and why.
    """
    n = positive_int(n, "n (input size)")
    kernel = positive_int(kernel, "kernel")
    stride = positive_int(stride, "stride")
    dilation = positive_int(dilation, "dilation")
    (padding,) = as_tuple(padding, 1, "padding", minimum=0)
    span = _span(kernel, dilation)
    covered = n + 2 * padding - span
    formula = (
        f"({n} - {span} + {2 * padding})/{stride} + 1"
        if dilation == 1
        else f"({n} + 2*{padding} - {dilation}*({kernel}-1) - 1)/{stride} + 1"
    )
    if covered < 0:
        fits = working_paddings(n, kernel, stride, dilation, start=padding)
        hint = (f"; try padding {fits[0]}" if fits else
                f"; no padding makes it fit at stride {stride}: {_no_padding_reason(n, kernel, stride, dilation)}")
        raise ValueError(
            f"kernel {kernel} (dilation {dilation}, span {span}) does not fit in input {n} "
            f"with padding {padding}: {formula} = {_fmt(Fraction(covered, stride) + 1)} < 1{hint}"
        )
    value = Fraction(covered, stride) + 1
    if value.denominator != 1:
        pad, near = suggestions(n, kernel, stride, padding, dilation)
        options = ([f"padding {pad}"] if pad is not None else []) + (
            ["stride " + " or ".join(str(s) for s in near)] if near else [])
        head = f"stride {stride} gives {formula} = {_fmt(value)} outputs: not an integer, so the stride does not fit"
        if pad is not None:
            head += " (zero padding is your friend)"
        else:
            head += (f"; no padding makes stride {stride} fit "
                     f"({_no_padding_reason(n, kernel, stride, dilation)})")
        tail = f"; try {' or '.join(options)}" if options else (
            f"; and no stride works with padding {padding}")
        raise ValueError(head + tail)
    return int(value)


def conv_output_shape(spatial, kernel, stride=1, padding=0, dilation=1) -> tuple[int, ...]:
    """conv_output_size applied per axis; every setting an int or a per-axis tuple."""
    spatial = tuple(spatial)
    k = as_tuple(kernel, len(spatial), "kernel", minimum=1)
    s = as_tuple(stride, len(spatial), "stride", minimum=1)
    p = as_tuple(padding, len(spatial), "padding", minimum=0)
    d = as_tuple(dilation, len(spatial), "dilation", minimum=1)
    return tuple(conv_output_size(*args) for args in zip(spatial, k, s, p, d))


def conv_transpose_output_size(n: int, kernel: int, stride: int = 1, padding: int = 0, output_padding: int = 0,
                               dilation: int = 1) -> int:
    """Output length of a transposed convolution along one axis: (n-1)s - 2p + d(k-1) + output_padding + 1.

    Each of the n inputs stamps the kernel (span d(k-1) + 1) at steps of s; padding p
    crops p cells from each end; output_padding adds cells at the far end only. A
    convolution maps every length from that size up to size + s - 1 back to n (the
    division rounds down), so output_padding, below the stride, picks one of them.
    It must be smaller than the stride or the dilation (PyTorch's rule).
    """
    n = positive_int(n, "n (input size)")
    kernel = positive_int(kernel, "kernel")
    stride = positive_int(stride, "stride")
    dilation = positive_int(dilation, "dilation")
    (padding,) = as_tuple(padding, 1, "padding", minimum=0)
    (output_padding,) = as_tuple(output_padding, 1, "output_padding", minimum=0)
    def size(s, q):
        return (n - 1) * s - 2 * padding + dilation * (kernel - 1) + q + 1

    def largest_padding(s, q):          # size(s, q) >= 1 exactly when padding <= this
        return ((n - 1) * s + dilation * (kernel - 1) + q) // 2

    if output_padding >= max(stride, dilation):
        fixes = [(f"output_padding {max(stride, dilation) - 1}", stride, max(stride, dilation) - 1),
                 (f"stride {output_padding + 1}", output_padding + 1, output_padding)]
        raise ValueError(
            f"output_padding {output_padding} must be smaller than the stride {stride} or the dilation "
            f"{dilation}; try " + " or ".join(
                fix if size(s, q) >= 1 else f"{fix} with padding {largest_padding(s, q)}" for fix, s, q in fixes)
        )
    value = size(stride, output_padding)
    if value < 1:
        fits = largest_padding(stride, output_padding)
        raise ValueError(
            f"padding {padding} crops more than the transposed convolution makes: "
            f"({n} - 1)*{stride} - 2*{padding} + {dilation}*({kernel} - 1) + {output_padding} + 1 = {value} < 1; "
            f"try padding {fits}"
        )
    return value


def conv_transpose_output_shape(spatial, kernel, stride=1, padding=0, output_padding=0, dilation=1) -> tuple[int, ...]:
    """conv_transpose_output_size applied per axis; every setting an int or a per-axis tuple."""
    spatial = tuple(spatial)
    k = as_tuple(kernel, len(spatial), "kernel", minimum=1)
    s = as_tuple(stride, len(spatial), "stride", minimum=1)
    p = as_tuple(padding, len(spatial), "padding", minimum=0)
    q = as_tuple(output_padding, len(spatial), "output_padding", minimum=0)
    d = as_tuple(dilation, len(spatial), "dilation", minimum=1)
    return tuple(conv_transpose_output_size(*args) for args in zip(spatial, k, s, p, q, d))


class ReceptiveField(NamedTuple):
    """Where one unit of a layer looks on the input.

    size: input cells one unit sees; jump: input cells between neighbouring units;
    start: input coordinate of the centre of the first unit (negative when padding
    puts it in the zeros).
    """

    size: int
    jump: int
    start: float


def receptive_field(layers: Sequence[Sequence[int]]) -> list[ReceptiveField]:
    """Receptive field of every layer of a stack, on the input.

    layers: sequence of (kernel, stride, dilation) or (kernel, stride, dilation, padding).
    Returns one ReceptiveField per layer, via r_l = r_{l-1} + d(k-1) j_{l-1},
    j_l = j_{l-1} s, start_l = start_{l-1} + (d(k-1)/2 - p) j_{l-1}.
    """
    size, jump, start = 1, 1, 0.0
    result = []
    for i, layer in enumerate(layers):
        layer = tuple(layer)
        if len(layer) not in (3, 4):
            raise ValueError(
                f"layers[{i}] must be (kernel, stride, dilation) or (kernel, stride, dilation, padding), got {layer!r}"
            )
        k = positive_int(layer[0], f"layers[{i}] kernel")
        s = positive_int(layer[1], f"layers[{i}] stride")
        d = positive_int(layer[2], f"layers[{i}] dilation")
        p = as_tuple(layer[3] if len(layer) == 4 else 0, 1, f"layers[{i}] padding", minimum=0)[0]
        start = start + (d * (k - 1) / 2 - p) * jump
        size = size + d * (k - 1) * jump
        jump = jump * s
        result.append(ReceptiveField(size, jump, start))
    return result


# --- counting parameters and connections ------------------------------------------


def dense_params(n_in: int, n_out: int, bias: bool = True) -> int:
    """Weights n_out * n_in, plus n_out biases."""
    return positive_int(n_out, "n_out") * positive_int(n_in, "n_in") + (n_out if bias else 0)


def mlp_params(sizes: Sequence[int], bias: bool = True) -> int:
    """Total parameters of a chain of dense layers, e.g. (784, 500, 10) -> 397,510."""
    sizes = list(sizes)
    if len(sizes) < 2:
        raise ValueError(f"sizes needs at least an input and an output size, got {sizes!r}")
    return sum(dense_params(a, b, bias) for a, b in zip(sizes[:-1], sizes[1:]))


def dense_connections(n_in: int, n_out: int) -> int:
    """Every output unit is wired to every input unit."""
    return positive_int(n_in, "n_in") * positive_int(n_out, "n_out")


def conv_params(in_channels: int, out_channels: int, kernel, groups: int = 1, bias: bool = True,
                ndim: int = 2) -> int:
    """Weights F * (C/g) * prod(kernel), plus F biases; independent of the image size."""
    c = positive_int(in_channels, "in_channels")
    f = positive_int(out_channels, "out_channels")
    g = positive_int(groups, "groups")
    if c % g or f % g:
        raise ValueError(f"groups {g} must divide in_channels {c} and out_channels {f}")
    k = as_tuple(kernel, ndim, "kernel", minimum=1)
    return f * (c // g) * prod(k) + (f if bias else 0)


def conv_connections(in_channels: int, out_channels: int, kernel, output_spatial, groups: int = 1) -> int:
    """Input-output wires: each output unit sees (C/g) * prod(kernel) inputs (bias not counted)."""
    output_spatial = tuple(output_spatial)
    weights_per_unit = conv_params(in_channels, out_channels, kernel, groups, bias=False,
                                   ndim=len(output_spatial)) // out_channels
    return out_channels * prod(output_spatial) * weights_per_unit


def pool_output_size(n: int, kernel: int, stride: int, padding: int = 0, ceil_mode: bool = False) -> int:
    """Number of pooling windows along one axis.

    floor((n + 2p - k)/s) + 1 by default: cells past the last whole window are dropped.
    ceil_mode=True keeps a last, smaller window over the leftover cells (Goodfellow's
    figure 9.10), as long as it starts inside the input or the left padding.
    """
    n, kernel, stride = positive_int(n, "n (input size)"), positive_int(kernel, "kernel_size"), positive_int(stride, "stride")
    (padding,) = as_tuple(padding, 1, "padding", minimum=0)
    if 2 * padding > kernel:
        raise ValueError(f"padding {padding} must be at most half of kernel_size {kernel}, "
                         "or a window could hold only padding")
    if n + 2 * padding < kernel:
        raise ValueError(f"kernel_size {kernel} does not fit in input {n} with padding {padding}")
    covered = n + 2 * padding - kernel
    out = (-(-covered // stride) if ceil_mode else covered // stride) + 1
    if ceil_mode and (out - 1) * stride >= n + padding:
        out -= 1  # that window would start in the right padding and see no input
    return out
