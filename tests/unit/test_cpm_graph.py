"""Topological order and cycle finding on integer graphs."""

from __future__ import annotations

import numpy as np

from pmtools.cpm.graph import find_cycles, topological_order


def arr(*values):
    return np.array(values, dtype=np.int64)


def test_order_of_a_diamond():
    order = topological_order(4, arr(0, 0, 1, 2), arr(1, 2, 3, 3))
    assert order.acyclic
    assert order.order[0] == 0 and order.order[-1] == 3
    assert order.level.tolist() == [0, 1, 1, 2]


def test_long_chain_hands_over_to_the_plain_loop_and_stays_exact():
    n = 5000
    order = topological_order(n, np.arange(n - 1), np.arange(1, n))
    assert order.order.tolist() == list(range(n))
    assert order.level.tolist() == list(range(n))


def test_nodes_downstream_of_a_cycle_are_remaining_but_not_reported():
    # 0 -> 1 -> 2 -> 1 (loop 1,2), 2 -> 3 (downstream), 4 -> 5 -> 4 (loop 4,5)
    src, dst = arr(0, 1, 2, 2, 4, 5), arr(1, 2, 1, 3, 5, 4)
    order = topological_order(6, src, dst)
    assert order.remaining.tolist() == [False, True, True, True, True, True]
    cycles = find_cycles(6, src, dst)
    assert sorted(sorted(c) for c in cycles) == [[1, 2], [4, 5]]
    for cycle in cycles:  # each in edge order
        pairs = set(zip(src.tolist(), dst.tolist(), strict=True))
        for a, b in zip(cycle, cycle[1:] + cycle[:1], strict=True):
            assert (a, b) in pairs


def test_no_cycles_in_a_dag():
    assert find_cycles(3, arr(0, 1), arr(1, 2)) == []
