"""Lesson 19's drawings: a clip's frames, and 3-D kernels sliding along time."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Rectangle

from ...figures import DPI
from ...figures.cached_text import cache_texts, fixed_tick_labels
from .compute import Conv3DFrame


def _image(ax, data, title, cmap="gray", vmin=0.0, vmax=1.0):
    im = ax.imshow(data, cmap=cmap, vmin=vmin, vmax=vmax, interpolation="nearest")
    ax.set_title(title, fontsize=10)
    ax.set_xticks([])
    ax.set_yticks([])
    return im


def plot_clip(clip, frames, title="the clip, frame by frame"):
    """The chosen frames of a (D, H, W) clip side by side, each titled with its time index."""
    frames = list(frames)
    fig, axes = plt.subplots(1, len(frames), figsize=(1.6 * len(frames), 1.5), dpi=DPI, layout="constrained")
    for ax, t in zip(np.atleast_1d(axes), frames):
        _image(ax, clip[t], f"t = {t}")
    fig.suptitle(title, fontsize=10)
    return fig


def plot_responses(times, curves, labels, title):
    """Lines of a per-frame number (e.g. total |temporal difference|) against the output frame."""
    fig, ax = plt.subplots(figsize=(7, 2.4), dpi=DPI, layout="constrained")
    for curve, label in zip(curves, labels):
        ax.plot(times, curve, "o-", label=label)
    ax.set_xlabel("output frame t")
    ax.set_ylabel("sum of |response|")
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=10, frameon=False)
    return fig


class Conv3DView:
    """Input frame t | temporal mean over the window | temporal difference | the clip from the side.

    The side view is one row (frame.row, dashed on the input frame) of every frame; a rectangle marks
    the frames t .. t+depth-1 that the 3-D kernel covers. Drawn once from a Conv3DFrame; update(frame)
    swaps arrays, moves the rectangle and sets the title. Every text (titles, the side view's tick
    labels: its axes never move) is pasted from cached pictures, so a redraw is mostly the images.
    """

    def __init__(self, frame: Conv3DFrame):
        self.fig, axes = plt.subplots(1, 4, figsize=(10, 2.6), dpi=DPI, gridspec_kw=dict(width_ratios=[2, 2, 2, 2]))
        f_im = _image(axes[0], frame.image, "input frame t")
        axes[0].axhline(frame.row, color="#ee7733", linestyle="--", linewidth=1)
        m_im = _image(axes[1], frame.mean, "temporal mean (kernel 1/d … 1/d)")
        d_im = _image(axes[2], frame.diff, "temporal difference (−1 … +1)", cmap="RdBu_r", vmin=-1.0, vmax=1.0)
        self.images = (f_im, m_im, d_im)      # frame, temporal mean, temporal difference
        axes[3].imshow(frame.xt_slice, cmap="gray", vmin=0, vmax=1, aspect="auto", interpolation="nearest")
        axes[3].set_title("the dashed row, every frame", fontsize=10)
        axes[3].set_xlabel("x (column)")
        axes[3].set_ylabel("time (frame)")
        # the kernel's time window on the space-time slice
        self.window = Rectangle((-0.5, frame.t - 0.5), frame.xt_slice.shape[1], frame.depth, fill=False,
                                edgecolor="#ee7733", linewidth=2)
        axes[3].add_patch(self.window)
        self.title = self.fig.suptitle("", fontsize=10)
        self.update(frame)
        self.fig.tight_layout()      # once: a layout engine would re-run on every redraw
        for ax in axes:
            cache_texts(ax, [ax.title] + (fixed_tick_labels(ax) if ax is axes[3] else [])
                        + ([self.title] if ax is axes[0] else []))

    def update(self, frame: Conv3DFrame):
        f_im, m_im, d_im = self.images
        f_im.set_data(frame.image)
        m_im.set_data(frame.mean)
        d_im.set_data(frame.diff)
        self.window.set_y(frame.t - 0.5)
        self.window.set_height(frame.depth)
        t, d, n = frame.t, frame.depth, frame.n_frames
        self.title.set_text(f"kernel {d}×1×1: output frame {t} sees input frames {t}…{t + d - 1};  "
                            f"output depth {n} − {d} + 1 = {n - d + 1}")
