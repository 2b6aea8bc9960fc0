"""Lesson 6's solution: an MLP's parameter count from its layer sizes."""


def mlp_param_count(sizes):
    """sizes: (n_0, n_1, ..., n_L) units per layer, inputs first. Returns the number of weights
    and biases (an int): each layer from n_(l-1) to n_l has n_(l-1)·n_l weights and n_l biases."""
    total = 0
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        total += n_in * n_out + n_out
    return total
