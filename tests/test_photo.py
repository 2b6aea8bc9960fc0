"""data.photo: the sample photograph loads offline, in the sizes the lessons use."""
import numpy as np
import pytest

from lessonlib.data.photo import load_photo


def test_shapes_and_range():
    full = load_photo()
    assert full.shape == (600, 512, 3) and 0 <= full.min() and full.max() <= 1
    small = load_photo(32)
    assert small.shape == (32, 32, 3)
    # block averaging keeps the mean of the cropped square
    assert np.isclose(small.mean(), full[40:552, :512].mean())
    assert load_photo(128, gray=True).shape == (128, 128)


def test_gray_is_luminance():
    np.testing.assert_allclose(load_photo(64, gray=True), load_photo(64) @ np.array([0.299, 0.587, 0.114]))


@pytest.mark.parametrize("size", [0, 30, 1000, 2.0, True])
def test_bad_size_is_explained(size):
    with pytest.raises(ValueError, match="divisor of 512"):
        load_photo(size)


def test_loading_needs_no_pyplot():
    """The loader decodes with matplotlib.image: importing it starts no plotting machinery."""
    import subprocess
    import sys
    code = "import sys, lessonlib.data.photo; print('matplotlib.pyplot' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
