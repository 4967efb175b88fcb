"""Parse and validate ``requirements.csv`` and ``signoff.csv`` into typed frames.

Called by ``pmtools.io`` while loading a project; every bad cell becomes a
Problem located by file, row and column, like ``tasks.csv``.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from pmtools._tables import TableChecker
from pmtools.errors import Problem
from pmtools.model import TableFile

__all__ = [
    "REQUIREMENTS_FILE",
    "REQUIREMENT_COLUMNS",
    "SIGNOFF_COLUMNS",
    "SIGNOFF_FILE",
    "parse_requirements",
    "parse_signoff",
    "version_key",
]

REQUIREMENTS_FILE = "requirements.csv"
SIGNOFF_FILE = "signoff.csv"
REQUIREMENT_COLUMNS = (
    "id",
    "title",
    "description",
    "type",
    "category",
    "priority",
    "business_value",
    "effort",
    "source",
    "acceptance_criteria",
    "status",
    "version",
    "tasks",
    "tests",
    "raised",
)
SIGNOFF_COLUMNS = ("version", "date", "signed_by", "role", "organisation", "comment")
REQUIREMENT_TYPES = ("functional", "non-functional")
PRIORITIES = ("must", "should", "could", "wont")
REQUIREMENT_STATUSES = ("proposed", "approved", "rejected", "changed", "done")
_VERSION = re.compile(r"^\d+(\.\d+)*$")


def version_key(version: str) -> tuple[int, ...]:
    """``"1.10"`` -> ``(1, 10)``: versions compare part by part, not as text."""
    return tuple(int(part) for part in version.split(".")) if _VERSION.match(version) else ()


def _version(check: TableChecker, column: str, *, required: bool) -> pd.Series:
    text = check.cells(column)
    bad = (text != "") & ~text.str.match(_VERSION.pattern)
    check.report(bad, column, "version.invalid")
    if required:
        check.report(text == "", column, "risk.value.empty")
    return text.where(~bad, "")


def parse_requirements(
    frame: pd.DataFrame,
    layout: TableFile,
    problems: list[Problem],
    *,
    task_ids: set[str],
) -> pd.DataFrame:
    """The requirements as a typed frame in file order (ids as a column)."""
    check = TableChecker(REQUIREMENTS_FILE, frame, problems)
    if layout.columns:
        check.require_columns(("id", "title", "priority"), layout.columns)
    out = pd.DataFrame(index=frame.index)
    out["id"] = check.ids("id")
    out["title"] = check.cells("title")
    if check.has("title"):
        check.report(out["title"] == "", "title", "risk.value.empty")
    for column in ("description", "category", "source", "acceptance_criteria"):
        out[column] = check.cells(column)
    out["type"] = check.choice(
        "type",
        REQUIREMENT_TYPES,
        "functional",
        ignore="'",
        aliases={"nonfunctional": "non-functional"},
    )
    out["priority"] = check.choice("priority", PRIORITIES, "should", ignore="'")
    out["status"] = check.choice("status", REQUIREMENT_STATUSES, "proposed", ignore="'")
    value = check.number("business_value")
    bad_value = value.notna() & ((value < 1) | (value > 10) | (value != np.floor(value)))
    check.report(bad_value, "business_value", "requirement.value.invalid")
    out["business_value"] = value.where(~bad_value)
    out["effort"] = check.number("effort")
    out["version"] = _version(check, "version", required=False)
    out["tasks"] = check.id_list("tasks")
    out["tests"] = check.id_list("tests")
    for ids, row in zip(out["tasks"].tolist(), check.rows.tolist(), strict=True):
        for task in ids:
            if task not in task_ids:
                problems.append(
                    Problem(REQUIREMENTS_FILE, row, "tasks", "risk.task.unknown", {"found": task})
                )
    out["raised"] = check.date("raised")
    for column in frame.columns:  # a PM's own columns are kept
        if column not in out.columns and column not in REQUIREMENT_COLUMNS and column != "_row":
            out[column] = frame[column]
    out["_row"] = frame["_row"]
    return out


def parse_signoff(frame: pd.DataFrame, layout: TableFile, problems: list[Problem]) -> pd.DataFrame:
    """The sign-off record: who signed which requirements version on which date."""
    check = TableChecker(SIGNOFF_FILE, frame, problems)
    if layout.columns:
        check.require_columns(("version", "date", "signed_by"), layout.columns)
    out = pd.DataFrame(index=frame.index)
    out["version"] = _version(check, "version", required=True)
    out["date"] = check.date("date")
    if check.has("date"):
        check.report(check.cells("date") == "", "date", "risk.value.empty")
    for column in ("signed_by", "role", "organisation", "comment"):
        out[column] = check.cells(column)
    if check.has("signed_by"):
        check.report(out["signed_by"] == "", "signed_by", "risk.value.empty")
    out["_row"] = frame["_row"]
    return out
