"""lessonlib.render.mlp and lessonlib.widgets.mlp, headless: drawings, update(), the slider shell."""
import matplotlib.pyplot as plt
import numpy as np
import pytest

from lessonlib.nn.experiments import representation_grid
from lessonlib.nn.toydata import plane_grid, two_moons
from lessonlib.render.mlp import RepresentationView, draw_data, draw_input_and_hidden_space, draw_mlp_diagram
from lessonlib.widgets.mlp import representation_explorer


@pytest.fixture(scope="module")
def lesson():
    X, y = two_moons(n=60, noise=0.2, seed=0)
    grid = plane_grid(X, n=10)
    results = representation_grid(X, y, grid, range(1, 5), ("relu", "tanh"), epochs=30)
    yield X, y, grid, results
    plt.close("all")


def test_diagram_draws_one_circle_per_unit_and_one_line_per_weight():
    fig = draw_mlp_diagram((4, 5, 3))
    ax = fig.axes[0]
    assert sum(len(c.get_offsets()) for c in ax.collections) == 4 + 5 + 3
    assert len(ax.lines) == 4 * 5 + 5 * 3
    assert ax.get_title() == "4 → 5 → 3 MLP"
    with pytest.raises(ValueError, match="one name per layer"):
        draw_mlp_diagram((4, 5, 6, 3))


def test_data_and_hidden_space_figures(lesson):
    X, y, grid, results = lesson
    fig = draw_data(X, y)
    assert fig.axes[0].get_xlabel() == "$x_1$"
    r = results[(2, "tanh")]
    fig = draw_input_and_hidden_space(X, y, grid.extent, r.prob_map, r.hidden_at_data, r.readout, r.readout_bias)
    ax_in, ax_h = fig.axes
    assert np.array_equal(ax_in.images[0].get_array(), r.prob_map)
    assert np.allclose(np.vstack([c.get_offsets() for c in ax_h.collections]), np.vstack(
        [r.hidden_at_data[y == 0], r.hidden_at_data[y == 1]]))
    # the dashed line is the read-out's zero set
    (line,) = ax_h.lines
    a = np.column_stack(line.get_data())
    assert np.allclose(a @ r.readout + r.readout_bias, 0)
    with pytest.raises(ValueError, match="exactly 2 hidden units"):
        draw_input_and_hidden_space(X, y, grid.extent, r.prob_map, results[(3, "tanh")].hidden_at_data,
                                    r.readout, r.readout_bias)


def test_view_update_swaps_the_precomputed_arrays(lesson):
    X, y, grid, results = lesson
    view = RepresentationView(X, y, grid.extent, results, hidden=1, activation="relu", max_units=4)
    assert [ax.get_visible() for ax in view.unit_axes] == [True, False, False, False]
    first = view.prob_image.get_array().copy()
    view.update(hidden=4, activation="tanh")
    r = results[(4, "tanh")]
    assert not np.array_equal(first, view.prob_image.get_array())
    assert np.array_equal(view.prob_image.get_array(), r.prob_map)
    assert all(ax.get_visible() for ax in view.unit_axes)
    assert np.array_equal(view.unit_images[3].get_array(), r.hidden_maps[3])
    assert view.unit_images[0].get_clim() == (-1.0, 1.0)        # tanh's range
    assert "4 tanh units" in view.main_title.get_text()
    view.update(hidden=2)                                       # the other setting is kept
    assert view.settings == {"hidden": 2, "activation": "tanh"}
    assert [ax.get_visible() for ax in view.unit_axes] == [True, True, False, False]


@pytest.mark.parametrize("settings", [dict(hidden=9), dict(activation="elu"), dict(hidden=0)])
def test_view_refuses_settings_without_a_precomputed_net(lesson, settings):
    X, y, grid, results = lesson
    view = RepresentationView(X, y, grid.extent, results, hidden=2, activation="tanh", max_units=4)
    with pytest.raises(ValueError, match=r"hidden must be one of \[1, 2, 3, 4\], activation one of"):
        view.update(**settings)
    assert view.settings == {"hidden": 2, "activation": "tanh"}


def test_view_needs_enough_panels(lesson):
    X, y, grid, results = lesson
    with pytest.raises(ValueError, match="max_units=2"):
        RepresentationView(X, y, grid.extent, results, hidden=1, activation="tanh", max_units=2)


def test_explorer_slider_and_buttons_drive_the_view(lesson):
    X, y, grid, results = lesson
    box, view = representation_explorer(X, y, grid.extent, results, hidden=2, activation="tanh")
    slider, buttons = box.children[0].children
    assert (slider.min, slider.max, slider.value) == (1, 4, 2)
    slider.value = 3
    assert view.settings == {"hidden": 3, "activation": "tanh"}
    buttons.value = "relu"
    assert view.settings == {"hidden": 3, "activation": "relu"}
    assert np.array_equal(view.prob_image.get_array(), results[(3, "relu")].prob_map)


def test_explorer_needs_every_hidden_size(lesson):
    X, y, grid, results = lesson
    gappy = {k: v for k, v in results.items() if k[0] != 2}
    with pytest.raises(ValueError, match="every hidden size from 1 to 4"):
        representation_explorer(X, y, grid.extent, gappy, hidden=1, activation="tanh")
