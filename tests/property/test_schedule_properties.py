"""Properties of the critical path on random networks with every link type and lag."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings

from pmtools.cpm import passes
from pmtools.schedule import critical_path
from tests.property.strategies import as_project, task_networks

FINISH_SIDE = {
    "FS": ("finish", "start"),
    "SS": ("start", "start"),
    "FF": ("finish", "finish"),
    "SF": ("start", "finish"),
}


def _side(plan, task, side):
    return plan.loc[task, "early_finish" if side == "finish" else "early_start"]


@settings(max_examples=150, deadline=None)
@given(network=task_networks())
def test_schedule_invariants(network):
    with as_project(network) as project:
        plan = critical_path(project)
    for p, s, kind, lag in network.links:
        pred_side, succ_side = FINISH_SIDE[kind]
        assert _side(plan, f"T{s}", succ_side) >= _side(plan, f"T{p}", pred_side) + lag
    assert (plan.early_start >= 0).all()
    assert (plan.early_finish == plan.early_start + plan.duration).all()
    assert (plan.total_float >= 0).all()
    assert ((plan.free_float >= 0) & (plan.free_float <= plan.total_float)).all()
    assert plan.attrs["finish_offset"] == plan.early_finish.max()
    assert (plan.late_finish <= plan.attrs["finish_offset"]).all()
    assert (plan.critical == (plan.total_float <= 0)).all()
    assert plan.critical.any()


@settings(max_examples=150, deadline=None)
@given(network=task_networks(types=("FS",)))
def test_finish_to_start_critical_tasks_form_a_chain(network):
    with as_project(network) as project:
        plan = critical_path(project)
    finish = plan.attrs["finish_offset"]
    critical = set(plan.index[plan.critical])
    preds = {f"T{s}": [] for _, s, _, _ in network.links}
    succs = {f"T{p}": [] for p, _, _, _ in network.links}
    for p, s, _, lag in network.links:
        preds[f"T{s}"].append((f"T{p}", lag))
        succs[f"T{p}"].append((f"T{s}", lag))
    ef, es = plan.early_finish, plan.early_start
    for task in critical:
        if es[task] > 0:  # driven by a critical predecessor through a tight link
            assert any(q in critical and ef[q] + lag == es[task] for q, lag in preds.get(task, []))
        if ef[task] < finish:  # and drives a critical successor
            assert any(q in critical and ef[task] + lag == es[q] for q, lag in succs.get(task, []))
    assert any(es[t] == 0 for t in critical)
    assert any(ef[t] == finish for t in critical)


@settings(max_examples=100, deadline=None)
@given(network=task_networks(max_tasks=40))
def test_level_by_level_and_plain_loop_passes_agree(network):
    with as_project(network) as project:
        results = []
        for narrow in (0, 10**9):
            original = passes._NARROW
            passes._NARROW = narrow
            try:
                results.append(critical_path(project))
            finally:
                passes._NARROW = original
    columns = [
        "early_start",
        "early_finish",
        "late_start",
        "late_finish",
        "total_float",
        "free_float",
    ]
    assert np.array_equal(results[0][columns].to_numpy(), results[1][columns].to_numpy())


@settings(max_examples=60, deadline=None)
@given(network=task_networks(max_tasks=60))
def test_topological_order_agrees_between_numpy_and_plain_kahn(network):
    from pmtools.cpm import graph

    n = len(network.durations)
    src = np.array([p for p, *_ in network.links], dtype=np.int64)
    dst = np.array([s for _, s, *_ in network.links], dtype=np.int64)
    for narrow in (0, 10**9):
        original = graph._NARROW
        graph._NARROW = narrow
        try:
            order = graph.topological_order(n, src, dst)
        finally:
            graph._NARROW = original
        position = np.empty(n, dtype=np.int64)
        position[order.order] = np.arange(n)
        assert order.acyclic and sorted(order.order.tolist()) == list(range(n))
        assert (position[src] < position[dst]).all()
        assert (order.level[src] < order.level[dst]).all()


@settings(max_examples=60, deadline=None)
@given(network=task_networks(max_tasks=30))
def test_simulation_without_spread_is_the_critical_path(network):
    from pmtools.montecarlo import simulate

    with as_project(network) as project:
        plan = critical_path(project)
        result = simulate(project, iterations=64, seed=0)
    assert np.all(result.finish == plan.attrs["finish_offset"])
    critical = plan.loc[result.criticality.index, "critical"].to_numpy()
    assert np.array_equal(result.criticality.to_numpy() == 1, critical)
    assert set(np.unique(result.criticality)) <= {0.0, 1.0}
