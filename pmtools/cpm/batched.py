"""The critical-path passes batched over many duration vectors at once (Monte Carlo).

The network's level structure is computed once (``pass_plan``): tasks are
numbered level by level (the pass order), so the tasks of one level are one
block of rows, and within a level by the number of links into them, most first.
The links into (forward) or out of (backward) a level are laid out by rank: the
first link of every task it bounds, then the second link of those with two or
more, and so on, so each rank is one block of rows bounding a leading block of
the level's tasks. Each pass then updates a whole level for every column of a
(tasks x runs) duration matrix with a few numpy operations on slices.
``deterministic_pass`` runs it once, with fractional durations (PERT expected
durations).

The passes only add, subtract, and take maxima or minima of finite numbers that
are never a negative zero, so every value is the one a task-by-task pass gives,
bit for bit, in whatever order the links are taken.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from pmtools.cpm.network import Network
from pmtools.cpm.progress import ProgressState, progress_state
from pmtools.model import Project

__all__ = [
    "CriticalCount",
    "DeterministicResult",
    "Level",
    "PassPlan",
    "apply_progress",
    "backward",
    "deterministic_pass",
    "forward",
    "pass_plan",
    "plan_of",
]

FloatArray = npt.NDArray[np.floating[Any]]  # float32 in simulations, float64 once
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Level:
    """The tasks of one level (rows ``first:last`` in pass order) and the links a pass applies.

    Forward, the links run into the level; backward, out of it. ``targets`` are the
    tasks the links bound, most links first (a slice when they are consecutive rows),
    and ``counts[r]`` how many of them have more than r links. ``rows`` holds, rank
    by rank, the row of the stacked [ES; EF] (forward) or [LS; LF] (backward) buffer
    at each link's far end: first the first link of every target, then the second
    link of the first ``counts[1]`` targets, and so on; ``lag`` is each link's lag.
    ``shift_rows`` are the links (positions in ``rows``) that subtract (forward) or
    add (backward) the duration of task ``shift_tasks``.
    """

    first: int
    last: int
    rows: IntArray
    lag: FloatArray
    shift_rows: IntArray
    shift_tasks: IntArray
    targets: slice | IntArray
    counts: tuple[int, ...]

    @property
    def scratch_rows(self) -> int:
        """Rows of scratch space a pass over this level needs (links, then the bounds)."""
        if not self.counts:
            return 0
        return self.rows.size + (0 if isinstance(self.targets, slice) else self.counts[0])


@dataclass(frozen=True)
class PassPlan:
    """The pass order of a leaf network and its levels, forward and backward.

    ``order`` lists leaf positions (file order) in pass order; ``position`` is its
    inverse: the pass row of each leaf. Durations and starts given to ``forward``
    and ``backward`` are in pass order (``values[plan.order]``).
    """

    order: IntArray
    position: IntArray
    forward: tuple[Level, ...]
    backward: tuple[Level, ...]
    scratch_rows: int  # rows of scratch space ``forward`` and ``backward`` need
    widest: int  # tasks in the largest level


def _level(
    first: int,
    last: int,
    target: IntArray,
    far: IntArray,
    lag: FloatArray,
    shift: BoolArray,
    shift_task: IntArray,
) -> Level:
    """Lay out the links bounding tasks ``target`` (pass rows, one per link) rank by rank."""
    if not target.size:
        empty = np.empty(0, dtype=np.int64)
        return Level(first, last, empty, lag[:0], empty, empty, slice(first, first), ())
    tasks, inverse, degree = np.unique(target, return_inverse=True, return_counts=True)
    by_degree = np.lexsort((tasks, -degree))  # most links first, then pass order
    slot = np.empty(tasks.size, dtype=np.int64)
    slot[by_degree] = np.arange(tasks.size)
    link_slot = slot[inverse]
    rank = np.zeros(target.size, dtype=np.int64)
    for_rank = np.argsort(link_slot, kind="stable")  # a task's links keep their order
    starts = np.searchsorted(link_slot[for_rank], np.arange(tasks.size))
    rank[for_rank] = np.arange(target.size) - np.repeat(starts, degree[by_degree])
    layout = np.lexsort((link_slot, rank))
    sorted_degree = degree[by_degree]
    counts = tuple(int((sorted_degree > r).sum()) for r in range(int(sorted_degree[0])))
    ordered = tasks[by_degree]
    targets: slice | IntArray = ordered
    if np.array_equal(ordered, np.arange(ordered[0], ordered[0] + ordered.size)):
        targets = slice(int(ordered[0]), int(ordered[0]) + ordered.size)
    shifted = shift[layout]
    return Level(
        first,
        last,
        far[layout],
        lag[layout],
        np.flatnonzero(shifted),
        shift_task[layout][shifted],
        targets,
        counts,
    )


def pass_plan(net: Network, fixed: BoolArray) -> PassPlan:
    """Number the leaf tasks level by level and lay out each level's links by rank.

    Links into ``fixed`` tasks (started or finished: their start is a fact) are
    left out of the forward pass.
    """
    n = net.ids.size
    level = net.order.level
    depth = int(level.max()) + 1 if n else 0
    src, dst, lag = net.src, net.dst, net.lag.astype(np.float32)
    ff, tf = net.from_finish, net.to_finish
    keep = ~fixed[dst]  # a started task's start is a fact: links into it do not move it
    into = np.bincount(dst[keep], minlength=n)
    order = np.lexsort((np.arange(n), -into, level)).astype(np.int64)
    position = np.empty(n, dtype=np.int64)
    position[order] = np.arange(n)
    bounds = np.searchsorted(level[order], np.arange(depth + 1))
    fwd = np.flatnonzero(keep)
    fwd = fwd[np.argsort(position[dst[fwd]], kind="stable")]
    fwd_bounds = np.searchsorted(position[dst[fwd]], bounds)
    bwd = np.argsort(position[src], kind="stable")
    bwd_bounds = np.searchsorted(position[src[bwd]], bounds)
    forward, backward = [], []
    for lvl in range(depth):
        first, last = int(bounds[lvl]), int(bounds[lvl + 1])
        e = fwd[fwd_bounds[lvl] : fwd_bounds[lvl + 1]]
        target = position[dst[e]]
        far = position[src[e]] + n * ff[e]
        forward.append(_level(first, last, target, far, lag[e], tf[e], target))
        e = bwd[bwd_bounds[lvl] : bwd_bounds[lvl + 1]]
        target = position[src[e]]
        far = position[dst[e]] + n * tf[e]
        backward.append(_level(first, last, target, far, lag[e], ~ff[e], target))
    scratch = max((lv.scratch_rows for lv in (*forward, *backward)), default=0)
    widest = int(np.diff(bounds).max()) if depth else 0
    return PassPlan(order, position, tuple(forward), tuple(backward), scratch, widest)


def _scratch(plan: PassPlan, like: FloatArray, scratch: FloatArray | None) -> FloatArray:
    if scratch is not None:
        return scratch
    return np.empty((plan.scratch_rows, like.shape[1]), dtype=like.dtype)


def _bound(
    lv: Level,
    buffer: FloatArray,
    bound: FloatArray,
    initial: FloatArray,
    duration: FloatArray,
    space: FloatArray,
    *,
    late: bool,
) -> None:
    """Set ``bound`` (ES forward, LF backward; n x c) for the tasks of level ``lv``.

    ``initial`` is the bound without links: (n x 1) earliest starts forward, the
    (1 x c) project finishes backward (``late``).
    """
    a, b = lv.first, lv.last
    if not lv.counts:
        bound[a:b] = initial if late else initial[a:b]
        return
    links = lv.rows.size
    cand = space[:links]
    np.take(buffer, lv.rows, axis=0, out=cand, mode="clip")
    if late:
        cand -= lv.lag[:, None]
        if lv.shift_rows.size:
            cand[lv.shift_rows] += duration[lv.shift_tasks]
    else:
        cand += lv.lag[:, None]
        if lv.shift_rows.size:
            cand[lv.shift_rows] -= duration[lv.shift_tasks]
    pick = np.minimum if late else np.maximum
    targets = lv.targets
    whole = late  # the same initial bound for every task
    count = lv.counts[0]
    if isinstance(targets, slice):
        best = bound[targets]
        if targets.start > a or targets.stop < b:
            bound[a:b] = initial if whole else initial[a:b]
    else:
        best = space[links : links + count]
    pick(initial if whole else initial[targets], cand[:count], out=best)
    done = count
    for count in lv.counts[1:]:
        pick(best[:count], cand[done : done + count], out=best[:count])
        done += count
    if not isinstance(targets, slice):
        bound[a:b] = initial if whole else initial[a:b]
        bound[targets] = best


def forward(
    plan: PassPlan,
    duration: FloatArray,
    start: FloatArray,
    *,
    out: FloatArray | None = None,
    scratch: FloatArray | None = None,
) -> FloatArray:
    """[ES; EF] (2n x c) for durations (n x c) and earliest starts (n,), all in pass order.

    ``out`` (2n x c) and ``scratch`` (``plan.scratch_rows`` x c) are reused if given.
    """
    n, c = duration.shape
    buffer = np.empty((2 * n, c), dtype=duration.dtype) if out is None else out
    space = _scratch(plan, duration, scratch)
    es, ef = buffer[:n], buffer[n:]
    initial = start.astype(duration.dtype, copy=False)[:, None]
    for lv in plan.forward:
        _bound(lv, buffer, es, initial, duration, space, late=False)
        np.add(es[lv.first : lv.last], duration[lv.first : lv.last], out=ef[lv.first : lv.last])
    return buffer


@dataclass(frozen=True)
class CriticalCount:
    """Counts runs with (near) zero total float during ``backward``, a level at a time.

    A task is critical in a run when LS - ES <= ``tolerance`` (1 x c); ``counts``
    (one per task, pass order) grows by the runs in which it is. Counting each level
    just after its late dates are set reads them while they are still in the cache.
    """

    early_start: FloatArray  # ES (n x c) from ``forward``
    tolerance: FloatArray
    counts: npt.NDArray[np.int64]


def backward(
    plan: PassPlan,
    duration: FloatArray,
    finish: FloatArray,
    *,
    out: FloatArray | None = None,
    scratch: FloatArray | None = None,
    critical: CriticalCount | None = None,
) -> FloatArray:
    """[LS; LF] (2n x c) against each column's project finish (c,), in pass order.

    ``out`` (2n x c) and ``scratch`` (``plan.scratch_rows`` x c) are reused if given;
    ``critical`` counts the critical runs of every task on the way.
    """
    n, c = duration.shape
    buffer = np.empty((2 * n, c), dtype=duration.dtype) if out is None else out
    space = _scratch(plan, duration, scratch)
    ls, lf = buffer[:n], buffer[n:]
    initial = finish.astype(duration.dtype, copy=False)[None, :]
    slack = np.empty((plan.widest if critical else 0, c), dtype=duration.dtype)
    on_path = np.empty(slack.shape, dtype=np.bool_)
    for lv in reversed(plan.backward):
        a, b = lv.first, lv.last
        _bound(lv, buffer, lf, initial, duration, space, late=True)
        np.subtract(lf[a:b], duration[a:b], out=ls[a:b])
        if critical is not None:
            np.subtract(ls[a:b], critical.early_start[a:b], out=slack[: b - a])
            np.less_equal(slack[: b - a], critical.tolerance, out=on_path[: b - a])
            critical.counts[a:b] += np.count_nonzero(on_path[: b - a], axis=1)
    return buffer


@dataclass(frozen=True)
class DeterministicResult:
    """One run with given durations: early/late dates per leaf task and the finish."""

    net: Network
    duration: FloatArray
    early_start: FloatArray
    early_finish: FloatArray
    late_start: FloatArray
    finish: float

    def heaviest_critical_chain(self, weight: npt.NDArray[np.float64]) -> list[int]:
        """Leaf positions of the critical chain (tight links, zero float) with most weight."""
        tol = 1e-6
        critical = (self.late_start - self.early_start) <= tol
        net = self.net
        es, ef, dur = self.early_start, self.early_finish, self.duration
        base = np.where(net.from_finish, ef[net.src], es[net.src]) + net.lag
        base = base - np.where(net.to_finish, dur[net.dst], 0)
        tight = critical[net.src] & critical[net.dst] & (np.abs(base - es[net.dst]) <= tol)
        preds: dict[int, list[int]] = {}
        for a, b in zip(net.src[tight].tolist(), net.dst[tight].tolist(), strict=True):
            preds.setdefault(b, []).append(a)
        best: dict[int, float] = {}
        back: dict[int, int | None] = {}
        for v in net.order.order.tolist():
            if not critical[v]:
                continue
            options = [(best[p], p) for p in preds.get(v, []) if p in best]
            top = max(options, default=(0.0, None))
            best[v] = float(weight[v]) + top[0]
            back[v] = top[1]
        ends = [v for v in best if abs(ef[v] - self.finish) <= tol]
        if not ends:
            return []
        node: int | None = max(ends, key=lambda v: best[v])
        chain: list[int] = []
        while node is not None:
            chain.append(node)
            node = back[node]
        return chain[::-1]


def plan_of(project: Project) -> PassPlan:
    """The pass plan of the project's leaf network with progress applied, computed once."""
    state = progress_state(project)
    return project.remember(("pass_plan",), lambda: pass_plan(state.net, state.fixed))


def apply_progress(
    state: ProgressState, out: FloatArray, order: IntArray | None = None
) -> FloatArray:
    """Apply progress to sampled durations (n x c) in place: finished fixed, in-progress left.

    Row i of ``out`` is leaf ``order[i]`` when ``order`` is given (pass order), else leaf i.
    """
    finished, started = state.finished, state.started
    if order is not None:
        finished, started = finished[order], started[order]
    if finished.any():
        fixed_duration = (state.duration if order is None else state.duration[order]).astype(
            out.dtype
        )
        out[finished] = fixed_duration[finished][:, None]
    if started.any():
        assert state.after_status is not None
        rows = np.flatnonzero(started)
        leaf = rows if order is None else order[rows]
        remaining = np.ceil(out[rows] * state.remaining[leaf, None].astype(out.dtype) - 1e-6)
        finish = state.after_status + remaining
        out[rows] = np.maximum(finish - state.fixed_start[leaf, None], 0)
    return out


def deterministic_pass(project: Project, durations: npt.ArrayLike) -> DeterministicResult:
    """Schedule the leaf network once with the given (possibly fractional) durations."""
    state = progress_state(project)
    net = state.net
    plan = plan_of(project)
    order, position = plan.order, plan.position
    duration = np.asarray(durations, dtype=np.float64)[order][:, None]
    apply_progress(state, duration, order)
    start = np.where(state.fixed, state.fixed_start, state.min_start).astype(np.float64)[order]
    early = forward(plan, duration, start)
    n = net.ids.size
    finish = early[n:].max(axis=0) if n else np.zeros(1)
    late = backward(plan, duration, finish)
    return DeterministicResult(
        net,
        duration[position, 0],
        early[position, 0],
        early[n + position, 0],
        late[position, 0],
        float(finish[0]),
    )
