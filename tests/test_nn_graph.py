"""lessonlib.nn.graph: the two-layer MLP's computational graph as data."""
import pytest

from lessonlib.nn.graph import TWO_LAYER_MLP, Node, backward_order, check_graph, depths


def test_graph_is_well_formed_and_ends_in_the_loss():
    nodes = check_graph(TWO_LAYER_MLP)
    assert set(nodes) == {"x", "W1", "b1", "z1", "a1", "W2", "b2", "z2", "y", "L"}
    assert TWO_LAYER_MLP[-1].kind == "loss"
    assert {n.name for n in TWO_LAYER_MLP if n.kind == "param"} == {"W1", "b1", "W2", "b2"}
    # every computed node says how to pass the gradient back; data and parameters do not
    assert all(bool(n.backward) == bool(n.inputs) for n in TWO_LAYER_MLP)


def test_depths_put_parameters_just_before_their_user():
    d = depths(TWO_LAYER_MLP)
    assert [d[n] for n in ("z1", "a1", "z2", "L")] == [1, 2, 3, 4]
    assert d["x"] == d["W1"] == d["b1"] == 0
    assert d["W2"] == d["b2"] == 2 and d["y"] == 3


def test_backward_order_runs_from_the_loss_to_the_first_layer():
    assert backward_order(TWO_LAYER_MLP) == ["L", "z2", "a1", "z1"]


@pytest.mark.parametrize("nodes, match", [
    ((Node("a", "input", (), "a", ""), Node("a", "input", (), "a", "")), "defined twice"),
    ((Node("b", "op", ("a",), "b", "db"),), r"uses \['a'\] before"),
])
def test_malformed_graphs_are_refused(nodes, match):
    with pytest.raises(ValueError, match=match):
        check_graph(nodes)
