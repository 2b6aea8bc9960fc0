"""Lesson 17's drawings and explorer, headless: artists change with the slider, bad sizes show a message."""
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import to_hex

from lessonlib.lessons.l17_alexnet_by_the_numbers.compute import Check, SizeFrame, alexnet, input_size_counts
from lessonlib.lessons.l17_alexnet_by_the_numbers.controls import input_size_explorer
from lessonlib.lessons.l17_alexnet_by_the_numbers.counting import table
from lessonlib.lessons.l17_alexnet_by_the_numbers.view import InputSizeView, comparison_text, plot_counts, plot_shares


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


def _frame(weights, connections, n=228):
    counts = (np.array(weights), np.array(connections)) if weights is not None else (None, None)
    return SizeFrame(n, ("a", "b"), *counts, "conv1: working" if weights is not None else "",
                     0 if weights is None else sum(weights), 0 if weights is None else sum(connections),
                     None if weights is not None else "does not fit here")


def test_view_update_changes_bars_and_title():
    view = InputSizeView(_frame([10, 20], [30, 40], n=227))
    view.update(_frame([11, 21], [31, 41], n=228))
    assert [b.get_width() for b in view.bars[0]] == [11, 21]
    assert [b.get_width() for b in view.bars[1]] == [31, 41]
    assert view.title.get_text() == "input 228×228×3   conv1: working\ntotal weights 32   total connections 72"
    view.update(_frame(None, None, n=229))
    assert [b.get_width() for b in view.bars[0]] == [0, 0]
    assert view.title.get_text() == "input 229×229×3 does not fit:\ndoes not fit here"
    plt.close(view.fig)


def test_plot_counts_without_the_lecture_draws_the_computed_bars():
    fig = plot_counts(["a", "b"], np.array([[10, 100, 1000], [20, 200, 2000]]))
    assert [p.get_width() for p in fig.axes[2].patches] == [1000, 2000]
    plt.close(fig)


def _widths(explorer):
    return [[b.get_width() for b in group] for group in explorer.view.bars]


def test_slider_extremes_redraw_and_keep_conv_weights():
    explorer = input_size_explorer(value=227, low=195, high=291)
    slider = explorer.controls["n"]
    start = _widths(explorer)
    assert start[0] == [r.weights for r in table(alexnet(227), subtotals=False)]
    for n in (slider.min, slider.max):
        slider.value = n                                   # fires the observer, as a drag would
        widths = _widths(explorer)
        assert widths[1] != start[1]                       # connections change with the image
        assert widths[0][:5] == start[0][:5]               # conv weights do not
        assert widths[0][5] != start[0][5]                 # fc6 does
        assert f"input {n}×{n}×3" in explorer.view.title.get_text()
    plt.close(explorer.fig)


def test_sizes_that_do_not_fit_show_the_lecture_message():
    explorer = input_size_explorer()
    frame = explorer.update(n=224)
    text = explorer.view.title.get_text()
    assert "input 224×224×3 does not fit" in text and "54.25" in text
    assert all(w == 0 for group in _widths(explorer) for w in group)
    assert frame.error and frame.weights is None
    explorer.update(n=227)
    assert "= 55 → 96×55×55" in explorer.view.title.get_text()
    assert explorer.frame.total_weights == 60_954_656
    bundle = explorer._repr_mimebundle_()
    assert "image/png" in bundle and bundle["text/plain"].startswith("Interactive figure")
    plt.close(explorer.fig)


def test_one_gpu_explorer():
    explorer = input_size_explorer(groups=1)
    assert explorer.frame.weights[1] == input_size_counts(227, groups=1).weights[1] == 256 * 96 * 25
    plt.close(explorer.fig)
