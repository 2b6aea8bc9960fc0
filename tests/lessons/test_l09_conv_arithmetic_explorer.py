"""Lesson 9: window coverage (also for settings that do not fit), the view drawn from frames, and the
explorer's sliders, presets and position walk (headless)."""
import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lessonlib import conv_output_size
from lessonlib.arithmetic import setting_works, stride_skips_cells
from lessonlib.lessons.l09_conv_arithmetic_explorer.compute import (CUSTOM, KINDS, LIMITS, PRESETS, explore, frame_of,
                                                                    geometry, padding_max, window_cells)
from lessonlib.lessons.l09_conv_arithmetic_explorer.controls import SETTINGS, arithmetic_explorer, choose_preset
from lessonlib.lessons.l09_conv_arithmetic_explorer.view import (COLOURS, LEGEND, WRAP, ExplorerView, input_colours,
                                                                 plot_positions)


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
    assert flat(view.message).startswith("Stride 5 does not fit; no padding makes it work")
    assert flat(view.message).endswith("Try stride 1.")          # stride 7 works too, but the slider stops at 6
    assert "floored to 2×2" in view.title_out.get_text()
    view.update(explore(3, 5, position=0))
    assert not view.span.get_visible() and view.title_out.get_text() == "no output"
    assert flat(view.message) == "The kernel spans 5 cells, the padded input only 3. Try padding 1."
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
    assert "no padding makes it work" in flat(view.message)
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


# --- issue 16, item 4: the advice names only settings the sliders reach, and they work ----------

def _check_advice(n, k, s, p, d):
    g = geometry(n, k, s, p, d)
    if g.valid:
        assert g.advice is None and g.suggested == ()
        return
    assert g.suggested, (n, k, s, p, d, g.advice)       # every setting that does not fit gets a way out
    for change in g.suggested:
        x = {**dict(n=n, kernel=k, stride=s, padding=p, dilation=d), **change}
        assert LIMITS["stride"][0] <= x["stride"] <= LIMITS["stride"][1]
        assert 0 <= x["padding"] <= padding_max(x["kernel"], x["dilation"])
        # lessonlib.arithmetic's rule; a stride alone may skip cells when the asked one does
        skipping = stride_skips_cells(k, s, d) if set(change) == {"stride"} else None
        assert setting_works(x["n"], x["kernel"], x["stride"], x["padding"], x["dilation"], skipping=skipping), x
        assert " ".join(f"{name} {value}" for name, value in change.items()).replace(" padding", " with padding") \
            in g.advice or " with ".join(f"{name} {value}" for name, value in change.items()) in g.advice


@pytest.mark.parametrize("n", [LIMITS["n"][0], 2, LIMITS["n"][1]])
def test_every_suggestion_is_within_the_sliders_and_works(n):
    """Every combination of the sliders at the smallest and largest inputs (and W = 2)."""
    for k in range(LIMITS["kernel"][0], LIMITS["kernel"][1] + 1):
        for d in range(LIMITS["dilation"][0], LIMITS["dilation"][1] + 1):
            for p in range(0, padding_max(k, d) + 1):
                for s in range(LIMITS["stride"][0], LIMITS["stride"][1] + 1):
                    _check_advice(n, k, s, p, d)


@given(st.integers(*LIMITS["n"]), st.integers(*LIMITS["kernel"]), st.integers(*LIMITS["stride"]),
       st.integers(0, 24), st.integers(*LIMITS["dilation"]))
def test_suggestions_for_any_slider_setting(n, k, s, p, d):
    _check_advice(n, k, s, min(p, padding_max(k, d)), d)


def test_at_w_1_the_advice_names_a_padding_the_slider_reaches():
    ex = arithmetic_explorer()
    ex.update(kernel=7, dilation=4, n=1)
    assert ex.controls["padding"].max == 24 == padding_max(7, 4)         # 'full' padding D(F-1)
    assert ex.frame.geometry.suggested == ({"padding": 12},) and "Try padding 12." in ex.frame.geometry.advice
    ex.update(padding=12)
    assert ex.frame.geometry.valid and ex.frame.geometry.out_size == 1
    ex.update(kernel=3, dilation=1)                                       # the range shrinks: padding clamped
    assert ex.controls["padding"].max == 4 and ex.controls["padding"].value == 4 and ex.settings["padding"] == 4
    assert ex.frame.geometry.padding == 4 and ex.controls["position"].max == last_position_of(ex)
    plt.close(ex.fig)


def last_position_of(ex):
    return max(ex.frame.geometry.out_size ** 2 - 1, 0)


def test_the_advice_does_not_repeat_the_formula():
    for args in [(10, 3, 5, 0, 1), (1, 7, 1, 0, 4), (8, 3, 2, 0, 1), (14, 7, 6, 4, 4)]:
        g = geometry(*args)
        assert "+ 1 =" not in g.advice and "/" not in g.advice and "not an integer" not in g.advice, g.advice
        assert " - " not in g.advice                      # one minus sign in the figure: −


# --- issue 16, item 5: slider widths, and the preset menu names what the sliders show -------------

def test_sliders_have_a_minimum_width():
    ex = arithmetic_explorer()
    for control in ex.controls.values():
        assert int(control.layout.min_width.removesuffix("px")) >= 250
        assert control.style.description_width == "110px"
    plt.close(ex.fig)


def test_the_preset_menu_says_custom_off_the_presets_and_names_them_again():
    ex = arithmetic_explorer()
    play, menu = _extras(ex)
    assert CUSTOM in menu.options and menu.value == "slide: 7×7 input, stride 1"
    ex.update(position=7)
    ex.update(stride=3)
    assert menu.value == CUSTOM and ex.settings["stride"] == 3 and ex.settings["position"] == 3   # 2×2 output
    ex.update(stride=2)                                   # the sliders show another preset: named
    assert menu.value == "slide: 7×7 input, stride 2"
    assert ex.settings["position"] == 3                   # naming it moved nothing (choosing it would reset it)
    menu.value = CUSTOM                                   # choosing "custom" keeps the sliders
    assert ex.settings["stride"] == 2
    menu.value = "dilation 2 (7×7, 3×3, D=2)"
    assert {name: ex.settings[name] for name in SETTINGS} == PRESETS["dilation 2 (7×7, 3×3, D=2)"]
    assert menu.value == "dilation 2 (7×7, 3×3, D=2)"
    plt.close(ex.fig)


# --- issue 16, item 2: readable text, never clipped, a legend for every colour -----------------

def _drawn_texts(fig):
    """Every Text the figure draws (tick labels only of visible axes' ticks inside the view)."""
    from matplotlib.text import Text
    fig.canvas.draw()
    hidden = {id(t) for ax in fig.axes for axis in (ax.xaxis, ax.yaxis)
              for tick in axis.get_major_ticks() + axis.get_minor_ticks() for t in (tick.label1, tick.label2)}
    hidden -= {id(t) for ax in fig.axes for axis in (ax.xaxis, ax.yaxis) if axis.get_visible()
               for tick in axis._update_ticks() for t in (tick.label1, tick.label2)}
    return [t for t in fig.findobj(Text) if id(t) not in hidden and t.get_visible() and t.get_text().strip()]


def assert_readable(fig):
    """Every text at least 12 px high, inside the figure, and overlapping no other text."""
    renderer = fig.canvas.get_renderer()
    boxes = []
    for t in _drawn_texts(fig):
        assert t.get_fontsize() * fig.dpi / 72 >= 12, t.get_text()
        box = t.get_window_extent(renderer)
        assert box.x0 >= -0.5 and box.y0 >= -0.5, t.get_text()
        assert box.x1 <= fig.bbox.width + 0.5 and box.y1 <= fig.bbox.height + 0.5, t.get_text()
        for other, b in boxes:
            overlap = min(box.x1, b.x1) - max(box.x0, b.x0), min(box.y1, b.y1) - max(box.y0, b.y0)
            assert min(overlap) <= 1, (t.get_text(), other)
        boxes.append((t.get_text(), box))


# padding last: its range follows the kernel and the dilation
WORST = [dict(n=14, kernel=7, stride=6, dilation=4, padding=24),     # every slider at its end
         dict(n=14, kernel=7, stride=6, dilation=4, padding=4),      # no padding fits stride 6
         dict(n=1, kernel=6, stride=1, dilation=4, padding=5),       # the longest advice
         dict(n=1, kernel=2, stride=3, dilation=1, padding=0),       # three lines of advice
         dict(n=1, kernel=1, stride=1, dilation=1, padding=0)]       # every slider at its start


def test_the_explorer_is_readable_at_its_ends_and_its_longest_messages():
    ex = arithmetic_explorer()
    assert_readable(ex.fig)
    for settings in WORST:
        ex.update(**settings)
        assert ex.settings["padding"] == settings["padding"]
        assert_readable(ex.fig)
        assert len(ex.view.message.get_text().splitlines()) <= 3
    for name in PRESETS:
        choose_preset(ex, name)
        assert_readable(ex.fig)
    plt.close(ex.fig)


def test_every_advice_fits_in_three_lines():
    import textwrap
    longest = max((geometry(n, k, s, p, d).advice or "" for n in (1, 2, 14) for k in range(1, 8) for d in range(1, 5)
                   for p in range(padding_max(k, d) + 1) for s in range(1, 7)), key=len)
    assert len(textwrap.wrap(longest, WRAP)) <= 3, longest


def test_the_legend_names_every_colour():
    named = {kind for kind, _ in LEGEND if kind}
    assert named == set(KINDS) - {"current"} and COLOURS["current"] == COLOURS["kernel"]   # one entry, one colour
    assert "output cells" in [label for _, label in LEGEND]
    assert len({COLOURS[kind] for kind in named}) == len(named)            # no two entries share a colour
    fig = ExplorerView(explore(7, 3)).fig
    shown = [t.get_text() for t in _drawn_texts(fig)]
    assert all(label in shown for _, label in LEGEND)
    plt.close(fig)


def test_static_positions_figure_is_readable():
    fig = plot_positions(geometry(7, 3, stride=1), range(5), "7×7 input, 3×3 kernel, stride 1: 5 positions per row")
    assert_readable(fig)
    plt.close(fig)
