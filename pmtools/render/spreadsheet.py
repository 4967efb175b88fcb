"""Spreadsheet exports (CSV and Excel) with formula text neutralised.

Every text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return gets a leading apostrophe so a spreadsheet shows it as text instead of
running it as a formula (OWASP, CSV injection). Files are written atomically.
"""

from __future__ import annotations

import datetime as dt
import os
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from pmtools.interop.workbook import Sheet, project_sheets

__all__ = [
    "export_workbook",
    "formula_like",
    "neutralise",
    "write_csv",
    "write_sheets",
    "write_xlsx",
]

_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def formula_like(value: Any) -> bool:
    """True for text a spreadsheet would run as a formula if typed in."""
    return isinstance(value, str) and value.startswith(_DANGEROUS)


def neutralise(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula, made inert with a leading apostrophe."""
    if formula_like(value):
        return "'" + value
    return value


def _export_frame(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralise)
    return out


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """A CSV file: UTF-8 with BOM (Excel opens it right), formula text neutralised, atomic."""
    from pmtools.tables.files import atomic_write_text

    text = _export_frame(frame).to_csv(index=False, lineterminator="\n", date_format="%Y-%m-%d")
    atomic_write_text(path, "\ufeff" + text)


def write_xlsx(
    frame: pd.DataFrame, path: Path, *, sheet: str = "Portfolio", freeze: str = "C2"
) -> None:
    """An Excel workbook: bold filled header, frozen header row and first columns, widths that
    fit, dates as dates, formula text neutralised (stored as text, never as a formula)."""
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    ws.title = sheet
    data = _export_frame(frame)
    ws.append(list(data.columns))
    for values in data.itertuples(index=False):
        cells: list[Any] = []
        for value in values:
            if value is None or (not isinstance(value, str) and pd.isna(value)):
                cells.append(None)
            elif isinstance(value, pd.Timestamp):
                cells.append(value.date())
            else:
                cells.append(value)
        ws.append(cells)
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text, whatever it starts with
            elif isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
    _style_header(ws)
    ws.freeze_panes = freeze
    _fit_widths(ws)
    ws.auto_filter.ref = ws.dimensions
    tmp = path.with_name(path.name + ".tmp")
    book.save(tmp)
    os.replace(tmp, path)


def _style_header(ws: Any) -> None:
    """Bold white text on the report's dark blue, for row 1."""
    from openpyxl.styles import Alignment, Font, PatternFill

    for cell in ws[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="34495E")
        cell.alignment = Alignment(vertical="center")


def _text_width(value: Any) -> int:
    """Characters a cell shows, Chinese characters counting twice; dates 10."""
    if isinstance(value, dt.date):
        return 10
    text = "" if value is None else str(value)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _fit_widths(ws: Any, *, most: int = 50, rows: int = 200) -> None:
    """Each column as wide as its header and its first ``rows`` cells (at most ``most``)."""
    widths: dict[str, int] = {}
    for row in ws.iter_rows(max_row=rows + 1):
        for cell in row:
            letter = cell.column_letter
            widths[letter] = max(widths.get(letter, 0), _text_width(cell.value))
    for letter, width in widths.items():
        ws.column_dimensions[letter].width = min(width + 2, most)


def write_sheets(sheets: Sequence[Sheet], path: Path) -> None:
    """A workbook of ``sheets``, written atomically: bold header row, frozen panes, filters,
    widths that fit, dates as Excel dates, a drop-down list for each column with allowed
    values, text always stored as text (formula-like text gets Excel's quote prefix, so it
    shows as typed and never runs; the value itself is unchanged)."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    book.remove(book.active)
    for sheet in sheets:
        ws = book.create_sheet(sheet.name)
        ws.append(list(sheet.header))
        for values in sheet.rows:
            ws.append(list(values))
        for row in ws.iter_rows(min_row=1):
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # text, whatever it starts with
                    if formula_like(cell.value):
                        cell.quotePrefix = True
                elif isinstance(cell.value, dt.date):
                    cell.number_format = "yyyy-mm-dd"
        _style_header(ws)
        if sheet.freeze:
            ws.freeze_panes = sheet.freeze
        _fit_widths(ws, most=100 if not sheet.filter else 50)
        last = max(len(sheet.rows) + 1, 2)
        if sheet.filter and sheet.header:
            ws.auto_filter.ref = f"A1:{get_column_letter(len(sheet.header))}{last}"
        for position, name in enumerate(sheet.header, start=1):
            allowed = sheet.choices.get(name)
            if not allowed:
                continue
            letter = get_column_letter(position)
            rule = DataValidation(
                type="list",
                formula1='"' + ",".join(allowed) + '"',
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=name,
                error=", ".join(allowed),
                promptTitle=name,
                prompt=", ".join(allowed),
            )
            rule.add(f"{letter}2:{letter}{max(last, 1000)}")
            ws.add_data_validation(rule)
        _input_columns(ws, sheet, last)
        if sheet.hidden:
            ws.sheet_state = "hidden"
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        book.save(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _input_columns(ws: Any, sheet: Sheet, last: int) -> None:
    """Shade the columns a PM fills in and let Excel refuse what the import would refuse."""
    from openpyxl.styles import PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    shade = PatternFill("solid", fgColor="FEF9E7")
    for position, name in enumerate(sheet.header, start=1):
        rule = sheet.inputs.get(name)
        if rule is None:
            continue
        letter = get_column_letter(position)
        for row in range(2, last + 1):
            ws[f"{letter}{row}"].fill = shade
        kind, *bounds = rule
        if kind == "date":
            check = DataValidation(type="date", operator="greaterThan", formula1="1")
        else:
            low, high = bounds
            check = DataValidation(
                type=kind, operator="between", formula1=str(low), formula2=str(high)
            )
        check.allow_blank = True
        check.showErrorMessage = True
        check.errorTitle = name
        check.error = _rule_message(kind, bounds)
        check.add(f"{letter}2:{letter}{last}")
        ws.add_data_validation(check)


def _rule_message(kind: str, bounds: Sequence[Any]) -> str:
    """The message Excel shows for a refused input."""
    from pmtools.i18n import t

    if kind == "date":
        return t("xlsx.input.date")
    return t(f"xlsx.input.{kind}", low=bounds[0], high=bounds[1])


def export_workbook(project_dir: str | Path, path: str | Path) -> tuple[list[str], list[str]]:
    """Write the project folder as an Excel workbook, one sheet per file.

    Returns the files written as sheets and warnings (files of the folder the
    workbook does not hold). Raises ProjectInvalid when the folder does not validate.
    """
    from pmtools.i18n import t

    sheets, left_out = project_sheets(project_dir)
    write_sheets(sheets, Path(path))
    files = [s.name for s in sheets if not s.hidden]
    return files, [t("xlsx.not_exported", file=name) for name in left_out]


def export_progress(
    project_dir: str | Path, path: str | Path, *, status_date: str | None = None
) -> tuple[int, list[str]]:
    """Write the progress update sheet of the open tasks at the status date (.xlsx or .csv).

    Returns the number of tasks listed and warnings (none so far). The sheet is
    named ``progress YYYY-MM-DD``; a PM fills ``percent_complete`` or ``remaining``
    (empty: no change), corrects ``actual_start`` or enters ``actual_finish``, and
    applies it with
    ``pmtools import FILE DIR --update``. Raises ProjectInvalid when the folder
    does not validate.
    """
    from pmtools.interop.progress import percent_text, progress_sheet
    from pmtools.io import load_project

    project = load_project(project_dir, status_date=status_date)
    frame = progress_sheet(project)
    target = Path(path)
    if target.suffix.lower() == ".csv":
        out = frame.copy()
        for column in ("forecast_start", "forecast_finish", "actual_start", "actual_finish"):
            out[column] = out[column].map(lambda d: d.isoformat() if d is not None else "")
        out["percent_now"] = out["percent_now"].map(lambda v: percent_text(float(v)))
        out[["percent_complete", "remaining"]] = ""
        write_csv(out, target)
    else:
        rows = [[_sheet_value(v) for v in row] for row in frame.itertuples(index=False)]
        name = f"progress {project.status_date.isoformat()}"
        inputs: dict[str, tuple[Any, ...]] = {
            "percent_complete": ("decimal", 0, 100),
            "remaining": ("whole", 0, 100_000),
            "actual_start": ("date",),
            "actual_finish": ("date",),
        }
        sheet = Sheet(name, tuple(frame.columns), rows, freeze="C2", inputs=inputs)
        write_sheets([sheet], target)
    return len(frame), []


def _sheet_value(value: Any) -> Any:
    """A cell for ``write_sheets``: None for empty, Python numbers, dates as they are."""
    if value is None or (isinstance(value, str) and value == ""):
        return None
    if isinstance(value, float | int) and not isinstance(value, bool):
        if pd.isna(value):
            return None
        return int(value) if float(value).is_integer() else float(value)
    if hasattr(value, "item"):  # numpy scalars
        return _sheet_value(value.item())
    return value
