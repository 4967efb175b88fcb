"""Stakeholders and communication: the power/interest grid, engagement gaps, the
communication calendar, overdue messages and the cadence check.

Definitions (stakeholders.csv and communications.csv, dates at the project's status
date):

- Quadrant (Mendelow's power/interest grid): interest and influence are levels 1..5,
  ``HIGH`` (3) or more counts as high. High influence and high interest: *manage
  closely*; high influence only: *keep satisfied*; high interest only: *keep informed*;
  neither: *monitor*.
- Engagement (the PMBOK stakeholder engagement assessment matrix): unaware (1) <
  resistant (2) < neutral (3) < supportive (4) < leading (5). The gap is desired minus
  current, in levels (NaN when either is missing); a positive gap needs work.
- A communication is due ``frequency`` after ``last_sent``: daily = the next working
  day of the project calendar, weekly = 7 days, biweekly = 14, monthly = the same day
  next month, quarterly = three months, ``every N days`` = N, per-sprint = the next
  sprint end in sprints.csv (14 days without it). A ``next_due`` later than
  ``last_sent`` overrides this. Never sent and without ``next_due``: due one period
  after the project start. ``once``: due on ``next_due``, done once sent. A
  communication is *overdue* when it was due before the status date (days_overdue in
  calendar days); *due* when it falls due within the next 7 days.
- Cadence check: every stakeholder named in communications.csv should hear from the
  project at least every ``CADENCE_DAYS[quadrant]`` days (manage closely 14, keep
  satisfied and keep informed 31, monitor 92); their most frequent communication's
  nominal period (daily 1, weekly 7, biweekly 14, monthly 30, quarterly 91, per-sprint
  the median spacing of sprint ends, every N days N; once: none) is compared with it.

Empty or missing files give empty frames (and no attention items), never zeros.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from pmtools.i18n import t
from pmtools.model import Attention, Project
from pmtools.tables.stakeholders import ENGAGEMENT_LEVELS, EVERY_DAYS, MEETING_CHANNELS

__all__ = [
    "CADENCE_DAYS",
    "DUE_SOON_DAYS",
    "HIGH",
    "QUADRANTS",
    "StakeholderSummary",
    "attention",
    "cadence_check",
    "communication_calendar",
    "communication_plan",
    "communications_overdue",
    "engagement_matrix",
    "name_list",
    "next_send",
    "nominal_days",
    "stakeholder_register",
    "stakeholder_summary",
]

#: Interest or influence from this level up counts as high on the grid.
HIGH = 3
#: Quadrants of the power/interest grid, the most attention first.
QUADRANTS = ("manage-closely", "keep-satisfied", "keep-informed", "monitor")
#: How often (calendar days at most) each quadrant should hear from the project.
CADENCE_DAYS = {"manage-closely": 14, "keep-satisfied": 31, "keep-informed": 31, "monitor": 92}
#: "Due" means due within this many days from the status date.
DUE_SOON_DAYS = 7
_SPRINT_FALLBACK_DAYS = 14
_LEVEL = {name: i + 1 for i, name in enumerate(ENGAGEMENT_LEVELS)}
_REGISTER_COLUMNS = [
    "name",
    "role",
    "organisation",
    "interest",
    "influence",
    "quadrant",
    "current_engagement",
    "desired_engagement",
    "current_level",
    "desired_level",
    "gap_levels",
    "attitude",
    "needs",
    "owner",
]
_PLAN_COLUMNS = [
    "audience",
    "information",
    "channel",
    "kind",
    "frequency",
    "owner",
    "last_sent",
    "due",
    "state",
    "days_overdue",
    "stakeholders",
]


def _empty(columns: list[str], index: str = "id") -> pd.DataFrame:
    return pd.DataFrame(columns=columns, index=pd.Index([], name=index))


def _quadrant(interest: float, influence: float) -> str:
    if pd.isna(interest) or pd.isna(influence):
        return ""
    high_interest, high_influence = interest >= HIGH, influence >= HIGH
    if high_influence:
        return "manage-closely" if high_interest else "keep-satisfied"
    return "keep-informed" if high_interest else "monitor"


def stakeholder_register(project: Project) -> pd.DataFrame:
    """The stakeholders with their quadrant and engagement gap, most attention first.

    Index: stakeholder id. Columns: name, role, organisation, interest, influence
    (levels 1..5), quadrant (``QUADRANTS``), current_engagement, desired_engagement,
    current_level, desired_level (1..5, NaN when not given), gap_levels (desired_level -
    current_level in levels, NaN when either is missing), attitude, needs, owner.
    Sorted by quadrant, then influence and interest, highest first. Empty without
    stakeholders.csv.
    """
    table = project.table("stakeholders.csv")
    if table is None or table.empty:
        return _empty(_REGISTER_COLUMNS)
    frame = table.reindex(columns=[c for c in _REGISTER_COLUMNS if c in table.columns]).copy()
    for column in ("role", "organisation", "current_engagement", "desired_engagement"):
        if column not in frame.columns:
            frame[column] = ""
    frame["quadrant"] = [
        _quadrant(i, f) for i, f in zip(frame["interest"], frame["influence"], strict=True)
    ]
    frame["current_level"] = frame["current_engagement"].map(_LEVEL).astype(float)
    frame["desired_level"] = frame["desired_engagement"].map(_LEVEL).astype(float)
    frame["gap_levels"] = frame["desired_level"] - frame["current_level"]
    order = {q: i for i, q in enumerate(QUADRANTS)}
    frame["_q"] = frame["quadrant"].map(order).fillna(len(order))
    frame = frame.sort_values(
        ["_q", "influence", "interest"], ascending=[True, False, False], kind="stable"
    )
    return (
        frame.drop(columns="_q")
        .reindex(columns=_REGISTER_COLUMNS)
        .fillna({c: "" for c in ("role", "organisation", "attitude", "needs", "owner")})
    )


def engagement_matrix(project: Project) -> pd.DataFrame:
    """The engagement assessment matrix: one row per stakeholder (index id) with name and a
    column per engagement level holding ``C`` (current), ``D`` (desired) or ``C D``, and
    gap_levels."""
    register = stakeholder_register(project)
    columns = ["name", *ENGAGEMENT_LEVELS, "gap_levels"]
    if register.empty:
        return _empty(columns)
    rows = {}
    for sid, row in register.iterrows():
        marks = dict.fromkeys(ENGAGEMENT_LEVELS, "")
        for level, letter in ((row["current_engagement"], "C"), (row["desired_engagement"], "D")):
            if level in marks:
                marks[level] = f"{marks[level]} {letter}".strip()
        rows[sid] = {"name": row["name"], **marks, "gap_levels": row["gap_levels"]}
    frame = pd.DataFrame.from_dict(rows, orient="index").reindex(columns=columns)
    frame.index.name = "id"
    return frame


# -- communication dates ----------------------------------------------------------------------


def _sprint_ends(project: Project) -> list[dt.date]:
    sprints = project.sprints
    if sprints is None or sprints.empty:
        return []
    return sorted(d.date() for d in pd.to_datetime(sprints["end"]).dropna())


def next_send(project: Project, frequency: str, after: dt.date) -> dt.date | None:
    """The date a communication of ``frequency`` is due after one sent on ``after`` (None
    for ``once``, or per-sprint after the last sprint end)."""
    if frequency == "daily":
        day = after + dt.timedelta(days=1)
        for _ in range(31):
            if bool(project.calendar.is_workday(np.array([day], dtype="datetime64[D]"))[0]):
                return day
            day += dt.timedelta(days=1)
        return day
    fixed = {"weekly": 7, "biweekly": 14}
    if frequency in fixed:
        return after + dt.timedelta(days=fixed[frequency])
    if frequency in ("monthly", "quarterly"):
        months = 1 if frequency == "monthly" else 3
        return (pd.Timestamp(after) + pd.DateOffset(months=months)).date()
    every = EVERY_DAYS.match(frequency)
    if every:
        return after + dt.timedelta(days=int(every.group(1)))
    if frequency == "per-sprint":
        ends = _sprint_ends(project)
        if not ends:
            return after + dt.timedelta(days=_SPRINT_FALLBACK_DAYS)
        return next((end for end in ends if end > after), None)
    return None


def nominal_days(project: Project, frequency: str) -> float | None:
    """The typical gap in calendar days between two sends of ``frequency`` (None: once)."""
    fixed = {"daily": 1, "weekly": 7, "biweekly": 14, "monthly": 30, "quarterly": 91}
    if frequency in fixed:
        return float(fixed[frequency])
    every = EVERY_DAYS.match(frequency)
    if every:
        return float(every.group(1))
    if frequency == "per-sprint":
        ends = _sprint_ends(project)
        if len(ends) < 2:
            return float(_SPRINT_FALLBACK_DAYS)
        return float(np.median(np.diff(np.array(ends, dtype="datetime64[D]")).astype(int)))
    return None


def _date(value: Any) -> dt.date | None:
    if value is None or value == "" or pd.isna(value):
        return None
    return pd.Timestamp(value).date()


def _due(project: Project, row: pd.Series) -> tuple[dt.date | None, bool]:
    """(the date the communication is due, whether a one-off was already sent)."""
    frequency = row["frequency"]
    last, planned = _date(row["last_sent"]), _date(row.get("next_due"))
    if planned is not None and (last is None or planned > last):
        return planned, False
    if frequency == "once":
        return None, last is not None
    if last is None:
        return next_send(project, frequency, project.start), False
    return next_send(project, frequency, last), False


def communication_plan(project: Project) -> pd.DataFrame:
    """Every communication with the date it is due and its state at the status date.

    Index: communication id. Columns: audience, information, channel, kind (``meeting``
    or ``written``; empty without a channel), frequency, owner, last_sent, due (date or
    NaT), state (``overdue``, ``due`` within ``DUE_SOON_DAYS``, ``scheduled``, ``sent``
    for a one-off already sent, ``open`` when nothing is due: per-sprint after the last
    sprint), days_overdue (calendar days, NaN unless overdue), stakeholders (ids).
    """
    table = project.table("communications.csv")
    if table is None or table.empty:
        return _empty(_PLAN_COLUMNS)
    today = project.status_date
    rows = {}
    for cid, row in table.iterrows():
        due, sent = _due(project, row)
        if sent:
            state = "sent"
        elif due is None:
            state = "open"
        elif due < today:
            state = "overdue"
        elif due <= today + dt.timedelta(days=DUE_SOON_DAYS):
            state = "due"
        else:
            state = "scheduled"
        channel = row.get("channel", "") or ""
        rows[cid] = {
            "audience": row["audience"],
            "information": row["information"],
            "channel": channel,
            "kind": ("meeting" if channel in MEETING_CHANNELS else "written") if channel else "",
            "frequency": row["frequency"],
            "owner": row.get("owner", "") or "",
            "last_sent": row["last_sent"] if "last_sent" in row.index else pd.NaT,
            "due": pd.Timestamp(due) if due is not None else pd.NaT,
            "state": state,
            "days_overdue": float((today - due).days) if state == "overdue" and due else np.nan,
            "stakeholders": row.get("stakeholders", []) or [],
        }
    frame = pd.DataFrame.from_dict(rows, orient="index").reindex(columns=_PLAN_COLUMNS)
    frame.index.name = "id"
    frame["last_sent"] = pd.to_datetime(frame["last_sent"])
    frame["due"] = pd.to_datetime(frame["due"])
    frame["days_overdue"] = frame["days_overdue"].astype(float)
    return frame


def communications_overdue(project: Project) -> pd.DataFrame:
    """The overdue rows of ``communication_plan``, most overdue first."""
    plan = communication_plan(project)
    late = plan[plan["state"] == "overdue"]
    return late.sort_values("days_overdue", ascending=False, kind="stable")


def communication_calendar(project: Project, *, days: int = 42) -> pd.DataFrame:
    """The sends due from the status date through ``days`` calendar days after it, and the
    overdue ones at the date they were due.

    One row per send: id, label (``id · information``), date, overdue (True for a send
    due before the status date; an overdue communication's later sends are counted
    from the status date, as if it went out that day). Ordered by date, then id.
    """
    plan = communication_plan(project)
    columns = ["id", "label", "date", "overdue"]
    if plan.empty:
        return pd.DataFrame(columns=columns)
    today = project.status_date
    horizon = today + dt.timedelta(days=days)
    rows: list[dict[str, object]] = []
    for cid, row in plan.iterrows():
        if row["state"] in ("sent", "open"):
            continue
        label = f"{cid} · {row['information']}"
        due = row["due"].date()
        if row["state"] == "overdue":
            rows.append({"id": cid, "label": label, "date": due, "overdue": True})
            due = next_send(project, row["frequency"], today)
        while due is not None and due <= horizon:
            rows.append({"id": cid, "label": label, "date": due, "overdue": False})
            if row["frequency"] == "once":
                break
            due = next_send(project, row["frequency"], due)
    frame = pd.DataFrame(rows, columns=columns)
    if frame.empty:
        return frame
    frame["date"] = pd.to_datetime(frame["date"])
    return frame.sort_values(["date", "id"], kind="stable").reset_index(drop=True)


def cadence_check(project: Project) -> pd.DataFrame:
    """How often each stakeholder hears from the project against what their quadrant needs.

    Index: stakeholder id. Columns: name, quadrant, needed_days (``CADENCE_DAYS``),
    every_days (the shortest nominal period of the communications naming them, NaN when
    none recurs), via (that communication's information), communications (how many
    name them), state: ``ok``, ``too-rare`` (every_days > needed_days, or only one-off
    messages) or ``none`` (no communication names them). Worst first, then by quadrant.
    """
    register = stakeholder_register(project)
    columns = ["name", "quadrant", "needed_days", "every_days", "via", "communications", "state"]
    if register.empty:
        return _empty(columns)
    plan = communication_plan(project)
    reaches: dict[str, list[tuple[float, str]]] = {sid: [] for sid in register.index}
    for _, row in plan.iterrows():
        period = nominal_days(project, row["frequency"])
        for sid in row["stakeholders"]:
            if sid in reaches:
                reaches[sid].append((np.inf if period is None else period, row["information"]))
    rows = {}
    for sid, row in register.iterrows():
        needed = CADENCE_DAYS.get(row["quadrant"], CADENCE_DAYS["monitor"])
        found = sorted(reaches[str(sid)], key=lambda item: item[0])
        if not found:
            every, via, state = np.nan, "", "none"
        else:
            every, via = found[0]
            state = "ok" if every <= needed else "too-rare"
            every = every if np.isfinite(every) else np.nan
        rows[sid] = {
            "name": row["name"],
            "quadrant": row["quadrant"],
            "needed_days": float(needed),
            "every_days": every,
            "via": via,
            "communications": len(found),
            "state": state,
        }
    frame = pd.DataFrame.from_dict(rows, orient="index").reindex(columns=columns)
    frame.index.name = "id"
    rank = {"none": 0, "too-rare": 1, "ok": 2}
    quadrant = {q: i for i, q in enumerate(QUADRANTS)}
    frame["_s"] = frame["state"].map(rank)
    frame["_q"] = frame["quadrant"].map(quadrant).fillna(len(quadrant))
    return frame.sort_values(["_s", "_q"], kind="stable").drop(columns=["_s", "_q"])


# -- summary and attention --------------------------------------------------------------------


@dataclass(frozen=True)
class StakeholderSummary:
    """The headline counts of the stakeholder report.

    ``stakeholders``: rows in stakeholders.csv; ``by_quadrant``: count per quadrant;
    ``gaps``: stakeholders below the desired engagement (gap >= 1); ``big_gaps``: two
    levels or more; ``resistant``: influential (influence >= HIGH) stakeholders who are
    unaware or resistant while the project needs more; ``communications``: rows in
    communications.csv; ``overdue`` / ``due``: communications overdue / due within
    ``DUE_SOON_DAYS``; ``meetings_overdue``: overdue ones held as meetings;
    ``uncovered`` / ``too_rare``: stakeholders no communication names / reached less
    often than their quadrant needs.
    """

    stakeholders: int
    by_quadrant: dict[str, int]
    gaps: int
    big_gaps: int
    resistant: int
    communications: int
    overdue: int
    due: int
    meetings_overdue: int
    uncovered: int
    too_rare: int


def _resistant(register: pd.DataFrame) -> pd.DataFrame:
    low = register["current_level"] <= _LEVEL["resistant"]
    return register[(register["influence"] >= HIGH) & low & (register["gap_levels"] > 0)]


def stakeholder_summary(project: Project) -> StakeholderSummary | None:
    """The headline counts, or None without stakeholders.csv and communications.csv."""
    register = stakeholder_register(project)
    plan = communication_plan(project)
    if register.empty and plan.empty:
        return None
    cadence = cadence_check(project)
    quadrants = register["quadrant"].value_counts()
    overdue = plan[plan["state"] == "overdue"]
    return StakeholderSummary(
        stakeholders=len(register),
        by_quadrant={q: int(quadrants.get(q, 0)) for q in QUADRANTS},
        gaps=int((register["gap_levels"] >= 1).sum()),
        big_gaps=int((register["gap_levels"] >= 2).sum()),
        resistant=len(_resistant(register)),
        communications=len(plan),
        overdue=len(overdue),
        due=int((plan["state"] == "due").sum()),
        meetings_overdue=int((overdue["kind"] == "meeting").sum()),
        uncovered=int((cadence["state"] == "none").sum()) if not plan.empty else 0,
        too_rare=int((cadence["state"] == "too-rare").sum()),
    )


def name_list(names: Iterable[object], *, limit: int = 3, items: bool = False) -> str:
    """``"A, B, C"``, or ``"A, B, C and 2 more"`` beyond ``limit`` names, with the reader's
    separators (``items``: entries that contain commas themselves, separated by ``;``)."""
    parts = [str(n) for n in names]
    separator = t("stakeholders.list.items" if items else "stakeholders.list.names")
    shown = separator.join(parts[:limit])
    if len(parts) > limit:
        shown += t("stakeholders.more", count=len(parts) - limit)
    return shown


def attention(project: Project) -> list[Attention]:
    """What needs the PM now: influential stakeholders unaware or resistant (red), and
    communications overdue (red when one of them reaches a manage-closely stakeholder,
    else amber). Engagement gaps and the cadence check are planning matters: they are in
    the report's headline, not here."""
    register = stakeholder_register(project)
    items: list[Attention] = []
    if not register.empty:
        resistant = _resistant(register)
        if len(resistant):
            items.append(
                Attention(
                    "stakeholders",
                    "red",
                    "stakeholders.attention.resistant",
                    {"count": len(resistant), "names": name_list(resistant["name"])},
                )
            )
    late = communications_overdue(project)
    if len(late):
        key = set(register.index[register["quadrant"] == "manage-closely"])
        reaching = int(late["stakeholders"].map(lambda ids: bool(key & set(ids))).sum())
        described = [
            t("stakeholders.attention.item", what=row["information"], days=row["days_overdue"])
            for _, row in late.iterrows()
        ]
        items.append(
            Attention(
                "stakeholders",
                "red" if reaching else "amber",
                "stakeholders.attention.overdue",
                {
                    "count": len(late),
                    "key": reaching,
                    "items": name_list(described, items=True),
                },
            )
        )
    return items
