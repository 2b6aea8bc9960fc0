"""The widget contract (lessonlib.figures.Explorer), headless: one computation per move, ranges
that follow other controls before the frame is computed, a picture for the stored notebook."""
import base64
import io
from typing import NamedTuple

import ipywidgets as widgets
import matplotlib.pyplot as plt
import pytest

from lessonlib.figures.explorer import LIVE_HINT, Explorer


class Frame(NamedTuple):
    n: int
    position: int


class View:
    def __init__(self, frame):
        self.fig, ax = plt.subplots(figsize=(2, 1), dpi=50)
        self.drawn = []
        self.update(frame)

    def update(self, frame):
        self.drawn.append(frame)


def _explorer(n=5, position=4):
    computed = []

    def compute(n, position):
        computed.append((n, position))
        return Frame(n, position)

    controls = {"n": widgets.IntSlider(value=n, min=1, max=9),
                "position": widgets.IntSlider(value=position, min=0, max=9)}
    explorer = Explorer(controls, compute, View, ranges=lambda n, position: {"position": {"max": n - 1}})
    return explorer, computed


def test_first_state_respects_the_ranges():
    explorer, computed = _explorer(n=3, position=7)
    assert explorer.controls["position"].max == 2 and explorer.frame == Frame(3, 2)
    assert computed == [(3, 2)]


def test_a_move_that_clamps_a_dependent_control_computes_and_draws_once():
    explorer, computed = _explorer(n=5, position=4)
    frame = explorer.update(n=2)
    assert frame == Frame(2, 1) and explorer.controls["position"].max == 1
    assert computed == [(5, 4), (2, 1)]              # never the inconsistent (2, 4)
    assert explorer.view.drawn == [Frame(5, 4), Frame(2, 1)]
    explorer.update(n=9)                              # range grows, position stays
    assert explorer.frame == Frame(9, 1) and explorer.controls["position"].max == 8


def test_update_names_unknown_settings():
    explorer, _ = _explorer()
    with pytest.raises(ValueError, match=r"unknown setting\(s\) \['stride'\].*\['n', 'position'\]"):
        explorer.update(stride=2)


def test_stored_output_holds_a_picture_and_a_hint():
    explorer, _ = _explorer()
    bundle = explorer._repr_mimebundle_()
    png = base64.b64decode(bundle["image/png"])
    assert png.startswith(b"\x89PNG")
    image = plt.imread(io.BytesIO(png))
    assert image.shape[:2] == (50, 100)               # the figure's own size and dpi
    assert bundle["text/plain"] == LIVE_HINT
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == explorer.box.model_id
