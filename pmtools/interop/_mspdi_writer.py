"""Write a project as an MSPDI file (Microsoft Project XML) that MS Project opens.

Elements are written in the order of Microsoft's schema (mspdi_pj12.xsd, with
the Project 2010 additions ``Active`` and ``Manual``); MS Project reads
nothing it finds out of order. What has no MSPDI element of its own goes into
task text fields named after its column (``owner``, ``ev_rule``, ...), the
pmtools ids into a ``pmtools id`` field and the calendar as written in
project.yaml into a ``pmtools calendar`` field of the project summary task,
so that reading the file back gives the folder's cells again.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import numpy as np
import pandas as pd

from pmtools.errors import Problem, ProjectInvalid
from pmtools.i18n import t
from pmtools.interop._mspdi_reader import (
    CALENDAR_ALIAS,
    ID_ALIAS,
    MSPDI_NAMESPACE,
    NATIVE_COLUMNS,
)
from pmtools.interop._xml import number_text, round_half_up
from pmtools.io import tasks_table
from pmtools.model import Project
from pmtools.schedule import critical_path
from pmtools.tables._checker import TableChecker
from pmtools.tables.files import atomic_write_text, read_csv_table
from pmtools.tables.resources import parse_leave

__all__ = ["RESOURCES_FILE", "TEXT_FIELD_IDS", "split_resources", "write_mspdi"]

#: FieldID of task Text1 .. Text30 (Microsoft's pjCustomTaskText1 ..).
TEXT_FIELD_IDS = (
    188743731, 188743734, 188743737, 188743740, 188743743, 188743746, 188743747, 188743748,
    188743749, 188743750, *range(188743997, 188744017),
)  # fmt: skip
MINUTES_PER_DAY = 480
DAY_START, DAY_FINISH = "T08:00:00", "T17:00:00"
WORKING_TIMES = (("08:00:00", "12:00:00"), ("13:00:00", "17:00:00"))
TEXT_FIELD_LIMIT = 255  # MS Project keeps this many characters of a text field
#: project.yaml keys with a home in MSPDI; the others are listed in a warning.
WRITTEN_SETTINGS = {"name", "start", "status_date", "currency", "manager", "deadline", "calendar"}
RESOURCES_FILE = "resources.csv"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_ENTRY = re.compile(r"^(?P<name>.*?)\s*(?:\[(?P<units>[^\]]*)\])?$")
_INTEGER_ID = re.compile(r"[1-9]\d{0,8}")


@dataclass(frozen=True)
class _Resource:
    name: str
    capacity: float = 1.0
    role: str = ""
    cost_rate: float | None = None
    leave: tuple[dt.date, ...] = ()


class _Writer:
    def __init__(self) -> None:
        self.warnings: list[str] = []
        self.cleaned = False

    def warn(self, key: str, **values: Any) -> None:
        self.warnings.append(t(key, **values))

    def add(self, parent: ET.Element, tag: str, value: object | None = None) -> ET.Element:
        element = ET.SubElement(parent, tag)
        if value is not None:
            text = str(value)
            clean = _CONTROL.sub("", text)
            if clean != text:
                self.cleaned = True
            element.text = clean
        return element


def _day(value: Any) -> dt.date | None:
    if value is None or pd.isna(value):
        return None
    return pd.Timestamp(value).date()


def _cents(amount: Any) -> str:
    """MSPDI costs are written in cents (hundredths of the currency)."""
    return number_text(round(float(amount) * 100, 4))


def _hours(minutes: float) -> str:
    """xsd:duration of working time, as MS Project writes it: ``PT8H0M0S``."""
    whole = round_half_up(minutes)
    return f"PT{whole // 60}H{whole % 60}M0S"


def _units(text: str) -> float | None:
    text = text.strip()
    try:
        return float(text[:-1]) / 100 if text.endswith("%") else float(text)
    except ValueError:
        return None


def split_resources(cell: str) -> list[tuple[str, str]]:
    """``[(name, units text)]`` of a resources cell (``Li Wei[50%];DBA[2]``)."""
    found = []
    for entry in cell.replace(",", ";").split(";"):
        match = _ENTRY.match(entry.strip())
        if match and match.group("name"):
            found.append((match.group("name").strip(), match.group("units") or ""))
    return found


def _read_resources(writer: _Writer, project: Project) -> list[_Resource]:
    """resources.csv of the project folder, validated; [] without the file."""
    path = project.path / RESOURCES_FILE
    if not path.is_file():
        return []
    problems: list[Problem] = []
    frame, layout = read_csv_table(path, RESOURCES_FILE, problems)
    check = TableChecker(RESOURCES_FILE, frame, problems)
    if layout.columns:
        check.require_columns(("name",), layout.columns)
    known = ("name", "capacity", "role", "cost_rate", "leave")
    unknown = [c for c in layout.columns if c and c not in known]
    if unknown:
        writer.warn("interop.export.resource_columns", columns=", ".join(unknown))
    names = check.cells("name")
    if check.has("name"):
        check.report(names == "", "name", "name.empty")
        check.report(names.str.contains(r"[;\[\]]", regex=True), "name", "interop.resource.name")
        first = pd.Series(check.rows, index=names.index).groupby(names).transform("min")
        twice = (names != "") & names.duplicated()
        check.report(twice, "name", "interop.resource.twice", per_row={"first_row": first})
    capacity = check.number("capacity")
    cost_rate = check.number("cost_rate")
    leave_cells = check.cells("leave").tolist()
    resources = []
    for pos, name in enumerate(names.tolist()):
        leave: list[dt.date] = []
        ranges = parse_leave(leave_cells[pos])
        if isinstance(ranges, str):
            problems.append(
                Problem(
                    RESOURCES_FILE,
                    int(check.rows[pos]),
                    "leave",
                    "resource.leave.invalid",
                    {"found": ranges},
                )
            )
            ranges = []
        for begin, end in ranges:  # the working days of each range (leave on a Sunday: none)
            days = project.calendar.working_days(begin, end)
            leave.extend(days)
        rate = cost_rate.iloc[pos]
        resources.append(
            _Resource(
                name=name,
                capacity=1.0 if pd.isna(capacity.iloc[pos]) else float(capacity.iloc[pos]),
                role=check.cells("role").iloc[pos],
                cost_rate=None if pd.isna(rate) else float(rate),
                leave=tuple(leave),
            )
        )
    if problems:
        raise ProjectInvalid(problems, str(project.path))
    return [r for r in resources if r.name]


def _outline(project: Project) -> tuple[list[str], dict[str, int], dict[str, str]]:
    """Task ids depth first (each summary followed by its tasks), levels, outline numbers."""
    tasks = project.tasks
    children: dict[str | None, list[str]] = {}
    for task_id, parent in zip(tasks.index, tasks["parent"], strict=True):
        key = parent if isinstance(parent, str) and parent in tasks.index else None
        children.setdefault(key, []).append(task_id)
    order: list[str] = []
    level: dict[str, int] = {}
    number: dict[str, str] = {}

    def visit(parent: str | None, depth: int, prefix: str) -> None:
        for k, task_id in enumerate(children.get(parent, []), start=1):
            order.append(task_id)
            level[task_id] = depth
            number[task_id] = f"{prefix}{k}"
            visit(task_id, depth + 1, f"{prefix}{k}.")

    visit(None, 1, "")
    return order, level, number


def _calendar_exceptions(project: Project, finish: dt.date) -> list[tuple[dt.date, bool, str]]:
    """(date, working, name) where the project calendar differs from its working weekdays.

    Covers the years from the project start to the year after the finish (so a
    slip in MS Project still meets the holidays), plus every date listed in
    project.yaml.
    """
    calendar = project.calendar
    first = dt.date(project.start.year, 1, 1)
    last = dt.date(max(finish.year, project.start.year) + 1, 12, 31)
    span = np.arange(np.datetime64(first, "D"), np.datetime64(last, "D") + 1)
    listed = np.array(
        sorted(set(calendar.holidays) | set(calendar.extra_workdays)), dtype="datetime64[D]"
    )
    days = np.union1d(span, listed)
    working = calendar.is_workday(days)
    weekday = (days.astype(np.int64) + 3) % 7  # 1970-01-01 was a Thursday (Mon = 0)
    usual = np.isin(weekday, np.array(calendar.workdays))
    names = _holiday_names(calendar.countries, first.year, last.year)
    found = []
    for day in days[working != usual]:
        date = day.astype(dt.date)
        on = bool(calendar.is_workday(np.array([day]))[0])
        if on:
            name = t("interop.calendar.extra_workday")
        else:
            name = names.get(date) or t("interop.calendar.holiday")
        found.append((date, on, name))
    return found


def _holiday_names(countries: Iterable[str], first: int, last: int) -> dict[dt.date, str]:
    if not countries:
        return {}
    import holidays  # the calendar already loaded it for these countries

    names: dict[dt.date, str] = {}
    for code in countries:
        country, _, subdivision = code.partition("-")
        try:
            table = holidays.country_holidays(
                country, subdiv=subdivision or None, years=range(first, last + 1), language="en_US"
            )
        except Exception:  # a name is a courtesy; the dates come from the calendar
            continue
        for date, name in table.items():
            names.setdefault(date, f"{name} ({code})")
    return names


def _write_calendar(
    writer: _Writer,
    parent: ET.Element,
    uid: int,
    name: str,
    exceptions: list[tuple[dt.date, bool, str]],
    *,
    workdays: tuple[int, ...] | None,
) -> None:
    """One calendar: a base calendar with its week (``workdays`` given) or one derived from 1."""
    calendar = writer.add(parent, "Calendar")
    writer.add(calendar, "UID", uid)
    writer.add(calendar, "Name", name)
    writer.add(calendar, "IsBaseCalendar", 1 if workdays is not None else 0)
    writer.add(calendar, "IsBaselineCalendar", 0)
    writer.add(calendar, "BaseCalendarUID", -1 if workdays is not None else 1)
    if workdays is None and not exceptions:
        return
    week = writer.add(calendar, "WeekDays")
    if workdays is not None:
        for day_type in range(1, 8):  # 1 = Sunday .. 7 = Saturday
            working = (day_type - 2) % 7 in workdays
            day = writer.add(week, "WeekDay")
            writer.add(day, "DayType", day_type)
            writer.add(day, "DayWorking", int(working))
            if working:
                _working_times(writer, day)
    for date, working, _ in exceptions:  # Project 2003 form; later versions read Exceptions
        day = writer.add(week, "WeekDay")
        writer.add(day, "DayType", 0)
        writer.add(day, "DayWorking", int(working))
        period = writer.add(day, "TimePeriod")
        writer.add(period, "FromDate", f"{date.isoformat()}T00:00:00")
        writer.add(period, "ToDate", f"{date.isoformat()}T23:59:00")
        if working:
            _working_times(writer, day)
    if not exceptions:
        return
    container = writer.add(calendar, "Exceptions")
    for date, working, name in exceptions:
        exception = writer.add(container, "Exception")
        writer.add(exception, "EnteredByOccurrences", 0)
        period = writer.add(exception, "TimePeriod")
        writer.add(period, "FromDate", f"{date.isoformat()}T00:00:00")
        writer.add(period, "ToDate", f"{date.isoformat()}T23:59:00")
        writer.add(exception, "Occurrences", 1)
        writer.add(exception, "Name", name[:512])
        writer.add(exception, "Type", 1)
        writer.add(exception, "DayWorking", int(working))
        if working:
            _working_times(writer, exception)


def _working_times(writer: _Writer, parent: ET.Element) -> None:
    times = writer.add(parent, "WorkingTimes")
    for start, finish in WORKING_TIMES:
        period = writer.add(times, "WorkingTime")
        writer.add(period, "FromTime", start)
        writer.add(period, "ToTime", finish)


def _text_fields(
    writer: _Writer, extra: list[str], *, store_ids: bool
) -> list[tuple[str, int, str]]:
    """(column or alias, FieldID, field name) for each text field written."""
    wanted = [*([ID_ALIAS] if store_ids else []), CALENDAR_ALIAS, *extra]
    if len(wanted) > len(TEXT_FIELD_IDS):
        dropped = wanted[len(TEXT_FIELD_IDS) :]
        writer.warn("interop.export.too_many_columns", columns=", ".join(dropped))
        wanted = wanted[: len(TEXT_FIELD_IDS)]
    return [(c, TEXT_FIELD_IDS[k], f"Text{k + 1}") for k, c in enumerate(wanted)]


def _is_priority(cells: pd.Series) -> bool:
    values = [c for c in cells.tolist() if c != ""]
    return all(c.isdigit() and int(c) <= 1000 for c in values)


def write_mspdi(project: Project, path: str | Path) -> list[str]:
    """Write ``project`` to ``path`` as Microsoft Project XML, atomically.

    Start and finish dates come from ``critical_path(project)``. Returns one
    readable warning for each thing MS Project cannot hold exactly.
    Raises ProjectInvalid when the folder's resources.csv has problems.
    """
    writer = _Writer()
    plan = critical_path(project)
    cells = tasks_table(project).set_index("id", drop=False)
    resources = _read_resources(writer, project)
    order, level, number = _outline(project)
    if order != list(project.tasks.index):
        writer.warn("interop.export.reordered")
    store_ids = not all(_INTEGER_ID.fullmatch(i) for i in order)
    uid = {task_id: k for k, task_id in enumerate(project.tasks.index, start=1)}
    if not store_ids:
        uid = {task_id: int(task_id) for task_id in order}
    native = set(NATIVE_COLUMNS) | {"notes"}
    if "priority" in cells and _is_priority(cells["priority"]):
        native.add("priority")
    extra = [c for c in cells.columns if c not in native]
    fields = _text_fields(writer, extra, store_ids=store_ids)
    finish = plan.attrs["project_finish"]

    root = ET.Element("Project", {"xmlns": MSPDI_NAMESPACE})
    _project_properties(writer, root, project, plan, cells)
    definitions = writer.add(root, "ExtendedAttributes")
    for column, field_id, field_name in fields:
        definition = writer.add(definitions, "ExtendedAttribute")
        writer.add(definition, "FieldID", field_id)
        writer.add(definition, "FieldName", field_name)
        writer.add(definition, "Alias", column)
    calendars = writer.add(root, "Calendars")
    _write_calendar(
        writer,
        calendars,
        1,
        t("interop.calendar.name"),
        _calendar_exceptions(project, finish),
        workdays=project.calendar.workdays,
    )
    units_by_task = _resource_units(writer, project, cells, resources)
    resource_list = _resource_list(resources, units_by_task)
    for k, resource in enumerate(resource_list, start=2):
        leave = [(d, False, t("interop.calendar.leave")) for d in sorted(set(resource.leave))]
        _write_calendar(writer, calendars, k, resource.name, leave, workdays=None)

    tasks = writer.add(root, "Tasks")
    _summary_task(writer, tasks, project, plan, fields)
    field_of = {column: field_id for column, field_id, _ in fields}
    links_of: dict[str, list[tuple[str, str, int]]] = {}
    for pred, succ, kind, lag in zip(
        project.links["predecessor"].tolist(),
        project.links["successor"].tolist(),
        project.links["type"].tolist(),
        project.links["lag_days"].tolist(),
        strict=True,
    ):
        links_of.setdefault(str(succ), []).append((str(pred), str(kind), int(lag)))
    rates = {r.name: r.cost_rate for r in resource_list}
    Rows = dict[str, dict[str, Any]]
    planned_rows = cast(Rows, plan.to_dict("index"))
    cell_rows = cast(Rows, cells.to_dict("index"))
    typed_rows = cast(Rows, project.tasks.to_dict("index"))
    for row_id, task_id in enumerate(order, start=1):
        _task(
            writer,
            tasks,
            project,
            planned_rows[task_id],
            cell_rows[task_id],
            uid=uid,
            row_id=row_id,
            level=level[task_id],
            number=number[task_id],
            field_of=field_of,
            native=native,
            units=units_by_task.get(task_id, []),
            rates=rates,
            links=links_of.get(task_id, []),
            typed=typed_rows[task_id],
        )
    _resources(writer, root, resource_list)
    _assignments(writer, root, plan, order, uid, units_by_task, resource_list)
    dropped = sorted(k for k in project.settings if k not in WRITTEN_SETTINGS)
    if dropped:
        writer.warn("interop.export.settings", keys=", ".join(dropped))
    if writer.cleaned:
        writer.warn("interop.export.control_characters")
    ET.indent(root, space="  ")
    text = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    text += ET.tostring(root, encoding="unicode") + "\n"
    atomic_write_text(Path(path), text)
    return writer.warnings


def _project_properties(
    writer: _Writer, root: ET.Element, project: Project, plan: pd.DataFrame, cells: pd.DataFrame
) -> None:
    add = writer.add
    workdays = project.calendar.workdays
    add(root, "SaveVersion", 14)
    add(root, "Name", project.name[:255])
    add(root, "Title", project.name)
    if project.settings.get("manager"):
        add(root, "Manager", project.settings["manager"])
    add(root, "ScheduleFromStart", 1)
    add(root, "StartDate", project.start.isoformat() + DAY_START)
    add(root, "FinishDate", plan.attrs["project_finish"].isoformat() + DAY_FINISH)
    add(root, "FYStartDate", 1)
    add(root, "CriticalSlackLimit", 0)
    add(root, "CurrencyDigits", 2)
    if project.currency:
        add(root, "CurrencyCode", project.currency[:3])
    add(root, "CalendarUID", 1)
    add(root, "DefaultStartTime", DAY_START[1:])
    add(root, "DefaultFinishTime", DAY_FINISH[1:])
    add(root, "MinutesPerDay", MINUTES_PER_DAY)
    add(root, "MinutesPerWeek", MINUTES_PER_DAY * len(workdays))
    add(root, "DaysPerMonth", 20)
    add(root, "DefaultTaskType", 1)
    add(root, "DurationFormat", 7)
    add(root, "WorkFormat", 2)
    has_actual_cost = "actual_cost" in cells and bool((cells["actual_cost"] != "").any())
    add(root, "EditableActualCosts", int(has_actual_cost))
    add(root, "HonorConstraints", 0)
    add(root, "NewTasksEffortDriven", 0)
    add(root, "NewTasksEstimated", 0)
    if project.status_date is not None:
        add(root, "StatusDate", project.status_date.isoformat() + DAY_FINISH)
    add(root, "NewTasksAreManual", 0)


def _summary_task(
    writer: _Writer,
    tasks: ET.Element,
    project: Project,
    plan: pd.DataFrame,
    fields: list[tuple[str, int, str]],
) -> None:
    add = writer.add
    task = add(tasks, "Task")
    add(task, "UID", 0)
    add(task, "ID", 0)
    add(task, "Name", project.name)
    add(task, "Active", 1)
    add(task, "Manual", 0)
    add(task, "Type", 1)
    add(task, "IsNull", 0)
    add(task, "WBS", 0)
    add(task, "OutlineNumber", 0)
    add(task, "OutlineLevel", 0)
    add(task, "Start", project.start.isoformat() + DAY_START)
    add(task, "Finish", plan.attrs["project_finish"].isoformat() + DAY_FINISH)
    add(task, "Duration", _hours(int(plan.attrs["finish_offset"]) * MINUTES_PER_DAY))
    add(task, "DurationFormat", 7)
    add(task, "Milestone", 0)
    add(task, "Summary", 1)
    if project.deadline is not None:
        add(task, "Deadline", project.deadline.isoformat() + DAY_FINISH)
    spec = project.settings.get("calendar")
    text = json.dumps(
        spec if spec is not None else {}, ensure_ascii=False, separators=(",", ":"), default=str
    )
    if len(text) > TEXT_FIELD_LIMIT:
        writer.warn("interop.export.calendar_too_long", limit=TEXT_FIELD_LIMIT)
        return
    field_id = next(f for c, f, _ in fields if c == CALENDAR_ALIAS)
    attribute = add(task, "ExtendedAttribute")
    add(attribute, "FieldID", field_id)
    add(attribute, "Value", text)


def _task(
    writer: _Writer,
    tasks: ET.Element,
    project: Project,
    planned: dict[str, Any],
    cell: dict[str, Any],
    *,
    uid: dict[str, int],
    row_id: int,
    level: int,
    number: str,
    field_of: dict[str, int],
    native: set[str],
    units: list[tuple[str, float]],
    rates: dict[str, float | None],
    links: list[tuple[str, str, int]],
    typed: dict[str, Any],
) -> None:
    add = writer.add
    task_id = str(cell["id"])
    summary = bool(planned["summary"])
    milestone = bool(planned["milestone"]) and not summary
    days = int(planned["duration"])
    start, finish = _day(planned["start"]), _day(planned["finish"])
    assert start is not None and finish is not None
    at_origin = milestone and int(planned["early_start"]) == 0
    task = add(tasks, "Task")
    add(task, "UID", uid[task_id])
    add(task, "ID", row_id)
    add(task, "Name", cell["name"])
    if len(str(cell["name"])) > TEXT_FIELD_LIMIT:
        writer.warn(
            "interop.export.text_too_long", id=task_id, column="name", limit=TEXT_FIELD_LIMIT
        )
    add(task, "Active", 1)
    add(task, "Manual", 0)
    add(task, "Type", 1)  # fixed duration: resources use their units on every day
    add(task, "IsNull", 0)
    if cell.get("wbs", "") != "":
        add(task, "WBS", cell["wbs"])
    add(task, "OutlineNumber", number)
    add(task, "OutlineLevel", level)
    if "priority" in native and cell.get("priority", "") != "":
        add(task, "Priority", int(cell["priority"]))
    add(
        task, "Start", start.isoformat() + (DAY_START if not milestone or at_origin else DAY_FINISH)
    )
    add(task, "Finish", finish.isoformat() + (DAY_START if at_origin else DAY_FINISH))
    add(task, "Duration", _hours(days * MINUTES_PER_DAY))
    add(task, "DurationFormat", 7)
    work = sum(u for _, u in units) * days * MINUTES_PER_DAY
    add(task, "Work", _hours(work))
    add(task, "EffortDriven", 0)
    add(task, "Estimated", 0)
    add(task, "Milestone", int(milestone))
    add(task, "Summary", int(summary))
    add(task, "Critical", int(bool(planned["critical"])))
    add(task, "FreeSlack", int(planned["free_float"]) * MINUTES_PER_DAY * 10)
    add(task, "TotalSlack", int(planned["total_float"]) * MINUTES_PER_DAY * 10)
    planned_cost = typed.get("planned_cost")
    has_cost = planned_cost is not None and not pd.isna(planned_cost)
    if has_cost and not summary and not any(rates.get(n) for n, _ in units):
        add(task, "FixedCost", _cents(planned_cost))
        add(task, "FixedCostAccrual", 2)
    percent = typed.get("percent_complete")
    if percent is not None and not pd.isna(percent):
        whole = round_half_up(float(percent))
        if abs(whole - float(percent)) > 1e-9:
            writer.warn("interop.export.percent_rounded", id=task_id, found=percent, whole=whole)
        add(task, "PercentComplete", whole)
    if has_cost:
        add(task, "Cost", _cents(planned_cost))
    actual_start, actual_finish = _day(typed.get("actual_start")), _day(typed.get("actual_finish"))
    if actual_start is not None:  # a milestone starts when it finishes, at the end of a day
        add(
            task, "ActualStart", actual_start.isoformat() + (DAY_FINISH if milestone else DAY_START)
        )
    if actual_finish is not None:
        add(task, "ActualFinish", actual_finish.isoformat() + DAY_FINISH)
    actual_cost = typed.get("actual_cost")
    if actual_cost is not None and not pd.isna(actual_cost):
        add(task, "ActualCost", _cents(actual_cost))
    no_earlier = _day(typed.get("start_no_earlier_than"))
    add(task, "ConstraintType", 4 if no_earlier else 0)
    add(task, "CalendarUID", -1)
    if no_earlier is not None:
        add(task, "ConstraintDate", no_earlier.isoformat() + DAY_START)
    deadline = _day(typed.get("finish_no_later_than"))
    if deadline is not None:
        add(task, "Deadline", deadline.isoformat() + DAY_FINISH)
    if cell.get("notes", "") != "":
        add(task, "Notes", cell["notes"])
    for pred, kind, lag in links:
        element = add(task, "PredecessorLink")
        add(element, "PredecessorUID", uid[str(pred)])
        add(element, "Type", {"FF": 0, "FS": 1, "SF": 2, "SS": 3}[str(kind)])
        add(element, "CrossProject", 0)
        add(element, "LinkLag", int(lag) * MINUTES_PER_DAY * 10)
        add(element, "LagFormat", 7)
    for column, field_id in field_of.items():
        if column == ID_ALIAS:
            value = task_id
        elif column == CALENDAR_ALIAS:
            continue
        else:
            value = str(cell.get(column, ""))
        if value == "":
            continue
        if len(value) > TEXT_FIELD_LIMIT:
            writer.warn(
                "interop.export.text_too_long", id=task_id, column=column, limit=TEXT_FIELD_LIMIT
            )
        attribute = add(task, "ExtendedAttribute")
        add(attribute, "FieldID", field_id)
        add(attribute, "Value", value)
    baseline_start = _day(typed.get("baseline_start"))
    baseline_finish = _day(typed.get("baseline_finish"))
    if baseline_start or baseline_finish or has_cost:
        baseline = add(task, "Baseline")
        add(baseline, "Number", 0)
        if baseline_start is not None:
            add(
                baseline,
                "Start",
                baseline_start.isoformat() + (DAY_FINISH if milestone else DAY_START),
            )
        if baseline_finish is not None:
            add(baseline, "Finish", baseline_finish.isoformat() + DAY_FINISH)
        if baseline_start is not None and baseline_finish is not None and not summary:
            span = (
                0
                if milestone
                else len(project.calendar.working_days(baseline_start, baseline_finish))
            )
            add(baseline, "Duration", _hours(span * MINUTES_PER_DAY))
            add(baseline, "DurationFormat", 7)
        if has_cost:
            add(baseline, "Cost", _cents(planned_cost))


def _resource_units(
    writer: _Writer, project: Project, cells: pd.DataFrame, resources: list[_Resource]
) -> dict[str, list[tuple[str, float]]]:
    """(resource name, units) of each task, from its resources cell."""
    found: dict[str, list[tuple[str, float]]] = {}
    if "resources" not in cells:
        return found
    for task_id, text in cells["resources"].items():
        if not text or bool(project.tasks.at[str(task_id), "summary"]):
            continue
        entries: list[tuple[str, float]] = []
        for name, units_text in split_resources(str(text)):
            units = _units(units_text) if units_text else 1.0
            if units is None or units < 0:
                writer.warn("interop.export.units", id=task_id, name=name, found=units_text)
                units = 1.0
            if any(n == name for n, _ in entries):
                writer.warn("interop.export.resource_twice", id=task_id, name=name)
                continue
            entries.append((name, units))
        found[str(task_id)] = entries
    return found


def _resource_list(
    resources: list[_Resource], units_by_task: dict[str, list[tuple[str, float]]]
) -> list[_Resource]:
    listed = {r.name for r in resources}
    named = dict.fromkeys(n for entries in units_by_task.values() for n, _ in entries)
    return [*resources, *(_Resource(name=n) for n in named if n not in listed)]


def _resources(writer: _Writer, root: ET.Element, resource_list: list[_Resource]) -> None:
    add = writer.add
    container = add(root, "Resources")
    hours_per_day = MINUTES_PER_DAY / 60
    for k, resource in enumerate(resource_list, start=1):
        element = add(container, "Resource")
        add(element, "UID", k)
        add(element, "ID", k)
        add(element, "Name", resource.name)
        add(element, "Type", 1)
        add(element, "IsNull", 0)
        if resource.role:
            add(element, "Group", resource.role)
        add(element, "MaxUnits", number_text(resource.capacity))
        if resource.cost_rate:
            add(element, "StandardRate", number_text(resource.cost_rate / hours_per_day))
            add(element, "StandardRateFormat", 3)  # shown per day; stored per hour
        add(element, "CalendarUID", k + 1)


def _assignments(
    writer: _Writer,
    root: ET.Element,
    plan: pd.DataFrame,
    order: list[str],
    uid: dict[str, int],
    units_by_task: dict[str, list[tuple[str, float]]],
    resource_list: list[_Resource],
) -> None:
    add = writer.add
    container = add(root, "Assignments")
    resource_uid = {r.name: k for k, r in enumerate(resource_list, start=1)}
    counter = 0
    for task_id in order:
        planned = cast(pd.Series, plan.loc[task_id])
        start, finish = _day(planned["start"]), _day(planned["finish"])
        assert start is not None and finish is not None
        days = int(planned["duration"])
        for name, units in units_by_task.get(task_id, []):
            counter += 1
            element = add(container, "Assignment")
            add(element, "UID", counter)
            add(element, "TaskUID", uid[task_id])
            add(element, "ResourceUID", resource_uid[name])
            add(element, "Finish", finish.isoformat() + DAY_FINISH)
            add(element, "Start", start.isoformat() + DAY_START)
            add(element, "Units", number_text(units))
            add(element, "Work", _hours(units * days * MINUTES_PER_DAY))
