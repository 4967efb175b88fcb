"""The team report: headline, KPI scorecard and trend, conflicts, learning, retro signals.

Each section returns a table, a chart or, when the project has no data for it,
a sentence saying which file to fill in.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from pmtools.charts.team import (
    collaboration_chart,
    conflict_heatmap,
    kpi_trend_chart,
    learning_chart,
)
from pmtools.i18n import t
from pmtools.model import Project
from pmtools.render import Markdown, inline, md, table
from pmtools.team import (
    collaboration_signals,
    conflict_matrix,
    conflict_register,
    conflicts_overdue,
    kpi_history,
    kpi_scorecard,
    learning_items,
    learning_progress,
)

__all__ = [
    "collaboration",
    "collaboration_table",
    "conflicts",
    "headline",
    "kpi_trend",
    "learning",
    "learning_open",
    "learning_people",
    "matrix",
    "overdue",
    "scorecard",
]

_CODES = {
    "result": "team.result",
    "trend": "team.trend",
    "approach": "team.approach",
    "kind": "team.kind",
    "state": "team.state",
}


def _kpi_part(project: Project) -> str | None:
    card = kpi_scorecard(project)
    if card.empty:
        return None
    counts = card["result"].value_counts()
    return t(
        "report.team.headline.kpis",
        total=len(card),
        met=int(counts.get("met", 0)),
        near=int(counts.get("near", 0)),
        missed=int(counts.get("missed", 0)),
        streak=int((card["months_missed"] >= 2).sum()),
    )


def _conflict_part(project: Project) -> str | None:
    register = conflict_register(project)
    if register.empty:
        return None
    active = register[register["active"].astype(bool)]
    return t(
        "report.team.headline.conflicts",
        active=len(active),
        critical=int((active["rating"] == "critical").sum()),
        high=int((active["rating"] == "high").sum()),
        overdue=int(active["overdue"].sum()),
        resolved=len(register) - len(active),
    )


def _learning_part(project: Project) -> str | None:
    people = learning_progress(project)
    if people.empty:
        return None
    planned = float(people["hours_planned"].fillna(0).sum())
    done = float(people["hours_done"].fillna(0).sum())
    return t(
        "report.team.headline.learning",
        done=f"{done:,.0f}",
        planned=f"{planned:,.0f}",
        percent=f"{done / planned * 100:.0f}" if planned else "-",
        certs_done=int(people["certifications_done"].sum()),
        certs=int(people["certifications"].sum()),
        overdue=int(people["overdue"].sum()),
    )


def _collab_part(project: Project) -> str | None:
    signals = collaboration_signals(project)
    if signals.empty:
        return None
    last = signals.iloc[-1]
    values = {
        "sprint": inline(last["sprint"]),
        "positive": f"{last['positive_percent']:.0f}",
        "authors": int(last["authors"]),
        "carried": int(last["carried_over"]),
    }
    if len(signals) == 1:
        return t("report.team.headline.collab_first", **values)
    before = signals["positive_percent"].iloc[:-1].mean()
    return t("report.team.headline.collab", average=f"{before:.0f}", **values)


def headline(project: Project) -> Markdown:
    """KPIs against target, active conflicts, learning progress and the latest retro's
    signals, one short paragraph each; a sentence naming the files when there is none."""
    parts = [
        part
        for part in (
            _kpi_part(project),
            _conflict_part(project),
            _learning_part(project),
            _collab_part(project),
        )
        if part
    ]
    if not parts:
        return md("report.team.none")
    return Markdown("\n\n".join(parts))


# -- KPIs ----------------------------------------------------------------------------------------


def scorecard(project: Project) -> Any:
    """The KPI scorecard: each KPI's latest month against its target, with the trend."""
    card = kpi_scorecard(project)
    if card.empty:
        return md("report.team.no_kpis")
    shown = card.assign(
        result=card["result"].fillna("none"),
        target=[_with_unit(v, u) for v, u in zip(card["target"], card["unit"], strict=True)],
        actual=[_with_unit(v, u) for v, u in zip(card["actual"], card["unit"], strict=True)],
    )
    return table(
        shown,
        {
            "member": "team.col.member",
            "kpi": "team.col.kpi",
            "period": "team.col.month",
            "target": "team.col.target",
            "actual": "team.col.actual",
            "result": "team.col.result",
            "variance_percent": "team.col.variance",
            "trend": "team.col.trend",
            "months_missed": "team.col.months_missed",
        },
        formats={"variance_percent": "{:+.1f} %"},
        coded=_CODES,
    )


def _with_unit(value: float, unit: str) -> str:
    """``79 %``, ``4 defects``; ``-`` when not measured."""
    if pd.isna(value):
        return "-"
    return f"{value:,.10g} {unit}".strip()


def kpi_trend(project: Project) -> Any:
    """Each KPI's actuals by month against the target, or a sentence without KPIs."""
    history = kpi_history(project)
    if history.empty:
        return md("report.team.no_kpis")
    return kpi_trend_chart(history)


# -- conflicts -----------------------------------------------------------------------------------


def matrix(project: Project) -> Any:
    """The intensity x impact matrix of active conflicts, or a sentence without any."""
    register = conflict_register(project)
    if register.empty:
        return md("report.team.no_conflicts")
    if not register["active"].astype(bool).any():
        return md("report.team.no_active_conflicts")
    return conflict_heatmap(conflict_matrix(project), register)


_CONFLICT_COLUMNS = {
    "parties": "team.col.parties",
    "issue": "team.col.issue",
    "rating": "col.rating",
    "approach": "team.col.approach",
    "response": "col.response",
    "owner": "col.owner",
    "due": "col.due",
    "status": "col.status",
}


def conflicts(project: Project) -> Any:
    """Active conflicts, most severe first, with the approach and response chosen."""
    register = conflict_register(project)
    if register.empty:
        return md("report.team.no_conflicts")
    active = register[register["active"].astype(bool)]
    shown = active.assign(approach=active["approach"].replace("", "none"))
    return table(
        shown,
        _CONFLICT_COLUMNS,
        index="col.id",
        coded={**_CODES, "status": "team.conflict.status"},
        empty="report.team.no_active_conflicts",
    )


def overdue(project: Project) -> Any:
    """Active conflicts whose response is past its due date, most overdue first."""
    late = conflicts_overdue(project)
    shown = late.assign(approach=late["approach"].replace("", "none"))
    return table(
        shown,
        {
            "parties": "team.col.parties",
            "issue": "team.col.issue",
            "rating": "col.rating",
            "owner": "col.owner",
            "due": "col.due",
            "status": "col.status",
            "days_overdue": "col.days_overdue",
        },
        index="col.id",
        coded={**_CODES, "status": "team.conflict.status"},
        empty="report.team.no_overdue",
    )


# -- learning ------------------------------------------------------------------------------------


def learning(project: Project) -> Any:
    """Study hours planned and done per person, or a sentence without a learning plan."""
    people = learning_progress(project)
    if people.empty:
        return md("report.team.no_learning")
    return learning_chart(people)


def learning_people(project: Project) -> Any:
    """Per person: items done, hours done against planned, certifications achieved, items
    overdue and the next target date (nothing without a learning plan)."""
    people = learning_progress(project)
    if people.empty:
        return None  # the chart above already says there is no learning plan
    shown = people.assign(
        items_done=[f"{d} / {n}" for d, n in zip(people["done"], people["items"], strict=True)],
        hours=[
            f"{_hours(d)} / {_hours(p)}"
            for d, p in zip(people["hours_done"], people["hours_planned"], strict=True)
        ],
        certs=[
            f"{d} / {n}" if n else "-"
            for d, n in zip(people["certifications_done"], people["certifications"], strict=True)
        ],
    )
    return table(
        shown,
        {
            "person": "team.col.person",
            "items_done": "team.col.items_done",
            "hours": "team.col.hours",
            "progress_percent": "team.col.progress",
            "certs": "team.col.certs",
            "overdue": "team.col.overdue_items",
            "next_target": "team.col.next_target",
        },
        formats={"progress_percent": "{:.0f} %"},
    )


def learning_open(project: Project) -> Any:
    """The learning items not done yet: overdue first, then by target date."""
    items = learning_items(project)
    if items.empty:
        return md("report.team.no_learning")
    order = {"overdue": 0, "due": 1, "unscheduled": 2}
    open_items = items[items["state"].isin(order)].copy()
    open_items["_o"] = open_items["state"].map(order)
    open_items["hours"] = [
        f"{_hours(done)} / {_hours(planned)}"
        for done, planned in zip(open_items["hours_done"], open_items["hours_planned"], strict=True)
    ]
    open_items = open_items.sort_values(["_o", "target_date"], kind="stable")
    return table(
        open_items,
        {
            "person": "team.col.person",
            "skill": "team.col.skill",
            "kind": "team.col.kind",
            "target_date": "team.col.target_date",
            "status": "col.status",
            "hours": "team.col.hours",
            "state": "team.col.state",
            "days": "team.col.days",
        },
        coded={**_CODES, "status": "team.learning.status"},
        empty="report.team.no_open_learning",
    )


def _hours(value: float) -> str:
    return "-" if pd.isna(value) else f"{value:g}"


# -- collaboration -------------------------------------------------------------------------------


def collaboration(project: Project) -> Any:
    """Retro notes by category per sprint with the positive share and carried-over actions,
    or a sentence without retro notes."""
    signals = collaboration_signals(project)
    if signals.empty:
        return md("report.team.no_retro")
    return collaboration_chart(signals)


def collaboration_table(project: Project) -> Any:
    """The retro signals per sprint as a table."""
    signals = collaboration_signals(project)
    return table(
        signals,
        {
            "sprint": "col.sprint",
            "notes": "team.col.notes",
            "went-well": "category.went-well",
            "to-improve": "category.to-improve",
            "idea": "category.idea",
            "kudos": "category.kudos",
            "positive_percent": "team.col.positive",
            "votes_per_note": "team.col.votes_per_note",
            "authors": "team.col.authors",
            "actions_raised": "team.col.actions_raised",
            "carried_over": "team.col.carried_over",
        },
        formats={"positive_percent": "{:.0f} %", "votes_per_note": "{:.1f}"},
        empty="report.team.no_retro",
    )
