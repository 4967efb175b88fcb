"""The critical-path passes over a leaf network, in whole working days.

Units: every offset is a whole number of working days counted from offset 0,
the first working day on or after the project start. A task occupies the
working days ``early_start .. early_finish - 1``; ``early_finish = early_start +
duration``. A link ``P -> S`` of type XY with lag L requires, in offsets:

    FS: start(S)  >= finish(P) + L        SS: start(S)  >= start(P) + L
    FF: finish(S) >= finish(P) + L        SF: finish(S) >= start(P) + L

The forward pass takes the largest start every link and the minimum start
allow. The backward pass takes the smallest finish every link, the project
finish and the deadlines allow, so a deadline that cannot be met shows as
negative total float. Free float is how far a task can slip before it delays
any successor's early dates or the project finish, clipped to ``0..total_float``.

Wide networks are passed level by level with numpy (``np.maximum.at`` over the
links into a level); narrow ones (long chains) by a plain loop, which is faster
there.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from pmtools.cpm.network import Network

__all__ = ["NO_DEADLINE", "Passes", "passes"]

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

_NARROW = 48  # average tasks per level below which a plain loop beats numpy
#: The deadline offset of a task without one.
NO_DEADLINE = np.iinfo(np.int64).max // 4


@dataclass(frozen=True)
class Passes:
    """Early and late dates (offsets) of every leaf task, its free float, the finish."""

    early_start: IntArray
    early_finish: IntArray
    late_start: IntArray
    late_finish: IntArray
    free_float: IntArray
    finish: int


def passes(
    net: Network,
    duration: IntArray,
    min_start: IntArray,
    max_finish: IntArray,
    fixed: BoolArray,
    fixed_start: IntArray,
) -> Passes:
    """Forward and backward pass over ``net`` with the given durations and bounds.

    ``fixed`` tasks keep ``fixed_start`` (their links into them are not applied).
    ``max_finish`` is a deadline offset per task (a large number for none).
    """
    n = net.ids.size
    src, dst, lag = net.src, net.dst, net.lag
    ff, tf = net.from_finish, net.to_finish
    topo = net.order
    if not topo.acyclic:
        raise ValueError("the network has a cycle; validate the project first")
    level = topo.level
    n_levels = int(level.max()) + 1 if n else 0
    es = np.where(fixed, fixed_start, min_start)
    if n_levels and n / n_levels >= _NARROW:
        _forward_levels(level, n_levels, es, duration, src, dst, ff, tf, lag, fixed)
    else:
        _forward_loop(topo.order, es, duration, src, dst, ff, tf, lag, fixed)
    ef = es + duration
    finish = int(ef.max()) if n else 0
    lf = np.minimum(max_finish, finish)
    if n_levels and n / n_levels >= _NARROW:
        _backward_levels(level, n_levels, lf, duration, src, dst, ff, tf, lag)
    else:
        _backward_loop(topo.order, lf, duration, src, dst, ff, tf, lag)
    ls = lf - duration
    # free float: slack of every outgoing link against the successor's early dates
    free = finish - ef
    if src.size:
        succ_side = np.where(tf, ef[dst], es[dst])
        pred_side = np.where(ff, ef[src], es[src])
        np.minimum.at(free, src, succ_side - lag - pred_side)
    total = ls - es
    free = np.clip(free, 0, np.maximum(total, 0))
    return Passes(es, ef, ls, lf, free, finish)


def _forward_levels(
    level: IntArray,
    n_levels: int,
    es: IntArray,
    duration: IntArray,
    src: IntArray,
    dst: IntArray,
    ff: BoolArray,
    tf: BoolArray,
    lag: IntArray,
    fixed: BoolArray,
) -> None:
    edge_level = level[dst]
    order = np.argsort(edge_level)
    bounds = np.searchsorted(edge_level[order], np.arange(n_levels + 1))
    ef = es + duration
    shift = np.where(tf, duration[dst], 0) - lag
    node_order = np.argsort(level)
    node_bounds = np.searchsorted(level[node_order], np.arange(n_levels + 1))
    for lvl in range(1, n_levels):
        e = order[bounds[lvl] : bounds[lvl + 1]]
        if e.size:
            s = src[e]
            cand = np.where(ff[e], ef[s], es[s]) - shift[e]
            np.maximum.at(es, dst[e], np.where(fixed[dst[e]], es[dst[e]], cand))
        nodes = node_order[node_bounds[lvl] : node_bounds[lvl + 1]]
        ef[nodes] = es[nodes] + duration[nodes]


def _backward_levels(
    level: IntArray,
    n_levels: int,
    lf: IntArray,
    duration: IntArray,
    src: IntArray,
    dst: IntArray,
    ff: BoolArray,
    tf: BoolArray,
    lag: IntArray,
) -> None:
    edge_level = level[src]
    order = np.argsort(edge_level)
    bounds = np.searchsorted(edge_level[order], np.arange(n_levels + 1))
    ls = lf - duration
    shift = lag - np.where(ff, 0, duration[src])
    node_order = np.argsort(level)
    node_bounds = np.searchsorted(level[node_order], np.arange(n_levels + 1))
    for lvl in range(n_levels - 2, -1, -1):
        e = order[bounds[lvl] : bounds[lvl + 1]]
        if e.size:
            d = dst[e]
            np.minimum.at(lf, src[e], np.where(tf[e], lf[d], ls[d]) - shift[e])
        nodes = node_order[node_bounds[lvl] : node_bounds[lvl + 1]]
        ls[nodes] = lf[nodes] - duration[nodes]


def _forward_loop(
    order: IntArray,
    es: IntArray,
    duration: IntArray,
    src: IntArray,
    dst: IntArray,
    ff: BoolArray,
    tf: BoolArray,
    lag: IntArray,
    fixed: BoolArray,
) -> None:
    n = es.size
    by_dst = np.argsort(dst)
    ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(dst, minlength=n), out=ptr[1:])
    ptr_l = ptr.tolist()
    src_l = src[by_dst].tolist()
    ff_l = ff[by_dst].tolist()
    shift_l = (np.where(tf, duration[dst], 0) - lag)[by_dst].tolist()
    es_l = es.tolist()
    dur_l = duration.tolist()
    fixed_l = fixed.tolist()
    ef_l = [a + b for a, b in zip(es_l, dur_l, strict=True)]
    for v in order.tolist():
        if not fixed_l[v]:
            best = es_l[v]
            for i in range(ptr_l[v], ptr_l[v + 1]):
                p = src_l[i]
                cand = (ef_l[p] if ff_l[i] else es_l[p]) - shift_l[i]
                if cand > best:
                    best = cand
            es_l[v] = best
        ef_l[v] = es_l[v] + dur_l[v]
    es[:] = es_l


def _backward_loop(
    order: IntArray,
    lf: IntArray,
    duration: IntArray,
    src: IntArray,
    dst: IntArray,
    ff: BoolArray,
    tf: BoolArray,
    lag: IntArray,
) -> None:
    n = lf.size
    by_src = np.argsort(src)
    ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(src, minlength=n), out=ptr[1:])
    ptr_l = ptr.tolist()
    dst_l = dst[by_src].tolist()
    tf_l = tf[by_src].tolist()
    shift_l = (lag - np.where(ff, 0, duration[src]))[by_src].tolist()
    lf_l = lf.tolist()
    dur_l = duration.tolist()
    ls_l = [a - b for a, b in zip(lf_l, dur_l, strict=True)]
    for v in reversed(order.tolist()):
        best = lf_l[v]
        for i in range(ptr_l[v], ptr_l[v + 1]):
            d = dst_l[i]
            cand = (lf_l[d] if tf_l[i] else ls_l[d]) - shift_l[i]
            if cand < best:
                best = cand
        lf_l[v] = best
        ls_l[v] = best - dur_l[v]
    lf[:] = lf_l
