"""Numba kernels (fast) and their readable references (`reference`)."""
from .activations import ACTIVATIONS, activation_backward, activation_forward
from .adaptive_pool import (AdaptivePoolCache, adaptive_avgpool2d_backward, adaptive_avgpool2d_forward,
                            adaptive_maxpool2d_backward, adaptive_maxpool2d_forward, adaptive_windows,
                            global_avgpool2d_backward, global_avgpool2d_forward)
from .conv import ConvCache, conv2d_backward, conv2d_forward, conv3d_backward, conv3d_forward
from .conv_transpose import ConvTransposeCache, conv_transpose2d_backward, conv_transpose2d_forward
from .fft_conv import fft_conv2d, gaussian_1d, is_separable, separable_conv2d, separable_factors
from .lrn import LRNCache, lrn_backward, lrn_forward
from .pooling import PoolCache, avgpool2d_backward, avgpool2d_forward, maxpool2d_backward, maxpool2d_forward
