"""Team performance, conflicts, learning and collaboration: data in, data out.

Definitions, at the project's status date:

- KPIs (``kpis.csv``). A KPI's periods are calendar months; months after the
  status date's month are not counted yet. Its *latest* result is the latest
  month up to then with an ``actual``: *met* when the actual reaches the target
  in the better direction (``actual >= target`` when higher is better,
  ``actual <= target`` when lower is), *near* when it misses by at most 10 % of
  the target, *missed* otherwise. The variance is how far the actual is from the
  target in the better direction, in % of the target (positive: better than the
  target; none for a target of 0). The trend compares the latest actual with the
  one before: *improving*, *worsening* or *steady*.
- Conflicts (``conflicts.csv``). Severity = intensity x impact (1..25), rated
  like a 5 x 5 risk: low below 5, medium from 5, high from 10, critical from 15.
  A conflict is *active* until resolved; its response is *overdue* when it is
  active and due before the status date.
- Learning (``learning.csv``). An item is *overdue* when planned or in progress
  with a target date before the status date, *due* when its target date is on or
  after it, *unscheduled* without one; dropped items count nowhere. Hours are the
  sums of ``hours_planned`` and ``hours_done``.
- Collaboration signals (``retro.csv``, ``actions.csv``, ``sprints.csv``). Per
  sprint with retro notes: the notes of each category, the positive share
  (went-well and kudos notes in % of all notes), votes, distinct authors, the
  actions raised, and the actions carried over: raised two or more sprints
  earlier and still open at the sprint's end (or at the status date while it
  runs). An action marked done or dropped without a ``closed`` date counts as
  closed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pmtools.model import Attention, Project
from pmtools.risk import rate

__all__ = [
    "CONFLICT_BANDS",
    "NEAR",
    "attention",
    "collaboration_signals",
    "conflict_matrix",
    "conflict_register",
    "conflicts_overdue",
    "kpi_history",
    "kpi_scorecard",
    "learning_items",
    "learning_progress",
    "status_month",
]

#: A KPI is *near* its target when it misses by at most this share of the target.
NEAR = 0.10
#: Severity (intensity x impact) from which a conflict is medium, high, critical.
CONFLICT_BANDS = (5, 10, 15)
_LEVELS = range(1, 6)
_SHOWN = 3  # names listed in an attention message before "and N more"

_HISTORY = ["member", "kpi", "period", "target", "actual", "unit", "better", "result"]
_SCORECARD = [
    "member",
    "kpi",
    "unit",
    "better",
    "period",
    "target",
    "actual",
    "result",
    "variance_percent",
    "previous",
    "trend",
    "months_missed",
]


def status_month(project: Project) -> str:
    """The status date's month as ``YYYY-MM`` (the latest KPI period counted)."""
    return project.status_date.strftime("%Y-%m")


def _result(actual: pd.Series, target: pd.Series, lower: pd.Series) -> pd.Series:
    """met / near / missed per row; missing where there is no actual."""
    better = np.where(lower, target - actual, actual - target)  # >= 0: target reached
    tolerance = NEAR * target.abs()
    result = np.where(better >= 0, "met", np.where(better >= -tolerance, "near", "missed"))
    return pd.Series(result, index=actual.index, dtype=object).where(actual.notna(), None)


# -- KPIs ----------------------------------------------------------------------------------------


def kpi_history(project: Project) -> pd.DataFrame:
    """Every KPI row up to the status date's month, by member, KPI (file order) and month.

    Columns: member, kpi, period (``YYYY-MM``), target, actual (NaN while not
    measured), unit, better (``higher``/``lower``), result (met / near / missed;
    missing without an actual). Empty without kpis.csv rows.
    """
    kpis = project.table("kpis.csv")
    if kpis is None or kpis.empty:
        return pd.DataFrame(columns=_HISTORY)
    frame = kpis[kpis["period"] <= status_month(project)].copy()
    frame["result"] = _result(frame["actual"], frame["target"], frame["better"] == "lower")
    order = {
        key: i for i, key in enumerate(dict.fromkeys(zip(kpis["member"], kpis["kpi"], strict=True)))
    }
    frame["_order"] = [order[k] for k in zip(frame["member"], frame["kpi"], strict=True)]
    frame = frame.sort_values(["_order", "period"], kind="stable")
    return frame[_HISTORY].reset_index(drop=True)


def kpi_scorecard(project: Project) -> pd.DataFrame:
    """One row per member and KPI: its latest measured month against the target.

    Columns: member, kpi, unit, better, period (the latest month with an actual),
    target, actual, result (met / near / missed; missing when never measured),
    variance_percent (% of the target, positive = better than the target; NaN for
    a target of 0), previous (the actual of the measured month before),
    trend (improving / worsening / steady; None without a previous actual),
    months_missed (missed months in a row up to the latest). Rows in file order;
    empty without KPIs.
    """
    history = kpi_history(project)
    if history.empty:
        return pd.DataFrame(columns=_SCORECARD)
    rows = []
    for (member, kpi), group in history.groupby(["member", "kpi"], sort=False):
        measured = group[group["actual"].notna()]
        last = group.iloc[-1] if measured.empty else measured.iloc[-1]
        row = {
            "member": member,
            "kpi": kpi,
            "unit": last["unit"],
            "better": last["better"],
            "period": last["period"],
            "target": last["target"],
            "actual": last["actual"],
            "result": last["result"],
            "variance_percent": np.nan,
            "previous": np.nan,
            "trend": None,
            "months_missed": 0,
        }
        lower = last["better"] == "lower"
        if pd.notna(last["actual"]) and last["target"] != 0:
            gap = last["target"] - last["actual"] if lower else last["actual"] - last["target"]
            row["variance_percent"] = gap / abs(last["target"]) * 100
        if len(measured) >= 2:
            previous = measured["actual"].iloc[-2]
            change = last["actual"] - previous
            row["previous"] = previous
            gain = -change if lower else change
            row["trend"] = "steady" if gain == 0 else "improving" if gain > 0 else "worsening"
        streak = 0
        for result in reversed(measured["result"].tolist()):
            if result != "missed":
                break
            streak += 1
        row["months_missed"] = streak
        rows.append(row)
    return pd.DataFrame(rows, columns=_SCORECARD)


# -- conflicts -----------------------------------------------------------------------------------

_REGISTER = [
    "raised",
    "parties",
    "issue",
    "intensity",
    "impact",
    "severity",
    "rating",
    "approach",
    "response",
    "owner",
    "due",
    "status",
    "resolved",
    "active",
    "overdue",
    "days_overdue",
]


def conflict_register(project: Project) -> pd.DataFrame:
    """conflicts.csv with its assessment: one row per conflict id, most severe active first.

    Adds severity (intensity x impact, 1..25), rating (low/medium/high/critical by
    ``CONFLICT_BANDS``), active (not resolved), overdue (active and due before the
    status date) and days_overdue (calendar days; NaN when not overdue). Empty
    without conflicts.csv rows.
    """
    conflicts = project.table("conflicts.csv")
    if conflicts is None or conflicts.empty:
        return pd.DataFrame(columns=_REGISTER).rename_axis("id")
    frame = conflicts.copy()
    frame["severity"] = frame["intensity"] * frame["impact"]
    frame["rating"] = rate(frame["severity"].to_numpy(), CONFLICT_BANDS).to_numpy()
    frame["active"] = frame["status"] != "resolved"
    day = pd.Timestamp(project.status_date)
    frame["overdue"] = frame["active"] & (frame["due"] < day).fillna(False)
    frame["days_overdue"] = ((day - frame["due"]).dt.days).where(frame["overdue"])
    frame = frame.sort_values(["active", "severity"], ascending=[False, False], kind="stable")
    return frame[_REGISTER]


def conflicts_overdue(project: Project) -> pd.DataFrame:
    """Active conflicts whose response is overdue, most overdue first (``conflict_register``)."""
    register = conflict_register(project)
    late = register[register["overdue"].astype(bool)]
    return late.sort_values("days_overdue", ascending=False, kind="stable")


def conflict_matrix(project: Project) -> pd.DataFrame:
    """The 5 x 5 intensity x impact grid of active conflicts, one row per cell.

    Columns: intensity, impact (1..5), severity, rating, ids (the active
    conflicts in the cell, most severe first), approaches (their approach, "" when
    undecided, aligned with ids).
    """
    register = conflict_register(project)
    active = register[register["active"].astype(bool)] if not register.empty else register
    rows = []
    for intensity in _LEVELS:
        for impact in _LEVELS:
            cell = active[(active["intensity"] == intensity) & (active["impact"] == impact)]
            rows.append(
                {
                    "intensity": intensity,
                    "impact": impact,
                    "severity": intensity * impact,
                    "ids": [str(i) for i in cell.index],
                    "approaches": cell["approach"].fillna("").astype(str).tolist(),
                }
            )
    frame = pd.DataFrame(rows)
    frame["rating"] = rate(frame["severity"].to_numpy(), CONFLICT_BANDS).to_numpy()
    return frame[["intensity", "impact", "severity", "rating", "ids", "approaches"]]


# -- learning ------------------------------------------------------------------------------------

_ITEMS = [
    "person",
    "skill",
    "kind",
    "target_date",
    "status",
    "hours_planned",
    "hours_done",
    "completed",
    "state",
    "days",
]


def learning_items(project: Project) -> pd.DataFrame:
    """learning.csv with each item's state at the status date, in file order.

    state: done, dropped, overdue (planned or in progress, target date passed),
    due (target date on or after the status date) or unscheduled (no target
    date). days: calendar days overdue (overdue) or left (due); NaN otherwise.
    """
    items = project.table("learning.csv")
    if items is None or items.empty:
        return pd.DataFrame(columns=_ITEMS)
    frame = items.copy()
    day = pd.Timestamp(project.status_date)
    open_ = frame["status"].isin(("planned", "in-progress"))
    late = open_ & (frame["target_date"] < day).fillna(False)
    ahead = open_ & (frame["target_date"] >= day).fillna(False)
    frame["state"] = np.select(
        [frame["status"] == "done", frame["status"] == "dropped", late, ahead],
        ["done", "dropped", "overdue", "due"],
        default="unscheduled",
    )
    gap = (frame["target_date"] - day).dt.days
    frame["days"] = np.where(late, -gap, np.where(ahead, gap, np.nan))
    return frame[_ITEMS].reset_index(drop=True)


def learning_progress(project: Project) -> pd.DataFrame:
    """Per person (file order), dropped items left out: items, done, overdue, hours_planned,
    hours_done, progress_percent (hours done in % of hours planned; NaN when none are
    planned), certifications, certifications_done, certifications_overdue and
    next_target (the earliest target date on or after the status date still open)."""
    columns = [
        "person",
        "items",
        "done",
        "overdue",
        "hours_planned",
        "hours_done",
        "progress_percent",
        "certifications",
        "certifications_done",
        "certifications_overdue",
        "next_target",
    ]
    items = learning_items(project)
    items = items[items["state"] != "dropped"]
    if items.empty:
        return pd.DataFrame(columns=columns)
    certified = items["kind"] == "certification"
    frame = items.assign(
        is_done=items["state"] == "done",
        is_overdue=items["state"] == "overdue",
        cert=certified,
        cert_done=certified & (items["state"] == "done"),
        cert_overdue=certified & (items["state"] == "overdue"),
        upcoming=items["target_date"].where(items["state"] == "due"),
    )
    grouped = frame.groupby("person", sort=False)
    out = pd.DataFrame(
        {
            "items": grouped.size(),
            "done": grouped["is_done"].sum(),
            "overdue": grouped["is_overdue"].sum(),
            "hours_planned": grouped["hours_planned"].sum(min_count=1),
            "hours_done": grouped["hours_done"].sum(min_count=1),
            "certifications": grouped["cert"].sum(),
            "certifications_done": grouped["cert_done"].sum(),
            "certifications_overdue": grouped["cert_overdue"].sum(),
            "next_target": grouped["upcoming"].min(),
        }
    )
    planned = out["hours_planned"].where(out["hours_planned"] > 0)
    out["progress_percent"] = out["hours_done"].fillna(0) / planned * 100
    return out.rename_axis("person").reset_index()[columns]


# -- collaboration -------------------------------------------------------------------------------

_SIGNALS = [
    "sprint",
    "notes",
    "went-well",
    "to-improve",
    "idea",
    "kudos",
    "positive_percent",
    "votes",
    "votes_per_note",
    "authors",
    "actions_raised",
    "carried_over",
]


def _open_at(actions: pd.DataFrame, when: pd.Timestamp) -> pd.Series:
    """Whether each action was still open at ``when``."""
    closed = actions["closed"]
    still_open = actions["status"].isin(("open", "in-progress")) & closed.isna()
    return still_open | (closed > when).fillna(False)


def collaboration_signals(project: Project) -> pd.DataFrame:
    """Per sprint with retro notes, in sprint order: notes and the notes of each category,
    positive_percent (went-well + kudos in % of notes), votes, votes_per_note, authors
    (distinct), actions_raised and carried_over (actions raised two or more sprints earlier
    still open at the sprint's end, or at the status date while it runs). Empty without
    retro notes."""
    notes, sprints = project.retro, project.sprints
    if notes is None or notes.empty:
        return pd.DataFrame(columns=_SIGNALS)
    order = list(sprints.sort_values("start").index) if sprints is not None else []
    order += sorted(set(notes["sprint"]) - set(order))
    position = {sprint: i for i, sprint in enumerate(order)}
    actions = project.actions
    day = pd.Timestamp(project.status_date)
    rows = []
    for sprint in [s for s in order if s in set(notes["sprint"])]:
        board = notes[notes["sprint"] == sprint]
        counts = board["category"].value_counts()
        row: dict[str, object] = {"sprint": sprint, "notes": len(board)}
        for category in ("went-well", "to-improve", "idea", "kudos"):
            row[category] = int(counts.get(category, 0))
        row["positive_percent"] = (row["went-well"] + row["kudos"]) / len(board) * 100  # type: ignore[operator]
        votes = board["votes"].fillna(0)
        row["votes"] = float(votes.sum())
        row["votes_per_note"] = float(votes.sum()) / len(board)
        authors = board["author"].fillna("")
        row["authors"] = int(authors[authors != ""].nunique())
        raised = carried = 0
        if actions is not None and not actions.empty:
            raised = int((actions["sprint"] == sprint).sum())
            ended = sprints.loc[sprint, "end"] if sprints is not None else day
            when = min(pd.Timestamp(ended), day)
            earlier = actions["sprint"].map(position)
            old = earlier.notna() & (position[sprint] - earlier >= 2)
            carried = int((old & _open_at(actions, when)).sum())
        row["actions_raised"] = raised
        row["carried_over"] = carried
        rows.append(row)
    return pd.DataFrame(rows, columns=_SIGNALS)


# -- attention -----------------------------------------------------------------------------------


def _names(items: list[str]) -> str:
    """The first few names; the count in the message says how many there are in all."""
    return ", ".join(items[:_SHOWN]) + (", …" if len(items) > _SHOWN else "")


def attention(project: Project) -> list[Attention]:
    """What needs the PM's attention now: KPIs missed in their latest month (red when
    missed two months in a row), conflict responses overdue (red when the conflict is
    rated high or critical) and learning items overdue (amber)."""
    found: list[Attention] = []
    card = kpi_scorecard(project)
    if not card.empty:
        missed = card[card["result"] == "missed"]
        twice = missed[missed["months_missed"] >= 2]
        once = missed[missed["months_missed"] < 2]
        for level, key, rows in (
            ("red", "team.attention.kpi_missed_twice", twice),
            ("amber", "team.attention.kpi_missed", once),
        ):
            if len(rows):
                labels = [f"{k} ({m})" for k, m in zip(rows["kpi"], rows["member"], strict=True)]
                found.append(
                    Attention("team", level, key, {"count": len(rows), "names": _names(labels)})
                )
    late = conflicts_overdue(project)
    if not late.empty:
        serious = late["rating"].isin(("high", "critical"))
        for level, rows in (("red", late[serious]), ("amber", late[~serious])):
            if len(rows):
                labels = [
                    f"{i} ({int(d)})" for i, d in zip(rows.index, rows["days_overdue"], strict=True)
                ]
                found.append(
                    Attention(
                        "team",
                        level,
                        "team.attention.conflicts_overdue",
                        {"count": len(rows), "names": _names(labels)},
                    )
                )
    items = learning_items(project)
    overdue = items[items["state"] == "overdue"] if not items.empty else items
    if len(overdue):
        labels = [f"{s} ({p})" for s, p in zip(overdue["skill"], overdue["person"], strict=True)]
        found.append(
            Attention(
                "team",
                "amber",
                "team.attention.learning_overdue",
                {"count": len(overdue), "names": _names(labels)},
            )
        )
    return found
