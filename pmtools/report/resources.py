"""The resources report's text and tables: headline, over-allocations, utilisation, levelling."""

from __future__ import annotations

from typing import Any

import pandas as pd

from pmtools.i18n import t
from pmtools.model import Project
from pmtools.render import Markdown, inline, md, table
from pmtools.resources import Levelled, overallocations, resources, utilisation

__all__ = ["conflicts", "headline", "levelling", "moved", "overallocation_table", "usage"]


def _number(value: float, digits: int = 0) -> str:
    return f"{value:,.{digits}f}"


def headline(project: Project, levelled: Levelled | None = None) -> Markdown:
    """The resources in one paragraph: work and utilisation, over-allocations after the
    status date, resource cost and, given a levelled plan, what levelling costs."""
    table = resources(project)
    if table is None:
        return md("report.resources.no_data")
    use = utilisation(project)
    available = float(use["available"].sum())
    allocated = float(use["allocated"].sum())
    text = t(
        "report.resources.headline",
        resources=len(use),
        allocated=_number(allocated, 1),
        share=_number(100 * allocated / available) if available else "-",
    )
    runs = overallocations(project)
    ahead = runs[runs["last"] > project.status_date]
    if len(ahead):
        first = ahead.sort_values("first", kind="stable").iloc[0]
        text += t(
            "report.resources.ahead",
            count=len(ahead),
            date=project.status_date.isoformat(),
            days=int(ahead["days"].sum()),
            first=max(first["first"], project.status_date).isoformat(),
            resource=inline(first["resource"]),
        )
    else:
        text += t("report.resources.none_ahead", date=project.status_date.isoformat())
    if not table["declared"].any():
        text += t("report.resources.undeclared")
    elif use["cost"].notna().any():
        amount = _number(float(use["cost"].sum()))
        currency = inline(project.currency or "")
        text += t("report.resources.cost", amount=f"{amount} {currency}" if currency else amount)
    else:
        text += t("report.resources.no_rates")
    if levelled is not None:
        finish = levelled.plan.attrs["project_finish"].isoformat()
        if levelled.finish_delay:
            text += t(
                "report.resources.levelled",
                finish=finish,
                before=levelled.unlevelled.attrs["project_finish"].isoformat(),
                delay=levelled.finish_delay,
                moved=len(levelled.moved),
            )
        else:
            text += t("report.resources.levelled_same", finish=finish, moved=len(levelled.moved))
    return Markdown(text)


def overallocation_table(project: Project) -> Any:
    """Every over-allocation with the tasks causing it, or a sentence when there is none."""
    runs = overallocations(project)
    if runs.empty:
        return md("report.resources.no_overallocations")
    return table(
        runs,
        {
            "resource": "col.resource",
            "first": "col.first",
            "last": "col.last",
            "days": "col.workdays",
            "peak_load": "col.peak_load",
            "capacity": "col.capacity_units",
            "tasks": "col.tasks",
            "task_names": "col.task_names",
        },
        formats={"peak_load": "{:g}", "capacity": "{:g}"},
    )


def usage(project: Project) -> Any:
    """Utilisation and cost per resource over the plan, as a table."""
    use = utilisation(project).reset_index()
    currency = project.currency or ""
    columns = {
        "resource": "col.resource",
        "role": "col.role",
        "capacity": "col.capacity_units",
        "available": "col.available",
        "allocated": "col.allocated",
        "utilisation_pct": "col.utilisation_pct",
        "over_days": "col.over_days",
    }
    if use["cost"].notna().any():
        use = use.rename(
            columns={
                "cost_rate": t("col.cost_rate", currency=currency),
                "cost": t("col.resource_cost", currency=currency),
            }
        )
        rate, cost = (
            t("col.cost_rate", currency=currency),
            t("col.resource_cost", currency=currency),
        )
        columns |= {rate: rate, cost: cost}
    else:
        rate = cost = ""
    return table(
        use,
        columns,
        formats={
            "capacity": "{:g}",
            "available": "{:,.1f}",
            "allocated": "{:,.1f}",
            "utilisation_pct": "{:.0f}",
            rate: "{:,.0f}",
            cost: "{:,.0f}",
        },
    )


def levelling(levelled: Levelled) -> Markdown:
    """Whether the levelled plan is proven optimal."""
    if levelled.optimal:
        return md("report.resources.proven")
    if levelled.finish_optimal:
        return md("report.resources.finish_proven")
    return md("report.resources.not_proven")


def moved(levelled: Levelled) -> Any:
    """The tasks levelling delays, longest delay first, or a sentence when none moves."""
    frame = levelled.moved
    if frame.empty:
        return md("report.resources.none_moved")
    return table(
        frame,
        {
            "name": "col.name",
            "start_before": "col.start_before",
            "start_after": "col.start_after",
            "delay": "col.delay_days",
        },
        index="col.id",
    )


def conflicts(levelled: Levelled) -> Any:
    """The over-allocations levelling leaves, or a sentence when none is left."""
    frame: pd.DataFrame = levelled.conflicts
    if frame.empty:
        return md("report.resources.no_conflicts")
    return table(
        frame,
        {
            "resource": "col.resource",
            "date": "col.date",
            "load": "col.load_units",
            "capacity": "col.capacity_units",
            "tasks": "col.tasks",
        },
        formats={"load": "{:g}", "capacity": "{:g}"},
    )
