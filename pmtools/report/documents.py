"""The documents report's text and the sections that depend on the data: the headline, the
review timeline and the register by type."""

from __future__ import annotations

from typing import Any

from pmtools.charts.documents import review_timeline, status_by_type_chart
from pmtools.documents import DUE_WITHIN_DAYS, document_gaps, document_register, status_by_type
from pmtools.i18n import t
from pmtools.model import Project
from pmtools.render import Markdown, md

__all__ = ["headline", "review_chart", "status_chart"]


def headline(project: Project) -> Markdown:
    """The register in one paragraph: documents and versions, reviews overdue and due, gaps."""
    register = document_register(project)
    if register.empty:
        return md("report.documents.none")
    states = register["review_state"].value_counts()
    gaps = document_gaps(project)
    return Markdown(
        t(
            "report.documents.headline",
            date=project.status_date,
            documents=len(register),
            versions=int(register["versions"].sum()),
            approved=int((register["approved_version"] != "").sum()),
            withdrawn=int(states.get("withdrawn", 0)),
            overdue=int(states.get("overdue", 0)) + int(states.get("never", 0)),
            due=int(states.get("due", 0)),
            days=DUE_WITHIN_DAYS,
            no_owner=int(gaps["no_owner"].sum()) if not gaps.empty else 0,
            no_approved=int(gaps["no_approved"].sum()) if not gaps.empty else 0,
        )
    )


def review_chart(project: Project) -> Any:
    """The next review of each document on a timeline, or a sentence when no document has a
    review cycle."""
    register = document_register(project)
    if register.empty:
        return md("report.documents.none_short")
    if not register["next_review"].notna().any():
        return md("report.documents.no_cycles")
    return review_timeline(register, status_date=project.status_date, due_days=DUE_WITHIN_DAYS)


def status_chart(project: Project) -> Any:
    """Documents per type and status of their latest version, or a sentence without any."""
    counts = status_by_type(project)
    if counts.empty:
        return md("report.documents.none_short")
    return status_by_type_chart(counts)
