"""widgets.toeplitz: moving a control redraws; an invalid stride shows the lecture's message."""
import matplotlib.pyplot as plt

from lessonlib.widgets.toeplitz import layer_matrices, toeplitz_explorer


def test_layer_matrices_counts_and_invalid_message():
    dense, conv, block, caption = layer_matrices(6, 3)
    assert dense.shape == conv.shape == (4, 6) and block is None
    assert "dense 28 vs conv 4" in caption
    *_, message = layer_matrices(6, 3, stride=2)
    assert "zero padding is your friend" in message


def test_sliders_extremes_change_the_figure():
    box, view, controls = toeplitz_explorer()
    shape = view.im_c.get_array().shape
    controls["two_d"].value = True
    assert view.im_c.get_array().shape == (16, 36)
    controls["n"].value = controls["n"].max
    controls["kernel"].value = controls["kernel"].max
    assert view.im_c.get_array().shape == (64, 144) != shape
    controls["stride"].value = 3
    assert "zero padding is your friend" in view.caption.get_text()
    controls["padding"].value = 1                  # (12 - 5 + 2)/3 + 1 = 4
    assert view.im_c.get_array().shape == (16, 144)
    plt.close(view.fig)
