"""Worked-example tables as a learner reads them: localised headings, blanks, whole money.

``table(frame, language=...)`` turns a pmtools frame into an HTML table for a lesson:

- headings from the course's catalogue (``training.col.<column>``), else the report
  catalogue's (``col.<column>``), else the column's name with spaces;
- missing values (None, NaN, NaT, pandas NA) as blank cells;
- money columns (costs, EMV, budgets) and counts as whole numbers with thousands
  separators (``12,000``), other numbers with up to two decimals (``0.83``, ``4.5``);
- dates as ``YYYY-MM-DD`` (a time of day only when there is one), yes/no as ✓ or blank,
  lists of ids joined by commas, codes (``in-progress``, ``must``, ``promoter``, ...)
  translated where the catalogue (``training.code.<code>``) knows them, in cells and
  row labels alike.

Every cell is escaped: sample data is user text.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from pmtools.i18n import t, use_language
from pmtools.render import escape
from pmtools.render._html import _CODED, Table
from pmtools.render.css import TABLE

__all__ = ["MONEY", "cell_text", "heading", "table"]

#: Columns holding money: shown as whole amounts.
MONEY = frozenset(
    {
        "planned_cost",
        "actual_cost",
        "cost",
        "cost_impact",
        "cost_rate",
        "emv",
        "bac",
        "budget",
        "pv",
        "ev",
        "ac",
        "eac",
    }
)


def heading(column: Any) -> str:
    """A column's heading in the current language."""
    for key in (f"training.col.{column}", f"col.{column}"):
        text = t(key)
        if text != key:
            return text
    return str(column).replace("_", " ")


def _missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    try:
        return bool(pd.isna(value)) if not isinstance(value, list | tuple | set | dict) else False
    except (TypeError, ValueError):
        return False


def _number(value: float, *, whole: bool) -> str:
    if whole or float(value).is_integer():
        return f"{round(value):,}"
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def cell_text(value: Any, column: Any = None) -> str:
    """One cell as text (not yet escaped): blank for missing, whole money, dates as dates."""
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(map(str, value)) if isinstance(value, set | frozenset) else value
        return ", ".join(str(v) for v in items if not _missing(v))
    if _missing(value):
        return ""
    if isinstance(value, bool | np.bool_):
        return "✓" if bool(value) else ""
    if isinstance(value, pd.Timestamp | dt.datetime):
        stamp = pd.Timestamp(value)
        return stamp.strftime("%Y-%m-%d %H:%M" if stamp.time() != dt.time() else "%Y-%m-%d")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | np.integer):
        return f"{int(value):,}"
    if isinstance(value, float | np.floating):
        return _number(float(value), whole=column in MONEY)
    return _code(str(value), column)


def _code(text: str, column: Any) -> str:
    """A code (``in-progress``, ``must``, ``promoter``) in the current language: the course's
    code catalogue, else the reports' for the column; other text as it is."""
    keys = [f"training.code.{text}"]
    if column in _CODED:
        keys.append(f"{_CODED[column]}.{text}")
    for key in keys:
        translated = t(key)
        if translated != key:
            return translated
    return text


def _css(value: Any) -> str:
    if isinstance(value, bool | np.bool_ | list | tuple | set | frozenset):
        return ""
    if isinstance(value, int | float | np.integer | np.floating) and not _missing(value):
        return ' class="num"'
    if isinstance(value, dt.date) and not _missing(value):  # Timestamp is a date too
        return ' class="date"'
    return ""


def table(
    frame: pd.DataFrame | pd.Series,
    columns: Iterable[str] | None = None,
    *,
    language: str = "en",
    index: bool = True,
) -> Table:
    """``frame`` (its ``columns``, default all) as an HTML table in ``language`` (en or zh);
    ``index`` False leaves out the row labels (a frame numbered 0, 1, 2, ...)."""
    if isinstance(frame, pd.Series):
        frame = frame.to_frame()
    shown = list(columns) if columns is not None else list(frame.columns)
    with use_language(language):
        head = [heading(c) for c in shown]
        corner = heading(frame.index.name or "id") if index else None
        rows = []
        for label, row in frame.iterrows():
            label_text = _code(str(label), None) if isinstance(label, str) else cell_text(label)
            cells = [f'<td class="id">{escape(label_text)}</td>'] if index else []
            for column in shown:
                value = row[column]
                cells.append(f"<td{_css(value)}>{escape(cell_text(value, column))}</td>")
            rows.append("<tr>" + "".join(cells) + "</tr>")
        empty = "" if rows else f'<p class="pmtools-empty">{escape(t("table.empty"))}</p>'
    titles = ([corner] if corner is not None else []) + head
    thead = "".join(f"<th>{escape(text)}</th>" for text in titles)
    return Table(
        f'{TABLE}<table class="pmtools-table pmtools-lesson-table"><thead><tr>{thead}</tr>'
        f"</thead><tbody>{''.join(rows)}</tbody></table>{empty}"
    )
