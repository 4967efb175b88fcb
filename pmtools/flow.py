"""Kanban flow: the board, work items, cumulative flow, cycle time, throughput and forecasts.

Files. ``workitems.csv`` has one row per work item (story, task, bug or epic) with
the tracker's status text; ``transitions.csv`` (optional) its status history;
``board:`` in ``project.yaml`` the board's columns, left to right, each listing the
statuses it holds. ``check_workitems`` turns the text cells into typed frames and
lists every bad cell as a Problem; the metrics below take those typed frames.

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
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from pmtools import agile
from pmtools.errors import Problem
from pmtools.model import Project
from pmtools.tables._checker import TableChecker

__all__ = [
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
    "HowManyForecast",
    "SprintForecast",
    "WhenForecast",
    "aging_wip",
    "board_from_settings",
    "check_transitions",
    "check_workitems",
    "column_of",
    "cumulative_flow",
    "cycle_time_percentiles",
    "cycle_times",
    "daily_throughput_sample",
    "fill_dates_from_transitions",
    "flow_efficiency",
    "flow_summary",
    "forecast_how_many",
    "forecast_sprints",
    "forecast_when",
    "guess_stage",
    "overall_flow_efficiency",
    "points_left",
    "sprint_forecast",
    "stage_of",
    "throughput",
    "wip",
]

PROJECT_FILE = "project.yaml"
WORKITEMS_FILE = "workitems.csv"
TRANSITIONS_FILE = "transitions.csv"
WORKITEMS_COLUMNS = (
    "id",
    "title",
    "type",
    "status",
    "owner",
    "priority",
    "points",
    "sprint",
    "created",
    "started",
    "done",
    "parent",
    "requirements",
    "tasks",
)
TRANSITIONS_COLUMNS = ("item", "from", "to", "at")
ITEM_TYPES = ("story", "task", "bug", "epic")
STAGES = ("backlog", "in_progress", "done")
CONFIDENCES = (50, 85, 95)
DEFAULT_ITERATIONS = 10_000
DEFAULT_WINDOW_DAYS = 60
MAX_FORECAST_DAYS = 3650  # runs not finished after ten years count as never finishing
MAX_FORECAST_SPRINTS = 260
_DAY_BLOCK = 64  # simulated days drawn per step, for all runs at once
_SPRINT_BLOCK = 16
_DAY = pd.Timedelta(days=1)

Stage = Literal["backlog", "in_progress", "done"]
FloatArray = npt.NDArray[np.float64]


def _norm(status: str) -> str:
    """Status text as compared: case folded, runs of white space made one space."""
    return " ".join(str(status).split()).casefold()


# ---------------------------------------------------------------------------------------------
# the board


@dataclass(frozen=True)
class BoardColumn:
    """One board column: the statuses it holds, its WIP limit, and whether work in it is
    active (``False`` for queues such as "Ready for review", for flow efficiency)."""

    name: str
    statuses: tuple[str, ...] = ()
    wip: int | None = None
    active: bool = True


@dataclass(frozen=True)
class Board:
    """Columns left to right; ``started`` and ``done`` name columns of the board.

    ``guess``: statuses listed in no column are placed by keywords (``guess_stage``)
    in the first, the started or the done column; the default board does this.
    Raises ValueError when ``started``/``done`` are not columns or not in that order.
    """

    columns: tuple[BoardColumn, ...]
    started: str
    done: str
    guess: bool = False

    def __post_init__(self) -> None:
        names = [c.name for c in self.columns]
        if len(set(map(_norm, names))) != len(names):
            raise ValueError(f"board column names must be unique: {names}")
        if self.started not in names or self.done not in names:
            raise ValueError(f"started and done must be board columns: {names}")
        if names.index(self.started) >= names.index(self.done):
            raise ValueError("the started column must come before the done column")

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def position(self, column: str) -> int:
        """0-based place of a column, left to right."""
        return self.names.index(column)

    def stage(self, column: str) -> Stage:
        """``backlog``, ``in_progress`` or ``done`` for a column of this board."""
        place = self.position(column)
        if place < self.position(self.started):
            return "backlog"
        return "in_progress" if place < self.position(self.done) else "done"

    def in_progress_columns(self) -> tuple[str, ...]:
        return tuple(n for n in self.names if self.stage(n) == "in_progress")

    def column_for(self, status: str) -> str | None:
        """The column holding ``status`` (or named like it); None when the board has none."""
        key = _norm(status)
        if not key:
            return None
        for column in self.columns:
            if key in {_norm(s) for s in column.statuses}:
                return column.name
        for column in self.columns:
            if key == _norm(column.name):
                return column.name
        if not self.guess:
            return None
        stage = guess_stage(status)
        return {"backlog": self.names[0], "in_progress": self.started, "done": self.done}[stage]


_DONE_WORDS = re.compile(
    r"\b(done|closed?|resolved|complete[d]?|finished|released|delivered|fixed|archived|"
    r"cancel+ed|rejected|won'?t (do|fix)|duplicate)\b"
)
_DONE_ZH = (
    "已完成",
    "已关闭",
    "已解决",
    "已发布",
    "已上线",
    "已交付",
    "已验收",
    "已取消",
    "已拒绝",
)
_DONE_ZH_EXACT = {"完成", "关闭", "已修复", "已归档", "完毕"}
_BACKLOG_WORDS = re.compile(
    r"^(to ?do|open|new|backlog|re-?opened|planned|ready|not started|created|proposed|"
    r"icebox|funnel|selected for development|待处理|未开始|新建|新增|打开|待办|规划中|"
    r"重新打开|待开发|待分配|需求池|待排期|待启动|未完成)$"
)


def guess_stage(status: str) -> Stage:
    """The stage a status text most likely means, for boards without ``board:``.

    Done: words such as done, closed, resolved, complete(d), finished, released,
    cancelled, won't do, or 已完成, 已关闭, 已解决, 已取消, 完成, 关闭. Backlog: a whole
    status such as To Do, Open, New, Backlog, Ready, 待处理, 未开始, 新建, 打开, 待办.
    Anything else counts as in progress (In Progress, Review, 进行中, 待验收, ...).
    """
    key = _norm(status)
    if _DONE_WORDS.search(key) or key in _DONE_ZH_EXACT or any(w in key for w in _DONE_ZH):
        return "done"
    if _BACKLOG_WORDS.match(key):
        return "backlog"
    return "in_progress"


DEFAULT_BOARD = Board(
    columns=(
        BoardColumn("Backlog", ("To Do", "Open", "New", "Backlog", "待处理", "未开始", "新建")),
        BoardColumn("In progress", ("In Progress", "进行中", "处理中")),
        BoardColumn("Done", ("Done", "Closed", "Resolved", "已完成", "已关闭", "已解决")),
    ),
    started="In progress",
    done="Done",
    guess=True,
)

_BOARD_KEYS = ("columns", "started", "done")
_COLUMN_KEYS = ("name", "statuses", "wip", "active")


class _BoardReader:
    """Validates the ``board:`` mapping, one Problem per bad key (located by YAML line)."""

    def __init__(self, lines: Mapping[str, int] | None) -> None:
        self.lines = dict(lines or {})
        self.problems: list[Problem] = []

    def problem(self, key: str, code: str, **values: Any) -> None:
        row = self.lines.get(key)
        parent = key
        while row is None and "." in parent:
            parent = parent.rsplit(".", 1)[0]
            row = self.lines.get(parent)
        self.problems.append(Problem(PROJECT_FILE, row, key, code, values))

    def text(self, value: Any) -> str | None:
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            text = " ".join(str(value).split())
            return text or None
        return None

    def column(self, number: int, spec: Any) -> BoardColumn | None:
        key = f"board.columns.{number}"
        if isinstance(spec, str):  # "- Done": a column holding only the status "Done"
            spec = {"name": spec}
        if not isinstance(spec, Mapping):
            self.problem(key, "flow.board.column.not_mapping", found=_shown(spec))
            return None
        for unknown in sorted(set(map(str, spec)) - set(_COLUMN_KEYS)):
            self.problem(f"{key}.{unknown}", "flow.board.column.unknown_key", found=unknown)
        name = self.text(spec.get("name"))
        if name is None:
            self.problem(f"{key}.name", "flow.board.column.name", found=_shown(spec.get("name")))
            return None
        raw_statuses = spec.get("statuses", [])
        if raw_statuses is None:
            raw_statuses = []
        if not isinstance(raw_statuses, list):
            raw_statuses = [raw_statuses]
        statuses: list[str] = []
        for status in raw_statuses:
            text = self.text(status)
            if text is None:
                self.problem(f"{key}.statuses", "flow.board.status.invalid", found=_shown(status))
            else:
                statuses.append(text)
        limit = spec.get("wip")
        wip: int | None = None
        if limit is not None:
            whole = isinstance(limit, int | float) and not isinstance(limit, bool)
            if not whole or limit < 1 or float(limit) != int(limit):
                self.problem(f"{key}.wip", "flow.board.wip.invalid", found=_shown(limit))
            else:
                wip = int(limit)
        active = spec.get("active", True)
        if not isinstance(active, bool):
            self.problem(f"{key}.active", "flow.board.active.invalid", found=_shown(active))
            active = True
        return BoardColumn(name, tuple(statuses), wip, active)

    def named(self, key: str, value: Any, names: list[str], default: str) -> str:
        if value is None:
            return default
        text = self.text(value)
        match = [n for n in names if text is not None and _norm(n) == _norm(text)]
        if not match:
            self.problem(
                f"board.{key}",
                "flow.board.column.unknown",
                found=_shown(value),
                expected=", ".join(names),
            )
            return default
        return match[0]


def _shown(value: Any) -> str:
    """A YAML value as a PM would recognise it in a message."""
    if value is None:
        return "nothing"
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k}: {_shown(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_shown(v) for v in value) + "]"
    return str(value)


def board_from_settings(
    settings: Mapping[str, Any], *, lines: Mapping[str, int] | None = None
) -> tuple[Board, list[Problem]]:
    """The board described under ``board:`` in project.yaml (``settings`` is the whole file).

    Without ``board:`` the result is ``DEFAULT_BOARD`` (Backlog, In progress, Done,
    statuses placed by ``guess_stage``). ``started`` defaults to the second column
    when there are three or more, else the first; ``done`` to the last column.
    ``lines`` maps keys such as ``board`` or ``board.columns`` to their line in
    project.yaml, for the problems' row. With any problem the default board is
    returned beside the problems.
    """
    raw = settings.get("board")
    if raw is None:
        return DEFAULT_BOARD, []
    reader = _BoardReader(lines)
    if not isinstance(raw, Mapping):
        reader.problem("board", "flow.board.not_mapping", found=_shown(raw))
        return DEFAULT_BOARD, reader.problems
    for unknown in sorted(set(map(str, raw)) - set(_BOARD_KEYS)):
        reader.problem(f"board.{unknown}", "flow.board.unknown_key", found=unknown)
    specs = raw.get("columns")
    if not isinstance(specs, list) or len(specs) < 2:
        reader.problem("board.columns", "flow.board.columns.invalid", found=_shown(specs))
        return DEFAULT_BOARD, reader.problems
    columns = [reader.column(n, spec) for n, spec in enumerate(specs, start=1)]
    usable = [c for c in columns if c is not None]
    seen_names: dict[str, int] = {}
    seen_statuses: dict[str, str] = {}
    for number, column in enumerate(columns, start=1):
        if column is None:
            continue
        key = _norm(column.name)
        if key in seen_names:
            reader.problem(
                f"board.columns.{number}.name",
                "flow.board.column.duplicate",
                found=column.name,
                first=seen_names[key],
            )
        seen_names.setdefault(key, number)
        for status in column.statuses:
            owner = seen_statuses.get(_norm(status))
            if owner is not None and owner != column.name:
                reader.problem(
                    f"board.columns.{number}.statuses",
                    "flow.board.status.duplicate",
                    found=status,
                    first=owner,
                    second=column.name,
                )
            seen_statuses.setdefault(_norm(status), column.name)
    if reader.problems:
        return DEFAULT_BOARD, reader.problems
    names = [c.name for c in usable]
    started = reader.named("started", raw.get("started"), names, names[1 if len(names) > 2 else 0])
    done = reader.named("done", raw.get("done"), names, names[-1])
    if not reader.problems and names.index(started) >= names.index(done):
        reader.problem("board.started", "flow.board.order", started=started, done=done)
    if reader.problems:
        return DEFAULT_BOARD, reader.problems
    return Board(tuple(usable), started, done), []


# ---------------------------------------------------------------------------------------------
# checking workitems.csv and transitions.csv (small functions: each check is one rule)


def _header(frame: pd.DataFrame) -> list[str]:
    return [str(c) for c in frame.columns if c != "_row"]


def _flow_datetimes(check: TableChecker, column: str, *, required: bool = False) -> pd.Series:
    """``datetime64[ns]`` from ``YYYY-MM-DD`` or ``YYYY-MM-DD HH:MM`` (NaT when empty)."""
    text = check.cells(column).astype(object)
    length = text.str.len()
    day = pd.to_datetime(text.where(length == 10), format="%Y-%m-%d", errors="coerce")
    minute = pd.to_datetime(text.where(length == 16), format="%Y-%m-%d %H:%M", errors="coerce")
    values = day.fillna(minute).astype("datetime64[ns]")
    bad = (text != "") & values.isna()
    check.report(bad, column, "flow.date.invalid")
    if required and check.has(column):
        check.report(text == "", column, "flow.value.empty")
    return values.where(~bad)


def _required_text(check: TableChecker, column: str) -> pd.Series:
    text = check.cells(column).astype(object)
    if check.has(column):
        check.report(text == "", column, "flow.value.empty")
    return text


def _check_parents(check: TableChecker, ids: pd.Series) -> pd.Series:
    parent = check.cells("parent").astype(object)
    known = set(ids[ids != ""])
    check.report((parent != "") & (parent == ids), "parent", "flow.parent.self")
    check.report(
        (parent != "") & (parent != ids) & ~parent.isin(known), "parent", "flow.parent.unknown"
    )
    return parent


def _check_references(
    check: TableChecker, column: str, known: Iterable[str] | None, file: str
) -> pd.Series:
    lists = check.id_list(column)
    if known is None or not check.has(column):
        return lists
    allowed = set(known)
    flat = lists.explode().dropna()
    unknown = flat[~flat.isin(allowed)]
    rows = dict(zip(lists.index, check.rows, strict=True))
    for index, ref in unknown.items():
        row = int(rows[index])
        check.problems.append(
            Problem(check.file, row, column, "flow.reference.unknown", {"found": ref, "file": file})
        )
    return lists


def _check_date_order(check: TableChecker, started: pd.Series, done: pd.Series) -> None:
    backwards = (_day_level(done, started) < 0).fillna(False)
    check.report(
        backwards,
        "done",
        "flow.done_before_started",
        per_row={
            "done": check.cells("done").astype(object),
            "started": check.cells("started").astype(object),
        },
    )


def _check_statuses(check: TableChecker, column: str, found: pd.Series, board: Board) -> pd.Series:
    """The board column of each status; statuses the board does not know are reported."""
    columns = _lookup_columns(found, board)
    unknown = (found != "") & columns.isna()
    check.report(unknown, column, "flow.status.unknown", columns=", ".join(board.names))
    return columns


def _lookup_columns(statuses: pd.Series, board: Board) -> pd.Series:
    unique = pd.unique(statuses.astype(object))
    mapping = {s: board.column_for(str(s)) for s in unique}
    return pd.Series(
        statuses.astype(object).map(mapping).to_numpy(dtype=object),
        index=statuses.index,
        dtype=object,
        name="column",
    )


def _stages(columns: pd.Series, board: Board) -> pd.Series:
    mapping = {name: board.stage(name) for name in board.names}
    return pd.Series(
        columns.map(mapping).to_numpy(dtype=object), index=columns.index, dtype=object, name="stage"
    )


def check_workitems(
    frame: pd.DataFrame,
    transitions: pd.DataFrame | None,
    board: Board | None = None,
    *,
    requirement_ids: Iterable[str] | None = None,
    task_ids: Iterable[str] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, list[Problem]]:
    """Typed work items and transitions from text cells (``read_csv_table``'s frames).

    Items come back indexed by id (rows with an empty or repeated id left out),
    with title, type (story, task, bug or epic; default story), status, owner,
    priority, points (float, NaN when empty), sprint, created, started, done
    (``datetime64[ns]``, NaT when empty), parent, requirements and tasks (lists of
    ids), column (the board column of the status, None when the board has none),
    stage (``backlog``, ``in_progress``, ``done``, None), any other columns of the
    file as text, and ``_row``. Transitions: see ``check_transitions``.

    Every bad cell is a Problem: missing required columns (id, title, status),
    empty, malformed or repeated ids, empty titles and statuses, unknown types,
    negative or non-numeric points, dates not ``YYYY-MM-DD`` or ``YYYY-MM-DD
    HH:MM``, ``done`` before ``started``, parents that are not ids of the file (or
    the item itself), statuses not on the board, and, when ``requirement_ids`` /
    ``task_ids`` are given, references to ids not among them. ``board`` None uses
    ``DEFAULT_BOARD``. Inputs are not changed.
    """
    board = board or DEFAULT_BOARD
    problems: list[Problem] = []
    check = TableChecker(WORKITEMS_FILE, frame, problems)
    check.require_columns(("id", "title", "status"), _header(frame))
    ids = check.ids("id").astype(object) if check.has("id") else check.cells("id").astype(object)
    out = pd.DataFrame(index=frame.index)
    out["id"] = ids
    out["title"] = _required_text(check, "title")
    out["type"] = check.choice("type", ITEM_TYPES, "story")
    status = _required_text(check, "status")
    out["status"] = status
    for column in ("owner", "priority", "sprint"):
        out[column] = check.cells(column).astype(object)
    out["points"] = check.number("points")
    for column in ("created", "started", "done"):
        out[column] = _flow_datetimes(check, column)
    _check_date_order(check, out["started"], out["done"])
    out["parent"] = _check_parents(check, ids)
    out["requirements"] = _check_references(
        check, "requirements", requirement_ids, "requirements.csv"
    )
    out["tasks"] = _check_references(check, "tasks", task_ids, "tasks.csv")
    out["column"] = _check_statuses(check, "status", status, board)
    out["stage"] = _stages(out["column"], board)
    for column in frame.columns:  # a PM's own columns are kept as text
        if column not in out.columns and column != "_row":
            out[column] = frame[column]
    out["_row"] = frame["_row"]
    usable = out[(out["id"] != "") & ~out["id"].duplicated()]
    items = usable.set_index("id", drop=True)
    typed_transitions = check_transitions(
        transitions,
        board,
        items.index,
        statuses=dict(zip(items.index, items["status"], strict=True)),
        problems=problems,
    )
    return items, typed_transitions, problems


def check_transitions(
    frame: pd.DataFrame | None,
    board: Board,
    item_ids: Iterable[str],
    *,
    statuses: Mapping[str, str] | None = None,
    problems: list[Problem] | None = None,
) -> pd.DataFrame:
    """Typed status history: item, from, to, at, from_column, to_column, _row.

    Sorted by item, then time (rows at the same time keep file order). ``from`` may
    be empty; ``at`` is a date or date-time. Problems (appended to ``problems``):
    missing columns item, to, at; empty cells; items that are not ids of
    workitems.csv; statuses not on the board; malformed dates; and, with
    ``statuses`` (item id -> its status in workitems.csv), an item whose last
    transition leads to another board column than its status.
    """
    problems = problems if problems is not None else []
    columns = ["item", "from", "to", "at", "from_column", "to_column", "_row"]
    if frame is None:
        empty = pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
        empty["at"] = pd.Series(dtype="datetime64[ns]")
        empty["_row"] = pd.Series(dtype=np.int64)
        return empty
    check = TableChecker(TRANSITIONS_FILE, frame, problems)
    check.require_columns(("item", "to", "at"), _header(frame))
    item = _required_text(check, "item")
    if check.has("item"):
        known = set(item_ids)
        check.report((item != "") & ~item.isin(known), "item", "flow.transition.unknown_item")
    source = check.cells("from").astype(object)
    target = _required_text(check, "to")
    out = pd.DataFrame(index=frame.index)
    out["item"] = item
    out["from"] = source
    out["to"] = target
    out["at"] = _flow_datetimes(check, "at", required=True)
    out["from_column"] = _check_statuses(check, "from", source, board)
    out["to_column"] = _check_statuses(check, "to", target, board)
    out["_row"] = frame["_row"]
    out = out.sort_values(["item", "at"], kind="stable").reset_index(drop=True)
    if statuses is not None:
        _check_last_transitions(out, board, statuses, problems)
    return out


def _check_last_transitions(
    transitions: pd.DataFrame, board: Board, statuses: Mapping[str, str], problems: list[Problem]
) -> None:
    """The last move of each item must lead to the column of its status in workitems.csv."""
    moves = transitions[transitions["to_column"].notna() & transitions["at"].notna()]
    last = moves.groupby("item", sort=False).tail(1)
    status = last["item"].map(statuses)
    current = _lookup_columns(status.fillna(""), board)
    wrong = status.notna() & current.notna() & (current != last["to_column"])
    rows = zip(
        last["_row"][wrong].tolist(),
        last["to"][wrong].tolist(),
        last["item"][wrong].tolist(),
        status[wrong].tolist(),
        strict=True,
    )
    for row, found, item, text in rows:
        values = {"found": found, "item": item, "status": text}
        problems.append(Problem(TRANSITIONS_FILE, row, "to", "flow.transition.last_status", values))


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


def _day_level(later: pd.Series, earlier: pd.Series) -> pd.Series:
    """``later - earlier`` in days: fractional when both have a time of day, else by date."""
    later = pd.to_datetime(later).astype("datetime64[ns]")
    earlier = pd.to_datetime(earlier).astype("datetime64[ns]")
    timed = (later != later.dt.normalize()) & (earlier != earlier.dt.normalize())
    exact = (later - earlier) / _DAY
    by_date = (later.dt.normalize() - earlier.dt.normalize()) / _DAY
    return exact.where(timed, by_date).astype(float)


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
    days = _day_level(finished["done"], finished["started"])
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


def fill_dates_from_transitions(
    items: pd.DataFrame, transitions: pd.DataFrame | None, board: Board
) -> pd.DataFrame:
    """``items`` with empty started/done taken from the status history (a new frame).

    started: the first time the item entered the started column or a column right
    of it; done: the last time it entered a done-stage column from another stage.
    Dates written in workitems.csv always win; without history ``items`` is
    returned as it is.
    """
    if transitions is None or transitions.empty:
        return items
    moves = transitions[transitions["to_column"].notna() & transitions["at"].notna()]
    to_stage = _stages(moves["to_column"], board)
    from_stage = _stages(moves["from_column"], board)
    entered = moves[to_stage != "backlog"].groupby("item")["at"].min()
    finishing = (to_stage == "done") & (from_stage != "done")
    finished = moves[finishing].groupby("item")["at"].max()
    out = items.copy()
    out["started"] = out["started"].fillna(entered.reindex(out.index)).astype("datetime64[ns]")
    out["done"] = out["done"].fillna(finished.reindex(out.index)).astype("datetime64[ns]")
    return out


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
