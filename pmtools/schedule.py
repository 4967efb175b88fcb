"""Critical path scheduling with FS/SS/FF/SF links, lags, constraints and progress.

Units: every offset is a whole number of working days counted from offset 0,
the first working day on or after the project start. A task occupies the
working days ``early_start .. early_finish - 1``; ``early_finish = early_start +
duration``. A link ``P -> S`` of type XY with lag L requires, in offsets:

    FS: start(S)  >= finish(P) + L        SS: start(S)  >= start(P) + L
    FF: finish(S) >= finish(P) + L        SF: finish(S) >= start(P) + L

The forward pass takes the largest start every link and ``start_no_earlier_than``
allows, and never earlier than offset 0. The project finish is the latest early
finish. The backward pass takes the smallest finish every link, the project
finish and ``finish_no_later_than`` allow, so a deadline that cannot be met shows
as negative total float. Free float is how far a task can slip before it delays
any successor's early dates or the project finish, clipped to ``0..total_float``.

Progress (when the project has a status date and progress columns): finished
tasks keep their actual dates; in-progress tasks keep their actual start and
finish their remaining duration ``ceil(duration x (100 - percent) / 100)`` counted
from the first working day after the status date; tasks not started start no
earlier than that day. Missing actual dates are taken as the work having
happened up to the status date.

Summary tasks (those named as ``parent`` by other tasks) span their tasks:
earliest start to latest finish, late dates likewise; cost is summed and percent
complete weighted by duration. A link to or from a summary task applies to each
of its tasks.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from pmtools.cpm.network import Network, summary_pairs
from pmtools.cpm.passes import Passes, passes
from pmtools.cpm.progress import ProgressState, leaf_dates, network_of, progress_state
from pmtools.model import Project

__all__ = [
    "ProgressState",
    "critical_path",
    "network_of",
    "open_critical_tasks",
    "planned_from_starts",
    "progress_state",
    "schedule_json",
    "schedule_json_text",
    "schedule_summary",
    "slippage",
    "upcoming_milestones",
]

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

SCHEDULE_COLUMNS = [
    "name",
    "duration",
    "early_start",
    "early_finish",
    "late_start",
    "late_finish",
    "total_float",
    "free_float",
    "critical",
    "start",
    "finish",
    "summary",
    "milestone",
]


def critical_path(project: Project, *, use_progress: bool | None = None) -> pd.DataFrame:
    """Schedule ``project.tasks`` by the critical path method.

    Returns one row per task id, in file order: name, duration (working days),
    early/late start/finish as 0-based working-day offsets from the project start
    (``early_finish = early_start + duration``), total_float and free_float in
    working days, critical (``total_float <= 0``), calendar ``start`` and
    ``finish`` (``datetime.date``; finish = last working day occupied; a
    milestone's dates are the last working day before its offset, or the project
    start at offset 0), ``task_duration`` (the duration tasks.csv plans; ``duration`` is the
    span the schedule gives a task, from its actual start for work under way; a summary's
    both are its span), summary, milestone, status (not_started, in_progress,
    finished), percent_complete, and where the project has them baseline
    start/finish with start_variance and finish_variance in working days
    (positive = later than the baseline), planned_cost and actual_cost.

    ``use_progress``: None (default) schedules from the status date when the
    project has one and progress columns; False plans as if nothing started.
    Computed once per project (``Project.remember``); each call returns its own copy.
    """
    plan = project.remember(
        ("critical_path", use_progress), lambda: _critical_path(project, use_progress)
    )
    return plan.copy(deep=False)


def planned_from_starts(project: Project, starts: IntArray) -> pd.DataFrame:
    """``critical_path``'s frame for a plan whose leaf tasks start at ``starts``.

    ``starts``: working-day offsets per leaf task in the network's order (a levelled
    plan), each no earlier than its links allow. Tasks started or finished at the
    status date keep their dates; early dates are the given starts, late dates and
    float come from the links and deadlines, as MS Project shows them after levelling.
    """
    state = progress_state(project)
    min_start = np.where(state.fixed, state.min_start, np.maximum(state.min_start, starts))
    return _critical_path(project, None, min_start=min_start)


def _critical_path(
    project: Project, use_progress: bool | None, *, min_start: IntArray | None = None
) -> pd.DataFrame:
    state = progress_state(project, use_progress=use_progress)
    net, leaf, tasks = state.net, state.leaf, project.tasks
    result = passes(
        net,
        state.duration,
        state.min_start if min_start is None else min_start,
        state.deadline,
        state.fixed,
        state.fixed_start,
    )
    duration, status, percent = state.duration, state.status, state.percent
    actual_start = leaf_dates(project, "actual_start", leaf)
    actual_finish = leaf_dates(project, "actual_finish", leaf)
    frame = _leaf_frame(net, result, duration, status)
    frame["task_duration"] = net.duration  # as planned in tasks.csv, whatever the progress
    frame["percent_complete"] = np.where(status == "finished", 100.0, np.nan_to_num(percent))
    for column in ("planned_cost", "actual_cost"):
        if column in tasks.columns:
            frame[column] = tasks[column].to_numpy(dtype=float)[leaf]
    for column in ("baseline_start", "baseline_finish"):
        if column in tasks.columns:
            frame[column] = leaf_dates(project, column, leaf)
    frame["actual_start"] = actual_start
    frame["actual_finish"] = actual_finish
    return _add_dates(project, _roll_up(project, frame), result.finish)


@dataclass(frozen=True)
class ScheduleSummary:
    """Key dates of a plan for a report's first lines (offsets in working days)."""

    start: dt.date
    finish: dt.date
    duration: int
    critical_tasks: int
    tasks: int
    finished: int
    in_progress: int
    baseline_finish: dt.date | None
    finish_variance: int | None  # working days later (+) or earlier (-) than the baseline
    deadline: dt.date | None
    deadline_float: int | None  # working days between the forecast finish and the deadline


def schedule_summary(project: Project, plan: pd.DataFrame) -> ScheduleSummary:
    """The headline numbers of a plan: finish, slip against baseline and deadline, progress."""
    leaves = plan[~plan["summary"]]
    finish = plan.attrs["project_finish"]
    cal = project.calendar
    baseline = None
    variance = None
    if "baseline_finish" in plan.columns and plan["baseline_finish"].notna().any():
        baseline = pd.Timestamp(plan["baseline_finish"].max()).date()
        variance = int(cal.offset(finish) - cal.offset(baseline))
    deadline_float = None
    if project.deadline is not None:
        deadline_float = int(
            cal.workdays_through(np.datetime64(project.deadline, "D")) - plan.attrs["finish_offset"]
        )
    return ScheduleSummary(
        start=project.start,
        finish=finish,
        duration=int(plan.attrs["finish_offset"]),
        critical_tasks=int((leaves["critical"] & (leaves["status"] != "finished")).sum()),
        tasks=len(leaves),
        finished=int((leaves["status"] == "finished").sum()),
        in_progress=int((leaves["status"] == "in_progress").sum()),
        baseline_finish=baseline,
        finish_variance=variance,
        deadline=project.deadline,
        deadline_float=deadline_float,
    )


def slippage(plan: pd.DataFrame, *, top: int = 15) -> pd.DataFrame:
    """Tasks furthest behind their baseline finish (working days), worst first.

    Only tasks with a baseline and a positive finish variance; columns name,
    baseline_finish, finish, finish_variance, start_variance, status, critical.
    """
    if "finish_variance" not in plan.columns:
        return plan.iloc[0:0]
    late = plan[(~plan["summary"]) & (plan["finish_variance"].fillna(0) > 0)]
    late = late.sort_values(["finish_variance", "critical"], ascending=[False, False])
    columns = [
        "name",
        "baseline_finish",
        "finish",
        "finish_variance",
        "start_variance",
        "status",
        "critical",
    ]
    return late[[c for c in columns if c in late.columns]].head(top)


def open_critical_tasks(plan: pd.DataFrame) -> pd.DataFrame:
    """Critical tasks not finished yet (summaries and milestones left out), by start."""
    open_tasks = plan[
        plan["critical"] & ~plan["summary"] & ~plan["milestone"] & (plan["status"] != "finished")
    ]
    return open_tasks.sort_values(["start", "finish"])


def upcoming_milestones(
    plan: pd.DataFrame, *, after: dt.date | None = None, days: int = 90
) -> pd.DataFrame:
    """Milestones not finished yet, due within ``days`` calendar days after ``after``.

    Columns name, finish, baseline_finish (if any), finish_variance, total_float, critical.
    """
    milestones = plan[plan["milestone"] & (plan["status"] != "finished")]
    if after is not None:
        lo = pd.Timestamp(after)
        milestones = milestones[
            (milestones["finish"] >= lo) & (milestones["finish"] <= lo + pd.Timedelta(days=days))
        ]
    columns = ["name", "finish", "baseline_finish", "finish_variance", "total_float", "critical"]
    return milestones[[c for c in columns if c in milestones.columns]].sort_values("finish")


def _leaf_frame(
    net: Network, r: Passes, duration: IntArray, status: npt.NDArray[np.object_]
) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "duration": duration,
            "early_start": r.early_start,
            "early_finish": r.early_finish,
            "late_start": r.late_start,
            "late_finish": r.late_finish,
            "total_float": r.late_start - r.early_start,
            "free_float": r.free_float,
            "status": status,
        },
        index=pd.Index(net.ids, name="id"),
    )
    frame.attrs["finish_offset"] = r.finish
    return frame


def _roll_up(project: Project, leaves: pd.DataFrame) -> pd.DataFrame:
    """Add summary rows spanning their leaves; return all tasks in file order."""
    tasks = project.tasks
    summaries = tasks.index[tasks["summary"].to_numpy()]
    if len(summaries) == 0:
        out = leaves.copy()
    else:
        pairs = summary_pairs(tasks)
        joined = leaves.reindex(pairs["leaf"].to_numpy())
        joined.index = pd.Index(pairs["summary"].to_numpy(), name="id")
        grouped = joined.groupby(level=0, sort=False)
        agg = pd.DataFrame(
            {
                "early_start": grouped["early_start"].min(),
                "early_finish": grouped["early_finish"].max(),
                "late_start": grouped["late_start"].min(),
                "late_finish": grouped["late_finish"].max(),
                "free_float": grouped["free_float"].min(),
            }
        )
        agg["duration"] = agg["early_finish"] - agg["early_start"]
        agg["total_float"] = agg["late_finish"] - agg["early_finish"]
        agg["free_float"] = np.clip(agg["free_float"], 0, np.maximum(agg["total_float"], 0))
        status_rank = joined["status"].map({"not_started": 0, "in_progress": 1, "finished": 2})
        lo = status_rank.groupby(level=0, sort=False).min()
        hi = status_rank.groupby(level=0, sort=False).max()
        agg["status"] = np.where(
            lo == 2, "finished", np.where(hi == 0, "not_started", "in_progress")
        )
        weight = joined["duration"].astype(float)
        weighted = (joined["percent_complete"] * weight).groupby(level=0, sort=False).sum()
        total_weight = weight.groupby(level=0, sort=False).sum()
        plain = joined["percent_complete"].groupby(level=0, sort=False).mean()
        agg["percent_complete"] = np.where(
            total_weight > 0, weighted / total_weight.where(total_weight > 0, 1), plain
        )
        for column in ("planned_cost", "actual_cost"):
            if column in leaves.columns:
                agg[column] = joined[column].groupby(level=0, sort=False).sum(min_count=1)
        for column, how in (
            ("baseline_start", "min"),
            ("actual_start", "min"),
            ("baseline_finish", "max"),
        ):
            if column in leaves.columns:
                agg[column] = getattr(joined[column].groupby(level=0, sort=False), how)()
        if "actual_finish" in leaves.columns:
            done = agg["status"] == "finished"
            agg["actual_finish"] = (
                joined["actual_finish"].groupby(level=0, sort=False).max().where(done)
            )
        out = pd.concat([leaves, agg.reindex(summaries)])
    out = out.reindex(tasks.index)
    out.index.name = "id"
    out.insert(0, "name", tasks["name"])
    out["summary"] = tasks["summary"].to_numpy()
    out["milestone"] = (~out["summary"]) & (out["duration"] == 0)
    out["critical"] = out["total_float"] <= 0
    for column in ("parent", "wbs", "owner", "resources"):
        if column in tasks.columns:
            out[column] = tasks[column]
    out["level"] = _wbs_levels(tasks)
    out["row"] = tasks["_row"] if "_row" in tasks.columns else np.arange(2, len(tasks) + 2)
    int_cols = [
        "duration",
        "early_start",
        "early_finish",
        "late_start",
        "late_finish",
        "total_float",
        "free_float",
    ]
    out[int_cols] = out[int_cols].astype(np.int64)
    out["task_duration"] = out["task_duration"].fillna(out["duration"]).astype(np.int64)
    return out


def _wbs_levels(tasks: pd.DataFrame) -> npt.NDArray[np.int64]:
    """Depth of each task in the WBS (0 = top level), following ``parent``: parents' depths
    first, in one pass over the tasks (linear however deep the hierarchy)."""
    level = np.zeros(len(tasks), dtype=np.int64)
    if "parent" not in tasks.columns or not tasks["parent"].notna().any():
        return level
    given = tasks["parent"].notna().to_numpy()
    found = pd.Index(tasks.index).get_indexer(tasks["parent"].to_numpy(dtype=object))
    parent = np.where(given, found, -1).tolist()
    depth = [-1] * len(parent)
    for start in range(len(parent)):
        chain = []
        node = start
        while node >= 0 and depth[node] < 0:
            chain.append(node)
            node = parent[node]
        base = depth[node] if node >= 0 else -1
        for member in reversed(chain):
            base += 1
            depth[member] = base
    return np.asarray(depth, dtype=np.int64)


def _add_dates(project: Project, out: pd.DataFrame, finish_offset: int) -> pd.DataFrame:
    cal = project.calendar
    start, finish = cal.finish_dates(out["early_start"].to_numpy(), out["early_finish"].to_numpy())
    for column, computed in (("start", start), ("finish", finish)):
        if f"actual_{column}" in out.columns:
            actual = out[f"actual_{column}"].to_numpy(dtype="datetime64[D]")
            computed = np.where(np.isnat(actual), computed, actual)
        out[column] = computed
    late = out["late_finish"].to_numpy()
    late_day = cal.dates(np.clip(late - 1, -(10**6), 10**7))
    out["late_finish_date"] = np.where(late <= 0, np.datetime64(project.start, "D"), late_day)
    for kind in ("start", "finish"):
        base = f"baseline_{kind}"
        if base in out.columns and out[base].notna().any():
            values = out[base].to_numpy(dtype="datetime64[D]")
            present = ~np.isnat(values)
            current = out[kind].to_numpy(dtype="datetime64[D]")
            variance = np.full(len(out), np.nan)
            if present.any():
                variance[present] = cal.offsets(current[present]) - cal.offsets(values[present])
            out[f"{kind}_variance"] = pd.array(np.where(present, variance, np.nan), dtype="Int64")
    out.attrs["finish_offset"] = finish_offset
    out.attrs["project_start"] = project.start
    out.attrs["project_finish"] = (
        project.start if finish_offset <= 0 else cal.date(finish_offset - 1)
    )
    order = [c for c in SCHEDULE_COLUMNS if c in out.columns]
    ordered = out[order + [c for c in out.columns if c not in order]]
    ordered.attrs.update(out.attrs)
    return ordered


_JSON_KEYS = ("id", *SCHEDULE_COLUMNS)  # the schedule --json task fields, in order


def _json_columns(plan: pd.DataFrame) -> list[list[Any]]:
    """The task fields of the JSON document as plain Python lists, in ``_JSON_KEYS`` order."""
    columns: list[list[Any]] = [[str(i) for i in plan.index], plan["name"].astype(str).tolist()]
    for key in _JSON_KEYS[2:]:
        values = plan[key]
        if key in ("start", "finish"):
            columns.append(_iso_dates(values.to_numpy(dtype="datetime64[D]")))
        elif key in ("critical", "summary", "milestone"):
            columns.append(values.to_numpy(dtype=bool).tolist())
        else:
            columns.append(values.to_numpy(dtype=np.int64).tolist())
    return columns


def _iso_dates(values: npt.NDArray[np.datetime64]) -> list[str]:
    """``YYYY-MM-DD`` for each date; formats each distinct day once (schedules reuse days)."""
    days, inverse = np.unique(values, return_inverse=True)
    return np.asarray(np.datetime_as_string(days), dtype=object)[inverse].tolist()  # type: ignore[no-any-return]


def _project_json(project: Project, plan: pd.DataFrame) -> dict[str, Any]:
    return {
        "name": project.name,
        "duration": int(plan.attrs["finish_offset"]),
        "start": project.start.isoformat(),
        "finish": plan.attrs["project_finish"].isoformat(),
    }


def schedule_json(project: Project, plan: pd.DataFrame | None = None) -> dict[str, Any]:
    """The ``pmtools schedule --json`` document (SPEC.md): the project and one entry per task."""
    plan = critical_path(project) if plan is None else plan
    tasks = [
        dict(zip(_JSON_KEYS, row, strict=True)) for row in zip(*_json_columns(plan), strict=True)
    ]
    return {"project": _project_json(project, plan), "tasks": tasks}


def schedule_json_text(project: Project, plan: pd.DataFrame | None = None) -> str:
    """``schedule_json`` serialised, one task per line; fast for 100k-task schedules."""
    plan = critical_path(project) if plan is None else plan
    enc = json.encoder.encode_basestring
    ids, names, *numbers = _json_columns(plan)
    bools = {True: "true", False: "false"}
    lines = [
        f'{{"id": {enc(i)}, "name": {enc(n)}, "duration": {d}, "early_start": {es}, '
        f'"early_finish": {ef}, "late_start": {ls}, "late_finish": {lf}, "total_float": {tf}, '
        f'"free_float": {ff}, "critical": {bools[c]}, "start": "{st}", "finish": "{fi}", '
        f'"summary": {bools[sm]}, "milestone": {bools[ms]}}}'
        for i, n, d, es, ef, ls, lf, tf, ff, c, st, fi, sm, ms in zip(
            ids, names, *numbers, strict=True
        )
    ]
    head = json.dumps(_project_json(project, plan), ensure_ascii=False)
    return '{"project": ' + head + ',\n "tasks": [\n' + ",\n".join(lines) + "\n]}\n"
