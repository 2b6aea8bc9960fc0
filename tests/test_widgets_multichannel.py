"""widgets.multichannel: each slider reaches the view; the default unit is the centre."""
import matplotlib.pyplot as plt
import numpy as np

from lessonlib.conv_matrix import colour_filters
from lessonlib.data.photo import load_photo
from lessonlib.widgets.multichannel import multichannel_explorer


def test_sliders_extremes():
    w, b, _ = colour_filters()
    box, view, c = multichannel_explorer(load_photo(32), w, b)
    assert view.sum_text.get_text().startswith("out[0, 16, 16]")
    c["f"].value = c["f"].max
    c["i"].value, c["j"].value = c["i"].max, c["j"].min
    assert view.sum_text.get_text().startswith("out[2, 31, 0]")
    c["c"].value = c["c"].max
    assert view.windows[2].get_edgecolor()[:3] != view.windows[0].get_edgecolor()[:3]
    np.testing.assert_array_equal(view.ims_w[2].get_array(), w[2, 2])
    plt.close(view.fig)
