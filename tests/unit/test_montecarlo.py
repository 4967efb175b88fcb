"""Monte Carlo schedule risk: exactness without spread, statistics with it, reproducibility."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

import pmtools
from pmtools.montecarlo import _pert_quantiles, _phi, simulate, simulation_json
from pmtools.schedule import critical_path


def load(make_project, tasks, **kwargs):
    return pmtools.load_project(make_project(tasks, **kwargs))


ALL_LINKS = """\
id,name,duration,predecessors,start_no_earlier_than
A,a,3,,
B,b,2,A FS+2,
C,c,4,A SS+1,
D,d,1,B FF-1,
E,e,2,"C SF;D",
F,f,0,E,
G,g,5,,2026-03-10
"""


def test_zero_spread_gives_the_critical_path_at_every_percentile(make_project):
    project = load(make_project, ALL_LINKS)
    result = simulate(project, iterations=700, seed=3)
    plan = critical_path(project)
    assert np.all(result.finish == plan.attrs["finish_offset"])
    critical = plan.loc[result.criticality.index, "critical"]
    assert (result.criticality[critical] == 1).all()
    assert (result.criticality[~critical] == 0).all()
    assert result.deterministic == plan.attrs["finish_offset"]


@pytest.mark.parametrize(
    ("distribution", "mean"),
    [("pert", (2 + 4 * 5 + 14) / 6), ("triangular", (2 + 5 + 14) / 3), ("uniform", (2 + 14) / 2)],
)
def test_a_chain_s_mean_is_the_sum_of_the_means(make_project, distribution, mean):
    rows = ["id,name,duration,predecessors,optimistic,most_likely,pessimistic"]
    rows += [f"T{i},t,5,{'T' + str(i - 1) if i else ''},2,5,14" for i in range(6)]
    project = load(make_project, "\n".join(rows) + "\n")
    result = simulate(project, iterations=20_000, seed=11, distribution=distribution)
    assert result.finish.mean() == pytest.approx(6 * mean, abs=0.08)
    # independent tasks: the variance adds up
    variance = {
        "pert": (12 / 6) ** 2,
        "triangular": (4 + 25 + 196 - 10 - 28 - 70) / 18,
        "uniform": 144 / 12,
    }[distribution]
    if distribution != "pert":  # PERT-Beta's variance is close to, not exactly, ((b-a)/6)^2
        assert result.finish.var() == pytest.approx(6 * variance, rel=0.05)


def test_symmetric_parallel_branches_share_criticality(make_project):
    tasks = (
        "id,name,duration,predecessors,optimistic,most_likely,pessimistic\n"
        'S,start,1,,,,\nL,left,10,S,6,10,14\nR,right,10,S,6,10,14\nE,end,1,"L;R",,,\n'
    )
    result = simulate(load(make_project, tasks), iterations=20_000, seed=5)
    assert result.criticality["L"] == pytest.approx(0.5, abs=0.02)
    assert result.criticality["R"] == pytest.approx(0.5, abs=0.02)
    assert result.criticality["S"] == 1 and result.criticality["E"] == 1
    assert result.sensitivity["L"] == pytest.approx(result.sensitivity["R"], abs=0.03)
    assert result.sensitivity["L"] > 0.5


def test_same_seed_same_json_whatever_the_chunk_size(make_project):
    tasks = (
        "id,name,duration,predecessors,optimistic,most_likely,pessimistic\n"
        'A,a,5,,3,5,9\nB,b,4,A,2,4,8\nC,c,6,A SS+2,4,6,12\nD,d,2,"B;C FF",1,2,3\n'
    )
    project = load(make_project, tasks)
    one = simulation_json(simulate(project, iterations=3000, seed=42))
    two = simulation_json(simulate(project, iterations=3000, seed=42, memory_budget=1))
    assert json.dumps(one) == json.dumps(two)
    other = simulation_json(simulate(project, iterations=3000, seed=43))
    assert other["p80"] != one["p80"]


def test_risk_events_raise_the_mean_by_chance_times_impact(make_project):
    tasks = "id,name,duration,predecessors\nA,a,10,\nB,b,10,A\n"
    folder = make_project(tasks)
    (folder / "risks.csv").write_text(
        "id,title,probability,impact,schedule_min,schedule_most_likely,schedule_max,tasks,status\n"
        "R1,late,40%,3,3,6,9,B,open\n"
        "R2,closed,4,4,5,5,5,A,closed\n"
    )
    project = pmtools.load_project(folder)
    result = simulate(project, iterations=20_000, seed=9)
    assert result.risk_ids == ("R1",)
    assert result.finish.mean() == pytest.approx(20 + 0.4 * 6, abs=0.1)
    assert np.mean(result.finish > 20) == pytest.approx(0.4, abs=0.015)
    assert simulate(project, iterations=2000, seed=9, risks=False).finish.max() == 20


def test_correlation_widens_the_spread(make_project):
    rows = ["id,name,duration,predecessors,optimistic,most_likely,pessimistic"]
    rows += [f"T{i},t,5,{'T' + str(i - 1) if i else ''},3,5,9" for i in range(10)]
    project = load(make_project, "\n".join(rows) + "\n")
    free = simulate(project, iterations=10_000, seed=1)
    tied = simulate(project, iterations=10_000, seed=1, correlation=0.6)
    assert tied.finish.std() > 1.8 * free.finish.std()
    assert tied.finish.mean() == pytest.approx(free.finish.mean(), abs=0.3)


def test_correlation_by_group(make_project):
    rows = ["id,name,duration,predecessors,optimistic,most_likely,pessimistic,owner"]
    rows += [
        f"T{i},t,5,{'T' + str(i - 1) if i else ''},3,5,9,{'Ann' if i % 2 else 'Bob'}"
        for i in range(10)
    ]
    project = load(make_project, "\n".join(rows) + "\n")
    free = simulate(project, iterations=10_000, seed=1).finish.std()
    grouped = simulate(project, iterations=10_000, seed=1, correlation=0.6, correlation_by="owner")
    shared = simulate(project, iterations=10_000, seed=1, correlation=0.6).finish.std()
    assert free < grouped.finish.std() < shared


def test_progress_is_respected(make_project):
    tasks = (
        "id,name,duration,predecessors,optimistic,most_likely,pessimistic,percent_complete,actual_start,actual_finish\n"
        "A,a,3,,2,3,9,100,2026-03-02,2026-03-05\nB,b,4,A,2,4,8,50,2026-03-06,\nC,c,2,B,1,2,4,0,,\n"
    )
    project = load(make_project, tasks, extra_yaml="status_date: 2026-03-06\n")
    result = simulate(project, iterations=4000, seed=2)
    plan = critical_path(project)
    assert result.deterministic == plan.attrs["finish_offset"]
    assert result.criticality["A"] == 0  # finished work drives nothing
    assert result.finish.min() >= 5 + 1 + 1  # after the status date: >= 1 day of B and C each
    assert result.sensitivity["A"] == 0


def test_deadline_probability_and_dates(make_project):
    tasks = "id,name,duration,predecessors,optimistic,most_likely,pessimistic\nA,a,10,,5,10,15\n"
    project = load(make_project, tasks, extra_yaml="deadline: 2026-03-13\n")  # 10 working days
    result = simulate(project, iterations=10_000, seed=4)
    assert result.deadline_offset == 10
    assert result.deadline_probability == pytest.approx(0.5, abs=0.02)
    assert str(result.finish_date(10.0)) == "2026-03-13"
    assert str(result.finish_date(10.2)) == "2026-03-16"
    doc = simulation_json(result)
    assert {"iterations", "mean", "p50", "p80", "p90", "finish_p80", "criticality"} <= doc.keys()
    assert doc["finish_p80"] >= doc["finish_p50"]
    curve = result.s_curve()
    assert curve["offset"].is_monotonic_increasing and len(curve) == 101
    assert result.histogram(bins=20)["count"].sum() == 10_000


def test_normal_cdf_approximation():
    z = np.linspace(-6, 6, 1001, dtype=np.float32)
    exact = np.array([0.5 * (1 + math.erf(v / math.sqrt(2))) for v in z])
    assert np.max(np.abs(_phi(z) - exact)) < 5e-7


@pytest.mark.parametrize("r", [0.0, 0.25, 0.5, 0.9, 1.0])
def test_pert_quantile_table_has_the_beta_mean(r):
    table = _pert_quantiles(r).astype(np.float64)
    grades = np.linspace(0, 1, table.size)
    mean = np.trapezoid(table, grades)
    assert mean == pytest.approx((1 + 4 * r) / 6, abs=2e-4)
    assert np.all(np.diff(table) >= 0) and table[0] == 0 and table[-1] == pytest.approx(1)


def test_bad_arguments(make_project):
    project = load(make_project, ALL_LINKS)
    with pytest.raises(ValueError, match="distribution"):
        simulate(project, distribution="normal")
    with pytest.raises(ValueError, match="correlation"):
        simulate(project, correlation=1.5)
    with pytest.raises(ValueError, match="iterations"):
        simulate(project, iterations=0)


def test_risk_delays_add_whole_days_to_work_in_progress(make_project):
    tasks = (
        "id,name,duration,predecessors,percent_complete,actual_start\n"
        "A,a,8,,75,2026-03-02\nB,b,4,A,0,\n"
    )
    folder = make_project(tasks, extra_yaml="status_date: 2026-03-06\n")
    (folder / "risks.csv").write_text(
        "id,title,type,probability,impact,schedule_min,schedule_most_likely,schedule_max,tasks\n"
        "R1,late,threat,100%,3,10,10,10,A\n"
        "R2,reuse,opportunity,100%,2,1,1,1,B\n"
    )
    project = pmtools.load_project(folder)
    plain = critical_path(project).attrs["finish_offset"]
    result = simulate(project, iterations=512, seed=1)
    assert np.all(result.finish == plain + 10 - 1)  # the whole delay on A, one day saved on B
