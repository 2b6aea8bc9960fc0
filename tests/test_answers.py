"""The short questions' check: prints right / wrong / not answered yet, never raises."""
import pytest

from lessonlib.answers import check


@pytest.mark.parametrize("answer, expected, printed, result", [
    (None, 0.5, "not answered yet — the answer is computed as 1/2", None),
    (0.5001, 0.5, "right", True),
    (0.6, 0.5, "wrong", False),
    ((2, 4), (2, 4), "right", True),
    ((4, 2), (2, 4), "wrong", False),
    ("Max", "max", "right", True),
    ("oops", 3, "wrong", False),
    (True, True, "right", True),
    (1, True, "wrong", False),
])
def test_check_prints_and_never_raises(capsys, answer, expected, printed, result):
    assert check(answer, expected, "1/2") is result
    assert capsys.readouterr().out.startswith(printed)
