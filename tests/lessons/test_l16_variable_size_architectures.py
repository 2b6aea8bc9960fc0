"""Lesson 16: the figure 9.11 builders, trace, the architecture view and its explorer (headless)."""
import matplotlib.pyplot as plt
import pytest

from lessonlib.lessons.l16_variable_size_architectures.compute import (ARCHITECTURES, SMALL, ArchitectureTraces,
                                                                       Frame, build, complex_layers, label,
                                                                       simple_layers, trace)
from lessonlib.lessons.l16_variable_size_architectures.controls import architecture_explorer
from lessonlib.lessons.l16_variable_size_architectures.view import (ArchitectureView, complex_layers_text,
                                                                    plot_terminologies, simple_layers_text)


@pytest.fixture(scope="module")
def small():
    return {name: build(name, **SMALL) for name in ARCHITECTURES}


def test_trace_agrees_with_output_shape_where_the_input_fits(small):
    for name, model in small.items():
        rows = trace(model, (1, 28, 28))
        assert [r.shape for r in rows] == [r.output_shape for r in model.summary((1, 28, 28))]
        assert rows[-1].shape == (10,) and all(r.error is None for r in rows)


def test_fixed_number_of_pools_gives_the_same_vector_for_every_size(small):
    for size in [(5, 5), (28, 28), (40, 33), (64, 17)]:
        assert trace(small["fixed_pools"], (1,) + size)[-2].shape == (8 * 3 * 3,)
        assert trace(small["fully_convolutional"], (1,) + size)[-1].shape == (10,)


def test_fixed_size_rejects_other_sizes_with_the_dense_layers_message(small):
    rows = trace(small["fixed_size"], (1, 40, 33))
    assert rows[-1].layer == "dense 392 → 10" and rows[-1].shape is None
    assert rows[-1].error == "x has n_in = 640 features but w expects w.shape[1] = 392"
    assert trace(small["fixed_size"], (1, 3, 3))[-1].error.startswith("kernel_size 2 does not fit in input 1")


def test_book_sizes_of_figure_9_11():
    model = build("fixed_pools", in_channels=3, channels=64, classes=1000, pool=4, grid=3)
    assert model.summary((3, 97, 131))[-2].output_shape == (576,)
    left = build("fixed_size", in_channels=3, channels=64, pool=4, input_size=256, dense=False)
    assert left.summary((3, 256, 256))[-1].output_shape == (16384,)
    with pytest.raises(ValueError, match="architecture must be one of"):
        build("resnet")


def test_labels():
    model = build("fixed_pools", **SMALL)
    assert [label(layer) for layer in model.layers] == [
        "conv 3×3, 8 maps", "ReLU", "max pool 2×2, stride 2", "conv 3×3, 8 maps", "ReLU",
        "max pool to a 3×3 grid", "flatten", "dense 72 → 10"]


def test_architecture_traces_give_the_frame():
    frame = ArchitectureTraces()(height=40, width=33)
    assert frame.input_shape == (1, 40, 33) and list(frame.traces) == list(ARCHITECTURES)
    assert frame.traces["fixed_size"][-1].error and frame.traces["fixed_pools"][-1].shape == (10,)


def _texts(view):
    return {n: [(a.get_text(), b.get_text()) for a, b in cells] + [view.status[n].get_text()] for n, cells in view.cells.items()}


def test_sliders_at_their_extremes_change_the_view():
    ex = architecture_explorer()
    height, width = ex.controls["height"], ex.controls["width"]
    start = _texts(ex.view)
    assert all(t[-1].startswith("✓") for t in start.values())
    height.value, width.value = height.min, width.min                  # 1 x 1: only fixed_pools fails too
    tiny = _texts(ex.view)
    assert tiny != start and all(t[-1].startswith("✗") for t in tiny.values())
    ex.update(height=height.max, width=width.max)                      # 64 x 64
    big = _texts(ex.view)
    assert big["fixed_size"][-1].startswith("✗") and big["fixed_pools"][-1].startswith("✓")
    assert "1×64×64" in ex.view.title.get_text()
    assert ex.frame.input_shape == (1, 64, 64) and ex.settings == {"height": 64, "width": 64}
    plt.close("all")


def test_update_changes_the_frame_and_the_picture():
    ex = architecture_explorer(height=28, width=28)
    frame = ex.update(width=33)
    assert frame is ex.frame and frame.input_shape == (1, 28, 33)
    assert ex.view.cells["fixed_size"][0][1].get_text() == "1×28×33"
    bundle = ex._repr_mimebundle_()
    assert "image/png" in bundle and bundle["text/plain"].startswith("Interactive figure")
    plt.close("all")


def test_view_rejects_mismatched_traces(small):
    view = ArchitectureView(Frame((1, 28, 28), {n: trace(m, (1, 28, 28)) for n, m in small.items()}))
    with pytest.raises(ValueError, match="one entry per architecture"):
        view.update(Frame((1, 28, 28), {"fixed_size": []}))
    plt.close("all")


# --- figure 9.7: simple and complex layers from the same network ------------------------------


def test_simple_layers_are_the_model_layers(small):
    rows = simple_layers(small["fixed_size"], (1, 28, 28))
    assert [r.stage for r in rows] == ["convolution (affine)", "detector (nonlinearity)", "pooling"] * 2 + [
        "reshape", "dense (affine)"]
    assert [r.params for r in rows] == [8 * 9 + 8, 0, 0, 8 * 8 * 9 + 8, 0, 0, 0, 392 * 10 + 10]
    assert [r.shape for r in rows] == [r.output_shape for r in small["fixed_size"].summary((1, 28, 28))]


def test_complex_layers_one_per_kernel_tensor(small):
    for name, model in small.items():
        simple = simple_layers(model, (1, 28, 28))
        layers = complex_layers(model, (1, 28, 28))
        assert len(layers) == sum("W" in layer.params for layer in model.layers), name
        assert [r for layer in layers for r in layer.stages] == simple             # nothing lost, order kept
        assert all(layer.stages[0].params > 0 and all(r.params == 0 for r in layer.stages[1:]) for layer in layers)
        assert sum(layer.params for layer in layers) == sum(r.params for r in simple)
        assert layers[-1].shape == simple[-1].shape == (10,)
    stages = [[r.stage.split(" (")[0] for r in layer.stages] for layer in complex_layers(small["fixed_size"], (1, 28, 28))]
    assert stages == [["convolution", "detector", "pooling"], ["convolution", "detector", "pooling", "reshape"], ["dense"]]


def test_terminology_tables_and_figure(small):
    layers = complex_layers(small["fixed_size"], (1, 28, 28))
    simple_text = simple_layers_text(simple_layers(small["fixed_size"], (1, 28, 28)))
    assert simple_text.splitlines()[0].endswith("8 layers, 3 of them with parameters") and len(simple_text.splitlines()) == 10
    complex_text = complex_layers_text(layers).splitlines()
    assert complex_text[0].endswith("3 layers, one per kernel tensor") and len(complex_text) == 2 + 8
    assert complex_text[4].split()[-2:] == ["8×14×14", "80"] and complex_text[-1].split()[-2:] == ["10", "3,930"]
    fig = plot_terminologies(layers)
    fig.canvas.draw()
    texts = [t for t in fig.axes[0].texts if t.get_text()]
    assert len(texts) == 2 * 8 + 3 + 1 and min(t.get_fontsize() for t in texts) >= 9
    box = fig.bbox
    for t in texts:
        extent = t.get_window_extent()
        assert extent.x0 >= box.x0 and extent.x1 <= box.x1 and extent.y0 >= box.y0 and extent.y1 <= box.y1, t.get_text()
    plt.close(fig)
