"""Read an MSPDI file (Microsoft Project XML) into text cells of a project folder.

The mapping, and every warning, is listed in templates/README.md ("Importing
from and exporting to Microsoft Project"). Task UIDs become ids, except in a
file pmtools wrote, whose ``pmtools id`` text field keeps the original ids.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from pmtools.calendar import WorkCalendar, check_country, parse_workdays
from pmtools.i18n import t
from pmtools.interop._errors import InteropError
from pmtools.interop._imported import RESOURCE_COLUMNS, Imported
from pmtools.interop._mspdi_calendar import CalendarDays, read_calendars, workdays_setting
from pmtools.interop._xml import (
    duration_minutes,
    find_text,
    number_text,
    parse_datetime,
    parse_xml,
    round_half_up,
)

__all__ = [
    "CALENDAR_ALIAS",
    "ID_ALIAS",
    "MSPDI_NAMESPACE",
    "TASK_COLUMN_ORDER",
    "read_mspdi",
    "read_mspdi_bytes",
]

MSPDI_NAMESPACE = "http://schemas.microsoft.com/project"
#: Text field aliases pmtools writes for what MS Project has no field of its own for.
ID_ALIAS = "pmtools id"
CALENDAR_ALIAS = "pmtools calendar"
#: tasks.csv columns in the order the template has them; an import writes them in this order.
TASK_COLUMN_ORDER = (
    "id",
    "wbs",
    "name",
    "parent",
    "duration",
    "predecessors",
    "owner",
    "resources",
    "optimistic",
    "most_likely",
    "pessimistic",
    "percent_complete",
    "actual_start",
    "actual_finish",
    "baseline_start",
    "baseline_finish",
    "planned_cost",
    "actual_cost",
    "ev_rule",
    "start_no_earlier_than",
    "finish_no_later_than",
)
#: Columns kept in text fields of their own (no MSPDI element holds them): present when defined.
TEXT_FIELD_COLUMNS = ("owner", "optimistic", "most_likely", "pessimistic", "ev_rule")
#: Columns every import writes, from MSPDI elements.
NATIVE_COLUMNS = tuple(c for c in TASK_COLUMN_ORDER if c not in TEXT_FIELD_COLUMNS)

LINK_TYPES = {"0": "FF", "1": "FS", "2": "SF", "3": "SS"}
CONSTRAINTS = {
    "1": "As Late As Possible",
    "2": "Must Start On",
    "3": "Must Finish On",
    "5": "Start No Later Than",
    "6": "Finish No Earlier Than",
}
ELAPSED_FORMATS = {4, 6, 8, 10, 12, 20}
PERCENT_FORMATS = {19, 20}
TASK_FIELD_IDS = range(188743680, 205520896)  # task custom fields; resources start after
UNASSIGNED_RESOURCE = "-65535"
DEFAULT_PRIORITY = "500"
_BAD_ID = re.compile(r"[\s,;]")
_FIELD_PREFIXES = ("Text", "Number", "Flag", "Date", "Start", "Finish", "Cost", "Duration")


def _flag(element: ET.Element, tag: str) -> bool:
    return find_text(element, tag) in ("1", "true")


def _format(text: str | None, default: int = 7) -> int:
    try:
        value = int(text) if text else default
    except ValueError:
        return default
    return value - 32 if value >= 35 else value  # 35..52: the same units, estimated


@dataclass
class _Task:
    uid: str
    level: int
    row: dict[str, str] = field(default_factory=dict)
    manual: bool = False
    summary: bool = False
    milestone: bool = False
    duration_minutes: float | None = None
    duration_format: int = 7
    start: dt.datetime | None = None
    finish: dt.datetime | None = None
    links: list[ET.Element] = field(default_factory=list)
    custom: dict[str, str] = field(default_factory=dict)
    days: int | None = None
    element: ET.Element | None = None


class _Reader:
    """One pass over one file; collects warnings as it goes."""

    def __init__(self, root: ET.Element, file: str) -> None:
        self.root = root
        self.file = file
        self.warnings: list[str] = []
        minutes = find_text(root, "MinutesPerDay")
        try:
            self.minutes_per_day = int(float(minutes)) if minutes else 480
        except ValueError:
            self.minutes_per_day = 480
        if self.minutes_per_day <= 0:
            self.minutes_per_day = 480
        self.day_start = self._time("DefaultStartTime", dt.time(8))
        self.day_finish = self._time("DefaultFinishTime", dt.time(17))
        start = parse_datetime(find_text(root, "StartDate"))
        self.start = start.date() if start else None
        self.calendars = read_calendars(root, self.minutes_per_day)
        self.workdays: tuple[int, ...] = (0, 1, 2, 3, 4)
        self.holidays: list[dt.date] = []
        self.extra_workdays: list[dt.date] = []
        self.calendar: WorkCalendar | None = None
        self.project_calendar: CalendarDays | None = None
        self.other_baselines: set[str] = set()
        self.cost_without_baseline: list[str] = []

    def warn(self, key: str, **values: Any) -> None:
        self.warnings.append(t(key, **values))

    def warn_tasks(self, key: str, uids: list[str]) -> None:
        """One warning naming many tasks (the first 20, then how many more)."""
        if not uids:
            return
        shown = ", ".join(uids[:20]) + (f" (+{len(uids) - 20})" if len(uids) > 20 else "")
        self.warn(key, uids=shown, count=len(uids))

    def _time(self, tag: str, default: dt.time) -> dt.time:
        text = find_text(self.root, tag)
        try:
            return dt.time.fromisoformat(text) if text else default
        except ValueError:
            return default

    # -- calendar -------------------------------------------------------------------------
    def read_calendar(self) -> CalendarDays | None:
        uid = find_text(self.root, "CalendarUID")
        chosen = self.calendars.get(uid or "")
        if chosen is None:
            chosen = next((c for c in self.calendars.values() if c.is_base), None)
        if chosen is None:
            self.warn("interop.warn.calendar_missing", file=self.file)
            return None
        self.project_calendar = chosen
        for key, values in chosen.notes:
            self.warn(key, **values)
        working = tuple(sorted(d for d, on in chosen.weekdays.items() if on))
        if not working:
            self.warn("interop.warn.calendar_missing", file=self.file)
            return chosen
        self.workdays = working
        odd = sorted({m for m in chosen.minutes.values() if m and m != self.minutes_per_day})
        if odd:
            self.warn(
                "interop.warn.calendar_hours",
                calendar=chosen.name,
                hours=", ".join(number_text(m / 60) for m in odd),
                day_hours=number_text(self.minutes_per_day / 60),
            )
        for date, on in sorted(chosen.exceptions.items()):
            weekday_on = date.weekday() in working
            if weekday_on and not on:
                self.holidays.append(date)
            elif on and not weekday_on:
                self.extra_workdays.append(date)
        return chosen

    def same_days(self, other: CalendarDays) -> bool:
        """True when ``other`` has the project calendar's working weekdays and exceptions."""
        if self.project_calendar is None:
            return False
        mine = self.project_calendar
        return other.uid == mine.uid or (
            {d for d, on in other.weekdays.items() if on} == set(self.workdays)
            and other.exceptions == mine.exceptions
        )

    def make_calendar(self) -> WorkCalendar:
        self.calendar = WorkCalendar(
            self.start or dt.date(2000, 1, 3),
            workdays=self.workdays,
            holidays=self.holidays,
            extra_workdays=self.extra_workdays,
        )
        return self.calendar

    def calendar_setting(self, stored: str | None, finish: dt.date | None) -> dict[str, Any]:
        """``calendar:`` for project.yaml: the stored pmtools spec when the days still agree."""
        derived: dict[str, Any] = {"workdays": workdays_setting(self.workdays)}
        if self.holidays:
            derived["holidays"] = [d.isoformat() for d in self.holidays]
        if self.extra_workdays:
            derived["extra_workdays"] = [d.isoformat() for d in self.extra_workdays]
        if stored is None:
            return derived
        try:
            spec = json.loads(stored)
        except ValueError:
            spec = None
        if not isinstance(spec, dict):
            self.warn("interop.warn.calendar_changed")
            return derived
        if self._same_days(spec, finish):
            return spec
        self.warn("interop.warn.calendar_changed")
        return derived

    def _same_days(self, spec: dict[str, Any], finish: dt.date | None) -> bool:
        start = self.start or dt.date(2000, 1, 3)
        try:
            workdays = parse_workdays(spec.get("workdays") or "Mon-Fri")
        except ValueError:
            return False
        holidays: list[dt.date] = []
        countries: list[str] = []
        raw = spec.get("holidays")
        for item in [raw] if isinstance(raw, str) else list(raw or []):
            try:
                holidays.append(dt.date.fromisoformat(str(item)))
            except ValueError:
                if not check_country(str(item)):
                    return False
                countries.append(str(item).upper())
        raw = spec.get("extra_workdays")
        try:
            extra = [
                dt.date.fromisoformat(str(d))
                for d in ([raw] if isinstance(raw, str) else list(raw or []))
            ]
        except ValueError:
            return False
        if not workdays:
            return False
        from_spec = WorkCalendar(
            start, workdays=workdays, holidays=holidays, extra_workdays=extra, countries=countries
        )
        assert self.calendar is not None
        marks = [start, *self.holidays, *self.extra_workdays, *holidays, *extra]
        last = max([*marks, finish or start])
        first = min(marks)
        days = np.arange(
            np.datetime64(first, "D"), np.datetime64(last, "D") + 1, dtype="datetime64[D]"
        )
        return bool((from_spec.is_workday(days) == self.calendar.is_workday(days)).all())

    # -- dates ------------------------------------------------------------------------------
    def start_day(self, value: dt.datetime | None) -> dt.date | None:
        """The working day a start-type date/time falls on (at or after day end = next day)."""
        if value is None:
            return None
        day = value.date()
        if value.time() != dt.time(0) and value.time() >= self.day_finish:
            day += dt.timedelta(days=1)
            for _ in range(366):
                if self.is_workday(day):
                    break
                day += dt.timedelta(days=1)
        return day

    def finish_day(self, value: dt.datetime | None) -> dt.date | None:
        """The working day a finish-type date/time ends (at or before day start = day before).

        Midnight is read as a date without a time (MPX and XER files write those).
        """
        if value is None:
            return None
        day = value.date()
        if value.time() != dt.time(0) and value.time() <= self.day_start:
            day -= dt.timedelta(days=1)
            for _ in range(366):
                if self.is_workday(day):
                    break
                day -= dt.timedelta(days=1)
        return day

    def is_workday(self, day: dt.date) -> bool:
        assert self.calendar is not None
        return bool(self.calendar.is_workday(np.array([day], dtype="datetime64[D]"))[0])

    # -- extended attributes ------------------------------------------------------------------
    def custom_fields(self) -> tuple[dict[str, str], list[str]]:
        """Column name of each task custom field id, and the fields in definition order.

        Aliases that name a pmtools column (``Owner``, ``Most Likely``) map to it.
        """
        names: dict[str, str] = {}
        order: list[str] = []
        for definition in self.root.findall("ExtendedAttributes/ExtendedAttribute"):
            field_id = find_text(definition, "FieldID")
            if field_id is None or not field_id.isdigit():
                continue
            if int(field_id) not in TASK_FIELD_IDS:
                continue
            alias = find_text(definition, "Alias")
            field_name = find_text(definition, "FieldName") or f"field {field_id}"
            names[field_id] = self._column_name(alias, field_name)
            order.append(field_id)
        return names, order

    def _column_name(self, alias: str | None, field_name: str) -> str:
        if alias is None:
            return field_name
        if alias in (ID_ALIAS, CALENDAR_ALIAS):
            return alias
        simple = re.sub(r"[\s-]+", "_", alias.strip().lower())
        if alias in TEXT_FIELD_COLUMNS or simple in TEXT_FIELD_COLUMNS:
            return simple
        if alias in (*NATIVE_COLUMNS, "notes", "priority"):
            renamed = f"{alias} ({field_name})"
            self.warn("interop.warn.field_renamed", alias=alias, column=renamed)
            return renamed
        return alias


def _custom_value(field_name: str, value: str, reader: _Reader) -> str:
    """A custom field value as a cell: dates as YYYY-MM-DD, durations in working days."""
    kind = next((p for p in _FIELD_PREFIXES if field_name.startswith(p)), "Text")
    if kind in ("Date", "Start", "Finish"):
        when = parse_datetime(value)
        return when.date().isoformat() if when else value
    if kind == "Duration":
        minutes = duration_minutes(value)
        return value if minutes is None else number_text(minutes / reader.minutes_per_day)
    if kind == "Cost":
        try:
            return number_text(float(value) / 100)
        except ValueError:
            return value
    return value


def _units_text(units: float) -> str:
    """``""`` for 1 unit, ``[50%]`` below one, ``[2]`` above."""
    if abs(units - 1) < 1e-9:
        return ""
    if units < 1:
        return f"[{number_text(units * 100)}%]"
    return f"[{number_text(units)}]"


def read_mspdi_bytes(data: bytes, file: str) -> Imported:
    """Parse MSPDI bytes; ``file`` names the source in messages."""
    root, namespace = parse_xml(data, file)
    bare = namespace == "" and root.find("Tasks") is not None  # some tools leave out xmlns
    if root.tag != "Project" or not (namespace.startswith(MSPDI_NAMESPACE) or bare):
        raise InteropError("interop.not_mspdi", {"file": file, "found": root.tag})
    reader = _Reader(root, file)
    base = reader.read_calendar()
    reader.make_calendar()
    field_names, field_order = reader.custom_fields()
    tasks, summary_task = _read_tasks(reader, field_names)
    ids = _assign_ids(reader, tasks)
    _set_parents(tasks, ids)
    by_uid = {task.uid: task for task in tasks}
    for task in tasks:
        _task_cells(reader, task)
    _links(reader, tasks, by_uid, ids)
    if reader.other_baselines:
        numbers = ", ".join(sorted(reader.other_baselines, key=lambda n: (len(n), n)))
        reader.warn("interop.warn.other_baselines", numbers=numbers)
    reader.warn_tasks("interop.warn.cost_without_baseline", reader.cost_without_baseline)
    resources, resource_names = _read_resources(reader, base)
    _assignments(reader, by_uid, resource_names)
    finish = parse_datetime(find_text(root, "FinishDate"))
    settings = _settings(reader, summary_task, finish.date() if finish else None)
    frame = _task_frame(reader, tasks, ids, field_names, field_order)
    if (
        "status_date" not in settings
        and frame.get("actual_start", pd.Series(dtype=object)).ne("").any()
    ):
        reader.warn("interop.warn.no_status_date")
    return Imported(settings=settings, tasks=frame, resources=resources, warnings=reader.warnings)


def read_mspdi(path: str | Path) -> Imported:
    """Read the Microsoft Project XML file ``path``.

    Raises InteropError when the file is missing, not well-formed XML (naming
    the line), declares a DTD or entities, or is not an MSPDI file.
    """
    source = Path(path)
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise InteropError(
            "interop.file_unreadable", {"file": str(source), "reason": exc.strerror or str(exc)}
        ) from None
    return read_mspdi_bytes(data, str(source))


# ---------------------------------------------------------------------------------------------
# tasks


def _read_tasks(reader: _Reader, field_names: dict[str, str]) -> tuple[list[_Task], _Task | None]:
    tasks: list[_Task] = []
    summary_task: _Task | None = None
    skipped: dict[str, list[str]] = {"inactive": [], "external": [], "manual": []}
    unknown_fields: set[str] = set()
    for element in reader.root.findall("Tasks/Task"):
        uid = find_text(element, "UID")
        if uid is None or _flag(element, "IsNull"):
            continue  # a blank row in MS Project's task sheet
        level_text = find_text(element, "OutlineLevel")
        outline = find_text(element, "OutlineNumber")
        if level_text is not None and level_text.lstrip("-").isdigit():
            level = int(level_text)
        else:
            level = (
                len(outline.split(".")) if outline and outline != "0" else (0 if uid == "0" else 1)
            )
        task = _Task(uid=uid, level=level, element=element)
        for attribute in element.findall("ExtendedAttribute"):
            field_id = find_text(attribute, "FieldID") or ""
            value = attribute.findtext("Value")
            if value is None:
                if find_text(attribute, "ValueGUID"):
                    reader.warn("interop.warn.field_lookup", uid=uid, field=field_id)
                continue
            if field_id not in field_names:
                unknown_fields.add(field_id)
                field_names[field_id] = f"field {field_id}"
            task.custom[field_id] = value
        if uid == "0" or level == 0:
            summary_task = task
            continue
        if find_text(element, "Active") in ("0", "false"):
            skipped["inactive"].append(uid)
            continue
        if _flag(element, "ExternalTask"):
            skipped["external"].append(uid)
            continue
        if _flag(element, "IsSubproject"):
            reader.warn("interop.warn.subproject", uid=uid, name=find_text(element, "Name") or "")
        task.manual = _flag(element, "Manual")
        if task.manual:
            skipped["manual"].append(uid)
        task.summary = _flag(element, "Summary")
        task.milestone = _flag(element, "Milestone")
        duration = find_text(element, "Duration")
        task.duration_minutes = duration_minutes(duration) if duration else None
        task.duration_format = _format(find_text(element, "DurationFormat"))
        task.start = parse_datetime(find_text(element, "Start"))
        task.finish = parse_datetime(find_text(element, "Finish"))
        task.links = element.findall("PredecessorLink")
        calendar = reader.calendars.get(find_text(element, "CalendarUID") or "-1")
        if calendar is not None and not reader.same_days(calendar):
            reader.warn(
                "interop.warn.task_calendar",
                uid=uid,
                name=find_text(element, "Name") or "",
                calendar=calendar.name,
            )
        if element.find("OutlineCode") is not None:
            reader.warn("interop.warn.outline_code", uid=uid)
        tasks.append(task)
    reader.warn_tasks("interop.warn.inactive", skipped["inactive"])
    reader.warn_tasks("interop.warn.external", skipped["external"])
    reader.warn_tasks("interop.warn.manual", skipped["manual"])
    for field_id in sorted(unknown_fields):
        reader.warn("interop.warn.field_undefined", field=field_id)
    # a task is a summary when the next task is deeper
    for this, following in itertools.pairwise(tasks):
        this.summary = following.level > this.level
    if tasks:
        tasks[-1].summary = False
    return tasks, summary_task


def _assign_ids(reader: _Reader, tasks: list[_Task]) -> dict[str, str]:
    """Task id of each UID: the ``pmtools id`` text field where pmtools wrote one, else the UID."""
    stored_field = next(
        (
            find_text(d, "FieldID")
            for d in _definitions(reader.root)
            if find_text(d, "Alias") == ID_ALIAS and find_text(d, "FieldID")
        ),
        None,
    )
    ids: dict[str, str] = {}
    used: set[str] = set()
    if stored_field is not None:
        for task in tasks:
            value = task.custom.get(stored_field, "").strip()
            if value and not _BAD_ID.search(value) and value not in used:
                ids[task.uid] = value
                used.add(value)
    missing = []
    for task in tasks:
        if task.uid in ids:
            continue
        candidate = task.uid if task.uid not in used else f"UID{task.uid}"
        ids[task.uid] = candidate
        used.add(candidate)
        if stored_field is not None:
            missing.append(task.uid)
    reader.warn_tasks("interop.warn.id_missing", missing)
    return ids


def _definitions(root: ET.Element) -> list[ET.Element]:
    return root.findall("ExtendedAttributes/ExtendedAttribute")


def _set_parents(tasks: list[_Task], ids: dict[str, str]) -> None:
    stack: list[_Task] = []
    for task in tasks:
        while stack and stack[-1].level >= task.level:
            stack.pop()
        task.row["parent"] = ids[stack[-1].uid] if stack else ""
        stack.append(task)


def _task_cells(reader: _Reader, task: _Task) -> None:
    element = task.element
    assert element is not None
    row = task.row
    name = find_text(element, "Name")
    if name is None:
        name = t("interop.unnamed_task", uid=task.uid)
        reader.warn("interop.warn.unnamed", uid=task.uid, name=name)
    row["name"] = name
    row["wbs"] = find_text(element, "WBS") or ""
    notes = element.findtext("Notes")
    row["notes"] = notes.strip() if notes else ""
    row["priority"] = find_text(element, "Priority") or ""
    _constraints(reader, task)
    if task.summary:
        fixed = find_text(element, "FixedCost")
        if fixed and float(fixed) != 0:
            reader.warn(
                "interop.warn.summary_fixed_cost",
                uid=task.uid,
                name=row["name"],
                cost=number_text(float(fixed) / 100),
            )
        return  # rolled-up dates, progress and costs are derived from the tasks below
    task.days = _duration_days(reader, task)
    row["duration"] = str(task.days)
    _progress(reader, task)
    _baseline(reader, task)


def _duration_days(reader: _Reader, task: _Task) -> int:
    name = task.row["name"]
    minutes = task.duration_minutes or 0.0
    if task.milestone:
        if minutes:
            reader.warn(
                "interop.warn.milestone_duration",
                uid=task.uid,
                name=name,
                days=number_text(minutes / reader.minutes_per_day),
            )
        return 0
    if task.duration_format in ELAPSED_FORMATS:
        first = task.start.date() if task.start else None
        last = reader.finish_day(task.finish)
        if first is not None and last is not None and reader.calendar is not None:
            days = max(len(reader.calendar.working_days(first, last)), 1 if minutes else 0)
        else:
            days = round_half_up(minutes / 1440 * len(reader.workdays) / 7)
        reader.warn(
            "interop.warn.elapsed_duration",
            uid=task.uid,
            name=name,
            elapsed=number_text(minutes / 1440),
            days=days,
        )
        return days
    if task.duration_minutes is None:
        reader.warn("interop.warn.no_duration", uid=task.uid, name=name)
    exact = minutes / reader.minutes_per_day
    days = round_half_up(exact)
    if minutes > 0 and days == 0:
        days = 1
    if abs(exact - days) > 1e-6:
        reader.warn(
            "interop.warn.duration_rounded",
            uid=task.uid,
            name=name,
            hours=number_text(minutes / 60),
            exact=number_text(exact),
            days=days,
        )
    return days


def _constraints(reader: _Reader, task: _Task) -> None:
    element = task.element
    assert element is not None
    row = task.row
    kind = find_text(element, "ConstraintType") or "0"
    when = parse_datetime(find_text(element, "ConstraintDate"))
    snet: dt.date | None = None
    fnlt: dt.date | None = None
    if kind == "4":
        snet = reader.start_day(when)
    elif kind == "7":
        fnlt = reader.finish_day(when)
    elif kind in ("2", "3") and when is not None:
        if kind == "2":
            snet = reader.start_day(when)
        else:
            fnlt = reader.finish_day(when)
        reader.warn(
            "interop.warn.constraint_partial",
            uid=task.uid,
            name=row["name"],
            kind=CONSTRAINTS[kind],
            date=when.date().isoformat(),
            column="start_no_earlier_than" if kind == "2" else "finish_no_later_than",
        )
    elif kind in CONSTRAINTS:
        reader.warn(
            "interop.warn.constraint_dropped",
            uid=task.uid,
            name=row["name"],
            kind=CONSTRAINTS[kind],
            date=when.date().isoformat() if when else "",
        )
    deadline = reader.finish_day(parse_datetime(find_text(element, "Deadline")))
    if deadline is not None:
        if fnlt is not None and fnlt != deadline:
            reader.warn(
                "interop.warn.deadline_and_constraint",
                uid=task.uid,
                name=row["name"],
                constraint=fnlt.isoformat(),
                deadline=deadline.isoformat(),
            )
        fnlt = min(fnlt, deadline) if fnlt else deadline
    row["start_no_earlier_than"] = snet.isoformat() if snet else ""
    row["finish_no_later_than"] = fnlt.isoformat() if fnlt else ""


def _money(text: str | None) -> str:
    """MSPDI costs are in cents (hundredths of the currency)."""
    if text is None:
        return ""
    try:
        return number_text(float(text) / 100)
    except ValueError:
        return ""


def _start(reader: _Reader, task: _Task, value: dt.datetime | None) -> dt.date | None:
    """A start date of ``task``; a milestone's dates are the day it shows on, whatever the hour."""
    if task.milestone and value is not None:
        return value.date()
    return reader.start_day(value)


def _finish(reader: _Reader, task: _Task, value: dt.datetime | None) -> dt.date | None:
    if task.milestone and value is not None:
        return value.date()
    return reader.finish_day(value)


def _progress(reader: _Reader, task: _Task) -> None:
    element = task.element
    assert element is not None
    row = task.row
    percent = find_text(element, "PercentComplete")
    row["percent_complete"] = percent or ""
    started = _start(reader, task, parse_datetime(find_text(element, "ActualStart")))
    finished = _finish(reader, task, parse_datetime(find_text(element, "ActualFinish")))
    row["actual_start"] = started.isoformat() if started else ""
    row["actual_finish"] = ""
    if finished is not None:
        if percent is None or float(percent) >= 100:
            row["actual_finish"] = finished.isoformat()
        else:
            reader.warn(
                "interop.warn.actual_finish",
                uid=task.uid,
                name=row["name"],
                date=finished.isoformat(),
                percent=percent,
            )
    row["actual_cost"] = _money(find_text(element, "ActualCost"))


def _baseline(reader: _Reader, task: _Task) -> None:
    element = task.element
    assert element is not None
    row = task.row
    row["baseline_start"] = row["baseline_finish"] = row["planned_cost"] = ""
    for baseline in element.findall("Baseline"):
        number = find_text(baseline, "Number") or "0"
        if number != "0":
            reader.other_baselines.add(number)
            continue
        start = _start(reader, task, parse_datetime(find_text(baseline, "Start")))
        finish = _finish(reader, task, parse_datetime(find_text(baseline, "Finish")))
        row["baseline_start"] = start.isoformat() if start else ""
        row["baseline_finish"] = finish.isoformat() if finish else ""
        row["planned_cost"] = _money(find_text(baseline, "Cost"))
    cost = find_text(element, "Cost")
    if row["planned_cost"] == "" and cost and float(cost) != 0:
        reader.cost_without_baseline.append(task.uid)


def _links(
    reader: _Reader, tasks: list[_Task], by_uid: dict[str, _Task], ids: dict[str, str]
) -> None:
    calendar_has_exceptions = bool(reader.holidays or reader.extra_workdays)
    for task in tasks:
        entries: list[str] = []
        for link in task.links:
            pred_uid = find_text(link, "PredecessorUID") or ""
            name = task.row["name"]
            if _flag(link, "CrossProject"):
                reader.warn("interop.warn.link_external", uid=task.uid, name=name, pred=pred_uid)
                continue
            pred = by_uid.get(pred_uid)
            if pred is None:
                reader.warn("interop.warn.link_unknown", uid=task.uid, name=name, pred=pred_uid)
                continue
            kind = LINK_TYPES.get(find_text(link, "Type") or "1", "FS")
            lag = _lag_days(reader, task, pred, link, calendar_has_exceptions)
            ref = ids[pred_uid]
            if kind == "FS" and lag == 0:
                entries.append(ref)
            elif lag == 0:
                entries.append(f"{ref} {kind}")
            else:
                entries.append(f"{ref} {kind}{lag:+d}")
        task.row["predecessors"] = ";".join(entries)


def _lag_days(
    reader: _Reader, task: _Task, pred: _Task, link: ET.Element, calendar_has_exceptions: bool
) -> int:
    try:
        raw = float(find_text(link, "LinkLag") or 0)
    except ValueError:
        raw = 0.0
    if raw == 0:
        return 0
    lag_format = _format(find_text(link, "LagFormat"))
    values = {"uid": task.uid, "name": task.row["name"], "pred": pred.uid}
    if lag_format in PERCENT_FORMATS:
        pred_days = (
            pred.days
            if pred.days is not None
            else (pred.duration_minutes or 0) / reader.minutes_per_day
        )
        exact = pred_days * raw / 100
        days = round_half_up(exact)
        if abs(exact - days) > 1e-6 or lag_format == 20:
            reader.warn(
                "interop.warn.lag_percent",
                **values,
                percent=number_text(raw),
                exact=number_text(exact),
                days=days,
            )
        return days
    if lag_format in ELAPSED_FORMATS:
        calendar_days = raw / 10 / 1440
        exact = calendar_days * len(reader.workdays) / 7
        days = round_half_up(exact)
        whole_weeks = abs(calendar_days / 7 - round(calendar_days / 7)) < 1e-9
        if not whole_weeks or calendar_has_exceptions:
            reader.warn(
                "interop.warn.lag_elapsed",
                **values,
                elapsed=number_text(calendar_days),
                days=days,
            )
        return days
    exact = raw / 10 / reader.minutes_per_day
    days = round_half_up(exact)
    if abs(exact - days) > 1e-6:
        reader.warn(
            "interop.warn.lag_rounded",
            **values,
            hours=number_text(raw / 600),
            exact=number_text(exact),
            days=days,
        )
    return days


# ---------------------------------------------------------------------------------------------
# resources and assignments


def _read_resources(
    reader: _Reader, base: CalendarDays | None
) -> tuple[pd.DataFrame, dict[str, str | None]]:
    """resources.csv cells, and the name of each resource UID (None: not carried)."""
    rows: list[dict[str, str]] = []
    names: dict[str, str | None] = {}
    seen: set[str] = set()
    hours_per_day = reader.minutes_per_day / 60
    for element in reader.root.findall("Resources/Resource"):
        uid = find_text(element, "UID") or ""
        name = find_text(element, "Name")
        if _flag(element, "IsNull") or (uid == "0" and name is None):
            continue  # MS Project's built-in unassigned resource
        kind = find_text(element, "Type") or "1"
        if name is None:
            reader.warn("interop.warn.resource_unnamed", uid=uid)
            names[uid] = None
            continue
        if kind != "1" or _flag(element, "IsCostResource"):
            reader.warn(
                "interop.warn.resource_not_work",
                uid=uid,
                name=name,
                kind=t("interop.resource_kind." + ("material" if kind == "0" else "cost")),
            )
            names[uid] = None
            continue
        clean = re.sub(r"[;\[\]]", " ", name).strip()
        clean = re.sub(r"\s+", " ", clean)
        if clean != name:
            reader.warn("interop.warn.resource_renamed", uid=uid, name=name, column=clean)
        unique, counter = clean, 2
        while unique in seen:
            unique, counter = f"{clean} ({counter})", counter + 1
        if unique != clean:
            reader.warn("interop.warn.resource_renamed", uid=uid, name=name, column=unique)
        seen.add(unique)
        names[uid] = unique
        try:
            capacity = float(find_text(element, "MaxUnits") or 1)
        except ValueError:
            capacity = 1.0
        try:
            rate = float(find_text(element, "StandardRate") or 0) * hours_per_day
        except ValueError:
            rate = 0.0
        for tag in ("OvertimeRate", "CostPerUse"):
            value = find_text(element, tag)
            if value and float(value) != 0:
                reader.warn("interop.warn.resource_rate", uid=uid, name=unique, element=tag)
        rows.append(
            {
                "name": unique,
                "capacity": number_text(capacity),
                "role": find_text(element, "Group") or "",
                "cost_rate": number_text(rate) if rate else "",
                "leave": _leave(reader, element, unique, base),
            }
        )
    frame = pd.DataFrame(rows, columns=list(RESOURCE_COLUMNS), dtype=object).fillna("")
    return frame, names


def _leave(reader: _Reader, element: ET.Element, name: str, base: CalendarDays | None) -> str:
    uid = find_text(element, "CalendarUID")
    own = reader.calendars.get(uid or "")
    if own is None or base is None or own.uid == base.uid:
        return ""
    changed = sorted(d for d, on in own.weekdays.items() if base.weekdays.get(d) != on)
    if changed or own.base_uid not in (None, base.uid):
        reader.warn("interop.warn.resource_calendar", name=name, calendar=own.name)
    leave = []
    extra = []
    for date, on in sorted(own.exceptions.items()):
        if base.exceptions.get(date) == on:
            continue  # the project calendar's own exception, inherited
        if not on and reader.is_workday(date):
            leave.append(date.isoformat())
        elif on and not reader.is_workday(date):
            extra.append(date.isoformat())
    if extra:
        reader.warn("interop.warn.resource_extra_days", name=name, dates=", ".join(extra[:10]))
    return ";".join(leave)


def _assignments(
    reader: _Reader, by_uid: dict[str, _Task], resource_names: dict[str, str | None]
) -> None:
    cells: dict[str, list[str]] = {}
    for element in reader.root.findall("Assignments/Assignment"):
        task_uid = find_text(element, "TaskUID") or ""
        resource_uid = find_text(element, "ResourceUID") or ""
        if resource_uid == UNASSIGNED_RESOURCE or task_uid not in by_uid:
            continue
        if resource_uid not in resource_names:
            reader.warn("interop.warn.assignment_unknown", uid=task_uid, resource=resource_uid)
            continue
        name = resource_names[resource_uid]
        if name is None:
            continue  # said when the resource was read
        try:
            units = float(find_text(element, "Units") or 1)
        except ValueError:
            units = 1.0
        cells.setdefault(task_uid, []).append(name + _units_text(units))
    for uid, task in by_uid.items():
        task.row["resources"] = ";".join(cells.get(uid, []))


# ---------------------------------------------------------------------------------------------
# assembling


def _settings(
    reader: _Reader, summary_task: _Task | None, finish: dt.date | None
) -> dict[str, Any]:
    root = reader.root
    summary_name = (
        find_text(summary_task.element, "Name")
        if summary_task and summary_task.element is not None
        else None
    )
    name = find_text(root, "Title") or summary_name or find_text(root, "Name")
    name = name or Path(reader.file).stem
    settings: dict[str, Any] = {"name": name}
    settings["start"] = (reader.start or dt.date.today()).isoformat()
    if reader.start is None:
        reader.warn("interop.warn.no_start", date=settings["start"])
    status = parse_datetime(find_text(root, "StatusDate"))
    if status is not None:
        settings["status_date"] = status.date().isoformat()
    manager = find_text(root, "Manager")
    if manager:
        settings["manager"] = manager
    currency = find_text(root, "CurrencyCode")
    if currency:
        settings["currency"] = currency
    stored = None
    if summary_task is not None and summary_task.element is not None:
        deadline = reader.finish_day(parse_datetime(find_text(summary_task.element, "Deadline")))
        if deadline is not None:
            settings["deadline"] = deadline.isoformat()
        field_id = next(
            (
                find_text(f, "FieldID")
                for f in _definitions(root)
                if find_text(f, "Alias") == CALENDAR_ALIAS
            ),
            None,
        )
        stored = summary_task.custom.get(field_id or "")
        dropped = sorted(k for k, v in summary_task.custom.items() if k != field_id and v.strip())
        if dropped:
            reader.warn("interop.warn.summary_fields", fields=", ".join(dropped))
    calendar = reader.calendar_setting(stored, finish)
    if calendar:
        settings["calendar"] = calendar
    return settings


def _task_frame(
    reader: _Reader,
    tasks: list[_Task],
    ids: dict[str, str],
    field_names: dict[str, str],
    field_order: list[str],
) -> pd.DataFrame:
    extra_fields = [f for f in field_order if field_names[f] not in (ID_ALIAS, CALENDAR_ALIAS)]
    extra_fields += [f for f in field_names if f not in field_order]
    columns: list[str] = list(NATIVE_COLUMNS)
    by_column: dict[str, str] = {}
    for field_id in extra_fields:
        column = field_names[field_id]
        if column in by_column:  # two fields under one name: keep both, the second renamed
            column = f"{column} ({field_id})"
        by_column[column] = field_id
    present_text_columns = [c for c in TEXT_FIELD_COLUMNS if c in by_column]
    columns = [c for c in TASK_COLUMN_ORDER if c in NATIVE_COLUMNS or c in present_text_columns]
    if any(task.row.get("notes") for task in tasks):
        columns.append("notes")
    if any(task.row.get("priority") not in ("", DEFAULT_PRIORITY) for task in tasks):
        columns.append("priority")
    columns += [c for c in by_column if c not in columns]
    kinds = {find_text(d, "FieldID"): find_text(d, "FieldName") for d in _definitions(reader.root)}
    rows = []
    for task in tasks:
        row = dict(task.row)
        row["id"] = ids[task.uid]
        for column, field_id in by_column.items():
            value = task.custom.get(field_id, "")
            row[column] = _custom_value(kinds.get(field_id) or "", value, reader) if value else ""
        rows.append(row)
    frame = pd.DataFrame(rows, columns=columns, dtype=object)
    return frame.fillna("").astype(str) if len(frame) else frame.astype(object)
