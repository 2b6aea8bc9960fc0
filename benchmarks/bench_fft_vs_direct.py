"""Direct (lessonlib.conv2d_forward), FFT and separable convolution of one image with one k×k filter, one thread.

    python benchmarks/bench_fft_vs_direct.py [image_size ...]

Prints, per image size, the milliseconds of each method for growing k, the ratios to the direct
convolution, and the smallest k from which the FFT stays faster (lesson 18's question).
"""
from __future__ import annotations

import sys


from lessonlib.lessons.l18_efficient_convolution.compute import time_fft_vs_direct  # noqa: E402

KERNEL_SIZES = (3, 5, 7, 9, 11, 15, 21, 31)


def main(sizes):
    for size in sizes:
        t = time_fft_vs_direct(image_size=size, kernel_sizes=KERNEL_SIZES, repeat=7)
        print(f"image {size}×{size} (BLAS held to one thread: {t.single_thread})")
        print("   k   direct ms      FFT ms  separable ms   FFT/direct  separable/direct")
        for k, d, f, s in zip(t.kernel_sizes, t.direct, t.fft, t.separable):
            print(f"  {k:2d}  {1e3 * d:10.3f}  {1e3 * f:10.3f}  {1e3 * s:12.3f}  {f / d:11.2f}  {s / d:16.2f}")
        print(f"  FFT faster than direct from k = {t.fft_faster_from()}\n")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [64, 128])
