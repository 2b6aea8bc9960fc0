"""Trained models that ship with the lessons, and tools to look inside them.

lenet: the LeNet-style CNN of lesson 20 (weights in lenet_mnist.npz, History in lenet_mnist.json).
"""
from .inspect import (Box, LayerOutput, Mistakes, confident_mistakes, feature_maps, layer_names, predict_scores,
                      receptive_field_box, receptive_fields, rotation_accuracy, score_margin, shift_accuracy,
                      shift_response, unit_input_gradient)
from .lenet import Recipe, TrainingRecord, build_lenet, load_pretrained, load_training_record, train_lenet
from .transforms import random_shifts, rotate_images, shift_images
