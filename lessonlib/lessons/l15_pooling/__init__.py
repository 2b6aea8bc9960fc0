"""Lesson 15 (`15_pooling.ipynb`): max and average pooling, switches, and invariance (figures 9.9 and 9.10)."""
