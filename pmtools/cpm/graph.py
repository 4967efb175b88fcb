"""Directed graphs on integer node ids: topological order and cycle finding.

Nodes are ``0..n-1``; edges are two aligned int arrays ``src -> dst``.
``topological_order`` runs Kahn's algorithm a whole frontier at a time with
numpy while frontiers are wide, and finishes in a plain loop over adjacency
lists once they turn narrow (long chains), so both wide and deep networks
stay linear-time with a small constant.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = ["Order", "find_cycles", "topological_order"]

IntArray = npt.NDArray[np.int64]

#: Average frontier width below which the numpy loop hands over to plain Python.
_NARROW = 48
#: How many recent frontiers that average is taken over.
_WINDOW = 16
#: Levels always processed with numpy first: networks often start narrow (kick-off).
_MIN_DEPTH = 64


@dataclass(frozen=True)
class Order:
    """A topological order: ``order`` lists nodes, ``level`` gives each node's depth.

    ``level[v]`` is the length of the longest edge path into ``v`` when
    ``levels_exact`` is true (frontier processing); after a hand-over to the
    plain loop, levels are only consistent (pred level < succ level).
    ``remaining`` marks nodes that could not be ordered: they lie on a cycle
    or downstream of one.
    """

    order: IntArray
    level: IntArray
    remaining: npt.NDArray[np.bool_]

    @property
    def acyclic(self) -> bool:
        return not bool(self.remaining.any())


def _csr(n: int, src: IntArray, dst: IntArray) -> tuple[IntArray, IntArray]:
    """Out-adjacency as CSR: ``targets[ptr[v]:ptr[v+1]]`` are the successors of v."""
    order = np.argsort(src)
    targets = dst[order]
    ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(src, minlength=n), out=ptr[1:])
    return ptr, targets


def _gather(ptr: IntArray, targets: IntArray, nodes: IntArray) -> IntArray:
    """Concatenated successor lists of ``nodes``."""
    starts, ends = ptr[nodes], ptr[nodes + 1]
    counts = ends - starts
    total = int(counts.sum())
    if total == 0:
        return np.empty(0, dtype=np.int64)
    offsets = np.repeat(starts - np.cumsum(counts) + counts, counts)
    return targets[offsets + np.arange(total, dtype=np.int64)]


def topological_order(n: int, src: IntArray, dst: IntArray) -> Order:
    """Order nodes so that every edge goes from an earlier to a later node."""
    src = np.asarray(src, dtype=np.int64)
    dst = np.asarray(dst, dtype=np.int64)
    indegree = np.bincount(dst, minlength=n).astype(np.int64)
    ptr, targets = _csr(n, src, dst)
    level = np.full(n, -1, dtype=np.int64)
    chunks: list[IntArray] = []
    frontier = np.flatnonzero(indegree == 0)
    depth = 0
    recent: list[int] = []  # sizes of the last _WINDOW frontiers
    while frontier.size:
        level[frontier] = depth
        chunks.append(frontier)
        recent = [*recent[1 - _WINDOW :], int(frontier.size)]
        succ = _gather(ptr, targets, frontier)
        if succ.size == 0:
            frontier = np.empty(0, dtype=np.int64)
            break
        nodes, counts = np.unique(succ, return_counts=True)
        indegree[nodes] -= counts
        frontier = nodes[indegree[nodes] == 0]
        depth += 1
        if depth >= _MIN_DEPTH and sum(recent) < _WINDOW * _NARROW:
            break  # frontiers have turned narrow: a plain loop is faster from here
    if frontier.size:
        tail = _plain_kahn(frontier, indegree, ptr, targets, level, depth)
        chunks.append(tail)
    order = np.concatenate(chunks) if chunks else np.empty(0, dtype=np.int64)
    return Order(order=order, level=level, remaining=level < 0)


def _plain_kahn(
    frontier: IntArray,
    indegree: IntArray,
    ptr: IntArray,
    targets: IntArray,
    level: IntArray,
    depth: int,
) -> IntArray:
    indeg = indegree.tolist()
    ptr_l = ptr.tolist()
    targets_l = targets.tolist()
    lev = level.tolist()
    stack = frontier.tolist()
    for v in stack:
        lev[v] = depth
    out: list[int] = []
    push = stack.append
    while stack:
        v = stack.pop()
        out.append(v)
        next_level = lev[v] + 1
        for i in range(ptr_l[v], ptr_l[v + 1]):
            w = targets_l[i]
            if lev[w] < next_level:
                lev[w] = next_level
            indeg[w] -= 1
            if indeg[w] == 0:
                push(w)
    level[:] = lev
    # nodes never pushed still carry a tentative level from a visited predecessor
    unreached = np.asarray(indeg, dtype=np.int64) > 0
    level[unreached] = -1
    return np.asarray(out, dtype=np.int64)


def find_cycles(n: int, src: IntArray, dst: IntArray, *, limit: int = 20) -> list[list[int]]:
    """Node lists of distinct cycles (each in edge order, first node not repeated).

    Finds one cycle, removes its nodes, and repeats while loops remain (at most
    ``limit``), so a folder with several independent loops reports each.
    """
    src = np.asarray(src, dtype=np.int64)
    dst = np.asarray(dst, dtype=np.int64)
    alive = np.ones(n, dtype=bool)
    cycles: list[list[int]] = []
    while len(cycles) < limit:
        keep = alive[src] & alive[dst]
        s, d = src[keep], dst[keep]
        result = topological_order(n, s, d)
        stuck = result.remaining & alive
        if not stuck.any():
            break
        # every stuck node has a stuck predecessor: walk backwards until a node repeats
        on = stuck[s] & stuck[d]
        pred_of: dict[int, int] = {}
        for a, b in zip(s[on].tolist(), d[on].tolist(), strict=True):
            pred_of.setdefault(b, a)
        node = int(np.flatnonzero(stuck)[0])
        seen: dict[int, int] = {}
        path: list[int] = []
        while node not in seen:
            seen[node] = len(path)
            path.append(node)
            node = pred_of[node]
        loop = path[seen[node] :]
        loop.reverse()  # walked backwards; edges run forwards
        cycles.append(loop)
        alive[loop] = False
    return cycles
