"""lessonlib.models.lenet: architecture, forward against a naive reference, gradients, the
checked-in weights, and the training recipe (fit's augment / lr_schedule hooks)."""
import numpy as np
import pytest

from lessonlib import conv_forward_reference, conv_params, dense_params
from lessonlib.data import bundled_split
from lessonlib.models import Recipe, build_lenet, load_pretrained, load_training_record, to_input, train_lenet
from lessonlib.models.lenet import RECORD, WEIGHTS, cosine_schedule, save_training_record
from lessonlib.nn import Adam, accuracy, fit, softmax_cross_entropy
from lessonlib.nn.gradcheck import numerical_gradient, relative_error


def score_margin(scores) -> float:
    """Smallest gap between the best and second-best score over all rows: how far the
    evaluation is from a float rounding flipping any prediction."""
    top2 = np.sort(np.asarray(scores), axis=1)[:, -2:]
    return float(np.min(top2[:, 1] - top2[:, 0]))


def test_score_margin():
    assert score_margin(np.array([[1.0, 3.0, 2.5], [0.0, -1.0, 5.0]])) == 0.5


@pytest.fixture(scope="module")
def split():
    return bundled_split()


@pytest.fixture(scope="module")
def pretrained():
    return load_pretrained()


def test_summary_shapes_and_parameter_count_follow_the_formulas():
    model = build_lenet()
    rows = model.summary((1, 28, 28))
    assert [r.output_shape for r in rows] == [(16, 28, 28), (16, 28, 28), (16, 14, 14), (32, 10, 10),
                                              (32, 10, 10), (32, 5, 5), (800,), (10,)]
    expected = conv_params(1, 16, 5) + conv_params(16, 32, 5) + dense_params(800, 10)
    assert model.n_params() == sum(r.params for r in rows) == expected == 21258


def naive_forward(x, model):
    """The same network from the readable pieces: reference convolution, numpy ReLU,
    2×2 max-pool by reshaping, flatten and a matrix product."""
    def pool(a):
        n, c, h, w = a.shape
        return a[:, :, :h // 2 * 2, :w // 2 * 2].reshape(n, c, h // 2, 2, w // 2, 2).max(axis=(3, 5))

    p = [layer.params for layer in model.layers]
    a = pool(np.maximum(conv_forward_reference(x, p[0]["W"], p[0]["b"], padding=2), 0))
    a = pool(np.maximum(conv_forward_reference(a, p[3]["W"], p[3]["b"]), 0))
    return a.reshape(len(x), -1) @ p[7]["W"].T + p[7]["b"]


def test_forward_matches_the_naive_reference_on_a_batch(pretrained, split):
    x = to_input(split.test.images[:6])
    fast = pretrained.forward(x)
    slow = naive_forward(x.astype(np.float64), pretrained)
    assert fast.dtype == np.float32
    assert np.allclose(fast, slow, rtol=1e-4, atol=1e-4)
    assert np.array_equal(fast.argmax(1), slow.argmax(1))


def test_whole_network_gradients_match_finite_differences(split):
    # small channels keep the finite differences quick; float64 for the precision
    model = build_lenet(channels=(2, 3), seed=1, dtype=np.float64)
    # nonzero biases: with b = 0 the blank background sits exactly on ReLU's kink, where
    # a finite difference sees half a slope
    rng = np.random.default_rng(2)
    for layer in model.layers:
        if "b" in layer.params:
            layer.params["b"][:] = rng.uniform(0.05, 0.2, layer.params["b"].shape) * rng.choice([-1, 1], layer.params["b"].shape)
    # faint noise: on the flat background every 2×2 pool window is a tie, where moving one
    # input pixel switches the max and a finite difference is one-sided
    x = to_input(split.train.images[:2], dtype=np.float64) + rng.uniform(0, 0.01, (2, 1, 28, 28))
    y = split.train.labels[:2]
    loss = lambda: softmax_cross_entropy(model.forward(x), y)[0]  # noqa: E731
    _, dscores = softmax_cross_entropy(model.forward(x), y)
    dx = model.backward(dscores)
    for i, layer in enumerate(model.layers):
        for name, p in layer.params.items():
            num = numerical_gradient(loss, p)
            assert relative_error(layer.grads[name], num) < 1e-5, f"layer {i} {name}"
    rows = slice(8, 14)   # a band of the input where the digit is, to keep it short
    xs = x[:, :, rows].copy()

    def loss_band():
        full = x.copy()
        full[:, :, rows] = xs
        return softmax_cross_entropy(model.forward(full), y)[0]

    assert relative_error(dx[:, :, rows], numerical_gradient(loss_band, xs)) < 1e-5


def test_checked_in_weights_reach_the_recorded_accuracy(pretrained, split):
    assert WEIGHTS.stat().st_size < 1_000_000
    record = load_training_record()
    scores = pretrained.predict(to_input(split.test.images))
    acc = accuracy(scores, split.test.labels)
    assert acc == pytest.approx(record.test_accuracy, abs=1e-12)
    assert acc >= 0.98
    assert record.history.val_accuracy[-1] == pytest.approx(acc, abs=1e-12)
    assert len(record.history.loss) == record.recipe.epochs
    # no prediction is within float32 rounding of flipping: the printed accuracy is stable
    assert score_margin(scores) > 1e-3


def test_training_is_seeded_and_repeats_exactly(split):
    x, y = to_input(split.train.images[:128]), split.train.labels[:128]
    recipe = Recipe(epochs=1, batch_size=64)
    a, ha = train_lenet(x, y, recipe, progress=False)
    b, hb = train_lenet(x, y, recipe, progress=False)
    assert ha.loss == hb.loss
    for (ka, pa), (kb, pb) in zip(a.state_dict().items(), b.state_dict().items()):
        assert ka == kb and np.array_equal(pa, pb)
    c, hc = train_lenet(x, y, recipe._replace(seed=1), progress=False)
    assert hc.loss != ha.loss


def test_fit_sets_the_scheduled_rate_each_epoch_and_augments_every_batch(split):
    x, y = to_input(split.train.images[:100]), split.train.labels[:100]
    seen_rates, batch_sizes = [], []
    opt = Adam(1.0)

    def schedule(epoch):
        seen_rates.append(opt.lr)
        return 0.1 / (epoch + 1)

    def augment(xb, rng):
        batch_sizes.append(len(xb))
        return xb

    fit(build_lenet((2, 2)), softmax_cross_entropy, opt, x, y, epochs=3, batch_size=40, progress=False,
        lr_schedule=schedule, augment=augment)
    assert seen_rates == [1.0, 0.1, 0.05] and opt.lr == pytest.approx(0.1 / 3)
    assert batch_sizes == [40, 40, 20] * 3


def test_an_identity_augment_changes_nothing(split):
    # the augmentation draws from its own random stream, so the shuffling is the same
    x, y = to_input(split.train.images[:96]), split.train.labels[:96]
    runs = [fit(build_lenet((2, 2)), softmax_cross_entropy, Adam(1e-3), x, y, epochs=2, batch_size=32,
                progress=False, augment=aug).loss for aug in (None, lambda xb, rng: xb)]
    assert runs[0] == runs[1]


def test_cosine_schedule_starts_at_lr_and_decays():
    lrs = [cosine_schedule(2e-3, 8)(e) for e in range(8)]
    assert lrs[0] == 2e-3 and all(a > b for a, b in zip(lrs, lrs[1:])) and lrs[-1] == pytest.approx(2e-3 * (1 + np.cos(7 * np.pi / 8)) / 2)


def test_training_record_round_trip(tmp_path):
    record = load_training_record(RECORD)
    path = tmp_path / "r.json"
    save_training_record(path, record.recipe, record.history, record.test_accuracy, record.seconds, record.data)
    assert load_training_record(path) == record


@pytest.mark.parametrize("call, error, match", [
    (lambda: build_lenet(channels=(16,)), ValueError, "channels must be two positive ints"),
    (lambda: build_lenet(channels=(16, 0)), ValueError, "channels must be two positive ints"),
    (lambda: to_input(np.zeros((28, 28))), ValueError, r"images must have shape \(N, H, W\)"),
])
def test_bad_arguments_are_explained(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_loading_weights_of_another_architecture_fails_clearly(tmp_path):
    path = tmp_path / "small.npz"
    build_lenet((4, 8)).save(path)
    with pytest.raises(ValueError, match="has shape"):
        build_lenet().load(path)


def test_load_pretrained_builds_the_architecture_its_record_names(tmp_path, split):
    x, y = to_input(split.train.images[:64]), split.train.labels[:64]
    recipe = Recipe(channels=(4, 6), epochs=1)
    model, history = train_lenet(x, y, recipe, progress=False)
    path = tmp_path / "tiny.npz"
    model.save(path)
    save_training_record(path.with_suffix(".json"), recipe, history, 0.5, 1.0, "64 digits")
    again = load_pretrained(path)
    assert again.layers[0].out_channels == 4 and np.array_equal(again.forward(x[:3]), model.forward(x[:3]))
