"""Lesson 10 (`10_multichannel_conv.ipynb`, slides "Example 3D Convolution" and "Padding"): a 3-channel convolution as per-channel responses summed, plus a bias."""
