"""Where the bundled files are, and the md5 check every loader runs."""
from __future__ import annotations

import hashlib
from pathlib import Path

FILES = Path(__file__).parent / "files"

MD5 = {
    "auto-mpg.data": "b858f4580d0066c48e260dd3b96f1ed8",
    "iris.data": "42615765a885ddf54427f12c34a0a070",
    "t10k-images-idx3-ubyte.gz": "9fb629c4189551a2d022fa330f9573f3",
    "t10k-labels-idx1-ubyte.gz": "ec29112dd5afa0611ce80d1b7f02629c",
    "train-images-idx3-ubyte.gz": "f68b3c2dcbeaaa9fbdd348bbdeb94873",
    "train-labels-idx1-ubyte.gz": "d53e105ee54ea40749a09fcbcd1e9432",
}


class ChecksumError(ValueError):
    """A data file is not the published one (damaged, truncated or replaced)."""


def md5_of(path: Path) -> str:
    h = hashlib.md5()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def how_to_restore(path: Path) -> str:
    """What a user can do about a damaged file: the bundled ones come with the project, the rest are downloads."""
    path = Path(path)
    if path.parent.resolve() == FILES.resolve():
        return (
            "Restore it from the project's repository: from the project folder run "
            f"`git checkout -- lessonlib/data/files/{path.name}` (or download the project again); "
            "if lessonlib was installed as a copy (without -e), reinstall it from the project folder "
            "with `pip install --force-reinstall --no-deps .`"
        )
    return ("Delete it; load_mnist_full deletes a damaged download itself and downloads and checks it "
            "again (from the next mirror, else the next time it is called)")


def verified(path: Path) -> Path:
    """Return path after checking its md5 against the published one; ChecksumError otherwise."""
    path = Path(path)
    expected = MD5[path.name]
    got = md5_of(path)
    if got != expected:
        raise ChecksumError(
            f"{path} has md5 {got}, but the published file has {expected}: "
            f"the file is damaged or not the original. {how_to_restore(path)}"
        )
    return path
