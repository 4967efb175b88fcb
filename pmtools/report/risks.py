"""The risk report's text: headline, the trend against the last snapshot, schedule risk."""

from __future__ import annotations

from typing import Any

import pandas as pd

from pmtools.i18n import t
from pmtools.model import Project
from pmtools.montecarlo import pert_summary
from pmtools.render import Markdown, inline, md, table
from pmtools.risk import open_threat_emv, rating_counts, trend_since_snapshot

__all__ = ["headline", "schedule_risk", "trend"]


def headline(project: Project, register: pd.DataFrame) -> Markdown:
    """Open risks by rating, EMV of open threats and overdue responses, in one paragraph."""
    counts = rating_counts(register)
    active = int(register["active"].sum()) if not register.empty else 0
    overdue = int(register["overdue"].sum()) if not register.empty else 0
    return Markdown(
        t(
            "report.risks.headline",
            open=active,
            emv=f"{open_threat_emv(register):,.0f}",
            currency=inline(project.currency or ""),
            overdue=overdue,
            **counts,
        )
    )


def trend(project: Project, register: pd.DataFrame) -> None:
    """Show a heading and the changes since the latest snapshot in history/ (or a note)."""
    from IPython.display import display

    found = trend_since_snapshot(project, register)
    if found is None:
        display(md("report.risks.no_trend"))  # type: ignore[no-untyped-call]
        return
    day, changed = found
    changed = changed.assign(change=changed["change"].map(lambda c: t(f"trend.{c}")))
    columns = {
        "title": "col.title",
        "change": "col.change",
        "score_before": "col.score_before",
        "score_after": "col.score_after",
    }
    display(md("report.risks.trend", date=day))  # type: ignore[no-untyped-call]
    display(table(changed, columns, index="col.id"))  # type: ignore[no-untyped-call]


def schedule_risk(result: Any) -> Markdown:
    """The simulation's percentiles and deadline chance, beside the PERT approximation."""
    text = t(
        "report.risks.schedule",
        iterations=result.iterations,
        seed=result.seed,
        p50=result.finish_date(result.percentile(50)),
        p80=result.finish_date(result.percentile(80)),
        p90=result.finish_date(result.percentile(90)),
        planned=result.finish_date(result.deterministic),
    )
    if result.deadline_probability is not None:
        pert = pert_summary(result.project)
        text += t(
            "report.risks.deadline",
            deadline=result.project.deadline,
            probability=f"{100 * result.deadline_probability:.0f}",
            pert=f"{100 * (pert.probability or 0):.0f}",
        )
    return Markdown(text)
