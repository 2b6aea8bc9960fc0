"""Lesson 8 (`08_conv_vs_crosscorrelation.ipynb`, slides "2D Convolution (Cross-Correlation)" and "Cross-Correlation vs Convolution"): the flipped kernel and what it does to a photo."""
