"""Run small single-image kernels on one Numba thread.

conv2d_forward parallelises over the batch; for one image there is nothing to share, and on a
busy two-core machine waking the second thread can cost several milliseconds per call — more
than the convolution itself. Slider callbacks that call the kernels many times use this.
"""
from contextlib import contextmanager

import numba


@contextmanager
def one_numba_thread():
    before = numba.get_num_threads()
    numba.set_num_threads(1)
    try:
        yield
    finally:
        numba.set_num_threads(before)
