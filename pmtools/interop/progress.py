"""Progress updates at the status date: the update sheet out, the updates back into tasks.csv.

``progress_sheet(project)`` lists the open tasks (leaf tasks not finished) with
their forecast dates and the cells a PM updates: ``percent_complete``,
``actual_start``, ``actual_finish`` and ``remaining`` (working days of work left
after the status date; the scheduler's ``ceil(duration x (100 - percent) / 100)``).

``apply_progress(project, cells, updates)`` turns rows of updates (``id`` and
any of those columns; an empty cell changes nothing) into new cells of
tasks.csv and the list of changes, task by task:

- ``actual_finish`` without a percentage sets ``percent_complete`` to 100;
- ``remaining`` alone re-plans the task as MS Project does: the work done stays
  (``duration x percent / 100`` working days), ``duration`` becomes work done +
  remaining (rounded to whole days) and ``percent_complete`` the share done, the
  smallest percentage (whole, else to one or two decimals) with which the
  scheduler leaves exactly ``remaining`` days; ``remaining`` 0 finishes it (100,
  duration kept);
- ``remaining`` with a percentage keeps the percentage and sets the duration that
  leaves exactly ``remaining`` days at it.

Only cells that say something new count (``50`` and ``50%`` are the same; so is a
remaining that the duration and percentage already give), so applying a sheet
twice changes nothing the second time. The sheet pmtools writes shows the values
as they stand in ``percent_now`` and ``remaining_now`` and leaves
``percent_complete`` and ``remaining`` empty to fill in.

Update cells are checked (dates YYYY-MM-DD, percentages 0..100, remaining whole
days >= 0, known leaf task ids, each once): every bad cell is a problem naming
the update file, its row and column, and nothing is applied. The new tasks.csv
is then validated and saved by ``pmtools.io.save_table`` like any edit.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from pmtools.errors import Problem, ProjectInvalid
from pmtools.model import Project
from pmtools.tables.files import read_csv_table
from pmtools.tables.settings import parse_date

__all__ = [
    "UPDATE_COLUMNS",
    "Change",
    "ProgressUpdate",
    "apply_progress",
    "fit_percent",
    "percent_text",
    "progress_sheet",
    "read_updates",
    "remaining_days",
]

#: The columns of an update a PM fills, as tasks.csv names them (``remaining``: working days).
UPDATE_COLUMNS = ("percent_complete", "actual_start", "actual_finish", "remaining")
#: The columns of the update sheet pmtools writes, in order.
SHEET_COLUMNS = (
    "id",
    "name",
    "owner",
    "forecast_start",
    "forecast_finish",
    "duration",
    "percent_now",
    "remaining_now",
    *UPDATE_COLUMNS,
)


@dataclass(frozen=True)
class Change:
    """One cell of tasks.csv an update changes (``old``/``new`` as text; '' for empty)."""

    task: str
    name: str
    column: str
    old: str
    new: str


@dataclass(frozen=True)
class ProgressUpdate:
    """The cells of tasks.csv after the updates, and the changes made, in update order."""

    table: pd.DataFrame
    changes: list[Change]


def remaining_days(duration: float, percent: float) -> int:
    """Working days the scheduler leaves after the status date for a task in progress."""
    return max(math.ceil(duration * (100 - percent) / 100 - 1e-9), 0)


def fit_percent(duration: int, remaining: int) -> float:
    """The smallest percentage (whole, else to 1 or 2 decimals) leaving ``remaining`` days."""
    if remaining <= 0 or duration <= 0:
        return 100.0
    exact = 100 * (duration - remaining) / duration
    for decimals in (0, 1, 2):
        step = 10.0**-decimals
        percent = round(math.ceil(exact / step - 1e-9) * step, decimals)
        if remaining_days(duration, percent) == remaining:
            return percent
    return round(exact, 4)


def percent_text(percent: float) -> str:
    """``40`` for 40.0, ``33.5`` for 33.5."""
    return str(int(percent)) if float(percent).is_integer() else f"{percent:g}"


def _number(text: str) -> float | None:
    try:
        value = float(text.strip().rstrip("%").strip())
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def progress_sheet(project: Project) -> pd.DataFrame:
    """The open tasks at the status date, by forecast start: the rows of the update sheet.

    Columns ``SHEET_COLUMNS``: forecast dates from the critical path with progress
    applied (``datetime.date``), ``duration`` in working days, ``percent_now`` and
    ``remaining_now`` (working days) as they stand, ``percent_complete`` and
    ``remaining`` empty (None) to fill in, the actual dates as they stand (or None).
    """
    from pmtools.schedule import critical_path

    plan = critical_path(project)
    tasks = project.tasks
    leaf = tasks[~tasks["summary"].to_numpy()]
    percent = (
        leaf["percent_complete"].fillna(0)
        if "percent_complete" in leaf
        else pd.Series(0.0, index=leaf.index)
    )
    finished = percent >= 100
    if "actual_finish" in leaf:
        finished |= leaf["actual_finish"].notna()
    open_tasks = leaf[~finished]
    starts: dict[str, dt.date] = {str(k): v.date() for k, v in plan["start"].items()}
    finishes: dict[str, dt.date] = {str(k): v.date() for k, v in plan["finish"].items()}
    rows: list[dict[str, Any]] = []
    for key, task in open_tasks.iterrows():
        task_id = str(key)
        done = float(percent.loc[task_id])
        duration = int(task["duration"])

        def day(column: str, task: Any = task) -> dt.date | None:
            value = task.get(column)
            return None if value is None or pd.isna(value) else pd.Timestamp(value).date()

        rows.append(
            {
                "id": task_id,
                "name": task["name"],
                "owner": task.get("owner", ""),
                "forecast_start": starts[task_id],
                "forecast_finish": finishes[task_id],
                "duration": duration,
                "percent_now": done,
                "remaining_now": remaining_days(duration, done),
                "percent_complete": None,
                "actual_start": day("actual_start"),
                "actual_finish": day("actual_finish"),
                "remaining": None,
            }
        )
    frame = pd.DataFrame(rows, columns=list(SHEET_COLUMNS))
    return frame.sort_values(["forecast_start", "forecast_finish"], kind="stable").reset_index(
        drop=True
    )


def read_updates(path: str | Path) -> tuple[pd.DataFrame, str]:
    """The update rows of a .csv or .xlsx file as text cells with ``_row`` (header = row 1),
    and the name problems give it (the file, or ``file:sheet``). The first sheet of a
    workbook is read. Raises ProjectInvalid for unreadable files or formula cells."""
    source = Path(path)
    problems: list[Problem] = []
    if source.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        from pmtools.interop.workbook import read_sheet_rows

        try:
            book = load_workbook(source, data_only=False)
        except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
            problems.append(Problem(source.name, None, None, "file.unreadable", {"reason": exc}))
            raise ProjectInvalid(problems) from None
        ws = next((s for s in book.worksheets if s.sheet_state == "visible"), book.worksheets[0])
        label = f"{source.name}:{ws.title}"
        rows = read_sheet_rows(ws, label, problems)
        header = [h.strip() for h in rows[0]] if rows else []
        body = [(r + [""] * len(header))[: len(header)] for r in rows[1:]]
        frame = pd.DataFrame(body, columns=header, dtype=object)
        frame["_row"] = range(2, len(frame) + 2)
        filled = frame.drop(columns="_row").apply(lambda r: any(c.strip() for c in r), axis=1)
        frame = frame[filled] if len(frame) else frame
    else:
        label = source.name
        frame, _ = read_csv_table(source, label, problems)
    if problems:
        raise ProjectInvalid(problems)
    return frame.reset_index(drop=True), label


def _task_cells(cells: pd.DataFrame) -> dict[str, Any]:
    ids = cells["id"].astype(str).str.strip()
    return {task: index for index, task in zip(cells.index, ids, strict=True)}


def apply_progress(
    project: Project, cells: pd.DataFrame, updates: pd.DataFrame, *, file: str
) -> ProgressUpdate:
    """tasks.csv's text ``cells`` with the ``updates`` applied, and the changes made.

    ``updates``: text cells with ``id``, any of ``UPDATE_COLUMNS`` and ``_row`` (the
    spreadsheet row of each update); other columns are ignored. Raises
    ProjectInvalid, naming ``file``, the row and the column of every bad update cell.
    """
    problems: list[Problem] = []
    table = cells.copy()
    position = _task_cells(table)
    summary = set(project.tasks.index[project.tasks["summary"].to_numpy()])
    if "id" not in updates.columns:
        problems.append(Problem(file, 1, "id", "progress.no_id"))
        raise ProjectInvalid(problems)
    if not any(c in updates.columns for c in UPDATE_COLUMNS):
        problems.append(
            Problem(file, 1, None, "progress.no_columns", {"columns": ", ".join(UPDATE_COLUMNS)})
        )
        raise ProjectInvalid(problems)
    changes: list[Change] = []
    seen: dict[str, int] = {}
    planned: list[tuple[str, dict[str, str]]] = []
    for update in updates.to_dict("records"):
        row = int(update["_row"])
        task = str(update["id"]).strip()
        if task in seen:
            problems.append(
                Problem(file, row, "id", "progress.duplicate", {"found": task, "first": seen[task]})
            )
            continue
        seen[task] = row
        if task not in position:
            problems.append(Problem(file, row, "id", "progress.unknown_task", {"found": task}))
            continue
        if task in summary:
            problems.append(Problem(file, row, "id", "progress.summary_task", {"found": task}))
            continue
        given = {
            c: str(update.get(c, "") or "").strip()
            for c in UPDATE_COLUMNS
            if str(update.get(c, "") or "").strip()
        }
        bad = False
        for column in ("actual_start", "actual_finish"):
            if column in given and parse_date(given[column]) is None:
                problems.append(
                    Problem(file, row, column, "date.invalid", {"found": given[column]})
                )
                bad = True
        if "percent_complete" in given:
            value = _number(given["percent_complete"])
            if value is None or not 0 <= value <= 100:
                problems.append(
                    Problem(
                        file,
                        row,
                        "percent_complete",
                        "percent.out_of_range",
                        {"found": given["percent_complete"]},
                    )
                )
                bad = True
        if "remaining" in given:
            value = _number(given["remaining"])
            if value is None or value < 0 or not float(value).is_integer():
                problems.append(
                    Problem(
                        file, row, "remaining", "progress.remaining", {"found": given["remaining"]}
                    )
                )
                bad = True
        if not bad:
            planned.append((task, given))
    if problems:
        raise ProjectInvalid(problems)
    for task, given in planned:
        index = position[task]
        old = {c: str(table.at[index, c]) if c in table.columns else "" for c in table.columns}
        new = _updated_cells(old, _changed(old, given))
        for column in ("percent_complete", "actual_start", "actual_finish", "duration"):
            before = old.get(column, "")
            after = new.get(column, before)
            if after != before and not _same(column, before, after):
                if column not in table.columns:
                    table[column] = ""
                table.at[index, column] = after
                changes.append(Change(task, str(old.get("name", "")), column, before, after))
    return ProgressUpdate(table, changes)


def _same(column: str, before: str, after: str) -> bool:
    """The same value written differently (``50`` and ``50%``, a date and its ISO form)."""
    if column in ("actual_start", "actual_finish"):
        return parse_date(before) is not None and parse_date(before) == parse_date(after)
    a, b = _number(before or "0"), _number(after or "0")
    return a is not None and a == b


def _changed(old: dict[str, str], given: dict[str, str]) -> dict[str, str]:
    """The update cells that say something new (``50`` and ``50%`` are the same; a
    remaining that the duration and the percentage already give is no change)."""
    percent = _number(old.get("percent_complete", "") or "0") or 0.0
    duration = _number(old.get("duration", "") or "0") or 0.0
    if "percent_complete" in given:
        percent = _number(given["percent_complete"]) or 0.0
    current = {
        "percent_complete": old.get("percent_complete", "") or "0",
        "actual_start": old.get("actual_start", ""),
        "actual_finish": old.get("actual_finish", ""),
        "remaining": str(remaining_days(duration, percent)),
    }
    return {c: v for c, v in given.items() if not _same(c, current[c], v)}


def _duration_for(remaining: int, percent: float) -> int | None:
    """The whole duration nearest ``remaining / (1 - percent)`` that leaves ``remaining``
    days at ``percent`` (None when the percentage is too coarse for any)."""
    if percent >= 100:
        return None
    ideal = remaining / (1 - percent / 100)
    for step in range(0, 3):
        for duration in (round(ideal) - step, round(ideal) + step):
            if duration >= remaining and remaining_days(duration, percent) == remaining:
                return duration
    return None


def _updated_cells(old: dict[str, str], given: dict[str, str]) -> dict[str, str]:
    """The task's cells after one update (see the module docstring for the rules)."""
    new = dict(old)
    for column in ("actual_start", "actual_finish"):
        if column in given:
            day = parse_date(given[column])
            new[column] = day.isoformat() if day else given[column]
    percent = _number(old.get("percent_complete", "") or "0") or 0.0
    if "percent_complete" in given:
        percent = _number(given["percent_complete"]) or 0.0
    elif "actual_finish" in given and percent < 100:
        percent = 100.0
    duration = int(_number(old.get("duration", "") or "0") or 0)
    if "remaining" in given:
        remaining = int(_number(given["remaining"]) or 0)
        if remaining == 0:  # done: the plan's duration stands
            percent = 100.0
        else:
            fitted = _duration_for(remaining, percent) if "percent_complete" in given else None
            if fitted is None:
                done = duration * percent / 100
                fitted = max(round(done + remaining), remaining)
                percent = fit_percent(fitted, remaining)
            duration = fitted
            new["duration"] = str(duration)
    if "percent_complete" in given or "remaining" in given or "actual_finish" in given:
        new["percent_complete"] = percent_text(percent)
    return new
