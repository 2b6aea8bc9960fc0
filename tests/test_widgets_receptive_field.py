"""widgets.receptive_field: probe() agrees with the closed form; sliders redraw and keep the unit valid."""
import matplotlib.pyplot as plt
import numpy as np

from lessonlib.widgets.receptive_field import probe, receptive_field_explorer

DIGIT = np.zeros((28, 28), dtype=np.uint8)
DIGIT[5:23, 13:15] = 255


def test_probe_centres_the_digit_on_a_fitting_canvas():
    canvas, grad, box, summary, last, unit = probe(DIGIT, 2, 2, 1)
    assert canvas.shape == (29, 29) and canvas.max() == 1.0 and last == 8 and unit == (4, 4)
    assert "same extent: True" in summary
    canvas, grad, box, summary, last, unit = probe(DIGIT, 3, 1, 2, unit=(100, 0))
    assert canvas.shape == (28, 28) and unit == (27, 0)          # clipped into the grid
    assert box == (20, 34, -7, 7) and "inside it: True" in summary


def test_slider_extremes():
    box, view, c = receptive_field_explorer(DIGIT)
    first = view.im_overlay.get_array().copy()
    c["row"].value = c["row"].min
    assert not np.array_equal(view.im_overlay.get_array(), first)
    c["depth"].value = c["depth"].max
    assert "6 layers" in view.summary.get_text() and c["row"].value == 14       # back to the centre
    c["dilation"].value = c["dilation"].max
    assert "243" in view.summary.get_text()
    c["stride"].value = c["stride"].max
    assert c["row"].max == c["col"].max and c["row"].value <= c["row"].max
    c["col"].value = c["col"].max
    assert view.summary.get_text().count("unit (") == 1
    plt.close(view.fig)
