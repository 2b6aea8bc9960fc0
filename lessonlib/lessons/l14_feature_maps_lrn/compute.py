"""Lesson 14's computation: the small CNN's feature maps by stage, the browser over held-out digits,
and what local response normalisation multiplies each activation by."""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ...kernels.lrn import lrn_forward
from ...models import STAGES, feature_maps, to_input
from ...threads import limit_threads


class FeatureMaps(NamedTuple):
    """maps[stage]: (N, C, H, W), stage names as in lessonlib.models.STAGES; scores: (N, 10)."""

    maps: dict
    scores: np.ndarray


def stage_maps(model, images) -> FeatureMaps:
    """Run digits (N, H, W) through the model in one batch and keep every stage's output."""
    outs = feature_maps(model, to_input(images))
    return FeatureMaps({stage: outs[i].maps for stage, i in STAGES.items()}, outs[-1].maps)


class MapFrame(NamedTuple):
    """One digit's maps at one stage. image: (H, W); maps: (C, h, w) every map of the stage;
    chosen: (h, w) = maps[channel]; top: max over all maps of the stage (1.0 if all are 0), their
    shared colour scale; chosen_max: max of the chosen map."""

    image: np.ndarray
    maps: np.ndarray
    stage: str
    channel: int
    chosen: np.ndarray
    top: float
    chosen_max: float


def map_frame(image, maps: dict, stage, channel) -> MapFrame:
    """image: (H, W); maps: stage -> (C, h, w) for that image."""
    stack = maps.get(stage)
    if stack is None:
        raise ValueError(f"stage must be one of {list(maps)}, got {stage!r}")
    if not 0 <= channel < len(stack):
        raise ValueError(f"channel must be in 0..{len(stack) - 1} for {stage}, got {channel}")
    chosen = stack[channel]
    return MapFrame(image, stack, stage, channel, chosen, float(stack.max()) or 1.0, float(chosen.max()))


class DigitMaps:
    """compute(digit, example, stage, channel) -> MapFrame for the feature-map explorer.

    The maps of `examples` held-out digits per class are computed once, in one batch; a move of a
    control only picks arrays. images: (N, 28, 28) uint8; labels: (N,).
    """

    def __init__(self, model, images, labels, examples=10):
        labels = np.asarray(labels)
        picks = [np.flatnonzero(labels == d)[:examples] for d in range(10)]
        self.examples = examples
        self.images = np.asarray(images)[np.concatenate(picks)]
        with limit_threads(1):
            self.maps = stage_maps(model, self.images).maps

    def channels(self, stage) -> int:
        """How many maps the stage has."""
        return self.maps[stage].shape[1]

    def __call__(self, digit, example, stage, channel) -> MapFrame:
        i = digit * self.examples + example
        return map_frame(self.images[i], {s: m[i] for s, m in self.maps.items()}, stage, channel)


class LRNFrame(NamedTuple):
    """LRN of one image's maps, shown for one channel. before, after, factor: (H, W) of that channel;
    factor = (k + α Σ a²)^-β, what each activation was multiplied by; means: (C,) mean factor per
    channel; top: largest activation of all maps; factor_max: largest factor of all channels;
    k_beta: k^-β, the factor where all activations are 0."""

    before: np.ndarray
    after: np.ndarray
    factor: np.ndarray
    means: np.ndarray
    top: float
    factor_max: float
    k_beta: float
    channel: int
    size: int
    alpha: float
    beta: float
    k: float


class LRNMaps:
    """compute(size, alpha, beta, k, channel) -> LRNFrame for maps (C, H, W) of one image."""

    def __init__(self, maps):
        self.maps = np.ascontiguousarray(np.asarray(maps)[None], dtype=np.float64)
        self.top = float(self.maps.max()) or 1.0

    def __call__(self, size=5, alpha=1e-4, beta=0.75, k=2.0, channel=0) -> LRNFrame:
        if not 0 <= channel < self.maps.shape[1]:
            raise ValueError(f"channel must be in 0..{self.maps.shape[1] - 1}, got {channel}")
        with limit_threads(1):                 # one image: a second thread only adds wake-up time
            out, cache = lrn_forward(self.maps, size, alpha, beta, k)   # validates the rest
        factor = cache.denom[0] ** -beta
        return LRNFrame(self.maps[0, channel], out[0, channel], factor[channel], factor.mean(axis=(1, 2)),
                        self.top, max(float(factor.max()), 1e-12), k ** -beta, channel, size, alpha, beta, k)
