"""Resource management: resources.csv, the people and teams that tasks.csv assigns.

``name`` is what the ``resources`` column of tasks.csv writes (``Li Wei[50%]``);
``capacity`` the units available on each working day (1 = one full-time person,
3 = a team of three); ``leave`` the days a resource is away, single dates and
ranges (``2026-12-21..2027-01-01; 2027-02-10``), loaded as ``leave_ranges``:
[(first day, last day)] inclusive. When the file exists every name a task
assigns must be one of its names.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re

import numpy as np
import pandas as pd

from pmtools.errors import Problem
from pmtools.tables._check import TableChecker
from pmtools.tables._limits import FIRST_DATE, LAST_DATE
from pmtools.tables._spec import Column, Context, Doc, TableSpec

__all__ = ["RESOURCES", "RESOURCES_FILE", "parse_leave"]

RESOURCES_FILE = "resources.csv"

_NAME_BAD = re.compile(r"[;\[\]]")
_DATE = r"\d{4}-\d{2}-\d{2}"
_LEAVE_ENTRY = re.compile(rf"^(?P<first>{_DATE})(?:\s*\.\.\s*(?P<last>{_DATE}))?$")


def parse_leave(text: str) -> list[tuple[dt.date, dt.date]] | str:
    """``[(first day, last day), ...]`` (inclusive) of a leave cell such as
    ``2026-12-21..2027-01-01; 2027-02-10``; a single date is a range of one day.

    Returns the first entry that is not a date or a range, or whose last day is
    before its first, as text (the caller reports it).
    """
    ranges: list[tuple[dt.date, dt.date]] = []
    for entry in text.split(";"):
        entry = entry.strip()
        if not entry:
            continue
        match = _LEAVE_ENTRY.match(entry)
        if match is None:
            return entry
        try:
            first = dt.date.fromisoformat(match.group("first"))
            last = dt.date.fromisoformat(match.group("last") or match.group("first"))
        except ValueError:
            return entry
        if last < first or first < FIRST_DATE or last > LAST_DATE:
            return entry
        ranges.append((first, last))
    return ranges


def _name(check: TableChecker, column: Column, context: Context, out: pd.DataFrame) -> None:
    """Names as written: present, without ``;``, ``[`` or ``]`` (tasks.csv could not name
    them), unique."""
    text = check.cells(column.name).str.strip()
    empty = text == ""
    if check.has(column.name):
        check.report(empty, column.name, "resource.name.empty")
    bad = ~empty & text.str.contains(_NAME_BAD, regex=True)
    check.report(bad, column.name, "resource.name.invalid")
    twice = ~empty & text.duplicated(keep="first")
    if twice.any():
        first_row = pd.Series(check.rows, index=text.index).groupby(text).transform("min")
        check.report(
            twice, column.name, "resource.name.duplicate", per_row={"first_row": first_row}
        )
    out[column.name] = text


def _leave(check: TableChecker, column: Column, context: Context, out: pd.DataFrame) -> None:
    """The text as written, and ``leave_ranges``: [(first day, last day)] per resource."""
    text = check.cells(column.name)
    parsed = [parse_leave(cell) if cell else [] for cell in text.tolist()]
    bad = np.array([isinstance(p, str) for p in parsed], dtype=bool)
    check.report(
        bad,
        column.name,
        "resource.leave.invalid",
        per_row={"found": [p if isinstance(p, str) else "" for p in parsed]},
    )
    out[column.name] = text
    out["leave_ranges"] = pd.Series(
        [[] if isinstance(p, str) else p for p in parsed], index=text.index, dtype=object
    )


def _capacity_above_zero(check: TableChecker, out: pd.DataFrame, context: Context) -> None:
    """A capacity of 0 could never do any work: reported. Empty means 1 unit."""
    check.report(out["capacity"] == 0, "capacity", "resource.capacity.zero")
    out["capacity"] = out["capacity"].fillna(1.0)


def _tasks_name_known_resources(check: TableChecker, out: pd.DataFrame, context: Context) -> None:
    """Each name in tasks.csv's ``resources`` column is a name of this file (a problem on the
    task's row names the unknown resource and the closest known name)."""
    tasks = context.tables.get("tasks.csv")
    if tasks is None or "assignments" not in tasks.columns:
        return
    known = [n for n in out["name"].tolist() if n]
    known_set = set(known)
    by_lower = {n.casefold(): n for n in known}
    rows = tasks["_row"].tolist() if "_row" in tasks.columns else [None] * len(tasks)
    for row, assigned in zip(rows, tasks["assignments"].tolist(), strict=True):
        for name, _units in assigned or []:
            if name in known_set:
                continue
            close = by_lower.get(name.casefold()) or next(
                iter(difflib.get_close_matches(name, known, n=1, cutoff=0.6)), None
            )
            values = {"found": name, "suggestion": close} if close else {"found": name}
            code = "resource.unknown_close" if close else "resource.unknown"
            check.problems.append(
                Problem("tasks.csv", None if row is None else int(row), "resources", code, values)
            )


RESOURCES = TableSpec(
    RESOURCES_FILE,
    "resources",
    Doc("Resources", "资源"),
    (
        Column(
            "name",
            "custom",
            Doc(
                "the name tasks.csv's `resources` column uses (`Li Wei`, `DBA team`); unique, "
                "without `;`, `[` or `]`",
                "tasks.csv 的 `resources` 列所用的名称（如 `李伟`、`DBA 团队`）；唯一，"
                "不含 `;`、`[`、`]`",
            ),
            Doc("text", "文本"),
            required=True,
            parse=_name,
            example="Li Wei",
        ),
        Column(
            "capacity",
            "number",
            Doc(
                "units available on each working day: 1 = one full-time person, 0.5 = half "
                "time, 3 = a team of three; empty = 1",
                "每个工作日可用的单位数：1 = 一名全职人员，0.5 = 半职，3 = 三人团队；为空时为 1",
            ),
            Doc("number > 0", "数值 > 0"),
            unit="units per working day",
            example="1",
        ),
        Column(
            "role",
            "text",
            Doc(
                "what the resource does (`Business analyst`, `Basis team`)",
                "资源的角色（如 `业务分析师`、`Basis 团队`）",
            ),
            example="Business analyst",
        ),
        Column(
            "cost_rate",
            "number",
            Doc(
                "cost of one unit for one working day, in the project's currency (a day "
                "rate, not an hourly rate); resource cost = rate x units x working days "
                "assigned",
                "一个单位工作一个工作日的成本，项目币种（按日费率，不是小时费率）；"
                "资源成本 = 费率 x 单位 x 分配的工作日",
            ),
            Doc("number >= 0", "数值 >= 0"),
            unit="currency per working day",
            example="650",
        ),
        Column(
            "leave",
            "custom",
            Doc(
                "days away: dates and ranges separated by `;` "
                "(`2026-12-21..2027-01-01; 2027-02-10`, both ends included); the resource "
                "has no capacity on those days",
                "休假日：以 `;` 分隔的日期或日期区间（如 `2026-12-21..2027-01-01; 2027-02-10`，"
                "含两端）；这些日子该资源没有可用单位",
            ),
            Doc("dates and ranges", "日期与区间"),
            parse=_leave,
            example="2026-12-21..2027-01-01",
        ),
    ),
    index="name",
    rules=(_capacity_above_zero, _tasks_name_known_resources),
    derived=("leave_ranges",),
    intro=Doc(
        "the people and teams assigned in tasks.csv's `resources` column, with what they "
        "can give per working day, their day rate and their leave, so the resources report "
        "can show allocation, over-allocation and cost, and `pmtools level` can level the plan.",
        "tasks.csv 的 `resources` 列所分配的人员和团队，以及每个工作日的可用单位、日费率和休假，"
        "资源报告据此显示分配、超负荷和成本，`pmtools level` 据此进行资源平衡。",
    ),
)
