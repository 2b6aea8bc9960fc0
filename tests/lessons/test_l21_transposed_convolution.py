"""Lesson 21: a transposed convolution three ways (matrix Cᵀ, zero insertion, stamping) against lessonlib,
the explorer tied to the forward convolution (headless), the checkerboard counts and a decoder's shapes."""
import matplotlib.pyplot as plt
import numpy as np
import pytest

from lessonlib import conv_transpose_output_size
from lessonlib.lessons.l21_transposed_convolution.compute import (
    DCGAN_LIKE, MNIST_DECODER, checkerboard, decoder_shapes, forward_conv, forward_conv_matrix, largest_padding,
    overlap_counts, phase_sums, three_ways, transpose_frame, transposed_conv, zero_inserted)
from lessonlib.lessons.l21_transposed_convolution.controls import transpose_explorer
from lessonlib.lessons.l21_transposed_convolution.view import (TransposeView, plot_checkerboard, plot_stamps,
                                                               plot_transposed_matrix, plot_zero_insertion)

X = np.array([[1.0, 2, 0], [-1, 3, 1], [2, 0, -2]])
W = np.array([[1.0, 0, -1], [2, 1, 0], [0, -1, 1]])


def _random_settings(count, seed=210):
    rng = np.random.default_rng(seed)
    while count:
        h, w = (int(v) for v in rng.integers(1, 6, 2))
        k, s = int(rng.integers(1, 6)), int(rng.integers(1, 4))
        q, p = int(rng.integers(0, s)), int(rng.integers(0, k + 2))
        if min((n - 1) * s - 2 * p + k + q for n in (h, w)) < 1:
            continue
        count -= 1
        yield rng.normal(0, 1, (h, w)), rng.normal(0, 1, (k, k)), s, p, q


@pytest.mark.parametrize("x, w, s, p, q", list(_random_settings(60)))
def test_the_three_ways_agree_with_lessonlib(x, w, s, p, q):
    tw = three_ways(x, w, s, p, q)
    assert tw.by_lessonlib.shape == tuple(conv_transpose_output_size(n, w.shape[0], s, p, q) for n in x.shape)
    assert tw.max_difference < 1e-12
    assert forward_conv(tw.by_lessonlib, w, s, p).shape == x.shape        # the forward conv maps the shape back
    y = np.random.default_rng(0).normal(0, 1, tw.by_lessonlib.shape)          # and is the adjoint: <Cy, x> = <y, Cᵀx>
    assert np.isclose(np.sum(forward_conv(y, w, s, p) * x), np.sum(y * tw.by_lessonlib))
    np.testing.assert_allclose(forward_conv_matrix(w, y.shape, s, p) @ y.ravel(), forward_conv(y, w, s, p).ravel(),
                               atol=1e-12)


def test_worked_setting_pieces():
    tw = three_ways(X, W, 2, 1, 1)
    assert tw.c.shape == (9, 36) and tw.by_matrix.shape == (6, 6)
    grid = zero_inserted(X, 3, 2, 1, 1)
    assert grid.shape == (8, 8) and grid[1, 1] == 1 and grid[1, 2] == 0 and grid[5, 5] == -2 and not grid[7].any()
    st = tw.stamping
    assert st.canvas.shape == (8, 8) and st.counts.max() == 4 and st.crop == (1, 1, 6, 6) and len(st.tops_lefts) == 9
    assert zero_inserted(X, 2, 2, 2).shape == (3, 3)                # padding > k − 1: the border crops (5 -> 3)


def test_frame_and_explorer_update_change_the_figure():
    explorer = transpose_explorer(X)
    frame = explorer.frame
    assert frame.out.shape == (6, 6) and frame.back.shape == (3, 3) and frame.message == ""
    before = explorer.view.out_img.get_array().copy()
    frame = explorer.update(kernel=4, stride=3, output_padding=2, padding=0)
    assert frame is explorer.frame and frame.out.shape == (12, 12) and frame.back.shape == (3, 3)
    assert not np.array_equal(before, explorer.view.out_img.get_array(), equal_nan=True)
    assert "12×12" in explorer.view.ax_out.get_title() and "= 3" in explorer.view.ax_back.get_title()
    assert explorer.view.stamp.get_visible() and explorer.view.stamp.get_width() == 4
    bundle = explorer._repr_mimebundle_()
    assert "image/png" in bundle and "run the notebook" in bundle["text/plain"]
    plt.close("all")


def test_ranges_make_invalid_settings_impossible():
    explorer = transpose_explorer(X)
    c = explorer.controls
    explorer.update(stride=3, output_padding=2)
    explorer.update(stride=1)                                    # output_padding must drop below the new stride
    assert c["output_padding"].max == 0 and c["output_padding"].value == 0
    for k in range(1, 6):                                        # every setting the sliders can reach
        for s in range(1, 4):
            q_max = explorer.ranges(kernel=k, stride=s, padding=0, output_padding=0)["output_padding"]["max"]
            for q in range(q_max + 1):
                p_max = explorer.ranges(kernel=k, stride=s, padding=0, output_padding=q)["padding"]["max"]
                for p in range(p_max + 1):
                    frame = transpose_frame(X, k, s, p, q)
                    assert frame.message == "" and frame.back.shape == (3, 3), (k, s, p, q)
                    assert frame.out.shape[0] <= TransposeView.MAX_OUT
    assert largest_padding(3, 5, 1, 0) == 3                       # (2 + 4)/2: one more would leave no output
    plt.close("all")


def test_impossible_settings_give_a_message_not_an_exception():
    frame = transpose_frame(X, kernel=3, stride=1, padding=1, output_padding=1)
    assert "output_padding 1 must be smaller than the stride" in frame.message
    view = TransposeView(frame)
    assert view.message.get_text().replace("\n", " ") == frame.message and not view.stamp.get_visible()
    with pytest.raises(ValueError, match="square map of at most 3×3"):
        transpose_explorer(np.zeros((4, 4)))
    plt.close("all")


def test_checkerboard_counts():
    cb = checkerboard(8)
    assert cb.k3.shape == cb.k4.shape == cb.resize.shape == (16, 16)
    assert cb.ranges == {"k3": (1, 4), "k4": (4, 4), "resize": (9, 9)}
    np.testing.assert_array_equal(overlap_counts(2, 3, 2), [[1, 1, 2, 1, 1]] * 2 + [[2, 2, 4, 2, 2]] + [[1, 1, 2, 1, 1]] * 2)
    np.testing.assert_array_equal(phase_sums(np.ones((4, 4)), 2), [[4, 4], [4, 4]])
    assert phase_sums(np.arange(9.0).reshape(3, 3), 2).sum() == 36


def test_decoder_shapes_by_formula_and_by_running():
    dc = decoder_shapes(DCGAN_LIKE, 1)
    assert dc.by_formula == [1, 4, 8, 16, 32] and [s[1] for s in dc.by_running] == [4, 8, 16, 32]
    assert dc.back == [1, 4, 8, 16]
    mn = decoder_shapes(MNIST_DECODER, 7)
    assert mn.by_formula == [7, 14, 28] and mn.by_running == [(4, 14, 14), (1, 28, 28)] and mn.back == [7, 14]


def test_static_figures_have_labelled_axes(tmp_path):
    tw = three_ways(X, W, 2, 1, 1)
    for fig in (plot_transposed_matrix(tw), plot_zero_insertion(tw), plot_stamps(tw), plot_checkerboard(checkerboard())):
        assert all(ax.get_xlabel() and ax.get_ylabel() for ax in fig.axes if ax.get_images())
    assert "36×9" in plot_transposed_matrix(tw).axes[0].get_title()
    plt.close("all")


def test_transposed_conv_validates_its_map():
    with pytest.raises(ValueError, match="one map"):
        transposed_conv(np.zeros((1, 3, 3)), W)
    with pytest.raises(ValueError, match="square kernel"):
        transposed_conv(X, np.zeros((2, 3)))
