"""Numba kernels (fast) and their readable references (`reference`)."""
from .activations import ACTIVATIONS, activation_backward, activation_forward
from .conv import ConvCache, conv2d_backward, conv2d_forward, conv3d_backward, conv3d_forward
from .pooling import PoolCache, avgpool2d_backward, avgpool2d_forward, maxpool2d_backward, maxpool2d_forward
