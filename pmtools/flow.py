"""Kanban flow: the board, work items, cumulative flow, cycle time, throughput and forecasts.

Files. ``workitems.csv`` has one row per work item (story, task, bug or epic) with
the tracker's status text; ``transitions.csv`` (optional) its status history;
``board:`` in ``project.yaml`` the board's columns, left to right, each listing the
statuses it holds. They are declared in ``pmtools.tables.flow``: ``load_project``
checks them and ``project.table("workitems.csv")`` holds the typed items, with the
board column and stage of each (``check_workitems`` does the same for frames
outside a folder). The metrics below take those typed frames; ``flow_report``
computes them all for a project at its status date.

Definitions.

* An item's *column* is the board column listing its status (a status may also be
  written as the column's own name; matching ignores case and repeated spaces).
  Its *stage* follows from the column's place on the board: ``backlog`` left of
  the ``started`` column, ``in_progress`` from ``started`` up to the ``done``
  column, ``done`` from the ``done`` column on.
* Epics are containers of other items: they are left out of every metric
  (WIP, cumulative flow, cycle time, throughput, forecasts); sub-tasks count as
  items of their own.
* *Cycle time* is elapsed calendar days from ``started`` to ``done`` (``done -
  started``): fractional days when both carry a time of day, whole days between
  the two dates when either has none (a time of 00:00 counts as none). An item
  started and done on the same date has cycle time 0. Only items in a done
  column with both dates count.
* *Percentiles* are nearest-rank: the p-th percentile is the smallest observed
  value that at least p % of the values do not exceed, so "p85 = 9 days" reads
  "85 % of items finished within 9 days".
* *Throughput* is the number of items reaching done per calendar day (or per
  week, Monday to Sunday), zero-filled.
* *Forecasts* run Monte Carlo over daily throughput: each simulated day draws
  one day of the recent history at random (with replacement). The history is
  the last ``window_days`` calendar days up to the status date (default 60),
  never reaching back before the first day an item was started or done, so a
  young team is not judged by the weeks before it existed. Weekends are part of
  the history, so forecasts count calendar days. "85 % confidence" for *how
  many* means at least that many items in 85 % of the runs (the 15th
  percentile of the simulated counts); for *when* it means finished by that
  date in 85 % of the runs (the 85th percentile of the finish dates). Each
  forecast draws from ``numpy.random.default_rng(seed)`` in blocks of 64 days
  for all runs at once, so the same seed and iterations give the same result.
  Without history there is no forecast (None), never a zero.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from pmtools import agile
from pmtools.errors import Problem
from pmtools.model import Attention, Project, TableFile
from pmtools.tables import check_table
from pmtools.tables._spec import Context
from pmtools.tables.flow import (
    DEFAULT_BOARD,
    ITEM_TYPES,
    STAGES,
    TRANSITIONS,
    TRANSITIONS_COLUMNS,
    TRANSITIONS_FILE,
    WORKITEMS,
    WORKITEMS_COLUMNS,
    WORKITEMS_FILE,
    Board,
    BoardColumn,
    Stage,
    board_from_settings,
    elapsed_days,
    fill_dates_from_transitions,
    guess_stage,
    lookup_columns,
    stages_of,
)

__all__ = [
    "BUG_COLUMNS",
    "CONFIDENCES",
    "DEFAULT_BOARD",
    "DEFAULT_ITERATIONS",
    "DEFAULT_WINDOW_DAYS",
    "ITEM_TYPES",
    "STAGES",
    "TRANSITIONS_COLUMNS",
    "TRANSITIONS_FILE",
    "WORKITEMS_COLUMNS",
    "WORKITEMS_FILE",
    "Board",
    "BoardColumn",
    "FlowReport",
    "HowManyForecast",
    "SprintForecast",
    "Stage",
    "WhenForecast",
    "aging_wip",
    "attention",
    "board_from_settings",
    "board_of",
    "bugs",
    "check_transitions",
    "check_workitems",
    "column_of",
    "cumulative_flow",
    "cycle_time_percentiles",
    "cycle_times",
    "daily_throughput_sample",
    "fill_dates_from_transitions",
    "flow_efficiency",
    "flow_report",
    "flow_summary",
    "forecast_curve",
    "forecast_how_many",
    "forecast_sprints",
    "forecast_when",
    "guess_stage",
    "overall_flow_efficiency",
    "points_left",
    "sprint_forecast",
    "stage_of",
    "throughput",
    "transitions",
    "wip",
    "workitems",
]

CONFIDENCES = (50, 85, 95)
DEFAULT_ITERATIONS = 10_000
DEFAULT_WINDOW_DAYS = 60
MAX_FORECAST_DAYS = 3650  # runs not finished after ten years count as never finishing
MAX_FORECAST_SPRINTS = 260
_DAY_BLOCK = 64  # simulated days drawn per step, for all runs at once
_SPRINT_BLOCK = 16
_DAY = pd.Timedelta(days=1)

FloatArray = npt.NDArray[np.float64]


# ---------------------------------------------------------------------------------------------
# checking workitems.csv and transitions.csv outside a project folder (the registry's checker)


def _layout(frame: pd.DataFrame) -> TableFile:
    return TableFile(tuple(str(c) for c in frame.columns if c != "_row"))


def _reading_order(problems: list[Problem]) -> list[Problem]:
    """workitems.csv before transitions.csv, each top to bottom, a row in column order."""
    specs = {WORKITEMS_FILE: WORKITEMS, TRANSITIONS_FILE: TRANSITIONS}

    def key(problem: Problem) -> tuple[int, int, int]:
        spec = specs.get(problem.file)
        position = spec.position(problem.column) if spec is not None else 0
        return (list(specs).index(problem.file), problem.row or 0, position)

    return sorted(problems, key=key)


def _usable(table: pd.DataFrame) -> pd.DataFrame:
    """Rows with a usable id, indexed by it (first of a repeated id)."""
    usable = table[(table["id"] != "") & ~table["id"].duplicated()]
    return usable.set_index("id", drop=True)


def _sorted_transitions(table: pd.DataFrame) -> pd.DataFrame:
    return table.sort_values(["item", "at"], kind="stable").reset_index(drop=True)


def check_workitems(
    frame: pd.DataFrame,
    transitions: pd.DataFrame | None,
    board: Board | None = None,
    *,
    requirement_ids: Iterable[str] | None = None,
    task_ids: Iterable[str] | None = None,
    sprints: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, list[Problem]]:
    """Typed work items and transitions from text cells, checked as ``load_project`` does.

    ``frame``/``transitions``: the text cells ``read_csv_table`` gives (with ``_row``).
    Runs the registry's declarations (``pmtools.tables.flow``) with ``board`` (None:
    ``DEFAULT_BOARD``), the given requirement and task ids and ``sprints`` (the typed
    sprints.csv) as the rest of the folder. Items come back indexed by id (rows with
    an empty or repeated id left out) with the derived ``column``, ``stage`` and
    ``sprint_id``; transitions sorted by item, then time. Problems are in reading
    order: workitems.csv, then transitions.csv, each by row and declared column.
    Inputs are not changed.
    """
    problems: list[Problem] = []
    ids: dict[str, set[str]] = {}
    if requirement_ids is not None:
        ids["requirements.csv"] = set(requirement_ids)
    if task_ids is not None:
        ids["tasks.csv"] = set(task_ids)
    tables: dict[str, pd.DataFrame] = {}
    if sprints is not None:
        tables["sprints.csv"] = sprints
    context = Context(ids=ids, sections={"board": board or DEFAULT_BOARD}, tables=tables)
    typed = check_table(WORKITEMS, frame, _layout(frame), problems, context)
    items = _usable(typed)
    ids[WORKITEMS_FILE] = set(items.index)
    tables[WORKITEMS_FILE] = items
    typed_transitions = check_transitions(transitions, board, context=context, problems=problems)
    return items, typed_transitions, _reading_order(problems)


def check_transitions(
    frame: pd.DataFrame | None,
    board: Board | None = None,
    *,
    context: Context | None = None,
    problems: list[Problem] | None = None,
) -> pd.DataFrame:
    """Typed status history: item, from, to, at, from_column, to_column, _row.

    Sorted by item, then time (rows at the same time keep file order). ``context``
    names the work items (``ids``/``tables`` of workitems.csv, for unknown items and
    the last-move rule); without it only the cells are checked. Problems are
    appended to ``problems``.
    """
    problems = problems if problems is not None else []
    if frame is None:
        columns = ["item", "from", "to", "at", "from_column", "to_column", "_row"]
        empty = pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
        empty["at"] = pd.Series(dtype="datetime64[ns]")
        empty["_row"] = pd.Series(dtype=np.int64)
        return empty
    context = context or Context(sections={"board": board or DEFAULT_BOARD})
    if board is not None:
        context = replace(context, sections={**context.sections, "board": board})
    typed = check_table(TRANSITIONS, frame, _layout(frame), problems, context)
    return _sorted_transitions(typed)


def board_of(project: Project) -> Board:
    """The project's board (``board:`` in project.yaml, else ``DEFAULT_BOARD``)."""
    board = project.sections.get("board")
    return board if isinstance(board, Board) else DEFAULT_BOARD


def _lookup_columns(statuses: pd.Series, board: Board) -> pd.Series:
    return lookup_columns(statuses, board)


def _stages(columns: pd.Series, board: Board) -> pd.Series:
    return stages_of(columns, board)


# ---------------------------------------------------------------------------------------------
# metrics


def _counted(items: pd.DataFrame) -> pd.DataFrame:
    """The items flow metrics count: every type but epics."""
    if "type" not in items.columns:
        return items
    return items[items["type"].astype(object) != "epic"]


def column_of(items: pd.DataFrame, board: Board) -> pd.Series:
    """The board column of each item's status, indexed like ``items`` (None where unknown)."""
    return _lookup_columns(items["status"], board)


def stage_of(items: pd.DataFrame, board: Board) -> pd.Series:
    """``backlog``, ``in_progress`` or ``done`` per item (None where the status is unknown)."""
    return _stages(column_of(items, board), board)


def _stage_column(items: pd.DataFrame) -> pd.Series | None:
    return items["stage"] if "stage" in items.columns else None


def wip(items: pd.DataFrame, board: Board) -> pd.DataFrame:
    """Items per board column against its WIP limit.

    One row per column, left to right: column, stage, items (count of work items
    whose status is in the column; epics left out), wip_limit (``Int64``, <NA>
    without a limit) and over_limit (more items than the limit).
    """
    counted = _counted(items)
    counts = column_of(counted, board).value_counts()
    names = list(board.names)
    frame = pd.DataFrame(
        {
            "column": names,
            "stage": [board.stage(n) for n in names],
            "items": [int(counts.get(n, 0)) for n in names],
            "wip_limit": pd.array([c.wip for c in board.columns], dtype="Int64"),
        }
    )
    frame["over_limit"] = (frame["items"] > frame["wip_limit"]).fillna(False).astype(bool)
    return frame


def _date_entries(items: pd.DataFrame, board: Board) -> pd.DataFrame:
    """Where items without a status history were, from their created/started/done dates.

    Each period uses the item's current column while the item is still in that
    stage, else the stage's first column (first, started, done); dates beyond
    the current stage are ignored and entries never go back in time.
    """
    columns = column_of(items, board)
    known = columns.notna()
    items, columns = items[known], columns[known]
    stage = _stages(columns, board)
    first, started, done = board.names[0], board.started, board.done
    created_at = items["created"]
    start_at = items["started"].where(stage != "backlog")
    start_at = start_at.mask(start_at < created_at, created_at)  # never back in time
    done_at = items["done"].where(stage == "done")
    floor = start_at.fillna(created_at)
    done_at = done_at.mask(done_at < floor, floor)
    parts = [
        pd.DataFrame(
            {
                "item": items.index,
                "at": created_at.to_numpy(),
                "column": np.where(stage == "backlog", columns, first),
                "order": 0,
            }
        ),
        pd.DataFrame(
            {
                "item": items.index,
                "at": start_at.to_numpy(),
                "column": np.where(stage == "in_progress", columns, started),
                "order": 1,
            }
        ),
        pd.DataFrame(
            {
                "item": items.index,
                "at": done_at.to_numpy(),
                "column": np.where(stage == "done", columns, done),
                "order": 2,
            }
        ),
    ]
    entries = pd.concat(parts, ignore_index=True)
    return entries[entries["at"].notna()]


def _history_entries(items: pd.DataFrame, transitions: pd.DataFrame, board: Board) -> pd.DataFrame:
    """Where items were according to transitions.csv, starting from when they were created."""
    moves = transitions[transitions["to_column"].notna() & transitions["at"].notna()]
    moves = moves[moves["item"].isin(items.index)].sort_values(["item", "at"], kind="stable")
    first = moves.groupby("item", sort=False).head(1).set_index("item")
    created = items["created"].reindex(first.index)
    initial_at = created.where(created.notna() & (created <= first["at"]), first["at"])
    initial_column = first["from_column"].where(first["from_column"].notna(), board.names[0])
    initial = pd.DataFrame(
        {
            "item": first.index,
            "at": initial_at.to_numpy(),
            "column": initial_column.to_numpy(dtype=object),
            "order": -1,
        }
    )
    steps = pd.DataFrame(
        {
            "item": moves["item"].to_numpy(),
            "at": moves["at"].to_numpy(),
            "column": moves["to_column"].to_numpy(dtype=object),
            "order": np.arange(len(moves)),
        }
    )
    return pd.concat([initial, steps], ignore_index=True)


def cumulative_flow(
    items: pd.DataFrame,
    transitions: pd.DataFrame | None,
    board: Board,
    start: dt.date,
    end: dt.date,
) -> pd.DataFrame:
    """Items in each board column at the end of each day from ``start`` to ``end``.

    Indexed by date (daily, both ends included), one column per board column left
    to right, whole counts; stacked they draw the cumulative flow diagram. Items
    with rows in ``transitions`` are placed by them (from their ``created`` date,
    in the first transition's ``from`` column, else the first column); the others
    by their created, started and done dates (``_date_entries``). Items in a
    column before ``start`` count from the first day. Epics are left out.
    """
    names = list(board.names)
    days = pd.date_range(pd.Timestamp(start), pd.Timestamp(end), freq="D", name="date")
    if days.empty:
        return pd.DataFrame(0, index=days, columns=pd.Index(names, name="column"), dtype=np.int64)
    counted = _counted(items)
    parts = []
    with_history = pd.Series(False, index=counted.index)
    if transitions is not None and len(transitions):
        with_history = pd.Series(counted.index.isin(set(transitions["item"])), index=counted.index)
        parts.append(_history_entries(counted[with_history], transitions, board))
    parts.append(_date_entries(counted[~with_history], board))
    entries = pd.concat(parts, ignore_index=True)
    entries = entries.sort_values(["item", "at", "order"], kind="stable")
    day = pd.to_datetime(entries["at"]).dt.normalize()
    day = day.where(day >= days[0], days[0])
    previous = entries.groupby("item", sort=False)["column"].shift()
    deltas = pd.concat(
        [
            pd.DataFrame({"day": day, "column": entries["column"], "delta": 1}),
            pd.DataFrame({"day": day, "column": previous, "delta": -1})[previous.notna()],
        ],
        ignore_index=True,
    )
    table = deltas.groupby(["day", "column"])["delta"].sum().unstack("column")
    flow = table.reindex(index=days, columns=names).fillna(0).cumsum().astype(np.int64)
    flow.columns.name = "column"
    flow.index.name = "date"
    return flow


def _finished(items: pd.DataFrame) -> pd.DataFrame:
    counted = _counted(items)
    stage = _stage_column(counted)
    done = counted["done"].notna()
    if stage is not None:
        done &= stage == "done"
    return counted[done]


def cycle_times(items: pd.DataFrame) -> pd.DataFrame:
    """Cycle time of each finished item, by done date.

    Columns started, done and cycle_time_days: elapsed calendar days from started
    to done, fractional when both carry a time of day, else whole days between
    the dates (same date = 0). Items count when they are in a done column (when
    ``items`` has a stage column) with both dates and done not before started.
    """
    finished = _finished(items)
    finished = finished[finished["started"].notna()]
    days = elapsed_days(finished["done"], finished["started"])
    frame = pd.DataFrame(
        {"started": finished["started"], "done": finished["done"], "cycle_time_days": days}
    )
    frame = frame[frame["cycle_time_days"] >= 0]
    return frame.sort_values("done", kind="stable")


def _nearest_rank(values: FloatArray, percent: float) -> float:
    """The smallest value that at least ``percent`` % of ``values`` (sorted) do not exceed."""
    rank = max(math.ceil(percent / 100 * len(values)), 1)
    return float(values[rank - 1])


def cycle_time_percentiles(
    cycle_times: pd.DataFrame | pd.Series | Sequence[float],
    percentiles: Sequence[int] = CONFIDENCES,
) -> dict[int, float | None]:
    """Nearest-rank percentiles of cycle times in days (None for each when there are none).

    ``cycle_times`` is the frame from ``cycle_times`` or any sequence of days.
    """
    if isinstance(cycle_times, pd.DataFrame):
        series = cycle_times["cycle_time_days"]
    else:
        series = pd.Series(cycle_times, dtype=float)
    values = np.sort(series.dropna().to_numpy(dtype=np.float64))
    for percent in percentiles:
        if not 0 < percent <= 100:
            raise ValueError(f"percentiles must be in (0, 100], not {percent}")
    if values.size == 0:
        return {p: None for p in percentiles}
    return {p: _nearest_rank(values, p) for p in percentiles}


def _monday(day: pd.Timestamp) -> pd.Timestamp:
    return day - pd.Timedelta(days=day.day_of_week)


def throughput(
    items: pd.DataFrame,
    freq: Literal["D", "W"] = "D",
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> pd.Series:
    """Items reaching done per day (``"D"``) or per week (``"W"``, Monday to Sunday).

    A Series ``items_done`` of whole counts indexed by the first day of each period
    (``date``), every period from ``start`` (default: the first done date) to
    ``end`` (default: the last) present, zero when nothing was done. Items done
    outside ``start``..``end`` are not counted. Empty when nothing was done and
    no range is given.
    """
    if freq not in ("D", "W"):
        raise ValueError(f'freq must be "D" or "W", not {freq!r}')
    days = _finished(items)["done"].dt.normalize()
    if start is not None:
        days = days[days >= pd.Timestamp(start)]
    if end is not None:
        days = days[days <= pd.Timestamp(end)]
    if freq == "W":
        days = days - pd.to_timedelta(days.dt.day_of_week, unit="D")
    first = pd.Timestamp(start) if start is not None else (days.min() if len(days) else None)
    last = pd.Timestamp(end) if end is not None else (days.max() if len(days) else None)
    if first is None or last is None or first > last:
        index = pd.DatetimeIndex([], name="date", dtype="datetime64[ns]")
        return pd.Series([], index=index, dtype=np.int64, name="items_done")
    if freq == "W":
        first, last = _monday(first), _monday(last)
    periods = pd.date_range(first, last, freq="7D" if freq == "W" else "D", name="date")
    counts = days.value_counts().reindex(periods, fill_value=0).astype(np.int64)
    counts.index.name = "date"
    result: pd.Series = counts.rename("items_done")
    return result


def aging_wip(
    items: pd.DataFrame,
    as_of: dt.date,
    *,
    percentiles: Mapping[int, float | None] | None = None,
) -> pd.DataFrame:
    """Age of the items in progress, oldest first, against the cycle-time percentiles.

    ``items`` is the typed frame of ``check_workitems`` (it needs the stage
    column). Columns: column, started, age_days (calendar days from the started
    date to ``as_of``; NaN without a started date or when it is after ``as_of``)
    and exceeds_percentile (the highest of ``percentiles`` whose cycle time the
    age is beyond, e.g. 85; <NA> when none). ``percentiles`` default: the
    p50/p85/p95 of the items' own cycle times.
    """
    stage = _stage_column(items)
    if stage is None:
        raise ValueError("aging_wip needs the stage column of check_workitems' items")
    counted = _counted(items)
    active = counted[counted["stage"] == "in_progress"]
    if percentiles is None:
        percentiles = cycle_time_percentiles(cycle_times(items))
    age = (pd.Timestamp(as_of) - active["started"].dt.normalize()) / _DAY
    age = age.where(age >= 0).astype(float)
    exceeds = pd.Series(pd.NA, index=active.index, dtype="Int64")
    for percent, limit in sorted(percentiles.items()):
        if limit is not None:
            exceeds = exceeds.mask(age > limit, percent)
    frame = pd.DataFrame(
        {
            "column": active["column"] if "column" in active.columns else None,
            "started": active["started"],
            "age_days": age,
            "exceeds_percentile": exceeds,
        }
    )
    return frame.sort_values("age_days", ascending=False, na_position="last", kind="stable")


def flow_efficiency(
    transitions: pd.DataFrame, board: Board, *, as_of: dt.date | None = None
) -> pd.DataFrame:
    """Active and waiting time of each item while in progress, from its status history.

    Per item (index ``item``): active_days and waiting_days (days spent in
    in-progress columns marked active, and in those marked ``active: false``,
    fractional from the transition times), and flow_efficiency = active / (active
    + waiting), NaN when both are zero. Time in the backlog and done columns is
    not counted. The time in the current column counts up to the end of
    ``as_of`` when given, else not at all. Every item of ``transitions`` counts.
    """
    moves = transitions[transitions["to_column"].notna() & transitions["at"].notna()]
    moves = moves.sort_values(["item", "at"], kind="stable")
    until = moves.groupby("item", sort=False)["at"].shift(-1)
    if as_of is not None:
        until = until.fillna(pd.Timestamp(as_of) + _DAY)
    span = pd.Series((until - moves["at"]).dt.total_seconds() / 86_400, index=moves.index)
    span = span.clip(lower=0)
    active_of = {c.name: c.active for c in board.columns}
    stage = _stages(moves["to_column"], board)
    in_progress = (stage == "in_progress") & span.notna()
    active = moves["to_column"].map(active_of).astype(bool)
    frame = pd.DataFrame(
        {
            "item": moves["item"],
            "active_days": span.where(in_progress & active, 0.0),
            "waiting_days": span.where(in_progress & ~active, 0.0),
        }
    )
    totals = frame.groupby("item").sum()
    both = totals["active_days"] + totals["waiting_days"]
    totals["flow_efficiency"] = totals["active_days"] / both.where(both > 0)
    return totals


def overall_flow_efficiency(efficiency: pd.DataFrame) -> float | None:
    """Active days over all in-progress days of ``flow_efficiency``'s frame (None without any)."""
    total = float(efficiency["active_days"].sum() + efficiency["waiting_days"].sum())
    return float(efficiency["active_days"].sum()) / total if total > 0 else None


# ---------------------------------------------------------------------------------------------
# Monte Carlo forecasts


@dataclass(frozen=True)
class HowManyForecast:
    """Items done within ``days`` days: ``items[85]`` or more in 85 % of the runs."""

    days: int
    items: dict[int, int]
    iterations: int
    history_days: int


@dataclass(frozen=True)
class WhenForecast:
    """When ``items_left`` items will be done: by ``finish[85]`` in 85 % of the runs.

    ``days[c]`` counts forecast days (1 = ``start``); both None at a confidence the
    runs did not reach within ten years (e.g. no throughput in the history).
    """

    items_left: int
    start: dt.date
    days: dict[int, int | None]
    finish: dict[int, dt.date | None]
    iterations: int
    history_days: int


@dataclass(frozen=True)
class SprintForecast:
    """Sprints needed for the remaining points: ``sprints[85]`` or fewer in 85 % of runs."""

    remaining_points: float
    sprints: dict[int, int | None]
    finish: dict[int, dt.date | None]
    iterations: int
    history_sprints: int


def _samples(history: Sequence[float] | npt.ArrayLike, what: str) -> FloatArray | None:
    values = np.asarray(history, dtype=np.float64).ravel()
    values = values[~np.isnan(values)]
    if (values < 0).any():
        raise ValueError(f"{what} must be >= 0")
    return values if values.size else None


def _check_run(iterations: int, confidences: Sequence[int]) -> None:
    if iterations < 1:
        raise ValueError(f"iterations must be >= 1, not {iterations}")
    for confidence in confidences:
        if not 0 < confidence <= 100:
            raise ValueError(f"confidences must be in (0, 100], not {confidence}")


def _blocks(
    rng: np.random.Generator, samples: FloatArray, rows: int, width: int
) -> Iterator[FloatArray]:
    """Endless blocks of ``rows`` x ``width`` draws from ``samples`` with replacement."""
    while True:
        yield samples[rng.integers(0, samples.size, size=(rows, width))]


def _at_least(totals: FloatArray, confidence: int) -> float:
    """The largest value reached by at least ``confidence`` % of the runs."""
    ordered = np.sort(totals)
    count = max(math.ceil(confidence / 100 * ordered.size), 1)
    return float(ordered[ordered.size - count])


def _first_reaching(
    blocks: Iterator[FloatArray], target: float, rows: int, width: int, limit: int
) -> FloatArray:
    """Per run, the 1-based step at which the running sum first reaches ``target`` (inf if
    not within ``limit`` steps)."""
    finish = np.full(rows, np.inf)
    totals = np.zeros(rows)
    done_steps = 0
    while done_steps < limit and np.isinf(finish).any():
        running = totals[:, None] + np.cumsum(next(blocks), axis=1)
        reached = running >= target
        hit = reached.any(axis=1) & np.isinf(finish)
        finish[hit] = done_steps + np.argmax(reached[hit], axis=1) + 1
        totals = running[:, -1]
        done_steps += width
    finish[finish > limit] = np.inf
    return finish


def forecast_how_many(
    throughput_daily: Sequence[float] | npt.ArrayLike,
    days: int,
    *,
    seed: int,
    iterations: int = DEFAULT_ITERATIONS,
    confidences: Sequence[int] = CONFIDENCES,
) -> HowManyForecast | None:
    """How many items will be done in the next ``days`` calendar days, at each confidence.

    ``throughput_daily``: items done on each day of the history (e.g.
    ``daily_throughput_sample``). Each run sums ``days`` days drawn from it;
    ``items[c]`` is the count reached in at least c % of the runs. None without
    history.
    """
    samples = _samples(throughput_daily, "throughput")
    _check_run(iterations, confidences)
    if days < 0:
        raise ValueError(f"days must be >= 0, not {days}")
    if samples is None:
        return None
    rng = np.random.default_rng(seed)
    blocks = _blocks(rng, samples, iterations, _DAY_BLOCK)
    totals = np.zeros(iterations)
    left = days
    while left > 0:
        block = next(blocks)
        totals += block[:, : min(left, _DAY_BLOCK)].sum(axis=1)
        left -= _DAY_BLOCK
    items = {c: int(_at_least(totals, c)) for c in confidences}
    return HowManyForecast(days, items, iterations, int(samples.size))


def forecast_when(
    items_left: int,
    throughput_daily: Sequence[float] | npt.ArrayLike,
    start: dt.date,
    *,
    seed: int,
    iterations: int = DEFAULT_ITERATIONS,
    confidences: Sequence[int] = CONFIDENCES,
    max_days: int = MAX_FORECAST_DAYS,
) -> WhenForecast | None:
    """When ``items_left`` more items will be done, at each confidence.

    ``start`` is the first forecast day (the day after the status date). Each run
    draws days from ``throughput_daily`` until the items are done; ``finish[c]``
    is the date by which c % of the runs finished (the c-th percentile). None
    without history; dates None when too few runs finish within ``max_days``.
    Nothing left gives days 0 and no dates.
    """
    samples = _samples(throughput_daily, "throughput")
    _check_run(iterations, confidences)
    if items_left < 0:
        raise ValueError(f"items_left must be >= 0, not {items_left}")
    if samples is None:
        return None
    history = int(samples.size)
    if items_left == 0:
        return WhenForecast(
            0,
            start,
            {c: 0 for c in confidences},
            {c: None for c in confidences},
            iterations,
            history,
        )
    if not samples.any():
        nothing = {c: None for c in confidences}
        return WhenForecast(items_left, start, dict(nothing), dict(nothing), iterations, history)
    rng = np.random.default_rng(seed)
    blocks = _blocks(rng, samples, iterations, _DAY_BLOCK)
    finish = np.sort(_first_reaching(blocks, items_left, iterations, _DAY_BLOCK, max_days))
    days: dict[int, int | None] = {}
    dates: dict[int, dt.date | None] = {}
    for confidence in confidences:
        day = _nearest_rank(finish, confidence)
        days[confidence] = None if math.isinf(day) else int(day)
        dates[confidence] = None if math.isinf(day) else start + dt.timedelta(days=int(day) - 1)
    return WhenForecast(items_left, start, days, dates, iterations, history)


def daily_throughput_sample(
    items: pd.DataFrame, as_of: dt.date, *, window_days: int = DEFAULT_WINDOW_DAYS
) -> FloatArray:
    """Items done on each calendar day of the forecast history, oldest first.

    The history is the last ``window_days`` days up to and including ``as_of``,
    starting no earlier than the first day an item (epics aside) was started or
    done. Empty when no item was started or done by ``as_of``.
    """
    if window_days < 1:
        raise ValueError(f"window_days must be >= 1, not {window_days}")
    counted = _counted(items)
    end = pd.Timestamp(as_of)
    moments = pd.concat([counted["started"], counted["done"]]).dropna().dt.normalize()
    moments = moments[moments <= end]
    if moments.empty:
        return np.zeros(0)
    first = max(moments.min(), end - pd.Timedelta(days=window_days - 1))
    daily = throughput(items, "D", start=first.date(), end=as_of)
    return daily.to_numpy(dtype=np.float64)


def forecast_sprints(
    remaining_points: float,
    velocities: Sequence[float] | npt.ArrayLike,
    *,
    seed: int,
    iterations: int = DEFAULT_ITERATIONS,
    confidences: Sequence[int] = CONFIDENCES,
    last_sprint_end: dt.date | None = None,
    sprint_length_days: float | None = None,
    max_sprints: int = MAX_FORECAST_SPRINTS,
) -> SprintForecast | None:
    """Sprints needed for ``remaining_points``, from velocities drawn with replacement.

    ``velocities``: completed points of past sprints. ``sprints[c]``: the number of
    sprints within which c % of the runs finished. With ``last_sprint_end`` and
    ``sprint_length_days`` (calendar days per sprint, as ``pmtools.agile.forecast``
    counts them) ``finish[c]`` is that end plus ``sprints[c]`` sprint lengths.
    None without velocities.
    """
    samples = _samples(velocities, "velocities")
    _check_run(iterations, confidences)
    if samples is None:
        return None
    history = int(samples.size)
    counts: dict[int, int | None]
    if remaining_points <= 0:
        counts = {c: 0 for c in confidences}
    elif not samples.any():
        counts = {c: None for c in confidences}
    else:
        rng = np.random.default_rng(seed)
        blocks = _blocks(rng, samples, iterations, _SPRINT_BLOCK)
        needed = np.sort(
            _first_reaching(blocks, remaining_points, iterations, _SPRINT_BLOCK, max_sprints)
        )
        counts = {}
        for confidence in confidences:
            value = _nearest_rank(needed, confidence)
            counts[confidence] = None if math.isinf(value) else int(value)
    finish: dict[int, dt.date | None] = {}
    for confidence, count in counts.items():
        if count is None or last_sprint_end is None or sprint_length_days is None:
            finish[confidence] = None
        else:
            finish[confidence] = last_sprint_end + dt.timedelta(days=sprint_length_days * count)
    return SprintForecast(float(remaining_points), counts, finish, iterations, history)


def points_left(items: pd.DataFrame) -> float:
    """Story points of the items not done (epics aside; items without points count 0)."""
    counted = _counted(items)
    stage = _stage_column(counted)
    open_items = counted[stage != "done"] if stage is not None else counted[counted["done"].isna()]
    return float(open_items["points"].fillna(0).sum())


def sprint_forecast(
    project: Project,
    items: pd.DataFrame | None = None,
    *,
    seed: int,
    iterations: int = DEFAULT_ITERATIONS,
    window_sprints: int = 6,
) -> SprintForecast | None:
    """``pmtools.agile.forecast`` by Monte Carlo: sprints left from sampled velocities.

    Velocities are the completed points of the last ``window_sprints`` finished
    sprints of ``project.sprints`` (``agile.velocity``); the points left are
    ``points_left(items)`` when work items are given, else what ``agile.forecast``
    counts as remaining. Finish dates count from the end of the last finished
    sprint in sprint lengths as ``agile.forecast`` does (mean length + 3 days).
    None without finished sprints.
    """
    frame = agile.velocity(project)
    finished = frame[frame["finished"]].tail(window_sprints)
    if finished.empty:
        return None
    if items is not None:
        remaining = points_left(items)
    else:
        plain = agile.forecast(project)
        remaining = plain.remaining_points if plain is not None else 0.0
    length = float((finished["end"] - finished["start"]).dt.days.mean()) + 3
    last_end = pd.Timestamp(finished["end"].iloc[-1]).date()
    return forecast_sprints(
        remaining,
        finished["completed"].astype(float).to_numpy(),
        seed=seed,
        iterations=iterations,
        last_sprint_end=last_end,
        sprint_length_days=length,
    )


# ---------------------------------------------------------------------------------------------
# the summary of `pmtools flow --json`


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def flow_summary(
    items: pd.DataFrame,
    transitions: pd.DataFrame | None,
    board: Board,
    as_of: dt.date,
    *,
    seed: int,
    iterations: int = DEFAULT_ITERATIONS,
    window_days: int = DEFAULT_WINDOW_DAYS,
) -> dict[str, Any]:
    """The JSON document of ``pmtools flow --json``.

    ``{"items", "wip": {column: count}, "cycle_time": {"p50", "p85", "p95"},
    "throughput_per_week", "forecast": {"items_left", "finish_p50", "finish_p85",
    "finish_p95"}}``: items counts the work items (epics aside); wip the items in
    each in-progress column; cycle times in days (two decimals) over items done
    by ``as_of``; throughput_per_week the mean over the forecast history; finish
    dates ISO strings. Empty started/done dates are filled from the transitions
    first. Values that cannot be computed are None (JSON null), never 0.
    """
    items = fill_dates_from_transitions(items, transitions, board)
    items = items.assign(column=column_of(items, board), stage=stage_of(items, board))
    counted = _counted(items)
    board_wip = wip(items, board)
    in_progress = board_wip[board_wip["stage"] == "in_progress"]
    end_of_day = pd.Timestamp(as_of) + _DAY
    by_now = items[items["done"].isna() | (items["done"] < end_of_day)]
    percentiles = cycle_time_percentiles(cycle_times(by_now), CONFIDENCES)
    history = daily_throughput_sample(items, as_of, window_days=window_days)
    per_week = float(history.mean() * 7) if history.size else None
    left = int(counted["stage"].isin(("backlog", "in_progress")).sum())
    when = forecast_when(
        left, history, as_of + dt.timedelta(days=1), seed=seed, iterations=iterations
    )
    finish = when.finish if when is not None else {}
    return {
        "items": len(counted),
        "wip": dict(
            zip(in_progress["column"].tolist(), in_progress["items"].tolist(), strict=True)
        ),
        "cycle_time": {f"p{p}": _rounded(v) for p, v in percentiles.items()},
        "throughput_per_week": _rounded(per_week),
        "forecast": {
            "items_left": left,
            **{f"finish_p{c}": _iso(finish.get(c)) for c in CONFIDENCES},
        },
    }


# ---------------------------------------------------------------------------------------------
# the forecast curve: how many items by each coming day


def forecast_curve(
    throughput_daily: Sequence[float] | npt.ArrayLike,
    start: dt.date,
    days: int,
    *,
    seed: int,
    iterations: int = DEFAULT_ITERATIONS,
    confidences: Sequence[int] = CONFIDENCES,
) -> pd.DataFrame:
    """Items done from ``start`` to the end of each of the next ``days`` days, per confidence.

    Indexed by date (``start`` is day 1), one column per confidence (``50``, ``85``,
    ``95``): the count reached in at least that share of the runs, so each day's
    value equals ``forecast_how_many`` for that many days with the same seed (the
    runs draw the same days). Empty without history or with ``days`` < 1.
    """
    samples = _samples(throughput_daily, "throughput")
    _check_run(iterations, confidences)
    index = pd.date_range(pd.Timestamp(start), periods=max(days, 0), freq="D", name="date")
    if samples is None or days < 1:
        return pd.DataFrame(columns=list(confidences), index=index[:0], dtype=np.int64)
    rng = np.random.default_rng(seed)
    blocks = _blocks(rng, samples, iterations, _DAY_BLOCK)
    drawn = np.concatenate([next(blocks) for _ in range(math.ceil(days / _DAY_BLOCK))], axis=1)
    totals = np.sort(np.cumsum(drawn[:, :days], axis=1), axis=0)
    values = {}
    for confidence in confidences:
        count = max(math.ceil(confidence / 100 * iterations), 1)
        values[confidence] = totals[iterations - count].astype(np.int64)
    return pd.DataFrame(values, index=index)


# ---------------------------------------------------------------------------------------------
# a project's flow: the items with their history, bugs, what needs attention, the report


def workitems(project: Project) -> pd.DataFrame | None:
    """The project's typed work items (epics included), started/done filled from the history.

    None when the folder has no workitems.csv. Computed once per project.
    """
    items = project.table(WORKITEMS_FILE)
    if items is None:
        return None
    return project.remember(
        "flow.workitems",
        lambda: fill_dates_from_transitions(items, transitions(project), board_of(project)),
    )


def transitions(project: Project) -> pd.DataFrame | None:
    """The project's typed transitions sorted by item and time (None without the file)."""
    table = project.table(TRANSITIONS_FILE)
    return None if table is None else table.sort_values(["item", "at"], kind="stable")


BUG_COLUMNS = ("id", "title", "status", "created", "done", "priority", "stage")


def bugs(project: Project) -> pd.DataFrame:
    """The work items of type ``bug``, oldest first, for the quality report.

    Columns id, title, status (as the tracker writes it), created and done
    (``datetime64[ns]``, NaT when empty; done filled from transitions.csv), priority
    and stage (``backlog``, ``in_progress``, ``done``). Empty (with these columns)
    without work items or bugs.
    """
    items = workitems(project)
    if items is None or items.empty:
        empty = pd.DataFrame({c: pd.Series(dtype=object) for c in BUG_COLUMNS})
        empty["created"] = empty["done"] = pd.Series(dtype="datetime64[ns]")
        return empty
    found = items[items["type"] == "bug"].reset_index()
    found = found.sort_values(["created", "id"], kind="stable", na_position="last")
    return found[list(BUG_COLUMNS)].reset_index(drop=True)


def attention(project: Project) -> list[Attention]:
    """What the board says needs the PM's attention at the status date.

    Amber for each column holding more items than its WIP limit, and amber when
    items in progress are older than the 85th percentile of cycle times (named,
    oldest first, up to three), as ``flow_report`` counts them but without its
    forecasts. Nothing without work items.
    """
    items = workitems(project)
    if items is None:
        return []
    board = board_of(project)
    end_of_day = pd.Timestamp(project.status_date) + _DAY
    by_now = items[items["done"].isna() | (items["done"] < end_of_day)]
    percentiles = cycle_time_percentiles(cycle_times(by_now), CONFIDENCES)
    aging = aging_wip(items, project.status_date, percentiles=percentiles)  # as flow_report
    found: list[Attention] = []
    board_wip = wip(items, board)
    over = board_wip[board_wip["over_limit"]]
    for column, count, limit in zip(
        over["column"].tolist(), over["items"].tolist(), over["wip_limit"].tolist(), strict=True
    ):
        values = {"column": column, "items": int(count), "limit": int(limit)}
        found.append(Attention("flow", "amber", "flow.attention.wip", values))
    old = aging[aging["exceeds_percentile"].fillna(0) >= 85]
    limit = percentiles.get(85)
    if len(old) and limit is not None:
        values = {
            "count": len(old),
            "days": _days_text(limit),
            "ids": ", ".join(map(str, old.index[:3])),
        }
        found.append(Attention("flow", "amber", "flow.attention.aging", values))
    return found


def _days_text(days: float) -> str:
    return f"{days:.1f}".removesuffix(".0")


@dataclass(frozen=True)
class FlowReport:
    """Every flow figure of a project at its status date (``flow_report``).

    ``items``: the typed work items, epics included, dates filled from the history;
    ``wip`` (``wip``); ``cumulative`` (``cumulative_flow`` from the first day an item
    was created to the status date); ``cycle_times`` of items done by the status
    date and their ``percentiles`` (days); ``throughput_weekly`` from the first week
    with a started or done item to the status date; ``history``: the daily
    throughput the forecasts draw from; ``aging`` (``aging_wip``); ``efficiency``
    (active share of in-progress time, None without transitions); ``items_left``
    (backlog and in progress, epics aside); ``when`` (``forecast_when`` from the day
    after the status date); ``how_many`` (``forecast_how_many`` to ``horizon``: the
    deadline when it is later than the status date, else 30 days on); ``curve``
    (``forecast_curve`` to the horizon or the 95 % finish, whichever is later).
    """

    status_date: dt.date
    board: Board
    items: pd.DataFrame
    transitions: pd.DataFrame | None
    wip: pd.DataFrame
    cumulative: pd.DataFrame
    cycle_times: pd.DataFrame
    percentiles: dict[int, float | None]
    throughput_weekly: pd.Series
    history: FloatArray
    aging: pd.DataFrame
    efficiency: float | None
    items_left: int
    when: WhenForecast | None
    horizon: dt.date
    how_many: HowManyForecast | None
    curve: pd.DataFrame
    seed: int
    iterations: int

    @property
    def counted(self) -> pd.DataFrame:
        """The items flow metrics count (epics aside)."""
        return _counted(self.items)

    @property
    def throughput_per_week(self) -> float | None:
        """Mean items done per week over the forecast history (None without history)."""
        return float(self.history.mean() * 7) if self.history.size else None

    def summary(self) -> dict[str, Any]:
        """The JSON document of ``pmtools flow --json`` (as ``flow_summary`` gives it)."""
        in_progress = self.wip[self.wip["stage"] == "in_progress"]
        finish = self.when.finish if self.when is not None else {}
        return {
            "items": len(self.counted),
            "wip": dict(
                zip(in_progress["column"].tolist(), in_progress["items"].tolist(), strict=True)
            ),
            "cycle_time": {f"p{p}": _rounded(v) for p, v in self.percentiles.items()},
            "throughput_per_week": _rounded(self.throughput_per_week),
            "forecast": {
                "items_left": self.items_left,
                **{f"finish_p{c}": _iso(finish.get(c)) for c in CONFIDENCES},
            },
        }


def _horizon(project: Project) -> dt.date:
    deadline = project.deadline
    if deadline is not None and deadline > project.status_date:
        return deadline
    return project.status_date + dt.timedelta(days=30)


def flow_report(
    project: Project,
    *,
    seed: int = 1,
    iterations: int = DEFAULT_ITERATIONS,
    window_days: int = DEFAULT_WINDOW_DAYS,
) -> FlowReport:
    """The project's flow at its status date: every figure of the flow report (``FlowReport``).

    Without workitems.csv every frame is empty and every figure None. Computed once
    per project and arguments.
    """
    key = ("flow.report", seed, iterations, window_days)
    return project.remember(
        key, lambda: _flow_report(project, seed=seed, iterations=iterations, window=window_days)
    )


def _empty_items() -> pd.DataFrame:
    frame = pd.DataFrame(
        {c: pd.Series(dtype=object) for c in ("title", "type", "status", "column", "stage")}
    )
    frame["points"] = pd.Series(dtype=float)
    for column in ("created", "started", "done"):
        frame[column] = pd.Series(dtype="datetime64[ns]")
    frame.index.name = "id"
    return frame


def _flow_report(project: Project, *, seed: int, iterations: int, window: int) -> FlowReport:
    as_of = project.status_date
    board = board_of(project)
    found = workitems(project)
    items = found if found is not None else _empty_items()
    moves = transitions(project)
    end_of_day = pd.Timestamp(as_of) + _DAY
    counted = _counted(items)
    created = counted["created"].dropna()
    first = created.min().date() if len(created) else as_of
    cumulative = cumulative_flow(items, moves, board, min(first, as_of), as_of)
    by_now = items[items["done"].isna() | (items["done"] < end_of_day)]
    times = cycle_times(by_now)
    percentiles = cycle_time_percentiles(times, CONFIDENCES)
    history = daily_throughput_sample(items, as_of, window_days=window)
    moments = pd.concat([counted["started"], counted["done"]]).dropna()
    moments = moments[moments < end_of_day]
    weekly = (
        throughput(by_now, "W", start=moments.min().date(), end=as_of)
        if len(moments)
        else (throughput(by_now, "W"))
    )
    efficiency = None
    if moves is not None and len(moves):
        efficiency = overall_flow_efficiency(flow_efficiency(moves, board, as_of=as_of))
    left = int(counted["stage"].isin(("backlog", "in_progress")).sum())
    start = as_of + dt.timedelta(days=1)
    when = forecast_when(left, history, start, seed=seed, iterations=iterations)
    horizon = _horizon(project)
    days = (horizon - as_of).days
    how_many = forecast_how_many(history, days, seed=seed, iterations=iterations)
    reach = when.finish.get(95) if when is not None else None
    curve_end = max(horizon, reach) if reach is not None else horizon
    curve_days = min((curve_end - as_of).days, 366)
    curve = forecast_curve(history, start, curve_days, seed=seed, iterations=iterations)
    return FlowReport(
        status_date=as_of,
        board=board,
        items=items,
        transitions=moves,
        wip=wip(items, board),
        cumulative=cumulative,
        cycle_times=times,
        percentiles=percentiles,
        throughput_weekly=weekly,
        history=history,
        aging=aging_wip(items, as_of, percentiles=percentiles),
        efficiency=efficiency,
        items_left=left,
        when=when,
        horizon=horizon,
        how_many=how_many,
        curve=curve,
        seed=seed,
        iterations=iterations,
    )
