"""Lesson 1: two moons, the trained 2 → h → 2 networks, their drawings and the explorer, headless."""
import matplotlib.pyplot as plt
import numpy as np
import pytest

from lessonlib.lessons.l01_mlp_representation.compute import (hidden_representation, plane_grid, representation,
                                                              representation_grid, train_full_batch, two_moons,
                                                              units_frame)
from lessonlib.lessons.l01_mlp_representation.controls import representation_explorer
from lessonlib.lessons.l01_mlp_representation.view import (RepresentationView, draw_data,
                                                           draw_input_and_hidden_space, draw_mlp_diagram)
from lessonlib.nn import mlp

# --- the data ---------------------------------------------------------------------------------


def test_shapes_balance_and_seed():
    X, y = two_moons(n=101, seed=3)
    assert X.shape == (101, 2) and X.dtype == np.float64 and y.dtype == np.int64
    assert np.bincount(y).tolist() == [50, 51]
    assert np.array_equal(X, two_moons(n=101, seed=3)[0])
    assert not np.array_equal(X, two_moons(n=101, seed=4)[0])


def test_noise_free_moons_lie_on_their_half_circles():
    X, y = two_moons(n=40, noise=0.0)
    upper, lower = X[y == 0], X[y == 1]
    assert np.allclose(np.hypot(*upper.T), 1) and np.all(upper[:, 1] >= 0)
    assert np.allclose(np.hypot(lower[:, 0] - 1, lower[:, 1] - 0.5), 1) and np.all(lower[:, 1] <= 0.5)


def test_moons_are_not_linearly_separable():
    X, y = two_moons(n=400, noise=0.1, seed=0)
    A = np.column_stack([X, np.ones(len(X))])
    w = np.linalg.lstsq(A, 2.0 * y - 1, rcond=None)[0]
    assert 0.8 < np.mean((A @ w > 0) == y) < 0.95


@pytest.mark.parametrize("call, match", [
    (lambda: two_moons(n=1), "at least 2"),
    (lambda: two_moons(n=0), "positive integer"),
    (lambda: two_moons(noise=-0.1), "noise must be non-negative"),
    (lambda: plane_grid(np.zeros((5, 3))), r"X must have shape \(m, 2\)"),
])
def test_bad_settings_are_refused(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_plane_grid_covers_the_points_with_a_margin():
    X = np.array([[0.0, 1.0], [2.0, 3.0]])
    g = plane_grid(X, n=5, margin=0.5)
    assert g.shape == (5, 5) and g.points.shape == (25, 2)
    assert g.extent == (-0.5, 2.5, 0.5, 3.5)
    # row by row: x varies fastest, as imshow(origin="lower") expects
    assert g.points[0].tolist() == [-0.5, 0.5] and g.points[1].tolist() == [0.25, 0.5]
    assert g.points[-1].tolist() == [2.5, 3.5]


# --- the trained networks -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def moons():
    X, y = two_moons(n=120, noise=0.15, seed=0)
    return X, y, plane_grid(X, n=12)


def test_hidden_representation_is_f_of_the_first_layer():
    net = mlp((3, 4, 2), seed=1, activation="tanh")
    x = np.random.default_rng(0).standard_normal((5, 3))
    W, b = net.layers[0].params["W"], net.layers[0].params["b"]
    assert np.allclose(hidden_representation(net, x), np.tanh(x @ W.T + b))


def test_representation_arrays_agree_with_the_model(moons):
    X, y, grid = moons
    model = train_full_batch(X, y, 3, "tanh", epochs=50)
    r = representation(model, X, y, grid)
    assert r.hidden == 3 and r.activation == "tanh"
    assert r.hidden_maps.shape == (3, 12, 12) and r.prob_map.shape == (12, 12)
    # the map's pixel (row i, column j) is grid point i * nx + j
    assert np.allclose(r.hidden_maps[:, 2, 5], hidden_representation(model, grid.points[[2 * 12 + 5]])[0])
    # class 1 wins exactly where the linear read-out of a(x) is positive
    logit = r.hidden_at_data @ r.readout + r.readout_bias
    assert np.array_equal(logit > 0, np.argmax(model.forward(X), axis=1) == 1)
    assert r.train_accuracy == np.mean((logit > 0) == y)


def test_more_hidden_units_fit_the_moons_better(moons):
    X, y, grid = moons
    results = representation_grid(X, y, grid, hidden_sizes=(1, 8), activations=("tanh",), epochs=400)
    assert set(results) == {(1, "tanh"), (8, "tanh")}
    assert results[(8, "tanh")].train_accuracy >= 0.97
    assert results[(1, "tanh")].train_accuracy < 0.92      # one unit = one straight boundary


def test_representation_needs_one_hidden_layer_and_two_classes(moons):
    X, y, grid = moons
    with pytest.raises(ValueError, match="one hidden layer"):
        representation(mlp((2, 3, 3, 2)), X, y, grid)
    with pytest.raises(ValueError, match="two output classes"):
        representation(mlp((2, 3, 3)), X, y, grid)


# --- drawings, the frame, the view and the explorer ------------------------------------------------


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


def test_frame_holds_the_chosen_network(lesson):
    X, y, grid, results = lesson
    f = units_frame(results, 3, "tanh")
    r = results[(3, "tanh")]
    assert f.hidden_maps.shape == (3, 10, 10) and f.unit_range.shape == (3, 2) and f.dead.shape == (3,)
    assert np.array_equal(f.prob_map, r.prob_map) and np.array_equal(f.readout, r.readout)
    assert f.unit_range.tolist() == [[-1.0, 1.0]] * 3 and not f.dead.any()      # tanh's range
    relu = units_frame(results, 4, "relu")
    assert np.allclose(relu.unit_range[:, 1], np.maximum(relu.hidden_maps.max(axis=(1, 2)), 1e-6))
    assert np.array_equal(relu.dead, ~relu.hidden_maps.reshape(4, -1).any(axis=1))


@pytest.mark.parametrize("settings", [dict(hidden=9, activation="tanh"), dict(hidden=2, activation="elu"),
                                      dict(hidden=0, activation="tanh")])
def test_frame_refuses_settings_without_a_precomputed_net(lesson, settings):
    X, y, grid, results = lesson
    with pytest.raises(ValueError, match=r"hidden must be one of \[1, 2, 3, 4\], activation one of"):
        units_frame(results, **settings)


def test_view_update_swaps_the_precomputed_arrays(lesson):
    X, y, grid, results = lesson
    view = RepresentationView(units_frame(results, 1, "relu"), X=X, y=y, extent=grid.extent, max_units=4)
    assert [ax.get_visible() for ax in view.unit_axes] == [True, False, False, False]
    first = view.prob_image.get_array().copy()
    view.update(units_frame(results, 4, "tanh"))
    r = results[(4, "tanh")]
    assert not np.array_equal(first, view.prob_image.get_array())
    assert np.array_equal(view.prob_image.get_array(), r.prob_map)
    assert all(ax.get_visible() for ax in view.unit_axes)
    assert np.array_equal(view.unit_images[3].get_array(), r.hidden_maps[3])
    assert view.unit_images[0].get_clim() == (-1.0, 1.0)        # tanh's range
    assert "4 tanh units" in view.main_title.get_text()
    view.update(units_frame(results, 2, "tanh"))
    assert [ax.get_visible() for ax in view.unit_axes] == [True, True, False, False]


def test_view_needs_enough_panels(lesson):
    X, y, grid, results = lesson
    with pytest.raises(ValueError, match="max_units=2"):
        RepresentationView(units_frame(results, 4, "tanh"), X=X, y=y, extent=grid.extent, max_units=2)
    with pytest.raises(ValueError, match="max_units=2"):
        representation_explorer(X, y, grid.extent, results, hidden=1, activation="tanh", max_units=2)


def test_explorer_slider_and_buttons_drive_the_view(lesson):
    X, y, grid, results = lesson
    explorer = representation_explorer(X, y, grid.extent, results, hidden=2, activation="tanh")
    slider, buttons = explorer.controls.values()
    assert (slider.min, slider.max, slider.value) == (1, 4, 2)
    slider.value = 3
    assert explorer.settings == {"hidden": 3, "activation": "tanh"}
    buttons.value = "relu"
    assert explorer.settings == {"hidden": 3, "activation": "relu"}
    assert np.array_equal(explorer.view.prob_image.get_array(), results[(3, "relu")].prob_map)


def test_explorer_update_changes_the_frame_and_the_figure(lesson):
    X, y, grid, results = lesson
    explorer = representation_explorer(X, y, grid.extent, results, hidden=1, activation="tanh")
    title = explorer.view.main_title.get_text()
    frame = explorer.update(hidden=4, activation="relu")
    assert (frame.hidden, frame.activation) == (4, "relu") and frame is explorer.frame
    assert explorer.view.main_title.get_text() != title and "4 relu units" in explorer.view.main_title.get_text()
    assert [ax.get_visible() for ax in explorer.view.unit_axes[:5]] == [True] * 4 + [False]
    assert np.array_equal(explorer.view.unit_images[3].get_array(), results[(4, "relu")].hidden_maps[3])
    bundle = explorer._repr_mimebundle_()
    assert "image/png" in bundle and bundle["text/plain"].startswith("Interactive figure")
    with pytest.raises(ValueError, match="unknown setting"):
        explorer.update(units=3)


def test_explorer_needs_every_hidden_size(lesson):
    X, y, grid, results = lesson
    gappy = {k: v for k, v in results.items() if k[0] != 2}
    with pytest.raises(ValueError, match="every hidden size from 1 to 4"):
        representation_explorer(X, y, grid.extent, gappy, hidden=1, activation="tanh")


# --- the 2-D view of a wider hidden space that keeps the read-out's boundary ---------------------


def test_readout_view_keeps_the_output_layers_decision(lesson):
    from lessonlib.lessons.l01_mlp_representation.compute import readout_view
    X, y, grid, results = lesson
    r = results[(4, "tanh")]
    view = readout_view(r.hidden_at_data, r.readout, r.readout_bias)
    assert view.coords.shape == (len(X), 2) and view.directions.shape == (2, 4)
    assert np.allclose(view.directions @ view.directions.T, np.eye(2))        # orthonormal
    assert np.allclose(view.directions[0], r.readout / np.linalg.norm(r.readout))
    # right of the vertical line <=> the network says class 1
    assert np.array_equal(view.coords[:, 0] > view.boundary, r.model.forward(X).argmax(axis=1) == 1)
    assert 0 < view.explained <= 1 + 1e-12
    # with 2 units the view is the whole hidden space (a rotation): all the spread is shown
    r2 = results[(2, "tanh")]
    assert readout_view(r2.hidden_at_data, r2.readout, r2.readout_bias).explained == pytest.approx(1)
    with pytest.raises(ValueError, match="readout is zero"):
        readout_view(r.hidden_at_data, np.zeros(4), 0.0)
    with pytest.raises(ValueError, match="h >= 2"):
        readout_view(r.hidden_at_data[:, :1], r.readout[:1], 0.0)


def test_readout_view_is_exact_on_a_hand_made_hidden_space():
    from lessonlib.lessons.l01_mlp_representation.compute import readout_view
    a = np.array([[0.0, 0.0, 1.0], [1.0, 0.0, -1.0], [2.0, 0.0, 1.0], [3.0, 0.0, -1.0]])
    view = readout_view(a, readout=np.array([2.0, 0.0, 0.0]), readout_bias=-3.0)   # class 1 where a_1 > 1.5
    assert view.boundary == pytest.approx(1.5)
    assert np.allclose(view.coords[:, 0], a[:, 0])
    assert np.allclose(np.abs(view.directions[1]), [0, 0, 1])                   # the spread left over: a_3


def test_readout_view_figure(lesson):
    from lessonlib.lessons.l01_mlp_representation.compute import readout_view
    from lessonlib.lessons.l01_mlp_representation.view import draw_input_and_readout_view
    X, y, grid, results = lesson
    r = results[(4, "tanh")]
    view = readout_view(r.hidden_at_data, r.readout, r.readout_bias)
    fig = draw_input_and_readout_view(X, y, grid.extent, r.prob_map, view, title="t")
    ax_in, ax_h = fig.axes
    assert np.array_equal(ax_in.images[0].get_array(), r.prob_map)
    assert np.allclose(np.vstack([c.get_offsets() for c in ax_h.collections]),
                       np.vstack([view.coords[y == 0], view.coords[y == 1]]))
    (line,) = ax_h.lines
    assert np.allclose(line.get_xdata(), view.boundary)
    assert ax_h.get_xlabel() and ax_h.get_ylabel() and "4-D" in ax_h.get_title()
