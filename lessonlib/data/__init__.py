"""Loaders for the bundled, md5-checked data sets (see files/LICENSES.md)."""
from ._files import ChecksumError
from .mnist import Digits, MNISTSplit, bundled_split, load_mnist, load_mnist_full
from .photo import load_photo
from .tabular import AutoMPG, Iris, load_auto_mpg, load_iris
