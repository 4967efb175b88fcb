"""Kanban flow: workitems.csv and transitions.csv, and the board under ``board:`` in project.yaml.

The board is a project.yaml section: its columns left to right, the statuses each
holds, WIP limits, and which columns count as started and done
(``board_from_settings``). Loading puts it in ``Project.sections["board"]``; the
declarations below use it to place each work item's status in a column, so the
loaded ``workitems.csv`` carries the derived ``column`` and ``stage`` of every
item, and ``transitions.csv`` the ``from_column`` and ``to_column`` of every move.
The computations are in ``pmtools.flow``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd

from pmtools.errors import Problem
from pmtools.tables._checker import TableChecker
from pmtools.tables._spec import Column, Context, Doc, TableSpec

if TYPE_CHECKING:
    from pmtools.model import Project

__all__ = [
    "DEFAULT_BOARD",
    "ITEM_TYPES",
    "STAGES",
    "TRANSITIONS",
    "TRANSITIONS_COLUMNS",
    "TRANSITIONS_FILE",
    "WORKITEMS",
    "WORKITEMS_COLUMNS",
    "WORKITEMS_FILE",
    "Board",
    "BoardColumn",
    "Stage",
    "board_from_settings",
    "elapsed_days",
    "fill_dates_from_transitions",
    "guess_stage",
    "has_workitems",
    "lookup_columns",
    "stages_of",
]

PROJECT_FILE = "project.yaml"
WORKITEMS_FILE = "workitems.csv"
TRANSITIONS_FILE = "transitions.csv"
ITEM_TYPES = ("story", "task", "bug", "epic")
STAGES = ("backlog", "in_progress", "done")

Stage = Literal["backlog", "in_progress", "done"]


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
    names = [c.name for c in usable]  # started and done are checked even when a column is bad
    if not names:
        return DEFAULT_BOARD, reader.problems
    started = reader.named("started", raw.get("started"), names, names[1 if len(names) > 2 else 0])
    done = reader.named("done", raw.get("done"), names, names[-1])
    if not reader.problems and names.index(started) >= names.index(done):
        reader.problem("board.started", "flow.board.order", started=started, done=done)
    if reader.problems:
        return DEFAULT_BOARD, reader.problems
    return Board(tuple(usable), started, done), []


# ---------------------------------------------------------------------------------------------
# statuses on the board


def lookup_columns(statuses: pd.Series, board: Board) -> pd.Series:
    """The board column of each status text (None where the board has none), same index."""
    unique = pd.unique(statuses.astype(object))
    mapping = {s: board.column_for(str(s)) for s in unique}
    return pd.Series(
        statuses.astype(object).map(mapping).to_numpy(dtype=object),
        index=statuses.index,
        dtype=object,
        name="column",
    )


def stages_of(columns: pd.Series, board: Board) -> pd.Series:
    """``backlog``, ``in_progress`` or ``done`` for each board column (None where unknown)."""
    mapping = {name: board.stage(name) for name in board.names}
    return pd.Series(
        columns.map(mapping).to_numpy(dtype=object), index=columns.index, dtype=object, name="stage"
    )


def _board(context: Context) -> Board:
    board = context.sections.get("board")
    return board if isinstance(board, Board) else DEFAULT_BOARD


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
    to_stage = stages_of(moves["to_column"], board)
    from_stage = stages_of(moves["from_column"], board)
    entered = moves[to_stage != "backlog"].groupby("item")["at"].min()
    finishing = (to_stage == "done") & (from_stage != "done")
    finished = moves[finishing].groupby("item")["at"].max()
    out = items.copy()
    out["started"] = out["started"].fillna(entered.reindex(out.index)).astype("datetime64[ns]")
    out["done"] = out["done"].fillna(finished.reindex(out.index)).astype("datetime64[ns]")
    return out


# ---------------------------------------------------------------------------------------------
# parsing the cells


def _datetimes(check: TableChecker, name: str) -> pd.Series:
    """``datetime64[ns]`` from ``YYYY-MM-DD`` or ``YYYY-MM-DD HH:MM`` (NaT when empty)."""
    text = check.cells(name).astype(object)
    length = text.str.len()
    day = pd.to_datetime(text.where(length == 10), format="%Y-%m-%d", errors="coerce")
    minute = pd.to_datetime(text.where(length == 16), format="%Y-%m-%d %H:%M", errors="coerce")
    values = day.fillna(minute).astype("datetime64[ns]")
    bad = (text != "") & values.isna()
    check.report(bad, name, "flow.date.invalid")
    return values.where(~bad)


def _parse_moment(check: TableChecker, column: Column, context: Context, out: pd.DataFrame) -> None:
    out[column.name] = _datetimes(check, column.name)
    if column.not_empty and check.has(column.name):
        check.report(check.cells(column.name) == "", column.name, "flow.value.empty")


def _statuses(check: TableChecker, name: str, board: Board) -> pd.Series:
    """The board column of each status of ``name``; statuses the board lacks are reported."""
    found = check.cells(name).astype(object)
    columns = lookup_columns(found, board)
    unknown = (found != "") & columns.isna()
    check.report(unknown, name, "flow.status.unknown", columns=", ".join(board.names))
    return columns


def _parse_status(check: TableChecker, column: Column, context: Context, out: pd.DataFrame) -> None:
    """The item's status as written, its board ``column`` and its ``stage``."""
    board = _board(context)
    out["status"] = check.cells("status").astype(object)
    if check.has("status"):
        check.report(out["status"] == "", "status", "flow.value.empty")
    out["column"] = _statuses(check, "status", board)
    out["stage"] = stages_of(out["column"], board)


def _parse_move(check: TableChecker, column: Column, context: Context, out: pd.DataFrame) -> None:
    """A transition's ``from`` or ``to`` status and its board column (``from_column``, ...)."""
    name = column.name
    out[name] = check.cells(name).astype(object)
    if column.not_empty and check.has(name):
        check.report(out[name] == "", name, "flow.value.empty")
    out[f"{name}_column"] = _statuses(check, name, _board(context))


def _parse_sprint(check: TableChecker, column: Column, context: Context, out: pd.DataFrame) -> None:
    """The sprint as written and ``sprint_id``: the id in sprints.csv it names (by id or name).

    Without sprints.csv ``sprint_id`` is the text as written; with it, a sprint that is
    neither an id nor a name there is reported.
    """
    text = check.cells("sprint").astype(object)
    out["sprint"] = text
    sprints = context.tables.get("sprints.csv")
    if sprints is None:
        out["sprint_id"] = text
        return
    known = {str(i): str(i) for i in sprints.index}
    if "name" in sprints.columns:
        for sprint_id, name in sprints["name"].items():
            if isinstance(name, str) and name.strip():
                known.setdefault(" ".join(name.split()).casefold(), str(sprint_id))
    ids = text.map(lambda s: known.get(s) or known.get(" ".join(s.split()).casefold(), ""))
    out["sprint_id"] = ids.astype(object)
    check.report((text != "") & (ids == ""), "sprint", "flow.sprint.unknown")


# ---------------------------------------------------------------------------------------------
# rules across columns


def elapsed_days(later: pd.Series, earlier: pd.Series) -> pd.Series:
    """``later - earlier`` in days: fractional when both have a time of day, else by date."""
    later = pd.to_datetime(later).astype("datetime64[ns]")
    earlier = pd.to_datetime(earlier).astype("datetime64[ns]")
    timed = (later != later.dt.normalize()) & (earlier != earlier.dt.normalize())
    exact = (later - earlier) / pd.Timedelta(days=1)
    by_date = (later.dt.normalize() - earlier.dt.normalize()) / pd.Timedelta(days=1)
    return exact.where(timed, by_date).astype(float)


def done_not_before_started(check: TableChecker, out: pd.DataFrame, context: Context) -> None:
    """An item's ``done`` is not before its ``started``."""
    backwards = (elapsed_days(out["done"], out["started"]) < 0).fillna(False)
    check.report(
        backwards,
        "done",
        "flow.done_before_started",
        per_row={
            "done": check.cells("done").astype(object),
            "started": check.cells("started").astype(object),
        },
    )


def parent_is_an_item(check: TableChecker, out: pd.DataFrame, context: Context) -> None:
    """A ``parent`` is another id of workitems.csv."""
    parent = check.cells("parent").astype(object)
    out["parent"] = parent
    ids = out["id"].astype(object)
    known = set(ids[ids != ""])
    check.report((parent != "") & (parent == ids), "parent", "flow.parent.self")
    check.report(
        (parent != "") & (parent != ids) & ~parent.isin(known), "parent", "flow.parent.unknown"
    )


def last_move_matches_status(check: TableChecker, out: pd.DataFrame, context: Context) -> None:
    """The last move of each item leads to the board column of its status in workitems.csv."""
    items = context.tables.get(WORKITEMS_FILE)
    if items is None or "status" not in items.columns:
        return
    board = _board(context)
    moves = out[out["to_column"].notna() & out["at"].notna() & (out["item"] != "")]
    moves = moves.assign(_row=check.frame["_row"]).sort_values(["item", "at"], kind="stable")
    last = moves.groupby("item", sort=False).tail(1)
    status = last["item"].map(items["status"])
    current = lookup_columns(status.fillna(""), board)
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
        check.problems.append(
            Problem(TRANSITIONS_FILE, int(row), "to", "flow.transition.last_status", values)
        )


# ---------------------------------------------------------------------------------------------
# the declarations

_MOMENT = Doc("date or date-time", "日期或日期时间")
_STATUS_TEXT = Doc("status text", "状态文本")

WORKITEMS = TableSpec(
    WORKITEMS_FILE,
    "flow",
    Doc("Work items", "工作项"),
    (
        Column(
            "id",
            "id",
            Doc(
                "unique, as the tracker numbers it (`SHOP-12`, `SCR-3`)",
                "唯一，沿用跟踪工具的编号（如 `SHOP-12`、`SCR-3`）",
            ),
            required=True,
            example="W-1",
        ),
        Column(
            "title",
            "text",
            Doc("what the item is", "工作项内容"),
            required=True,
            not_empty=True,
            example="Log in with a one-time code",
        ),
        Column(
            "type",
            "choice",
            Doc(
                "epics are containers: flow metrics leave them out; bugs feed the quality report",
                "史诗是容器，流动指标不计入；缺陷（bug）用于质量报告",
            ),
            Doc(
                "`story` (default), `task`, `bug`, `epic`",
                "`story`（默认）、`task`、`bug`、`epic`",
            ),
            choices=ITEM_TYPES,
            default="story",
            aliases={"subtask": "task", "sub-task": "task", "defect": "bug"},
            example="story",
        ),
        Column(
            "status",
            "custom",
            Doc(
                "the tracker's status text, e.g. `In Review` or `进行中`; it must be on the "
                "board (`board:` in project.yaml)",
                "跟踪工具中的状态文本，如 `In Review` 或 `进行中`；须在看板上（project.yaml 的 "
                "`board:`）",
            ),
            _STATUS_TEXT,
            required=True,
            not_empty=True,
            parse=_parse_status,
            example="To Do",
        ),
        Column("owner", "text", Doc("who works on it", "负责人"), example="Dana Ortiz"),
        Column("priority", "text", Doc("as the tracker writes it", "沿用跟踪工具的写法")),
        Column("points", "number", Doc("story points", "故事点"), example="3"),
        Column(
            "sprint",
            "custom",
            Doc(
                "the sprint or iteration it is in: an id or a name of `sprints.csv` when the "
                "folder has one (velocity and burndown then come from the work items)",
                "所属迭代：文件夹中有 `sprints.csv` 时须为其中的编号或名称（速度和燃尽图随之由"
                "工作项计算）",
            ),
            Doc("sprint id or name", "迭代编号或名称"),
            parse=_parse_sprint,
        ),
        Column(
            "created",
            "custom",
            Doc("when the item was created; `YYYY-MM-DD` or `YYYY-MM-DD HH:MM`", "创建时间"),
            _MOMENT,
            parse=_parse_moment,
            example="2026-01-05",
        ),
        Column(
            "started",
            "custom",
            Doc(
                "when work began (the item entered the `started` column of the board); "
                "empty: taken from transitions.csv",
                "开始时间（进入看板的 `started` 列）；为空时取自 transitions.csv",
            ),
            _MOMENT,
            parse=_parse_moment,
        ),
        Column(
            "done",
            "custom",
            Doc(
                "when the item was finished; not before `started`; empty: taken from "
                "transitions.csv",
                "完成时间，不早于 `started`；为空时取自 transitions.csv",
            ),
            _MOMENT,
            parse=_parse_moment,
        ),
        Column(
            "parent",
            "text",
            Doc("the epic or story it belongs to", "所属的史诗或故事"),
            Doc("work item id", "工作项编号"),
        ),
        Column(
            "requirements",
            "id_list",
            Doc(
                "requirements in `requirements.csv` the item implements",
                "该工作项实现的 `requirements.csv` 中的需求",
            ),
            refers_to="requirements.csv",
            code="flow.requirement.unknown",
        ),
        Column(
            "tasks",
            "id_list",
            Doc("tasks in `tasks.csv` the item belongs to", "该工作项所属的 `tasks.csv` 中的任务"),
            refers_to="tasks.csv",
            code="flow.task.unknown",
        ),
        Column(
            "note",
            "text",
            Doc(
                "written by `pmtools import ... --work-items`: the original text of cells it "
                "could not read",
                "由 `pmtools import ... --work-items` 写入：无法读取的单元格的原文",
            ),
        ),
    ),
    index="id",
    rules=(done_not_before_started, parent_is_an_item),
    derived=("column", "stage", "sprint_id"),
    intro=Doc(
        "one row per work item (story, task, bug or epic) as the team's tracker holds it.",
        "每个工作项（故事、任务、缺陷或史诗）一行，与团队的跟踪工具一致。",
    ),
)

TRANSITIONS = TableSpec(
    TRANSITIONS_FILE,
    "flow",
    Doc("Status history", "状态流转记录"),
    (
        Column(
            "item",
            "ref",
            Doc("the work item that moved", "流转的工作项"),
            Doc("work item id", "工作项编号"),
            required=True,
            not_empty=True,
            refers_to=WORKITEMS_FILE,
            code="flow.transition.unknown_item",
            example="W-1",
        ),
        Column(
            "from",
            "custom",
            Doc("the status before (may be empty)", "流转前的状态（可为空）"),
            _STATUS_TEXT,
            parse=_parse_move,
            example="To Do",
        ),
        Column(
            "to",
            "custom",
            Doc(
                "the status after; an item's last move leads to the column of its status",
                "流转后的状态；工作项最后一次流转须到达其当前状态所在的列",
            ),
            _STATUS_TEXT,
            required=True,
            not_empty=True,
            parse=_parse_move,
            example="In Progress",
        ),
        Column(
            "at",
            "custom",
            Doc("when it moved; `YYYY-MM-DD` or `YYYY-MM-DD HH:MM`", "流转时间"),
            _MOMENT,
            required=True,
            not_empty=True,
            parse=_parse_moment,
            example="2026-01-07 09:30",
        ),
    ),
    rules=(last_move_matches_status,),
    derived=("from_column", "to_column"),
    intro=Doc(
        "the status history, one row per move, for cumulative flow, cycle times and flow "
        "efficiency.",
        "状态流转记录，每次流转一行，用于累积流图、周期时间和流动效率。",
    ),
)


#: The columns of workitems.csv as trackers fill them (``note`` is pmtools' own).
WORKITEMS_COLUMNS = tuple(c for c in WORKITEMS.column_names if c != "note")
TRANSITIONS_COLUMNS = TRANSITIONS.column_names


def has_workitems(project: Project) -> bool:
    """Whether the project has work items (the flow report applies)."""
    items = project.table(WORKITEMS_FILE)
    return items is not None and not items.empty
