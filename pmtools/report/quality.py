"""The quality report's text and sections: headline, reviews, defect charts and tables,
escaped defects, requirement coverage."""

from __future__ import annotations

from typing import Any

from pmtools.charts.quality import defect_density_chart, defect_trend_chart, open_age_chart
from pmtools.i18n import get_language, t
from pmtools.model import Project
from pmtools.quality import (
    QualitySummary,
    defect_density,
    defect_trend,
    defects_by_phase,
    open_by_age,
    open_defects,
    requirement_coverage,
    review_results,
    reviews_due,
)
from pmtools.render import Markdown, md, table

__all__ = [
    "coverage",
    "density",
    "density_table",
    "escaped",
    "headline",
    "open_age",
    "open_table",
    "results",
    "reviews",
    "trend",
]

_CODED = {
    "severity": "severity",
    "status": "defect.status",
    "state": "review.state",
    "result": "review.result",
    "review_type": "review.type",
    "priority": "priority",
}


def headline(project: Project, summary: QualitySummary) -> Markdown:
    """Quality in one paragraph: where the defects come from, how many are open and how
    serious, arrival against closure, escapes, reviews and requirement coverage."""
    parts = [t(f"quality.source.{summary.source or 'none'}")]
    if summary.has_defects:
        parts.append(
            t(
                "report.quality.defects",
                date=summary.status_date,
                defects=summary.defects,
                open=summary.open,
                critical=summary.open_by_severity.get("critical", 0),
                major=summary.open_by_severity.get("major", 0),
                minor=summary.open_by_severity.get("minor", 0),
                trivial=summary.open_by_severity.get("trivial", 0),
            )
        )
        if summary.found_by_week:
            parts.append(
                t(
                    "report.quality.trend"
                    if summary.outpacing_weeks
                    else "report.quality.trend_ok",
                    found=summary.found_by_week[-1],
                    fixed=summary.fixed_by_week[-1],
                    weeks=summary.outpacing_weeks,
                )
            )
        if summary.known_phase:
            parts.append(
                t(
                    "report.quality.escaped",
                    escaped=summary.escaped,
                    known=summary.known_phase,
                    share=f"{summary.escaped / summary.known_phase:.0%}",
                )
            )
    if summary.reviews:
        parts.append(
            t(
                "report.quality.reviews",
                reviews=summary.reviews,
                overdue=summary.reviews_overdue,
                due=summary.reviews_due,
                failed=summary.reviews_failed,
            )
        )
    if summary.requirements:
        parts.append(
            t(
                "report.quality.coverage",
                requirements=summary.requirements,
                tests=summary.with_tests,
                criteria=summary.with_criteria,
            )
        )
    return Markdown(("" if get_language() == "zh" else " ").join(parts))


def reviews(project: Project) -> Any:
    """The reviews overdue and due in the next 14 days, or a sentence when none."""
    if project.table("quality.csv") is None:
        return md("report.quality.no_plan")
    frame = reviews_due(project)
    return table(
        frame,
        {
            "state": "col.review_state",
            "deliverable": "col.deliverable",
            "review_type": "col.review_type",
            "review_date": "col.review_date",
            "days": "col.days_from_status",
            "reviewer": "col.reviewer",
            "standard": "col.standard",
        },
        empty="report.quality.none_due",
        index="col.id",
        coded=_CODED,
        formats={"days": "{:+d}"},
    )


def results(project: Project) -> Any:
    """The reviews held, newest first, with result and notes; failures still standing marked."""
    if project.table("quality.csv") is None:
        return md("report.quality.no_plan")
    frame = review_results(project)
    return table(
        frame,
        {
            "deliverable": "col.deliverable",
            "review_date": "col.review_date",
            "result": "col.result",
            "open_failure": "col.open_failure",
            "metric": "col.metric",
            "target": "col.target",
            "notes": "col.notes",
        },
        empty="report.quality.no_results",
        index="col.id",
        coded=_CODED,
    )


def trend(project: Project) -> Any:
    """Arrival against closure per week, or a sentence without defects."""
    frame = defect_trend(project)
    if frame.empty:
        return md("report.quality.no_defects")
    return defect_trend_chart(frame)


def open_age(project: Project) -> Any:
    """Open defects by severity and age as stacked bars, or a sentence when none is open."""
    frame = open_by_age(project)
    if frame.empty:
        return md("report.quality.none_open")
    return open_age_chart(frame)


def open_table(project: Project, *, top: int = 20) -> Any:
    """The open defects, most severe and oldest first (the first ``top``)."""
    frame = open_defects(project).head(top)
    if frame.empty:
        return md("report.quality.none_open")
    return table(
        frame,
        {
            "severity": "col.severity",
            "title": "col.defect_title",
            "component": "col.component",
            "found_on": "col.found_on",
            "age_days": "col.age_days",
            "status": "col.status",
            "requirement": "col.requirement",
        },
        index="col.id",
        coded=_CODED,
    )


def density(project: Project) -> Any:
    """Defect density bars where component sizes are given; a sentence when no defect names
    a component or no size is given (``quality: components:`` in project.yaml)."""
    frame = defect_density(project)
    if frame.empty:
        return md("report.quality.no_components")
    if not frame["size_kloc"].notna().any():
        return md("report.quality.no_sizes")
    return defect_density_chart(frame)


def density_table(project: Project) -> Any:
    """Defects, open defects, size and density per component."""
    frame = defect_density(project)
    if frame.empty:
        return md("report.quality.no_components")
    columns = {"defects": "col.defects", "open": "col.open_defects"}
    if frame["size_kloc"].notna().any():
        columns |= {"size_kloc": "col.size_kloc", "per_kloc": "col.per_kloc"}
    return table(
        frame,
        columns,
        index="col.component",
        formats={"size_kloc": "{:g}", "per_kloc": "{:.2f}"},
    )


def escaped(project: Project) -> Any:
    """Defects per phase found, the escaped ones (UAT, production) marked."""
    frame = defects_by_phase(project)
    if frame.empty:
        return md("report.quality.no_phases")
    frame = frame.assign(phase_name=[t(f"phase.{p}") for p in frame.index])
    return table(
        frame,
        {"phase_name": "col.phase_found", "defects": "col.defects", "escaped": "col.escaped"},
    )


def coverage(project: Project) -> Any:
    """The requirements in play without tests or acceptance criteria, or with defects."""
    frame = requirement_coverage(project)
    if frame.empty:
        return md("report.quality.no_requirements")
    gaps = frame[(frame["tests"] == 0) | ~frame["criteria"] | (frame["defects"] > 0)]
    gaps = gaps.sort_values(["open_defects", "defects"], ascending=False, kind="stable")
    return table(
        gaps,
        {
            "title": "col.requirement_title",
            "priority": "col.priority",
            "tests": "col.tests",
            "criteria": "col.criteria",
            "defects": "col.defects",
            "open_defects": "col.open_defects",
        },
        empty="report.quality.coverage_full",
        index="col.id",
        coded=_CODED,
    )
