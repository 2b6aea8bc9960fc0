"""Lesson 17 drawings and slider, headless: artists change with the slider, bad sizes show a message."""
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import to_hex

from lessonlib.architecture import Check, alexnet, table
from lessonlib.render.alexnet import comparison_text, make_input_size_view, plot_counts, plot_shares
from lessonlib.widgets.alexnet import InputSizeExplorer


def test_comparison_text_marks_differences():
    text = comparison_text([Check("L1 (Conv)", "units", 290_400, 290_400), Check("L4 (Conv)", "units", 64_869, 64_896)])
    lines = text.splitlines()
    assert lines[1].endswith("ok") and "290,400" in lines[1]
    assert lines[2].endswith("DIFFERS by +27") and "64,869" in lines[2] and "64,896" in lines[2]


def test_plot_counts_paints_differing_layers_red():
    computed = np.array([[10, 100, 1000], [20, 200, 2000]])
    lecture = computed.copy()
    lecture[1, 2] = 1999
    fig = plot_counts(["a", "b"], computed, lecture)
    colours = [[to_hex(p.get_facecolor()) for p in ax.patches] for ax in fig.axes]
    assert colours[0] == colours[1] == ["#4477aa", "#4477aa"]
    assert colours[2] == ["#4477aa", "#cc3311"]       # patches follow the labels: "b" differs
    assert [p.get_width() for p in fig.axes[2].patches] == [1000, 2000]
    plt.close(fig)


def test_plot_shares_adds_up_to_100_percent():
    fig = plot_shares(["a", "b", "c"], [1, 1, 2], [5, 3, 2])
    widths = [p.get_width() for p in fig.axes[0].patches]
    assert np.isclose(sum(widths[:3]), 100) and np.isclose(sum(widths[3:]), 100)
    assert np.allclose(widths[:3], [50, 30, 20])
    plt.close(fig)


def test_view_update_changes_bars_and_title():
    view = make_input_size_view(["a", "b"], [10, 20], [30, 40], "first")
    view.update([11, 21], [31, 41], "second")
    assert [b.get_width() for b in view.bars[0]] == [11, 21]
    assert [b.get_width() for b in view.bars[1]] == [31, 41]
    assert view.title.get_text() == "second"
    view.update(None, None, "empty")
    assert [b.get_width() for b in view.bars[0]] == [0, 0]
    plt.close(view.fig)


def _widths(explorer):
    return [[b.get_width() for b in group] for group in explorer.view.bars]


def test_slider_extremes_redraw_and_keep_conv_weights():
    explorer = InputSizeExplorer(value=227, low=195, high=291)
    start = _widths(explorer)
    assert start[0] == [r.weights for r in table(alexnet(227), subtotals=False)]
    for n in (explorer.slider.min, explorer.slider.max):
        explorer.slider.value = n                          # fires the observer, as a drag would
        widths = _widths(explorer)
        assert widths[1] != start[1]                       # connections change with the image
        assert widths[0][:5] == start[0][:5]               # conv weights do not
        assert widths[0][5] != start[0][5]                 # fc6 does
        assert f"input {n}×{n}×3" in explorer.view.title.get_text()
    plt.close(explorer.view.fig)


def test_sizes_that_do_not_fit_show_the_lecture_message():
    explorer = InputSizeExplorer()
    explorer.show(224)
    text = explorer.view.title.get_text()
    assert "input 224×224×3 does not fit" in text and "54.25" in text
    assert all(w == 0 for group in _widths(explorer) for w in group)
    explorer.show(227)
    assert "= 55 → 96×55×55" in explorer.view.title.get_text()
    plt.close(explorer.view.fig)
