"""Resource management: allocation, over-allocation, utilisation, cost and levelling.

Units are those of SPEC.md: a task uses the units its ``resources`` cell gives
(``Li Wei[50%]`` = 0.5) on every working day it runs in the plan (``early_start``
.. ``early_finish - 1``); a resource has its ``capacity`` on each working day
except its leave days (0). Summary tasks and milestones use nothing. A resource
is over-allocated on a working day when its load is above its capacity that day.
Amounts of work are *unit-days* (1 = one full-time person for one working day);
cost is ``cost_rate`` (per unit and working day) x unit-days.

Without resources.csv every name the tasks assign is a resource of capacity 1
with no rate or leave. ``level`` delays tasks so that no resource is over its
capacity on any working day, with the engine ``pmtools.cpm.level``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from pmtools.cpm.level import level as level_engine
from pmtools.cpm.level import level_problem
from pmtools.errors import Problem, ProjectInvalid
from pmtools.io import save_table, tasks_table
from pmtools.model import Attention, Project, StatusRules
from pmtools.schedule import critical_path, planned_from_starts, progress_state, schedule_json

__all__ = [
    "Levelled",
    "allocation",
    "attention",
    "level",
    "levelling_json",
    "overallocations",
    "resources",
    "save_levelled",
    "utilisation",
    "weekly_allocation",
]

FloatArray = npt.NDArray[np.float64]

#: Load above capacity by less than this (rounding of 1/3 units) is not an over-allocation.
TOLERANCE = 1e-6


def resources(project: Project) -> pd.DataFrame | None:
    """The resources, indexed by name: capacity (units per working day), role, cost_rate
    (per unit and working day; NaN when not given), leave_ranges ([(first, last)] dates,
    inclusive) and declared (True: from resources.csv).

    Without resources.csv: one row per name the tasks assign, capacity 1. None when the
    project has neither the file nor any assignment.
    """
    table = project.table("resources.csv")
    if table is not None and not table.empty:
        out = pd.DataFrame(index=table.index.copy())
        out["capacity"] = table["capacity"].astype(float)
        out["role"] = table["role"] if "role" in table.columns else ""
        out["cost_rate"] = table["cost_rate"].astype(float) if "cost_rate" in table else np.nan
        leave: list[Any] = table["leave_ranges"].tolist()  # the parser fills it, column or not
        out["leave_ranges"] = pd.Series(
            [v if isinstance(v, list) else [] for v in leave], index=out.index, dtype=object
        )
        out["declared"] = True
        out.index.name = "resource"
        return out
    names = list(dict.fromkeys(name for name, _ in _assignment_entries(project)))
    if not names:
        return None
    out = pd.DataFrame(
        {
            "capacity": 1.0,
            "role": "",
            "cost_rate": np.nan,
            "leave_ranges": [[] for _ in names],
            "declared": False,
        },
        index=pd.Index(names, name="resource"),
    )
    return out


def _assignment_entries(project: Project) -> list[tuple[str, float]]:
    if "assignments" not in project.tasks.columns:
        return []
    leaf = ~project.tasks["summary"].to_numpy(dtype=bool)
    return [entry for cell in project.tasks["assignments"][leaf] for entry in (cell or [])]


# -- the grid of load and capacity per resource and working day ------------------------------


@dataclass(frozen=True)
class _Grid:
    names: list[str]
    dates: npt.NDArray[np.datetime64]  # (days,) the working day of each offset
    load: FloatArray  # (resources, days) units
    capacity: FloatArray  # (resources, days) units; 0 on leave
    spans: list[list[tuple[str, int, int, float]]]  # per resource: (task id, first, end, units)


def _grid(project: Project, plan: pd.DataFrame) -> _Grid | None:
    table = resources(project)
    if table is None:
        return None
    names = [str(n) for n in table.index]
    where = {name: i for i, name in enumerate(names)}
    leaves = plan[~plan["summary"].to_numpy(dtype=bool)]
    days = max(int(leaves["early_finish"].max()) if len(leaves) else 0, 1)
    load = np.zeros((len(names), days))
    spans: list[list[tuple[str, int, int, float]]] = [[] for _ in names]
    assignments = project.tasks["assignments"].reindex(leaves.index)
    firsts = leaves["early_start"].to_numpy(dtype=np.int64)
    ends = leaves["early_finish"].to_numpy(dtype=np.int64)
    for task_id, cell, first, end in zip(leaves.index, assignments, firsts, ends, strict=True):
        if end <= first or not isinstance(cell, list):
            continue
        for name, units in cell:
            r = where.get(name)
            if r is None:  # pragma: no cover - load_project rejects unknown names
                continue
            load[r, max(first, 0) : end] += units
            spans[r].append((str(task_id), int(first), int(end), float(units)))
    capacity = np.repeat(table["capacity"].to_numpy(dtype=float)[:, None], days, axis=1)
    for r, ranges in enumerate(table["leave_ranges"]):
        for offset in _leave_offsets(project, ranges):
            if 0 <= offset < days:
                capacity[r, offset] = 0.0
    dates = project.calendar.dates(np.arange(days))
    return _Grid(names, dates, load, capacity, spans)


def _leave_offsets(project: Project, ranges: list[tuple[dt.date, dt.date]]) -> list[int]:
    """Working-day offsets of the working days on leave (before the start: left out)."""
    found: list[int] = []
    for first, last in ranges:
        days = project.calendar.working_days(max(first, project.start), last)
        if days:
            found.extend(project.calendar.offsets(np.array(days, dtype="datetime64[D]")).tolist())
    return found


def _tasks_on(grid: _Grid, r: int, day: int) -> list[str]:
    return [task for task, first, end, _ in grid.spans[r] if first <= day < end]


def _plan(project: Project, plan: pd.DataFrame | None) -> pd.DataFrame:
    return critical_path(project) if plan is None else plan


def allocation(project: Project, plan: pd.DataFrame | None = None) -> pd.DataFrame:
    """Load and capacity of every resource on every working day of ``plan`` (default: the
    critical-path plan).

    One row per resource and working day from the project start to the plan's finish:
    resource, date (``datetime.date``), load and capacity (units that day; capacity 0 on
    leave), over (load above capacity). Empty when no task assigns a resource.
    """
    columns = ["resource", "date", "load", "capacity", "over"]
    grid = _grid(project, _plan(project, plan))
    if grid is None:
        return pd.DataFrame(columns=columns)
    r, d = np.meshgrid(np.arange(len(grid.names)), np.arange(grid.dates.size), indexing="ij")
    out = pd.DataFrame(
        {
            "resource": np.asarray(grid.names, dtype=object)[r.ravel()],
            "date": grid.dates[d.ravel()].astype(dt.date),
            "load": grid.load.ravel(),
            "capacity": grid.capacity.ravel(),
        }
    )
    out["over"] = out["load"] > out["capacity"] + TOLERANCE
    return out[columns]


def weekly_allocation(project: Project, plan: pd.DataFrame | None = None) -> pd.DataFrame:
    """Allocation by resource and calendar week (Monday to Sunday) of ``plan``.

    One row per resource and week: resource, week (the Monday, ``datetime.date``),
    allocated (unit-days assigned), available (unit-days of capacity: capacity x working
    days, leave left out), utilisation_pct (allocated / available x 100; NaN when nothing
    is available), over_days (working days the resource is over its capacity) and
    peak_load (the largest load of a day, units). Resources in resources.csv order.
    """
    columns = ["resource", "week", "allocated", "available", "utilisation_pct"]
    columns += ["over_days", "peak_load"]
    daily = allocation(project, plan)
    if daily.empty:
        return pd.DataFrame(columns=columns)
    days = np.asarray(daily["date"].tolist(), dtype="datetime64[D]")
    monday = days - (days.astype(np.int64) + 3) % 7  # 1970-01-01 was a Thursday
    daily["week"] = monday.astype(dt.date)
    order = list(dict.fromkeys(daily["resource"]))
    grouped = daily.groupby(["resource", "week"], sort=False)
    out = grouped.agg(
        allocated=("load", "sum"),
        available=("capacity", "sum"),
        over_days=("over", "sum"),
        peak_load=("load", "max"),
    ).reset_index()
    available = out["available"].where(out["available"] > 0)
    out["utilisation_pct"] = out["allocated"] / available * 100
    out["over_days"] = out["over_days"].astype(np.int64)
    out["_order"] = out["resource"].map({name: i for i, name in enumerate(order)})
    out = out.sort_values(["_order", "week"], kind="stable").reset_index(drop=True)
    return out[columns]


def overallocations(project: Project, plan: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every over-allocation of ``plan``: one row per resource and run of consecutive working
    days over capacity with the same tasks.

    Columns: resource, first and last (dates of the run), days (working days), peak_load
    and capacity (units; capacity the smallest of the run, 0 on leave), excess (unit-days
    above capacity over the run), tasks (the ids of the tasks using the resource those
    days) and task_names (their names, in the same order). By first date, then resource.
    """
    columns = ["resource", "first", "last", "days", "peak_load", "capacity", "excess"]
    columns += ["tasks", "task_names"]
    plan = _plan(project, plan)
    grid = _grid(project, plan)
    if grid is None:
        return pd.DataFrame(columns=columns)
    names = project.tasks["name"]
    rows: list[dict[str, Any]] = []
    over = grid.load > grid.capacity + TOLERANCE
    for r, name in enumerate(grid.names):
        run: dict[str, Any] | None = None
        for day in np.flatnonzero(over[r]).tolist():
            tasks = _tasks_on(grid, r, day)
            same = run is not None and run["_end"] == day and run["tasks"] == tasks
            if not same:
                run = {"resource": name, "_start": day, "tasks": tasks, "peak_load": 0.0}
                run["capacity"], run["excess"] = np.inf, 0.0
                rows.append(run)
            assert run is not None
            run["_end"] = day + 1
            run["peak_load"] = max(run["peak_load"], float(grid.load[r, day]))
            run["capacity"] = min(run["capacity"], float(grid.capacity[r, day]))
            run["excess"] += float(grid.load[r, day] - grid.capacity[r, day])
    for row in rows:
        row["first"] = grid.dates[row["_start"]].astype(dt.date)
        row["last"] = grid.dates[row["_end"] - 1].astype(dt.date)
        row["days"] = row["_end"] - row["_start"]
        row["task_names"] = [str(names.get(t, t)) for t in row["tasks"]]
    out = pd.DataFrame(rows, columns=[*columns, "_start"])
    out = out.sort_values(["_start", "resource"], kind="stable").reset_index(drop=True)
    return out[columns]


def utilisation(project: Project, plan: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each resource over the whole plan (project start to finish), indexed by resource.

    Columns: role, capacity (units per working day), available (unit-days of capacity,
    leave left out), allocated (unit-days assigned), utilisation_pct (allocated /
    available x 100; NaN when nothing is available), peak_load (units), over_days (working
    days over capacity), cost_rate (per unit and working day) and cost (cost_rate x
    allocated, NaN without a rate). Empty when no task assigns a resource.
    """
    columns = ["role", "capacity", "available", "allocated", "utilisation_pct", "peak_load"]
    columns += ["over_days", "cost_rate", "cost"]
    table = resources(project)
    grid = _grid(project, _plan(project, plan))
    if grid is None or table is None:
        return pd.DataFrame(columns=columns, index=pd.Index([], name="resource"))
    out = table[["role", "capacity", "cost_rate"]].copy()
    out["available"] = grid.capacity.sum(axis=1)
    out["allocated"] = grid.load.sum(axis=1)
    out["utilisation_pct"] = out["allocated"] / out["available"].where(out["available"] > 0) * 100
    out["peak_load"] = grid.load.max(axis=1)
    out["over_days"] = (grid.load > grid.capacity + TOLERANCE).sum(axis=1).astype(np.int64)
    out["cost"] = out["cost_rate"] * out["allocated"]
    return out[columns]


def attention(project: Project) -> list[Attention]:
    """Over-allocations in the status report's look-ahead (the working days after the status
    date, ``lookahead_days`` calendar days, 14 by default): one item per resource, red when
    a critical task is among the tasks causing it (the finish is at stake), else amber. When
    every such day is a leave day the message says the resource is on leave."""
    if resources(project) is None:
        return []
    rules = project.sections.get("status")
    ahead = rules.lookahead_days if isinstance(rules, StatusRules) else 14
    plan = critical_path(project)
    grid = _grid(project, plan)
    if grid is None:
        return []
    first = np.datetime64(project.status_date, "D") + 1
    last = np.datetime64(project.status_date, "D") + ahead
    window = (grid.dates >= first) & (grid.dates <= last)
    over = (grid.load > grid.capacity + TOLERANCE) & window[None, :]
    critical = set(plan.index[plan["critical"].to_numpy(dtype=bool)])
    items: list[Attention] = []
    for r, name in enumerate(grid.names):
        days = np.flatnonzero(over[r])
        if days.size == 0:
            continue
        tasks = list(dict.fromkeys(t for day in days.tolist() for t in _tasks_on(grid, r, day)))
        peak = int(days[np.argmax(grid.load[r, days])])
        on_leave = bool((grid.capacity[r, days] == 0).all())
        items.append(
            Attention(
                "resources",
                "red" if critical & set(tasks) else "amber",
                "resources.attention_leave" if on_leave else "resources.attention",
                {
                    "resource": name,
                    "days": int(days.size),
                    "first": grid.dates[days[0]].astype(dt.date).isoformat(),
                    "load": _units(grid.load[r, peak]),
                    "capacity": _units(grid.capacity[r, peak]),
                    "tasks": ", ".join(tasks),
                },
            )
        )
    return items


def _units(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


# -- levelling -------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Levelled:
    """A levelled plan and what levelling cost.

    ``plan`` and ``unlevelled``: frames as ``critical_path`` returns them (the levelled
    plan's early dates are its levelled dates; float from the links and deadlines);
    ``finish_delay``: working days the levelled finish is later than the unlevelled one;
    ``optimal``: the solver proved the plan optimal (earliest finish, then least
    priority-weighted delay); ``finish_optimal``: the finish is proven the earliest
    possible; ``within_float``: levelled only within float; ``conflicts``: the
    over-allocations left (resource, date, load, capacity, tasks), by resource then date;
    ``method`` (``cp-sat`` or ``heuristic``), ``seconds`` and ``note`` from the engine.
    """

    plan: pd.DataFrame
    unlevelled: pd.DataFrame
    finish_delay: int
    optimal: bool
    finish_optimal: bool
    within_float: bool
    conflicts: pd.DataFrame
    method: str
    seconds: float
    note: str = ""

    @property
    def moved(self) -> pd.DataFrame:
        """Tasks levelling delays: id, name, start before and after (dates), delay (working
        days), by delay, longest first."""
        before, after = self.unlevelled, self.plan
        leaves = ~after["summary"].to_numpy(dtype=bool)
        delay = (after["early_start"] - before["early_start"])[leaves]
        moved = delay[delay > 0].sort_values(ascending=False, kind="stable")
        return pd.DataFrame(
            {
                "name": after.loc[moved.index, "name"],
                "start_before": before.loc[moved.index, "start"],
                "start_after": after.loc[moved.index, "start"],
                "delay": moved.astype(np.int64),
            }
        )


def _priorities(project: Project, ids: npt.NDArray[np.object_]) -> npt.NDArray[np.int64]:
    """The tasks' ``priority`` column (0..1000, 500 = normal, as MS Project) per leaf id;
    ProjectInvalid names each cell that is not a whole number in that range."""
    tasks = project.tasks
    if "priority" not in tasks.columns:
        return np.full(ids.size, 500, dtype=np.int64)
    text = tasks["priority"].reindex(ids).fillna("").astype(str).str.strip()
    values = pd.to_numeric(text.where(text != ""), errors="coerce")
    bad = (text != "") & (values.isna() | (values < 0) | (values > 1000) | (values % 1 != 0))
    if bad.any():
        rows = tasks["_row"].reindex(ids)
        raise ProjectInvalid(
            [
                Problem(
                    "tasks.csv",
                    int(rows[i]),
                    "priority",
                    "resource.priority.invalid",
                    {"found": text[i]},
                )
                for i in text.index[bad]
            ],
            str(project.path),
        )
    return values.fillna(500).to_numpy(dtype=np.int64)


def level(
    project: Project,
    *,
    within_float: bool = False,
    time_limit: float = 10.0,
    seed: int = 0,
    workers: int | None = None,
) -> Levelled:
    """Level ``project``: delay tasks not started so that no resource is above its capacity
    on any working day (leave days have none), every link still respected.

    Tasks started or finished at the status date keep their dates. The plan has the
    earliest finish found, then the least delay against the unlevelled plan, weighted by
    the tasks' ``priority`` column (0..1000, 500 = normal; higher is delayed last).
    ``within_float``: no task moves past its late start, so the finish stays; what cannot
    be levelled that way is in ``conflicts``. ``time_limit`` in seconds; ``workers``: solver
    threads (default: the cores, at most 8); with one, and a search that ends before the
    time limit, the same ``seed`` gives the same plan every time (reports use that).
    Raises ProjectInvalid for a priority that is not a whole number from 0 to 1000.
    """
    unlevelled = critical_path(project)
    state = progress_state(project)
    net = state.net
    ids = net.ids
    table = resources(project)
    names = [] if table is None else [str(n) for n in table.index]
    where = {name: i for i, name in enumerate(names)}
    demand = np.zeros((ids.size, len(names)))
    cells = project.tasks["assignments"].reindex(ids) if "assignments" in project.tasks else None
    for i, cell in enumerate([] if cells is None else cells.tolist()):
        for name, units in cell if isinstance(cell, list) else []:
            demand[i, where[name]] += units
    leave: dict[tuple[int, int], float] = {}
    if table is not None:
        for r, ranges in enumerate(table["leave_ranges"]):
            for offset in _leave_offsets(project, ranges):
                if offset >= 0:
                    leave[(r, offset)] = 0.0
    kinds = np.where(
        net.from_finish,
        np.where(net.to_finish, "FF", "FS"),
        np.where(net.to_finish, "SF", "SS"),
    )
    problem = level_problem(
        state.duration,
        demand,
        [] if table is None else table["capacity"].to_numpy(dtype=float),
        pred=net.src,
        succ=net.dst,
        link_type=kinds,
        lag=net.lag,
        leave=leave,
        min_start=state.min_start,
        fixed=state.fixed,
        fixed_start=state.fixed_start,
        priority=_priorities(project, ids),
    )
    result = level_engine(
        problem, time_limit=time_limit, within_float=within_float, seed=seed, workers=workers
    )
    plan = planned_from_starts(project, result.start)
    return Levelled(
        plan=plan,
        unlevelled=unlevelled,
        finish_delay=int(plan.attrs["finish_offset"]) - int(unlevelled.attrs["finish_offset"]),
        optimal=result.optimal,
        finish_optimal=result.finish_optimal,
        within_float=within_float,
        conflicts=_conflicts(project, plan),
        method=result.method,
        seconds=result.seconds,
        note=result.note,
    )


def _conflicts(project: Project, plan: pd.DataFrame) -> pd.DataFrame:
    """The over-allocated resource-days of ``plan`` still to come: after the status date when
    the project reports progress (what happened is history), else all of them."""
    columns = ["resource", "date", "load", "capacity", "tasks"]
    grid = _grid(project, plan)
    if grid is None:
        return pd.DataFrame(columns=columns)
    over = grid.load > grid.capacity + TOLERANCE
    if project.has_progress and project.status_date_set:
        over &= (grid.dates > np.datetime64(project.status_date, "D"))[None, :]
    rows = [
        {
            "resource": grid.names[r],
            "date": grid.dates[day].astype(dt.date),
            "load": float(grid.load[r, day]),
            "capacity": float(grid.capacity[r, day]),
            "tasks": _tasks_on(grid, r, day),
        }
        for r, day in zip(*np.nonzero(over), strict=True)
    ]
    return pd.DataFrame(rows, columns=columns)


def save_levelled(project: Project, levelled: Levelled) -> Project:
    """Write the levelled plan into tasks.csv: each task levelling delays (milestones follow
    their links and are left alone) gets its levelled start as ``start_no_earlier_than``.

    Saved through ``pmtools.io.save_table``: the folder is validated first, the file is
    replaced atomically, every other cell keeps its text. Returns the project as saved, whose
    critical-path plan is the levelled plan. Raises ProjectInvalid (nothing written) as
    ``save_table`` does.
    """
    cells = tasks_table(project)
    if "start_no_earlier_than" not in cells.columns:
        cells["start_no_earlier_than"] = ""
    moved = levelled.moved
    milestone = levelled.plan["milestone"].reindex(moved.index).to_numpy(dtype=bool)
    starts = {
        str(task_id): pd.Timestamp(start).date().isoformat()
        for task_id, start, skip in zip(moved.index, moved["start_after"], milestone, strict=True)
        if not skip
    }
    at = cells["id"].isin(list(starts))
    cells.loc[at, "start_no_earlier_than"] = cells.loc[at, "id"].map(starts)
    return save_table(project.path, "tasks.csv", cells)


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{str(k): v for k, v in row.items()} for row in frame.to_dict("records")]


def levelling_json(project: Project, levelled: Levelled) -> dict[str, Any]:
    """The ``pmtools level --json`` document: ``pmtools schedule --json``'s shape for the
    levelled plan, plus ``levelling``: optimal, finish_optimal, finish_delay (working
    days), within_float, method and conflicts (resource, date, load, capacity, tasks)."""
    document = schedule_json(project, levelled.plan)
    document["levelling"] = {
        "optimal": levelled.optimal,
        "finish_optimal": levelled.finish_optimal,
        "finish_delay": levelled.finish_delay,
        "within_float": levelled.within_float,
        "method": levelled.method,
        "conflicts": [
            {
                "resource": str(row["resource"]),
                "date": row["date"].isoformat(),
                "load": round(float(row["load"]), 2),
                "capacity": round(float(row["capacity"]), 2),
                "tasks": [str(task) for task in row["tasks"]],
            }
            for row in _records(levelled.conflicts)
        ],
    }
    if levelled.note:
        document["levelling"]["note"] = levelled.note
    return document
