"""lessonlib.nn.preprocess: seeded train/test split; standardising and undoing it."""
import numpy as np
import pytest

from lessonlib.nn.preprocess import Standardiser, train_test_split, unstandardise


def test_split_keeps_rows_together_and_is_seeded():
    x = np.arange(20).reshape(10, 2)
    y = np.arange(10) * 10
    x_tr, x_te, y_tr, y_te = train_test_split(x, y, test_fraction=0.3, seed=1)
    assert len(x_te) == len(y_te) == 3 and len(x_tr) == len(y_tr) == 7
    assert np.array_equal(x_tr[:, 0] // 2 * 10, y_tr) and np.array_equal(x_te[:, 0] // 2 * 10, y_te)
    assert sorted(np.concatenate([y_tr, y_te]).tolist()) == y.tolist()
    again = train_test_split(x, y, test_fraction=0.3, seed=1)
    assert all(np.array_equal(a, b) for a, b in zip(again, (x_tr, x_te, y_tr, y_te)))
    assert not np.array_equal(train_test_split(x, y, test_fraction=0.3, seed=2)[3], y_te)


@pytest.mark.parametrize("args, kwargs, match", [
    ((), {}, "at least one array"),
    ((np.zeros(5), np.zeros(4)), {}, "same number of rows"),
    ((np.zeros(5),), {"test_fraction": 1.0}, "between 0 and 1"),
    ((np.zeros(3),), {"test_fraction": 0.1}, "empty train or test part"),
])
def test_split_rejects_bad_inputs(args, kwargs, match):
    with pytest.raises(ValueError, match=match):
        train_test_split(*args, **kwargs)


def test_standardise_and_undo():
    y = np.array([10.0, 20.0, 30.0, 40.0])
    scaler = Standardiser.fit(y[:, None])
    z = scaler.apply(y[:, None])[:, 0]
    assert z.mean() == pytest.approx(0) and z.std() == pytest.approx(1)
    assert np.allclose(unstandardise(scaler, z), y)
