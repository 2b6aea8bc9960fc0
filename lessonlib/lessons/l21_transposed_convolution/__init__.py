"""Lesson 21 (`21_transposed_convolution.ipynb`): transposed convolution seen three ways (the matrix Cᵀ,
zero insertion then a convolution, stamping), tied to the convolution it undoes; checkerboard artefacts."""
