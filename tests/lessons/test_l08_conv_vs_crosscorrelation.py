"""Lesson 8: the slide's sums, flip-symmetric kernels, the flip figure and the filter explorer, headless."""
import matplotlib.pyplot as plt
import numpy as np
import pytest

from lessonlib import convolve2d, correlate2d, flip_kernel
from lessonlib.figures import contrast_ratio
from lessonlib.lessons.l08_conv_vs_crosscorrelation.compute import (CONV, CORR, KERNELS, convolve_by_definition,
                                                                     correlate_by_definition, filter_results,
                                                                     is_flip_symmetric)
from lessonlib.lessons.l08_conv_vs_crosscorrelation.controls import LIMIT, STEP, filter_explorer, kernel_ranges, on_step
from lessonlib.lessons.l08_conv_vs_crosscorrelation.view import FilterView, plot_flip, plot_loss_curve


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
    assert "largest 1" in view.title_diff.get_text()
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
    assert view.k_texts[2][2].get_text() == "5"                     # flipped: h[-1,-1] lands bottom-right
    cells[8].value = cells[8].min
    assert view.k_texts[0][0].get_text() == "-5"
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
    assert frame.title == explorer.view.title_out.get_text() == "G = h ⊗ F\n(cross-correlation)"
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



# --- issue 16, item 1: a preset keeps its exact weights and its name until a slider moves ---------


@pytest.mark.parametrize("name", sorted(KERNELS))
def test_a_preset_keeps_its_name_and_exact_weights_until_a_slider_moves(name):
    img = np.random.default_rng(4).random((10, 10))
    start = "identity" if name != "identity" else "Sobel x"
    explorer = filter_explorer(img, kernel=start)
    cells = [explorer.controls[f"h{i}"] for i in range(9)]
    explorer.update(kernel=name)
    assert explorer.controls["kernel"].value == name                # not flipped to "custom"
    np.testing.assert_array_equal(explorer.frame.applied, KERNELS[name])     # exact, e.g. 1/9 and 1/16
    assert [c.value for c in cells] == [on_step(v) for v in KERNELS[name].flat]   # what the sliders show
    if "blur" in name:
        assert explorer.frame.weight_sum == pytest.approx(1, abs=1e-15)
        assert "sum to 1" in explorer.view.title_k.get_text()
    for c in cells:                                                  # the browser echoes what it shows
        c.value = c.value + 1e-12
    assert explorer.controls["kernel"].value == name
    np.testing.assert_array_equal(explorer.frame.applied, KERNELS[name])
    step = STEP if cells[4].value + STEP <= LIMIT else -STEP
    cells[4].value = round(cells[4].value + step, 10)                  # one step: the student's move
    assert explorer.controls["kernel"].value == "custom"
    np.testing.assert_allclose(explorer.frame.applied, np.reshape([c.value for c in cells], (3, 3)))
    plt.close(explorer.fig)


def test_blur_presets_sum_to_one_and_every_preset_fits_the_sliders():
    assert KERNELS["box blur"].sum() == pytest.approx(1) and KERNELS["gaussian blur"].sum() == 1
    np.testing.assert_array_equal(KERNELS["gaussian blur"] * 16, [[1, 2, 1], [2, 4, 2], [1, 2, 1]])
    for h in KERNELS.values():
        assert np.abs(h).max() <= LIMIT
        assert all(abs(on_step(v) - v) <= STEP / 2 for v in h.flat)


def test_choosing_a_preset_after_custom_sets_it_again():
    explorer = filter_explorer(np.random.default_rng(5).random((8, 8)), kernel="box blur")
    explorer.update(h0=0.5)
    assert explorer.settings["kernel"] == "custom"
    explorer.update(kernel="box blur")
    assert explorer.settings["kernel"] == "box blur"
    np.testing.assert_array_equal(explorer.frame.applied, KERNELS["box blur"])
    plt.close(explorer.fig)


# --- readability: every text at least 12 px, inside its figure, readable on its cell ------------


def _drawn_texts(fig):
    """Every Text the figure draws (tick labels only of visible axes' ticks inside the view)."""
    from matplotlib.text import Text
    fig.canvas.draw()
    hidden = {id(t) for ax in fig.axes for axis in (ax.xaxis, ax.yaxis)
              for tick in axis.get_major_ticks() + axis.get_minor_ticks() for t in (tick.label1, tick.label2)}
    hidden -= {id(t) for ax in fig.axes for axis in (ax.xaxis, ax.yaxis) if axis.get_visible()
               for tick in axis._update_ticks() for t in (tick.label1, tick.label2)}
    return [t for t in fig.findobj(Text) if id(t) not in hidden and t.get_visible() and t.get_text().strip()]


def assert_readable(fig):
    renderer = fig.canvas.get_renderer()
    for t in _drawn_texts(fig):
        assert t.get_fontsize() * fig.dpi / 72 >= 12, t.get_text()
        box = t.get_window_extent(renderer)
        assert box.x0 >= -0.5 and box.y0 >= -0.5, t.get_text()
        assert box.x1 <= fig.bbox.width + 0.5 and box.y1 <= fig.bbox.height + 0.5, t.get_text()


@pytest.mark.parametrize("kernel", ["Sobel x", "box blur", "sharpen", "emboss", "edge (Laplacian)"])
def test_the_explorer_is_readable(kernel):
    from lessonlib.data.photo import load_photo
    explorer = filter_explorer(load_photo(size=128, gray=True), kernel=kernel)
    for operation in (CORR, CONV):
        explorer.update(operation=operation)
        assert_readable(explorer.fig)
        view = explorer.view
        for (r, c), v in np.ndenumerate(explorer.frame.applied):
            cell = view.im_k.cmap(view.im_k.norm(v))
            assert contrast_ratio(view.k_texts[r][c].get_color(), cell) >= 4.5, (kernel, r, c, v)
    explorer.update(h0=LIMIT, h8=-LIMIT)                            # slider extremes
    assert_readable(explorer.fig)
    plt.close(explorer.fig)


def test_static_figures_are_readable():
    letters = np.array(list("abcdefghi")).reshape(3, 3)
    fig = plot_flip(letters, flip_kernel(letters), np.array([list("ihg"), list("ged"), list("cba")]))
    assert_readable(fig)
    plt.close(fig)
    fig = plot_loss_curve(np.logspace(0, -8, 501), "learning a 3×3 kernel from 16 image → edge-map pairs")
    assert_readable(fig)
    plt.close(fig)

# --- learning the kernel, and figure 9.1 ------------------------------------------------------------


def test_gradient_descent_learns_the_edge_kernel_from_image_edge_map_pairs():
    from lessonlib.data.photo import load_photo
    from lessonlib.lessons.l08_conv_vs_crosscorrelation.compute import KERNELS, edge_pairs, learn_kernel
    true = KERNELS["Sobel x"]
    x, y = edge_pairs(load_photo(size=64, gray=True), true, n_pairs=8, size=12, seed=1)
    assert x.shape == y.shape == (8, 1, 12, 12) and np.allclose(x.mean(axis=(2, 3)), 0)
    r = learn_kernel(x, y, steps=400, seed=3)
    assert len(r.losses) == 401 and r.losses[-1] < 1e-4 * r.losses[0]
    assert np.abs(r.kernel - true).max() < 0.05 and np.abs(r.start).max() < 1
    assert set(r.snapshots) == {0, 10, 50, 100} and np.array_equal(r.snapshots[0], r.start)


def test_symbolic_correlation_is_figure_9_1():
    from lessonlib.lessons.l08_conv_vs_crosscorrelation.compute import symbolic_correlation
    s = symbolic_correlation(np.array(list("abcdefghijkl")).reshape(3, 4), np.array(list("wxyz")).reshape(2, 2))
    assert s.shape == (2, 3) and s[0, 0] == "aw + bx + ey + fz" and s[1, 2] == "gw + hx + ky + lz"


def test_loss_curve_has_labelled_log_axes():
    from lessonlib.lessons.l08_conv_vs_crosscorrelation.view import plot_loss_curve
    fig = plot_loss_curve(np.array([1.0, 0.1, 0.01]))
    ax = fig.axes[0]
    assert ax.get_yscale() == "log" and ax.get_xlabel() and ax.get_ylabel()
    plt.close(fig)
