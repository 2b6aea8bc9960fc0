"""lessonlib.models.small_cnn: the shipped small CNN of lessons 14-15."""
import numpy as np
import pytest

from lessonlib.data import bundled_split
from lessonlib.models import to_input
from lessonlib.models.small_cnn import WEIGHTS, build_small_cnn, load_small_cnn


def test_shipped_weights_are_small_and_classify_digits():
    test_digits = bundled_split().test
    assert WEIGHTS.stat().st_size < 200_000
    scores = load_small_cnn().predict(to_input(test_digits.images[:300]))
    assert np.mean(scores.argmax(1) == test_digits.labels[:300]) > 0.9


def test_missing_weights_say_how_to_rebuild(tmp_path):
    with pytest.raises(FileNotFoundError, match="python -m lessonlib.models.small_cnn"):
        load_small_cnn(tmp_path / "none.npz")


def test_build_is_seeded():
    a, b = build_small_cnn(seed=1), build_small_cnn(seed=1)
    assert all(np.array_equal(p, q) for p, q in zip(a.state_dict().values(), b.state_dict().values()))
