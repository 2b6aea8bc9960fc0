"""Shared by tests/test_browser_*.py: every lesson in real JupyterLab in headless Chromium —
before running, every interactive figure shows as a picture (no widget repr text); then run all
cells, no errors, a slider redraws. (Two test modules, so that pytest-xdist's
--dist loadfile gives each worker half of the lessons and its own JupyterLab.)

Needs Debian's chromium (/usr/bin/chromium) and the Python package playwright; .ci/run installs
both. Screenshots go to test-artefacts/browser/. Skipped, with the reason, where Chromium is absent.
"""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
ARTEFACTS = ROOT / "test-artefacts" / "browser"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
TOKEN = "lessons-browser-test"
CELL_TIMEOUT_S = 180

playwright_sync = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
if not Path(CHROMIUM).exists():
    pytest.skip("no Chromium here (apt-get install chromium); browser test skipped", allow_module_level=True)
HALF = (len(NOTEBOOKS) + 1) // 2

# JupyterLab user settings for a quiet, fully rendered page: no news or update pop-ups, no
# autosave (the test must not rewrite the lessons), every cell in the DOM (windowingMode none).
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    settings = tmp_path_factory.mktemp("lab-settings")
    for rel, value in LAB_SETTINGS.items():
        (settings / rel).parent.mkdir(parents=True, exist_ok=True)
        (settings / rel).write_text(json.dumps(value))
    port = _free_port()
    env = dict(os.environ, JUPYTERLAB_SETTINGS_DIR=str(settings),
               JUPYTERLAB_WORKSPACES_DIR=str(tmp_path_factory.mktemp("lab-workspaces")), TQDM_DISABLE="1")
    log = open(tmp_path_factory.mktemp("lab-log") / "lab.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
         f"--IdentityProvider.token={TOKEN}", f"--ServerApp.root_dir={ROOT / 'notebooks'}",
         "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
         "--LabApp.expose_app_in_browser=True", "--ServerApp.open_browser=False", "--allow-root"],
        stdout=log, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while True:
        try:
            urllib.request.urlopen(f"{base}/api/status?token={TOKEN}", timeout=2)
            break
        except OSError:
            if time.time() > deadline or proc.poll() is not None:
                proc.kill()
                pytest.fail(f"JupyterLab did not start; see {log.name}")
            time.sleep(0.5)
    yield base
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="module")
def browser():
    with playwright_sync.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        yield b
        b.close()


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


# What JupyterLab prints for a stored widget output whose widget state is gone, when the output
# holds nothing better to show (ipywidgets' text/plain repr).
WIDGET_REPR = ("VBox(children=", "HBox(children=", "IntSlider(value=", "Dropdown(options=", "FloatSlider(value=")
JS_STORED_OUTPUTS = """() => {
  if (!window.jupyterapp) return null;
  const panel = window.jupyterapp.shell.currentWidget;
  if (!panel || !panel.content || panel.content.widgets.length === 0) return null;
  const node = panel.content.node;
  return {text: node.innerText, pictures: node.querySelectorAll(".jp-OutputArea-output img").length};
}"""


def _check_before_running(page, path):
    """The lesson as a student first sees it (a fresh Binder launch): stored pictures, no repr text."""
    nb = json.loads(path.read_text())
    outputs = [o.get("data", {}) for c in nb["cells"] if c["cell_type"] == "code" for o in c["outputs"]]
    pictures = sum("image/png" in data for data in outputs)   # static figures, and every interactive one
    # outputs render a moment after the cells, the widget ones last (their widget state is looked for first)
    page.wait_for_function(
        f"(() => {{ const s = ({JS_STORED_OUTPUTS})(); return s !== null && s.pictures >= {pictures}; }})()",
        timeout=90_000)
    stored = page.evaluate(JS_STORED_OUTPUTS)
    shown = [r for r in WIDGET_REPR if r in stored["text"]]
    assert not shown, f"{path.name}: before running, the page shows widget repr text {shown}"


def _run_all(page, name):
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
                           " && window.jupyterapp.shell.currentWidget.sessionContext"
                           " && window.jupyterapp.shell.currentWidget.sessionContext.session"
                           " && window.jupyterapp.shell.currentWidget.sessionContext.session.kernel"
                           " && window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.status === 'idle'",
                           timeout=90_000)
    page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
    deadline = time.time() + CELL_TIMEOUT_S
    while time.time() < deadline:
        state = page.evaluate(JS_CELL_STATE)
        if state and state["status"] == "idle" and all(c["count"] for c in state["cells"]):
            return state
        page.wait_for_timeout(500)
    pytest.fail(f"{name}: cells still running after {CELL_TIMEOUT_S} s: {state}")


def _move_a_slider(page):
    """Type a new value into the first slider's readout; True if its output area looks different after."""
    readouts = page.locator(".widget-slider .widget-readout").filter(visible=True)
    if readouts.count() == 0:
        return None
    readout = readouts.first
    readout.scroll_into_view_if_needed()
    area = page.locator(".jp-OutputArea", has=page.locator(".widget-slider")).first
    before = area.screenshot()
    for _ in range(20):  # let the first draw of the figure land: two equal shots in a row
        page.wait_for_timeout(300)
        shot = area.screenshot()
        if shot == before:
            break
        before = shot
    current = float(readout.inner_text().strip().replace("\u2212", "-") or 0)  # ipywidgets writes U+2212 for minus
    for candidate in (current + 1, current - 1, current + 0.5, current - 0.5):
        text = str(int(candidate)) if candidate == int(candidate) else f"{candidate:g}"
        readout.click()
        page.keyboard.press("Control+A")
        page.keyboard.type(text)
        page.keyboard.press("Enter")
        for _ in range(12):  # the redraw travels kernel -> browser: poll for up to 3 s
            page.wait_for_timeout(250)
            if area.screenshot() != before:
                return True
    return False


def check_lesson_in_jupyterlab(lab, browser, path):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    console_errors = []
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: console_errors.append(str(e)))
    page.goto(f"{lab}/lab/tree/{path.name}?reset&token={TOKEN}", wait_until="domcontentloaded")
    try:
        _check_before_running(page, path)
        state = _run_all(page, path.name)
        errors = [e for c in state["cells"] for e in c["errors"]]
        assert not errors, f"{path.name}: error outputs {errors}"
        moved = _move_a_slider(page)
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTEFACTS / f"{path.stem}.png"))
        if moved is not None:
            assert moved, f"{path.name}: moving the first slider did not change its figure"
        assert not console_errors, f"{path.name}: JavaScript console errors {console_errors}"
    finally:
        try:   # shut the kernel down; an earlier failure must stay the one reported
            page.evaluate("() => window.jupyterapp.commands.execute('kernelmenu:shutdown')")
        except playwright_sync.Error as err:
            print(f"{path.name}: could not shut the kernel down: {err}")
        page.close()
