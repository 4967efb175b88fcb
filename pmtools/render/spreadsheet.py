"""Spreadsheet exports (CSV and Excel) with formula text neutralised.

Every text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return gets a leading apostrophe so a spreadsheet shows it as text instead of
running it as a formula (OWASP, CSV injection). Files are written atomically.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = ["neutralise", "write_csv", "write_xlsx"]

_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula, made inert with a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_DANGEROUS):
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
    from openpyxl.styles import Alignment, Font, PatternFill

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
    for cell in ws[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="34495E")
        cell.alignment = Alignment(vertical="center")
    ws.freeze_panes = freeze
    for index, column in enumerate(data.columns, start=1):
        width = max([len(str(column))] + [len(str(v)) for v in data[column].head(200)])
        ws.column_dimensions[ws.cell(row=1, column=index).column_letter].width = min(width + 2, 50)
    ws.auto_filter.ref = ws.dimensions
    tmp = path.with_name(path.name + ".tmp")
    book.save(tmp)
    os.replace(tmp, path)
