"""render.toeplitz: static figures draw; ToeplitzView.update changes its images and texts."""
import matplotlib.pyplot as plt
import numpy as np

from lessonlib.conv_matrix import conv1d_matrix, conv2d_matrix, dense_matrix, im2col
from lessonlib.render.toeplitz import ToeplitzView, plot_dense_vs_conv, plot_im2col


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
    view = ToeplitzView(dense_matrix(4, 6), conv1d_matrix([1.0, 2.0, 3.0], 6))
    before = view.im_c.get_array().copy()
    view.update(dense_matrix(9, 25), conv2d_matrix(np.arange(1.0, 10).reshape(3, 3), (5, 5)), (3, 5), "c")
    assert view.im_c.get_array().shape == (9, 25) and before.shape == (4, 6)
    assert len(view.grid.get_segments()) == 2 + 4
    assert "doubly-block" in view.title_c.get_text() and view.caption.get_text() == "c"
    view.update(None, None, None, "not an integer")
    assert view.im_c.get_array().shape == (1, 1) and view.caption.get_text() == "not an integer"
    plt.close(view.fig)
