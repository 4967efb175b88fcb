"""The status report's text: the overall rating and the table of area ratings with their rules."""

from __future__ import annotations

from typing import Any

import pandas as pd

from pmtools.i18n import t
from pmtools.model import Project
from pmtools.render import Markdown, Table, escape, rag_chip, table
from pmtools.render.css import TABLE

__all__ = ["ATTENTION_SHOWN", "attention", "headline", "ratings"]

#: How many attention items the status page lists (reds first); the rest are counted.
ATTENTION_SHOWN = 8


def headline(project: Project, report: Any) -> Markdown:
    """The overall rating, the status date and how many tasks are finished."""
    return Markdown(
        t(
            "report.status.overall",
            rag=rag_chip(report.overall),
            date=report.status_date,
            finished=report.schedule.finished,
            tasks=report.schedule.tasks,
        )
    )


def ratings(report: Any) -> Table:
    """The RAG table: area, coloured rating, the facts behind it; then the rules, stated."""
    rules = report.rules
    values = {
        "scope": {"red": f"{rules.scope_red_share:.0%}"},
        "schedule": {
            "red": rules.schedule_red_days,
            "amber": rules.schedule_amber_days,
            "index_red": rules.index_red,
            "index_amber": rules.index_amber,
        },
        "cost": {"index_red": rules.index_red, "index_amber": rules.index_amber},
        "risk": {},
        "quality": {
            "red": rules.quality_red_actions,
            "critical_days": rules.quality_critical_days,
            "weeks": rules.quality_trend_weeks,
        },
    }
    rows = "".join(
        f"<tr><td><b>{escape(t(f'status.area.{r.area}'))}</b></td>"
        f"<td>{rag_chip(r.rag)}</td><td>{escape(r.facts)}</td></tr>"
        for r in report.ratings
    )
    rule_rows = "".join(
        f"<tr><td>{escape(t(f'status.area.{area}'))}</td>"
        f"<td>{escape(t(f'status.rule.{area}', **values[area]))}</td></tr>"
        for area in values
    )
    head = "".join(f"<th>{escape(t(k))}</th>" for k in ("col.area", "col.rag", "col.facts"))
    return Table(
        f'{TABLE}<table class="pmtools-table"><thead><tr>{head}</tr></thead>'
        f"<tbody>{rows}</tbody></table>"
        f"<details><summary>{escape(t('report.status.rules'))}</summary>"
        f'<table class="pmtools-table"><tbody>{rule_rows}</tbody></table></details>'
    )


def attention(report: Any, *, limit: int = ATTENTION_SHOWN) -> Table | Markdown:
    """What needs attention now: every red item, then amber ones up to ``limit`` rows in all;
    the amber items left are counted with the practices they come from (each practice's
    report lists all of its own), so the status page stays short however many practices a
    project keeps, and never hides a red."""
    from pmtools.status import attention_frame

    frame = attention_frame(report.attention)
    red = frame[frame["rag"] == "red"]
    other = frame[frame["rag"] != "red"]
    room = max(limit - len(red), 0)
    shown = table(
        pd.concat([red, other.head(room)]),
        {"practice": "col.practice", "rag": "col.rag", "message": "col.facts"},
        coded={"rag": "status.rag"},
        empty="report.status.nothing",
    )
    rest = other.iloc[room:]
    if rest.empty or not isinstance(shown, Table):
        return shown
    counts = rest["practice"].value_counts(sort=False)
    practices = t("report.status.attention_join").join(f"{p} ({n})" for p, n in counts.items())
    more = t("report.status.attention_more", count=len(rest), practices=practices)
    return Table(f"{shown.html_text}<p><small>{escape(more)}</small></p>")
