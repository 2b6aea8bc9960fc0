"""A small neural-network toolkit over the kernels: layers, losses, optimisers, training."""
from .functional import (DenseCache, dense_backward, dense_forward, mse_loss, softmax,
                         softmax_cross_entropy)
from .gradcheck import numerical_gradient, relative_error
from .layers import Activation, AvgPool2D, Conv2D, Dense, Flatten, Layer, MaxPool2D
from .layers_extra import LRN, AdaptiveAvgPool2D, AdaptiveMaxPool2D, GlobalAvgPool2D
from .model import LayerRow, Sequential
from .optim import SGD, Adam
from .train import History, accuracy, evaluate, fit
from .classification import mlp, train_classifier
