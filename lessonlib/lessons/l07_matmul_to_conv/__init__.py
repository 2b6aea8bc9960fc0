"""Lesson 7 (`07_matmul_to_conv.ipynb`, slide "CNN: replace matrix multiplication with convolution"): a layer as a dense or a banded Toeplitz matrix, and im2col."""
