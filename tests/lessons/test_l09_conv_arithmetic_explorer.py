"""Lesson 9: window coverage (also for settings that do not fit), the view drawn from frames, and the
explorer's sliders, presets and position walk (headless)."""
import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lessonlib import conv_output_size
from lessonlib.lessons.l09_conv_arithmetic_explorer.compute import PRESETS, explore, frame_of, geometry, window_cells
from lessonlib.lessons.l09_conv_arithmetic_explorer.controls import arithmetic_explorer, choose_preset
from lessonlib.lessons.l09_conv_arithmetic_explorer.view import COLOURS, ExplorerView, input_colours, plot_positions


def flat(text_artist):
    """The text with its line wrapping undone."""
    return " ".join(text_artist.get_text().split())


# --- compute: geometry of one axis ----------------------------------------------------------

def test_the_slides_cases():
    assert geometry(7, 3, stride=1).out_size == 5 and geometry(7, 3, stride=2).out_size == 3
    g = geometry(10, 3, stride=5)
    assert not g.valid and "no padding makes stride 5 fit" in g.message and g.message.endswith("try stride 1 or 7")
    assert "padding 4" not in g.message.split("try")[-1]       # P = 4 puts 2 of its 4 windows in the zeros
    assert "7/5 + 1 = 2.4" in g.formula
    assert g.out_size == 2 and g.uncovered.tolist() == [3, 4, 8, 9]


@given(st.integers(1, 12), st.integers(1, 5), st.integers(1, 4), st.integers(0, 3), st.integers(1, 3))
def test_geometry_agrees_with_conv_output_size_and_coverage_counts_windows(n, k, s, p, d):
    g = geometry(n, k, s, p, d)
    try:
        expected, valid = conv_output_size(n, k, s, p, d), True
    except ValueError:
        expected, valid = None, False
    assert g.valid == valid
    if valid:
        assert g.out_size == expected and g.message is None
    assert g.coverage.sum() == g.out_size * k           # each window touches k cells per axis
    assert len(g.coverage) == n + 2 * p
    for u in g.uncovered:
        assert all(u + p not in window_cells(g, i) for i in range(g.out_size))


def test_kernel_that_does_not_fit():
    g = geometry(3, 5)
    assert not g.valid and g.out_size == 0 and "does not fit" in g.formula
    assert g.uncovered.tolist() == [0, 1, 2]


def test_dilation_leaves_holes_inside_one_window():
    g = geometry(5, 3, dilation=2)
    assert g.out_size == 1 and g.coverage.tolist() == [1, 0, 1, 0, 1] and g.uncovered.tolist() == [1, 3]


def test_window_cells_range_check():
    with pytest.raises(ValueError, match="outside"):
        window_cells(geometry(7, 3), 5)


def test_bad_padding():
    with pytest.raises(ValueError, match="padding"):
        geometry(7, 3, padding=-1)


def test_frame_clips_the_position_and_marks_the_window():
    f = explore(7, 3, position=10 ** 6)
    assert f.position == 24 and (f.row, f.col) == (4, 4)
    assert f.inputs.shape == (7, 7) and f.outputs.shape == (5, 5)
    assert frame_of(geometry(3, 5), 7).position == 0 and frame_of(geometry(3, 5)).outputs.shape == (1, 1)


# --- view ------------------------------------------------------------------------------------

def test_input_colours_mark_padding_kernel_and_uncovered_cells():
    img = input_colours(explore(5, 3, padding=1, position=0))
    assert img.shape == (7, 7, 3)
    assert tuple(img[6, 6]) == COLOURS["padding"] and tuple(img[0, 0]) == COLOURS["kernel"]
    assert tuple(img[3, 3]) == COLOURS["input"]
    bad = input_colours(explore(10, 3, stride=5, position=0))
    assert tuple(bad[0, 3]) == COLOURS["uncovered"] and tuple(bad[9, 0]) == COLOURS["uncovered"]


def test_update_valid_then_invalid_then_no_fit():
    view = ExplorerView(explore(7, 3, position=0))
    first = view.im_in.get_array().copy()
    view.update(explore(7, 3, position=24))                # last position of 5x5
    assert not np.array_equal(view.im_in.get_array(), first)
    assert view.span.get_x() == 4 - 0.5 and view.span.get_y() == 4 - 0.5
    assert "= 5" in view.formula.get_text() and flat(view.message) == ""
    view.update(explore(10, 3, stride=5, padding=0, position=3))
    assert "not an integer" in view.formula.get_text()
    assert "no padding makes stride 5 fit" in flat(view.message) and "try stride 1 or 7" in flat(view.message)
    assert "floor to 2×2" in view.title_out.get_text()
    view.update(explore(3, 5, position=0))
    assert not view.span.get_visible() and "does not fit" in view.title_out.get_text()
    view.update(explore(14, 7, padding=4, stride=1, dilation=1, position=10 ** 6))   # slider extremes, clipped
    assert view.im_in.get_array().shape == (22, 22, 3)
    plt.close(view.fig)


def test_plot_positions():
    fig = plot_positions(geometry(7, 3, stride=2), range(3), "t")
    assert len(fig.axes) == 3 and fig.axes[2].get_title() == "output (0, 2)"
    plt.close(fig)


# --- controls: the explorer ------------------------------------------------------------------

def _extras(explorer):
    """The Play button and the preset menu: the widgets of the box that are not settings."""
    found, stack = {}, [explorer.box]
    while stack:
        w = stack.pop()
        if hasattr(w, "children"):
            stack.extend(w.children)
        elif w not in explorer.controls.values() and getattr(w, "description", ""):
            found[w.description] = w
    return found["walk"], found["preset"]


def test_presets_reach_the_view():
    ex = arithmetic_explorer()
    view, c = ex.view, ex.controls
    play, menu = _extras(ex)
    assert "= 5" in view.formula.get_text() and c["position"].max == 24
    menu.value = "slide: W=10, F=3, P=0, S=5 (invalid)"
    assert c["n"].value == 10 and c["stride"].value == 5
    assert "no padding makes stride 5 fit" in flat(view.message)
    assert c["position"].max == 3 and play.max == 3
    for name in PRESETS:
        menu.value = name
        assert view.formula.get_text().startswith("output size")
        assert ex.settings == dict(PRESETS[name], position=0) and ex.frame.geometry.formula == geometry(**PRESETS[name]).formula
    plt.close(view.fig)


def test_slider_extremes_and_position():
    ex = arithmetic_explorer()
    view, c = ex.view, ex.controls
    play, menu = _extras(ex)
    for name in ("n", "kernel", "padding", "stride", "dilation"):
        for value in (c[name].max, c[name].min):
            before = (view.formula.get_text(), view.im_in.get_array().copy())
            ex.update(**{name: value})
            after = (view.formula.get_text(), view.im_in.get_array())
            assert after[0] != before[0] or after[1].shape != before[1].shape or (after[1] != before[1]).any()
    menu.value = "slide: 7×7 input, stride 2"
    ex.update(position=8)
    assert view.title_out.get_text().endswith("(2, 2)")
    play.value = 4
    assert c["position"].value == 4 and view.title_out.get_text().endswith("(1, 1)")
    ex.update(n=5)                                      # output shrinks to 2x2: position clipped
    assert c["position"].max == 3 and c["position"].value == 3
    assert ex.frame.position == 3 and ex.settings["position"] == 3
    plt.close(view.fig)


def test_a_preset_is_computed_and_drawn_once():
    ex = arithmetic_explorer()
    seen, compute = [], ex.compute
    ex.compute = lambda **s: seen.append(s) or compute(**s)
    choose_preset(ex, "dilation 2 (7×7, 3×3, D=2)")
    assert seen == [dict(PRESETS["dilation 2 (7×7, 3×3, D=2)"], position=0)]
    assert ex.frame.geometry.out_size == 3 and ex.controls["position"].max == 8
    plt.close(ex.fig)


def test_update_changes_the_frame_and_the_figure_and_the_position_range_follows():
    ex = arithmetic_explorer()
    first = ex.view.im_out.get_array().copy()
    frame = ex.update(stride=2)
    assert frame is ex.frame and frame.geometry.out_size == 3 and ex.controls["position"].max == 8
    assert ex.view.im_out.get_array().shape == (3, 3, 3) != first.shape
    ex.update(position=8, padding=1)                    # 9x9 padded, stride 2: 4x4 output
    assert ex.controls["position"].max == 15 and ex.frame.position == 8
    bundle = ex._repr_mimebundle_()
    assert "image/png" in bundle and bundle["text/plain"].startswith("Interactive figure")
    plt.close(ex.fig)
