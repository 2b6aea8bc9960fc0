"""The widget contract (lessonlib.figures.Explorer), headless: one computation per move, ranges
that follow other controls before the frame is computed, a picture for the stored notebook."""
import base64
import io
from typing import NamedTuple

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
import pytest

from lessonlib.figures.explorer import LIVE_HINT, Explorer, push_frame


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


# --- a number typed into a slider's box: clamped by Python, and said (issue 16 item 6) ---------

def _weights_explorer():
    computed = []

    def compute(h, kernel):
        computed.append((h, kernel))
        return Frame(0, 0)

    controls = {"h": widgets.FloatSlider(value=0.0, min=-4, max=4, step=0.05, readout_format=".2f",
                                         description="h[0,0]"),
                "kernel": widgets.Dropdown(options=["box", "custom"], value="box", description="kernel")}
    return Explorer(controls, compute, View), computed


def test_numeric_sliders_get_a_number_box_and_lose_their_readout():
    explorer, _ = _weights_explorer()
    slider, box = explorer.controls["h"], explorer.number_boxes["h"]
    assert isinstance(box, widgets.FloatText) and not slider.readout and box.value == 0.0
    assert list(explorer.number_boxes) == ["h"]                       # a dropdown keeps its own form
    row = explorer.box.children[0]
    pair, menu = row.children                                         # a slider and its box never part
    assert pair.children == (slider, box) and menu is explorer.controls["kernel"]
    assert row.layout.flex_flow == "row wrap"
    assert slider.layout.min_width and box.layout.width == "5em"
    assert explorer.box.children[1] is explorer.message and explorer.message.layout.display == "none"
    int_explorer, _ = _explorer()
    assert isinstance(int_explorer.number_boxes["n"], widgets.IntText)
    own = widgets.IntSlider(value=1, min=0, max=9, readout=False)     # a lesson that hid the readout
    assert Explorer({"d": own}, lambda d: Frame(d, 0), View).number_boxes == {}


def test_typing_above_the_range_sets_the_largest_value_and_says_so():
    explorer, computed = _weights_explorer()
    explorer.number_boxes["h"].value = 10
    assert explorer.controls["h"].value == 4 and explorer.number_boxes["h"].value == 4
    assert "h[0,0]: 10 is above its largest value 4, so it is 4." in explorer.message.value
    assert explorer.message.layout.display is None
    assert computed == [(0.0, "box"), (4.0, "box")]                  # one computation for the move
    explorer.number_boxes["h"].value = 99                             # already at 4: nothing to compute
    assert computed[-1] == (4.0, "box") and len(computed) == 2
    assert "99 is above its largest value 4" in explorer.message.value
    explorer.number_boxes["h"].value = -7.5
    assert explorer.controls["h"].value == -4 and "-7.5 is below its smallest value -4, so it is -4." \
        in explorer.message.value


def test_an_in_range_number_says_nothing_and_the_next_move_clears_the_message():
    explorer, computed = _weights_explorer()
    explorer.number_boxes["h"].value = 1.5
    assert explorer.controls["h"].value == 1.5 and explorer.message.value == ""
    assert computed == [(0.0, "box"), (1.5, "box")]
    explorer.number_boxes["h"].value = 10
    assert explorer.message.value
    explorer.controls["h"].value = 2.0                                # an ordinary slider move
    assert explorer.message.value == "" and explorer.message.layout.display == "none"
    assert explorer.number_boxes["h"].value == 2.0
    explorer.number_boxes["h"].value = 10
    explorer.update(kernel="custom")                                  # any other control, too
    assert explorer.message.value == ""


def test_a_number_between_steps_goes_to_the_nearest_step():
    explorer, _ = _weights_explorer()
    explorer.number_boxes["h"].value = 0.12
    assert explorer.controls["h"].value == pytest.approx(0.1)
    assert "0.12 lies between its steps of 0.05, so it is 0.1." in explorer.message.value


def test_a_value_set_by_code_keeps_its_precision_and_the_box_shows_it_rounded():
    explorer, computed = _weights_explorer()
    explorer.controls["h"].value = 1 / 9                              # a preset's exact weight
    assert explorer.controls["h"].value == 1 / 9 and explorer.number_boxes["h"].value == 0.11
    assert explorer.message.value == "" and len(computed) == 2


def test_a_dependent_range_clamps_the_box_too():
    explorer, computed = _explorer(n=5, position=4)
    assert explorer.number_boxes["position"].value == 4
    explorer.number_boxes["n"].value = 2
    assert explorer.controls["position"].value == 1 and explorer.number_boxes["position"].value == 1
    assert computed == [(5, 4), (2, 1)]                               # no double compute
    explorer.number_boxes["position"].value = 7                       # above the new end 1
    assert explorer.controls["position"].value == 1
    assert "position: 7 is above its largest value 1, so it is 1." in explorer.message.value
    assert computed == [(5, 4), (2, 1)]


def test_update_clamps_like_typing_and_refuses_what_is_not_a_number():
    explorer, computed = _explorer(n=5, position=4)
    frame = explorer.update(n=99)
    assert frame == Frame(9, 4) and explorer.number_boxes["n"].value == 9
    assert "n: 99 is above its largest value 9, so it is 9." in explorer.message.value
    assert computed == [(5, 4), (9, 4)]
    with pytest.raises(TypeError, match=r"position must be a number from 0 to 8, got 'x'"):
        explorer.update(position="x")


def test_the_browser_echoing_a_clamped_float_keeps_the_message():
    # the browser's slider steps from its min in floating point: 0.35 can come back as 0.35000000000000003
    k = widgets.FloatSlider(value=0.0, min=-4, max=4, step=0.05, description="k")
    ex = Explorer({"k": k}, lambda k: Frame(0, 0), View)
    ex.number_boxes["k"].value = 0.33
    assert k.value == 0.35 and "0.33 lies between its steps of 0.05, so it is 0.35" in ex.message.value
    k.value = 0.35000000000000003               # the echo: not a move of the student's
    assert "so it is 0.35" in ex.message.value
    k.value = 0.4                               # the student's next move
    assert ex.message.value == ""
    plt.close(ex.fig)


# --- push_frame: the picture goes to the page now, and whole ---------------------------------------

def _ipympl_figure():
    """A figure on ipympl's canvas (as under %matplotlib widget), whose messages to the page are kept."""
    import matplotlib
    from matplotlib.figure import Figure
    backend = matplotlib.get_backend()
    from ipympl.backend_nbagg import Canvas, FigureManager
    matplotlib.use(backend)              # importing ipympl made it pyplot's backend; the other tests use Agg
    fig = Figure(figsize=(2, 2), dpi=50)
    canvas = Canvas(fig)
    FigureManager(canvas, 0)
    canvas.syncing_data_url = False              # as once the page has said "initialized"
    sent = []
    canvas.send = lambda content, buffers=None: sent.append(buffers[0]) if buffers else None
    return fig, sent


def _alpha_min(png: bytes) -> int:
    from PIL import Image
    return int(np.asarray(Image.open(io.BytesIO(png)))[..., 3].min())


def test_push_frame_sends_a_whole_picture_at_once_under_ipympl():
    fig, sent = _ipympl_figure()
    image = fig.add_subplot().imshow(np.zeros((3, 3)), vmin=0, vmax=1)
    push_frame(fig)
    image.set_data(np.eye(3))
    push_frame(fig)
    assert len(sent) == 2                        # one picture per call, without the page asking
    # whole pictures: every pixel opaque (ipympl's differences are transparent where nothing changed)
    assert [_alpha_min(png) for png in sent] == [255, 255]
    # what push_frame avoids: a plain draw after it sends only the difference
    image.set_data(np.zeros((3, 3)))
    fig.canvas.draw()
    assert _alpha_min(sent[-1]) == 0


def test_push_frame_only_asks_for_a_redraw_on_other_canvases():
    fig, ax = plt.subplots()
    calls = []
    fig.canvas.draw_idle = lambda: calls.append("idle")
    push_frame(fig)
    assert calls == ["idle"]
    plt.close(fig)
