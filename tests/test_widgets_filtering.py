"""widgets.filtering: menu, nine sliders and the operation toggle drive the figure."""
import matplotlib.pyplot as plt
import numpy as np

from lessonlib.conv_matrix import KERNELS, correlate2d, convolve2d
from lessonlib.widgets.filtering import CONV, filter_explorer, filter_results


def test_filter_results_agree_only_for_symmetric_kernels():
    img = np.random.default_rng(1).random((12, 12))
    *_, diff, _, note = filter_results(img, KERNELS["gaussian blur"], flip=True)
    assert diff.max() < 1e-12 and "agree" in note
    applied, out, diff, title, note = filter_results(img, KERNELS["Sobel x"], flip=True)
    np.testing.assert_array_equal(applied, -KERNELS["Sobel x"])
    np.testing.assert_allclose(out, convolve2d(img, KERNELS["Sobel x"]))
    assert diff.max() > 0.1 and "differ" in note and "convolution" in title


def test_controls_redraw():
    img = np.random.default_rng(2).random((12, 12))
    box, view, controls = filter_explorer(img)
    np.testing.assert_allclose(view.im_out.get_array(), correlate2d(img, KERNELS["Sobel x"]))
    controls["operation"].value = CONV
    np.testing.assert_allclose(view.im_out.get_array(), convolve2d(img, KERNELS["Sobel x"]))
    controls["kernel"].value = "identity"
    assert [c.value for c in controls["cells"]] == list(KERNELS["identity"].ravel())
    np.testing.assert_allclose(view.im_out.get_array(), img)
    controls["cells"][0].value = controls["cells"][0].max          # slider extreme -> custom kernel
    assert controls["kernel"].value == "custom"
    assert view.k_texts[2][2].get_text() == "4"                     # flipped: h[-1,-1] lands bottom-right
    controls["cells"][8].value = controls["cells"][8].min
    assert view.k_texts[0][0].get_text() == "-4"
    plt.close(view.fig)
