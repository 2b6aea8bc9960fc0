"""Lesson 13 (`13_activation_functions.ipynb`): activation functions and their gradients through depth."""
