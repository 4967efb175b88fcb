"""The cost report's text and the sections that depend on the data: categories, reserve."""

from __future__ import annotations

from typing import Any

import pandas as pd

from pmtools.charts import cost_by_category_chart, reserve_burn
from pmtools.evm import cost_by_category, reserve_state
from pmtools.i18n import t
from pmtools.model import Project
from pmtools.render import Markdown, inline, md

__all__ = ["categories", "headline", "reserve"]


def headline(project: Project, result: Any) -> Markdown:
    """Earned value in one paragraph: EV against PV and AC, indices, forecasts, reserve."""

    def money(value: float | None) -> str:
        return t("evm.null") if value is None else f"{value:,.0f}"

    def index(value: float | None) -> str:
        return t("evm.null") if value is None else f"{value:.2f}"

    text = t(
        "report.cost.headline",
        date=result.status_date,
        ev=money(result.ev),
        currency=inline(project.currency or ""),
        bac=money(result.bac),
        pv=money(result.pv),
        ac=money(result.ac),
        cpi=index(result.cpi),
        spi=index(result.spi),
        eac=money(result.eac),
        vac=money(result.vac),
        tcpi=index(result.tcpi),
        es=index(result.es),
        at=result.at,
        spi_t=index(result.spi_t),
        finish=result.es_finish or t("evm.null"),
    )
    if project.budget is not None:
        text += t(
            "report.cost.reserve",
            budget=money(project.budget),
            reserve=money(reserve_state(project, result)["reserve"]),
        )
    return Markdown(text)


def categories(project: Project) -> Any:
    """Actual cost per month and category as stacked bars, or a sentence when none yet."""
    frame = cost_by_category(project)
    if frame.empty or not frame.to_numpy().any():
        return md("report.cost.no_categories")
    return cost_by_category_chart(frame, currency=project.currency or "")


def reserve(project: Project, result: Any, periods: pd.DataFrame) -> Any:
    """The reserve burn chart, or a sentence when project.yaml sets no budget or reserve."""
    state = reserve_state(project, result)
    if state["reserve"] is None:
        return md("report.cost.no_reserve")
    return reserve_burn(
        periods, state["reserve"], forecast_left=state["left"], currency=project.currency or ""
    )
