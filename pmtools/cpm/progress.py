"""Progress at the status date, applied to the leaf network before the passes.

Finished tasks keep their actual dates; in-progress tasks keep their actual
start and finish their remaining duration ``ceil(duration x (100 - percent) /
100)`` counted from the first working day after the status date; tasks not
started start no earlier than that day. Missing actual dates are taken as the
work having happened up to the status date.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from pmtools.cpm.network import Network, build_network
from pmtools.cpm.passes import NO_DEADLINE, passes
from pmtools.model import Project

__all__ = ["ProgressState", "leaf_dates", "network_of", "progress_state"]

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


def network_of(project: Project) -> Network:
    """The project's leaf network: the one built at load time, or a new one."""
    if project.network is not None:
        return project.network
    return build_network(project.tasks, project.links)


def leaf_dates(project: Project, column: str, leaf: BoolArray) -> npt.NDArray[np.datetime64]:
    """A date column of tasks.csv for the leaf tasks (NaT where empty or absent)."""
    if column not in project.tasks.columns:
        return np.full(int(leaf.sum()), np.datetime64("NaT"), dtype="datetime64[D]")
    return project.tasks[column].to_numpy(dtype="datetime64[D]")[leaf]


def _offsets_or(
    project: Project, column: str, leaf: BoolArray, *, through: bool, default: int
) -> IntArray:
    if column not in project.tasks.columns:
        return np.full(int(leaf.sum()), default, dtype=np.int64)
    values = project.tasks[column].to_numpy(dtype="datetime64[D]")[leaf]
    present = ~np.isnat(values)
    out = np.full(values.size, default, dtype=np.int64)
    if present.any():
        cal = project.calendar
        conv = cal.workdays_through if through else cal.offsets
        out[present] = conv(values[present])
    return out


@dataclass(frozen=True)
class ProgressState:
    """What the passes need, per leaf task, once progress at the status date is applied.

    ``duration`` is the whole-day duration the deterministic schedule uses
    (for started tasks: from their fixed start to their forecast finish);
    ``fixed`` tasks (finished or in progress) start at ``fixed_start`` whatever
    their links say; ``remaining`` is the fraction of an in-progress task's
    duration still to do, counted from ``after_status`` (the first working day
    after the status date); ``min_start`` holds start_no_earlier_than, the
    project start and, for tasks not started, ``after_status``.
    """

    net: Network
    leaf: BoolArray
    duration: IntArray
    min_start: IntArray
    deadline: IntArray
    fixed: BoolArray
    fixed_start: IntArray
    finished: BoolArray
    started: BoolArray
    remaining: npt.NDArray[np.float64]
    after_status: int | None
    status: npt.NDArray[np.object_]
    percent: npt.NDArray[np.float64]


def progress_state(project: Project, *, use_progress: bool | None = None) -> ProgressState:
    """Apply progress at the status date (see the module docstring) to the leaf tasks.

    Computed once per project (``Project.remember``); the state's arrays are shared.
    """
    return project.remember(
        ("progress_state", use_progress), lambda: _frozen(_progress_state(project, use_progress))
    )


def _frozen(state: ProgressState) -> ProgressState:
    """The state with read-only arrays: it is shared by every computation of the project."""
    for value in vars(state).values():
        if isinstance(value, np.ndarray):
            value.flags.writeable = False
    return state


def _progress_state(project: Project, use_progress: bool | None) -> ProgressState:
    tasks = project.tasks
    net = network_of(project)
    leaf = ~tasks["summary"].to_numpy()
    n = net.ids.size
    cal = project.calendar
    snet = _offsets_or(project, "start_no_earlier_than", leaf, through=False, default=0)
    fnlt = _offsets_or(project, "finish_no_later_than", leaf, through=True, default=NO_DEADLINE)
    min_start = np.maximum(snet, 0)
    no_fixed = np.zeros(n, dtype=bool)
    zeros = np.zeros(n, dtype=np.int64)
    status = np.full(n, "not_started", dtype=object)
    percent = (
        tasks["percent_complete"].to_numpy(dtype=float)[leaf]
        if "percent_complete" in tasks.columns
        else np.full(n, np.nan)
    )
    # SPEC: progress moves the plan only at a status date that was set; without one (today
    # by default) the plan is scheduled as if nothing had started
    progress = project.has_progress and project.status_date_set and use_progress is not False
    if not progress:
        return ProgressState(
            net,
            leaf,
            net.duration,
            min_start,
            fnlt,
            no_fixed,
            zeros,
            no_fixed,
            no_fixed,
            np.ones(n),
            None,
            status,
            percent,
        )
    plan = passes(net, net.duration, min_start, fnlt, no_fixed, zeros)
    actual_start = leaf_dates(project, "actual_start", leaf)
    actual_finish = leaf_dates(project, "actual_finish", leaf)
    after_status = int(cal.workdays_through(np.datetime64(project.status_date, "D")))
    pct = np.nan_to_num(percent)
    finished = ~np.isnat(actual_finish) | (pct >= 100)
    started = ~finished & (~np.isnat(actual_start) | (pct > 0))
    status[finished] = "finished"
    status[started] = "in_progress"
    fixed_start = np.zeros(n, dtype=np.int64)
    fixed_finish = np.zeros(n, dtype=np.int64)
    has_as = ~np.isnat(actual_start)
    has_af = ~np.isnat(actual_finish)
    as_off = np.zeros(n, dtype=np.int64)
    af_thru = np.zeros(n, dtype=np.int64)
    if has_as.any():
        as_off[has_as] = cal.offsets(actual_start[has_as])
    if has_af.any():
        af_thru[has_af] = cal.workdays_through(actual_finish[has_af])
    # finished tasks: actual dates, else the plan clipped to the status date
    f_finish = np.where(has_af, af_thru, np.minimum(plan.early_finish, after_status))
    f_start = np.where(
        has_as, as_off, np.minimum(plan.early_start, np.maximum(f_finish - net.duration, 0))
    )
    milestone = net.duration == 0
    f_start = np.where(milestone & has_af, f_finish, f_start)
    f_start = np.minimum(f_start, f_finish)
    fixed_start[finished] = f_start[finished]
    fixed_finish[finished] = f_finish[finished]
    # in-progress tasks: actual start, remaining work after the status date
    fraction = (100.0 - pct) / 100.0
    remaining = np.ceil(net.duration * fraction - 1e-9).astype(np.int64)
    done = net.duration - remaining
    s_start = np.where(has_as, as_off, np.maximum(after_status - done, 0))
    s_finish = np.maximum(after_status + remaining, s_start)
    fixed_start[started] = s_start[started]
    fixed_finish[started] = s_finish[started]
    fixed = finished | started
    duration = np.where(fixed, fixed_finish - fixed_start, net.duration)
    min_start = np.where(fixed, min_start, np.maximum(min_start, after_status))
    return ProgressState(
        net,
        leaf,
        duration,
        min_start,
        fnlt,
        fixed,
        fixed_start,
        finished,
        started,
        np.where(started, fraction, 1.0),
        after_status,
        status,
        percent,
    )
