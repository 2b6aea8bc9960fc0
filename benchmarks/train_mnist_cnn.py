"""Train the lesson's LeNet-style CNN on MNIST with lessonlib's own kernels, and profile it.

    python benchmarks/train_mnist_cnn.py                 # first 8,000 bundled digits, test on the last 2,000
    python benchmarks/train_mnist_cnn.py --full          # official 60,000/10,000 split (downloads; falls back)
    python benchmarks/train_mnist_cnn.py --save lessonlib/models/lenet_mnist.npz   # + lenet_mnist.json

Prints the per-epoch History, training and inference images per second, the share of the
training time spent per layer type (conv forward, conv backward, pooling, ...), and as its
LAST line exactly: `test accuracy XX.XX% in YY.Y s` (YY.Y = wall time of the whole fit()).

Threads: by default Numba and OpenBLAS each use ONE thread (--threads 1). On this shared
2-core machine their two thread pools spin-wait against each other and against other
processes; measured for this model: 1+1 threads ~3,500 img/s, 2+2 threads 100-1,200 img/s.
"""
from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
parser.add_argument("--full", action="store_true", help="official 60,000/10,000 split via load_mnist_full()")
parser.add_argument("--save", metavar="PATH", help="write the weights (.npz) and the training record (.json beside it)")
parser.add_argument("--epochs", type=int, default=None, help="override the recipe's epochs")
parser.add_argument("--threads", type=int, default=1, help="Numba and OpenBLAS threads (default 1, see above)")
parser.add_argument("--no-progress", action="store_true", help="no tqdm bar")
args = parser.parse_args()

# BLAS reads its thread count once, when numpy is first imported
os.environ["OPENBLAS_NUM_THREADS"] = os.environ["OMP_NUM_THREADS"] = str(args.threads)

import numba  # noqa: E402
import numpy as np  # noqa: E402

from lessonlib.data import bundled_split, load_mnist_full  # noqa: E402
from lessonlib.models import to_input  # noqa: E402
from lessonlib.models.lenet import Recipe, build_lenet, save_training_record, train_lenet  # noqa: E402
from lessonlib.nn import accuracy  # noqa: E402
from lessonlib.nn.profile import LayerProfiler  # noqa: E402

numba.set_num_threads(min(args.threads, numba.config.NUMBA_NUM_THREADS))

split = load_mnist_full() if args.full else bundled_split()
x, y = to_input(split.train.images), split.train.labels
xt, yt = to_input(split.test.images), split.test.labels
recipe = Recipe() if args.epochs is None else Recipe(epochs=args.epochs)
print(f"data: {split.note}")
print(f"recipe: {recipe}; threads: numba {numba.get_num_threads()}, BLAS {os.environ['OPENBLAS_NUM_THREADS']}")

model = build_lenet(recipe.channels, recipe.seed)
print(f"model: {model.n_params():,} parameters")
model.forward(x[:2])                      # compile (or load from Numba's cache) before timing
model.backward(np.zeros((2, 10), np.float32))

with LayerProfiler(model) as prof:
    start, cpu_start = time.perf_counter(), time.process_time()
    model, history = train_lenet(x, y, recipe, validation=(xt, yt), progress=not args.no_progress, model=model)
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu_start

print("\nepoch   loss  train acc  held-out acc  train img/s")
for e, row in enumerate(zip(history.loss, history.accuracy, history.val_accuracy, history.images_per_second), 1):
    print(f"{e:5d} {row[0]:6.4f} {row[1]:10.4f} {row[2]:13.4f} {row[3]:12.0f}")

inference = []
for _ in range(3):
    t = time.perf_counter()
    scores = model.predict(xt)
    inference.append(len(xt) / (time.perf_counter() - t))
test_acc = accuracy(scores, yt)

print("\ntime per layer type during training (the held-out evaluation after each epoch is 'predict'):")
print(prof.table())
print(f"\ntraining: {np.median(history.images_per_second):.0f} images/s (median over epochs, "
      f"forward + backward + Adam step); inference: {np.median(inference):.0f} images/s")
print(f"shares of fit() time: conv forward {prof.share('Conv2D', 'forward'):.1%}, conv backward "
      f"{prof.share('Conv2D', 'backward'):.1%}, pooling {prof.share('MaxPool2D'):.1%} "
      f"(forward {prof.share('MaxPool2D', 'forward'):.1%}, backward {prof.share('MaxPool2D', 'backward'):.1%})")
steps = 1 - prof.predict_seconds / prof.wall     # the training steps alone, without the held-out evaluation
print(f"shares of the training steps alone: conv forward {prof.share('Conv2D', 'forward') / steps:.1%}, "
      f"conv backward {prof.share('Conv2D', 'backward') / steps:.1%}, pooling {prof.share('MaxPool2D') / steps:.1%}")
print(f"fit() used {cpu_seconds:.1f} s of CPU for {seconds:.1f} s of wall time"
      + (f" ({recipe.epochs * len(x) / cpu_seconds:.0f} training images per CPU-second, evaluation included: "
                 "about the speed on an idle core)"
         if args.threads == 1 else ""))

if args.save:
    path = Path(args.save)
    model.save(path)
    save_training_record(path.with_suffix(".json"), recipe, history, test_acc, seconds, split.note)
    print(f"saved {path} ({path.stat().st_size / 1024:.0f} kB) and {path.with_suffix('.json').name}")
print(f"test accuracy {100 * test_acc:.2f}% in {seconds:.1f} s")
