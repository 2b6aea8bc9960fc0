"""lessonlib.data.mnist_style: MNIST's size normalisation (20×20 box, aspect kept) and centring by
centre of mass in 28×28, on hand-made drawings and on MNIST's own digits."""
import numpy as np
import pytest

from lessonlib.data import bundled_split
from lessonlib.data.mnist_style import centre_of_mass, ink_box, mnist_style, resample


def _blob(top, left, height, width, size=28):
    img = np.zeros((size, size))
    img[top:top + height, left:left + width] = 1.0
    img[top, left:left + width] = 0.5                    # some grey, as a pen leaves
    return img


@pytest.mark.parametrize("top, left, height, width", [(1, 1, 8, 5), (18, 20, 7, 6), (2, 15, 5, 10), (10, 3, 12, 2)])
def test_a_small_off_centre_drawing_fills_20_pixels_and_is_centred_by_mass(top, left, height, width):
    out = mnist_style(_blob(top, left, height, width))
    t, b, l, r = ink_box(out, 1e-9)
    rows, cols = b - t + 1, r - l + 1
    assert max(rows, cols) in (20, 21)                 # 20 px, plus at most one faint pixel of filter spill
    assert max(rows, cols) <= 21 and min(rows, cols) >= 1
    assert abs(rows / cols - height / width) < 0.25 * height / width + 0.15   # aspect ratio kept
    cy, cx = centre_of_mass(out)
    assert abs(cy - 14) <= 0.5 and abs(cx - 14) <= 0.5
    assert out.min() >= 0 and out.max() <= 1


def test_ink_box_of_the_resampled_crop_is_exactly_20_on_its_long_side():
    out = mnist_style(_blob(3, 4, 10, 6), threshold=0.0)
    t, b, l, r = ink_box(out, 0.5)                      # the solid part: the filter only softens its edge
    assert b - t + 1 in (19, 20) and r - l + 1 <= 13


def test_mnist_digits_come_back_almost_unchanged():
    """MNIST's digits already are MNIST-style: measured on the 10,000 bundled test digits, 99.9% come
    back identical and the largest mean change of one digit is 0.044 (of ink 0..1)."""
    images = bundled_split().test.images[:2000] / 255.0
    changes = np.array([np.abs(mnist_style(img) - img).mean() for img in images])
    assert np.mean(changes == 0) >= 0.99
    assert changes.max() < 0.06


def test_mnist_style_keeps_an_mnist_digits_centre_of_mass_at_14_14():
    images = bundled_split().test.images[:500] / 255.0
    centres = np.array([centre_of_mass(img) for img in images])
    assert np.allclose(centres.mean(axis=0), (14, 14), atol=0.05)


def test_empty_pad_gives_zeros_and_integer_images_are_scaled():
    assert not mnist_style(np.zeros((28, 28))).any()
    digit = bundled_split().test.images[0]
    assert np.allclose(mnist_style(digit), mnist_style(digit / 255.0))


def test_resample_keeps_a_flat_image_flat_and_averages_when_shrinking():
    assert np.allclose(resample(np.full((7, 3), 0.4), (20, 9)), 0.4)
    stripes = np.tile([0.0, 1.0], (8, 8))               # 8×16 alternating columns
    assert np.allclose(resample(stripes, (4, 8)), 0.5, atol=0.13)   # no aliasing to all-black or all-white


@pytest.mark.parametrize("kwargs, match", [
    (dict(image=np.zeros((2, 28, 28))), "image must be one 2-D digit"),
    (dict(image=np.zeros((28, 28)), box=30), "box must fit in the field"),
    (dict(image=np.zeros((28, 28)), box=0), "box must be a positive whole number"),
    (dict(image=np.full((28, 28), np.nan)), "image must be finite"),
])
def test_bad_input_says_what_to_do(kwargs, match):
    with pytest.raises(ValueError, match=match):
        mnist_style(**kwargs)
