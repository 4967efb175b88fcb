"""numba kernels of ``pmtools.cpm._compiled`` (imported only when numba is installed)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from numba import njit

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

_jit = njit(cache=True, nogil=True)


@_jit
def order_of(keys: FloatArray, tasks: IntArray, topo: IntArray, pred: IntArray, n: int) -> IntArray:
    """The free tasks by key, each raised just above the keys of the tasks it waits
    for (``topo``: the free tasks, every task after its ``pred``)."""
    adjusted = np.empty(n + 1)
    adjusted[:] = -np.inf
    for v in tasks:
        adjusted[v] = keys[v]
    for v in topo:
        best = -np.inf
        for i in range(pred.shape[1]):
            p = pred[v, i]
            if p == n:
                break
            if adjusted[p] > best:
                best = adjusted[p]
        after = np.nextafter(best, np.inf)
        if after > adjusted[v]:
            adjusted[v] = after
    values = np.empty(tasks.size)
    for i in range(tasks.size):
        values[i] = adjusted[tasks[i]]
    return tasks[np.argsort(values, kind="mergesort")]


@_jit
def sgs(
    order: IntArray,
    pred: IntArray,
    delta: IntArray,
    lower: IntArray,
    dur: IntArray,
    use_ptr: IntArray,
    use_res: IntArray,
    use_need: IntArray,
    room: npt.NDArray[np.int32],
    start: IntArray,
) -> bool:
    """Place the tasks of ``order`` one by one, each at the first day its links allow
    with room on every resource it uses for all its days; False when a plan runs past
    the profile's last day."""
    n = dur.size
    horizon = room.shape[1]
    for k in range(order.size):
        j = order[k]
        t = lower[j]
        for i in range(pred.shape[1]):
            p = pred[j, i]
            if p == n:
                break
            v = start[p] + delta[j, i]
            if v > t:
                t = v
        d = dur[j]
        a, b = use_ptr[j], use_ptr[j + 1]
        if d > 0 and b > a:
            day = t
            while day < t + d:
                if day >= horizon:
                    return False
                fits = True
                for q in range(a, b):
                    if room[use_res[q], day] < use_need[q]:
                        fits = False
                        break
                if fits:
                    day += 1
                else:
                    t = day + 1
                    day = t
            for day in range(t, t + d):
                for q in range(a, b):
                    room[use_res[q], day] -= use_need[q]
        start[j] = t
    return True


@njit(cache=True, nogil=True, inline="always")  # inlined: it runs twice per plan
def forward(
    keys: FloatArray,
    tasks: IntArray,
    fixed: npt.NDArray[np.bool_],
    lower: IntArray,
    dur: IntArray,
    use_ptr: IntArray,
    use_res: IntArray,
    use_need: IntArray,
    base: npt.NDArray[np.int32],
    topo: IntArray,
    pred: IntArray,
    delta: IntArray,
    pad: int,
    room: npt.NDArray[np.int32],
    start: IntArray,
) -> int:
    """The forward serial SGS of ``keys``' order into ``start`` (``room`` starts as ``base``):
    the plan's finish, or -1 when it runs past the profile's last day."""
    for j in range(dur.size):
        start[j] = lower[j] if fixed[j] else pad
    room[:, :] = base
    order = order_of(keys, tasks, topo, pred, dur.size)
    if not sgs(order, pred, delta, lower, dur, use_ptr, use_res, use_need, room, start):
        return -1
    finish = 0
    for j in range(dur.size):
        if start[j] + dur[j] > finish:
            finish = start[j] + dur[j]
    return finish


@_jit
def decode(
    keys: FloatArray,
    tasks: IntArray,
    fixed: npt.NDArray[np.bool_],
    lower: IntArray,
    dur: IntArray,
    use_ptr: IntArray,
    use_res: IntArray,
    use_need: IntArray,
    base: npt.NDArray[np.int32],
    base_capacity: npt.NDArray[np.int32],
    fwd_topo: IntArray,
    fwd_pred: IntArray,
    fwd_delta: IntArray,
    back_topo: IntArray,
    back_pred: IntArray,
    back_delta: IntArray,
    pad: int,
) -> tuple[IntArray, IntArray, bool]:
    pop, n = keys.shape
    horizon = base.shape[1]
    starts = np.empty((pop, n), dtype=np.int64)
    finishes = np.empty(pop, dtype=np.int64)
    zero = np.zeros(n, dtype=np.int64)
    room = np.empty_like(base)
    first = np.empty(n, dtype=np.int64)
    back = np.empty(n, dtype=np.int64)
    again = np.empty(n, dtype=np.int64)
    back_keys = np.empty(n)
    for c in range(pop):
        finish = forward(
            keys[c], tasks, fixed, lower, dur, use_ptr, use_res, use_need, base,
            fwd_topo, fwd_pred, fwd_delta, pad, room, first,
        )  # fmt: skip
        if finish < 0:
            return starts, finishes, False
        # backward from the finish: the latest finishing task first
        for j in range(n):
            back_keys[j] = -float(first[j] + dur[j]) - 1e-3 * float(first[j])
            back[j] = pad
        for r in range(room.shape[0]):
            for k in range(horizon):
                day = finish - 1 - k
                if day < 0:
                    room[r, k] = base_capacity[r]
                else:
                    room[r, k] = base[r, min(day, horizon - 1)]
        order = order_of(back_keys, tasks, back_topo, back_pred, n)
        if not sgs(order, back_pred, back_delta, zero, dur, use_ptr, use_res, use_need, room, back):
            return starts, finishes, False
        # forward again, in the order of the backward plan's starts
        for j in range(n):
            back_keys[j] = float(finish - back[j] - dur[j])
        again_finish = forward(
            back_keys, tasks, fixed, lower, dur, use_ptr, use_res, use_need, base,
            fwd_topo, fwd_pred, fwd_delta, pad, room, again,
        )  # fmt: skip
        if again_finish < 0:
            return starts, finishes, False
        if again_finish <= finish:
            starts[c] = again
            finishes[c] = again_finish
        else:
            starts[c] = first
            finishes[c] = finish
    return starts, finishes, True
