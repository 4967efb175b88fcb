"""The change report's text and the sections that depend on the data: the headline, the
approval flow, time to decision and the impact of each pending change."""

from __future__ import annotations

from typing import Any

import pandas as pd

from pmtools.change import (
    DECISION_DAYS,
    ITERATIONS,
    change_log,
    decision_summary,
    pending_impacts,
    plan_measures,
    status_counts,
)
from pmtools.charts.change import approval_flow, decision_times, impact_chart
from pmtools.i18n import t
from pmtools.model import Project
from pmtools.render import Markdown, inline, md, table

__all__ = ["flow", "headline", "impact", "impact_table", "method", "times"]


def _days(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f}"


def headline(project: Project) -> Markdown:
    """The change log in one paragraph: how many changes stand where, how fast they are
    decided, what they add to the budget, and the largest pending slip."""
    summary = decision_summary(project)
    if summary is None:
        return md("report.change.none")
    counts = status_counts(project)["count"]
    text = t(
        "report.change.headline",
        date=project.status_date,
        changes=summary.changes,
        awaiting=summary.awaiting,
        oldest=_days(summary.oldest_days),
        approved=int(counts["approved"]),
        implemented=int(counts["implemented"]),
        rejected=int(counts["rejected"]),
        median=_days(summary.median_days),
        longest=_days(summary.longest_days),
        approved_cost=f"{summary.approved_cost:+,.0f}",
        pending_cost=f"{summary.pending_cost:+,.0f}",
        currency=inline(project.currency or ""),
    )
    impacts = pending_impacts(project)
    usable = impacts[impacts["problem"] == ""]
    if not usable.empty:
        worst = usable.sort_values(["slip_days", "p80_slip_days"], ascending=False).iloc[0]
        text += t(
            "report.change.worst",
            id=inline(worst.name),
            title=inline(worst["title"]),
            slip=int(worst["slip_days"]),
            finish=worst["finish_after"].date(),
            p80=worst["p80_after"].date(),
            p80_slip=int(worst["p80_slip_days"]),
        )
    if summary.waiting:
        text += t("report.change.waiting", count=summary.waiting, days=DECISION_DAYS)
    return Markdown(text)


def flow(project: Project) -> Any:
    """The approval flow as bars, or a sentence without changes."""
    if decision_summary(project) is None:
        return md("report.change.none_short")
    return approval_flow(status_counts(project), currency=project.currency or "")


def times(project: Project) -> Any:
    """Time to decision per change, or a sentence without changes."""
    log = change_log(project)
    if log.empty:
        return md("report.change.none_short")
    return decision_times(log, target_days=DECISION_DAYS)


def impact(project: Project) -> Any:
    """The finish and P80 finish without and with each pending change, or a sentence when
    nothing is pending (or nothing pending can be applied)."""
    impacts = pending_impacts(project)
    if impacts.empty:
        none = decision_summary(project) is None
        return md("report.change.none_short" if none else "report.change.no_pending")
    if (impacts["problem"] != "").all():
        return md("report.change.none_applicable")
    return impact_chart(impacts, deadline=project.deadline)


def _percent(value: Any) -> str:
    return "-" if value is None or pd.isna(value) else f"{100 * value:.0f}%"


def impact_table(project: Project) -> Any:
    """One row per pending change: the forecast finish, P80 finish, deadline chance and BAC
    with the change, the slips in working days, tasks that become critical, or why it cannot
    be applied. None when nothing is pending (``impact`` says so)."""
    impacts = pending_impacts(project)
    if impacts.empty:
        return None
    rows = impacts[
        ["title", "status", "finish_after", "slip_days", "p80_after", "p80_slip_days"]
    ].copy()
    rows["chance"] = impacts["chance_after"].map(lambda v: "" if pd.isna(v) else _percent(v))
    rows["bac_after"] = impacts["bac_after"]
    rows["critical"] = impacts["joins_critical"]
    rows["problem"] = impacts["problem"]
    columns = {
        "title": "change.col.change",
        "status": "col.status",
        "finish_after": "change.col.finish",
        "slip_days": "change.col.slip",
        "p80_after": "change.col.p80",
        "p80_slip_days": "change.col.p80_slip",
        "chance": "change.col.chance",
        "bac_after": "change.col.bac",
        "critical": "change.col.joins_critical",
    }
    if project.deadline is None:
        del columns["chance"]
    if (rows["problem"] != "").any():
        columns["problem"] = "change.col.problem"
    return table(
        rows,
        columns,
        formats={"slip_days": "{:+.0f}", "p80_slip_days": "{:+.0f}", "bac_after": "{:,.0f}"},
        coded={"status": "change.status"},
        index="col.id",
    )


def method(project: Project) -> Markdown | None:
    """The plan without any pending change, which each change is compared with, and how;
    None when nothing is pending."""
    if not len(pending_impacts(project)):
        return None
    before = plan_measures(project)
    text = t(
        "report.change.method",
        finish=before.finish,
        p80=before.p80,
        iterations=ITERATIONS,
        bac="-" if before.bac is None else f"{before.bac:,.0f}",
        currency=inline(project.currency or ""),
    )
    if project.deadline is not None and before.chance is not None:
        text += t(
            "report.change.method_deadline",
            deadline=project.deadline,
            chance=_percent(before.chance),
        )
    return Markdown(text)
