"""conv_matrix: every matrix form of a convolution agrees with lessonlib's reference kernel."""
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lessonlib import conv2d_forward, conv_forward_reference
from lessonlib.conv_matrix import (KERNELS, block_rows, channel_responses, conv1d_matrix, conv1d_parameter_ids,
                                   conv2d_matrix, convolve2d, convolve_by_definition, correlate2d,
                                   correlate_by_definition, dense_parameter_ids, edge_detection_costs,
                                   flip_kernel, im2col, is_flip_symmetric, matrix_counts)

settings_2d = st.tuples(st.integers(3, 9), st.integers(3, 9), st.integers(1, 3), st.integers(1, 3),
                        st.integers(1, 2), st.integers(0, 2), st.integers(1, 2))


def _fits(h, w, kh, kw, s, p, d):
    return all((n + 2 * p - d * (k - 1) - 1) >= 0 and (n + 2 * p - d * (k - 1) - 1) % s == 0
               for n, k in ((h, kh), (w, kw)))


@given(settings_2d)
def test_conv2d_matrix_times_image_is_the_reference(settings):
    h, w, kh, kw, s, p, d = settings
    if not _fits(h, w, kh, kw, s, p, d):
        with pytest.raises(ValueError, match="padding|stride|fit"):
            conv2d_matrix(np.ones((kh, kw)), (h, w), s, p, d)
        return
    rng = np.random.default_rng(h * 100 + w)
    x, k = rng.standard_normal((h, w)), rng.standard_normal((kh, kw))
    ref = conv_forward_reference(x[None, None], k[None, None], stride=s, padding=p, dilation=d)[0, 0]
    m = conv2d_matrix(k, (h, w), s, p, d)
    np.testing.assert_allclose((m @ x.ravel()).reshape(ref.shape), ref, atol=1e-12)
    np.testing.assert_allclose(k.ravel() @ im2col(x, (kh, kw), s, p, d), ref.ravel(), atol=1e-12)


def test_conv1d_matrix_is_banded_toeplitz():
    m = conv1d_matrix([1.0, 2.0, 3.0], 6)
    assert m.shape == (4, 6)
    np.testing.assert_array_equal(m[0], [1, 2, 3, 0, 0, 0])
    np.testing.assert_array_equal(m[3], [0, 0, 0, 1, 2, 3])
    for offset, value in zip(range(3), (1, 2, 3)):
        assert set(np.diagonal(m, offset)) == {value}        # constant along each diagonal


def test_conv1d_matrix_with_stride_padding_dilation_matches_reference():
    x = np.arange(1.0, 10.0)
    k = np.array([1.0, -1.0, 2.0])
    m = conv1d_matrix(k, 9, stride=2, padding=1, dilation=2)
    ref = conv_forward_reference(x.reshape(1, 1, 1, 9), k.reshape(1, 1, 1, 3), stride=(1, 2),
                                 padding=(0, 1), dilation=(1, 2)).ravel()
    np.testing.assert_allclose(m @ x, ref)


def test_conv1d_matrix_invalid_stride_gives_the_lecture_message():
    with pytest.raises(ValueError, match="zero padding is your friend"):
        conv1d_matrix(np.ones(3), 10, stride=5)


def test_block_rows_marks_the_doubly_block_structure():
    k = np.arange(1.0, 10.0).reshape(3, 3)
    m = conv2d_matrix(k, (5, 5))
    rows = block_rows((3, 3), (5, 5))
    np.testing.assert_array_equal(rows, [[0, 1, 2, -1, -1], [-1, 0, 1, 2, -1], [-1, -1, 0, 1, 2]])
    for (i, y), u in np.ndenumerate(rows):
        block = m[i * 3:(i + 1) * 3, y * 5:(y + 1) * 5]
        if u < 0:
            assert not block.any()
        else:
            np.testing.assert_array_equal(block, conv1d_matrix(k[u], 5))


def test_im2col_columns_are_windows_and_match_the_fast_kernel():
    img = np.arange(1.0, 17.0).reshape(4, 4)
    cols = im2col(img, (3, 3))
    np.testing.assert_array_equal(cols[:, 0], img[:3, :3].ravel())
    np.testing.assert_array_equal(cols[:, 3], img[1:, 1:].ravel())
    _, cache = conv2d_forward(img[None, None], np.ones((1, 1, 3, 3)))
    np.testing.assert_array_equal(cols, cache.cols[0])
    assert im2col(np.zeros((3, 32, 32)), (5, 5), padding=2).shape == (75, 1024)


def test_matrix_counts():
    assert matrix_counts(conv1d_matrix([1.0, 2.0, 3.0], 6)) == (24, 12, 3)
    assert matrix_counts(conv2d_matrix(np.ones((3, 3)), (8, 8))).nonzeros == 6 * 6 * 9


def test_flip_and_the_slide_letters():
    letters = np.array(list("abcdefghi")).reshape(3, 3)
    np.testing.assert_array_equal(flip_kernel(letters), [list("ihg"), list("fed"), list("cba")])
    assert is_flip_symmetric(KERNELS["box blur"]) and is_flip_symmetric(KERNELS["sharpen"])
    assert not is_flip_symmetric(KERNELS["Sobel x"]) and not is_flip_symmetric(KERNELS["shift (one cell)"])


@pytest.mark.parametrize("name", sorted(KERNELS))
def test_correlation_and_convolution_follow_the_slide_formulas(name):
    rng = np.random.default_rng(1)
    f, h = rng.standard_normal((7, 9)), KERNELS[name]
    np.testing.assert_allclose(correlate2d(f, h), correlate_by_definition(f, h), atol=1e-12)
    np.testing.assert_allclose(convolve2d(f, h), convolve_by_definition(f, h), atol=1e-12)
    agree = np.allclose(correlate2d(f, h), convolve2d(f, h))
    assert agree == is_flip_symmetric(h)


def test_shift_kernel_moves_the_image_in_opposite_directions():
    f = np.zeros((5, 5))
    f[2, 2] = 1
    h = KERNELS["shift (one cell)"]         # weight at (u, v) = (+1, +1)
    assert correlate2d(f, h)[1, 1] == 1     # G[i, j] = F[i + 1, j + 1]: moves up-left
    assert convolve2d(f, h)[3, 3] == 1      # G[i, j] = F[i - 1, j - 1]: moves down-right


def test_even_kernels_have_no_centre():
    with pytest.raises(ValueError, match="odd"):
        correlate2d(np.zeros((4, 4)), np.ones((2, 2)))


def test_channel_responses_sum_to_the_layer_output():
    rng = np.random.default_rng(2)
    x, w, b = rng.standard_normal((3, 8, 8)), rng.standard_normal((2, 3, 5, 5)), rng.standard_normal(2)
    r = channel_responses(x, w, padding=2)
    assert r.shape == (2, 3, 8, 8)
    out, _ = conv2d_forward(x[None], w, b, padding=2)
    np.testing.assert_allclose(r.sum(axis=1) + b[:, None, None], out[0], atol=1e-12)
    one, _ = conv2d_forward(x[None, 1:2], w[0:1, 1:2], padding=2)
    np.testing.assert_allclose(r[0, 1], one[0, 0], atol=1e-12)
    with pytest.raises(ValueError, match="matching C"):
        channel_responses(x, w[:, :2])


def test_parameter_ids_figure_9_5():
    conv = conv1d_parameter_ids(5, 3, padding=1)
    assert conv.shape == (5, 5)
    assert (conv == 1).sum() == 5                        # the central weight is used at every position
    assert set(conv[conv >= 0]) == {0, 1, 2}
    dense = dense_parameter_ids(5, 5)
    assert len(np.unique(dense)) == 25                   # no sharing


def test_edge_detection_costs_of_the_book():
    c = edge_detection_costs(280, 320)
    assert c.out_shape == (280, 319)
    assert c.conv_flops == 319 * 280 * 3 == 267_960
    assert c.matrix_entries == 320 * 280 * 319 * 280 == 8_003_072_000
    assert c.matrix_nonzeros == 2 * 319 * 280
    assert c.matrix_flops == 2 * c.matrix_entries


def test_colour_filters_shapes_and_meaning():
    from lessonlib.conv_matrix import colour_filters
    w, b, names = colour_filters(5)
    assert w.shape == (3, 3, 5, 5) and b.shape == (3,) and len(names) == 3
    np.testing.assert_allclose(w[0, 0], w[0, 2])               # same on every channel: sees brightness
    np.testing.assert_allclose(w[1, 0], w[0, 0].T)
    assert np.isclose(w[0].sum(), 0) and np.isclose(w[2, 0].sum(), 1) and np.isclose(w[2, 2].sum(), -1)
    assert not w[2, 1].any()


def test_connection_highlight_reproduces_figures_9_2_9_3_9_5():
    from lessonlib.conv_matrix import connection_highlight
    conv, dense = conv1d_parameter_ids(5, 3, padding=1), dense_parameter_ids(5, 5)
    assert np.flatnonzero(connection_highlight(conv, "input", 2).any(axis=1)).tolist() == [1, 2, 3]
    assert connection_highlight(dense, "input", 2).sum() == 5
    assert np.flatnonzero(connection_highlight(conv, "output", 2)[2]).tolist() == [1, 2, 3]
    assert connection_highlight(conv, "output", 0).sum() == 2                # s1 sees x1, x2 (padding)
    central = connection_highlight(conv, "parameter", 2)
    assert central.sum() == 5 and np.array_equal(central, np.eye(5, dtype=bool))
    assert connection_highlight(dense, "parameter", 2).sum() == 1
    assert not connection_highlight(conv, "parameter", 0).any()              # x1 does not reach s3
    with pytest.raises(ValueError, match="mode"):
        connection_highlight(conv, "sideways", 0)
