"""render.filtering: the flip figure marks the slide's wrong cell; FilterView.update changes every panel."""
import matplotlib.pyplot as plt
import numpy as np

from lessonlib.conv_matrix import KERNELS, flip_kernel
from lessonlib.render.filtering import FilterView, plot_flip


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
    view = FilterView(img, KERNELS["Sobel x"], img, np.zeros_like(img), "a", "n1")
    k_before = view.im_k.get_array().copy()
    view.update(KERNELS["box blur"], img * 2, np.ones_like(img), "b", "n2")
    assert not np.array_equal(view.im_k.get_array(), k_before)
    assert view.k_texts[1][1].get_text() == "0.111"
    np.testing.assert_array_equal(view.im_out.get_array(), img * 2)
    assert view.title_out.get_text() == "b" and view.note.get_text() == "n2"
    assert "max 1" in view.title_diff.get_text()
    plt.close(view.fig)
