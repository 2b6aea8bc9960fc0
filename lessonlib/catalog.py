"""The list of lessons: one source for notebook 00's table and the README's."""
from __future__ import annotations

from pathlib import Path
from typing import NamedTuple


class Lesson(NamedTuple):
    notebook: str
    slide_topic: str
    summary: str


LESSONS = (
    Lesson("00_start_here.ipynb", "—", "How the course works, a check that the kernels run, this list."),
    Lesson("01_mlp_representation.ipynb", "MLP; Neural Networks: Representation Learning",
           "Hidden units as a learned feature map; decision regions on 2-D data."),
    Lesson("02_training_backprop.ipynb", "Artificial Neural Networks: training; Backpropagation",
           "A 2-layer MLP forward and backward by hand, checked by finite differences; learning rate."),
    Lesson("03_regression_auto_mpg.ipynb", "Neural Net Example: Regression",
           "Predict mpg from cylinders, horsepower and weight; MLP vs least squares."),
    Lesson("04_classification_iris.ipynb", "Neural Net Example: Classification",
           "One score per class, softmax and cross-entropy on Iris; confusion matrix, decision regions."),
    Lesson("05_deep_mlp_universal_approximation.ipynb", "MLP: From Shallow to Deep; Universal Approximation Theorem",
           "More hidden units fit a 1-D function better; depth versus width at similar parameter counts."),
    Lesson("06_mlp_on_images.ipynb", "MLP and images; MNIST; Simple Approach: MLP",
           "784-500-10 on MNIST, its 397,510 parameters, and what a 224×224×3 image would cost."),
    Lesson("07_matmul_to_conv.ipynb", "CNN: replace matrix multiplication with convolution",
           "Convolution as a banded Toeplitz matrix and as im2col; same result three ways."),
    Lesson("08_conv_vs_crosscorrelation.ipynb", "2D Convolution (Cross-Correlation); Cross-Correlation vs Convolution",
           "Flipped and unflipped kernels on a photograph; when the two agree."),
    Lesson("09_conv_arithmetic_explorer.ipynb", "Convolutions (Demos 1–4); Stride; Size of Output of Convolutional Layer",
           "Sliders for size, kernel, padding, stride, dilation; the output-size formula live."),
    Lesson("10_multichannel_conv.ipynb", "Example 3D Convolution; Padding",
           "32×32×3 padded to 36×36×3, three 5×5×3 filters → 32×32×3; per-channel sums."),
    Lesson("11_dilation_receptive_field.ipynb", "Dilatation; Receptive Field (figure 9.4)",
           "Receptive fields in closed form and by backpropagation; dilation grows them exponentially."),
    Lesson("12_sparse_connectivity_sharing.ipynb", "Sparse connections; Parameter sharing (figures 9.2, 9.3, 9.5)",
           "Connection patterns of a width-3 kernel vs a dense layer; counts of connections and parameters."),
    Lesson("13_activation_functions.ipynb", "Activation Functions – Non Linearity",
           "Sigmoid, tanh, ReLU, softplus, leaky ReLU, ELU and their derivatives; saturation in deep stacks."),
    Lesson("14_feature_maps_lrn.ipynb", "Filters and Feature Maps; Local Feature Normalization",
           "Feature maps of a trained CNN and what local response normalisation does to them."),
    Lesson("15_pooling.ipynb", "Spatial Pooling; Max-Pooling; Backpropagation for pooling (figures 9.9, 9.10)",
           "Max and average pooling, switches, measured translation invariance, pooling over filters."),
    Lesson("16_variable_size_architectures.ipynb", "Fully-Connected Layer; figure 9.11",
           "Three architectures and which input sizes each accepts; fixed number of pools, global average pooling."),
    Lesson("17_alexnet_by_the_numbers.ipynb", "Real Example – AlexNet; AlexNet Architecture",
           "Units, weights and connections of AlexNet computed layer by layer, checked against the lecture's table."),
    Lesson("18_efficient_convolution.ipynb", "Efficient convolution",
           "Convolution by FFT equals direct convolution; where it wins; separable kernels by SVD."),
    Lesson("19_convolution_3d.ipynb", "Examples of CNN in 3D",
           "3-D kernels on a moving digit: motion detection, shapes and parameter counts."),
    Lesson("20_cnn_on_mnist.ipynb", "Architecture and Components; Fully Connected Layer",
           "A LeNet-style CNN trained with lessonlib's kernels; filters, feature maps, mistakes, invariance."),
    Lesson("21_transposed_convolution.ipynb", "Beyond the slides: transposed convolution",
           "Cᵀ, zero insertion and stamping give the same output; the convolution it reverses; checkerboard "
           "artefacts; decoder shapes."),
)

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


def markdown_table(lessons=LESSONS, link_prefix="notebooks/") -> str:
    """The lesson table as Markdown: link_prefix "notebooks/" for the README, "" inside notebooks/."""
    rows = ["| lesson | slide topic | what you do |", "| --- | --- | --- |"]
    rows += [f"| [{l.notebook}]({link_prefix}{l.notebook}) | {l.slide_topic} | {l.summary} |" for l in lessons]
    return "\n".join(rows)
