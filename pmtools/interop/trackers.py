"""Work items from tracker exports: Jira CSV, PingCode and Worktile CSV/XLSX, or any tracker
through a mapping.

``import_workitems`` reads one export into the text cells of ``workitems.csv`` (and
of ``transitions.csv`` when the export carries status history) and lists every
problem with the export's own row (header = row 1) and column header. Nothing is
dropped silently: a row without a usable id, or repeating an id already
imported, is left out with a listed problem; any other bad cell (a date, a
number, an item type or a parent that cannot be read) is left empty with the
original text kept in the ``note`` column and a listed problem; an unknown
status is kept as written, with a listed problem.

Presets name, for each ``workitems.csv`` column, the export headers that may
hold it (matched ignoring case and repeated spaces); where a header repeats
(Jira writes one ``Sprint`` column per sprint) the last non-empty cell wins, and
where several headers may hold a column the first non-empty one in the preset's
order wins. The preset is detected from the header row. A mapping (a dict, or a
YAML file holding one) names the headers of any other export::

    preset: jira                 # optional: start from a preset and override it
    id: Key
    title: [Title, Summary]      # several headers: the first non-empty wins
    status: State
    done: Closed on
    statuses: {Ready for QA: Review}      # tracker status -> status or board column
    types: {Change: story}                # tracker type -> story, task, bug, epic
    date_format: "%d.%m.%Y %H:%M"         # strptime format, tried before the built-in ones
    entered: {In Progress: Date entered In Progress}   # status -> header of the date it was
                                                        # entered, giving transitions.csv

Dates are read in the formats trackers write (``2026-11-05``, ``2026-11-05
14:30:00``, ``2026-11-05T14:30:00.000+0800``, ``2026/11/05 14:30``, Jira's
``05/Nov/26 2:30 PM`` and ``05/十一月/26 2:30 下午``, ``2026年11月5日 14:30``, Excel
date cells) and written as ``YYYY-MM-DD HH:MM``, or ``YYYY-MM-DD`` when the source
has no time; a time zone suffix is dropped (the wall-clock time is kept).
Day-first and month-first numeric dates (``05/11/2026``) are ambiguous and need
``date_format``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from pmtools.errors import PmtoolsError, Problem, ProjectInvalid
from pmtools.flow import (
    ITEM_TYPES,
    TRANSITIONS_COLUMNS,
    TRANSITIONS_FILE,
    WORKITEMS_COLUMNS,
    WORKITEMS_FILE,
    Board,
)
from pmtools.i18n import t
from pmtools.interop._errors import InteropError
from pmtools.io import load_project
from pmtools.tables.files import atomic_write_text, write_csv_table
from pmtools.tables.flow import board_from_settings, guess_stage
from pmtools.tables.settings import PROJECT_FILE, Settings
from pmtools.tables.tasks import TASKS_FILE

__all__ = [
    "PRESETS",
    "FolderImport",
    "Preset",
    "WorkItemImport",
    "detect_preset",
    "import_into_folder",
    "import_workitems",
    "parse_tracker_date",
    "save_import",
]

ITEM_COLUMNS = (*WORKITEMS_COLUMNS, "note")
_TARGETS = (*WORKITEMS_COLUMNS, "source_id", "status_category", "status_category_changed")
_MAPPING_KEYS = (*WORKITEMS_COLUMNS, "preset", "statuses", "types", "date_format", "entered")


def _key(text: object) -> str:
    """Header or value as compared: case folded, runs of white space made one space."""
    return " ".join(str(text).replace("\ufeff", "").split()).casefold()


@dataclass(frozen=True)
class Preset:
    """Where one tracker's export keeps each ``workitems.csv`` column.

    ``columns``: target column -> candidate headers, in order of preference.
    ``signature``: headers only this tracker writes (they decide detection).
    """

    name: str
    columns: Mapping[str, tuple[str, ...]]
    signature: tuple[str, ...] = ()


PRESETS: dict[str, Preset] = {
    "jira": Preset(
        "jira",
        {
            "id": ("Issue key",),
            "title": ("Summary",),
            "type": ("Issue Type",),
            "status": ("Status",),
            "owner": ("Assignee",),
            "priority": ("Priority",),
            "points": (
                "Custom field (Story Points)",
                "Story Points",
                "Custom field (Story point estimate)",
                "Story point estimate",
            ),
            "sprint": ("Sprint",),
            "created": ("Created",),
            "done": ("Resolved",),
            "parent": ("Parent", "Parent id", "Parent key", "Custom field (Epic Link)"),
            "source_id": ("Issue id",),
            "status_category": ("Status Category",),
            "status_category_changed": ("Status Category Changed",),
        },
        ("Issue key", "Issue id", "Issue Type", "Summary"),
    ),
    "pingcode": Preset(
        "pingcode",
        {
            "id": ("编号", "ID", "Identifier", "Number"),
            "title": ("标题", "Title"),
            "type": ("类型", "工作项类型", "Type", "Work Item Type"),
            "status": ("状态", "Status", "State"),
            "owner": ("负责人", "Assignee", "Owner"),
            "priority": ("优先级", "Priority"),
            "points": ("故事点", "Story Points", "Points"),
            "sprint": ("迭代", "Sprint", "Iteration"),
            "created": ("创建时间", "Created", "Created At", "Create Time"),
            "started": ("开始时间", "实际开始时间", "Start Time", "Started At", "Actual Start"),
            "done": ("完成时间", "Completed At", "Completion Time", "Done At", "Finished At"),
            "parent": ("父工作项", "Parent", "Parent Work Item"),
        },
        ("工作项类型", "父工作项", "实际开始时间", "Work Item Type", "Parent Work Item"),
    ),
    "worktile": Preset(
        "worktile",
        {
            "id": ("编号", "任务编号", "ID", "Task ID", "Identifier"),
            "title": ("标题", "任务标题", "任务名称", "Title", "Task Name", "Name"),
            "type": ("类型", "任务类型", "Type", "Task Type"),
            "status": ("状态", "任务状态", "Status"),
            "owner": ("负责人", "Assignee", "Owner"),
            "priority": ("优先级", "Priority"),
            "points": ("故事点", "Story Points", "Points"),
            "sprint": ("迭代", "Sprint", "Iteration"),
            "created": ("创建时间", "Created", "Created At", "Create Time"),
            "started": ("开始时间", "Start Time", "Started At", "Start Date"),
            "done": ("完成时间", "Completed At", "Completion Time", "Finished At"),
            "parent": ("父任务", "父工作项", "Parent", "Parent Task"),
        },
        (
            "任务编号",
            "任务标题",
            "任务名称",
            "任务类型",
            "任务状态",
            "父任务",
            "Task ID",
            "Task Name",
        ),
    ),
}

_TYPE_ALIASES = {
    **dict.fromkeys(
        ("story", "user story", "new feature", "improvement", "requirement", "用户故事", "故事"),
        "story",
    ),
    "需求": "story",
    **dict.fromkeys(
        ("task", "sub-task", "subtask", "technical task", "任务", "子任务", "事务"), "task"
    ),
    **dict.fromkeys(("bug", "defect", "缺陷", "故障"), "bug"),
    **dict.fromkeys(("epic", "feature", "史诗", "特性"), "epic"),
}
_IN_PROGRESS_CATEGORY = {"in progress", "进行中", "处理中"}
_DONE_CATEGORY = {"done", "complete", "完成", "已完成"}


@dataclass(frozen=True)
class WorkItemImport:
    """One tracker export read into the text cells of workitems.csv and transitions.csv.

    ``items``: columns id, title, type, status, owner, priority, points, sprint,
    created, started, done, parent, requirements, tasks, note (all text, '' when
    empty). ``transitions``: item, from, to, at (empty when the export has no
    status history). ``preset``: the preset used (``mapping`` for a mapping
    without ``preset:``). ``sources``: the export header read for each column.
    ``problems``: located in the export (its file name, its row, its header).
    """

    items: pd.DataFrame
    transitions: pd.DataFrame
    preset: str
    problems: tuple[Problem, ...]
    sources: dict[str, str] = field(default_factory=dict)


# ---------------------------------------------------------------------------------------------
# reading the export


@dataclass(frozen=True)
class _Sheet:
    header: list[str]
    rows: list[list[str]]
    numbers: list[int]  # spreadsheet row of each row (header = 1)


def _decode(data: bytes) -> str | None:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    counts = {d: len(next(csv.reader([first], delimiter=d), [])) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: (counts[d], d == ","))


def _cell_text(value: Any) -> str:
    """An Excel cell as the text a CSV export would hold."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.strftime("%Y-%m-%d")
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _sheet(
    header: list[Any], records: list[list[Any]], file: str, problems: list[Problem]
) -> _Sheet:
    """Text cells of the rows below the header; fully empty rows left out (numbers kept)."""
    names = [" ".join(_cell_text(h).replace("\ufeff", "").split()) for h in header]
    rows: list[list[str]] = []
    numbers: list[int] = []
    for number, record in enumerate(records, start=2):
        cells = [_cell_text(v) for v in record]
        if not any(cells):
            continue
        if any(cells[len(names) :]):
            problems.append(Problem(file, number, None, "tracker.row.wide", {"cells": len(cells)}))
        rows.append((cells + [""] * len(names))[: len(names)])
        numbers.append(number)
    return _Sheet(names, rows, numbers)


def _read_csv(path: Path, file: str, problems: list[Problem]) -> _Sheet | None:
    text = _decode(path.read_bytes())
    if text is None:
        problems.append(Problem(file, None, None, "tracker.encoding"))
        return None
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text)))
    if not records or not any(c.strip() for c in records[0]):
        problems.append(Problem(file, 1, None, "csv.empty"))
        return None
    return _sheet(list(records[0]), [list(r) for r in records[1:]], file, problems)


def _read_xlsx(path: Path, file: str, problems: list[Problem]) -> _Sheet | None:
    import openpyxl  # only needed for Excel files

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign file
        problems.append(Problem(file, None, None, "tracker.xlsx.invalid", {"reason": str(exc)}))
        return None
    try:
        records = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    finally:
        book.close()
    if not records or not any(_cell_text(c) for c in records[0]):
        problems.append(Problem(file, 1, None, "csv.empty"))
        return None
    return _sheet(records[0], records[1:], file, problems)


def _read_export(path: Path, problems: list[Problem]) -> _Sheet | None:
    file = path.name
    if not path.is_file():
        problems.append(Problem(file, None, None, "file.unreadable", {"reason": "not found"}))
        return None
    suffix = path.suffix.lower()
    if suffix == ".xls":
        problems.append(Problem(file, None, None, "tracker.xls"))
        return None
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path, file, problems)
    return _read_csv(path, file, problems)


# ---------------------------------------------------------------------------------------------
# dates

_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}
_ZH_NUMBERS = {
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
}
_TIME = (
    r"(?:\s*(?P<ampm1>上午|下午)?\s*(?P<hour>\d{1,2})[:：时](?P<minute>\d{2})"
    r"(?:[:：](?P<second>\d{2})(?:\.\d+)?)?分?\s*(?P<ampm>[AaPp][Mm]|上午|下午)?)?"
)
_ISO = re.compile(
    r"(?P<year>\d{4})[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})"
    r"(?:[ T](?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.\d+)?)?)?"
    r"\s*(?:Z|[+-]\d{2}:?\d{2}|UTC|GMT)?"
)
_CHINESE = re.compile(
    r"(?P<year>\d{4})\s*年\s*(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*日?" + _TIME
)
_JIRA = re.compile(
    r"(?P<day>\d{1,2})/(?P<month>[A-Za-z]{3,9}\.?|[一二三四五六七八九十]{1,3}月)/(?P<year>\d{2}|\d{4})"
    + _TIME
)


def _month(text: str) -> int | None:
    text = text.rstrip(".").lower()
    if text.endswith("月"):
        digits = text[:-1]
        if digits == "十":
            return 10
        if digits.startswith("十"):
            return 10 + _ZH_NUMBERS.get(digits[1:], 99)
        return _ZH_NUMBERS.get(digits)
    return _MONTHS.get(text[:3])


def _from_match(match: re.Match[str]) -> str | None:
    parts = match.groupdict()
    month_text = parts["month"]
    month = int(month_text) if month_text.isdigit() else _month(month_text)
    year = int(parts["year"])
    if year < 100:
        year += 2000
    try:
        day = dt.date(year, month or 0, int(parts["day"]))
    except ValueError:
        return None
    if parts.get("hour") is None:
        return day.isoformat()
    hour, minute = int(parts["hour"]), int(parts["minute"])
    marker = (parts.get("ampm") or parts.get("ampm1") or "").lower()
    if marker:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if marker in ("pm", "下午") else 0)
    if hour > 23 or minute > 59:
        return None
    return f"{day.isoformat()} {hour:02d}:{minute:02d}"


def parse_tracker_date(text: str, date_format: str | None = None) -> str | None:
    """A tracker's date or date-time as ``YYYY-MM-DD HH:MM`` (``YYYY-MM-DD`` without a time).

    ``date_format`` (strptime) is tried first. None when the text is no date this
    reader knows (including ambiguous day/month numbers such as ``05/11/2026``).
    """
    text = " ".join(text.split())
    if not text:
        return None
    if date_format:
        try:
            moment = dt.datetime.strptime(text, date_format)
        except ValueError:
            pass
        else:
            if any(d in date_format for d in ("%H", "%I", "%M")):
                return moment.strftime("%Y-%m-%d %H:%M")
            return moment.strftime("%Y-%m-%d")
    for pattern in (_ISO, _CHINESE, _JIRA):
        match = pattern.fullmatch(text)
        if match:
            return _from_match(match)
    return None


# ---------------------------------------------------------------------------------------------
# the mapping


@dataclass(frozen=True)
class _Mapping:
    columns: dict[str, tuple[str, ...]]
    preset: str
    statuses: dict[str, str] = field(default_factory=dict)
    types: dict[str, str] = field(default_factory=dict)
    date_format: str | None = None
    entered: dict[str, str] = field(default_factory=dict)


def _headers(value: Any) -> tuple[str, ...] | None:
    values = value if isinstance(value, list) else [value]
    if not values or not all(isinstance(v, str) and v.strip() for v in values):
        return None
    return tuple(v.strip() for v in values)


def _text_pairs(value: Any) -> dict[str, str] | None:
    if not isinstance(value, Mapping):
        return None
    pairs = {str(k).strip(): str(v).strip() for k, v in value.items() if v is not None}
    if len(pairs) != len(value) or not all(pairs) or not all(pairs.values()):
        return None
    return pairs


def _read_mapping(
    mapping: Mapping[str, Any] | str | Path, problems: list[Problem]
) -> _Mapping | None:
    file = "mapping"
    if isinstance(mapping, str | Path):
        path = Path(mapping)
        file = path.name
        try:
            loaded = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
        except OSError as exc:
            problems.append(Problem(file, None, None, "file.unreadable", {"reason": exc.strerror}))
            return None
        except yaml.YAMLError as exc:
            problems.append(Problem(file, None, None, "yaml.malformed", {"reason": str(exc)}))
            return None
        if not isinstance(loaded, Mapping):
            found = {"found": type(loaded).__name__}
            problems.append(Problem(file, 1, None, "tracker.mapping.not_mapping", found))
            return None
        mapping = loaded
    before = len(problems)

    def bad(key: str, code: str, **values: Any) -> None:
        problems.append(Problem(file, None, key, code, values))

    for unknown in sorted(set(map(str, mapping)) - set(_MAPPING_KEYS)):
        bad(unknown, "tracker.mapping.unknown_key", found=unknown, known=", ".join(_MAPPING_KEYS))
    preset_name = mapping.get("preset")
    columns: dict[str, tuple[str, ...]] = {}
    if preset_name is not None:
        if preset_name not in PRESETS:
            bad("preset", "tracker.mapping.preset", found=preset_name, known=", ".join(PRESETS))
        else:
            columns = dict(PRESETS[preset_name].columns)
    for target in WORKITEMS_COLUMNS:
        if target in mapping:
            headers = _headers(mapping[target])
            if headers is None:
                bad(target, "tracker.mapping.header", found=mapping[target])
            else:
                columns[target] = headers
    pairs: dict[str, dict[str, str]] = {}
    for key in ("statuses", "types", "entered"):
        value = _text_pairs(mapping.get(key, {}))
        if value is None:
            bad(key, "tracker.mapping.pairs", found=mapping.get(key))
            value = {}
        pairs[key] = value
    for tracker_type, target in pairs["types"].items():
        if target.lower() not in ITEM_TYPES:
            bad("types", "tracker.mapping.type", found=target, tracker=tracker_type)
    date_format = mapping.get("date_format")
    if date_format is not None and (not isinstance(date_format, str) or "%" not in date_format):
        bad("date_format", "tracker.mapping.date_format", found=date_format)
        date_format = None
    if len(problems) > before:
        return None
    return _Mapping(
        columns,
        str(preset_name) if preset_name else "mapping",
        {_key(k): v for k, v in pairs["statuses"].items()},
        {_key(k): v.lower() for k, v in pairs["types"].items()},
        date_format,
        pairs["entered"],
    )


def _positions(header: Sequence[str], candidates: Sequence[str]) -> list[list[int]]:
    """For each candidate header found, the places where it appears (repeats included)."""
    keys = [_key(h) for h in header]
    groups = []
    for candidate in candidates:
        places = [i for i, k in enumerate(keys) if k == _key(candidate)]
        if places:
            groups.append(places)
    return groups


def detect_preset(header: Sequence[str]) -> str | None:
    """The preset whose headers the export has (id, title and status at least), or None.

    The preset with the most of its signature headers wins, then the one reading
    most columns; on a tie the first of jira, pingcode, worktile.
    """
    keys = {_key(h) for h in header}
    best: tuple[int, int] | None = None
    chosen = None
    for name, preset in PRESETS.items():
        found = {t for t, c in preset.columns.items() if _positions(header, c)}
        if not {"id", "title", "status"} <= found:
            continue
        score = (sum(_key(s) in keys for s in preset.signature), len(found))
        if best is None or score > best:
            best, chosen = score, name
    return chosen


# ---------------------------------------------------------------------------------------------
# the import


class _Reader:
    """Reads the cells of one export row by row, collecting problems and notes."""

    def __init__(self, sheet: _Sheet, file: str, rules: _Mapping, problems: list[Problem]):
        self.sheet = sheet
        self.file = file
        self.rules = rules
        self.problems = problems
        self.groups = {
            target: _positions(sheet.header, rules.columns.get(target, ())) for target in _TARGETS
        }
        self.notes: list[list[str]] = [[] for _ in sheet.rows]
        self.dates: dict[str, str | None] = {}
        self.keep: set[int] | None = None  # rows imported; problems of the others are not listed

    def source(self, target: str) -> str | None:
        groups = self.groups.get(target) or []
        return self.sheet.header[groups[0][0]] if groups else None

    def column(self, target: str) -> tuple[list[str], list[str]]:
        """Each row's value for ``target`` and the header it came from."""
        values, headers = [], []
        groups = self.groups.get(target) or []
        for row in self.sheet.rows:
            value, header = "", self.source(target) or ""
            for places in groups:
                filled = [p for p in places if p < len(row) and row[p]]
                if filled:
                    value, header = row[filled[-1]], self.sheet.header[filled[-1]]
                    break
            values.append(value)
            headers.append(header)
        return values, headers

    def problem(self, index: int, header: str, code: str, **values: Any) -> None:
        if self.keep is not None and index not in self.keep:
            return
        self.problems.append(Problem(self.file, self.sheet.numbers[index], header, code, values))

    def bad_cell(self, index: int, header: str, code: str, text: str, **values: Any) -> None:
        """A cell that cannot be read: left empty, its text kept in the note."""
        self.problem(index, header, code, found=text, **values)
        self.notes[index].append(t("tracker.note.unread", column=header, found=text))

    def date(self, text: str) -> str | None:
        if text not in self.dates:
            self.dates[text] = parse_tracker_date(text, self.rules.date_format)
        return self.dates[text]

    def dates_of(self, target: str) -> list[str]:
        values, headers = self.column(target)
        out = []
        for index, (text, header) in enumerate(zip(values, headers, strict=True)):
            parsed = self.date(text) if text else ""
            if parsed is None:
                self.bad_cell(index, header, "tracker.date.invalid", text)
            out.append(parsed or "")
        return out


def _points(reader: _Reader) -> list[str]:
    values, headers = reader.column("points")
    out = []
    for index, (text, header) in enumerate(zip(values, headers, strict=True)):
        try:
            number = float(text) if text else None
        except ValueError:
            number = float("nan")
        if number is not None and not (number >= 0 and number != float("inf")):
            reader.bad_cell(index, header, "tracker.points.invalid", text)
            number = None
        out.append("" if number is None else f"{number:g}")
    return out


def _types(reader: _Reader) -> list[str]:
    values, headers = reader.column("type")
    out = []
    for index, (text, header) in enumerate(zip(values, headers, strict=True)):
        kind = reader.rules.types.get(_key(text)) or _TYPE_ALIASES.get(_key(text))
        if text and kind is None:
            reader.bad_cell(index, header, "tracker.type.unknown", text)
        out.append(kind or "")
    return out


def _statuses(reader: _Reader, board: Board | None) -> list[str]:
    values, headers = reader.column("status")
    out = []
    for index, (text, header) in enumerate(zip(values, headers, strict=True)):
        status = reader.rules.statuses.get(_key(text), text)
        if not status:
            reader.problem(index, header, "tracker.value.empty")
        elif board is not None and board.column_for(status) is None:
            reader.problem(
                index, header, "tracker.status.unknown", found=text, columns=", ".join(board.names)
            )
        out.append(status)
    return out


def _category_dates(reader: _Reader, started: list[str], done: list[str]) -> None:
    """Jira: an empty started/done taken from "Status Category Changed" by the category."""
    categories, _ = reader.column("status_category")
    if not any(categories):
        return
    changed = reader.dates_of("status_category_changed")
    for index, category in enumerate(categories):
        if not changed[index]:
            continue
        if _key(category) in _IN_PROGRESS_CATEGORY and not started[index]:
            started[index] = changed[index]
        elif _key(category) in _DONE_CATEGORY and not done[index]:
            done[index] = changed[index]


def _keep_rows(reader: _Reader, ids: list[str], id_header: str) -> list[int]:
    """Rows with a usable id, first occurrence only; the others are listed as left out."""
    keep: list[int] = []
    first_row: dict[str, int] = {}
    bad = re.compile(r"[\s,;]")
    for index, item in enumerate(ids):
        if not item:
            reader.problem(index, id_header, "tracker.id.empty")
        elif bad.search(item):
            reader.problem(index, id_header, "tracker.id.invalid", found=item)
        elif item in first_row:
            reader.problem(
                index, id_header, "tracker.id.duplicate", found=item, first_row=first_row[item]
            )
        else:
            first_row[item] = reader.sheet.numbers[index]
            keep.append(index)
    reader.keep = set(keep)
    return keep


def _parents(reader: _Reader, ids: list[str], keep: list[int]) -> list[str]:
    """Parents as item ids (Jira's numeric issue ids translated); unknown ones left empty."""
    values, headers = reader.column("parent")
    source_ids, _ = reader.column("source_id")
    by_source = {s: i for s, i in zip(source_ids, ids, strict=True) if s and i}
    known = {ids[i] for i in keep}
    out = []
    for index, (text, header) in enumerate(zip(values, headers, strict=True)):
        parent = by_source.get(text, text)
        if parent and (parent not in known or parent == ids[index]):
            reader.bad_cell(index, header, "tracker.parent.unknown", text)
            parent = ""
        out.append(parent)
    return out


def _transitions(reader: _Reader, ids: list[str], keep: list[int]) -> pd.DataFrame:
    """Status history from the mapping's ``entered`` columns (status -> date entered)."""
    rows = []
    for status, header in reader.rules.entered.items():
        places = _positions(reader.sheet.header, [header])
        if not places:
            reader.problems.append(
                Problem(reader.file, 1, header, "tracker.column.absent", {"found": header})
            )
            continue
        for index in keep:
            text = reader.sheet.rows[index][places[0][-1]]
            if not text:
                continue
            at = reader.date(text)
            if at is None:
                reader.problem(index, header, "tracker.date.invalid", found=text)
                continue
            rows.append({"item": ids[index], "to": status, "at": at})
    frame = pd.DataFrame(rows, columns=["item", "to", "at"], dtype=object)
    frame = frame.sort_values(["item", "at"], kind="stable").reset_index(drop=True)
    frame.insert(1, "from", frame.groupby("item")["to"].shift().fillna(""))
    return frame[list(TRANSITIONS_COLUMNS)].astype(object)


def _empty_import(preset: str, problems: list[Problem]) -> WorkItemImport:
    items = pd.DataFrame({c: pd.Series(dtype=object) for c in ITEM_COLUMNS})
    moves = pd.DataFrame({c: pd.Series(dtype=object) for c in TRANSITIONS_COLUMNS})
    return WorkItemImport(items, moves, preset, tuple(problems))


def import_workitems(
    path: str | Path,
    *,
    mapping: Mapping[str, Any] | str | Path | None = None,
    board: Board | None = None,
) -> WorkItemImport:
    """Read a tracker export (CSV or .xlsx) into workitems.csv cells; see the module docs.

    ``mapping``: a dict or a YAML file naming the export's headers (default: the
    preset detected from the header row). ``board``: when given, every status
    (after the mapping's ``statuses``) must be on it; unknown ones are listed.
    Never raises for the content of the export; problems are returned.
    """
    path = Path(path)
    problems: list[Problem] = []
    rules = _read_mapping(mapping, problems) if mapping is not None else None
    if mapping is not None and rules is None:
        return _empty_import("mapping", problems)
    sheet = _read_export(path, problems)
    if sheet is None:
        return _empty_import(rules.preset if rules else "", problems)
    if rules is None:
        name = detect_preset(sheet.header)
        if name is None:
            problems.append(
                Problem(
                    path.name,
                    1,
                    None,
                    "tracker.format.unknown",
                    {"header": ", ".join(sheet.header)},
                )
            )
            return _empty_import("", problems)
        rules = _Mapping(dict(PRESETS[name].columns), name)
    reader = _Reader(sheet, path.name, rules, problems)
    missing = [c for c in ("id", "title", "status") if not reader.groups.get(c)]
    for target in missing:
        expected = ", ".join(rules.columns.get(target, ())) or target
        problems.append(
            Problem(
                path.name,
                1,
                target,
                "tracker.column.missing",
                {"column": target, "expected": expected},
            )
        )
    if missing:
        return _empty_import(rules.preset, problems)
    ids, id_headers = reader.column("id")
    keep = _keep_rows(reader, ids, id_headers[0] if id_headers else "id")
    titles, title_headers = reader.column("title")
    for index in keep:
        if not titles[index]:
            reader.problem(index, title_headers[index], "tracker.value.empty")
    columns: dict[str, list[str]] = {"id": ids, "title": titles}
    columns["type"] = _types(reader)
    columns["status"] = _statuses(reader, board)
    for target in ("owner", "priority", "sprint", "requirements", "tasks"):
        columns[target] = reader.column(target)[0]
    columns["points"] = _points(reader)
    for target in ("created", "started", "done"):
        columns[target] = reader.dates_of(target)
    _category_dates(reader, columns["started"], columns["done"])
    columns["parent"] = _parents(reader, ids, keep)
    columns["note"] = ["; ".join(n) for n in reader.notes]
    items = pd.DataFrame({c: columns[c] for c in ITEM_COLUMNS}, dtype=object).iloc[keep]
    transitions = _transitions(reader, ids, keep)
    ordered = sorted(problems, key=lambda p: (p.file, p.row or 0))
    sources = {target: source for target in _TARGETS if (source := reader.source(target))}
    return WorkItemImport(
        items.reset_index(drop=True), transitions, rules.preset, tuple(ordered), sources
    )


def save_import(result: WorkItemImport, folder: str | Path) -> list[Path]:
    """Write ``workitems.csv`` (and ``transitions.csv`` when there is history) into ``folder``.

    Files are replaced atomically; the written paths are returned.
    """
    folder = Path(folder)
    written = [folder / WORKITEMS_FILE]
    write_csv_table(written[0], result.items)
    if not result.transitions.empty:
        written.append(folder / TRANSITIONS_FILE)
        write_csv_table(written[1], result.transitions)
    return written


# ---------------------------------------------------------------------------------------------
# into a project folder (pmtools import FILE DIR --work-items)


@dataclass(frozen=True)
class FolderImport:
    """What ``import_into_folder`` did: the import, the files written, the folder's problems.

    ``created``: the folder was new and got a project.yaml (with a board built from
    the export's statuses) and an empty tasks.csv. ``kept``: files of the folder
    the import did not replace (a transitions.csv when the export has no history).
    ``problems``: the folder's problems after writing (``load_project``), empty when
    it validates.
    """

    imported: WorkItemImport
    folder: Path
    written: tuple[Path, ...] = ()
    created: bool = False
    kept: tuple[Path, ...] = ()
    problems: tuple[Problem, ...] = ()

    @property
    def read_nothing(self) -> bool:
        """True when no work item could be read (nothing was written)."""
        return self.imported.items.empty


def _folder_board(folder: Path) -> Board | None:
    """The board of an existing project folder's project.yaml (None when it has none)."""
    path = folder / PROJECT_FILE
    if not path.is_file():
        return None
    scratch: list[Problem] = []
    settings = Settings(path.read_bytes().decode("utf-8-sig", errors="replace"), scratch)
    board, problems = board_from_settings(settings.raw)
    return None if problems else board


_CJK = re.compile(r"[\u4e00-\u9fff]")
_STAGE_NAMES = {
    "en": {"backlog": "Backlog", "in_progress": "In progress", "done": "Done"},
    "zh": {"backlog": "待办", "in_progress": "进行中", "done": "已完成"},
}


def _new_project_yaml(result: WorkItemImport, folder: Path) -> str:
    """project.yaml for a new folder: name, start (the first created date), language, and a
    board whose three columns hold the export's statuses by their words (``guess_stage``)."""
    items = result.items
    text = " ".join([*result.sources.values(), *items["status"].tolist()])
    language = "zh" if _CJK.search(text) else "en"
    created = sorted(d[:10] for d in items["created"].tolist() if d)
    start = created[0] if created else dt.date.today().isoformat()
    statuses: dict[str, list[str]] = {"backlog": [], "in_progress": [], "done": []}
    for status in dict.fromkeys(s for s in items["status"].tolist() if s):
        statuses[guess_stage(status)].append(status)
    names = _STAGE_NAMES[language]

    def flow(value: Any) -> str:  # one YAML value on one line (a list's brackets dropped)
        text = yaml.safe_dump([value], allow_unicode=True, default_flow_style=True, width=1000)
        return text.strip()[1:-1]

    columns = "".join(
        f"    - {flow({'name': names[stage], 'statuses': found})}\n"
        for stage, found in statuses.items()
    )
    return (
        f"# {t('tracker.yaml.comment', file=result.preset or 'mapping')}\n"
        f"name: {flow(folder.name)}\n"
        f"start: {start}\n"
        f"language: {language}\n"
        "board:\n"
        "  columns:\n"
        f"{columns}"
        f"  started: {flow(names['in_progress'])}\n"
        f"  done: {flow(names['done'])}\n"
    )


def import_into_folder(
    file: str | Path,
    folder: str | Path,
    *,
    mapping: Mapping[str, Any] | str | Path | None = None,
) -> FolderImport:
    """Import a tracker export into a project folder's workitems.csv (and transitions.csv).

    An existing project folder keeps everything else; its board decides which
    statuses are known. A new (or empty) folder gets a project.yaml whose board
    holds the export's statuses, and an empty tasks.csv. Files are written
    atomically, and only when at least one work item was read; then the folder is
    validated and its problems returned. Never raises for the export's content.
    """
    target = Path(folder)
    existing = (target / PROJECT_FILE).is_file()
    if not existing and target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise InteropError("interop.dir_not_empty", {"path": str(target)})
    result = import_workitems(
        file, mapping=mapping, board=_folder_board(target) if existing else None
    )
    if result.items.empty:
        return FolderImport(result, target)
    target.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    if not existing:
        atomic_write_text(target / PROJECT_FILE, _new_project_yaml(result, target))
        atomic_write_text(target / TASKS_FILE, "id,name,duration,predecessors\n")
        written += [target / PROJECT_FILE, target / TASKS_FILE]
    written += save_import(result, target)
    kept = tuple(p for p in (target / TRANSITIONS_FILE,) if p.is_file() and p not in written)
    problems: tuple[Problem, ...] = ()
    try:
        load_project(target)
    except ProjectInvalid as exc:
        problems = tuple(exc.problems)
    except PmtoolsError as exc:  # pragma: no cover - the folder was just written
        problems = (Problem(PROJECT_FILE, None, None, "file.unreadable", {"reason": str(exc)}),)
    return FolderImport(result, target, tuple(written), not existing, kept, problems)
