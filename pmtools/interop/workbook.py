"""A project folder as an Excel workbook, and back: one sheet per project file.

``project_sheets(dir)`` gives the content of the workbook ``pmtools export DIR
--to plan.xlsx`` writes (``pmtools.render.spreadsheet.write_sheets`` formats it):
a sheet ``project.yaml`` holding the file's text one line per row, then one sheet
per file of the registry the folder has (``tasks.csv``, ``risks.csv``, ...), named
after the file, with the file's header and cells. Cells of date columns become
Excel dates and cells of number columns Excel numbers, but only where the text
comes back exactly (``5900``, ``0.5``; ``05`` or ``1.50`` stay text). A hidden
sheet ``_pmtools`` records how each file was written (delimiter, BOM, line
endings, encoding, record count) so the round trip gives the same bytes.

``import_workbook(path, dir)`` reads such a workbook (or one a PM built by hand,
one sheet per file) into a new folder: every cell becomes text again, the folder
is validated in a scratch copy first, and on any problem nothing is written.
Problems name the sheet (which is the file name), the row as Excel shows it and
the column, like the CSV checker.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pmtools.errors import Problem, ProjectInvalid
from pmtools.i18n import t
from pmtools.interop._errors import InteropError
from pmtools.io import load_project
from pmtools.tables import PROJECT_FILE, REGISTRY, TableSpec
from pmtools.tables.edit import split_records
from pmtools.tables.files import atomic_write_bytes, decode

__all__ = [
    "META_SHEET",
    "Sheet",
    "cell_text",
    "import_workbook",
    "project_sheets",
    "read_sheet_rows",
    "record_text",
    "typed_cell",
]

#: The hidden sheet that records how each file was written.
META_SHEET = "_pmtools"
META_HEADER = ("file", "delimiter", "bom", "newline", "final_newline", "encoding", "rows")
_NEWLINES = {"\n": "LF", "\r\n": "CRLF", "\r": "CR"}

_WHOLE = re.compile(r"-?(0|[1-9]\d{0,14})")
_DECIMAL = re.compile(r"-?(0|[1-9]\d{0,14})\.\d{0,15}[1-9]")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
#: Column kinds whose cells are written as Excel numbers; and named custom columns that are.
_NUMERIC_KINDS = ("number", "whole", "percent")
_NUMERIC_CUSTOM = {("tasks.csv", "duration")}


@dataclass(frozen=True)
class Sheet:
    """One sheet of a workbook to write: a header row, then rows of cells.

    Cells are ``str`` (always stored as text, never as a formula), ``int``,
    ``float``, ``datetime.date`` or None. ``choices``: allowed values per column
    name (a drop-down list in Excel). ``hidden``: a sheet the PM does not need to see.
    ``inputs``: columns a PM fills in (shaded), each with the values Excel accepts:
    ``("decimal", low, high)``, ``("whole", low, high)`` or ``("date",)``.
    """

    name: str
    header: tuple[str, ...]
    rows: list[list[Any]]
    choices: dict[str, tuple[str, ...]] = field(default_factory=dict)
    hidden: bool = False
    freeze: str | None = "A2"
    filter: bool = True
    inputs: dict[str, tuple[Any, ...]] = field(default_factory=dict)


def typed_cell(text: str, kind: str) -> Any:
    """The Excel value of a CSV cell: a date, a number, or the text itself.

    Only converted when writing it back gives the same text (``cell_text``).
    """
    if text == "":
        return None
    if kind == "date" and _ISO_DATE.fullmatch(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return text
    if kind == "number":
        if _WHOLE.fullmatch(text):
            return int(text)
        if _DECIMAL.fullmatch(text) and repr(float(text)) == text:
            return float(text)
    return text


def cell_text(value: Any) -> str:
    """The CSV text of an Excel cell value (``typed_cell`` reversed)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _kind(spec: TableSpec, name: str) -> str:
    try:
        column = spec.column(name)
    except KeyError:
        return "text"
    if column.kind in _NUMERIC_KINDS or (spec.file, name) in _NUMERIC_CUSTOM:
        return "number"
    return column.kind


def _cells(record: str, delimiter: str) -> list[str]:
    return next(csv.reader(io.StringIO(record, newline=""), delimiter=delimiter), [])


def record_text(cells: Sequence[str], delimiter: str) -> str:
    """One CSV record as pmtools and pandas write it (quoted only where needed)."""
    buffer = io.StringIO()
    # "\r\n" as the terminator makes the writer quote any cell holding \r or \n
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerow(cells)
    return buffer.getvalue()[:-2]


def _lines(text: str) -> tuple[list[str], str, bool]:
    """The lines of a text file (quotes mean nothing in YAML), its line ending, and whether
    it ends with one."""
    newline = "\r\n" if "\r\n" in text else "\n" if "\n" in text else "\r" if "\r" in text else "\n"
    lines = text.split(newline)
    final = len(lines) > 1 and lines[-1] == ""
    return (lines[:-1] if final else lines), newline, final


def _meta_row(file: str, data: bytes, delimiter: str, rows: int) -> list[Any]:
    text, encoding = decode(data)
    if file == PROJECT_FILE:
        _, newline, final = _lines(text)
    else:
        _, newline, final = split_records(text)
    return [
        file,
        delimiter,
        "yes" if data.startswith(b"\xef\xbb\xbf") else "no",
        _NEWLINES[newline],
        "yes" if final else "no",
        encoding,
        rows,
    ]


def project_sheets(project_dir: str | Path) -> tuple[list[Sheet], list[str]]:
    """The sheets of the workbook of ``project_dir``, and what the workbook does not hold.

    The folder is validated first (ProjectInvalid: nothing to export). The second
    value lists files of the folder that are not project files (``history/``, notes).
    """
    root = Path(project_dir)
    load_project(root)
    meta: list[list[Any]] = []
    data = (root / PROJECT_FILE).read_bytes()
    text, _ = decode(data)
    lines, _, _ = _lines(text)
    yaml_rows: list[list[Any]] = [[line or None] for line in lines]
    sheets = [Sheet(PROJECT_FILE, (PROJECT_FILE,), yaml_rows, freeze=None, filter=False)]
    meta.append(_meta_row(PROJECT_FILE, data, "", len(lines)))
    for file, spec in REGISTRY.items():
        path = root / file
        if not path.is_file():
            continue
        data = path.read_bytes()
        text, _ = decode(data)
        records, _, _ = split_records(text)
        header_text = records[0] if records else ""
        delimiter = ";" if header_text.count(";") > header_text.count(",") else ","
        header = _cells(header_text, delimiter)
        kinds = [_kind(spec, name.strip()) for name in header]
        rows: list[list[Any]] = []
        for record in records[1:]:
            cells = _cells(record, delimiter) if record.strip() else []
            rows.append(
                [typed_cell(c, kinds[i] if i < len(kinds) else "text") for i, c in enumerate(cells)]
            )
        choices = {
            name: column.choices
            for name in header
            for column in spec.columns
            if column.name == name.strip() and column.choices
        }
        sheets.append(Sheet(file, tuple(header), rows, choices))
        meta.append(_meta_row(file, data, delimiter, len(records) - 1))
    sheets.append(Sheet(META_SHEET, META_HEADER, meta, hidden=True))
    known = {PROJECT_FILE, *REGISTRY}
    left_out = sorted(
        str(p.relative_to(root))
        for p in root.rglob("*")
        if p.is_file() and str(p.relative_to(root)) not in known and not p.name.startswith(".")
    )
    return sheets, left_out


# -- reading a workbook back ------------------------------------------------------------------


def _percent_cell(cell: Any) -> bool:
    value = cell.value
    number = isinstance(value, int | float) and not isinstance(value, bool)
    return number and "%" in str(cell.number_format or "")


def read_sheet_rows(ws: Any, name: str, problems: list[Problem]) -> list[list[str]]:
    """Every row of the sheet ``ws`` as text cells (row 1 first); a formula or an error value
    is a problem naming the sheet, row and column (header names for data rows). A number
    shown as a percentage in Excel (80 %, stored as 0.8) reads as ``80``."""
    rows: list[list[str]] = []
    header: list[str] = []
    for row_number, row in enumerate(ws.iter_rows(), start=1):
        cells: list[str] = []
        for position, cell in enumerate(row):
            column = header[position] if position < len(header) else cell.column_letter
            if cell.data_type == "f":
                problems.append(
                    Problem(name, row_number, column, "xlsx.formula", {"found": str(cell.value)})
                )
                cells.append("")
            elif cell.data_type == "e":
                problems.append(
                    Problem(name, row_number, column, "xlsx.error", {"found": str(cell.value)})
                )
                cells.append("")
            elif _percent_cell(cell):  # 80 % typed in Excel is stored as 0.8
                cells.append(cell_text(round(float(cell.value) * 100, 10)))
            else:
                cells.append(cell_text(cell.value))
        while cells and cells[-1] == "":
            cells.pop()
        if row_number == 1:
            header = [c.strip() for c in cells]
        rows.append(cells)
    while rows and not rows[-1]:
        rows.pop()
    return rows


@dataclass(frozen=True)
class _Layout:
    delimiter: str = ","
    bom: bool = False
    newline: str = "\n"
    final_newline: bool = True
    encoding: str = "utf-8"
    rows: int = 0


def _layouts(rows: list[list[str]]) -> dict[str, _Layout]:
    found: dict[str, _Layout] = {}
    newlines = {v: k for k, v in _NEWLINES.items()}
    for row in rows[1:]:
        cells = dict(zip(META_HEADER, [*row, *[""] * len(META_HEADER)], strict=False))
        count = cells["rows"]
        found[cells["file"]] = _Layout(
            cells["delimiter"] if cells["delimiter"] in (",", ";") else ",",
            cells["bom"] == "yes",
            newlines.get(cells["newline"], "\n"),
            cells["final_newline"] != "no",
            cells["encoding"] if cells["encoding"] in ("utf-8", "gb18030", "cp1252") else "utf-8",
            int(count) if count.isdigit() else 0,
        )
    return found


def _encoded(text: str, layout: _Layout) -> bytes:
    try:
        data = text.encode(layout.encoding)
    except UnicodeEncodeError:  # new text the old encoding cannot hold: UTF-8 then
        data = text.encode("utf-8")
    return (b"\xef\xbb\xbf" if layout.bom else b"") + data


def _file_bytes(file: str, rows: list[list[str]], layout: _Layout) -> bytes:
    rows = rows + [[] for _ in range(layout.rows + 1 - len(rows))]  # trailing blank records
    if file == PROJECT_FILE:
        lines = [row[0] if row else "" for row in rows[1:]]
    else:
        width = len(rows[0]) if rows else 0
        lines = [record_text(rows[0], layout.delimiter)] if rows else []
        for row in rows[1:]:
            if not row:
                lines.append("")
            else:
                lines.append(record_text(row + [""] * (width - len(row)), layout.delimiter))
    text = layout.newline.join(lines) + (layout.newline if layout.final_newline and lines else "")
    return _encoded(text, layout)


def workbook_files(path: str | Path) -> tuple[dict[str, bytes], list[str]]:
    """The project files a workbook holds (file name -> bytes) and warnings (sheets skipped).

    Raises InteropError when the file cannot be opened as a workbook, ProjectInvalid
    (file = sheet name) for formulas and error values in cells or a missing
    project.yaml sheet.
    """
    from openpyxl import load_workbook

    source = Path(path)
    if not source.is_file():
        raise InteropError("interop.file_missing", {"file": str(source)})
    try:
        book = load_workbook(source, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise InteropError(
            "interop.file_unreadable", {"file": str(source), "reason": str(exc) or type(exc)}
        ) from None
    problems: list[Problem] = []
    warnings: list[str] = []
    sheets: dict[str, list[list[str]]] = {}
    for ws in book.worksheets:
        name = ws.title.strip()
        if name in (META_SHEET, PROJECT_FILE) or name in REGISTRY:
            sheets[name] = read_sheet_rows(ws, name, problems)
        else:
            warnings.append(t("xlsx.sheet_skipped", sheet=ws.title))
    if PROJECT_FILE not in sheets:
        problems.append(Problem(PROJECT_FILE, None, None, "xlsx.sheet_missing"))
    if problems:
        raise ProjectInvalid(problems)
    layouts = _layouts(sheets.pop(META_SHEET, []))
    files = {
        name: _file_bytes(name, rows, layouts.get(name, _Layout())) for name, rows in sheets.items()
    }
    return files, warnings


def import_workbook(path: str | Path, project_dir: str | Path) -> list[str]:
    """Write the project files of the workbook ``path`` into the new folder ``project_dir``.

    The files are validated together in a scratch folder first: on any problem
    ProjectInvalid (each problem naming the sheet, row and column) is raised and
    nothing is written. Returns warnings (sheets that are not project files).
    Raises InteropError when the folder is not empty or the workbook unreadable.
    """
    target = Path(project_dir)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise InteropError("interop.dir_not_empty", {"path": str(target)})
    files, warnings = workbook_files(path)
    with tempfile.TemporaryDirectory(prefix="pmtools-xlsx-") as scratch:
        for name, data in files.items():
            (Path(scratch) / name).write_bytes(data)
        try:
            load_project(scratch)
        except ProjectInvalid as exc:
            raise ProjectInvalid(exc.problems, str(target), exc.language) from None
    target.mkdir(parents=True, exist_ok=True)
    try:
        for name, data in files.items():
            atomic_write_bytes(target / name, data)
    except OSError:
        shutil.rmtree(target, ignore_errors=True)
        raise
    return warnings
