"""Lesson 4 (`04_classification_iris.ipynb`, slide "Neural Net Example: Classification"): one score per class on Iris, softmax, the confusion matrix and decision regions."""
