"""lessonlib: the code behind the convolution lessons.

The core (each part may import only those before it): kernels -> arithmetic and the lecture's
maths (conv_matrix, correlation) -> nn -> data, models -> figures (drawing helpers, the widget
contract) -> exercises. Then one home per lesson in lessonlib.lessons, importing only the core.
The names below are the ones the lessons use most; the submodules hold the rest.
"""
from .arithmetic import (
    ReceptiveField,
    conv_connections,
    conv_output_shape,
    conv_output_size,
    conv_params,
    conv_transpose_output_size,
    dense_connections,
    dense_params,
    mlp_params,
    pool_output_size,
    receptive_field,
)
from .conv_matrix import conv1d_matrix, conv2d_matrix
from .correlation import convolve2d, correlate2d, flip_kernel
from .kernels import (
    ACTIVATIONS,
    AdaptivePoolCache,
    ConvCache,
    ConvTransposeCache,
    LRNCache,
    PoolCache,
    activation_backward,
    activation_forward,
    adaptive_avgpool2d_backward,
    adaptive_avgpool2d_forward,
    adaptive_maxpool2d_backward,
    adaptive_maxpool2d_forward,
    avgpool2d_backward,
    avgpool2d_forward,
    conv2d_backward,
    conv2d_forward,
    conv3d_backward,
    conv3d_forward,
    conv_transpose2d_backward,
    conv_transpose2d_forward,
    fft_conv2d,
    global_avgpool2d_backward,
    global_avgpool2d_forward,
    is_separable,
    lrn_backward,
    lrn_forward,
    maxpool2d_backward,
    maxpool2d_forward,
    separable_conv2d,
    separable_factors,
)
from .kernels.reference import (adaptive_pool_reference, conv_backward_reference, conv_forward_reference,
                                conv_transpose_backward_reference, conv_transpose_forward_reference, lrn_reference,
                                pool_forward_reference)

__version__ = "0.1.0"
