"""lessonlib.figures.scales: the training-step axis (linear to 10, then one unit per decade)."""
import matplotlib.pyplot as plt
import numpy as np

from lessonlib.figures.scales import set_step_ticks, step_axis


def test_step_axis_is_linear_to_ten_then_one_unit_per_decade():
    assert step_axis(np.array([0, 5, 10, 100, 1000])).tolist() == [0.0, 0.5, 1.0, 2.0, 3.0]


def test_step_ticks_stop_at_the_last_step():
    fig, ax = plt.subplots()
    set_step_ticks(ax, 200, ticks=(1, 10, 100, 1000))
    assert [t.get_text() for t in ax.get_xticklabels()] == ["1", "10", "100"]
    assert np.allclose(ax.get_xticks(), [0.1, 1.0, 2.0])
    plt.close(fig)
