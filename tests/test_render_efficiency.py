"""Lesson 18 drawings and slider, headless: the blur slider swaps images, bad input gets a message."""
import matplotlib.pyplot as plt
import numpy as np
import pytest

from lessonlib.kernels.fft_conv import Timings, convolution_theorem, gaussian_1d, separable_conv2d
from lessonlib.render.efficiency import make_blur_view, plot_convolution_theorem, plot_timings
from lessonlib.widgets.efficiency import BlurExplorer, blur_passes

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
    assert len(ax.lines) == 4                              # three methods and the crossover line
    np.testing.assert_allclose(ax.lines[0].get_ydata(), [0.1, 1, 10])
    assert any("from k = 9" in text.get_text() for text in ax.texts)
    plt.close(fig)


def test_blur_passes_are_the_separable_convolution():
    kernel, row_pass, both, title = blur_passes(IMAGE, 1.5)
    g = gaussian_1d(1.5)
    np.testing.assert_allclose(kernel, np.outer(g, g))
    np.testing.assert_allclose(both, separable_conv2d(IMAGE, g, g, padding=g.size // 2), atol=1e-12)
    assert row_pass.shape == both.shape == IMAGE.shape
    assert "11×11 kernel" in title and "121 multiplies" in title and "11 + 11 = 22" in title


def test_slider_extremes_change_every_image():
    explorer = BlurExplorer(IMAGE, sigma=1.0, low=0.5, high=4.0)
    kernel_im, _, row_im, both_im = explorer.view.images
    before = [np.array(im.get_array()) for im in (kernel_im, row_im, both_im)]
    for sigma in (explorer.slider.min, explorer.slider.max):
        explorer.slider.value = sigma
        after = [np.array(im.get_array()) for im in (kernel_im, row_im, both_im)]
        assert after[0].shape != before[0].shape                # the kernel grows or shrinks
        assert not np.allclose(after[1], before[1]) and not np.allclose(after[2], before[2])
        k = after[0].shape[0]
        assert kernel_im.get_extent() == [-0.5, k - 0.5, k - 0.5, -0.5]
        assert f"σ = {sigma:g}" in explorer.view.title.get_text()
    plt.close(explorer.view.fig)


def test_view_update_swaps_data():
    view = make_blur_view(IMAGE, np.ones((3, 3)), IMAGE, IMAGE, "a")
    view.update(np.ones((5, 5)), IMAGE * 0, IMAGE * 0.5, "b")
    assert view.images[0].get_array().shape == (5, 5) and view.title.get_text() == "b"
    assert np.allclose(view.images[3].get_array(), IMAGE * 0.5)
    plt.close(view.fig)


def test_bad_image_and_bad_sigma_are_refused():
    with pytest.raises(ValueError, match="2-D gray-scale array"):
        BlurExplorer(np.zeros((3, 8, 8)))
    with pytest.raises(ValueError, match="sigma must be a positive number"):
        blur_passes(IMAGE, 0.0)


def test_plot_images_titles_each_panel():
    from lessonlib.render.efficiency import plot_images
    fig = plot_images([IMAGE, -IMAGE], ["a", "b"], "both", cmaps=["gray", "RdBu"])
    assert [ax.get_title() for ax in fig.axes] == ["a", "b"]
    assert fig.axes[1].images[0].get_cmap().name == "RdBu"
    plt.close(fig)
