"""Shared pytest set-up: headless matplotlib, quiet progress bars, bounded hypothesis."""
import os

os.environ.setdefault("TQDM_DISABLE", "1")
os.environ.setdefault("MPLBACKEND", "Agg")

import matplotlib  # noqa: E402
import pytest  # noqa: E402

matplotlib.use("Agg")

from hypothesis import HealthCheck, settings  # noqa: E402

# Numba compiles on first call; do not let that count against a hypothesis example.
settings.register_profile(
    "lessons", deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
settings.load_profile("lessons")


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(config, items):
    """Keep what must share a process together under pytest-xdist's --dist loadgroup:
    a notebook's cells run in order in one kernel, and the browser lessons share one
    JupyterLab per half so the two workers each drive one browser."""
    browser = [item for item in items if item.nodeid.startswith("tests/test_browser.py")]
    for i, item in enumerate(browser):
        item.add_marker(pytest.mark.xdist_group(f"browser-{2 * i // max(len(browser), 1)}"))
    for item in items:
        if item.nodeid.endswith(".ipynb") or ".ipynb::" in item.nodeid:
            item.add_marker(pytest.mark.xdist_group(item.nodeid.split("::")[0]))
