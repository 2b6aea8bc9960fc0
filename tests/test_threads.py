"""limit_threads: at most n Numba threads inside the block, both pools restored after, also on errors."""
import numba
import pytest

from lessonlib.threads import limit_threads


def test_limits_and_restores_numba_threads_even_after_an_error():
    before = numba.get_num_threads()
    with limit_threads(1) as limits:
        assert numba.get_num_threads() == 1
        assert isinstance(limits.blas_limited, bool)
    assert numba.get_num_threads() == before
    with pytest.raises(RuntimeError):
        with limit_threads(1):
            raise RuntimeError("boom")
    assert numba.get_num_threads() == before


@pytest.mark.parametrize("n", [0, -1, 1.5])
def test_rejects_bad_counts(n):
    with pytest.raises(ValueError, match="n must be a positive int"):
        limit_threads(n)
