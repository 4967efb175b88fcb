"""The emergency report's text and the sections that depend on the data: the headline,
incidents by month and time to restore."""

from __future__ import annotations

from typing import Any

from pmtools.charts.emergency import incidents_by_month_chart, restore_chart
from pmtools.emergency import (
    DUE_WITHIN_DAYS,
    drill_schedule,
    follow_ups,
    incident_log,
    incidents_by_month,
    restore_summary,
)
from pmtools.i18n import t
from pmtools.model import Project
from pmtools.render import Markdown, md, table

__all__ = ["headline", "log_table", "months", "restore"]


def headline(project: Project) -> Markdown:
    """Plans and drills, incidents and their restore times, open follow-ups, in one paragraph."""
    drills = drill_schedule(project)
    log = incident_log(project)
    if drills.empty and log.empty:
        return md("report.emergency.none")
    states = drills["drill_state"].value_counts()
    counts = restore_summary(project)
    actions = follow_ups(project)
    return Markdown(
        t(
            "report.emergency.headline",
            date=project.status_date,
            plans=len(drills),
            overdue=int(states.get("overdue", 0)) + int(states.get("never", 0)),
            due=int(states.get("due", 0)),
            days=DUE_WITHIN_DAYS,
            incidents=counts["incidents"],
            open=counts["open"],
            met=counts["met"],
            missed=counts["missed"],
            actions=len(actions),
            late=int(actions["days_overdue"].notna().sum()),
        )
    )


def months(project: Project) -> Any:
    """Incidents per month and severity, or a sentence without incidents."""
    counts = incidents_by_month(project)
    if counts.empty:
        return md("report.emergency.no_incidents")
    return incidents_by_month_chart(counts)


def restore(project: Project) -> Any:
    """Time to restore per incident against its RTO, or a sentence without incidents."""
    log = incident_log(project)
    if log.empty:
        return md("report.emergency.no_incidents")
    return restore_chart(log)


def log_table(project: Project) -> Any:
    """The incident log, latest first: times to the minute, hours to restore, the RTO and
    whether it was met, follow-up actions."""
    log = incident_log(project)
    if log.empty:
        return md("report.emergency.no_incidents")
    rows = log[["title", "severity", "start", "end", "hours_to_restore", "rto_hours"]].copy()
    rows["met"] = [
        t("emergency.rto.open") if o else t("emergency.rto.none") if m is None
        else t("emergency.rto.met") if m else t("emergency.rto.missed")
        for o, m in zip(log["open"], log["met_rto"], strict=True)
    ]  # fmt: skip
    rows["scenario"] = log["scenario"]
    rows["actions"] = log["actions"]
    minute = "{:%Y-%m-%d %H:%M}"
    return table(
        rows,
        {
            "title": "emergency.col.title",
            "severity": "emergency.col.severity",
            "start": "emergency.col.start",
            "end": "emergency.col.end",
            "hours_to_restore": "emergency.col.hours",
            "rto_hours": "emergency.col.rto_hours",
            "met": "emergency.col.met_rto",
            "scenario": "emergency.col.scenario",
            "actions": "emergency.col.actions",
        },
        formats={"start": minute, "end": minute, "hours_to_restore": "{:.1f}", "rto_hours": "{:g}"},
        coded={"severity": "emergency.severity"},
        index="col.id",
    )
