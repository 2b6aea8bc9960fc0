"""The computational graph of a two-layer MLP with a squared-error loss, as data.

    x ──┐
    W1 ─┼─► z1 = W1 x + b1 ─► a1 = σ(z1) ──┐
    b1 ─┘                          W2 ─────┼─► z2 = W2 a1 + b2 ─► L = (z2 − y)²
                                   b2 ─────┘                   y ─┘

Each node names its inputs, its forward rule and its backward rule (what it sends to each
input, given the gradient ∂L/∂node that arrives from above). Lesson 2 computes the numbers
by hand in this order and draws the graph with them.
"""
from __future__ import annotations

from typing import NamedTuple


class Node(NamedTuple):
    name: str
    kind: str            # "input" (data), "param" (learned), "op" (computed), "loss"
    inputs: tuple
    forward: str         # LaTeX, without $ signs
    backward: str        # LaTeX: the gradients this node passes to its inputs


TWO_LAYER_MLP = (
    Node("x", "input", (), "x", ""),
    Node("W1", "param", (), "W_1", ""),
    Node("b1", "param", (), "b_1", ""),
    Node("z1", "op", ("x", "W1", "b1"), r"z_1 = W_1 x + b_1",
         r"\partial L/\partial W_1 = \delta_1 x^\top,\ \partial L/\partial b_1 = \delta_1"),
    Node("a1", "op", ("z1",), r"a_1 = \sigma(z_1)",
         r"\delta_1 = \partial L/\partial z_1 = \partial L/\partial a_1 \odot \sigma(z_1)(1 - \sigma(z_1))"),
    Node("W2", "param", (), "W_2", ""),
    Node("b2", "param", (), "b_2", ""),
    Node("z2", "op", ("a1", "W2", "b2"), r"z_2 = W_2 a_1 + b_2",
         r"\partial L/\partial W_2 = \delta_2 a_1^\top,\ \partial L/\partial b_2 = \delta_2,\ "
         r"\partial L/\partial a_1 = W_2^\top \delta_2"),
    Node("y", "input", (), "y", ""),
    Node("L", "loss", ("z2", "y"), r"L = (z_2 - y)^2", r"\delta_2 = \partial L/\partial z_2 = 2 (z_2 - y)"),
)


def check_graph(nodes) -> dict:
    """{name: Node}, after checking names are unique and every input is defined before use."""
    seen = {}
    for node in nodes:
        if node.name in seen:
            raise ValueError(f"node {node.name!r} is defined twice")
        missing = [i for i in node.inputs if i not in seen]
        if missing:
            raise ValueError(f"node {node.name!r} uses {missing} before they are defined")
        seen[node.name] = node
    return seen


def depths(nodes) -> dict:
    """{name: length of the longest path from a source}: the column a drawing puts the node in."""
    by_name = check_graph(nodes)
    depth = {}
    for node in nodes:
        depth[node.name] = 1 + max((depth[i] for i in node.inputs), default=-1)
    # parameters and data sit one column before the node that uses them
    for node in nodes:
        if not node.inputs:
            users = [n for n in nodes if node.name in n.inputs]
            depth[node.name] = min(depth[u.name] for u in users) - 1 if users else 0
    return {name: depth[name] for name in by_name}


def backward_order(nodes) -> list[str]:
    """Names of the computed nodes from the loss back to the first layer: the order of backprop."""
    check_graph(nodes)
    return [n.name for n in reversed(nodes) if n.inputs]
