"""Input checks shared by every public function.

Everything here runs in plain Python *before* a jitted kernel is entered, so that
a student who passes a wrong shape reads one sentence that names the parameter and
the rule, never a Numba typing traceback.
"""
from __future__ import annotations

import numbers

import numpy as np

FLOAT_DTYPES = (np.float32, np.float64)


def as_tuple(value, n: int, name: str, *, minimum: int) -> tuple[int, ...]:
    """An int or a length-n sequence of ints -> tuple of n ints, each >= minimum."""
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        values = (int(value),) * n
    else:
        try:
            values = tuple(value)
        except TypeError:
            raise TypeError(f"{name} must be an int or a sequence of {n} ints, got {value!r}") from None
        if len(values) != n or not all(
            isinstance(v, numbers.Integral) and not isinstance(v, bool) for v in values
        ):
            raise TypeError(f"{name} must be an int or a sequence of {n} ints, got {value!r}")
        values = tuple(int(v) for v in values)
    for v in values:
        if v < minimum:
            rule = "non-negative" if minimum == 0 else f">= {minimum}"
            raise ValueError(f"{name} must be {rule}, got {value!r}")
    return values


def float_array(a, name: str, ndim: int, layout: str) -> np.ndarray:
    """Check a float32/float64 array of the given ndim with finite values; return it C-contiguous."""
    if not isinstance(a, np.ndarray):
        raise TypeError(f"{name} must be a numpy array {layout}, got {type(a).__name__}")
    if a.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} dimensions {layout}, got shape {a.shape}")
    if a.dtype not in FLOAT_DTYPES:
        raise TypeError(
            f"{name} must be float32 or float64, got {a.dtype}; convert with {name}.astype(np.float32)"
        )
    if a.size and not np.isfinite(a).all():
        raise ValueError(f"{name} contains NaN or inf; the kernels need finite numbers")
    return np.ascontiguousarray(a)


def same_dtype(**arrays: np.ndarray) -> None:
    """All given arrays (None skipped) share one dtype, else TypeError naming them."""
    present = {k: v for k, v in arrays.items() if v is not None}
    dtypes = {v.dtype for v in present.values()}
    if len(dtypes) > 1:
        listing = ", ".join(f"{k} is {v.dtype}" for k, v in present.items())
        raise TypeError(f"mixed dtypes ({listing}): use one float dtype for all of them")


def positive_int(value, name: str) -> int:
    if not isinstance(value, numbers.Integral) or isinstance(value, bool) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)
