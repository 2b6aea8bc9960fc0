"""Lesson 20, "Draw your own digit": the pen, the frame of a drawing, the example the check cell
prints, and the pad driven by simulated mouse events (headless, Agg)."""
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.backend_bases import MouseEvent

from lessonlib.data.mnist_style import centre_of_mass
from lessonlib.lessons.l20_cnn_on_mnist.compute import (DIGIT_STROKES, DrawnDigit, drawn_digit, paint_stroke,
                                                        step_example)
from lessonlib.lessons.l20_cnn_on_mnist.controls import DrawDigit
from lessonlib.models import load_pretrained


@pytest.fixture(scope="module")
def model():
    return load_pretrained()


@pytest.fixture()
def pad(model):
    d = DrawDigit(model, drawn_digit(7, 4, 8, 20))
    yield d
    plt.close(d.pad.fig)
    plt.close(d.view.fig)


def _mouse(d, name, row, col, button=1):
    x, y = d.pad.ax.transData.transform((col, row))
    canvas = d.pad.fig.canvas
    canvas.callbacks.process(name, MouseEvent(name, canvas, x, y, button=button))


def _drag(d, points):
    _mouse(d, "button_press_event", *points[0])
    for p in points[1:]:
        _mouse(d, "motion_notify_event", *p)
    _mouse(d, "button_release_event", *points[-1])


def test_the_pen_paints_a_soft_round_stroke_and_never_lightens_ink():
    canvas = np.zeros((28, 28))
    paint_stroke(canvas, (5, 5), (5, 20))
    assert canvas[5, 5:21].min() == 1.0                              # the path is full ink
    assert 0 < canvas[6, 12] < 1 or canvas[6, 12] == 1.0
    assert canvas[4, 12] == canvas[6, 12]                            # round: symmetric across the path
    assert not canvas[8:].any() and not canvas[:2].any()             # only near the segment
    before = canvas.copy()
    paint_stroke(canvas, (0, 12), (10, 12))
    assert (canvas >= before).all()                                  # max, never lighter
    with pytest.raises(TypeError, match="canvas must be a 2-D float"):
        paint_stroke(np.zeros((28, 28), dtype=np.uint8), (0, 0), (1, 1))


def test_every_drawn_template_is_read_right_when_large_and_centred(model):
    compute = DrawnDigit(model)
    for digit in DIGIT_STROKES:
        assert compute(drawn_digit(digit, 4, 8, 20)).predicted == digit


def test_frame_holds_both_probabilities_every_layer_and_the_unit_inside_its_box(model):
    f = DrawnDigit(model)(drawn_digit(3, 2, 2, 10))
    assert np.isclose(f.probs.sum(), 1) and np.isclose(f.probs_raw.sum(), 1)
    assert [m.shape for m in f.maps] == [(16, 28, 28), (16, 28, 28), (16, 14, 14), (32, 10, 10), (32, 10, 10),
                                         (32, 5, 5)]
    assert f.names[0].startswith("conv1") and f.unit[0] == 5
    cy, cx = centre_of_mass(f.image)
    assert abs(cy - 14) <= 0.5 and abs(cx - 14) <= 0.5
    t, b, l, r = f.box.clipped(28, 28)
    outside = np.ones((28, 28), bool)
    outside[t:b + 1, l:r + 1] = False
    assert f.gradient.any() and not f.gradient[outside].any()        # backprop stays in the receptive field
    with pytest.raises(ValueError, match="drawing must be one 28×28 pad"):
        DrawnDigit(model)(np.zeros((20, 20)))


def test_the_check_cells_example_is_misread_as_drawn_and_read_right_mnist_style(model):
    e = step_example(model)
    assert e.frame.predicted_raw != e.digit and e.frame.predicted == e.digit
    assert e.height <= 11 and (e.top, e.left) != (9, 9)               # small and off-centre
    assert e.right_styled > e.right_raw                               # the step helps over all tried drawings
    assert e.right_styled >= 0.9 * e.tried


def test_a_mouse_drag_paints_the_pad_and_updates_every_panel_in_place(pad):
    figs = plt.get_fignums()
    first = pad.frame
    images_before = [im.get_array().copy() for im in pad.view.tiles]
    pad.clear()
    assert not pad.drawing.any() and pad.frame.empty
    assert "empty" in pad.label.value and "empty" in pad.view.p_title.get_text()
    _drag(pad, [(3, 14)] + [(r, 14) for r in np.linspace(4, 24, 10)])   # a "1"
    assert pad.drawing[3:25, 14].min() == 1.0 and pad.drawing[:, :10].max() == 0
    assert pad.frame.predicted == 1 and "prediction: 1" in pad.label.value
    assert pad.frame is not first
    assert np.array_equal(pad.pad.image.get_array(), pad.drawing)
    assert not all(np.array_equal(a, im.get_array()) for a, im in zip(images_before, pad.view.tiles))
    assert [b.get_height() for b in pad.view.bars] == pytest.approx(list(pad.frame.probs))
    assert plt.get_fignums() == figs                                   # artists updated, no new figure


def test_motion_without_a_pressed_button_or_off_the_pad_paints_nothing(pad):
    pad.clear()
    _mouse(pad, "motion_notify_event", 10, 10)
    _mouse(pad, "button_press_event", 10, 10, button=3)                # right button: not a pen
    _mouse(pad, "motion_notify_event", 12, 12)
    assert not pad.drawing.any()


def test_clear_then_draw_a_seven_changes_the_prediction(pad, model):
    pad.clear()
    stroke = [(4 + y * 19, 8 + x * 14) for x, y in DIGIT_STROKES[7][0]]
    _drag(pad, stroke)
    assert pad.frame.predicted == 7
    pad.set_drawing(drawn_digit(0, 4, 8, 20))
    assert pad.frame.predicted == 0 and "prediction: 0" in pad.label.value


def test_the_network_figure_is_redrawn_while_drawing_at_most_every_live_every(model):
    d = DrawDigit(model, live_every=3600)
    _mouse(d, "button_press_event", 5, 14)
    for r in range(6, 20):
        _mouse(d, "motion_notify_event", r, 14)
    assert d.frame.empty                                               # not yet: the pen is down
    _mouse(d, "button_release_event", 20, 14)
    assert not d.frame.empty                                           # on release
    plt.close(d.pad.fig)
    plt.close(d.view.fig)


def test_display_shows_a_picture_of_both_figures_and_the_live_hint(pad):
    from lessonlib.figures.explorer import LIVE_HINT
    bundle = pad._repr_mimebundle_()
    assert bundle["text/plain"] == LIVE_HINT and bundle["image/png"]
    with pytest.raises(ValueError, match="drawing must have shape"):
        pad.set_drawing(np.zeros((10, 10)))
