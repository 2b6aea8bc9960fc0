"""A small neural-network toolkit over the kernels: layers, losses, optimisers, training."""
from .functional import (DenseCache, dense_backward, dense_forward, mse_loss, softmax,
                         softmax_cross_entropy)
from .gradcheck import numerical_gradient, relative_error
from .layers import (LRN, Activation, AdaptiveAvgPool2D, AdaptiveMaxPool2D, AvgPool2D, Conv2D, Dense, Flatten,
                     GlobalAvgPool2D, Layer, MaxPool2D)
from .model import LayerRow, Sequential
from .optim import SGD, Adam
from .preprocess import Standardiser, train_test_split, unstandardise
from .train import History, accuracy, evaluate, fit
from .classification import (Classifier, Split, confusion_matrix, flatten_images, misclassified, mlp,
                             stratified_split, train_classifier)
