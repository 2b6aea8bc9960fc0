"""Lesson 11 (notebooks/11_dilation_receptive_field.ipynb): dilation and the receptive field, in closed form and by backpropagation (slides "Dilatation", "Receptive Field", figure 9.4)."""
