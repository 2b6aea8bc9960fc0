"""Lesson 5 (`05_deep_mlp_universal_approximation.ipynb`, slide "MLP: From Shallow to Deep; Universal Approximation Theorem"): fitting a 1-D function with wider and deeper MLPs."""
