"""Thread limits for small work on a small machine.

Numba's parallel loops and OpenBLAS each keep a pool of threads that spin while waiting. On a
machine shared with other work (2 cores here) the two pools fight, and for one image (a slider
redraw) a second thread only adds wake-up time. `limit_threads(1)` runs a block on one thread
of each and restores both afterwards, also on errors.
"""
from __future__ import annotations

import functools

_BLAS_SYMBOLS = ("scipy_openblas_set_num_threads64_", "scipy_openblas_set_num_threads",
                 "openblas_set_num_threads64_", "openblas_set_num_threads")


@functools.lru_cache(maxsize=1)
def _openblas():
    """(set_num_threads, get_num_threads) of the OpenBLAS numpy loaded, or None if not found.
    Looked up once: reading /proc/self/maps costs milliseconds."""
    import ctypes

    try:
        with open("/proc/self/maps") as maps:
            paths = sorted({line.split()[-1] for line in maps if "openblas" in line.lower() and "/" in line})
    except OSError:          # not Linux: leave BLAS alone
        return None
    for path in paths:
        lib = ctypes.CDLL(path)
        for name in _BLAS_SYMBOLS:
            if hasattr(lib, name):
                getter = getattr(lib, name.replace("set_", "get_"))
                getter.restype = ctypes.c_int
                return getattr(lib, name), getter
    return None


class limit_threads:
    """Run a block with at most n Numba threads and n OpenBLAS threads, then restore both.

    Why: Numba's parallel loops and OpenBLAS each keep a pool of threads that spin while
    waiting. On a small machine shared with other work (2 cores here) the two pools fight;
    measured for the lesson's CNN: 1 + 1 threads trains at ~3,500 images/s where the default
    2 + 2 gave 100-1,200. Work on one image at a time (a slider redraw) never gains from threads.
    `blas_limited` says whether OpenBLAS could be reached (else only Numba is limited).
    """

    def __init__(self, n=1):
        if not isinstance(n, int) or n < 1:
            raise ValueError(f"n must be a positive int (threads), got {n!r}")
        self.n = n
        self.blas_limited = False

    def __enter__(self):
        import numba

        self._numba = numba.get_num_threads()
        numba.set_num_threads(min(self.n, numba.config.NUMBA_NUM_THREADS))
        blas = _openblas()
        if blas is not None:
            self._blas_set, getter = blas
            self._blas = getter()
            self._blas_set(min(self.n, self._blas))
            self.blas_limited = True
        return self

    def __exit__(self, *exc):
        import numba

        numba.set_num_threads(self._numba)
        if self.blas_limited:
            self._blas_set(self._blas)
        return False
