"""Shared pytest set-up: headless matplotlib, quiet progress bars, bounded hypothesis."""
import os

os.environ.setdefault("TQDM_DISABLE", "1")
os.environ.setdefault("MPLBACKEND", "Agg")

import matplotlib  # noqa: E402

matplotlib.use("Agg")

from hypothesis import HealthCheck, settings  # noqa: E402

# Numba compiles on first call; do not let that count against a hypothesis example.
settings.register_profile(
    "lessons", deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
settings.load_profile("lessons")

