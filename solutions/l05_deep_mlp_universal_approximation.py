"""Lesson 5's solution: the weights of the one-hidden-layer ReLU net joining the knots with straight lines."""
import numpy as np


def hinge_weights(knots, values):
    """knots: (n + 1,) increasing; values: (n + 1,). Returns (b_f (n,), theta_h (n,), b_h) of
    h(x) = b_h + sum_k theta_h[k] relu(x + b_f[k]) with h(knots[i]) = values[i], straight between knots."""
    slopes = np.diff(values) / np.diff(knots)              # slope of each of the n pieces
    b_f = -knots[:-1]                                      # unit k bends at knot k
    theta_h = np.diff(slopes, prepend=0.0)                 # the change of slope there (from 0 before x_0)
    b_h = values[0]                                        # left of every kink only b_h is left
    return b_f, theta_h, b_h
