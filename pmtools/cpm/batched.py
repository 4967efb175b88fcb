"""The critical-path passes batched over many duration vectors at once (Monte Carlo).

The network's level structure is computed once (``levels``); each pass then
updates a whole level for every column of a (tasks x runs) duration matrix with
a few numpy operations. ``deterministic_pass`` runs it once, with fractional
durations (PERT expected durations).
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
    "DeterministicResult",
    "Level",
    "apply_progress",
    "backward",
    "deterministic_pass",
    "forward",
    "levels",
]

FloatArray = npt.NDArray[np.floating[Any]]  # float32 in simulations, float64 once
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Level:
    nodes: IntArray
    rows: IntArray  # rows of the stacked [ES; EF] (forward) or [LS; LF] (backward) buffer
    lag: FloatArray
    shift_rows: IntArray  # positions (within this level's edges) that subtract/add a duration
    shift_tasks: IntArray  # the task whose duration is subtracted (fwd) / added (bwd)
    targets: IntArray  # one per group of edges: the task whose bound is updated
    starts: IntArray  # reduceat offsets of the groups

    @property
    def single(self) -> bool:
        """Every group is one edge: no reduction needed."""
        return self.starts.size == self.rows.size


def levels(net: Network, fixed: npt.NDArray[np.bool_]) -> tuple[list[Level], list[Level]]:
    n = net.ids.size
    level = net.order.level
    depth = int(level.max()) + 1 if n else 0
    node_order = np.argsort(level, kind="stable")
    node_bounds = np.searchsorted(level[node_order], np.arange(depth + 1))
    src, dst, lag = net.src, net.dst, net.lag.astype(np.float32)
    ff, tf = net.from_finish, net.to_finish
    keep = ~fixed[dst]  # a started task's start is a fact: links into it do not move it
    fwd_e = np.flatnonzero(keep)
    fwd_e = fwd_e[np.lexsort((dst[fwd_e], level[dst[fwd_e]]))]
    fwd_bounds = np.searchsorted(level[dst[fwd_e]], np.arange(depth + 1))
    bwd_e = np.lexsort((src, level[src]))
    bwd_bounds = np.searchsorted(level[src[bwd_e]], np.arange(depth + 1))
    forward, backward = [], []

    def make(
        nodes: IntArray, e: IntArray, key: IntArray, rows: IntArray, shift: npt.NDArray[np.bool_]
    ) -> Level:
        k = key[e]
        starts = np.flatnonzero(np.r_[True, k[1:] != k[:-1]]) if e.size else np.empty(0, np.int64)
        return Level(
            nodes, rows, lag[e], np.flatnonzero(shift), k[shift], k[starts] if e.size else k, starts
        )

    for lvl in range(depth):
        nodes = node_order[node_bounds[lvl] : node_bounds[lvl + 1]]
        e = fwd_e[fwd_bounds[lvl] : fwd_bounds[lvl + 1]]
        forward.append(make(nodes, e, dst, src[e] + n * ff[e], tf[e]))  # edges into the level
        e = bwd_e[bwd_bounds[lvl] : bwd_bounds[lvl + 1]]
        backward.append(make(nodes, e, src, dst[e] + n * tf[e], ~ff[e]))  # edges out of it
    return forward, backward


def forward(levels: list[Level], duration: FloatArray, start: FloatArray) -> FloatArray:
    """[ES; EF] (2n x c) for durations (n x c) and earliest starts (n,)."""
    n, c = duration.shape
    buffer = np.empty((2 * n, c), dtype=duration.dtype)
    es, ef = buffer[:n], buffer[n:]
    es[:] = start[:, None]
    for lv in levels:
        if lv.starts.size:
            cand = buffer[lv.rows]
            cand += lv.lag[:, None]
            if lv.shift_rows.size:
                cand[lv.shift_rows] -= duration[lv.shift_tasks]
            best = cand if lv.single else np.maximum.reduceat(cand, lv.starts, axis=0)
            np.maximum(es[lv.targets], best, out=best)
            es[lv.targets] = best
        ef[lv.nodes] = es[lv.nodes] + duration[lv.nodes]
    return buffer


def backward(levels: list[Level], duration: FloatArray, finish: FloatArray) -> FloatArray:
    """[LS; LF] (2n x c) against each column's project finish (c,)."""
    n, c = duration.shape
    buffer = np.empty((2 * n, c), dtype=duration.dtype)
    ls, lf = buffer[:n], buffer[n:]
    lf[:] = finish[None, :]
    for lv in reversed(levels):
        if lv.starts.size:
            cand = buffer[lv.rows]
            cand -= lv.lag[:, None]
            if lv.shift_rows.size:
                cand[lv.shift_rows] += duration[lv.shift_tasks]
            best = cand if lv.single else np.minimum.reduceat(cand, lv.starts, axis=0)
            np.minimum(lf[lv.targets], best, out=best)
            lf[lv.targets] = best
        ls[lv.nodes] = lf[lv.nodes] - duration[lv.nodes]
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


def apply_progress(state: ProgressState, out: FloatArray) -> FloatArray:
    """Apply progress to sampled durations (n x c) in place: finished fixed, in-progress left."""
    if state.finished.any():
        fixed_duration = state.duration.astype(out.dtype)
        out[state.finished] = fixed_duration[state.finished][:, None]
    if state.started.any():
        assert state.after_status is not None
        rows = np.flatnonzero(state.started)
        remaining = np.ceil(out[rows] * state.remaining[rows, None].astype(out.dtype) - 1e-6)
        finish = state.after_status + remaining
        out[rows] = np.maximum(finish - state.fixed_start[rows, None], 0)
    return out


def deterministic_pass(project: Project, durations: npt.ArrayLike) -> DeterministicResult:
    """Schedule the leaf network once with the given (possibly fractional) durations."""
    state = progress_state(project)
    net = state.net
    forward_levels, backward_levels = levels(net, state.fixed)
    base = np.asarray(durations, dtype=np.float64)[:, None]
    duration = apply_progress(state, base.copy())
    start = np.where(state.fixed, state.fixed_start, state.min_start).astype(np.float64)
    early = forward(forward_levels, duration, start)
    n = net.ids.size
    finish = early[n:].max(axis=0) if n else np.zeros(1)
    late = backward(backward_levels, duration, finish)
    return DeterministicResult(
        net, duration[:, 0], early[:n, 0], early[n:, 0], late[:n, 0], float(finish[0])
    )
