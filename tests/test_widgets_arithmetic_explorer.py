"""widgets.arithmetic_explorer: sliders, presets and the position walk drive the view."""
import matplotlib.pyplot as plt

from lessonlib.widgets.arithmetic_explorer import PRESETS, arithmetic_explorer


def flat(text_artist):
    """The text with its line wrapping undone."""
    return " ".join(text_artist.get_text().split())


def test_presets_reach_the_view():
    box, view, c = arithmetic_explorer()
    assert "= 5" in view.formula.get_text() and c["position"].max == 24
    c["preset"].value = "slide: W=10, F=3, P=0, S=5 (invalid)"
    assert c["n"].value == 10 and c["stride"].value == 5
    assert "zero padding is your friend" in flat(view.message)
    assert c["position"].max == 3 and c["play"].max == 3
    for name in PRESETS:
        c["preset"].value = name
        assert view.formula.get_text().startswith("output size")
    plt.close(view.fig)


def test_slider_extremes_and_position():
    box, view, c = arithmetic_explorer()
    for name in ("n", "kernel", "padding", "stride", "dilation"):
        for value in (c[name].max, c[name].min):
            before = (view.formula.get_text(), view.im_in.get_array().copy())
            c[name].value = value
            after = (view.formula.get_text(), view.im_in.get_array())
            assert after[0] != before[0] or after[1].shape != before[1].shape or (after[1] != before[1]).any()
    c["preset"].value = "slide: 7×7 input, stride 2"
    c["position"].value = 8
    assert view.title_out.get_text().endswith("(2, 2)")
    c["play"].value = 4
    assert c["position"].value == 4 and view.title_out.get_text().endswith("(1, 1)")
    c["n"].value = 5                                    # output shrinks to 2x2: position clipped
    assert c["position"].max == 3 and c["position"].value == 3
    plt.close(view.fig)
