"""Measuring invariance for lesson 15: to small shifts (pooling over space) and to rotation
(pooling over detectors tuned to rotated versions of a digit, Goodfellow et al. figure 9.9)."""
from __future__ import annotations

from typing import Callable

import numpy as np

from ..models.transforms import shift_images


def relative_change(reference, moved) -> float:
    """Mean over samples of ||moved - reference|| / ||reference||; arrays (N, ...)."""
    diff = (moved - reference).reshape(len(reference), -1)
    ref = reference.reshape(len(reference), -1)
    norms = np.linalg.norm(ref, axis=1)
    keep = norms > 0
    return float(np.mean(np.linalg.norm(diff[keep], axis=1) / norms[keep]))


def shift_sensitivity(features: Callable, images, shifts=(0, 1, 2, 3), poolings: dict | None = None) -> dict:
    """How much each representation changes when the input moves by s pixels.

    features(images (N, H, W)) -> maps (N, C, H', W'); poolings: name -> function of the maps
    (None for the maps themselves). Each shift is applied in four directions (right, left,
    down, up) and the relative changes averaged. Returns name -> array (len(shifts),).
    """
    poolings = {"unpooled": None} if poolings is None else poolings
    images = np.asarray(images)
    base = features(images)
    base_out = {name: base if pool is None else pool(base) for name, pool in poolings.items()}
    result = {name: np.zeros(len(shifts)) for name in poolings}
    for i, s in enumerate(shifts):
        if s == 0:
            continue
        for dy, dx in ((0, s), (0, -s), (s, 0), (-s, 0)):
            moved = features(shift_images(images, dy, dx))
            for name, pool in poolings.items():
                out = moved if pool is None else pool(moved)
                result[name][i] += relative_change(base_out[name], out) / 4
    return result


def normalised(templates) -> np.ndarray:
    """Each template (K, H, W) shifted to mean 0 and scaled to norm 1: a detector whose
    response to an image of norm 1 is a correlation coefficient-like number in [-1, 1]."""
    t = np.asarray(templates, dtype=np.float64)
    t = t - t.mean(axis=(1, 2), keepdims=True)
    return t / np.linalg.norm(t.reshape(len(t), -1), axis=1)[:, None, None]


def detector_responses(templates, images) -> np.ndarray:
    """Detector units of figure 9.9: ReLU of the correlation of every (normalised) image with every
    normalised template. images (M, H, W), templates (K, H, W) -> (M, K) in [0, 1]."""
    t = normalised(templates).reshape(len(templates), -1)
    x = normalised(images).reshape(len(images), -1)
    return np.maximum(x @ t.T, 0.0)
