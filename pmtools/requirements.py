"""Requirements: MoSCoW summary, value/effort ranking, traceability and sign-off.

``value_per_effort = business_value / effort`` (value points per person-day)
ranks what to build first; rejected requirements and ``wont`` are left out of
the ranking. A requirement is *traced* when it names tasks in tasks.csv and
*tested* when it names test cases; ``delivered`` when all its tasks are
finished. Changes since sign-off are the requirements whose ``version`` is
newer than the latest signed version in signoff.csv (versions compare part by
part: 1.10 > 1.9).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from pmtools.model import Project
from pmtools.tables.requirements import PRIORITIES, REQUIREMENT_STATUSES, version_key

__all__ = [
    "SignoffState",
    "changes_since_signoff",
    "in_play",
    "moscow_summary",
    "requirements_frame",
    "signoff_state",
    "traceability",
    "value_effort",
]


def requirements_frame(project: Project) -> pd.DataFrame:
    """The requirements (ids as the index), or an empty frame with their columns."""
    if project.requirements is None:
        return pd.DataFrame(
            columns=[
                "title",
                "type",
                "priority",
                "status",
                "business_value",
                "effort",
                "version",
                "tasks",
                "tests",
            ]
        )
    return project.requirements


def moscow_summary(project: Project) -> pd.DataFrame:
    """Counts of requirements by priority (rows: must, should, could, wont) and status."""
    reqs = requirements_frame(project)
    table = pd.crosstab(reqs["priority"], reqs["status"]) if len(reqs) else pd.DataFrame()
    table = table.reindex(index=list(PRIORITIES), columns=list(REQUIREMENT_STATUSES), fill_value=0)
    table["total"] = table.sum(axis=1)
    return table.astype(int)


def in_play(reqs: pd.DataFrame) -> pd.Series:
    """True for requirements still in play: not rejected and not won't-have."""
    return ~reqs["status"].isin(("rejected",)) & (reqs["priority"] != "wont")


def value_effort(project: Project) -> pd.DataFrame:
    """Requirements still in play with value per person-day and a rank (1 = build first)."""
    reqs = requirements_frame(project)
    live = reqs[in_play(reqs)].copy()
    effort = live["effort"].astype(float)
    live["value_per_effort"] = live["business_value"].astype(float) / effort.where(effort > 0)
    order = live.sort_values(
        ["value_per_effort", "business_value"], ascending=[False, False], na_position="last"
    )
    live["rank"] = pd.Series(np.arange(1, len(order) + 1), index=order.index).reindex(live.index)
    return live


def traceability(project: Project, plan: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each requirement against its tasks and tests.

    Columns: title, priority, status, tasks, tests (lists), traced, tested,
    tasks_finished (how many of its tasks are finished), delivered (all
    finished), and gap (``untraced``, ``untested``, ``both`` or empty) for
    requirements still in play (not rejected, not won't). Gaps come first.
    """
    from pmtools.schedule import critical_path

    reqs = requirements_frame(project)
    columns = [
        "title",
        "priority",
        "status",
        "tasks",
        "tests",
        "traced",
        "tested",
        "tasks_finished",
        "delivered",
        "gap",
    ]
    if reqs.empty:
        return pd.DataFrame(columns=columns)
    plan = critical_path(project) if plan is None else plan
    finished = set(plan.index[plan["status"] == "finished"])
    out = reqs[["title", "priority", "status", "tasks", "tests"]].copy()
    out["traced"] = out["tasks"].map(bool)
    out["tested"] = out["tests"].map(bool)
    out["tasks_finished"] = out["tasks"].map(lambda ids: sum(i in finished for i in ids))
    out["delivered"] = out["traced"] & (out["tasks_finished"] == out["tasks"].map(len))
    playing = in_play(out)
    gap = np.select(
        [~out["traced"] & ~out["tested"], ~out["traced"], ~out["tested"]],
        ["both", "untraced", "untested"],
        default="",
    )
    out["gap"] = np.where(playing, gap, "")
    order = out["gap"].map({"both": 0, "untraced": 1, "untested": 2, "": 3})
    return out.assign(_order=order).sort_values("_order", kind="stable").drop(columns="_order")


@dataclass(frozen=True)
class SignoffState:
    """The latest signed version and what changed since (versions as text)."""

    signed_version: str | None
    signed_on: dt.date | None
    signed_by: str | None
    current_version: str | None
    changes: pd.DataFrame


def signoff_state(project: Project) -> SignoffState:
    """The latest sign-off and the requirements changed since it."""
    reqs = requirements_frame(project)
    versions = [v for v in reqs["version"].tolist() if v]
    current = max(versions, key=version_key) if versions else None
    signoff = project.signoff
    if signoff is None or signoff.empty:
        return SignoffState(None, None, None, current, reqs.iloc[0:0])
    keys = [version_key(v) for v in signoff["version"]]
    latest = signoff.iloc[max(range(len(keys)), key=keys.__getitem__)]
    signed = str(latest["version"])
    changed = reqs[reqs["version"].map(lambda v: bool(v) and version_key(v) > version_key(signed))]
    return SignoffState(
        signed,
        pd.Timestamp(latest["date"]).date() if pd.notna(latest["date"]) else None,
        str(latest["signed_by"]),
        current,
        changed,
    )


def changes_since_signoff(project: Project) -> pd.DataFrame:
    """Requirements whose version is newer than the latest signed-off version."""
    return signoff_state(project).changes
