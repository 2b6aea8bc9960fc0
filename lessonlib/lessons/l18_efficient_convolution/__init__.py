"""Lesson 18 (`18_efficient_convolution.ipynb`): convolution by FFT and by separable kernels, and what each costs."""
