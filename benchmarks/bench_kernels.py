"""Speed of lessonlib's conv2d and max-pool kernels against a numpy reference (and PyTorch).

Run by hand, not a test:

    python benchmarks/bench_kernels.py                       # this process's thread settings
    python benchmarks/bench_kernels.py --compare-threads     # Numba/BLAS 1 vs 2 threads
    python benchmarks/bench_kernels.py --compare-threads \\
        --torch-cmd "/tmp/torchvenv/bin/python /tmp/bench_torch.py"
    python benchmarks/bench_kernels.py --lessonlib-root /path/to/old/checkout   # before/after

Times are the median of `--repeat` calls. The machine is shared, so every setting runs
`--rounds` times in rotation (each in a fresh worker process) and the table shows the
median over all rounds: a burst of load from someone else then hits every column alike.
GFLOP/s counts 2*N*F*C*k*k*OH*OW per forward pass; a backward pass counts twice that.

The numpy reference (sliding_window_view + tensordot, BLAS underneath) runs in the same
worker as lessonlib. `--torch-cmd` names a script outside the project (PyTorch is not a
dependency) that is called as `CMD OUT.json REPEAT THREADS` and writes, per case key
"N,C,F,H,k", fwd_ms, fwd_bwd_ms and pool_fwd_bwd_ms (see benchmarks/README.md).
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
CASES = [(64, 1, 8, 28, 5), (64, 8, 16, 14, 5), (128, 3, 32, 32, 3)]   # N, C, F, H (= W), k
SETTINGS = {"numba2-blas2": (2, 2), "numba1-blas1": (1, 1)}
FIRST_CALL = ("import time; t0 = time.perf_counter(); import numpy as np, lessonlib; t1 = time.perf_counter(); "
              "lessonlib.conv2d_forward(np.ones((1, 1, 28, 28)), np.ones((1, 1, 3, 3))); t2 = time.perf_counter(); "
              "print(t1 - t0, t2 - t1)")


def median_ms(fn, repeat, clock=time.perf_counter):
    fn()                                    # compile / warm caches outside the timing
    times = []
    for _ in range(repeat):
        start = clock()
        fn()
        times.append(clock() - start)
    return 1e3 * statistics.median(times)


def torch_times(n, c, f, h, k, repeat, clock):
    """PyTorch's times for one case, in this process (--torch-inproc)."""
    import torch
    import torch.nn.functional as F

    rng = np.random.default_rng(1)
    x, w, b = (torch.from_numpy(rng.standard_normal(s).astype(np.float32)).requires_grad_()
               for s in ((n, c, h, h), (f, c, k, k), (f,)))
    o = h - k + 1
    dout = torch.from_numpy(rng.standard_normal((n, f, o, o)).astype(np.float32))
    y = torch.from_numpy(rng.standard_normal((n, f, o, o)).astype(np.float32)).requires_grad_()
    dp = torch.from_numpy(rng.standard_normal((n, f, o // 2, o // 2)).astype(np.float32))

    def fwd():
        with torch.no_grad():
            F.conv2d(x, w, b)

    def fwd_bwd():
        x.grad = w.grad = b.grad = None
        F.conv2d(x, w, b).backward(dout)

    def pool():
        y.grad = None
        F.max_pool2d(y, 2).backward(dp)

    return {"fwd_ms": median_ms(fwd, repeat, clock), "fwd_bwd_ms": median_ms(fwd_bwd, repeat, clock),
            "pool_fwd_bwd_ms": median_ms(pool, repeat, clock)}


def forward_flops(n, c, f, h, k):
    o = h - k + 1
    return 2 * n * f * c * k * k * o * o


# --- numpy reference: windows as a strided view, contraction by tensordot (BLAS) -----------

def np_conv_forward(x, w, b):
    k = w.shape[2]
    win = np.lib.stride_tricks.sliding_window_view(x, (k, k), axis=(2, 3))    # (N, C, OH, OW, k, k)
    out = np.tensordot(win, w, axes=([1, 4, 5], [1, 2, 3]))                  # (N, OH, OW, F)
    return np.ascontiguousarray(out.transpose(0, 3, 1, 2)) + b[None, :, None, None]


def np_conv_backward(dout, x, w):
    k = w.shape[2]
    win = np.lib.stride_tricks.sliding_window_view(x, (k, k), axis=(2, 3))
    dw = np.tensordot(dout, win, axes=([0, 2, 3], [0, 2, 3]))                # (F, C, k, k)
    # dx is the full correlation of dout with the flipped kernel
    dpad = np.pad(dout, ((0, 0), (0, 0), (k - 1, k - 1), (k - 1, k - 1)))
    dwin = np.lib.stride_tricks.sliding_window_view(dpad, (k, k), axis=(2, 3))  # (N, F, H, W, k, k)
    dx = np.tensordot(dwin, w[:, :, ::-1, ::-1], axes=([1, 4, 5], [0, 2, 3]))  # (N, H, W, C)
    return np.ascontiguousarray(dx.transpose(0, 3, 1, 2)), dw, dout.sum(axis=(0, 2, 3))


def np_maxpool2_forward_backward(x, dout):
    n, c, h, w = x.shape
    blocks = x.reshape(n, c, h // 2, 2, w // 2, 2)
    out = blocks.max(axis=(3, 5))
    mask = blocks == out[:, :, :, None, :, None]          # random data: no ties
    return out, (mask * dout[:, :, :, None, :, None]).reshape(x.shape)


# --- one worker: every measurement once, under the thread settings it was started with ------

def worker(repeat, torch_inproc=False, cpu_clock=False):
    import numba

    from lessonlib.kernels.conv import conv2d_backward, conv2d_forward
    from lessonlib.kernels.pooling import maxpool2d_backward, maxpool2d_forward

    rng = np.random.default_rng(0)
    result = {"numba_threads": numba.get_num_threads(), "cases": {}}
    if torch_inproc:
        import torch
        torch.set_num_threads(numba.get_num_threads())
        result["torch_cases"] = {}
    # one thread: the calling thread's CPU time is what the work cost, whatever else the machine runs
    clock = time.thread_time if cpu_clock and numba.get_num_threads() == 1 else time.perf_counter
    for n, c, f, h, k in CASES:
        x = rng.standard_normal((n, c, h, h)).astype(np.float32)
        w = rng.standard_normal((f, c, k, k)).astype(np.float32)
        b = rng.standard_normal(f).astype(np.float32)
        out, cache = conv2d_forward(x, w, b)
        dout = rng.standard_normal(out.shape).astype(np.float32)
        # the two implementations must compute the same thing before their times mean anything
        ref_dx, ref_dw, _ = np_conv_backward(dout, x, w)
        dx, dw, _ = conv2d_backward(dout, cache)
        scale = np.abs(ref_dw).max()
        assert np.allclose(out, np_conv_forward(x, w, b), rtol=1e-4, atol=1e-3)
        assert np.allclose(dx, ref_dx, rtol=1e-4, atol=1e-3) and np.allclose(dw, ref_dw, atol=1e-5 * scale)

        def ours_fb():
            o, ca = conv2d_forward(x, w, b)
            conv2d_backward(dout, ca)

        def numpy_fb():
            np_conv_forward(x, w, b)
            np_conv_backward(dout, x, w)

        pooled, pcache = maxpool2d_forward(out, 2)
        dpool = rng.standard_normal(pooled.shape).astype(np.float32)
        assert np.array_equal(pooled, np_maxpool2_forward_backward(out, dpool)[0])

        def ours_pool():
            p, pc = maxpool2d_forward(out, 2)
            maxpool2d_backward(dpool, pc)

        result["cases"][f"{n},{c},{f},{h},{k}"] = {
            "fwd_ms": median_ms(lambda: conv2d_forward(x, w, b), repeat, clock),
            "bwd_ms": median_ms(lambda: conv2d_backward(dout, cache), repeat, clock),
            "fwd_bwd_ms": median_ms(ours_fb, repeat, clock),
            "np_fwd_ms": median_ms(lambda: np_conv_forward(x, w, b), repeat, clock),
            "np_fwd_bwd_ms": median_ms(numpy_fb, repeat, clock),
            "pool_fwd_bwd_ms": median_ms(ours_pool, repeat, clock),
            "np_pool_fwd_bwd_ms": median_ms(lambda: np_maxpool2_forward_backward(out, dpool), repeat, clock),
        }
        if torch_inproc:
            result["torch_cases"][f"{n},{c},{f},{h},{k}"] = torch_times(n, c, f, h, k, repeat, clock)
    # a slider redraw: one 28x28 image, one 3x3 kernel, float64 as the lessons use it
    x1, w1 = rng.standard_normal((1, 1, 28, 28)), rng.standard_normal((1, 1, 3, 3))
    result["single_ms"] = median_ms(lambda: conv2d_forward(x1, w1), 20 * repeat)
    return result


def run_worker(numba_threads, blas_threads, repeat, root=ROOT, extra=()):
    env = dict(os.environ, NUMBA_NUM_THREADS=str(numba_threads), OPENBLAS_NUM_THREADS=str(blas_threads),
               OMP_NUM_THREADS=str(blas_threads), PYTHONPATH=str(root))
    proc = subprocess.run([sys.executable, __file__, "--worker", "--repeat", str(repeat), *extra],
                          env=env, capture_output=True, text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def run_torch(cmd, threads, repeat):
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "torch.json"
        subprocess.run(cmd.split() + [str(out), str(repeat), str(threads)], check=True, capture_output=True)
        return json.loads(out.read_text())


def first_call_seconds(root=ROOT, runs=5):
    """A NEW process with the Numba cache already written: import time and first conv2d_forward."""
    env = dict(os.environ, PYTHONPATH=str(root))
    subprocess.run([sys.executable, "-c", FIRST_CALL], env=env, check=True, capture_output=True)  # fill the cache
    imports, calls, walls = [], [], []
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, "-c", FIRST_CALL], env=env, check=True, capture_output=True, text=True)
        walls.append(time.perf_counter() - start)
        imp, call = map(float, proc.stdout.split())
        imports.append(imp)
        calls.append(call)
    return statistics.median(imports), statistics.median(calls), statistics.median(walls)


def aggregate(rounds):
    """Median over rounds of each per-round median, and (key "best_...") the best round:
    what a quiet machine gives when other people's jobs hit some rounds but not all."""
    keys = rounds[0]["cases"].keys()
    cases = {key: {m: statistics.median(r["cases"][key][m] for r in rounds) for m in rounds[0]["cases"][key]}
             for key in keys}
    for key in keys:
        for m in list(cases[key]):
            if not m.startswith("best_"):
                cases[key]["best_" + m] = min(r["cases"][key][m] for r in rounds)
    merged = {"cases": cases}
    if "single_ms" in rounds[0]:
        merged["single_ms"] = statistics.median(r["single_ms"] for r in rounds)
    return merged


def report(results, torch):
    print("\nconv2d forward+backward, float32, padding 0, stride 1; ms = median over rounds; GF/s on fwd+bwd "
          "(3x forward flops);\n'best' = the best round's median (both sides), an estimate for a quiet machine")
    header = (f"{'case N,C->F,HxW,k':<22}{'setting':<14}{'fwd':>7}{'bwd':>7}{'f+b':>8}{'GF/s':>6}"
              f"{'numpy f+b':>11}{'numpy/ours':>11}{'torch f+b':>10}{'ours/torch':>11}"
              f"{'best: ours':>11}{'torch':>7}{'ratio':>7}")
    print(header)
    for key in CASES:
        ckey = ",".join(map(str, key))
        n, c, f, h, k = key
        label = f"{n},{c}->{f},{h}x{h},{k}"
        for name, res in results.items():
            r = res["cases"][ckey]
            t = torch.get(name, {}).get("cases", {}).get(ckey)
            gfs = 3 * forward_flops(*key) / (r["fwd_bwd_ms"] * 1e6)
            torch_cols = (f"{t['fwd_bwd_ms']:>10.2f}{r['fwd_bwd_ms'] / t['fwd_bwd_ms']:>11.2f}"
                          f"{r['best_fwd_bwd_ms']:>11.2f}{t['best_fwd_bwd_ms']:>7.2f}"
                          f"{r['best_fwd_bwd_ms'] / t['best_fwd_bwd_ms']:>7.2f}" if t else "")
            print(f"{label:<22}{name:<14}{r['fwd_ms']:>7.2f}{r['bwd_ms']:>7.2f}{r['fwd_bwd_ms']:>8.2f}{gfs:>6.0f}"
                  f"{r['np_fwd_bwd_ms']:>11.2f}{r['np_fwd_bwd_ms'] / r['fwd_bwd_ms']:>11.2f}{torch_cols}")
    print("\nmax-pool 2x2 forward+backward on those conv outputs (ms)")
    print(f"{'conv output':<22}{'setting':<14}{'ours':>7}{'numpy':>8}{'numpy/ours':>11}{'torch':>8}{'ours/torch':>11}")
    for key in CASES:
        ckey = ",".join(map(str, key))
        n, c, f, h, k = key
        label = f"{n}x{f}x{h - k + 1}x{h - k + 1}"
        for name, res in results.items():
            r = res["cases"][ckey]
            t = torch.get(name, {}).get("cases", {}).get(ckey)
            torch_cols = f"{t['pool_fwd_bwd_ms']:>8.2f}{r['pool_fwd_bwd_ms'] / t['pool_fwd_bwd_ms']:>11.2f}" if t else ""
            print(f"{label:<22}{name:<14}{r['pool_fwd_bwd_ms']:>7.2f}{r['np_pool_fwd_bwd_ms']:>8.2f}"
                  f"{r['np_pool_fwd_bwd_ms'] / r['pool_fwd_bwd_ms']:>11.2f}{torch_cols}")
    print("\nslider redraw, conv2d_forward of one 1x1x28x28 float64 image with a 3x3 kernel:")
    for name, res in results.items():
        t = torch.get(name, {}).get("single_ms")
        print(f"  {name:<14}{res['single_ms']:.4f} ms" + (f"   (torch {t:.4f} ms)" if t else ""))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=30, help="calls per median")
    parser.add_argument("--rounds", type=int, default=3, help="fresh worker processes per setting, in rotation")
    parser.add_argument("--compare-threads", action="store_true",
                        help="run Numba+BLAS at 2 threads and at 1 thread (else: the current environment)")
    parser.add_argument("--torch-cmd", default=None, help="command of an external PyTorch timing script")
    parser.add_argument("--json", default=None, help="also write all results to this file")
    parser.add_argument("--lessonlib-root", default=str(ROOT),
                        help="folder holding the lessonlib to time (e.g. an old checkout, for before/after)")
    parser.add_argument("--torch-inproc", action="store_true",
                        help="time PyTorch inside each worker, right after lessonlib (run this script with a "
                             "python that has torch, e.g. a throwaway venv with --system-site-packages)")
    parser.add_argument("--cpu-clock", action="store_true",
                        help="one-thread settings: time with the thread's CPU time instead of the wall clock "
                             "(a loaded machine then delays but does not inflate a call)")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.repeat, args.torch_inproc, args.cpu_clock)))
        return
    extra = [flag for flag, on in (("--torch-inproc", args.torch_inproc), ("--cpu-clock", args.cpu_clock)) if on]

    settings = SETTINGS if args.compare_threads else {
        "current": (os.environ.get("NUMBA_NUM_THREADS", os.cpu_count()), os.environ.get("OPENBLAS_NUM_THREADS", os.cpu_count()))}
    rounds = {name: [] for name in settings}
    torch_rounds = {name: [] for name in settings}
    for i in range(args.rounds):
        for name, (nb, blas) in settings.items():
            print(f"round {i + 1}/{args.rounds}: {name} ...", file=sys.stderr, flush=True)
            rounds[name].append(run_worker(nb, blas, args.repeat, args.lessonlib_root, extra))
            if args.torch_inproc:
                torch_rounds[name].append({"cases": rounds[name][-1]["torch_cases"]})
            elif args.torch_cmd:
                torch_rounds[name].append(run_torch(args.torch_cmd, nb, args.repeat))
    results = {name: aggregate(r) for name, r in rounds.items()}
    torch = {name: aggregate(r) for name, r in torch_rounds.items() if r}
    print(f"{os.cpu_count()} CPUs, {time.strftime('%Y-%m-%d %H:%M')}, load average {os.getloadavg()[0]:.1f} at the end, "
          f"{args.rounds} rounds x {args.repeat} calls" + (", 1-thread times in thread CPU time" if args.cpu_clock else ""))
    report(results, torch)
    imp, call, wall = first_call_seconds(args.lessonlib_root)
    print(f"\nnew process, Numba cache warm: import lessonlib {imp:.2f} s, first conv2d_forward {call * 1e3:.1f} ms, "
          f"whole `python -c` {wall:.2f} s")
    if args.json:
        Path(args.json).write_text(json.dumps({"ours": results, "torch": torch,
                                               "first_call": {"import_s": imp, "call_s": call, "process_s": wall}},
                                              indent=1))


if __name__ == "__main__":
    main()
