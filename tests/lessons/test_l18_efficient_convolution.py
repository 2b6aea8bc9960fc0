"""Lesson 18: the blur explorer (computation, drawing, controls; headless), the other drawings, and the
timing of the direct, FFT and separable convolutions."""
import matplotlib.pyplot as plt
import numpy as np
import pytest

from lessonlib.kernels.fft_conv import convolution_theorem, gaussian_1d, separable_conv2d
from lessonlib.lessons.l18_efficient_convolution.compute import Timings, blur_passes, time_fft_vs_direct
from lessonlib.lessons.l18_efficient_convolution.controls import blur_explorer
from lessonlib.lessons.l18_efficient_convolution.view import (BlurView, plot_convolution_theorem, plot_images,
                                                              plot_timings)

IMAGE = np.random.default_rng(0).random((40, 48))


def test_convolution_theorem_figure_shows_the_output():
    spectra = convolution_theorem(IMAGE, np.outer(gaussian_1d(1.0), gaussian_1d(1.0)))
    fig = plot_convolution_theorem(IMAGE, spectra, "Gaussian")
    assert [ax.get_title() for ax in fig.axes][2] == "log |FFT(Gaussian)|"
    np.testing.assert_array_equal(fig.axes[4].images[0].get_array(), spectra.output)
    plt.close(fig)


def test_timing_plot_has_three_lines_and_the_crossover():
    t = Timings(np.array([3, 9, 15]), np.array([1e-4, 1e-3, 1e-2]), np.array([5e-4] * 3), np.array([1e-4] * 3), 64, True)
    fig = plot_timings(t, crossover=9)
    ax = fig.axes[0]
    assert len(ax.lines) == 5                     # three methods, the multiply-count model and the crossover line
    np.testing.assert_allclose(ax.lines[0].get_ydata(), [0.1, 1, 10])
    model = t.multiplies() * np.min(t.direct / t.multiplies()) * 1e3
    np.testing.assert_allclose(ax.lines[1].get_ydata(), model)
    assert ax.get_ylabel() and ax.get_xlabel()
    assert any("from k = 9" in text.get_text() for text in ax.texts)
    plt.close(fig)


def test_timings_have_one_positive_time_per_kernel_size():
    t = time_fft_vs_direct(image_size=24, kernel_sizes=(3, 7), repeat=2)
    assert list(t.kernel_sizes) == [3, 7] and t.image_size == 24
    for times in (t.direct, t.fft, t.separable):
        assert times.shape == (2,) and (times > 0).all()
    with pytest.raises(ValueError, match="at most image_size"):
        time_fft_vs_direct(image_size=8, kernel_sizes=(9,))


def test_fft_faster_from_needs_the_fft_to_stay_ahead():
    t = Timings(np.array([3, 5, 7, 9]), np.array([1.0, 3.0, 2.0, 5.0]), np.array([2.0, 2.0, 2.5, 2.0]),
                np.ones(4), 64, True)
    assert t.fft_faster_from() == 9                      # the win at k = 5 does not last
    assert t._replace(fft=np.full(4, 9.0)).fft_faster_from() is None


def test_blur_passes_are_the_separable_convolution():
    frame = blur_passes(IMAGE, 1.5)
    g = gaussian_1d(1.5)
    np.testing.assert_allclose(frame.kernel, np.outer(g, g))
    np.testing.assert_allclose(frame.both, separable_conv2d(IMAGE, g, g, padding=g.size // 2), atol=1e-12)
    assert frame.row_pass.shape == frame.both.shape == IMAGE.shape
    title = BlurView(frame).title.get_text()
    assert "11×11 kernel" in title and "121 multiplies" in title and "11 + 11 = 22" in title
    plt.close("all")


def test_slider_extremes_change_every_image():
    explorer = blur_explorer(IMAGE, sigma=1.0, low=0.5, high=4.0)
    slider = explorer.controls["sigma"]
    kernel_im, _, row_im, both_im = explorer.view.images
    before = [np.array(im.get_array()) for im in (kernel_im, row_im, both_im)]
    for sigma in (slider.min, slider.max):
        slider.value = sigma
        after = [np.array(im.get_array()) for im in (kernel_im, row_im, both_im)]
        assert after[0].shape != before[0].shape                # the kernel grows or shrinks
        assert not np.allclose(after[1], before[1]) and not np.allclose(after[2], before[2])
        k = after[0].shape[0]
        assert kernel_im.get_extent() == [-0.5, k - 0.5, k - 0.5, -0.5]
        assert f"σ = {sigma:g}" in explorer.view.title.get_text()
    plt.close(explorer.fig)


def test_explorer_update_changes_frame_and_figure():
    explorer = blur_explorer(IMAGE, sigma=1.0)
    frame = explorer.update(sigma=2.0)
    assert frame is explorer.frame and frame.sigma == 2.0 and frame.taps == 13 and frame.kernel.shape == (13, 13)
    np.testing.assert_array_equal(explorer.view.images[3].get_array(), frame.both)
    assert "13×13 kernel" in explorer.view.title.get_text()
    bundle = explorer._repr_mimebundle_()
    assert "image/png" in bundle and "run the notebook" in bundle["text/plain"]
    plt.close(explorer.fig)


def test_view_update_swaps_data():
    view = BlurView(blur_passes(IMAGE, 0.5))
    frame = blur_passes(IMAGE, 0.5)._replace(kernel=np.ones((5, 5)), row_pass=IMAGE * 0, both=IMAGE * 0.5, taps=5)
    view.update(frame)
    assert view.images[0].get_array().shape == (5, 5) and "5×5 kernel" in view.title.get_text()
    assert np.allclose(view.images[3].get_array(), IMAGE * 0.5)
    plt.close(view.fig)


def test_bad_image_and_bad_sigma_are_refused():
    with pytest.raises(ValueError, match="2-D gray-scale array"):
        blur_explorer(np.zeros((3, 8, 8)))
    with pytest.raises(ValueError, match="sigma must be a positive number"):
        blur_passes(IMAGE, 0.0)


def test_plot_images_titles_each_panel():
    fig = plot_images([IMAGE, -IMAGE], ["a", "b"], "both", cmaps=["gray", "RdBu"])
    assert [ax.get_title() for ax in fig.axes] == ["a", "b"]
    assert fig.axes[1].images[0].get_cmap().name == "RdBu"
    plt.close(fig)


def test_median_time_and_the_direct_source():
    from lessonlib.lessons.l18_efficient_convolution.compute import direct_source, median_time
    calls = []
    assert median_time(lambda: calls.append(1), repeat=5, warmup=2) >= 0 and len(calls) == 7
    # 'valid' on 128: shifted rows while 128 / (129 - k) <= 1.5, i.e. up to k = 43
    assert direct_source(128, 43) == "shifted rows" and direct_source(128, 45) == "im2col copy"
    t = time_fft_vs_direct(image_size=24, kernel_sizes=(3, 7), repeat=2)
    assert t.sources == ("shifted rows", "shifted rows")
    np.testing.assert_array_equal(t.multiplies(), [9 * 22 * 22, 49 * 18 * 18])


def test_both_sources_compute_and_the_copy_is_sized():
    from lessonlib.lessons.l18_efficient_convolution.compute import cache_sizes_mb, time_direct_sources
    s = time_direct_sources(image_size=32, kernel_sizes=(3, 9), repeat=2, warmup=1)
    assert (s.shifted_rows > 0).all() and (s.im2col_copy > 0).all()
    np.testing.assert_allclose(s.matrix_mb, [9 * 30 * 30 * 4 / 1e6, 81 * 24 * 24 * 4 / 1e6])
    assert all(v > 0 for v in cache_sizes_mb().values())


def test_timing_plot_marks_the_crossover_and_no_im2col_band():
    # the forward reads B in place at every k: there is no copying range to mark
    t = Timings(np.array([3, 41, 45]), np.array([1e-4, 1e-3, 1e-1]), np.array([5e-4] * 3), np.array([1e-4] * 3),
                128, True, ("shifted rows", "shifted rows", "im2col copy"))
    fig = plot_timings(t, crossover=41)
    texts = [text.get_text() for text in fig.axes[0].texts]
    assert not any("im2col" in text for text in texts) and any("k = 41" in text for text in texts)
    plt.close(fig)
