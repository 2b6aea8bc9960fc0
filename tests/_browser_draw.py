"""Lesson 20's drawing pad in real JupyterLab + headless Chromium, checked on the page of the lesson's
browser test once the lesson has run (test_browser_b.py: the lesson runs once, not twice): wipe the
pad, draw a "1" with mouse moves, read the prediction from the page, wipe, draw a "7", and see the
prediction and the network's figure change (see _browser_harness.py for the JupyterLab and Chromium
set-up). Screenshots: test-artefacts/browser/20_draw_digit_1.png and _2.png."""
import matplotlib
import pytest

from _browser_harness import ARTEFACTS


def _pad_axes_fraction():
    """(left, bottom, width, height) of the pad's axes in figure fractions, as the lesson lays it out."""
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    from lessonlib.lessons.l20_cnn_on_mnist.view import PadView
    pad = PadView(np.zeros((28, 28)))
    box = pad.ax.get_position()
    plt.close(pad.fig)
    return box.x0, box.y0, box.width, box.height


def _drag(page, to_page, cells, steps=4):
    """Press the left button at the first (row, col) of the pad, move through the others, release."""
    page.mouse.move(*to_page(*cells[0]))
    page.mouse.down()
    for cell in cells[1:]:
        page.mouse.move(*to_page(*cell), steps=steps)
    page.mouse.up()


def _wait_for_label(page, label, text, timeout_s=20):
    for _ in range(int(timeout_s * 4)):
        current = label.inner_text()
        if text in current:
            return current
        page.wait_for_timeout(250)
    pytest.fail(f"the prediction label never said {text!r}; it says {label.inner_text()!r}")


# Every picture the page paints on a visible canvas, with its time: the pad's, or another figure's.
JS_WATCH_DRAWS = """() => {
  if (window.__draws) return;
  window.__draws = [];
  const draw = CanvasRenderingContext2D.prototype.drawImage;
  CanvasRenderingContext2D.prototype.drawImage = function (...args) {
    if (this.canvas.isConnected)
      window.__draws.push([performance.now(), this.canvas.closest('.digit-pad') ? 'pad' : 'other']);
    return draw.apply(this, args);
  };
}"""


def _first_draw_after(page, t0, kind, timeout_s=20):
    """Milliseconds from page time t0 to the first picture painted on a `kind` canvas after it."""
    for _ in range(int(timeout_s * 10)):
        times = page.evaluate(f"() => window.__draws.filter(d => d[1] === '{kind}' && d[0] > {t0}).map(d => d[0])")
        if times:
            return times[0] - t0
        page.wait_for_timeout(100)
    return float("nan")


def _settled_shot(page, locator, path, timeout_s=15):
    """A screenshot of locator once two shots half a second apart are equal (the figures have landed)."""
    shot = locator.screenshot()
    for _ in range(int(timeout_s * 2)):
        page.wait_for_timeout(500)
        again = locator.screenshot()
        if again == shot:
            break
        shot = again
    return locator.screenshot(path=str(path))


def draw_a_one_and_a_seven(page):
    """On a page where lesson 20 has run: the pad, the prediction label and the network's figure answer
    the mouse (a "1", then a "7"). A failure leaves test-artefacts/browser/20_draw_digit_failed.png."""
    try:
        canvas = page.locator(".digit-pad canvas").last          # the top canvas receives the mouse
        canvas.scroll_into_view_if_needed()
        label = page.locator(".digit-prediction")
        first = _wait_for_label(page, label, "prediction:")
        output = page.locator(".jp-OutputArea-output", has=page.locator(".digit-pad")).first
        x0, y0, w, h = _pad_axes_fraction()

        def to_page(row, col):      # pixel centres 0..27 of the pad -> page coordinates, where the pad is now
            box = canvas.bounding_box()
            return (box["x"] + box["width"] * (x0 + w * (col + 0.5) / 28),
                    box["y"] + box["height"] * (1 - y0 - h + h * (row + 0.5) / 28))    # row 0 at the top

        clear = page.locator(".widget-hbox", has=page.locator(".digit-pad")).locator("button", has_text="clear")
        clear.click()                 # (a click may make JupyterLab scroll its cell: the pad is found again)
        _wait_for_label(page, label, "empty")
        canvas.scroll_into_view_if_needed()
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        page.evaluate(JS_WATCH_DRAWS)
        page.mouse.move(*to_page(3, 14))
        t_press = page.evaluate("() => performance.now()")
        page.mouse.down()                                                    # a "1", timed: the dot, then
        pad_ms = _first_draw_after(page, t_press, "pad")
        page.mouse.move(*to_page(24, 14), steps=10)
        t_release = page.evaluate("() => performance.now()")
        page.mouse.up()                                                      # the network's figure on release
        one = _wait_for_label(page, label, "prediction: 1")
        shot_one = _settled_shot(page, output, ARTEFACTS / "20_draw_digit_1.png")
        # the network's final picture is the last one painted (live pictures from the drag may land after release)
        net_ms = page.evaluate(f"() => Math.max(...window.__draws.filter(d => d[1] === 'other').map(d => d[0]))") - t_release
        print(f"pen down -> pad repainted: {pad_ms:.0f} ms; pen up -> network's figure's last picture: {net_ms:.0f} ms")
        (ARTEFACTS / "20_draw_digit_timings.txt").write_text(
            f"pen down -> pad repainted: {pad_ms:.0f} ms\npen up -> network's figure's last picture: {net_ms:.0f} ms\n")

        clear.click()
        _wait_for_label(page, label, "empty")
        canvas.scroll_into_view_if_needed()
        _drag(page, to_page, [(4, 7), (4, 20), (24, 12)], steps=8)           # a "7": the bar, then the stem
        seven = _wait_for_label(page, label, "prediction: 7")
        shot_seven = _settled_shot(page, output, ARTEFACTS / "20_draw_digit_2.png")

        assert first != one != seven
        assert shot_one != shot_seven                                        # the figures changed too
    except BaseException:         # pytest.fail too: keep a picture of the page
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTEFACTS / "20_draw_digit_failed.png"))
        raise
