"""The checker: runs a ``TableSpec`` declaration over a file's text cells.

Columns are parsed in declaration order with ``TableChecker`` (one ``Problem``
per bad cell), then the declaration's row rules run; a PM's own extra columns
are kept as text.
"""

from __future__ import annotations

import pandas as pd

from pmtools.errors import Problem
from pmtools.model import TableFile
from pmtools.tables._checker import TableChecker
from pmtools.tables._spec import MAX_AMOUNT, Column, Context, TableSpec

__all__ = ["TableChecker", "check_table", "parse_column"]


# -- running a declaration -------------------------------------------------------------------


def parse_column(check: TableChecker, column: Column, context: Context, out: pd.DataFrame) -> None:
    """Parse one declared column into ``out[column.name]``, reporting every bad cell."""
    name, kind = column.name, column.kind
    if kind == "custom":
        assert column.parse is not None
        column.parse(check, column, context, out)
        return
    if kind == "id":  # a missing id column is reported once, as missing, not per row
        out[name] = check.ids(name) if check.has(name) else check.cells(name)
    elif kind == "date":
        out[name] = check.date(name)
    elif kind in ("number", "whole"):
        out[name] = check.number(
            name,
            whole=kind == "whole",
            code=column.code or "",
            low=None if column.signed else (column.low if column.low is not None else 0.0),
            high=column.high if column.high is not None else MAX_AMOUNT,
        )
    elif kind == "percent":
        out[name] = check.percent(name)
    elif kind == "choice":
        default = column.default if column.default is not None else column.choices[0]
        value = check.choice(
            name,
            column.choices,
            default,
            code=column.code or "choice.invalid",
            ignore=column.ignore,
            aliases=dict(column.aliases),
        )
        if column.default is None:  # an empty cell stays empty
            value = value.where(check.cells(name) != "", "")
        out[name] = value
    elif kind == "ref":
        text = check.cells(name)
        known = context.ids.get(column.refers_to or "")
        if known is not None and check.has(name):
            check.report((text != "") & ~text.isin(known), name, column.code or "ref.unknown")
        out[name] = text
    elif kind == "id_list":
        lists = check.id_list(name)
        known = context.ids.get(column.refers_to or "")
        if known is not None and check.has(name):
            for ids, row in zip(lists.tolist(), check.rows.tolist(), strict=True):
                for item in ids:
                    if item not in known:
                        check.problems.append(
                            Problem(
                                check.file,
                                row,
                                name,
                                column.code or "ref.unknown",
                                {"found": item},
                            )
                        )
        out[name] = lists
    else:
        out[name] = check.cells(name)
    if column.not_empty and check.has(name) and kind != "id":
        check.report(check.cells(name) == "", name, "risk.value.empty")


def check_table(
    spec: TableSpec,
    frame: pd.DataFrame,
    layout: TableFile,
    problems: list[Problem],
    context: Context,
) -> pd.DataFrame:
    """The typed frame of one file as ``spec`` declares it; every problem appended.

    Columns are parsed in declaration order, then the row rules run; a PM's own
    extra columns are kept as text; ``_row`` holds the spreadsheet row numbers.
    """
    check = TableChecker(spec.file, frame, problems)
    check.decimal_comma = layout.delimiter == ";"
    if layout.columns:
        check.require_columns(spec.required_columns, layout.columns, declared=spec.column_names)
    out = pd.DataFrame(index=frame.index)
    for column in spec.columns:
        parse_column(check, column, context, out)
    for rule in spec.rules:
        rule(check, out, context)
    check.finish()
    declared = set(spec.column_names) | set(spec.derived)
    for name in frame.columns:  # a PM's own columns are kept
        if name not in out.columns and name not in declared and name != "_row":
            out[name] = frame[name]
    out["_row"] = frame["_row"]
    return out
