"""lessonlib.nn.toydata: seeded 2-D data sets and the evaluation grid."""
import numpy as np
import pytest

from lessonlib.nn.toydata import circles, plane_grid, two_moons


@pytest.mark.parametrize("make", [two_moons, circles])
def test_shapes_balance_and_seed(make):
    X, y = make(n=101, seed=3)
    assert X.shape == (101, 2) and X.dtype == np.float64 and y.dtype == np.int64
    assert np.bincount(y).tolist() == [50, 51]
    assert np.array_equal(X, make(n=101, seed=3)[0])
    assert not np.array_equal(X, make(n=101, seed=4)[0])


def test_noise_free_moons_lie_on_their_half_circles():
    X, y = two_moons(n=40, noise=0.0)
    upper, lower = X[y == 0], X[y == 1]
    assert np.allclose(np.hypot(*upper.T), 1) and np.all(upper[:, 1] >= 0)
    assert np.allclose(np.hypot(lower[:, 0] - 1, lower[:, 1] - 0.5), 1) and np.all(lower[:, 1] <= 0.5)


def test_noise_free_circles_have_the_two_radii():
    X, y = circles(n=40, noise=0.0, factor=0.3)
    r = np.hypot(*X.T)
    assert np.allclose(r[y == 0], 1) and np.allclose(r[y == 1], 0.3)


def test_moons_are_not_linearly_separable():
    X, y = two_moons(n=400, noise=0.1, seed=0)
    A = np.column_stack([X, np.ones(len(X))])
    w = np.linalg.lstsq(A, 2.0 * y - 1, rcond=None)[0]
    assert 0.8 < np.mean((A @ w > 0) == y) < 0.95


@pytest.mark.parametrize("call, match", [
    (lambda: two_moons(n=1), "at least 2"),
    (lambda: two_moons(n=0), "positive integer"),
    (lambda: two_moons(noise=-0.1), "noise must be non-negative"),
    (lambda: circles(factor=1.5), r"factor must be in \(0, 1\)"),
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
