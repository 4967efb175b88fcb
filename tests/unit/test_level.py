"""The levelling engine (pmtools.cpm.level): hand-checked cases, PSPLIB instances, properties."""

from __future__ import annotations

import csv
import time
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pmtools
import pmtools.cpm.level as level_module
from benchmarks.levelling import read_sm, to_problem
from pmtools.cpm.level import (
    NO_SOLVER_NOTE,
    Conflict,
    LevelProblem,
    LevelResult,
    level,
    level_problem,
    priority_weight,
    solver_available,
)
from pmtools.schedule import critical_path
from tests.conftest import DATA, MakeProject
from tests.property.strategies import Network, as_project, task_networks

PSPLIB = DATA / "psplib"
needs_solver = pytest.mark.skipif(not solver_available(), reason="ortools not installed")
BOTH = pytest.mark.parametrize("use_solver", [pytest.param(True, marks=needs_solver), False])


# ---------------------------------------------------------------------------------------------
# an independent checker: every link, every resource on every day


def violations(problem: LevelProblem, start: np.ndarray) -> list[str]:
    """Broken links and over-allocated (resource, day) pairs of a plan, as text."""
    out = []
    dur = problem.duration
    finish = start + dur
    links = (problem.pred, problem.succ, problem.link_type, problem.lag)
    for p, s, kind, lag, fixed in zip(*links, problem.fixed[problem.succ], strict=True):
        if fixed:
            continue  # links into started tasks are not applied
        ok = {
            "FS": start[s] >= finish[p] + lag,
            "SS": start[s] >= start[p] + lag,
            "FF": finish[s] >= finish[p] + lag,
            "SF": finish[s] >= start[p] + lag,
        }[kind]
        if not ok:
            out.append(f"link {p} -{kind}{lag:+d}-> {s} broken")
    for j in np.flatnonzero(~problem.fixed):
        if start[j] < problem.min_start[j] or start[j] < 0:
            out.append(f"task {j} starts at {start[j]}, before its earliest day")
    for j in np.flatnonzero(problem.fixed):
        if start[j] != problem.fixed_start[j]:
            out.append(f"fixed task {j} moved")
    out += [f"resource {r} day {d} over capacity" for r, d in overloads(problem, start)]
    return out


def overloads(
    problem: LevelProblem, start: np.ndarray, only: np.ndarray | None = None
) -> list[tuple[int, int]]:
    """(resource, day) pairs where the plan (its ``only`` tasks) uses more than the capacity."""
    leave = dict(
        zip(
            zip(problem.leave_resource.tolist(), problem.leave_day.tolist(), strict=True),
            problem.leave_capacity.tolist(),
            strict=True,
        )
    )
    load: dict[tuple[int, int], float] = {}
    for j in range(problem.tasks):
        if only is not None and not only[j]:
            continue
        for r in range(problem.resources):
            if problem.demand[j, r] > 0:
                for day in range(int(start[j]), int(start[j] + problem.duration[j])):
                    load[r, day] = load.get((r, day), 0.0) + float(problem.demand[j, r])
    return sorted(
        (r, day)
        for (r, day), used in load.items()
        if used > leave.get((r, day), float(problem.capacity[r])) + 1e-9
    )


def assert_levelled(problem: LevelProblem, result: LevelResult) -> None:
    assert violations(problem, result.start) == []
    assert result.conflicts == ()
    assert result.finish == int((result.start + problem.duration).max())


def one_person(durations: list[int], **kwargs: object) -> LevelProblem:
    """Tasks that each need the one person full time."""
    return level_problem(durations, [[1.0]] * len(durations), [1.0], **kwargs)


# ---------------------------------------------------------------------------------------------
# hand-checked cases


@BOTH
def test_two_tasks_for_one_person_are_serialised_shortest_first(use_solver: bool) -> None:
    problem = one_person([3, 2])
    result = level(problem, time_limit=5, use_solver=use_solver)
    assert_levelled(problem, result)
    assert result.finish == 5
    assert result.finish_delay == 2
    # the least delay: the 2-day task first delays the other by 2 days, not 3
    assert result.start.tolist() == [2, 0]
    assert result.finish_optimal
    assert result.method == ("cp-sat" if use_solver else "heuristic")
    if use_solver:
        assert result.optimal


@BOTH
@pytest.mark.parametrize(("priority", "expected"), [([200, 800], [3, 0]), ([800, 200], [0, 3])])
def test_the_higher_priority_task_goes_first(
    use_solver: bool, priority: list[int], expected: list[int]
) -> None:
    problem = one_person([3, 3], priority=priority)
    result = level(problem, time_limit=5, use_solver=use_solver)
    assert_levelled(problem, result)
    assert result.start.tolist() == expected


def test_priority_weight_doubles_every_100_points() -> None:
    assert priority_weight(np.array([0, 100, 500, 1000])).tolist() == [8, 16, 256, 8192]


@BOTH
def test_a_leave_day_pushes_the_task_past_it(use_solver: bool) -> None:
    # the person is away on day 1; a 3-day task cannot be split, so it starts on day 2
    problem = level_problem(
        [3, 2], [[1.0, 0.0], [0.0, 1.0]], [1.0, 1.0], leave={(0, 1): 0.0, (1, 5): 0.0}
    )
    result = level(problem, time_limit=5, use_solver=use_solver)
    assert_levelled(problem, result)
    assert result.start.tolist() == [2, 0]
    assert result.finish == 5
    assert result.finish_delay == 2


@BOTH
def test_half_time_assignments_share_a_person(use_solver: bool) -> None:
    # two of the three run at a time; the short one first delays a long one by 2 days only
    problem = level_problem([4, 4, 2], [[0.5], [0.5], [0.5]], [1.0])
    result = level(problem, time_limit=5, use_solver=use_solver)
    assert_levelled(problem, result)
    assert result.finish == 6
    assert sorted(result.start.tolist()) == [0, 0, 2]
    assert result.start[2] == 0


@BOTH
def test_ss_ff_sf_links_with_lags_hold_after_levelling(use_solver: bool) -> None:
    # A (4 d) and B (3 d) share one person; C (2 d) and milestone D use nothing.
    # A -SS+2-> C, B -FF+1-> C, A -SF+6-> D, B -FS-1-> D.
    # A first: B 4..6, C >= max(0+2, 7+1-2) = 6, D >= max(0+6, 7-1) = 6: finish 8.
    # B first: A 3..6, D >= 3+6 = 9: finish 9. So A goes first.
    problem = level_problem(
        [4, 3, 2, 0],
        [[1.0], [1.0], [0.0], [0.0]],
        [1.0],
        pred=[0, 1, 0, 1],
        succ=[2, 2, 3, 3],
        link_type=["SS", "FF", "SF", "FS"],
        lag=[2, 1, 6, -1],
    )
    assert problem.early_start.tolist() == [0, 0, 2, 6]
    result = level(problem, time_limit=5, use_solver=use_solver)
    assert_levelled(problem, result)
    assert result.start.tolist() == [0, 4, 6, 6]
    assert result.finish == 8
    assert result.finish_delay == 2


@BOTH
def test_fixed_tasks_do_not_move(use_solver: bool) -> None:
    # task 0 started on day 0 (4 days); task 1, priority 1000, can start at the status date
    # (day 1) but the person is busy until day 4; task 2 is fixed and follows nothing
    problem = level_problem(
        [4, 2, 1],
        [[1.0], [1.0], [0.0]],
        [1.0],
        pred=[1],
        succ=[2],
        min_start=[0, 1, 0],
        fixed=[True, False, True],
        fixed_start=[0, 0, 3],
        priority=[0, 1000, 500],
    )
    result = level(problem, time_limit=5, use_solver=use_solver)
    assert_levelled(problem, result)
    assert result.start.tolist() == [0, 4, 3]


@BOTH
def test_milestones_use_nothing(use_solver: bool) -> None:
    # the milestone's demand of 5 people is ignored: it takes no time
    problem = level_problem([2, 0, 2], [[1.0], [5.0], [1.0]], [1.0], pred=[0], succ=[1])
    result = level(problem, time_limit=5, use_solver=use_solver)
    assert_levelled(problem, result)
    assert result.start.tolist()[:2] == [0, 2]
    assert result.finish == 4


@BOTH
def test_within_float_levels_what_it_can_and_lists_the_rest(use_solver: bool) -> None:
    # A (0) and B (1) both need the person on days 0-2 and have no float (their successors
    # E (3) and F (4) end the project on day 6); C (2) has 4 days of float and moves to day 3
    problem = level_problem(
        [3, 3, 2, 3, 3],
        [[1.0], [1.0], [1.0], [0.0], [0.0]],
        [1.0],
        pred=[0, 1],
        succ=[3, 4],
    )
    result = level(problem, time_limit=5, within_float=True, use_solver=use_solver)
    assert result.start.tolist() == [0, 0, 3, 3, 3]
    assert result.finish == 6
    assert result.finish_delay == 0
    assert result.conflicts == tuple(
        Conflict(resource=0, day=day, load=2.0, capacity=1.0, tasks=(0, 1)) for day in range(3)
    )
    assert overloads(problem, result.start) == [(0, 0), (0, 1), (0, 2)]


@BOTH
def test_within_float_uses_the_given_late_starts(use_solver: bool) -> None:
    # by the links alone task 1 may start on day 1 at the latest: still overlapping task 0,
    # so it stays where it was; given 3 as its late start (a later deadline), it moves there
    problem = one_person([3, 2])
    result = level(problem, time_limit=5, within_float=True, use_solver=use_solver)
    assert result.start.tolist() == [0, 0]
    assert [(c.day, c.tasks) for c in result.conflicts] == [(0, (0, 1)), (1, (0, 1))]
    problem = one_person([3, 2], late_start=[0, 3])
    result = level(problem, time_limit=5, within_float=True, use_solver=use_solver)
    assert result.start.tolist() == [0, 3]
    assert result.conflicts == ()


@BOTH
def test_a_demand_above_capacity_is_a_conflict_the_others_are_levelled_around(
    use_solver: bool,
) -> None:
    # task 0 needs two people of a one-person resource: it is planned as taking the whole
    # person, task 1 waits for it, and the over-allocation is listed
    problem = level_problem([2, 3], [[2.0], [1.0]], [1.0])
    result = level(problem, time_limit=5, use_solver=use_solver)
    assert result.start.tolist() == [0, 2]
    assert result.conflicts == (
        Conflict(resource=0, day=0, load=2.0, capacity=1.0, tasks=(0,)),
        Conflict(resource=0, day=1, load=2.0, capacity=1.0, tasks=(0,)),
    )
    assert violations(problem, result.start) == [
        "resource 0 day 0 over capacity",
        "resource 0 day 1 over capacity",
    ]


def test_a_resource_with_no_capacity_never_hangs() -> None:
    problem = level_problem([2, 1], [[1.0, 0.0], [0.0, 1.0]], [0.0, 1.0], pred=[0], succ=[1])
    result = level(problem, time_limit=2)
    assert result.start.tolist() == [0, 2]
    assert [(c.resource, c.day) for c in result.conflicts] == [(0, 0), (0, 1)]


def test_nothing_to_level_returns_the_early_starts() -> None:
    problem = level_problem([2, 3], [[1.0], [1.0]], [2.0], pred=[0], succ=[1], lag=[1])
    result = level(problem, time_limit=5)
    assert result.start.tolist() == [0, 3]
    assert result.optimal and result.finish_optimal
    assert result.finish_delay == 0


def test_heuristic_only_mode_says_how_to_get_the_solver(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(level_module, "solver_available", lambda: False)
    problem = to_problem(read_sm(PSPLIB / "j301_1.sm"))
    result = level(problem, time_limit=1)
    assert result.method == "heuristic"
    assert result.note == NO_SOLVER_NOTE
    assert "pip install 'pmtools[level]'" in result.note
    assert_levelled(problem, result)
    assert result.finish >= 38  # critical path


def test_level_problem_computes_the_unlevelled_early_starts_as_the_schedule_does(
    make_project: MakeProject,
) -> None:
    folder = make_project(
        """
        id,name,duration,predecessors
        A,A,3,
        B,B,2,A SS+1
        C,C,4,A FF+2;B
        D,D,0,C SF-1
        E,E,2,D FS-3
        """
    )
    project = critical_path(pmtools.load_project(folder))
    problem = level_problem(
        [3, 2, 4, 0, 2],
        np.zeros((5, 1)),
        [1.0],
        pred=[0, 0, 1, 2, 3],
        succ=[1, 2, 2, 3, 4],
        link_type=["SS", "FF", "FS", "SF", "FS"],
        lag=[1, 2, 0, -1, -3],
    )
    assert problem.early_start.tolist() == project["early_start"].tolist()


def test_invalid_problems_name_every_fault() -> None:
    with pytest.raises(ValueError, match=r"links: the tasks form a loop (0 -> 1 -> 0|1 -> 0 -> 1)"):
        one_person([1, 1], pred=[0, 1], succ=[1, 0])
    with pytest.raises(ValueError) as caught:
        level_problem(
            [1, -1],
            [[1.0], [-1.0]],
            [1.0],
            pred=[0],
            succ=[5],
            link_type=["XX"],
            priority=[500, 2000],
        )
    text = str(caught.value)
    for expected in (
        "duration: expected >= 0, negative for tasks 1",
        "demand: expected finite units >= 0, wrong for tasks 1",
        "priority: expected 0..1000, wrong for tasks 1",
        "pred/succ: expected task indices 0..1, links 0",
        "link_type: expected FS, SS, FF or SF, links 0",
    ):
        assert expected in text


# ---------------------------------------------------------------------------------------------
# PSPLIB instances


def _cpm_lengths() -> dict[str, int]:
    with (PSPLIB / "makespans.csv").open(newline="") as handle:
        return {row["instance"]: int(row["cpm_length"]) for row in csv.DictReader(handle)}


@BOTH
@pytest.mark.parametrize("name", sorted(_cpm_lengths()))
def test_psplib_instances_are_levelled_feasibly(name: str, use_solver: bool) -> None:
    problem = to_problem(read_sm(PSPLIB / f"{name}.sm"))
    result = level(problem, time_limit=0.5, use_solver=use_solver)
    assert_levelled(problem, result)
    assert result.finish >= _cpm_lengths()[name]


def test_read_sm_reads_a_psplib_file() -> None:
    instance = read_sm(PSPLIB / "j301_1.sm")
    assert len(instance.durations) == 32
    assert instance.capacities == [12, 13, 4, 12]
    assert instance.successors[0] == [1, 2, 3]
    assert instance.durations[1] == 8
    assert instance.demands[1] == [4, 0, 0, 0]


# ---------------------------------------------------------------------------------------------
# properties on random small networks


@st.composite
def levelling_problems(draw: st.DrawFn) -> tuple[Network, LevelProblem]:
    network = draw(task_networks(max_tasks=8))
    n = len(network.durations)
    resources = draw(st.integers(1, 2))
    capacity = draw(
        st.lists(st.sampled_from([1.0, 1.5, 2.0]), min_size=resources, max_size=resources)
    )
    demand = draw(
        st.lists(
            st.lists(st.sampled_from([0.0, 0.5, 1.0, 2.0]), min_size=resources, max_size=resources),
            min_size=n,
            max_size=n,
        )
    )
    demand = [[min(d, c) for d, c in zip(row, capacity, strict=True)] for row in demand]
    leave_days = draw(st.lists(st.integers(0, 12), max_size=3, unique=True))
    problem = level_problem(
        network.durations,
        demand,
        capacity,
        pred=[p for p, *_ in network.links],
        succ=[s for _, s, *_ in network.links],
        link_type=[kind for _, _, kind, _ in network.links],
        lag=[lag for *_, lag in network.links],
        leave={(0, day): 0.0 for day in leave_days},
        priority=draw(st.lists(st.integers(0, 1000), min_size=n, max_size=n)),
    )
    return network, problem


@BOTH
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=levelling_problems())
def test_levelled_plans_are_feasible_and_no_shorter_than_the_critical_path(
    case: tuple[Network, LevelProblem], use_solver: bool
) -> None:
    network, problem = case
    result = level(problem, time_limit=0.5, use_solver=use_solver)
    assert_levelled(problem, result)
    with as_project(network) as project:
        plan = critical_path(project)
    assert result.finish >= int(plan.attrs["finish_offset"])
    assert (result.start >= plan["early_start"].to_numpy()).all()


@settings(max_examples=40, deadline=None)
@given(case=levelling_problems(), fixed_seed=st.integers(0, 2**16))
def test_the_population_decoder_builds_feasible_plans(
    case: tuple[Network, LevelProblem], fixed_seed: int
) -> None:
    # the genetic search's batched SGS and its forward-backward improvement, on random keys,
    # with a task or two already started
    _, problem = case
    rng = np.random.default_rng(fixed_seed)
    fixed = rng.random(problem.tasks) < 0.2
    problem = level_problem(
        problem.duration,
        problem.demand,
        problem.capacity,
        pred=problem.pred,
        succ=problem.succ,
        link_type=problem.link_type,
        lag=problem.lag,
        leave=dict(
            zip(
                zip(problem.leave_resource.tolist(), problem.leave_day.tolist(), strict=True),
                problem.leave_capacity.tolist(),
                strict=True,
            )
        ),
        min_start=rng.integers(0, 4, size=problem.tasks),
        fixed=fixed,
        fixed_start=rng.integers(0, 6, size=problem.tasks),
    )
    inst = level_module._prepare(problem)
    engine = level_module._Population(inst)
    keys = rng.random((8, problem.tasks))
    starts, finish = engine.decode_numpy(keys)
    for plan, end in zip(starts, finish, strict=True):
        assert [v for v in violations(problem, plan) if "over capacity" not in v] == []
        # over capacity only where the started tasks alone already are
        assert overloads(problem, plan) == overloads(problem, plan, only=fixed)
        assert end == int((plan + problem.duration).max())
    # the compiled decoder builds the very same plans
    compiled_starts, compiled_finish = engine.decode_compiled(keys)
    assert compiled_starts.tolist() == starts.tolist()
    assert compiled_finish.tolist() == finish.tolist()


def test_the_compiled_decoder_matches_numpy_on_psplib() -> None:
    problem = to_problem(read_sm(PSPLIB / "j12030_4.sm"))
    engine = level_module._Population(level_module._prepare(problem))
    keys = np.random.default_rng(5).random((70, problem.tasks))  # two numpy chunks
    numpy_starts, numpy_finish = engine.decode_numpy(keys)
    compiled_starts, compiled_finish = engine.decode_compiled(keys)
    assert compiled_starts.tolist() == numpy_starts.tolist()
    assert compiled_finish.tolist() == numpy_finish.tolist()
    assert len(set(numpy_finish.tolist())) > 3  # different keys, different plans


def test_the_compiled_sgs_says_when_a_plan_runs_past_its_profile() -> None:
    from pmtools.cpm import _kernels

    # one person, busy on days 0..2: a 3-day task fits from day 3, past a 5-day profile
    room = np.array([[0, 0, 0, 100, 100]], dtype=np.int32)
    start = np.zeros(1, dtype=np.int64)
    args = (
        np.array([0]),
        np.full((1, 1), 1),  # no predecessor (padded with n)
        np.zeros((1, 1), dtype=np.int64),
        np.zeros(1, dtype=np.int64),
        np.array([3]),
        np.array([0, 1]),
        np.array([0]),
        np.array([100], dtype=np.int32),
    )
    assert not _kernels.sgs(*args, room, start)
    wider = np.concatenate([room, np.full((1, 3), 100, dtype=np.int32)], axis=1)
    assert _kernels.sgs(*args, wider, start)
    assert start.tolist() == [3]
    assert wider.tolist() == [[0, 0, 0, 0, 0, 0, 100, 100]]


def test_without_numba_the_numpy_decoder_levels(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(level_module._compiled, "available", lambda: False)
    problem = to_problem(read_sm(PSPLIB / "j3037_9.sm"))
    engine = level_module._Population(level_module._prepare(problem))
    assert not engine.compiled
    result = level(problem, time_limit=0.5, use_solver=False)
    assert_levelled(problem, result)


def test_the_kernels_load_in_the_background() -> None:
    from pmtools.cpm import _compiled

    _compiled.start_loading()
    _compiled.start_loading()  # once per process
    deadline = time.perf_counter() + 120  # the first compile on a machine takes seconds
    while not _compiled.ready() and time.perf_counter() < deadline:
        time.sleep(0.05)
    assert _compiled.error is None
    assert _compiled.ready()


def test_an_empty_problem_levels_to_nothing() -> None:
    result = level(level_problem([], [], [1.0]), time_limit=1)
    assert result.start.tolist() == []
    assert result.finish == 0
    assert result.conflicts == ()


@needs_solver
def test_the_time_limit_is_kept() -> None:
    problem = to_problem(read_sm(PSPLIB / "j12030_4.sm"))
    began = time.perf_counter()
    result = level(problem, time_limit=1.0)
    assert time.perf_counter() - began < 2.0  # a shared machine: generous
    assert_levelled(problem, result)


@pytest.mark.slow
def test_the_heuristic_levels_10000_tasks_and_20_resources_in_seconds() -> None:
    rng = np.random.default_rng(3)
    n, r = 10_000, 20
    pred, succ = [], []
    for j in range(1, n):
        for p in set(rng.integers(max(0, j - 300), j, size=int(rng.integers(0, 3))).tolist()):
            pred.append(p)
            succ.append(j)
    capacity = rng.choice([1.0, 2.0, 3.0], size=r)
    demand = np.zeros((n, r))
    who = rng.integers(0, r, size=n)
    demand[np.arange(n), who] = np.minimum(rng.choice([0.5, 1.0, 1.0, 2.0], size=n), capacity[who])
    problem = level_problem(
        rng.integers(1, 15, size=n),
        demand,
        capacity,
        pred=pred,
        succ=succ,
        leave={(int(rng.integers(0, r)), int(d)): 0.0 for d in rng.integers(0, 500, size=200)},
    )
    began = time.perf_counter()
    result = level(problem, time_limit=2, use_solver=False)
    assert time.perf_counter() - began < 20
    assert result.conflicts == ()
    assert overloads(problem, result.start) == []
    assert violations(problem, result.start) == []


def test_benchmark_reads_its_bounds() -> None:
    from benchmarks.levelling import read_bounds

    rows = read_bounds(Path(PSPLIB))
    assert rows["j301_1"]["cpm_length"] == "38"
