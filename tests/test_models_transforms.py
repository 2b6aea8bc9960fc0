"""lessonlib.models.transforms: integer shifts, random shifts for augmentation, bilinear rotation."""
import numpy as np
import pytest

from lessonlib.models.transforms import random_shifts, rotate_images, shift_images


@pytest.fixture
def images():
    return np.arange(2 * 6 * 5, dtype=np.float32).reshape(2, 6, 5) + 1


@pytest.mark.parametrize("dy, dx", [(0, 0), (1, 0), (0, -2), (-3, 4), (2, 2)])
def test_shift_moves_pixels_and_fills_zeros(images, dy, dx):
    out = shift_images(images, dy, dx)
    h, w = images.shape[1:]
    for r in range(h):
        for c in range(w):
            src = (r - dy, c - dx)
            expected = images[:, src[0], src[1]] if 0 <= src[0] < h and 0 <= src[1] < w else 0
            assert np.array_equal(out[:, r, c], np.broadcast_to(expected, (2,)))


def test_shift_beyond_the_frame_leaves_nothing_and_keeps_dtype():
    a = np.full((1, 1, 4, 4), 7, dtype=np.uint8)
    assert not shift_images(a, 0, 4).any() and shift_images(a, 1, 1).dtype == np.uint8


def test_random_shifts_are_plain_shifts_within_range_and_seeded(images):
    x = images[:, None]
    out = random_shifts(x, np.random.default_rng(3), max_shift=2)
    assert out.shape == x.shape
    candidates = {(dy, dx): shift_images(x, dy, dx) for dy in range(-2, 3) for dx in range(-2, 3)}
    used = [next(k for k, v in candidates.items() if np.array_equal(v[i], out[i])) for i in range(len(x))]
    assert len(used) == len(x)
    assert np.array_equal(out, random_shifts(x, np.random.default_rng(3), max_shift=2))
    assert np.array_equal(random_shifts(images, np.random.default_rng(3), 2), out[:, 0])   # (N, H, W) too
    assert np.array_equal(random_shifts(x, np.random.default_rng(0), 0), x)


def test_random_shifts_use_every_offset():
    x = np.zeros((400, 1, 5, 5), dtype=np.float32)
    x[:, 0, 2, 2] = 1
    out = random_shifts(x, np.random.default_rng(0), 1)
    positions = {tuple(np.argwhere(o[0])[0]) for o in out}
    assert positions == {(r, c) for r in (1, 2, 3) for c in (1, 2, 3)}


def test_rotation_by_quarter_turns_is_exact(images):
    assert np.array_equal(rotate_images(images, 0), images)
    assert np.array_equal(rotate_images(images[:, :5], 90), np.rot90(images[:, :5], 1, axes=(1, 2)))
    assert np.array_equal(rotate_images(images[:, :5], -90), np.rot90(images[:, :5], -1, axes=(1, 2)))
    assert np.array_equal(rotate_images(images, 180), images[:, ::-1, ::-1])


def test_rotation_is_counter_clockwise_on_screen():
    a = np.zeros((1, 9, 9))
    a[0, 0, 4] = 1                       # top centre
    assert np.argwhere(rotate_images(a, 90)[0]).tolist() == [[4, 0]]   # -> left centre


def test_bilinear_rotation_keeps_a_constant_inside_and_interpolates():
    a = np.ones((1, 1, 11, 11))
    out = rotate_images(a, 30)
    assert np.allclose(out[0, 0, 3:8, 3:8], 1)            # centre: only inside samples
    assert out[0, 0, 0, 0] == 0                           # a corner comes from outside
    # a half-pixel move of a linear ramp gives the midpoint value
    ramp = np.tile(np.arange(5.0), (5, 1))[None]
    assert np.allclose(rotate_images(ramp, 180), ramp[:, ::-1, ::-1])
    r45 = rotate_images(ramp, 45)[0]
    assert 0 < r45[2, 2] == pytest.approx(2.0)


def test_rotation_of_uint8_rounds_and_clips():
    a = np.full((1, 8, 8), 255, dtype=np.uint8)
    out = rotate_images(a, 45)            # corners come from outside the frame
    assert out.dtype == np.uint8 and out.max() == 255 and out.min() == 0


@pytest.mark.parametrize("call, error, match", [
    (lambda: shift_images([[1]], 1, 0), TypeError, "images must be a numpy array"),
    (lambda: shift_images(np.zeros((3, 3)), 1, 0), ValueError, r"\(N, H, W\) or \(N, C, H, W\)"),
    (lambda: shift_images(np.zeros((1, 3, 3)), 1.5, 0), TypeError, "dy must be an integer"),
    (lambda: random_shifts(np.zeros((1, 3, 3)), np.random.default_rng(), -1), ValueError, "max_shift must be >= 0"),
    (lambda: rotate_images(np.zeros((1, 3, 3)), float("nan")), TypeError, "degrees must be a finite number"),
])
def test_bad_arguments_are_explained(call, error, match):
    with pytest.raises(error, match=match):
        call()
