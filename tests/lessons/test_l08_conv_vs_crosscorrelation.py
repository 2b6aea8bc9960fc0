"""Lesson 8: the slide's sums, flip-symmetric kernels, the flip figure and the filter explorer, headless."""
import matplotlib.pyplot as plt
import numpy as np
import pytest

from lessonlib import convolve2d, correlate2d, flip_kernel
from lessonlib.lessons.l08_conv_vs_crosscorrelation.compute import (CONV, CORR, KERNELS, convolve_by_definition,
                                                                     correlate_by_definition, filter_results,
                                                                     is_flip_symmetric)
from lessonlib.lessons.l08_conv_vs_crosscorrelation.controls import filter_explorer, kernel_ranges
from lessonlib.lessons.l08_conv_vs_crosscorrelation.view import FilterView, plot_flip


def test_flip_and_the_slide_letters():
    letters = np.array(list("abcdefghi")).reshape(3, 3)
    np.testing.assert_array_equal(flip_kernel(letters), [list("ihg"), list("fed"), list("cba")])
    assert is_flip_symmetric(KERNELS["box blur"]) and is_flip_symmetric(KERNELS["sharpen"])
    assert not is_flip_symmetric(KERNELS["Sobel x"]) and not is_flip_symmetric(KERNELS["shift (one cell)"])


@pytest.mark.parametrize("name", sorted(KERNELS))
def test_correlation_and_convolution_follow_the_slide_formulas(name):
    rng = np.random.default_rng(1)
    f, h = rng.standard_normal((7, 9)), KERNELS[name]
    np.testing.assert_allclose(correlate2d(f, h), correlate_by_definition(f, h), atol=1e-12)
    np.testing.assert_allclose(convolve2d(f, h), convolve_by_definition(f, h), atol=1e-12)
    agree = np.allclose(correlate2d(f, h), convolve2d(f, h))
    assert agree == is_flip_symmetric(h)


def test_shift_kernel_moves_the_image_in_opposite_directions():
    f = np.zeros((5, 5))
    f[2, 2] = 1
    h = KERNELS["shift (one cell)"]         # weight at (u, v) = (+1, +1)
    assert correlate2d(f, h)[1, 1] == 1     # G[i, j] = F[i + 1, j + 1]: moves up-left
    assert convolve2d(f, h)[3, 3] == 1      # G[i, j] = F[i - 1, j - 1]: moves down-right


def test_the_slide_sums_need_a_centre():
    with pytest.raises(ValueError, match="odd"):
        correlate_by_definition(np.zeros((4, 4)), np.ones((2, 2)))


# --- drawings ------------------------------------------------------------------------------------


def test_plot_flip_marks_the_slide_typo():
    letters = np.array(list("abcdefghi")).reshape(3, 3)
    slide = np.array([list("ihg"), list("ged"), list("cba")])
    fig = plot_flip(letters, flip_kernel(letters), slide)
    assert "1 cell wrong" in fig.axes[2].get_title()
    bold = [t.get_text() for t in fig.axes[2].texts if t.get_fontweight() == "bold"]
    assert bold == ["g"]
    assert [t.get_text() for t in fig.axes[1].texts][3:6] == ["f", "e", "d"]
    plt.close(fig)


def test_update_changes_every_panel():
    rng = np.random.default_rng(0)
    img = rng.random((16, 16))
    view = FilterView(filter_results(img, KERNELS["Sobel x"], flip=False))
    k_before = view.im_k.get_array().copy()
    frame = filter_results(img, KERNELS["box blur"], flip=False)
    frame = frame._replace(output=img * 2, difference=np.ones_like(img), difference_max=1.0, title="b", note="n2")
    view.update(frame)
    assert not np.array_equal(view.im_k.get_array(), k_before)
    assert view.k_texts[1][1].get_text() == "0.111"
    np.testing.assert_array_equal(view.im_out.get_array(), img * 2)
    assert view.title_out.get_text() == "b" and view.note.get_text() == "n2"
    assert "max 1" in view.title_diff.get_text()
    plt.close(view.fig)


# --- the explorer --------------------------------------------------------------------------------


def test_filter_results_agree_only_for_symmetric_kernels():
    img = np.random.default_rng(1).random((12, 12))
    frame = filter_results(img, KERNELS["gaussian blur"], flip=True)
    assert frame.difference.max() < 1e-12 and "agree" in frame.note
    frame = filter_results(img, KERNELS["Sobel x"], flip=True)
    np.testing.assert_array_equal(frame.applied, -KERNELS["Sobel x"])
    np.testing.assert_allclose(frame.output, convolve2d(img, KERNELS["Sobel x"]))
    assert frame.difference.max() > 0.1 and "differ" in frame.note and "convolution" in frame.title
    assert frame.difference_max == frame.difference.max() and frame.kernel_lim == 2
    assert frame.output_range == tuple(np.percentile(frame.output, [1, 99]))


def test_controls_redraw():
    img = np.random.default_rng(2).random((12, 12))
    explorer = filter_explorer(img)
    view, controls = explorer.view, explorer.controls
    cells = [controls[f"h{i}"] for i in range(9)]
    np.testing.assert_allclose(view.im_out.get_array(), correlate2d(img, KERNELS["Sobel x"]))
    controls["operation"].value = CONV
    np.testing.assert_allclose(view.im_out.get_array(), convolve2d(img, KERNELS["Sobel x"]))
    controls["kernel"].value = "identity"
    assert [c.value for c in cells] == list(KERNELS["identity"].ravel())
    np.testing.assert_allclose(view.im_out.get_array(), img)
    cells[0].value = cells[0].max                                   # slider extreme -> custom kernel
    assert controls["kernel"].value == "custom"
    assert view.k_texts[2][2].get_text() == "4"                     # flipped: h[-1,-1] lands bottom-right
    cells[8].value = cells[8].min
    assert view.k_texts[0][0].get_text() == "-4"
    plt.close(view.fig)


def test_a_preset_sets_the_weights_in_one_frame():
    img = np.random.default_rng(3).random((10, 10))
    explorer = filter_explorer(img, kernel="Sobel x", flip=True)
    frames = []
    compute = explorer.compute
    explorer.compute = lambda **s: frames.append(compute(**s)) or frames[-1]
    frame = explorer.update(kernel="emboss")
    assert len(frames) == 1 and frame is explorer.frame           # nine weights moved, one frame drawn
    np.testing.assert_array_equal(frame.applied, flip_kernel(KERNELS["emboss"]))
    assert explorer.settings["kernel"] == "emboss" and "differ" in explorer.view.note.get_text()
    frame = explorer.update(operation=CORR, h4=1.5)
    assert explorer.settings["kernel"] == "custom" and frame.applied[1, 1] == 1.5
    assert frame.title == explorer.view.title_out.get_text() == "G = h ⊗ F (cross-correlation)"
    explorer.update(kernel="custom")                                # choosing "custom" keeps the weights
    assert explorer.frame.applied[1, 1] == 1.5
    plt.close(explorer.fig)


def test_kernel_ranges_tell_which_control_moved():
    sobel = {f"h{i}": float(v) for i, v in enumerate(KERNELS["Sobel x"].flat)}
    shown = dict(sobel, kernel="Sobel x")
    assert kernel_ranges(shown, **shown) == {}
    picked = kernel_ranges(shown, **dict(sobel, kernel="identity"))
    assert [picked[f"h{i}"]["value"] for i in range(9)] == list(KERNELS["identity"].ravel())
    assert kernel_ranges(shown, **dict(sobel, kernel="Sobel x", h0=3.0)) == {"kernel": {"value": "custom"}}
