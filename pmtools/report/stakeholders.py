"""The stakeholder report's text and the sections that depend on the data: the grid, the
engagement chart and the communication calendar."""

from __future__ import annotations

from typing import Any

from pmtools.charts.stakeholders import (
    communication_calendar_chart,
    engagement_chart,
    power_interest_grid,
)
from pmtools.i18n import t
from pmtools.model import Project
from pmtools.render import Markdown, Table, md, table
from pmtools.stakeholders import (
    CADENCE_DAYS,
    DUE_SOON_DAYS,
    communication_calendar,
    communication_plan,
    communications_overdue,
    stakeholder_register,
    stakeholder_summary,
)
from pmtools.tables.stakeholders import EVERY_DAYS

__all__ = [
    "cadence_heading",
    "calendar",
    "engagement",
    "frequency_text",
    "grid",
    "headline",
    "plan_table",
    "sentences",
]


def headline(project: Project) -> Markdown:
    """Stakeholders by quadrant and engagement gap; communications overdue and due; the
    stakeholders the plan misses or reaches too rarely."""
    summary = stakeholder_summary(project)
    if summary is None:
        return md("report.stakeholders.none")
    quadrants = summary.by_quadrant
    parts = []
    if summary.stakeholders:
        parts.append(
            t(
                "report.stakeholders.headline",
                count=summary.stakeholders,
                manage=quadrants["manage-closely"],
                satisfied=quadrants["keep-satisfied"],
                informed=quadrants["keep-informed"],
                monitor=quadrants["monitor"],
            )
        )
        if summary.resistant:
            parts.append(
                t(
                    "report.stakeholders.gaps",
                    gaps=summary.gaps,
                    big=summary.big_gaps,
                    resistant=summary.resistant,
                )
            )
        else:
            parts.append(
                t("report.stakeholders.gaps_calm", gaps=summary.gaps, big=summary.big_gaps)
            )
    else:
        parts.append(t("report.stakeholders.no_register"))
    if summary.communications:
        parts.append(
            t(
                "report.stakeholders.plan",
                count=summary.communications,
                overdue=summary.overdue,
                meetings=summary.meetings_overdue,
                date=project.status_date,
                due=summary.due,
                days=DUE_SOON_DAYS,
            )
        )
        if summary.stakeholders:
            if summary.uncovered:
                parts.append(
                    t(
                        "report.stakeholders.reach",
                        uncovered=summary.uncovered,
                        too_rare=summary.too_rare,
                    )
                )
            else:
                parts.append(t("report.stakeholders.reach_all", too_rare=summary.too_rare))
    else:
        parts.append(t("report.stakeholders.no_plan"))
    return Markdown(sentences(parts))


def sentences(parts: list[str]) -> str:
    """Sentences one after the other as the reader writes them: with a space in English,
    without one in Chinese."""
    return "".join(t("stakeholders.list.sentence", sentence=part) for part in parts).rstrip()


def grid(project: Project) -> Any:
    """The power/interest grid, or a sentence without stakeholders."""
    register = stakeholder_register(project)
    if register.empty:
        return md("report.stakeholders.no_register")
    return power_interest_grid(register)


def engagement(project: Project) -> Any:
    """Current against desired engagement, or a sentence when nobody is assessed."""
    register = stakeholder_register(project)
    rated = register.dropna(subset=["current_level", "desired_level"])
    if rated.empty:
        return md("report.stakeholders.no_engagement")
    return engagement_chart(register)


def calendar(project: Project, *, days: int = 42) -> Any:
    """The communication calendar of the next ``days`` days, or a sentence when nothing
    is due in them."""
    frame = communication_calendar(project, days=days)
    if frame.empty:
        return md("report.stakeholders.no_calendar", days=days)
    return communication_calendar_chart(frame, project.status_date)


def cadence_heading() -> Markdown:
    """The cadence check's heading with the rule it applies."""
    return md(
        "report.stakeholders.cadence",
        manage=CADENCE_DAYS["manage-closely"],
        satisfied=CADENCE_DAYS["keep-satisfied"],
        informed=CADENCE_DAYS["keep-informed"],
        monitor=CADENCE_DAYS["monitor"],
    )


def frequency_text(frequency: str) -> str:
    """A frequency as the reader says it: ``weekly``, ``every 10 days`` (translated)."""
    every = EVERY_DAYS.match(frequency)
    if every:
        return t("stakeholders.frequency.every", days=int(every.group(1)))
    return t(f"stakeholders.frequency.{frequency}") if frequency else ""


def plan_table(project: Project, *, overdue: bool = False) -> Table | Markdown:
    """The communication plan with each entry's due date and state, or with ``overdue``
    only the overdue entries and by how many days, most overdue first."""
    frame = communications_overdue(project) if overdue else communication_plan(project)
    frame = frame.assign(frequency=frame["frequency"].map(frequency_text))
    columns = {
        "information": "stakeholders.col.information",
        "audience": "stakeholders.col.audience",
        "channel": "stakeholders.col.channel",
        "frequency": "stakeholders.col.frequency",
        "owner": "stakeholders.col.owner",
        "last_sent": "stakeholders.col.last_sent",
        "due": "stakeholders.col.due",
    }
    if overdue:
        columns["days_overdue"] = "stakeholders.col.days_overdue"
    else:
        columns["state"] = "stakeholders.col.state"
    return table(
        frame,
        columns,
        coded={"channel": "stakeholders.channel", "state": "stakeholders.state"},
        formats={"days_overdue": "{:.0f}"},
        index="stakeholders.col.id",
    )
