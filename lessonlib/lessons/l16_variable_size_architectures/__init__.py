"""Lesson 16 (`16_variable_size_architectures.ipynb`, slide "Fully-Connected Layer", Goodfellow et al. figure 9.11): which input sizes three classification architectures accept."""
