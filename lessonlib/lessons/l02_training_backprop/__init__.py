"""Lesson 2, `02_training_backprop.ipynb`: the loss, backpropagation, the learning rate (slides "Artificial Neural Networks: training" and "Backpropagation")."""
