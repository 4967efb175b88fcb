"""Parse and validate ``risks.csv`` (the risk register) into a typed frame.

Called by ``pmtools.io`` while loading a project; every bad cell becomes a
Problem located by row and column, like ``tasks.csv``.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from pmtools._tables import TableChecker
from pmtools.errors import Problem
from pmtools.model import (
    REQUIRED_RISK_COLUMNS,
    RISK_COLUMNS,
    RISK_STATUSES,
    RISK_STRATEGIES,
    RISK_TYPES,
    RiskScale,
    TableFile,
)

__all__ = ["RISKS_FILE", "parse_risks"]

RISKS_FILE = "risks.csv"
_SCHEDULE = ("schedule_min", "schedule_most_likely", "schedule_max")


def _levels(check: TableChecker, column: str, scale: RiskScale) -> pd.Series:
    """Whole levels 1..scale.levels (NaN where empty); anything else is reported."""
    text = check.cells(column)
    values = pd.to_numeric(text.where(text != ""), errors="coerce")
    bad = (text != "") & (
        values.isna() | (values < 1) | (values > scale.levels) | (values != np.floor(values))
    )
    check.report(bad, column, "risk.level.invalid", levels=scale.levels)
    return values.where(~bad)


def _probability(check: TableChecker, scale: RiskScale) -> tuple[pd.Series, pd.Series]:
    """Probability level and chance (0..1): a level 1..N, or a percentage such as ``35%``."""
    text = check.cells("probability")
    is_percent = text.str.endswith("%")
    percent = pd.to_numeric(text.where(is_percent).str.rstrip("%"), errors="coerce") / 100
    level_text = text.where(~is_percent, "")
    levels = pd.to_numeric(level_text.where(level_text != ""), errors="coerce")
    bad_level = (level_text != "") & (
        levels.isna() | (levels < 1) | (levels > scale.levels) | (levels != np.floor(levels))
    )
    bad_percent = is_percent & (percent.isna() | (percent <= 0) | (percent > 1))
    check.report(
        bad_level | bad_percent, "probability", "risk.probability.invalid", levels=scale.levels
    )
    check.report(text == "", "probability", "risk.value.empty")
    chances = np.asarray(scale.probability, dtype=float)
    levels = levels.where(~bad_level)
    chance = levels.map(lambda v: chances[int(v) - 1] if pd.notna(v) else np.nan)
    chance = chance.where(~is_percent, percent)
    # a percentage sits at the level whose chance is nearest
    nearest = percent.map(
        lambda p: float(np.abs(chances - p).argmin() + 1) if pd.notna(p) else np.nan
    )
    level = levels.where(~is_percent, nearest)
    bad = bad_level | bad_percent
    return level.where(~bad), chance.where(~bad).astype(float)


def parse_risks(
    frame: pd.DataFrame,
    layout: TableFile,
    problems: list[Problem],
    *,
    scale: RiskScale,
    task_ids: set[str],
    summary_ids: set[str],
    status_date: dt.date | None = None,
) -> pd.DataFrame:
    """The risk register as a typed frame in file order (ids as a column)."""
    check = TableChecker(RISKS_FILE, frame, problems)
    if layout.columns:
        check.require_columns(REQUIRED_RISK_COLUMNS, layout.columns)
    out = pd.DataFrame(index=frame.index)
    out["id"] = check.ids("id")
    title = check.cells("title")
    if check.has("title"):
        check.report(title == "", "title", "risk.value.empty")
    out["title"] = title
    out["type"] = check.choice("type", RISK_TYPES, "threat", code="risk.type.invalid")
    for column in ("category", "cause", "effect", "trigger", "owner", "response"):
        out[column] = check.cells(column)
    out["probability"], out["chance"] = _probability(check, scale)
    out["impact"] = _levels(check, "impact", scale)
    if check.has("impact"):
        check.report(check.cells("impact") == "", "impact", "risk.value.empty")
    for column in ("residual_probability", "residual_impact"):
        out[column] = _levels(check, column, scale)
    # schedule impact: three-point estimate in working days on linked tasks
    given = pd.DataFrame({c: check.cells(c) != "" for c in _SCHEDULE})
    count = given.sum(axis=1)
    partial = (count > 0) & (count < 3)
    names = given.apply(lambda r: ", ".join(c for c in _SCHEDULE if r[c]), axis=1)
    check.report(partial, "schedule_min", "risk.schedule.incomplete", per_row={"given": names})
    for column in _SCHEDULE:
        out[column] = check.number(column)
    low, mode, high = (out[c] for c in _SCHEDULE)
    disorder = ((low > mode) | (mode > high)).fillna(False)
    check.report(
        disorder,
        "schedule_most_likely",
        "risk.schedule.order",
        per_row={c: check.cells(c) for c in _SCHEDULE},
    )
    linked = check.id_list("tasks")
    for pos, (ids, row) in enumerate(zip(linked.tolist(), check.rows.tolist(), strict=True)):
        for task in ids:
            if task not in task_ids:
                problems.append(
                    Problem(RISKS_FILE, row, "tasks", "risk.task.unknown", {"found": task})
                )
            elif task in summary_ids:
                problems.append(
                    Problem(RISKS_FILE, row, "tasks", "risk.task.summary", {"found": task})
                )
        if count.iloc[pos] == 3 and not ids:
            problems.append(Problem(RISKS_FILE, row, "tasks", "risk.tasks.missing"))
    out["tasks"] = linked
    out["cost_impact"] = check.number("cost_impact")
    strategy = check.cells("strategy").str.lower()
    allowed = out["type"].map(lambda k: RISK_STRATEGIES[k])
    bad_strategy = (strategy != "") & ~pd.Series(
        [s in a for s, a in zip(strategy, allowed, strict=True)], index=strategy.index, dtype=bool
    )
    check.report(
        bad_strategy,
        "strategy",
        "risk.strategy.invalid",
        per_row={"expected": allowed.map(", ".join)},
    )
    out["strategy"] = strategy.where(~bad_strategy, "")
    out["status"] = check.choice("status", RISK_STATUSES, "open", code="risk.status.invalid")
    for column in ("response_due", "raised"):
        out[column] = check.date(column)
    threat = out["type"] == "threat"
    for residual, current in (
        ("residual_probability", "probability"),
        ("residual_impact", "impact"),
    ):
        higher = threat & (out[residual] > out[current]).fillna(False)
        check.report(
            higher, residual, "risk.residual.higher", per_row={"current": check.cells(current)}
        )
    early_due = (out["response_due"] < out["raised"]).fillna(False)
    check.report(
        early_due,
        "response_due",
        "risk.due_before_raised",
        per_row={"raised": check.cells("raised")},
    )
    if status_date is not None:
        future = (out["raised"] > pd.Timestamp(status_date)).fillna(False)
        check.report(
            future, "raised", "actual.after_status_date", status_date=status_date.isoformat()
        )
    for column in frame.columns:  # a PM's own columns are kept
        if column not in out.columns and column not in RISK_COLUMNS and column != "_row":
            out[column] = frame[column]
    out["_row"] = frame["_row"]
    return out
