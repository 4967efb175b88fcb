"""The feedback report's text and the sections that depend on the data: the score trend,
themes and visits charts."""

from __future__ import annotations

from typing import Any

from pmtools.charts.feedback import score_trend_chart, theme_chart, visit_recency_chart
from pmtools.feedback import (
    CONFIDENCE,
    NPS_DROP,
    customer_overview,
    feedback_summary,
    monthly_scores,
    themes,
)
from pmtools.i18n import t
from pmtools.model import Project
from pmtools.render import Markdown, inline, md
from pmtools.report.stakeholders import sentences

__all__ = ["headline", "theme_section", "trend", "visits"]


def headline(project: Project) -> Markdown:
    """NPS of the recent window with the counts and interval behind it and its direction,
    CSAT, the top theme, improvement actions from feedback and the visits that are late."""
    summary = feedback_summary(project)
    if summary is None:
        return md("report.feedback.none")
    days = summary.window_days
    parts = []
    recent, previous, overall = summary.recent, summary.previous, summary.overall
    if recent is not None:
        parts.append(
            t(
                "report.feedback.nps",
                score=recent.score,
                days=days,
                n=recent.responses,
                promoters=recent.promoters,
                passives=recent.passives,
                detractors=recent.detractors,
                confidence=CONFIDENCE,
                low=recent.low,
                high=recent.high,
            )
        )
        if previous is not None:
            change = recent.score - previous.score
            direction = (
                "falling" if change <= -NPS_DROP else "rising" if change >= NPS_DROP else "steady"
            )
            parts.append(
                t(
                    f"report.feedback.previous.{direction}",
                    score=previous.score,
                    n=previous.responses,
                )
            )
    elif overall is not None:
        parts.append(
            t(
                "report.feedback.nps_overall",
                days=days,
                score=overall.score,
                n=overall.responses,
                confidence=CONFIDENCE,
                low=overall.low,
                high=overall.high,
            )
        )
    else:
        parts.append(t("report.feedback.nps_none"))
    satisfaction = summary.csat_recent
    if satisfaction is not None:
        parts.append(
            t(
                "report.feedback.csat",
                share=satisfaction.share,
                days=days,
                mean=satisfaction.mean,
                n=satisfaction.responses,
            )
        )
    if summary.top_theme is not None:
        parts.append(t("report.feedback.theme", theme=inline(summary.top_theme)))
    parts.append(
        t(
            "report.feedback.actions",
            count=summary.actions,
            open=summary.actions_open,
            overdue=summary.actions_overdue,
        )
    )
    parts.append(
        t(
            "report.feedback.visits",
            overdue=summary.visits_overdue,
            due=summary.customers_due,
        )
    )
    return Markdown(sentences(parts))


def trend(project: Project) -> Any:
    """NPS and CSAT by month, or a sentence without feedback."""
    monthly = monthly_scores(project)
    if monthly.empty:
        return md("report.feedback.no_feedback")
    return score_trend_chart(monthly)


def theme_section(project: Project) -> Any:
    """Themes by mentions split by NPS group, or a sentence when no row names a theme."""
    ranked = themes(project)
    if ranked.empty:
        return md("report.feedback.no_themes")
    return theme_chart(ranked)


def visits(project: Project) -> Any:
    """Days since each customer's last visit against the agreed interval, or a sentence
    without customers."""
    customers = customer_overview(project)
    if customers.empty:
        return md("report.feedback.no_customers")
    return visit_recency_chart(customers)
