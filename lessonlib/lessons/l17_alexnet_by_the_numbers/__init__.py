"""Lesson 17 (`17_alexnet_by_the_numbers.ipynb`, slides "Real Example – AlexNet", "AlexNet Architecture"): AlexNet's units, weights and connections, layer by layer, against the lecture's table."""
