"""Emergency management: drills due, the incident log, time to restore against the RTO, and
the follow-up actions still open.

- A scenario's next drill is due ``drill_every_days`` calendar days after its
  ``last_drill``. At the status date it is ``overdue`` (due before it),
  ``never`` (a cycle but never drilled), ``due`` (within ``DUE_WITHIN_DAYS``),
  ``ok`` or ``none`` (no cycle).
- Time to restore is ``end - start`` in hours. An incident without an ``end``
  is still open: its hours run to the end of the status date. It met its
  target when it was restored within its scenario's ``rto_hours``.
- Follow-up actions are the ``actions.csv`` rows an incident names; an action
  is open while ``open`` or ``in-progress`` and overdue when its ``due`` date
  is before the status date.
"""

from __future__ import annotations

import pandas as pd

from pmtools.model import Attention, Project
from pmtools.tables.emergency import SEVERITIES

__all__ = [
    "DUE_WITHIN_DAYS",
    "RECENT_DAYS",
    "attention",
    "drill_schedule",
    "follow_ups",
    "incident_log",
    "incidents_by_month",
    "restore_summary",
]

#: A drill due within this many calendar days after the status date is "due".
DUE_WITHIN_DAYS = 14
#: Incidents that started this many calendar days before the status date count as recent.
RECENT_DAYS = 30

_DRILL_COLUMNS = [
    "scenario",
    "owner",
    "backup_owner",
    "last_drill",
    "drill_every_days",
    "next_drill",
    "days_until",
    "drill_state",
    "rto_hours",
    "rpo_hours",
]
_LOG_COLUMNS = [
    "title",
    "severity",
    "start",
    "end",
    "open",
    "hours_to_restore",
    "scenario",
    "rto_hours",
    "met_rto",
    "actions",
    "open_actions",
]
_OPEN_ACTIONS = ("open", "in-progress")


def _end_of_status_day(project: Project) -> pd.Timestamp:
    return pd.Timestamp(project.status_date) + pd.Timedelta(days=1)


def drill_schedule(project: Project) -> pd.DataFrame:
    """One row per contingency scenario (index id), most urgent first: scenario, owner,
    backup_owner, last_drill, drill_every_days, next_drill (NaT when unknown), days_until
    (calendar days from the status date; negative = overdue), drill_state, rto_hours,
    rpo_hours. Empty without contingency.csv."""
    table = project.table("contingency.csv")
    if table is None or table.empty:
        return pd.DataFrame(columns=_DRILL_COLUMNS, index=pd.Index([], name="id"))
    day = pd.Timestamp(project.status_date)
    frame = table[[c for c in _DRILL_COLUMNS if c in table.columns]].copy()
    every = frame["drill_every_days"]
    frame["next_drill"] = frame["last_drill"] + pd.to_timedelta(every, unit="D")
    frame["days_until"] = (frame["next_drill"] - day).dt.days.astype(float)
    state = pd.Series("ok", index=frame.index, dtype=object)
    state[frame["days_until"] <= DUE_WITHIN_DAYS] = "due"
    state[frame["days_until"] < 0] = "overdue"
    state[every.notna() & frame["last_drill"].isna()] = "never"
    state[every.isna()] = "none"
    frame["drill_state"] = state
    order = {"overdue": 0, "never": 1, "due": 2, "ok": 3, "none": 4}
    frame["_o"] = frame["drill_state"].map(order)
    frame = frame.sort_values(["_o", "days_until"], kind="stable").drop(columns="_o")
    return frame[_DRILL_COLUMNS]


def incident_log(project: Project) -> pd.DataFrame:
    """One row per incident (index id), latest first: title, severity, start, end, open
    (not restored yet), hours_to_restore (to the end of the status date while open),
    scenario, rto_hours (the scenario's target, NaN without one), met_rto (True/False,
    None while open or without a target), actions (ids) and open_actions (how many of
    them are still open). Empty without incidents.csv."""
    table = project.table("incidents.csv")
    if table is None or table.empty:
        return pd.DataFrame(columns=_LOG_COLUMNS, index=pd.Index([], name="id"))
    log = table[["title", "severity", "start", "end", "scenario", "actions"]].copy()
    log["open"] = log["end"].isna()
    until = log["end"].fillna(_end_of_status_day(project))
    log["hours_to_restore"] = ((until - log["start"]).dt.total_seconds() / 3600).clip(lower=0)
    scenarios = project.table("contingency.csv")
    targets = scenarios["rto_hours"] if scenarios is not None else pd.Series(dtype=float)
    log["rto_hours"] = log["scenario"].map(targets).astype(float)
    known = ~log["open"] & log["rto_hours"].notna()
    met = log["hours_to_restore"] <= log["rto_hours"] + 1e-9
    log["met_rto"] = [bool(m) if k else None for m, k in zip(met, known, strict=True)]
    status = project.actions["status"] if project.actions is not None else pd.Series(dtype=object)
    log["open_actions"] = log["actions"].map(
        lambda ids: sum(1 for i in ids if status.get(i) in _OPEN_ACTIONS)
    )
    return log.sort_values("start", ascending=False)[_LOG_COLUMNS]


def incidents_by_month(project: Project) -> pd.DataFrame:
    """Incidents started per calendar month (index: the month's first day, every month from
    the first incident to the status date's) and severity (columns critical, high, medium,
    low), counts. Empty without incidents."""
    log = incident_log(project)
    if log.empty:
        return pd.DataFrame(columns=list(SEVERITIES))
    month = log["start"].dt.to_period("M")
    counts = pd.crosstab(month, log["severity"]).reindex(columns=list(SEVERITIES), fill_value=0)
    last = max(month.max(), pd.Period(project.status_date, "M"))
    months = pd.period_range(month.min(), last, freq="M")
    counts = counts.reindex(months, fill_value=0)
    counts.index = months.to_timestamp()
    counts.index.name = "month"
    return counts


def restore_summary(project: Project) -> dict[str, int]:
    """Counts for the headline: incidents, open, restored within and beyond their RTO,
    restored without a target."""
    log = incident_log(project)
    met = log["met_rto"]
    return {
        "incidents": len(log),
        "open": int(log["open"].sum()),
        "met": int((met == True).sum()),  # noqa: E712 (None means no verdict)
        "missed": int((met == False).sum()),  # noqa: E712
        "no_target": int((~log["open"] & log["rto_hours"].isna()).sum()),
    }


def follow_ups(project: Project) -> pd.DataFrame:
    """The actions.csv rows named by incidents that are still open or in progress (index
    action id): action, owner, due, status, incidents (ids naming it), days_overdue
    (calendar days past due at the status date; NaN when not overdue). Most overdue first."""
    columns = ["action", "owner", "due", "status", "incidents", "days_overdue"]
    log = incident_log(project)
    actions = project.actions
    if log.empty or actions is None or actions.empty:
        return pd.DataFrame(columns=columns, index=pd.Index([], name="id"))
    named: dict[str, list[str]] = {}
    for incident, ids in log["actions"].items():
        for action in ids:
            named.setdefault(action, []).append(str(incident))
    rows = actions[actions.index.isin(list(named)) & actions["status"].isin(_OPEN_ACTIONS)].copy()
    rows["incidents"] = [sorted(named[i]) for i in rows.index]
    day = pd.Timestamp(project.status_date)
    late = (day - rows["due"]).dt.days.astype(float)
    rows["days_overdue"] = late.where(late > 0)
    rows = rows.sort_values(["days_overdue", "due"], ascending=[False, True], na_position="last")
    return rows[columns]


def attention(project: Project) -> list[Attention]:
    """What the contingency plans and the incident log say needs attention now.

    Red: a critical or high incident not restored yet. Amber: a drill overdue or never
    held, an incident of the last ``RECENT_DAYS`` days restored later than its RTO,
    follow-up actions overdue.
    """
    found: list[Attention] = []
    log = incident_log(project)
    serious = log[log["open"] & log["severity"].isin(("critical", "high"))]
    for incident, row in serious.iterrows():
        values = {"id": incident, "title": row["title"], "hours": f"{row['hours_to_restore']:.0f}"}
        found.append(Attention("emergency", "red", "emergency.attention.open", values))
    drills = drill_schedule(project)
    for scenario, row in drills[drills["drill_state"].isin(("overdue", "never"))].iterrows():
        key = f"emergency.attention.drill_{row['drill_state']}"
        days = 0 if pd.isna(row["days_until"]) else int(-row["days_until"])
        values = {"id": scenario, "scenario": row["scenario"], "days": days}
        found.append(Attention("emergency", "amber", key, values))
    since = pd.Timestamp(project.status_date) - pd.Timedelta(days=RECENT_DAYS)
    missed = log[(log["met_rto"] == False) & (log["start"] >= since)]  # noqa: E712
    for incident, row in missed.iterrows():
        values = {
            "id": incident,
            "title": row["title"],
            "hours": f"{row['hours_to_restore']:.1f}",
            "rto": f"{row['rto_hours']:g}",
        }
        found.append(Attention("emergency", "amber", "emergency.attention.rto", values))
    late = follow_ups(project)
    late = late[late["days_overdue"].notna()]
    if not late.empty:
        values = {"count": len(late), "ids": ", ".join(map(str, late.index))}
        found.append(Attention("emergency", "amber", "emergency.attention.actions", values))
    return found
