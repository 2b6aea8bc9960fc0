"""lessonlib.figures.training (a training run's curves) and figures.static, headless."""
from matplotlib.figure import Figure

from lessonlib.figures import DPI
from lessonlib.figures.static import static_figure
from lessonlib.figures.training import draw_history
from lessonlib.nn.train import History


def test_history_curves_are_labelled():
    hist = History([1.0, 0.5], [0.5, 0.9], [1.1, 0.6], [0.4, 0.8], [10.0, 10.0])
    fig = draw_history(hist)
    assert all(len(ax.lines) == 2 and ax.get_xlabel() == "epoch" for ax in fig.axes)


def test_history_without_validation_draws_training_only():
    fig = draw_history(History([1.0, 0.5], [0.5, 0.9], [], [], [10.0, 10.0]), title="run")
    assert [len(ax.lines) for ax in fig.axes] == [1, 1] and fig.axes[0].get_title() == "run"


def test_static_figure_is_outside_pyplot_at_the_shared_dpi():
    import matplotlib.pyplot as plt
    before = plt.get_fignums()
    fig, axes = static_figure((4, 2), 3, sharey=True)
    assert isinstance(fig, Figure) and fig.dpi == DPI and len(axes) == 3
    assert plt.get_fignums() == before
