"""Lesson 5 drawings and the width slider, headless."""
import matplotlib.pyplot as plt
import numpy as np
import pytest

from lessonlib.nn.approximation import ArchitectureResult, CurveFit
from lessonlib.render.approximation import WidthView, draw_architectures, draw_sawtooth
from lessonlib.widgets.approximation import width_explorer

X = np.linspace(-1, 1, 11)


def _fit(n, mse):
    hinges = np.outer(np.arange(1, n + 1), X) / n
    return CurveFit((1, n, 1), 3 * n + 1, 0, hinges.sum(axis=0), mse, hinges)


FITS = [_fit(1, 0.5), _fit(2, 0.2), _fit(4, 0.05)]


def test_update_at_the_extremes_changes_fit_hinges_and_marker():
    view = WidthView(X, X ** 2, FITS, 0)
    line, segments = view.fit_line.get_ydata().copy(), len(view.hinges.get_segments())
    view.update(2)
    assert not np.array_equal(line, view.fit_line.get_ydata())
    assert segments == 1 and len(view.hinges.get_segments()) == 4
    assert list(view.marker.get_xdata()) == [4] and list(view.marker.get_ydata()) == [0.05]
    assert "n = 4 hidden units, 13 parameters" in view.fit_title.get_text()
    assert view.ax_h.get_ylim()[1] >= np.abs(FITS[2].hinges).max()
    plt.close("all")


def test_invalid_index_is_explained():
    view = WidthView(X, X ** 2, FITS)
    with pytest.raises(ValueError, match=r"index must be an integer 0\.\.2"):
        view.update(3)
    with pytest.raises(ValueError, match="one hidden layer"):
        WidthView(X, X, [FITS[0]._replace(hinges=None)])
    plt.close("all")


def test_slider_is_log2_of_the_width():
    box, view = width_explorer(X, X ** 2, FITS, n_hidden=2)
    (slider,) = box.children[0].children
    assert (slider.min, slider.value, slider.max) == (0, 1, 2)
    slider.value = 2
    assert view.settings == {"index": 2}
    with pytest.raises(ValueError, match="consecutive powers of two"):
        width_explorer(X, X, [FITS[0], FITS[2]])
    plt.close("all")


def test_static_figures_are_labelled():
    results = [ArchitectureResult((1, 4, 1), 13, (0.1, 0.2, 0.3), 0.2, X),
               ArchitectureResult((1, 2, 2, 1), 13, (0.05, 0.1, 0.5), 0.1, -X)]
    fig = draw_architectures(X, X, results)
    ax_b, ax_r = fig.axes
    assert ax_b.get_yscale() == "log" and [t.get_text() for t in ax_b.get_xticklabels()][1] == "1-2-2-1\n13 params"
    assert len(ax_r.lines) == 1 + 2 and ax_r.get_ylabel() == "fit − target"
    fig = draw_sawtooth(X, {1: (np.abs(X), 2), 2: (X, 4)})
    assert [ax.get_title() for ax in fig.axes] == ["1 hidden layer: 2 pieces", "2 hidden layers: 4 pieces"]


def test_built_fits_are_drawn_dashed_and_follow_the_slider():
    built = [f._replace(y_fit=-f.y_fit, mse=f.mse / 10, seed=-1) for f in FITS]
    view = WidthView(X, X ** 2, FITS, 0, built=built)
    view.update(2)
    assert np.array_equal(view.built_line.get_ydata(), built[2].y_fit)
    assert "built by hand 0.005" in view.fit_title.get_text()
    assert len(view.ax_err.lines) == 3
    with pytest.raises(ValueError, match="one fit per width"):
        WidthView(X, X, FITS, built=built[:2])
    plt.close("all")
