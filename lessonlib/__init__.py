"""lessonlib: the code behind the convolution lessons.

Layers (each may import only those above it): kernels -> arithmetic -> nn -> data ->
render -> widgets. The names below are the ones the lessons use.
"""
from .arithmetic import (
    ReceptiveField,
    conv_connections,
    conv_output_shape,
    conv_output_size,
    conv_params,
    dense_connections,
    dense_params,
    mlp_params,
    pool_output_size,
    receptive_field,
)
from .kernels import (
    ACTIVATIONS,
    ConvCache,
    PoolCache,
    activation_backward,
    activation_forward,
    avgpool2d_backward,
    avgpool2d_forward,
    conv2d_backward,
    conv2d_forward,
    conv3d_backward,
    conv3d_forward,
    maxpool2d_backward,
    maxpool2d_forward,
)
from .kernels.reference import conv_backward_reference, conv_forward_reference, pool_forward_reference

__version__ = "0.1.0"
