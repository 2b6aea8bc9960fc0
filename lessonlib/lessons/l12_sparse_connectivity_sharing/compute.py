"""Lesson 12's computation: which weight each connection uses in a convolution, a locally connected
layer (Goodfellow's figure 9.14: the convolution's connections, a weight of its own on each) and a
dense layer; their parameter counts; the connections Goodfellow's figures 9.2, 9.3 and 9.5
highlight, the costs of his edge detector, and the frames of the connectivity explorer."""
from __future__ import annotations

from math import prod
from typing import NamedTuple

import numpy as np

from ..._validate import as_tuple, positive_int
from ...arithmetic import conv_output_shape, conv_output_size
from ...conv_matrix import conv1d_matrix

FIGURE = {"input": "9.2", "output": "9.3", "parameter": "9.5"}
MODES = {"9.2: one input's outputs": "input", "9.3: one output's inputs": "output",
         "9.5: uses of one parameter": "parameter"}
"""The explorer's figure menu: label -> mode of `connection_highlight`."""


def conv1d_parameter_ids(n: int, kernel_width: int, padding: int = 0, stride: int = 1) -> np.ndarray:
    """(n_out, n) int array: which kernel weight (0..K-1) each connection uses, -1 where none."""
    ids = conv1d_matrix(np.arange(1, kernel_width + 1), n, stride, padding)
    return ids.astype(int) - 1


def local_parameter_ids(n: int, kernel_width: int, padding: int = 0, stride: int = 1) -> np.ndarray:
    """(n_out, n) int array for a locally connected layer: the convolution's connections, but output i
    has its own kernel, so the connection at kernel position j of output i uses weight i·k + j (-1 where
    there is no connection). Its n_out·k weights include those that only ever meet zero padding."""
    ids = conv1d_parameter_ids(n, kernel_width, padding, stride)
    rows = np.arange(ids.shape[0])[:, None]
    return np.where(ids >= 0, rows * kernel_width + ids, -1)


def locally_connected_params(spatial, kernel, stride=1, padding=0, in_channels=1, out_channels=1,
                             bias=False) -> int:
    """Weights of a locally connected layer on an input of `spatial` size (one int per axis):
    every output position of every output map has its own kernel of in_channels·prod(kernel)
    weights, so the count grows with the image (a convolution's does not); + one bias per output."""
    spatial = tuple(spatial)
    out = conv_output_shape(spatial, kernel, stride, padding)
    k = prod(as_tuple(kernel, len(spatial), "kernel", minimum=1))
    units = positive_int(out_channels, "out_channels") * prod(out)
    return units * positive_int(in_channels, "in_channels") * k + (units if bias else 0)


def dense_parameter_ids(n_out: int, n_in: int) -> np.ndarray:
    """(n_out, n_in) int array: a fully connected layer uses a different weight on every connection."""
    return np.arange(positive_int(n_out, "n_out") * positive_int(n_in, "n_in")).reshape(n_out, n_in)


class EdgeCosts(NamedTuple):
    """Costs of Goodfellow's edge detector (kernel [-1, 1] along the width) on a height x width image."""

    out_shape: tuple        # (height, width - 1)
    conv_flops: int         # 2 multiplies + 1 addition per output pixel
    kernel_params: int      # 2
    matrix_entries: int     # dense matrix (out pixels) x (in pixels)
    matrix_nonzeros: int    # entries a sparse matrix stores: 2 per output pixel
    matrix_flops: int       # dense matrix-vector product: one multiply and one add per entry


def edge_detection_costs(height: int, width: int) -> EdgeCosts:
    h, w = positive_int(height, "height"), positive_int(width, "width")
    ow = conv_output_size(w, 2)
    n_out, n_in = h * ow, h * w
    return EdgeCosts((h, ow), 3 * n_out, 2, n_out * n_in, 2 * n_out, 2 * n_out * n_in)


def connection_highlight(ids: np.ndarray, mode: str, unit: int) -> np.ndarray:
    """Bool (n_out, n_in) mask of the connections Goodfellow's figures highlight.

    ids: parameter ids per connection (-1 = no connection), from conv1d_parameter_ids or
    dense_parameter_ids. mode "input" (figure 9.2): every connection leaving input `unit`;
    "output" (9.3): every connection entering output `unit`, i.e. its receptive field;
    "parameter" (9.5): every connection that uses the parameter of the connection from input
    `unit` to the middle output (for unit = middle: the kernel's central element).
    """
    ids = np.asarray(ids)
    connected = ids >= 0
    if mode == "input":
        mask = np.zeros_like(connected)
        mask[:, unit] = connected[:, unit]
    elif mode == "output":
        mask = np.zeros_like(connected)
        mask[unit] = connected[unit]
    elif mode == "parameter":
        chosen = ids[ids.shape[0] // 2, unit]
        mask = (ids == chosen) & connected if chosen >= 0 else np.zeros_like(connected)
    else:
        raise ValueError(f"mode must be 'input', 'output' or 'parameter', got {mode!r}")
    return mask


class ConnectivityFrame(NamedTuple):
    """One of Goodfellow's figures 9.2, 9.3, 9.5 (n inputs x, n outputs s) for three layers: the
    convolution, the locally connected layer (figure 9.14) and the dense layer.

    conv_mask, dense_mask, local_mask: bool (n, n) connections s_i <- x_j of each layer;
    conv_hi, dense_hi, local_hi: bool (n, n), the highlighted ones;
    titles: one per panel (convolution, locally connected, dense); caption: counts;
    *_lit_in: bool (n,), inputs a highlighted connection touches;
    *_lit_out: bool (n,), outputs a highlighted connection touches.
    """

    conv_mask: np.ndarray
    dense_mask: np.ndarray
    conv_hi: np.ndarray
    dense_hi: np.ndarray
    titles: tuple
    caption: str
    conv_lit_in: np.ndarray
    conv_lit_out: np.ndarray
    dense_lit_in: np.ndarray
    dense_lit_out: np.ndarray
    local_mask: np.ndarray
    local_hi: np.ndarray
    local_lit_in: np.ndarray
    local_lit_out: np.ndarray


def connectivity_figure(mode="input", unit=2, n=5, kernel_width=3) -> ConnectivityFrame:
    """One figure of the book: n inputs and n outputs, a width-k kernel with 'same' padding (k odd),
    the same wiring with unshared weights (locally connected) and a dense n x n matrix; mode "input"
    (9.2), "output" (9.3) or "parameter" (9.5), unit 0-based."""
    conv_ids = conv1d_parameter_ids(n, kernel_width, padding=kernel_width // 2)
    local_ids = local_parameter_ids(n, kernel_width, padding=kernel_width // 2)
    dense_ids = dense_parameter_ids(n, n)
    conv_hi, local_hi, dense_hi = (connection_highlight(ids, mode, unit) for ids in (conv_ids, local_ids, dense_ids))
    what = {"input": f"outputs affected by x{unit + 1}", "output": f"inputs that affect s{unit + 1}",
            "parameter": f"connections using the weight of x{unit + 1} → s{n // 2 + 1}"}[mode]
    count = {"input": lambda m: m.any(axis=1).sum(), "output": lambda m: m.any(axis=0).sum(),
             "parameter": lambda m: m.sum()}[mode]
    titles = (f"convolution, kernel width {kernel_width} — {what}: {int(count(conv_hi))}",
              f"locally connected, width {kernel_width}, unshared — {what}: {int(count(local_hi))}",
              f"matrix multiplication — {what}: {int(count(dense_hi))}")
    caption = (f"figure {FIGURE[mode]} · connections: convolution {int((conv_ids >= 0).sum())}, locally connected "
               f"{int((local_ids >= 0).sum())}, dense {dense_ids.size}\nparameters: convolution {kernel_width}, "
               f"locally connected {n * kernel_width}, dense {dense_ids.size}")
    return ConnectivityFrame(conv_ids >= 0, dense_ids >= 0, conv_hi, dense_hi, titles, caption,
                             conv_hi.any(axis=0), conv_hi.any(axis=1), dense_hi.any(axis=0), dense_hi.any(axis=1),
                             local_ids >= 0, local_hi, local_hi.any(axis=0), local_hi.any(axis=1))
