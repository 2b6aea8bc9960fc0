"""Lesson 7: a layer as a matrix and as im2col; the static figures and the Toeplitz explorer, headless."""
import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lessonlib import conv1d_matrix, conv2d_forward, conv2d_matrix, conv_forward_reference
from lessonlib.lessons.l07_matmul_to_conv.compute import (block_rows, dense_matrix, im2col, layer_matrices,
                                                          matrix_counts)
from lessonlib.lessons.l07_matmul_to_conv.controls import toeplitz_explorer
from lessonlib.lessons.l07_matmul_to_conv.view import ToeplitzView, plot_dense_vs_conv, plot_im2col

settings_2d = st.tuples(st.integers(3, 9), st.integers(3, 9), st.integers(1, 3), st.integers(1, 3),
                        st.integers(1, 2), st.integers(0, 2), st.integers(1, 2))


def _fits(h, w, kh, kw, s, p, d):
    return all((n + 2 * p - d * (k - 1) - 1) >= 0 and (n + 2 * p - d * (k - 1) - 1) % s == 0
               for n, k in ((h, kh), (w, kw)))


@given(settings_2d)
def test_im2col_times_kernel_is_the_reference(settings):
    h, w, kh, kw, s, p, d = settings
    if not _fits(h, w, kh, kw, s, p, d):
        return
    rng = np.random.default_rng(h * 100 + w)
    x, k = rng.standard_normal((h, w)), rng.standard_normal((kh, kw))
    ref = conv_forward_reference(x[None, None], k[None, None], stride=s, padding=p, dilation=d)[0, 0]
    np.testing.assert_allclose(k.ravel() @ im2col(x, (kh, kw), s, p, d), ref.ravel(), atol=1e-12)


def test_block_rows_marks_the_doubly_block_structure():
    k = np.arange(1.0, 10.0).reshape(3, 3)
    m = conv2d_matrix(k, (5, 5))
    rows = block_rows((3, 3), (5, 5))
    np.testing.assert_array_equal(rows, [[0, 1, 2, -1, -1], [-1, 0, 1, 2, -1], [-1, -1, 0, 1, 2]])
    for (i, y), u in np.ndenumerate(rows):
        block = m[i * 3:(i + 1) * 3, y * 5:(y + 1) * 5]
        if u < 0:
            assert not block.any()
        else:
            np.testing.assert_array_equal(block, conv1d_matrix(k[u], 5))


def test_im2col_columns_are_windows_and_match_the_fast_kernel():
    img = np.arange(1.0, 17.0).reshape(4, 4)
    cols = im2col(img, (3, 3))
    np.testing.assert_array_equal(cols[:, 0], img[:3, :3].ravel())
    np.testing.assert_array_equal(cols[:, 3], img[1:, 1:].ravel())
    _, cache = conv2d_forward(img[None, None], np.ones((1, 1, 3, 3)))
    np.testing.assert_array_equal(cols, cache.cols[0])
    assert im2col(np.zeros((3, 32, 32)), (5, 5), padding=2).shape == (75, 1024)


def test_matrix_counts():
    assert matrix_counts(conv1d_matrix([1.0, 2.0, 3.0], 6)) == (24, 12, 3)
    assert matrix_counts(conv2d_matrix(np.ones((3, 3)), (8, 8))).nonzeros == 6 * 6 * 9


# --- drawings ------------------------------------------------------------------------------------


def test_static_figures_have_titles_and_labels():
    m = conv1d_matrix([1.0, 2.0, 3.0], 6)
    fig = plot_dense_vs_conv(dense_matrix(4, 6), m, conv_labels=np.where(m > 0, "w", ""))
    assert [ax.get_title() for ax in fig.axes] == ["fully connected: dense matrix", "convolution: banded Toeplitz matrix"]
    assert all(ax.get_xlabel() for ax in fig.axes)
    assert sum(t.get_text() == "w" for t in fig.axes[1].texts) == 12
    plt.close(fig)
    img = np.arange(16.0).reshape(4, 4)
    fig = plot_im2col(img, im2col(img, (3, 3)), (3, 3), (2, 2), position=3)
    assert "9 kernel cells × 4 positions" in fig.axes[1].get_title()
    plt.close(fig)


def test_update_changes_images_grid_and_texts():
    view = ToeplitzView(layer_matrices(6, 3))
    before = view.im_c.get_array().copy()
    frame = layer_matrices(5, 3, two_d=True)._replace(caption="c")
    view.update(frame)
    assert view.im_c.get_array().shape == (9, 25) and before.shape == (4, 6)
    assert len(view.grid.get_segments()) == 2 + 4
    assert "doubly-block" in view.title_c.get_text() and view.caption.get_text() == "c"
    view.update(layer_matrices(6, 3, stride=2)._replace(caption="not an integer"))
    assert view.im_c.get_array().shape == (1, 1) and view.caption.get_text() == "not an integer"
    plt.close(view.fig)


# --- the explorer --------------------------------------------------------------------------------


def test_layer_matrices_counts_and_invalid_message():
    frame = layer_matrices(6, 3)
    assert frame.dense.shape == frame.conv.shape == (4, 6) and frame.block_shape is None
    assert "dense 28 vs conv 4" in frame.caption
    assert (frame.dense_nonzeros, frame.conv_nonzeros) == (24, 12)
    invalid = layer_matrices(6, 3, stride=2)
    assert "not an integer, so the stride does not fit" in invalid.caption
    assert invalid.conv is None and invalid.conv_nonzeros == 0


def test_sliders_extremes_change_the_figure():
    explorer = toeplitz_explorer()
    view, controls = explorer.view, explorer.controls
    shape = view.im_c.get_array().shape
    controls["two_d"].value = True
    assert view.im_c.get_array().shape == (16, 36)
    controls["n"].value = controls["n"].max
    controls["kernel"].value = controls["kernel"].max
    assert view.im_c.get_array().shape == (64, 144) != shape
    controls["stride"].value = 3
    assert "zero padding is your friend" in " ".join(view.caption.get_text().split())   # wrapped to fit the figure
    controls["padding"].value = 1                  # (12 - 5 + 2)/3 + 1 = 4
    assert view.im_c.get_array().shape == (16, 144)
    plt.close(view.fig)


def test_update_changes_the_frame_and_the_figure():
    explorer = toeplitz_explorer(n=6, kernel=3)
    assert explorer.settings == dict(n=6, kernel=3, two_d=False, stride=1, padding=0)
    frame = explorer.update(n=8, kernel=5)
    assert frame is explorer.frame and frame.conv.shape == (4, 8)
    assert explorer.view.im_c.get_array().shape == (4, 8)
    assert "4×8 matrix, 20 non-zeros" in explorer.view.title_c.get_text()
    with pytest.raises(ValueError, match="unknown setting"):
        explorer.update(size=3)
    plt.close(explorer.fig)


def test_median_time_warms_up_then_takes_the_median_of_the_repeats():
    from lessonlib.lessons.l07_matmul_to_conv.compute import median_time
    calls = []
    slow_first = lambda: calls.append(1) or (len(calls) == 1 and __import__("time").sleep(0.05))
    t = median_time(slow_first, repeat=5, warmup=2)
    assert len(calls) == 7 and t.repeat == 5
    assert t.low <= t.median <= t.high < 0.01          # the slow first call was a warm-up, not timed
    with pytest.raises(ValueError):
        median_time(lambda: None, repeat=0)
