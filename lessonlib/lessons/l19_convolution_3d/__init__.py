"""Lesson 19 (`19_convolution_3d.ipynb`): convolution in 3-D, time as an axis of the input volume."""
