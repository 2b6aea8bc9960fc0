"""widgets.connectivity: counts in the titles, controls at their extremes."""
import matplotlib.pyplot as plt

from lessonlib.widgets.connectivity import connectivity_explorer, connectivity_figure


def test_titles_count_what_the_book_counts():
    *_, titles, caption = connectivity_figure("output", 2)
    assert titles[0].endswith("inputs that affect s3: 3") and titles[1].endswith(": 5")
    assert "connections: convolution 13 vs dense 25" in caption and "parameters: convolution 3 vs dense 25" in caption


def test_controls():
    box, view, c = connectivity_explorer()
    c["mode"].value = c["mode"].options[1]
    assert "inputs that affect s3" in view.panels[0][5].get_text()
    c["n"].value = c["n"].max
    c["unit"].value = c["unit"].max
    assert "s12" in view.panels[0][5].get_text()
    c["n"].value = c["n"].min                          # unit is clamped to the new range
    assert c["unit"].value == 2 and "s3" in view.panels[0][5].get_text()
    c["kernel_width"].value = c["kernel_width"].max
    assert "kernel width 7" in view.panels[0][5].get_text()
    plt.close(view.fig)
