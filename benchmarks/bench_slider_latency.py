"""Key-to-repaint latency of every slider of the lessons, in real JupyterLab + headless Chromium.

For each lesson: open it, run all cells, then for every visible slider (`.widget-slider`, in page
order, named by its description) focus its handle and press ArrowRight / ArrowLeft (alternating, so
the slider ends where it started). Timed inside the page: `performance.now()` in a capture-phase
keydown listener, to the first `drawImage` / `putImageData` on a canvas inside `.jp-OutputArea`
(ipympl paints every frame it receives that way). Median of `--presses` presses, each followed by a
settle wait (no repaint for 400 ms). Then the drag check: the handle is dragged across its range with
the mouse (`mouse.down`, `mouse.move(steps=20)`, `mouse.up`), and the "queue" is the time from the
mouse-up to the last repaint that follows it (0 if none follows): frames still arriving after the
student let go. The slider is then typed back to its start value.

The floor, in the same run, at its start and its end: a scratch notebook (in a temporary copy of the
notebooks folder; notebooks/ is never written) with a 3-inch ipympl figure whose 5x5 image is redrawn
by `set_data` on an IntSlider move, twice: once as issue 15 defined it (the callback calls
`draw_idle`, ipympl's own round trip: the page is told to ask for a picture), and once through the
lessons' own path, an `Explorer` (its number box, and `push_frame`: the picture drawn in the
callback and pushed whole). Each floor is the mean of its start and end medians. Verdict (issue 15):
median <= 1.5x the draw_idle floor, and a drag queue within the same budget. The table also gives
the ratio to the Explorer floor: a trivial figure on the lessons' own path, so that ratio is what
the lesson's own computing and drawing add.

Run by hand, not in pytest (timings depend on the machine's load, printed with every lesson):

    python benchmarks/bench_slider_latency.py                  # every lesson with sliders
    python benchmarks/bench_slider_latency.py --lessons 01 05 --presses 7

Ctrl-C (SIGINT) during the lessons stops there, measures the end floor and prints the summary.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
TOKEN = "lessons-latency-bench"
FLOOR_NAME = "_latency_floor.ipynb"
BUDGET = 1.5
CELL_TIMEOUT_S = 300
PAINT_TIMEOUT_MS = 8000      # a press with no repaint within this is reported as "no repaint"
SETTLE_MS = 400              # quiet time (no repaint) that ends a press
DRAG_QUIET_MS = 1500         # after a drag: no repaint for this long means the queue is empty

# As tests/_browser_harness.py: no news or update pop-ups, no autosave, every cell in the DOM.
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
}

# Installed before any page script: timestamps of key presses, mouse-ups and output-canvas paints.
JS_PROBE = """
(() => {
  const lat = window.__lat = {keys: [], ups: [], paints: []};
  window.addEventListener('keydown', () => lat.keys.push(performance.now()), true);
  window.addEventListener('mouseup', () => lat.ups.push(performance.now()), true);
  for (const name of ['drawImage', 'putImageData']) {
    const original = CanvasRenderingContext2D.prototype[name];
    CanvasRenderingContext2D.prototype[name] = function (...args) {
      const c = this.canvas;
      if (c && c.closest && c.closest('.jp-OutputArea')) lat.paints.push(performance.now());
      return original.apply(this, args);
    };
  }
})();
"""

JS_CELL_STATE = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  if (!panel || !panel.content || !panel.sessionContext) return null;
  const cells = [];
  for (const cell of panel.content.model.cells) {
    if (cell.type !== 'code' || cell.sharedModel.getSource().trim() === '') continue;
    cells.push({count: cell.executionCount, errors: cell.outputs.toJSON()
      .filter(o => o.output_type === 'error').map(o => o.ename + ': ' + o.evalue)});
  }
  return {status: panel.sessionContext.session?.kernel?.status ?? 'none', cells};
}"""

JS_KERNEL_IDLE = ("() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
                  " && window.jupyterapp.shell.currentWidget.sessionContext"
                  " && window.jupyterapp.shell.currentWidget.sessionContext.session"
                  " && window.jupyterapp.shell.currentWidget.sessionContext.session.kernel"
                  " && window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.status === 'idle'")

FLOOR_SOURCE = """%matplotlib widget
import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np

with plt.ioff():
    fig, ax = plt.subplots(figsize=(3, 3))
fig.canvas.header_visible = False
fig.canvas.toolbar_visible = False
image = ax.imshow(np.random.default_rng(0).random((5, 5)), vmin=0, vmax=1)
slider = widgets.IntSlider(value=10, min=0, max=20, description="floor")

def redraw(change):
    image.set_data(np.random.default_rng(change["new"]).random((5, 5)))
    fig.canvas.draw_idle()

slider.observe(redraw, "value")

# the same trivial figure on the lessons' path
from lessonlib.figures import Explorer


class FloorView:
    def __init__(self, frame):
        self.fig, ax = plt.subplots(figsize=(3, 3))
        self.image = ax.imshow(frame, vmin=0, vmax=1)

    def update(self, frame):
        self.image.set_data(frame)


explorer = Explorer({"seed": widgets.IntSlider(value=10, min=0, max=20, description="floor, Explorer")},
                    lambda seed: np.random.default_rng(seed).random((5, 5)), FloorView)
widgets.VBox([slider, fig.canvas, explorer.box])
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def load() -> str:
    return "load %.2f %.2f %.2f" % os.getloadavg()


def start_lab(root_dir: Path, work: Path):
    settings = work / "lab-settings"
    for rel, value in LAB_SETTINGS.items():
        (settings / rel).parent.mkdir(parents=True, exist_ok=True)
        (settings / rel).write_text(json.dumps(value))
    port = _free_port()
    env = dict(os.environ, JUPYTERLAB_SETTINGS_DIR=str(settings),
               JUPYTERLAB_WORKSPACES_DIR=str(work / "lab-workspaces"), TQDM_DISABLE="1")
    log = open(work / "lab.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
         f"--IdentityProvider.token={TOKEN}", f"--ServerApp.root_dir={root_dir}",
         "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
         "--LabApp.expose_app_in_browser=True", "--ServerApp.open_browser=False", "--allow-root"],
        stdout=log, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 240      # a loaded machine can take minutes
    while True:
        try:
            urllib.request.urlopen(f"{base}/api/status?token={TOKEN}", timeout=2)
            return proc, base
        except OSError:
            if time.time() > deadline or proc.poll() is not None:
                proc.kill()
                raise SystemExit(f"JupyterLab did not start; see {work / 'lab.log'}")
            time.sleep(0.5)


def run_all(page, name):
    page.wait_for_function(JS_KERNEL_IDLE, timeout=120_000)
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    deadline = time.time() + CELL_TIMEOUT_S
    state = None
    while time.time() < deadline:
        state = page.evaluate(JS_CELL_STATE)
        if state and state["status"] == "idle" and all(c["count"] for c in state["cells"]):
            return [e for c in state["cells"] for e in c["errors"]]
        page.wait_for_timeout(500)
    raise RuntimeError(f"{name}: cells still running after {CELL_TIMEOUT_S} s: {state}")


def wait_quiet(page, quiet_ms, limit_ms=20_000):
    """Wait until no output canvas has been painted for quiet_ms (or limit_ms has passed)."""
    start = time.time()
    while (time.time() - start) * 1000 < limit_ms:
        idle = page.evaluate("""(q) => { const p = window.__lat.paints;
            return p.length === 0 || performance.now() - p[p.length - 1] >= q; }""", quiet_ms)
        if idle:
            return
        page.wait_for_timeout(100)


def press_once(page, handle, key):
    """Press key on the focused handle; ms from the keydown to the first output repaint, or None."""
    handle.focus()
    page.evaluate("() => { window.__lat.keys = []; window.__lat.paints = []; }")
    page.keyboard.press(key)
    start = time.time()
    latency = None
    while (time.time() - start) * 1000 < PAINT_TIMEOUT_MS:
        latency = page.evaluate("""() => { const k = window.__lat.keys[0];
            const p = window.__lat.paints.find(t => t >= k); return p === undefined ? null : p - k; }""")
        if latency is not None:
            break
        page.wait_for_timeout(20)
    wait_quiet(page, SETTLE_MS)
    return latency


def slider_state(slider):
    handle = slider.locator(".noUi-handle").first
    now, lo, hi = (handle.get_attribute(a) for a in ("aria-valuenow", "aria-valuemin", "aria-valuemax"))
    try:
        return float(now), float(lo), float(hi)
    except (TypeError, ValueError):
        return None, None, None


def readout_text(slider):
    readout = slider.locator(".widget-readout")
    return readout.inner_text().strip() if readout.count() else ""


def restore(page, slider, value, x0, y):
    """Put the slider back at value (its aria-valuenow before the drag): drag back to where the handle
    was, then arrow keys for what the pixels missed."""
    handle = slider.locator(".noUi-handle").first
    hb = handle.bounding_box()
    if hb:
        page.mouse.move(hb["x"] + hb["width"] / 2, hb["y"] + hb["height"] / 2)
        page.mouse.down()
        page.mouse.move(x0, y, steps=5)
        page.mouse.up()
    for _ in range(60):
        page.wait_for_timeout(150)
        now, _, _ = slider_state(slider)
        if now is None or value is None or abs(now - value) < 1e-9:
            break
        handle.focus()
        page.keyboard.press("ArrowRight" if now < value else "ArrowLeft")
    wait_quiet(page, SETTLE_MS, limit_ms=30_000)


def measure_slider(page, slider, presses, drag=True):
    """(latencies in ms per press, drag queue in ms or None, note)."""
    slider.scroll_into_view_if_needed()
    handle = slider.locator(".noUi-handle").first
    now, lo, hi = slider_state(slider)
    # start towards the side with room, then alternate: the slider ends where it began
    first, second = ("ArrowLeft", "ArrowRight") if (now is not None and now >= hi) else ("ArrowRight", "ArrowLeft")
    times = []
    for i in range(presses):
        times.append(press_once(page, handle, first if i % 2 == 0 else second))
    if presses % 2:                      # an odd count: step back without timing it
        press_once(page, handle, second)
    if not drag:
        return times, None, ""
    queue, note = drag_check(page, slider)
    return times, queue, note


def drag_check(page, slider):
    """Drag the handle across its range; ms from mouse-up to the last repaint after it."""
    start_text = readout_text(slider)
    handle = slider.locator(".noUi-handle").first
    track = slider.locator(".noUi-target, .noUi-base").first
    hb, tb = handle.bounding_box(), track.bounding_box()
    if not hb or not tb:
        return None, "no drag: handle not laid out"
    now, lo, hi = slider_state(slider)
    x0, y = hb["x"] + hb["width"] / 2, hb["y"] + hb["height"] / 2
    # drag to the end farther from the handle (the longest run of values a student would pass)
    x1 = tb["x"] + 1 if (x0 - tb["x"]) > (tb["x"] + tb["width"] - x0) else tb["x"] + tb["width"] - 1
    wait_quiet(page, SETTLE_MS)
    page.evaluate("() => { window.__lat.ups = []; window.__lat.paints = []; }")
    page.mouse.move(x0, y)
    page.mouse.down()
    page.mouse.move(x1, y, steps=20)
    page.mouse.up()
    page.wait_for_timeout(200)
    wait_quiet(page, DRAG_QUIET_MS, limit_ms=60_000)
    queue, frames = page.evaluate("""() => { const up = window.__lat.ups[window.__lat.ups.length - 1];
        const after = window.__lat.paints.filter(t => t >= up);
        return [after.length ? after[after.length - 1] - up : 0, window.__lat.paints.length]; }""")
    end_text = readout_text(slider)
    end, _, _ = slider_state(slider)
    note = f"drag {start_text}->{end_text}, {frames} frames"
    if end != now:                  # back to where it was, for the sliders after it
        restore(page, slider, now, x0, y)
    return queue, note


def slider_name(slider, index):
    label = slider.locator(".widget-label").first
    text = label.inner_text().strip() if label.count() else ""
    return f"{index + 1}:{text or '(no description)'}"


def measure_notebook(browser, base, name, presses, drag=True):
    """[(slider name, latencies, queue, note)] for one notebook; errors raise."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.add_init_script(JS_PROBE)
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{base}/lab/tree/{name}?reset&token={TOKEN}", wait_until="domcontentloaded")
    rows = []
    try:
        failed = run_all(page, name)
        if failed:
            raise RuntimeError(f"{name}: error outputs {failed}")
        page.wait_for_timeout(1000)
        wait_quiet(page, 1000, limit_ms=30_000)       # the first draws of every figure
        sliders = page.locator(".widget-slider").filter(visible=True)
        for i in range(sliders.count()):
            slider = sliders.nth(i)
            if slider.locator(".noUi-handle").count() == 0:
                continue
            try:
                times, queue, note = measure_slider(page, slider, presses, drag)
            except PlaywrightError as err:
                times, queue, note = [], None, f"failed: {str(err).splitlines()[0][:100]}"
            rows.append((slider_name(slider, i), times, queue, note))
    finally:
        try:
            page.evaluate("() => window.jupyterapp.commands.execute('kernelmenu:shutdown')")
            page.wait_for_timeout(500)
        except PlaywrightError:
            pass
        page.close()
    return rows


def median_ms(times):
    got = [t for t in times if t is not None]
    return statistics.median(got) if got else None


def fmt(x, digits=0):
    return "—" if x is None else f"{x:.{digits}f}"


def floor_run(browser, base, presses):
    """{"draw_idle": (median, times, queue), "Explorer": (...)}: the two floors of FLOOR_SOURCE."""
    rows = measure_notebook(browser, base, FLOOR_NAME, presses)
    if len(rows) != 2:
        raise RuntimeError(f"the floor notebook should show 2 sliders, found {[r[0] for r in rows]}")
    return {kind: (median_ms(times), times, queue) for kind, (_, times, queue, _) in zip(("draw_idle", "Explorer"), rows)}


def print_floors(when, floors):
    for kind, (med, times, queue) in floors.items():
        print(f"floor ({when}, {kind}): median {fmt(med)} ms  presses {[fmt(t) for t in times]}  "
              f"drag queue {fmt(queue)} ms  {load()}", flush=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lessons", nargs="*", default=None, help="two-digit numbers, e.g. 01 05 (default: all)")
    parser.add_argument("--presses", type=int, default=5, help="key presses per slider (median taken)")
    parser.add_argument("--no-drag", action="store_true", help="skip the drag check")
    parser.add_argument("--markdown", action="store_true", help="also print a Markdown table at the end")
    args = parser.parse_args(argv)

    notebooks = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    if args.lessons:
        wanted = {f"{int(x):02d}" for x in args.lessons}
        notebooks = [p for p in notebooks if p.name[:2] in wanted]
        if not notebooks:
            raise SystemExit(f"--lessons {args.lessons}: no notebooks/NN_*.ipynb with those numbers")

    with tempfile.TemporaryDirectory(prefix="latency-") as tmp:
        work = Path(tmp)
        copy = work / "notebooks"
        shutil.copytree(ROOT / "notebooks", copy, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        floor_nb = {"cells": [{"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
                               "source": FLOOR_SOURCE.splitlines(keepends=True)}],
                    "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
                    "nbformat": 4, "nbformat_minor": 5}
        (copy / FLOOR_NAME).write_text(json.dumps(floor_nb))
        proc, base = start_lab(copy, work)
        print(f"# slider latency, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {load()}, "
              f"{args.presses} presses per slider, budget {BUDGET}x floor", flush=True)
        results = []
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
                    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync"])
                floors_start = floor_run(browser, base, args.presses)
                print_floors("start", floors_start)
                try:
                    for path in notebooks:
                        t0 = time.time()
                        try:
                            rows = measure_notebook(browser, base, path.name, args.presses, drag=not args.no_drag)
                        except (RuntimeError, PlaywrightError) as err:
                            print(f"{path.stem}: FAILED {err}", flush=True)
                            results.append((path.stem, None, [], None, f"failed: {str(err)[:120]}"))
                            continue
                        print(f"{path.stem}: {len(rows)} slider(s), {time.time() - t0:.0f} s, {load()}", flush=True)
                        for name, times, queue, note in rows:
                            med = median_ms(times)
                            print(f"    {name:<28} median {fmt(med):>5} ms  presses {[fmt(t) for t in times]}  "
                                  f"drag queue {fmt(queue)} ms  ({note})", flush=True)
                            results.append((path.stem, name, times, queue, note))
                except KeyboardInterrupt:       # Ctrl-C: measure the end floor, summarise what was done
                    print(f"interrupted; {len(results)} slider(s) measured", flush=True)
                floors_end = floor_run(browser, base, args.presses)
                print_floors("end", floors_end)
                browser.close()
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()

    means = {}
    for kind in ("draw_idle", "Explorer"):
        got = [f[kind][0] for f in (floors_start, floors_end) if f[kind][0] is not None]
        means[kind] = statistics.mean(got) if got else None
    floor, floor_x = means["draw_idle"], means["Explorer"]
    print(f"\n# summary: draw_idle floor {fmt(floors_start['draw_idle'][0])} (start) / {fmt(floors_end['draw_idle'][0])} "
          f"(end) ms, mean {fmt(floor)} ms, budget {BUDGET}x = {fmt(floor and BUDGET * floor)} ms; Explorer floor "
          f"{fmt(floors_start['Explorer'][0])} / {fmt(floors_end['Explorer'][0])} ms, mean {fmt(floor_x)} ms; {load()}")
    header = ("| lesson | slider | median ms | ÷ draw_idle floor | verdict | ÷ Explorer floor | drag queue ms |",
              "|---|---|---:|---:|---|---:|---:|")
    lines = []
    for stem, name, times, queue, note in results:
        med = median_ms(times)
        if name is None:
            lines.append(f"| {stem} | — | — | — | {note} | — | — |")
            continue
        ratio = med / floor if med is not None and floor else None
        ratio_x = med / floor_x if med is not None and floor_x else None
        verdict = "no repaint" if med is None else ("ok" if ratio is not None and ratio <= BUDGET else "SLOW")
        drag = fmt(queue) + ("" if queue is None or floor is None or queue <= BUDGET * floor else " (queues)")
        lines.append(f"| {stem} | {name} | {fmt(med)} | {fmt(ratio, 2)} | {verdict} | {fmt(ratio_x, 2)} | {drag} |")
        print(f"{stem:<40} {name:<28} {fmt(med):>5} ms  x{fmt(ratio, 2):>5}  {verdict:<10} "
              f"x{fmt(ratio_x, 2):>5} (Explorer floor)  drag queue {drag}")
    if args.markdown:
        print("\n" + "\n".join(header + tuple(lines)))


if __name__ == "__main__":
    main()
