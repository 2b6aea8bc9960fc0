"""Lesson 1, `01_mlp_representation.ipynb`: the MLP learns a representation (slides "MLP" and "Neural Networks: Representation Learning")."""
