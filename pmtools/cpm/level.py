"""Resource levelling engine: delay tasks so that no resource is over-allocated on any working day.

A pure computation on integer arrays in working-day offsets (0 = the first working day of
the project); it knows nothing of project folders, calendars or dates. A task occupies the
working days ``start .. start + duration - 1`` and uses ``demand[task, resource]`` units of
each resource on every one of them (no splitting). Links keep the meaning they have in
``pmtools.schedule``, with ``finish = start + duration``:

    FS: start(S)  >= finish(P) + lag        SS: start(S)  >= start(P) + lag
    FF: finish(S) >= finish(P) + lag        SF: finish(S) >= start(P) + lag

Every link is a minimum distance between two starts, ``start(S) >= start(P) + delta``, which
is how both methods below see them; lags may be negative.

``level`` always builds a plan with a fast heuristic first: a serial schedule-generation
scheme (tasks taken in an order that respects the links: latest finish first, then higher
priority, then shorter; each placed on the first day its links allow and every resource it
uses has room for all its days) followed by forward-backward improvement (every task
shifted as late, then as early as the others allow, until the finish stops falling;
Valls, Ballestin and Quintanilla 2005). That plan is feasible whatever the size: 10,000
tasks take about two seconds. Then, while time allows, a biased random-key genetic search
(Goncalves, Resende and Mendes 2011) decodes generations of task orders, each plan improved
forward and backward, its start order written back into its keys. With numba installed
(``pip install 'pmtools[level]'``) a compiled decoder (``pmtools.cpm._compiled``) builds
about 20,000 plans a second on a 120-task network; without it numpy decodes whole
populations at once, about a tenth as fast.

With OR-Tools installed (the same extra) CP-SAT works on an exact model:
one interval per task, one cumulative constraint per resource, leave days and started
tasks as fixed blocks of capacity, the links as linear constraints, the heuristic's plan as
a complete hint. The genetic search runs in the main thread while CP-SAT runs on the other
core(s) and hands it every plan it finds; then CP-SAT continues on all cores from the best
plan, then solves again for the second objective. The objective is lexicographic: first the
earliest project finish, then, with that finish kept, the least priority-weighted delay
against the unlevelled early starts (a day of delay costs ``8 x 2 ** (priority / 100)``:
100 points of priority more counts twice as much). ``LevelResult.finish_optimal`` and
``optimal`` say what CP-SAT proved.

Levelling within float gives every task its late start as the latest start, so the finish
cannot move; the heuristic leaves a task that fits nowhere before then at its earliest day;
CP-SAT makes each interval optional (present = levelled) and first maximises the tasks
levelled. What cannot be levelled is listed in ``LevelResult.conflicts``.

Resource units are rounded to hundredths (0.333 person = 0.33) so that both methods work on
integers. A task that needs more of a resource than the resource ever has (demand above the
base capacity) can never be levelled: it is scheduled as if it took the whole resource, the
others are levelled around it, and its days show in ``LevelResult.conflicts``.
"""

from __future__ import annotations

import heapq
import importlib.util
import itertools
import math
import os
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from pmtools.cpm import _compiled
from pmtools.cpm.graph import find_cycles, topological_order

__all__ = [
    "LINK_TYPES",
    "NO_SOLVER_NOTE",
    "TOO_LARGE_NOTE",
    "Conflict",
    "LevelProblem",
    "LevelResult",
    "level",
    "level_problem",
    "priority_weight",
    "solver_available",
]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
StrArray = npt.NDArray[np.str_]

LINK_TYPES = ("FS", "SS", "FF", "SF")
#: What ``LevelResult.note`` says when OR-Tools is missing.
NO_SOLVER_NOTE = (
    "levelled by the heuristic; pip install 'pmtools[level]' enables proven-optimal levelling"
)
#: What it says when the network is too large for the solver in the time limit.
TOO_LARGE_NOTE = "levelled by the heuristic: the network is too large for the exact solver"

_UNITS = 100  # resource units are counted in hundredths
_DEFAULT_PRIORITY = 500
#: Above this many (task, resource) uses the exact model is not built (the heuristic's plan
#: is returned): building and presolving it would eat the whole time limit.
_SOLVER_MAX_USES = 40_000
#: Share of the time limit the randomised heuristic restarts may use before CP-SAT starts
#: (levelling within float).
_HEURISTIC_SHARE = 0.1
#: Share of the time limit the genetic search runs (alongside the solver on the other cores).
_GENETIC_SHARE = 0.9
#: Share of the time limit kept for the second (delay) solve when the first is not proven.
_SECOND_SHARE = 0.05
#: Seconds (plus 1 % of the time limit) kept at the end to gather and check the result.
_MARGIN = 0.02
#: A solve is not started with less time than this left (its set-up alone takes about that).
_SHORTEST_SOLVE = 0.05
#: Chromosomes per island with the compiled decoder: generations of 512 for networks of up to
#: 120 tasks, fewer (down to 64) for larger ones, so that a generation stays near
#: ``_POPULATION_TASKS`` task placements; 64 without numba. Islands of the genetic search,
#: and how many generations pass between migrations.
_POPULATION = 512
_POPULATION_NUMPY = 64
_POPULATION_TASKS = 65_536
_ISLANDS = 1
_MIGRATION = 10
#: Generations without a better plan after which the search restarts around the best one.
_RESTART_AFTER = 20
_RESTART_NOISE = (0.05, 0.1, 0.2, 0.4)
#: The genetic search is skipped when the numpy decoder's resource profiles for
#: ``_POPULATION_NUMPY`` plans would exceed this many cells (it decodes in chunks that size).
_POPULATION_MAX_CELLS = 12_000_000
#: ... and stops after this many plans in a row bring nothing better.
_STALE_PLANS = 150_000
#: Shares of each generation kept as they are (the best) and drawn at random.
_ELITE_SHARE = 0.1
_MUTANT_SHARE = 0.05
#: Probability that a child takes a key from its elite parent.
_ELITE_BIAS = 0.7
#: The randomised restarts stop after this many in a row bring nothing better.
_STALE_TRIES = 200


# ---------------------------------------------------------------------------------------------
# the problem and the result


@dataclass(frozen=True, eq=False)
class LevelProblem:
    """A levelling problem on working-day offsets; build it with ``level_problem``.

    Per task (``n``): ``duration`` in working days (0 = milestone, uses no resource);
    ``demand`` (n x resources) in units per working day (1 = one full-time person);
    ``min_start`` the earliest start offset (start-no-earlier-than, status date);
    ``fixed`` tasks (started or finished) stay at ``fixed_start`` and links into them are
    not applied; ``priority`` 0..1000 (500 = normal; higher = delayed last);
    ``early_start`` the unlevelled early starts the delay is measured against;
    ``late_start`` (optional) the latest start for levelling within float.
    Per link (``m``): ``pred``, ``succ`` (task indices), ``link_type`` (FS, SS, FF, SF) and
    ``lag`` in working days. Per resource: ``capacity`` in units per working day, except on
    the days listed in ``leave_resource``/``leave_day``/``leave_capacity`` (capacity that
    day, e.g. 0 on leave).

    Raises ValueError listing every inconsistent field (shapes, ranges, a link loop).
    """

    duration: IntArray
    pred: IntArray
    succ: IntArray
    link_type: StrArray
    lag: IntArray
    demand: FloatArray
    capacity: FloatArray
    leave_resource: IntArray
    leave_day: IntArray
    leave_capacity: FloatArray
    min_start: IntArray
    fixed: BoolArray
    fixed_start: IntArray
    priority: IntArray
    early_start: IntArray
    late_start: IntArray | None = None

    def __post_init__(self) -> None:
        ints: tuple[str, ...] = ("duration", "pred", "succ", "lag", "leave_resource")
        ints += ("leave_day", "min_start", "fixed_start", "priority", "early_start")
        for name in ints:
            object.__setattr__(self, name, _int_array(getattr(self, name), name))
        if self.late_start is not None:
            object.__setattr__(self, "late_start", _int_array(self.late_start, "late_start"))
        for name in ("demand", "capacity", "leave_capacity"):
            object.__setattr__(self, name, np.asarray(getattr(self, name), dtype=np.float64))
        object.__setattr__(self, "fixed", np.asarray(self.fixed, dtype=bool))
        object.__setattr__(self, "link_type", np.asarray(self.link_type, dtype=str))
        problems = _validate(self)
        if problems:
            raise ValueError("invalid levelling problem:\n" + "\n".join(problems))

    @property
    def tasks(self) -> int:
        return int(self.duration.size)

    @property
    def resources(self) -> int:
        return int(self.capacity.size)


def _int_array(values: object, name: str) -> IntArray:
    array = np.asarray(values)
    if array.size == 0:
        return np.zeros(0, dtype=np.int64)
    if array.dtype.kind == "f":
        if not np.all(np.isfinite(array)) or not np.all(array == np.round(array)):
            raise ValueError(f"{name}: expected whole numbers, found {array[array != array // 1]}")
    elif array.dtype.kind not in "iub":
        raise ValueError(f"{name}: expected whole numbers, found dtype {array.dtype}")
    return array.astype(np.int64)


def _validate(p: LevelProblem) -> list[str]:
    """Every inconsistency of ``p`` as one line each (empty when it is well formed)."""
    n, r = p.duration.size, p.capacity.size
    problems: list[str] = []

    def shape(name: str, want: tuple[int, ...]) -> bool:
        got = getattr(p, name).shape
        if got != want:
            problems.append(f"{name}: expected shape {want}, found {got}")
            return False
        return True

    for name in ("min_start", "fixed", "fixed_start", "priority", "early_start"):
        shape(name, (n,))
    if p.late_start is not None:
        shape("late_start", (n,))
    links_ok = all([shape(name, (p.pred.size,)) for name in ("succ", "link_type", "lag")])
    demand_ok = shape("demand", (n, r))
    leave_ok = all(
        [shape(name, (p.leave_day.size,)) for name in ("leave_resource", "leave_capacity")]
    )
    if p.capacity.ndim != 1:
        problems.append(
            f"capacity: expected one value per resource, found shape {p.capacity.shape}"
        )
    if (p.duration < 0).any():
        problems.append(f"duration: expected >= 0, negative for tasks {_first(p.duration < 0)}")
    if demand_ok and not (np.isfinite(p.demand).all() and (p.demand >= 0).all()):
        bad = np.asarray((~np.isfinite(p.demand) | (p.demand < 0)).any(axis=1))
        problems.append(f"demand: expected finite units >= 0, wrong for tasks {_first(bad)}")
    if not (np.isfinite(p.capacity).all() and (p.capacity >= 0).all()):
        problems.append("capacity: expected finite units >= 0 per working day")
    if leave_ok and p.leave_day.size:
        if not (np.isfinite(p.leave_capacity).all() and (p.leave_capacity >= 0).all()):
            problems.append("leave_capacity: expected finite units >= 0")
        if ((p.leave_resource < 0) | (p.leave_resource >= r)).any():
            problems.append(f"leave_resource: expected resource indices 0..{r - 1}")
    bad_priority = (p.priority < 0) | (p.priority > 1000)
    if bad_priority.any():
        problems.append(f"priority: expected 0..1000, wrong for tasks {_first(bad_priority)}")
    if links_ok and p.pred.size:
        bad_end = (p.pred < 0) | (p.pred >= n) | (p.succ < 0) | (p.succ >= n)
        if bad_end.any():
            problems.append(f"pred/succ: expected task indices 0..{n - 1}, links {_first(bad_end)}")
        bad_type = ~np.isin(p.link_type, LINK_TYPES)
        if bad_type.any():
            problems.append(f"link_type: expected FS, SS, FF or SF, links {_first(bad_type)}")
        if not bad_end.any():
            self_loop = p.pred == p.succ
            if self_loop.any():
                problems.append(f"links {_first(self_loop)}: a task cannot follow itself")
            elif not topological_order(n, p.pred, p.succ).acyclic:
                cycle = find_cycles(n, p.pred, p.succ, limit=1)[0]
                loop = " -> ".join(str(t) for t in [*cycle, cycle[0]])
                problems.append(f"links: the tasks form a loop {loop}")
    return problems


def _first(mask: npt.NDArray[np.bool_], limit: int = 10) -> str:
    where = np.flatnonzero(mask)
    text = ", ".join(str(i) for i in where[:limit])
    return text + (", ..." if where.size > limit else "")


@dataclass(frozen=True)
class Conflict:
    """An over-allocation left in a levelled plan: one resource on one working day.

    ``load`` and ``capacity`` are in units that day; ``tasks`` are the indices of the tasks
    using the resource that day.
    """

    resource: int
    day: int
    load: float
    capacity: float
    tasks: tuple[int, ...]


@dataclass(frozen=True, eq=False)
class LevelResult:
    """A levelled plan.

    ``start`` per task (working-day offsets); ``finish`` the project finish offset (the
    latest ``start + duration``); ``finish_delay`` levelled minus unlevelled finish in
    working days. ``finish_optimal``: the finish is proven the earliest possible (by the
    solver, or because it meets a lower bound; always true within float, where the finish
    cannot move); ``optimal``: besides, the priority-weighted delay is proven the least
    possible for that finish. ``method`` is ``"cp-sat"`` when the solver took part (its plan,
    or the heuristic's plan it could not better) and ``"heuristic"`` otherwise (``note`` says
    why, when OR-Tools is missing or the network too large); ``conflicts`` the
    over-allocations left (levelling within float, a demand above a resource's capacity,
    started tasks overlapping), by resource then day; ``seconds`` the wall time spent.
    """

    start: IntArray
    finish: int
    optimal: bool
    finish_optimal: bool
    method: str
    finish_delay: int
    conflicts: tuple[Conflict, ...]
    seconds: float
    note: str = ""


def level_problem(
    duration: Sequence[int] | IntArray,
    demand: Sequence[Sequence[float]] | FloatArray,
    capacity: Sequence[float] | FloatArray,
    *,
    pred: Sequence[int] | IntArray = (),
    succ: Sequence[int] | IntArray = (),
    link_type: Sequence[str] | StrArray | None = None,
    lag: Sequence[int] | IntArray | None = None,
    leave: Mapping[tuple[int, int], float] | None = None,
    min_start: Sequence[int] | IntArray | None = None,
    fixed: Sequence[bool] | BoolArray | None = None,
    fixed_start: Sequence[int] | IntArray | None = None,
    priority: Sequence[int] | IntArray | None = None,
    late_start: Sequence[int] | IntArray | None = None,
    early_start: Sequence[int] | IntArray | None = None,
) -> LevelProblem:
    """A ``LevelProblem`` with defaults filled in.

    Links default to FS with lag 0; ``leave`` maps (resource, day offset) to that day's
    capacity in units; ``min_start`` defaults to 0, ``fixed`` to none, ``priority`` to 500.
    ``early_start`` defaults to the unlevelled early starts (links, ``min_start`` and fixed
    tasks; never before offset 0). Raises ValueError as ``LevelProblem`` does.
    """
    dur = _int_array(duration, "duration")
    n = dur.size
    pred_a = _int_array(pred, "pred")
    m = pred_a.size
    leave = dict(leave or {})
    capacity_a = np.asarray(capacity, dtype=np.float64).reshape(-1)
    demand_a = np.asarray(demand, dtype=np.float64)
    if n == 0:
        demand_a = np.zeros((0, capacity_a.size))
    elif demand_a.ndim == 1:
        demand_a = demand_a.reshape(n, -1)

    def per_task(values: Sequence[int] | IntArray | None, name: str, default: int) -> IntArray:
        return np.full(n, default, dtype=np.int64) if values is None else _int_array(values, name)

    problem = LevelProblem(
        duration=dur,
        pred=pred_a,
        succ=_int_array(succ, "succ"),
        link_type=np.asarray(["FS"] * m if link_type is None else link_type, dtype=str),
        lag=np.zeros(m, dtype=np.int64) if lag is None else _int_array(lag, "lag"),
        demand=demand_a,
        capacity=capacity_a,
        leave_resource=np.array([k[0] for k in leave], dtype=np.int64),
        leave_day=np.array([k[1] for k in leave], dtype=np.int64),
        leave_capacity=np.array(list(leave.values()), dtype=np.float64),
        min_start=per_task(min_start, "min_start", 0),
        fixed=np.zeros(n, dtype=bool) if fixed is None else np.asarray(fixed, dtype=bool),
        fixed_start=per_task(fixed_start, "fixed_start", 0),
        priority=per_task(priority, "priority", _DEFAULT_PRIORITY),
        early_start=per_task(early_start, "early_start", 0),
        late_start=None if late_start is None else _int_array(late_start, "late_start"),
    )
    if early_start is None:
        inst = _prepare(problem)
        object.__setattr__(problem, "early_start", inst.lower.copy())
    return problem


def solver_available() -> bool:
    """Whether OR-Tools (the ``pmtools[level]`` extra) is installed."""
    return importlib.util.find_spec("ortools") is not None


def priority_weight(priority: IntArray) -> IntArray:
    """Cost of one working day of delay per task: ``8 x 2 ** (priority / 100)``, rounded.

    Priority 0 costs 8, 500 costs 256, 1000 costs 8192: 100 points more doubles the weight.
    """
    return np.rint(8.0 * np.exp2(np.asarray(priority, dtype=np.float64) / 100.0)).astype(np.int64)


# ---------------------------------------------------------------------------------------------
# the problem in integer form


@dataclass(frozen=True, eq=False)
class _Instance:
    """The problem as the two methods see it: start-to-start distances, integer units."""

    duration: IntArray
    src: IntArray  # links whose successor is not fixed: start[dst] >= start[src] + delta
    dst: IntArray
    delta: IntArray
    demand: IntArray  # (n, r) hundredths, 0 for milestones, clipped to the base capacity
    true_demand: IntArray  # (n, r) as asked (conflicts are measured with it)
    capacity: IntArray  # (r,) base capacity in hundredths
    leave_resource: IntArray
    leave_day: IntArray
    leave_capacity: IntArray
    fixed: BoolArray
    lower: IntArray  # earliest start by links, min_start and fixed tasks (no resources)
    weight: IntArray  # cost of a day of delay
    early_start: IntArray  # the problem's unlevelled early starts
    uses: tuple[IntArray, ...]  # per task: the resources it uses
    needs: tuple[IntArray, ...]  # per task: its demand on those, as a column
    cache: dict[str, int] = field(default_factory=dict)

    @property
    def n(self) -> int:
        return int(self.duration.size)

    @property
    def free(self) -> BoolArray:
        return ~self.fixed


def _start_distance(
    link_type: StrArray, lag: IntArray, d_pred: IntArray, d_succ: IntArray
) -> IntArray:
    """``delta`` with start(succ) >= start(pred) + delta, for each link type."""
    from_finish = np.isin(link_type, ("FS", "FF"))
    to_finish = np.isin(link_type, ("FF", "SF"))
    return lag + np.where(from_finish, d_pred, 0) - np.where(to_finish, d_succ, 0)


def _prepare(p: LevelProblem) -> _Instance:
    n = p.duration.size
    dur = p.duration
    delta = _start_distance(p.link_type, p.lag, dur[p.pred], dur[p.succ])
    keep = ~p.fixed[p.succ]
    src, dst, delta = p.pred[keep], p.succ[keep], delta[keep]
    true_demand = np.rint(p.demand * _UNITS).astype(np.int64)
    true_demand[dur == 0] = 0
    capacity = np.rint(p.capacity * _UNITS).astype(np.int64)
    demand = np.minimum(true_demand, capacity[None, :])
    lower = np.where(p.fixed, p.fixed_start, np.maximum(p.min_start, 0))
    lower = _forward(n, src, dst, delta, lower, p.fixed)
    uses = tuple(np.flatnonzero(row) for row in demand)
    needs = tuple(demand[j, u][:, None] for j, u in enumerate(uses))
    no_use = np.zeros(0, dtype=np.int64)
    uses = tuple(u if dur[j] > 0 else no_use for j, u in enumerate(uses))
    return _Instance(
        duration=dur,
        src=src,
        dst=dst,
        delta=delta.astype(np.int64),
        demand=demand,
        true_demand=true_demand,
        capacity=capacity,
        leave_resource=p.leave_resource,
        leave_day=p.leave_day,
        leave_capacity=np.rint(p.leave_capacity * _UNITS).astype(np.int64),
        fixed=p.fixed,
        lower=lower,
        weight=priority_weight(p.priority),
        early_start=p.early_start,
        uses=uses,
        needs=needs,
    )


def _csr(n: int, key: IntArray, other: IntArray, delta: IntArray) -> tuple[list[int], ...]:
    """Links grouped by ``key``: ``ptr``, then ``other`` and ``delta`` in that order, as lists."""
    order = np.argsort(key, kind="stable")
    ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(key, minlength=n), out=ptr[1:])
    return ptr.tolist(), other[order].tolist(), delta[order].tolist()


def _forward(
    n: int, src: IntArray, dst: IntArray, delta: IntArray, lower: IntArray, fixed: BoolArray
) -> IntArray:
    """Earliest starts: ``lower`` raised by every link (fixed tasks keep ``lower``)."""
    order = topological_order(n, src, dst).order.tolist()
    ptr, other, dl = _csr(n, dst, src, delta)
    start = lower.tolist()
    fixed_l = fixed.tolist()
    for v in order:
        if fixed_l[v]:
            continue
        best = start[v]
        for i in range(ptr[v], ptr[v + 1]):
            cand = start[other[i]] + dl[i]
            if cand > best:
                best = cand
        start[v] = best
    return np.array(start, dtype=np.int64)


def _backward(inst: _Instance, upper: IntArray) -> IntArray:
    """Latest starts: ``upper`` lowered by every link (fixed tasks keep ``upper``)."""
    n = inst.n
    order = topological_order(n, inst.src, inst.dst).order.tolist()
    ptr, other, dl = _csr(n, inst.src, inst.dst, inst.delta)
    start = upper.tolist()
    fixed_l = inst.fixed.tolist()
    for v in reversed(order):
        if fixed_l[v]:
            continue
        best = start[v]
        for i in range(ptr[v], ptr[v + 1]):
            cand = start[other[i]] - dl[i]
            if cand < best:
                best = cand
        start[v] = best
    return np.array(start, dtype=np.int64)


# ---------------------------------------------------------------------------------------------
# resource profiles


def _capacity_profile(inst: _Instance, begin: int, end: int) -> IntArray:
    """Capacity (hundredths) per resource and day ``begin .. end - 1``, leave applied."""
    profile = np.repeat(inst.capacity[:, None], max(end - begin, 0), axis=1)
    inside = (inst.leave_day >= begin) & (inst.leave_day < end)
    if inside.any():
        profile[inst.leave_resource[inside], inst.leave_day[inside] - begin] = inst.leave_capacity[
            inside
        ]
    return profile


def _load_profile(
    demand: IntArray, duration: IntArray, start: IntArray, mask: BoolArray, begin: int, end: int
) -> IntArray:
    """Units used per resource and day ``begin .. end - 1`` by the ``mask`` tasks."""
    r = demand.shape[1]
    diff = np.zeros((r, max(end - begin, 0) + 1), dtype=np.int64)
    sel = np.flatnonzero(mask & (duration > 0))
    if sel.size == 0:
        return diff[:, :-1]
    lo = np.clip(start[sel] - begin, 0, end - begin)
    hi = np.clip(start[sel] + duration[sel] - begin, 0, end - begin)
    for res in range(r):
        d = demand[sel, res]
        used = d > 0
        if used.any():
            np.add.at(diff[res], lo[used], d[used])
            np.add.at(diff[res], hi[used], -d[used])
    return np.cumsum(diff, axis=1)[:, :-1]


class _Profile:
    """Free capacity per resource and day while a plan is built (hundredths, may go < 0)."""

    def __init__(self, inst: _Instance, start: IntArray, placed: BoolArray, horizon: int) -> None:
        self.inst = inst
        self.end = max(horizon, 1)
        self.free = _capacity_profile(inst, 0, self.end)
        self.free -= _load_profile(inst.demand, inst.duration, start, placed, 0, self.end)

    def ensure(self, end: int) -> None:
        if end <= self.end:
            return
        new_end = max(end, 2 * self.end)
        extra = _capacity_profile(self.inst, self.end, new_end)
        self.free = np.concatenate([self.free, extra], axis=1)
        self.end = new_end

    def add(self, j: int, t: int, sign: int) -> None:
        """Take (sign -1) or give back (+1) task j's units on its days from t."""
        d = int(self.inst.duration[j])
        uses = self.inst.uses[j]
        if d == 0 or uses.size == 0 or t + d <= 0:
            return
        self.ensure(t + d)
        lo = max(t, 0)
        if uses.size == 1:  # a view: in place, no copy
            self.free[int(uses[0]), lo : t + d] += sign * int(self.inst.needs[j][0, 0])
        else:
            self.free[uses, lo : t + d] += sign * self.inst.needs[j]

    def _fits(self, j: int, a: int, b: int) -> BoolArray:
        """Per day a .. b-1: has every resource of j room for it?"""
        self.ensure(b)
        uses = self.inst.uses[j]
        if a < 0:  # days before the project: never free
            head = np.zeros(min(-a, b - a), dtype=bool)
            if b <= 0:
                return head
            return np.concatenate([head, self._fits(j, 0, b)])
        if uses.size == 1:
            one: BoolArray = self.free[int(uses[0]), a:b] >= int(self.inst.needs[j][0, 0])
            return one
        fits: BoolArray = np.all(self.free[uses, a:b] >= self.inst.needs[j], axis=0)
        return fits

    def earliest(self, j: int, t0: int, hi: int | None) -> int:
        """First start >= t0 (and <= hi) with room on all j's days; -1 if none up to hi."""
        d = int(self.inst.duration[j])
        if d == 0 or self.inst.uses[j].size == 0:
            return t0 if hi is None or t0 <= hi else -1
        # most tasks fit where the links put them, or just after a few busy days
        if hi is None or t0 <= hi:
            ok = self._fits(j, t0, t0 + d)
            if ok.all():
                return t0
            t0 += int(np.flatnonzero(~ok)[-1]) + 1
        width = max(4 * d, 64)
        while True:
            if hi is not None and t0 > hi:
                return -1
            end = t0 + width + d if hi is None else min(t0 + width + d, hi + d)
            ok = self._fits(j, t0, end)
            bad = np.flatnonzero(~ok)
            if bad.size == 0:
                if ok.size >= d:
                    return t0
                gap_start = 0
            else:
                starts = np.concatenate(([0], bad + 1))
                ends = np.concatenate((bad, [ok.size]))
                room = np.flatnonzero(ends - starts >= d)
                if room.size:
                    return t0 + int(starts[room[0]])
                gap_start = int(starts[-1])
            if hi is not None and end >= hi + d:
                return -1
            t0 += gap_start
            width *= 2

    def latest(self, j: int, lo: int, hi: int) -> int:
        """Last start in lo .. hi with room on all j's days; -1 if none."""
        d = int(self.inst.duration[j])
        if hi < lo:
            return -1
        if d == 0 or self.inst.uses[j].size == 0:
            return hi
        ok = self._fits(j, lo, hi + d)
        bad = np.flatnonzero(~ok)
        if bad.size == 0:
            return hi
        starts = np.concatenate(([0], bad + 1))
        ends = np.concatenate((bad, [ok.size]))
        room = np.flatnonzero(ends - starts >= d)
        if room.size == 0:
            return -1
        return lo + int(ends[room[-1]]) - d


# ---------------------------------------------------------------------------------------------
# the heuristic: serial schedule generation and forward-backward improvement


@dataclass(frozen=True, eq=False)
class _Plan:
    start: IntArray
    finish: int
    delay: int  # priority-weighted delay against the unlevelled early starts
    overloaded: int  # tasks placed where a resource had no room (within-float only)


class _Heuristic:
    """Serial SGS plus forward-backward improvement on one instance."""

    def __init__(self, inst: _Instance, upper: IntArray | None) -> None:
        self.inst = inst
        self.upper = upper  # latest start per task (within float) or None
        n = inst.n
        self.in_ptr, self.in_src, self.in_delta = _csr(n, inst.dst, inst.src, inst.delta)
        self.out_ptr, self.out_dst, self.out_delta = _csr(n, inst.src, inst.dst, inst.delta)
        self.free_tasks = np.flatnonzero(inst.free)
        fixed_end = inst.lower + inst.duration
        self.horizon = int(
            max(
                int(fixed_end.max(initial=0)),
                int(inst.leave_day.max(initial=0)) + 1,
                int(inst.lower.max(initial=0)),
            )
            + 2 * int(inst.duration.max(initial=0))
            + 16
        )
        # latest finish with no resources, the classic priority rule
        finish = int((inst.lower + inst.duration).max(initial=0))
        self.latest_finish = (
            _backward(inst, np.full(n, finish, dtype=np.int64) - inst.duration) + inst.duration
        )

    # -- building a plan ---------------------------------------------------------------------

    def order(self, key: FloatArray) -> list[int]:
        """Free tasks in an order that respects the links, smallest ``key`` first."""
        inst = self.inst
        n = inst.n
        indeg = np.bincount(inst.dst[inst.free[inst.src]], minlength=n).tolist()
        key_l = key.tolist()
        heap = [(key_l[j], j) for j in self.free_tasks.tolist() if indeg[j] == 0]
        heapq.heapify(heap)
        out: list[int] = []
        free_l = inst.free.tolist()
        while heap:
            _, j = heapq.heappop(heap)
            out.append(j)
            if not free_l[j]:
                continue
            for i in range(self.out_ptr[j], self.out_ptr[j + 1]):
                s = self.out_dst[i]
                indeg[s] -= 1
                if indeg[s] == 0:
                    heapq.heappush(heap, (key_l[s], s))
        return out

    def earliest_by_links(self, j: int, start: list[int]) -> int:
        t0 = int(self.inst.lower[j])
        for i in range(self.in_ptr[j], self.in_ptr[j + 1]):
            cand = start[self.in_src[i]] + self.in_delta[i]
            if cand > t0:
                t0 = cand
        return t0

    def latest_by_links(self, j: int, start: list[int], bound: int) -> int:
        for i in range(self.out_ptr[j], self.out_ptr[j + 1]):
            cand = start[self.out_dst[i]] - self.out_delta[i]
            if cand < bound:
                bound = cand
        return bound

    def sgs(self, order: list[int]) -> tuple[list[int], _Profile, int]:
        """Serial SGS: each task of ``order`` on its first feasible day."""
        inst = self.inst
        start_a = np.where(inst.fixed, inst.lower, 0)
        prof = _Profile(inst, start_a, inst.fixed.copy(), self.horizon)
        start = start_a.tolist()
        upper = None if self.upper is None else self.upper.tolist()
        overloaded = 0
        for j in order:
            t0 = self.earliest_by_links(j, start)
            hi = None if upper is None else max(upper[j], t0)
            t = prof.earliest(j, t0, hi)
            if t < 0:
                t = t0
                overloaded += 1
            start[j] = t
            prof.add(j, t, -1)
        return start, prof, overloaded

    def improve(
        self, start: list[int], prof: _Profile, *, rounds: int = 8, deadline: float = math.inf
    ) -> list[int]:
        """Forward-backward improvement: shift right then left until the finish stops falling
        (at most ``rounds`` times; after ``deadline`` no new round starts)."""
        inst = self.inst
        dur = inst.duration.tolist()
        free = self.free_tasks.tolist()
        if not free:
            return start
        upper = None if self.upper is None else self.upper.tolist()
        best = _finish(start, dur)
        for _ in range(rounds):
            finish_now = _finish(start, dur)
            for j in sorted(free, key=lambda k: (-(start[k] + dur[k]), -start[k], -k)):
                bound = finish_now - dur[j] if upper is None else upper[j]
                hi = self.latest_by_links(j, start, bound)
                cur = start[j]
                if hi <= cur:
                    continue
                prof.add(j, cur, +1)
                t = prof.latest(j, cur, hi)
                t = cur if t < 0 else t
                start[j] = t
                prof.add(j, t, -1)
            for j in sorted(free, key=lambda k: (start[k], k)):
                lo = self.earliest_by_links(j, start)
                cur = start[j]
                if lo >= cur:
                    continue
                prof.add(j, cur, +1)
                t = prof.earliest(j, lo, cur)
                t = cur if t < 0 else t
                start[j] = t
                prof.add(j, t, -1)
            now = _finish(start, dur)
            if now >= best or time.perf_counter() > deadline:
                break
            best = now
        return start

    def plan(self, key: FloatArray, *, rounds: int = 8, deadline: float = math.inf) -> _Plan:
        start, prof, overloaded = self.sgs(self.order(key))
        if rounds:
            start = self.improve(start, prof, rounds=rounds, deadline=deadline)
        return self.score(np.array(start, dtype=np.int64), overloaded)

    def score(self, start: IntArray, overloaded: int = 0) -> _Plan:
        inst = self.inst
        finish = int((start + inst.duration).max(initial=0))
        delay = int((inst.weight * np.maximum(start - inst.early_start, 0)).sum())
        return _Plan(start, finish, delay, overloaded)


def _finish(start: list[int], dur: list[int]) -> int:
    return max((s + d for s, d in zip(start, dur, strict=True)), default=0)


def _better(a: _Plan, b: _Plan) -> bool:
    return (a.overloaded, a.finish, a.delay) < (b.overloaded, b.finish, b.delay)


def _priority_key(heur: _Heuristic) -> FloatArray:
    """The priority rule: latest finish first, then higher priority, then shorter."""
    inst = heur.inst
    weight_rank = inst.weight.astype(np.float64) / (inst.weight.max(initial=1) + 1.0)
    duration_rank = inst.duration / (inst.duration.max(initial=0) + 1.0)
    key: FloatArray = heur.latest_finish - 0.5 * weight_rank + 0.25 * duration_rank
    return key


def _restarts(heur: _Heuristic, best: _Plan, deadline: float, rng: np.random.Generator) -> _Plan:
    """Randomised restarts of the priority rule (keys perturbed) until ``deadline``, or until
    ``_STALE_TRIES`` in a row bring nothing better."""
    inst = heur.inst
    n = inst.n
    base_key = _priority_key(heur)
    spread = float(max(int(heur.latest_finish.max(initial=0)) - int(inst.lower.min(initial=0)), 1))
    bound = _finish_bound(inst)
    stale = 0
    took = 0.0  # how long the last plan took: no new one starts that would end past deadline
    while time.perf_counter() + took < deadline and stale < _STALE_TRIES and n > 1:
        if best.overloaded == 0 and best.finish <= bound:
            break
        stale += 1
        began = time.perf_counter()
        noise = rng.random(n) * spread * rng.choice((0.05, 0.1, 0.2, 0.4))
        candidate = heur.plan(base_key + noise, deadline=deadline)
        took = time.perf_counter() - began
        if _better(candidate, best):
            best, stale = candidate, 0
    return best


# ---------------------------------------------------------------------------------------------
# the population heuristic: many activity lists decoded at once, improved by a genetic search

_PAD = -(1 << 40)  # start of the padding task: never binds


@dataclass(frozen=True, eq=False)
class _Direction:
    """The links as the serial SGS walks them, forward or backward in time."""

    pred: IntArray  # (n, k) the tasks each task waits for, padded with n
    delta: IntArray  # (n, k) start(task) >= start(pred) + delta
    level: IntArray  # (n,) depth: every pred has a smaller level
    by_level: tuple[IntArray, ...]  # free tasks per level, in level order
    topo: IntArray  # the same, as one array


def _direction(inst: _Instance, src: IntArray, dst: IntArray, delta: IntArray) -> _Direction:
    n = inst.n
    order = np.argsort(dst, kind="stable")
    counts = np.bincount(dst, minlength=n)
    width = max(int(counts.max(initial=0)), 1)
    pred = np.full((n, width), n, dtype=np.int64)
    gap = np.zeros((n, width), dtype=np.int64)
    slot = np.arange(dst.size) - np.repeat(np.cumsum(counts) - counts, counts)
    pred[dst[order], slot] = src[order]
    gap[dst[order], slot] = delta[order]
    level = topological_order(n, src, dst).level
    free = np.flatnonzero(inst.free)
    levels = level[free]
    sorted_free = free[np.argsort(levels, kind="stable")]
    bounds = np.searchsorted(np.sort(levels), np.arange(int(levels.max(initial=0)) + 2))
    by_level = tuple(sorted_free[a:b] for a, b in itertools.pairwise(bounds.tolist()) if b > a)
    topo = np.concatenate(by_level) if by_level else np.zeros(0, dtype=np.int64)
    return _Direction(pred, gap, level, by_level, topo.astype(np.int64))


class _Population:
    """Serial SGS for many activity lists at once: numpy works across the lists.

    Step k places the k-th task of every list: its earliest start by the links, then the
    first window of days where each resource it uses has room, searched ``width`` days at a
    time. The backward pass schedules the mirror problem (time reversed, links reversed) to
    right-justify a plan; forward again, it left-justifies it (forward-backward improvement).
    """

    def __init__(self, inst: _Instance) -> None:
        self.inst = inst
        n_tasks = inst.n
        free = inst.free
        self.tasks = np.flatnonzero(free)
        dur = inst.duration
        self.used = np.flatnonzero(inst.demand[free].sum(axis=0) > 0)
        self.need = np.concatenate(
            [inst.demand[:, self.used], np.zeros((1, self.used.size), dtype=np.int64)]
        ).astype(np.int32)
        self.dur = np.concatenate([dur, [0]])
        self.busy = (self.dur > 0) & (self.need > 0).any(axis=1)
        self.forward = _direction(inst, inst.src, inst.dst, inst.delta)
        free_edge = free[inst.src]  # backward: links between unfixed tasks, reversed
        s, d = inst.src[free_edge], inst.dst[free_edge]
        back_delta = inst.delta[free_edge] + dur[d] - dur[s]
        self.backward = _direction(inst, d, s, back_delta)
        longest = int(dur[free].max(initial=0))
        self.width = max(32, 2 * longest + 2)
        fixed_end = int((inst.lower + dur)[inst.fixed].max(initial=0))
        positive = int(np.maximum(inst.delta - dur[inst.src], 0).sum())
        self.horizon = (
            max(int(inst.lower.max(initial=0)), fixed_end, int(inst.leave_day.max(initial=0)) + 1)
            + int(dur[free].sum())
            + positive
            + 6 * self.width  # room for the search windows past the last start
            + longest
            + 1
        )
        capacity = _capacity_profile(inst, 0, self.horizon)[self.used]
        fixed_load = _load_profile(inst.demand, dur, inst.lower, inst.fixed, 0, self.horizon)
        # room below zero (started tasks over a capacity) blocks only the tasks using it
        self.base = np.maximum(capacity - fixed_load[self.used], 0).astype(np.int32)
        self.base_capacity = inst.capacity[self.used].astype(np.int32)
        self.lower = np.concatenate([inst.lower, [_PAD]])
        self.fixed_columns = np.flatnonzero(inst.fixed)
        self.compiled = _compiled.available()
        if self.compiled:  # the compiled decoder's per-task lists of (resource, units)
            task, res = np.nonzero(self.need[:n_tasks] * self.busy[:n_tasks, None])
            self.use_ptr = np.searchsorted(task, np.arange(n_tasks + 1)).astype(np.int64)
            self.use_res = res.astype(np.int64)
            self.use_need = self.need[task, res].astype(np.int32)

    def size(self, population: int) -> int:
        """Cells of the resource profiles a population of that size needs."""
        return population * max(self.used.size, 1) * self.horizon

    # -- lists from keys ---------------------------------------------------------------------

    def lists(self, keys: FloatArray, direction: _Direction) -> IntArray:
        """Activity lists (population x free tasks) ordered by ``keys`` (population x n),
        each task after the tasks it waits for."""
        adjusted = np.concatenate([keys, np.full((keys.shape[0], 1), -np.inf)], axis=1)
        adjusted[:, self.fixed_columns] = -np.inf
        for nodes in direction.by_level:
            before = adjusted[:, direction.pred[nodes]].max(axis=2)
            adjusted[:, nodes] = np.maximum(adjusted[:, nodes], np.nextafter(before, np.inf))
        order = np.argsort(adjusted[:, self.tasks], axis=1, kind="stable")
        lists: IntArray = self.tasks[order]
        return lists

    # -- the serial SGS ----------------------------------------------------------------------

    def schedule(
        self, lists: IntArray, direction: _Direction, free: npt.NDArray[np.int32]
    ) -> IntArray:
        """Starts (population x n+1) of the lists, placed one step at a time; ``free`` is the
        room left per list, resource and day (changed in place).

        Arrays are indexed flat: numpy's 1-D gathers are several times faster than
        broadcasting three index arrays.
        """
        pop = lists.shape[0]
        n = self.inst.n
        res, horizon, width = self.used.size, self.horizon, self.width
        rows = np.arange(pop)
        start = np.full((pop, n + 1), _PAD, dtype=np.int64)
        start[:, :n] = np.where(self.inst.fixed, self.inst.lower, _PAD)
        start_flat = start.reshape(-1)
        room = free.reshape(-1)
        lower = self.lower if direction is self.forward else np.zeros(n + 1, dtype=np.int64)
        row_start = rows * (n + 1)
        row_room = (rows[:, None] * res + np.arange(res)[None, :]) * horizon
        days = np.arange(width)
        span = np.arange(max(int(self.dur.max(initial=0)), 1))
        pred, delta = direction.pred, direction.delta
        need3 = self.need[:, :, None]
        base = row_room[:, :, None]
        busy_task = self.busy
        offsets = (rows * (width + 1))[:, None]
        cum = np.zeros((pop, width + 1), dtype=np.int32)
        for k in range(lists.shape[1]):
            j = lists[:, k]
            t0 = np.maximum(lower[j], (start_flat[row_start[:, None] + pred[j]] + delta[j]).max(1))
            if int(t0.max()) + width + span.size >= horizon:
                raise _TooLong
            d = self.dur[j]
            need = need3[j]
            # every list at once: the first window of d days with room, within ``width`` days
            blocked = (room[base + (t0[:, None] + days)[:, None, :]] < need).any(axis=1)
            blocked &= busy_task[j][:, None]
            np.cumsum(blocked, axis=1, out=cum[:, 1:])
            end = days[None, :] + d[:, None]
            ahead = cum.reshape(-1)[offsets + np.minimum(end, width)]
            fits = (end <= width) & (ahead == cum[:, :width])
            first = fits.argmax(axis=1)
            placed = t0 + first
            missing = ~fits[rows, first]
            if missing.any():  # lists whose task waits longer: search on, in wider windows
                who = np.flatnonzero(missing)
                after = t0[who] + width - d[who] + 1  # the windows checked so far fit nowhere
                placed[who] = self._later(room, base[who], after, d[who], need[who])
            span_mask = span[None, :] < d[:, None]
            cells = base + (placed[:, None] + span[None, :])[:, None, :]
            room[cells] -= need * span_mask[:, None, :]
            start_flat[row_start + j] = placed
        return start

    def _later(
        self,
        room: npt.NDArray[np.int32],
        base: IntArray,
        t: IntArray,
        d: IntArray,
        need: npt.NDArray[np.int32],
    ) -> IntArray:
        """First starts >= t with room for d days in some lists' profiles (flat ``room``;
        ``base`` their resources' offsets, ``need`` their task's units)."""
        width = 4 * self.width
        days = np.arange(width)
        placed = np.empty(t.size, dtype=np.int64)
        todo = np.arange(t.size)
        while todo.size:
            if int(t[todo].max()) + width + self.width >= self.horizon:
                raise _TooLong
            window = room[base[todo] + (t[todo][:, None] + days)[:, None, :]]
            blocked = (window < need[todo]).any(axis=1)
            cum = np.zeros((todo.size, width + 1), dtype=np.int32)
            np.cumsum(blocked, axis=1, out=cum[:, 1:])
            end = days[None, :] + d[todo][:, None]
            ahead = np.take_along_axis(cum, np.minimum(end, width), axis=1)
            fits = (end <= width) & (ahead == cum[:, :width])
            first = fits.argmax(axis=1)
            found = fits[np.arange(todo.size), first]
            placed[todo[found]] = t[todo[found]] + first[found]
            t[todo[~found]] += width - d[todo[~found]] + 1
            todo = todo[~found]
        return placed

    def forward_room(self, pop: int) -> npt.NDArray[np.int32]:
        return np.repeat(self.base[None], pop, axis=0)

    def backward_room(self, finish: IntArray) -> npt.NDArray[np.int32]:
        """The profile seen backwards from each plan's finish (before day 0: base capacity)."""
        day = finish[:, None] - 1 - np.arange(self.horizon)[None, :]
        extended = np.concatenate([self.base, self.base_capacity[:, None]], axis=1)
        day = np.where(day >= 0, np.minimum(day, self.horizon - 1), self.horizon)
        room: npt.NDArray[np.int32] = np.ascontiguousarray(
            np.transpose(extended[:, day], (1, 0, 2))
        )
        return room

    # -- forward-backward improvement ----------------------------------------------------------

    def decode(self, keys: FloatArray, deadline: float = math.inf) -> tuple[IntArray, IntArray]:
        """Starts (population x n) and finishes of the keys' plans after one forward-backward
        improvement; a plan the improvement made worse keeps its first version. Compiled
        when the kernels are loaded, else with numpy (which raises _OutOfTime past the
        ``deadline``, checked between its chunks)."""
        if self.compiled and _compiled.ready():
            return self.decode_compiled(keys)
        return self.decode_numpy(keys, deadline)

    def decode_compiled(self, keys: FloatArray) -> tuple[IntArray, IntArray]:
        inst, fwd, back = self.inst, self.forward, self.backward
        starts, finish, fitted = _compiled.decode(
            np.ascontiguousarray(keys, dtype=np.float64),
            self.tasks,
            inst.fixed,
            inst.lower,
            inst.duration,
            self.use_ptr,
            self.use_res,
            self.use_need,
            self.base,
            self.base_capacity,
            fwd.topo,
            fwd.pred,
            fwd.delta,
            back.topo,
            back.pred,
            back.delta,
            _PAD,
        )
        if not fitted:
            raise _TooLong
        return starts, finish

    def decode_numpy(
        self, keys: FloatArray, deadline: float = math.inf
    ) -> tuple[IntArray, IntArray]:
        """``decode`` with numpy, ``_POPULATION_NUMPY`` lists at a time."""
        parts = []
        for i in range(0, keys.shape[0], _POPULATION_NUMPY):
            if i and time.perf_counter() > deadline:
                raise _OutOfTime
            parts.append(self._decode_numpy(keys[i : i + _POPULATION_NUMPY]))
        return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])

    def _decode_numpy(self, keys: FloatArray) -> tuple[IntArray, IntArray]:
        inst = self.inst
        n = inst.n
        dur = inst.duration
        pop = keys.shape[0]
        first = self.schedule(self.lists(keys, self.forward), self.forward, self.forward_room(pop))
        first = first[:, :n]
        finish = (first + dur).max(axis=1)
        # backward: the latest finishing task first
        back_keys = -(first + dur).astype(np.float64) - 1e-3 * first
        back = self.schedule(
            self.lists(back_keys, self.backward), self.backward, self.backward_room(finish)
        )[:, :n]
        back_start = finish[:, None] - back - dur[None, :]
        again = self.schedule(
            self.lists(back_start.astype(np.float64), self.forward),
            self.forward,
            self.forward_room(pop),
        )[:, :n]
        again_finish = (again + dur).max(axis=1)
        better = again_finish <= finish
        starts = np.where(better[:, None], again, first)
        return starts, np.where(better, again_finish, finish)


class _TooLong(Exception):
    """A plan ran past the horizon the population's profiles were sized for."""


class _OutOfTime(Exception):
    """The deadline passed while a generation was being decoded."""


def _genetic(
    inst: _Instance,
    seed_start: IntArray,
    latest_finish: IntArray,
    deadline: float,
    rng: np.random.Generator,
    *,
    stop: threading.Event | None = None,
    inbox: Callable[[], IntArray | None] | None = None,
) -> IntArray | None:
    """The best plan a biased random-key genetic search finds by ``deadline`` (or ``stop``),
    or None when the network is too large for it. ``inbox`` hands over plans found
    elsewhere (the solver running alongside); each joins the next generation.

    Each chromosome holds one key per task; its plan is the serial SGS of the keys' order
    plus one forward-backward improvement, whose start order is written back into the keys.
    Each generation keeps the best tenth, adds a few random chromosomes and fills the rest
    with children taking each key from an elite parent with probability 0.7 (Goncalves,
    Resende and Mendes 2011).
    """
    islands = _ISLANDS
    engine = _Population(inst)
    if engine.size(_POPULATION_NUMPY) > _POPULATION_MAX_CELLS or engine.tasks.size < 2:
        return None
    pop_size = _POPULATION_NUMPY
    if engine.compiled:  # the same size whether or not the kernels are loaded yet: one seed,
        _compiled.start_loading()  # one search (both decoders build the same plans)
        pop_size = 8 * int(np.clip(_POPULATION_TASKS // (8 * inst.n), 8, _POPULATION // 8))
    n = inst.n
    dur = inst.duration
    bound = _finish_bound(inst)
    weight = inst.weight.astype(np.float64)
    span = float(max(int((seed_start + dur).max(initial=1)), 1))
    keys = rng.random((islands, pop_size, n))
    keys[:, 0] = seed_start / span
    latest = latest_finish / span
    near = pop_size // 4
    keys[:, 1:near] = latest + 0.05 * rng.random((islands, near - 1, n))
    elite = max(2, round(pop_size * _ELITE_SHARE))
    mutants = max(0, round(pop_size * _MUTANT_SHARE))
    children = pop_size - elite - mutants
    best_start = seed_start
    best_score = _score(seed_start, dur, weight, inst.early_start)
    stale = since = 0
    generation = 0
    isle = np.arange(islands)[:, None]
    try:
        while time.perf_counter() < deadline and stale * pop_size * islands < _STALE_PLANS:
            if stop is not None and stop.is_set():
                break
            outside = None if inbox is None else inbox()
            if outside is not None:
                keys[:, -1] = (outside + 0.5) / (float((outside + dur).max(initial=0)) + 1.0)
            flat_starts, flat_finish = engine.decode(keys.reshape(-1, n), deadline)
            starts = flat_starts.reshape(islands, pop_size, n)
            finish = flat_finish.reshape(islands, pop_size)
            delay = (weight * np.maximum(starts - inst.early_start, 0)).sum(axis=2)
            rank = finish + delay / (float(delay.max(initial=0)) + 1.0)
            order = np.argsort(rank, axis=1, kind="stable")
            starts, finish, keys = starts[isle, order], finish[isle, order], keys[isle, order]
            top = int(np.argmin(rank[isle, order][:, 0]))
            score = (int(finish[top, 0]), float(delay[isle, order][top, 0]))
            if score < best_score:
                best_start, best_score, stale, since = starts[top, 0].copy(), score, 0, 0
            else:
                stale += 1
                since += 1
            if best_score[0] <= bound:
                break
            # the plan's start order becomes the chromosome (ties keep the key order)
            keys = (starts + 0.999 * keys) / (finish[:, :, None] + 1.0)
            if since >= _RESTART_AFTER:  # stuck: start again around the best plan
                since = 0
                best_keys = (best_start + 0.5) / (best_score[0] + 1.0)
                noise = rng.random((islands, pop_size, n)) * rng.choice(
                    _RESTART_NOISE, size=(islands, pop_size, 1)
                )
                keys = best_keys + noise
                keys[:, pop_size // 2 :] = rng.random((islands, pop_size - pop_size // 2, n))
                keys[:, 0] = best_keys
                continue
            generation += 1
            if islands > 1 and generation % _MIGRATION == 0:  # each island's best to the next
                keys[:, elite - 1] = np.roll(keys[:, 0], 1, axis=0)
            parents_a = rng.integers(0, elite, size=(islands, children))
            parents_b = rng.integers(elite, pop_size, size=(islands, children))
            take_a = rng.random((islands, children, n)) < _ELITE_BIAS
            born = np.where(take_a, keys[isle, parents_a], keys[isle, parents_b])
            keys = np.concatenate(
                [keys[:, :elite], born, rng.random((islands, mutants, n))], axis=1
            )
    except (_TooLong, _OutOfTime):
        pass
    return best_start


def _score(
    start: IntArray, dur: IntArray, weight: FloatArray, early: IntArray
) -> tuple[int, float]:
    return int((start + dur).max(initial=0)), float((weight * np.maximum(start - early, 0)).sum())


# ---------------------------------------------------------------------------------------------
# the exact model (CP-SAT)


@dataclass(frozen=True, eq=False)
class _Solved:
    """What one CP-SAT solve found: a plan (or None), its objective, bound and proof."""

    start: IntArray | None
    value: int
    bound: int
    optimal: bool


class _ExactModel:
    """The CP-SAT model of an instance, solved for the first objective, then the second.

    One integer start per unfixed task (between its earliest start and, levelling to the
    earliest finish, the latest start that keeps ``horizon``; within float, its late
    start), one fixed-size interval per task that uses a resource (optional within float:
    present = levelled), the links as linear constraints, and per resource one cumulative
    constraint over the intervals plus fixed blocks for the capacity that leave days and
    started tasks take. First objective: the project finish (or the number of tasks
    levelled); second: the priority-weighted sum of starts.
    """

    def __init__(self, inst: _Instance, upper: IntArray | None, horizon: int) -> None:
        from ortools.sat.python import cp_model

        self.inst = inst
        self.within_float = upper is not None
        dur, free, lower = inst.duration, inst.free, inst.lower
        if upper is None:
            latest = _backward(inst, np.where(free, horizon - dur, lower))
        else:
            latest = np.where(free, upper, lower)
        latest = np.maximum(latest, lower)
        model = cp_model.CpModel()
        self.model = model
        self.free_tasks = np.flatnonzero(free).tolist()
        starts: list[Any] = [int(v) for v in lower]
        for j in self.free_tasks:
            starts[j] = model.new_int_var(int(lower[j]), int(latest[j]), f"s{j}")
        self.starts = starts
        binding = free[inst.src] & (latest[inst.src] + inst.delta > lower[inst.dst])
        for p, s, d in zip(
            inst.src[binding].tolist(),
            inst.dst[binding].tolist(),
            inst.delta[binding].tolist(),
            strict=True,
        ):
            model.add(starts[s] >= starts[p] + d)
        end = int(max(horizon, int((latest + dur).max(initial=0))))
        fixed_load = _load_profile(inst.demand, dur, lower, inst.fixed, 0, end)
        room = np.maximum(_capacity_profile(inst, 0, end) - fixed_load, 0)
        self.levelled: list[Any] = []
        intervals: dict[int, Any] = {}
        for j in np.flatnonzero(free & (dur > 0) & (inst.demand.sum(axis=1) > 0)).tolist():
            if upper is None:
                intervals[j] = model.new_fixed_size_interval_var(starts[j], int(dur[j]), f"i{j}")
            else:
                present = model.new_bool_var(f"on{j}")
                self.levelled.append(present)
                intervals[j] = model.new_optional_fixed_size_interval_var(
                    starts[j], int(dur[j]), present, f"i{j}"
                )
        for res in range(inst.capacity.size):
            users = [j for j in intervals if inst.demand[j, res] > 0]
            if not users:
                continue
            days = room[res]
            if sum(int(inst.demand[j, res]) for j in users) <= int(days.min(initial=0)):
                continue  # never binding
            peak = int(days.max(initial=0))
            blocks = _capacity_blocks(days, peak)
            model.add_cumulative(
                [intervals[j] for j in users]
                + [
                    model.new_fixed_size_interval_var(a, b - a, f"c{res}_{a}") for a, b, _ in blocks
                ],
                [int(inst.demand[j, res]) for j in users] + [size for _, _, size in blocks],
                peak,
            )
        # decisions for the search workers that follow a fixed strategy: earliest start first
        model.add_decision_strategy(
            [starts[j] for j in self.free_tasks],
            cp_model.CHOOSE_LOWEST_MIN,
            cp_model.SELECT_MIN_VALUE,
        )
        self.lower_bound = _finish_bound(inst)
        if upper is None:
            self.finish = model.new_int_var(self.lower_bound, horizon, "finish")
            implied = _finish_implied(inst)
            watch = free & ~implied & (latest + dur > self.lower_bound)
            for j in np.flatnonzero(watch).tolist():
                model.add(self.finish >= starts[j] + int(dur[j]))
            model.minimize(self.finish)
        else:
            model.maximize(sum(self.levelled))
        self.solver: Any = None

    def _hint(self, start: IntArray) -> None:
        model = self.model
        model.clear_hints()  # type: ignore[no-untyped-call]
        for j in self.free_tasks:
            model.add_hint(self.starts[j], int(start[j]))
        if self.within_float:
            on = self.levelled_in(start)
            for lit, value in zip(self.levelled, on, strict=True):
                model.add_hint(lit, value)
        else:
            model.add_hint(self.finish, int((start + self.inst.duration).max(initial=0)))

    def levelled_in(self, start: IntArray) -> list[bool]:
        """Within float: which interval tasks of the model no conflict of ``start`` involves."""
        inst = self.inst
        clashing = {j for c in _conflicts(inst, start) for j in c.tasks}
        tasks = np.flatnonzero(inst.free & (inst.duration > 0) & (inst.demand.sum(axis=1) > 0))
        return [j not in clashing for j in tasks.tolist()]

    def _solve(
        self,
        seconds: float,
        workers: int,
        seed: int,
        callback: Any = None,
        extra: Mapping[str, Any] | None = None,
    ) -> tuple[Any, Any]:
        from ortools.sat.python import cp_model

        solver = cp_model.CpSolver()
        params = solver.parameters
        params.max_time_in_seconds = max(seconds, 0.01)
        params.num_workers = max(workers, 1)
        params.random_seed = seed
        for key, value in (extra or {}).items():
            setattr(params, key, value)
        self.solver = solver
        status = solver.solve(self.model, callback)
        return status, solver

    def _values(self, solver: Any) -> IntArray:
        start = self.inst.lower.copy()
        for j in self.free_tasks:
            start[j] = solver.value(self.starts[j])
        return start

    def solve_first(
        self,
        hint: IntArray,
        seconds: float,
        workers: int,
        seed: int,
        *,
        at_least: int | None = None,
        callback: Any = None,
        extra: Mapping[str, Any] | None = None,
    ) -> _Solved:
        """The first objective from ``hint`` (``at_least``: a known bound on the finish)."""
        from ortools.sat.python import cp_model

        if at_least is not None and not self.within_float and at_least > self.lower_bound:
            self.model.add(self.finish >= at_least)
            self.lower_bound = at_least
        self._hint(hint)
        status, solver = self._solve(seconds, workers, seed, callback, extra)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return _Solved(None, 0, self.lower_bound, False)
        value = round(solver.objective_value)
        bound = round(solver.best_objective_bound)
        return _Solved(self._values(solver), value, bound, status == cp_model.OPTIMAL)

    def solve_second(
        self, hint: IntArray, first_value: int, seconds: float, workers: int, seed: int
    ) -> _Solved:
        """The least weighted delay, keeping the first objective at ``first_value``."""
        from ortools.sat.python import cp_model

        model = self.model
        if self.within_float:
            model.add(sum(self.levelled) >= first_value)
        else:
            model.add(self.finish <= first_value)
        weights = self.inst.weight.tolist()
        model.minimize(sum(weights[j] * self.starts[j] for j in self.free_tasks))
        self._hint(hint)
        status, solver = self._solve(seconds, workers, seed)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return _Solved(None, 0, 0, False)
        return _Solved(self._values(solver), 0, 0, status == cp_model.OPTIMAL)

    def stop(self) -> None:
        if self.solver is not None:
            self.solver.stop_search()


def _recorder(model: _ExactModel) -> Any:
    """A CP-SAT solution callback keeping the latest plan found (read by the genetic search)."""
    from ortools.sat.python import cp_model

    class Recorder(cp_model.CpSolverSolutionCallback):
        def __init__(self) -> None:
            super().__init__()
            self.latest: IntArray | None = None
            self.lock = threading.Lock()

        def on_solution_callback(self) -> None:
            start = model.inst.lower.copy()
            for j in model.free_tasks:
                start[j] = self.value(model.starts[j])
            with self.lock:
                self.latest = start

        def take(self) -> IntArray | None:
            with self.lock:
                latest, self.latest = self.latest, None
            return latest

    return Recorder()


def _capacity_blocks(room: IntArray, peak: int) -> list[tuple[int, int, int]]:
    """Runs of days with less room than ``peak``: (first day, end day, units taken)."""
    taken = peak - room
    if not taken.any():
        return []
    change = np.flatnonzero(np.diff(taken)) + 1
    bounds = np.concatenate(([0], change, [taken.size]))
    return [
        (int(a), int(b), int(taken[a]))
        for a, b in itertools.pairwise(bounds.tolist())
        if taken[a] > 0
    ]


def _finish_implied(inst: _Instance) -> BoolArray:
    """Tasks some successor is sure to finish no earlier than (the finish need not watch them)."""
    dur = inst.duration
    covers = inst.delta + dur[inst.dst] >= dur[inst.src]
    implied = np.zeros(inst.n, dtype=bool)
    implied[inst.src[covers]] = True
    return implied


# ---------------------------------------------------------------------------------------------
# conflicts and the public function


def _conflicts(inst: _Instance, start: IntArray) -> tuple[Conflict, ...]:
    """Every (resource, day) where the plan uses more than the capacity, from the first day
    any unfixed task may start (the status date in practice)."""
    dur = inst.duration
    active = dur > 0
    if not active.any():
        return ()
    free = inst.free
    begin = int(inst.lower[free].min()) if free.any() else 0
    begin = max(begin, 0)
    end = int((start + dur)[active].max())
    if end <= begin:
        return ()
    load = _load_profile(inst.true_demand, dur, start, np.ones(inst.n, dtype=bool), begin, end)
    cap = _capacity_profile(inst, begin, end)
    res_idx, day_idx = np.nonzero(load > cap)
    finish = start + dur
    out: list[Conflict] = []
    for res in np.unique(res_idx).tolist():
        days = day_idx[res_idx == res] + begin  # sorted
        users = np.flatnonzero((inst.true_demand[:, res] > 0) & active)
        first = np.searchsorted(days, start[users])
        last = np.searchsorted(days, finish[users])
        running: list[list[int]] = [[] for _ in range(days.size)]
        for j, a, b in zip(users.tolist(), first.tolist(), last.tolist(), strict=True):
            for k in range(a, b):
                running[k].append(j)
        out += [
            Conflict(
                resource=res,
                day=day,
                load=float(load[res, day - begin]) / _UNITS,
                capacity=float(cap[res, day - begin]) / _UNITS,
                tasks=tuple(tasks),
            )
            for day, tasks in zip(days.tolist(), running, strict=True)
        ]
    return tuple(out)


def _workers() -> int:
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, 8))


def _search(
    inst: _Instance,
    upper: IntArray | None,
    began: float,
    time_limit: float,
    seed: int,
    workers: int,
    *,
    exact: bool,
) -> tuple[IntArray, str, bool, bool]:
    """Plan, method, finish proven earliest, whole objective proven (see ``level``)."""
    rng = np.random.default_rng(seed)
    deadline = began + time_limit - _MARGIN - 0.01 * time_limit  # room to hand the result back
    heur = _Heuristic(inst, upper)
    best = heur.plan(_priority_key(heur), deadline=deadline)
    bound = _finish_bound(inst)
    at_bound = best.overloaded == 0 and best.finish <= bound
    genetic = upper is None and not at_bound
    if not exact:
        if genetic:
            found = _genetic(inst, best.start, heur.latest_finish, deadline, rng)
            if found is not None:
                best = _best_of(heur, best, found)
        if not at_bound and (not genetic or found is None):
            best = _restarts(heur, best, deadline, rng)
        return best.start, "heuristic", best.overloaded == 0 and best.finish <= bound, False
    model = _ExactModel(inst, upper, best.finish)
    reserve = _SECOND_SHARE * time_limit
    solved: _Solved | None = None
    if genetic:
        until = began + _GENETIC_SHARE * time_limit
        if workers >= 2:  # the solver on the other cores while the genetic search runs
            recorder = _recorder(model)
            done = threading.Event()
            box: list[_Solved] = []
            hint = best.start

            def run() -> None:
                seconds = until - time.perf_counter()
                box.append(model.solve_first(hint, seconds, workers - 1, seed, callback=recorder))
                done.set()

            thread = threading.Thread(target=run, daemon=True)
            thread.start()
            found = _genetic(
                inst, hint, heur.latest_finish, until, rng, stop=done, inbox=recorder.take
            )
            if found is None:  # too large for the genetic search
                best = _restarts(heur, best, until, rng)
            model.stop()
            thread.join()
            solved = box[0] if box else None
        else:
            found = _genetic(inst, best.start, heur.latest_finish, until, rng)
            if found is None:
                best = _restarts(heur, best, until, rng)
        if found is not None:
            best = _best_of(heur, best, found)
        if solved is not None and solved.start is not None:
            best = _best_of(heur, best, solved.start)
    elif not at_bound:
        best = _restarts(heur, best, began + _HEURISTIC_SHARE * time_limit, rng)
    proven = at_bound or (solved is not None and solved.optimal)
    first_value: int | None = None
    seconds = deadline - reserve - time.perf_counter()
    if not proven and seconds > _SHORTEST_SOLVE:
        lower = None if solved is None else solved.bound
        again = model.solve_first(best.start, seconds, workers, seed, at_least=lower)
        if again.start is not None:
            proven = again.optimal
            if upper is None:
                best = _best_of(heur, best, again.start)
            elif _conflict_size(inst, again.start) <= _conflict_size(inst, best.start):
                best, first_value = heur.score(again.start), again.value
    if upper is None:
        first_value = best.finish
    elif first_value is None:
        first_value = sum(model.levelled_in(best.start))
    seconds = deadline - time.perf_counter()
    optimal = False
    if seconds > _SHORTEST_SOLVE:
        second = model.solve_second(best.start, first_value, seconds, workers, seed)
        if second.start is not None:
            keep = upper is None or (
                _conflict_size(inst, second.start) <= _conflict_size(inst, best.start)
            )
            if keep:
                best = heur.score(second.start)
                optimal = proven and second.optimal
    finish_proven = True if upper is not None else proven or best.finish <= bound
    return best.start, "cp-sat", finish_proven, optimal


def _best_of(heur: _Heuristic, best: _Plan, start: IntArray) -> _Plan:
    candidate = heur.score(start)
    return candidate if _better(candidate, best) else best


def level(
    problem: LevelProblem,
    *,
    time_limit: float = 10.0,
    within_float: bool = False,
    seed: int = 0,
    workers: int | None = None,
    use_solver: bool = True,
) -> LevelResult:
    """Level ``problem``: start offsets with no resource over its capacity on any day.

    Every link, ``min_start`` and fixed task is respected. The plan has the earliest
    project finish found, then the least priority-weighted delay against
    ``problem.early_start`` (module docstring). ``time_limit``: seconds of wall time in
    all; the search stops earlier when the solver proves its plan optimal or the finish
    reaches a lower bound (on networks of many thousand tasks the first heuristic plan
    alone may take longer). ``within_float``: each task starts no later than its late
    start (``problem.late_start``, or by default the latest start that keeps the unlevelled
    finish), so the finish never moves; what cannot be levelled that way stays and is listed
    in ``conflicts``. ``workers``: solver threads (default: the cores available, at most 8;
    with two or more, the genetic search runs beside a solver on ``workers - 1`` threads).
    ``use_solver=False`` uses the heuristics alone. ``seed`` drives every random choice; the
    same seed gives the same plan when the search ends before the time limit, not always
    when the limit cuts it short.

    Without OR-Tools, ``method`` is ``"heuristic"`` and ``note`` says how to install it.
    A task needing more of a resource than its capacity is planned as taking all of it and
    its days are listed in ``conflicts`` (no error). Raises ValueError for a ``problem``
    that is not well formed (see ``LevelProblem``).
    """
    began = time.perf_counter()
    inst = _prepare(problem)
    n = inst.n
    upper: IntArray | None = None
    unlevelled = int((problem.early_start + inst.duration).max(initial=0)) if n else 0
    if within_float:
        if problem.late_start is not None:
            upper = np.maximum(problem.late_start, inst.lower)
        else:
            finish = int((inst.lower + inst.duration).max(initial=0))
            upper = _backward(inst, np.where(inst.fixed, inst.lower, finish - inst.duration))
            upper = np.maximum(upper, inst.lower)
    solver = use_solver and solver_available()
    too_large = sum(u.size for u in inst.uses) > _SOLVER_MAX_USES
    note = "" if solver or not use_solver else NO_SOLVER_NOTE
    if not _conflicts(inst, inst.lower):  # nothing to level
        start, method, finish_optimal, optimal = inst.lower.copy(), "heuristic", True, True
    else:
        if solver and too_large:
            note = TOO_LARGE_NOTE
        found = _search(
            inst,
            upper,
            began,
            max(time_limit, 0.0),
            seed,
            workers or _workers(),
            exact=solver and not too_large,
        )
        start, method, finish_optimal, optimal = found
    finish = int((start + inst.duration).max(initial=0)) if n else 0
    return LevelResult(
        start=start,
        finish=finish,
        optimal=bool(optimal),
        finish_optimal=bool(finish_optimal),
        method=method,
        finish_delay=finish - unlevelled,
        conflicts=_conflicts(inst, start),
        seconds=time.perf_counter() - began,
        note=note,
    )


def _finish_bound(inst: _Instance) -> int:
    """A lower bound on the project finish (cached on the instance).

    The larger of the links alone (critical path) and, per resource, the first day by which
    the room it has from the earliest start of its tasks on (leave and started tasks taken
    off) adds up to all their work.
    """
    cached = inst.cache.get("finish_bound")
    if cached is not None:
        return cached
    dur = inst.duration
    bound = int((inst.lower + dur).max(initial=0))
    work = inst.demand * dur[:, None]
    users = inst.free[:, None] & (work > 0)
    if users.any():
        first = int(inst.lower[users.any(axis=1)].min())
        end = max(bound, first + 1) + int(dur.sum())
        fixed_load = _load_profile(inst.demand, dur, inst.lower, inst.fixed, first, end)
        room = np.maximum(_capacity_profile(inst, first, end) - fixed_load, 0)
        for res in np.flatnonzero(users.any(axis=0)).tolist():
            mine = users[:, res]
            start = int(inst.lower[mine].min())
            total = int(work[mine, res].sum())
            filled = np.cumsum(room[res, start - first :])
            reach = int(np.searchsorted(filled, total))  # days after ``start`` needed
            bound = max(bound, start + reach + 1 if reach < filled.size else end)
    inst.cache["finish_bound"] = bound
    return bound


def _conflict_size(inst: _Instance, start: IntArray) -> tuple[int, int]:
    conflicts = _conflicts(inst, start)
    tasks = {j for c in conflicts for j in c.tasks}
    return len(tasks), len(conflicts)
