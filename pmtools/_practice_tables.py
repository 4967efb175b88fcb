"""Parse and validate the practice files: sprints, burndown, retro notes, actions,
time-phased costs and the decision log.

Each table is described by a small schema (column -> kind) and checked like
``tasks.csv``: every bad cell is a Problem naming file, row and column.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from pmtools._tables import TableChecker
from pmtools.errors import Problem
from pmtools.model import TableFile

__all__ = ["PRACTICE_SCHEMAS", "Schema", "parse_table"]

RETRO_CATEGORIES = ("went-well", "to-improve", "idea", "kudos")
ACTION_STATUSES = ("open", "in-progress", "done", "dropped")
DECISION_STATUSES = ("open", "decided", "deferred", "withdrawn")


@dataclass(frozen=True)
class Schema:
    """Columns of one file: kinds are id, sprint, task, text, date, number, or a tuple of
    choices (the first is the default for an empty cell)."""

    file: str
    columns: dict[str, str | tuple[str, ...]]
    required: tuple[str, ...]
    index: str | None = None  # the id column, unique


PRACTICE_SCHEMAS = {
    "sprints.csv": Schema(
        "sprints.csv",
        {
            "sprint": "id",
            "name": "text",
            "start": "date",
            "end": "date",
            "committed": "number",
            "completed": "number",
            "added": "number",
            "goal": "text",
        },
        ("sprint", "start", "end", "committed"),
        index="sprint",
    ),
    "burndown.csv": Schema(
        "burndown.csv",
        {"sprint": "sprint", "date": "date", "remaining": "number"},
        ("sprint", "date", "remaining"),
    ),
    "retro.csv": Schema(
        "retro.csv",
        {
            "sprint": "sprint",
            "category": RETRO_CATEGORIES,
            "note": "text",
            "votes": "number",
            "author": "text",
        },
        ("sprint", "category", "note"),
    ),
    "actions.csv": Schema(
        "actions.csv",
        {
            "id": "id",
            "action": "text",
            "owner": "text",
            "due": "date",
            "status": ACTION_STATUSES,
            "sprint": "sprint",
            "closed": "date",
        },
        ("id", "action"),
        index="id",
    ),
    "costs.csv": Schema(
        "costs.csv",
        {
            "date": "date",
            "task": "task",
            "amount": "number",
            "category": "text",
            "description": "text",
        },
        ("date", "amount"),
    ),
    "decisions.csv": Schema(
        "decisions.csv",
        {
            "id": "id",
            "decision": "text",
            "owner": "text",
            "needed_by": "date",
            "status": DECISION_STATUSES,
            "outcome": "text",
            "raised": "date",
        },
        ("id", "decision"),
        index="id",
    ),
}


def parse_table(
    schema: Schema,
    frame: pd.DataFrame,
    layout: TableFile,
    problems: list[Problem],
    *,
    sprints: set[str] | None = None,
    tasks: set[str] | None = None,
) -> pd.DataFrame:
    """A typed frame for ``schema``; ``sprint`` columns must name a sprint in sprints.csv
    and ``task`` columns a task in tasks.csv (an empty cell is allowed)."""
    check = TableChecker(schema.file, frame, problems)
    if layout.columns:
        check.require_columns(schema.required, layout.columns)
    out = pd.DataFrame(index=frame.index)
    for column, kind in schema.columns.items():
        if isinstance(kind, tuple):
            out[column] = check.choice(column, kind, kind[0])
        elif kind == "id":
            out[column] = check.ids(column)
        elif kind == "date":
            out[column] = check.date(column)
        elif kind == "number":
            out[column] = check.number(column)
        elif kind == "sprint":
            text = check.cells(column)
            if sprints is not None and check.has(column):
                unknown = (text != "") & ~text.isin(sprints)
                check.report(unknown, column, "sprint.unknown")
            out[column] = text
        elif kind == "task":
            text = check.cells(column)
            if tasks is not None and check.has(column):
                check.report((text != "") & ~text.isin(tasks), column, "task.unknown")
            out[column] = text
        else:
            out[column] = check.cells(column)
        if column in schema.required and check.has(column) and kind not in ("id",):
            check.report(check.cells(column) == "", column, "risk.value.empty")
    if "start" in out.columns and "end" in out.columns:
        backwards = (out["end"] < out["start"]).fillna(False)
        check.report(
            backwards, "end", "sprint.end_before_start", per_row={"start": check.cells("start")}
        )
    for column in frame.columns:  # a PM's own columns are kept
        if column not in out.columns and column != "_row":
            out[column] = frame[column]
    out["_row"] = frame["_row"]
    return out
