"""lessonlib: the code behind the convolution lessons.

Layers (each may import only those above it): kernels -> arithmetic and the lecture's maths
(conv_matrix, conv_geometry, architecture) -> nn -> data -> render -> widgets.
The names below are the ones the lessons use most; the submodules hold the rest.
"""
from .architecture import alexnet, analyse, compare, table
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
from .conv_geometry import backprop_footprint, dilated_stack, geometry
from .conv_matrix import (channel_responses, conv1d_matrix, conv2d_matrix, convolve2d, correlate2d,
                          edge_detection_costs, flip_kernel)
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
from .kernels.reference import (conv_backward_reference, conv_forward_reference, conv_transpose_backward_reference,
                                conv_transpose_forward_reference, pool_forward_reference)
from .kernels.reference_extra import adaptive_pool_reference, lrn_reference

__version__ = "0.1.0"
