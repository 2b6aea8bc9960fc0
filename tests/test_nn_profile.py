"""lessonlib.nn.profile: per-layer timing that leaves the model as it was, and the thread limiter."""
import numba
import numpy as np
import pytest

from lessonlib.models import build_lenet
from lessonlib.nn import Adam, fit, softmax_cross_entropy
from lessonlib.nn.profile import LayerProfiler


def test_profiler_counts_every_training_call_and_keeps_predict_apart():
    model = build_lenet((2, 2))
    x = np.random.default_rng(0).uniform(0, 1, (50, 1, 28, 28)).astype(np.float32)
    y = np.arange(50) % 10
    with LayerProfiler(model) as prof:
        fit(model, softmax_cross_entropy, Adam(1e-3), x, y, epochs=2, batch_size=20, progress=False,
            validation=(x[:10], y[:10]))
    # 3 batches per epoch, 2 epochs: 6 forward and 6 backward calls per layer of each type
    assert prof.calls[("Conv2D", "forward")] == prof.calls[("Conv2D", "backward")] == 2 * 6
    assert prof.calls[("Dense", "forward")] == 6
    rows = prof.rows()
    assert rows[-1].kind == "other" and any(r.kind == "predict" and r.seconds > 0 for r in rows)
    assert sum(r.share for r in rows) == pytest.approx(1.0)
    assert prof.share("Conv2D") == pytest.approx(prof.share("Conv2D", "forward") + prof.share("Conv2D", "backward"))
    assert "Conv2D" in prof.table()
    # wrappers are gone afterwards
    assert all("forward" not in vars(layer) and "backward" not in vars(layer) for layer in model.layers)
    assert "predict" not in vars(model)


def test_profiler_needs_a_sequential():
    with pytest.raises(TypeError, match="model must be a Sequential"):
        LayerProfiler(object())
