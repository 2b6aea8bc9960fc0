"""The trained networks that ship with the lessons, and the tools to look inside any Sequential CNN.

small_cnn:        the small CNN of lessons 14-15 (weights in small_cnn_mnist.npz; its stages in STAGES).
lenet:            the LeNet-style CNN of lesson 20 (weights in lenet_mnist.npz, History in lenet_mnist.json).
inputs:           to_input, digits -> network input (one rule for every model).
inspect:          every layer's output under a readable name.
receptive_fields: the closed-form receptive field of every layer, one unit's input box and input gradient.
transforms:       shifts and rotations of digit batches (augmentation, and invariance measurements).
"""
from .inputs import to_input
from .inspect import LayerOutput, feature_maps, layer_names
from .lenet import Recipe, TrainingRecord, build_lenet, load_pretrained, load_training_record, train_lenet
from .receptive_fields import (Box, receptive_field_box, receptive_fields, spatial_layers, unit_box,
                               unit_input_gradient)
from .small_cnn import STAGES, build_small_cnn, load_small_cnn
from .transforms import random_shifts, rotate_images, shift_images
