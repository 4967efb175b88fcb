"""Escaping, Markdown and HTML tables: the one place user text is made safe."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Mapping
from typing import Any

import pandas as pd

from pmtools.i18n import t
from pmtools.render.css import TABLE
from pmtools.render.palette import RAG_COLOURS

__all__ = ["Markdown", "Table", "escape", "inline", "md", "rag_chip", "table"]

_MARKDOWN = str.maketrans({c: "\\" + c for c in "\\`*_[]#|~"})


def _missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(pd.isna(value)) if not isinstance(value, list | tuple | dict) else False
    except (TypeError, ValueError):
        return False


def escape(value: Any, *, markdown: bool = False, quote: bool = True) -> str:
    """User text made safe for HTML (and with ``markdown`` also inert in Markdown).

    Missing values (None, NaN, NaT) give ``""``. ``quote=False`` leaves quotes as
    they are, for text that never lands in an attribute (plotly labels, Markdown
    paragraphs); tags are always inert.
    """
    if _missing(value):
        return ""
    text = html.escape(str(value), quote=quote)
    return text.translate(_MARKDOWN) if markdown else text


def inline(value: Any) -> str:
    """User text placed inside report Markdown: ``escape`` with Markdown marks made inert."""
    return escape(value, markdown=True, quote=False)


class Markdown:
    """Markdown that Jupyter shows as formatted text (and nbconvert as HTML)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def _repr_markdown_(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return self.text


def md(key: str, **values: Any) -> Markdown:
    """Translated Markdown for ``key``, every value escaped as user text."""
    return Markdown(t(key, **{k: inline(v) for k, v in values.items()}))


class Table:
    """An HTML fragment that Jupyter shows as is."""

    def __init__(self, html_text: str) -> None:
        self.html_text = html_text

    def _repr_html_(self) -> str:
        return self.html_text


#: Columns whose values are codes, translated as ``<prefix>.<code>``.
_CODED = {
    "status": "status",
    "rating": "risk.rating",
    "strategy": "strategy",
    "type": "risk.type",
    "priority": "priority",
    "gap": "gap",
    "category": "category",
    "method": "eac.method",
    "health": "status.rag",
}


def _cell(value: Any, fmt: str | None) -> str:
    if value is None or (not isinstance(value, list | tuple) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp | dt.datetime):
        return fmt.format(value) if fmt else value.strftime("%Y-%m-%d")  # "{:%Y-%m-%d %H:%M}"
    if isinstance(value, list | tuple):
        return ", ".join(map(str, value))
    if isinstance(value, bool):
        return "✓" if value else ""
    if fmt:
        try:
            return fmt.format(value)
        except (ValueError, TypeError):
            return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def table(
    frame: pd.DataFrame,
    columns: Mapping[str, str],
    *,
    empty: str = "table.empty",
    formats: Mapping[str, str] | None = None,
    index: str | None = None,
    coded: Mapping[str, str] | None = None,
) -> Table | Markdown:
    """An HTML table of ``frame`` with translated headers (``columns``: column -> i18n key).

    Every cell is escaped; dates show as YYYY-MM-DD (or by ``formats``: ``"{:%Y-%m-%d
    %H:%M}"``), floats by ``formats`` (``{"emv": "{:,.0f}"}``); codes in ``status``,
    ``rating``, ``strategy``, ``type``, ``priority``, ... columns are translated (``coded``
    adds or overrides column -> i18n prefix). An empty frame shows the ``empty`` sentence; ``index``
    (an i18n key) adds the index as the first column.
    """
    if frame.empty:
        return md(empty)
    formats = formats or {}
    codes = {**_CODED, **(coded or {})}
    head = "".join(f"<th>{escape(t(key))}</th>" for key in columns.values())
    if index:
        head = f"<th>{escape(t(index))}</th>" + head
    rows = []
    for label, row in frame.iterrows():
        cells = [f'<td class="id">{escape(str(label))}</td>'] if index else []
        for column in columns:
            value = row[column] if column in row.index else ""
            text = _cell(value, formats.get(column))
            is_code = column in codes and bool(text)
            if is_code:
                text = t(f"{codes[column]}.{text}")
            numeric = isinstance(value, int | float) and not isinstance(value, bool)
            dated = isinstance(value, pd.Timestamp | dt.date)
            css = (
                ' class="num"'
                if numeric
                else ' class="date"'
                if dated
                else ' class="code"'  # a translated status or rating: one short phrase
                if is_code
                else ""
            )
            cells.append(f"<td{css}>{escape(text)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return Table(
        f'{TABLE}<table class="pmtools-table"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def rag_chip(rag: str) -> str:
    """A rating (green, amber, red, none) as a coloured chip with its translated name."""
    return (
        f'<span style="display:inline-block;min-width:5.5em;text-align:center;padding:2px 8px;'
        f'border-radius:10px;color:#fff;font-weight:600;background:{RAG_COLOURS[rag]}">'
        f"{escape(t(f'status.rag.{rag}'))}</span>"
    )
