"""render.multichannel: update() moves the windows, swaps the filter's images and redoes the sum."""
import matplotlib.pyplot as plt
import numpy as np

from lessonlib.conv_matrix import channel_responses
from lessonlib.render.multichannel import MultichannelView


def _view():
    rng = np.random.default_rng(0)
    image = rng.random((8, 8, 3))
    x = image.transpose(2, 0, 1)
    w, b = rng.standard_normal((2, 3, 3, 3)), np.array([0.5, -0.5])
    r = channel_responses(x, w, padding=1)
    out = r.sum(axis=1) + b[:, None, None]
    return MultichannelView(image, np.pad(x, ((0, 0), (1, 1), (1, 1))), w, b, r, out, 1), r, out


def test_update_changes_selection_and_numbers():
    view, r, out = _view()
    w0 = view.ims_w[0].get_array().copy()
    view.update(f=1, c=2, i=7, j=0)
    assert not np.array_equal(view.ims_w[0].get_array(), w0)
    np.testing.assert_array_equal(view.im_out.get_array(), out[1])
    assert view.windows[2].get_edgecolor()[:3] != view.windows[0].get_edgecolor()[:3]
    assert view.windows[0].get_xy() == (-0.5, 6.5) and view.unit.get_xy() == (-0.5, 6.5)
    text = view.sum_text.get_text()
    assert text.startswith("out[1, 7, 0]") and f"{out[1, 7, 0]:+.3f}" in text and "b: -0.500" in text
    assert "depth slice 1" in view.row2.get_text()
    plt.close(view.fig)
