"""_single_thread: one Numba thread inside the block, the previous count restored after, also on errors."""
import numba
import pytest

from lessonlib._single_thread import one_numba_thread


def test_restores_thread_count_even_after_an_error():
    before = numba.get_num_threads()
    with one_numba_thread():
        assert numba.get_num_threads() == 1
    assert numba.get_num_threads() == before
    with pytest.raises(RuntimeError):
        with one_numba_thread():
            raise RuntimeError("boom")
    assert numba.get_num_threads() == before
