"""Cost charts: planned value S-curve with earned value, actual cost and the forecast."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go

from pmtools.charts._style import (
    BASELINE,
    CRITICAL,
    DEADLINE,
    NORMAL,
    STATUS_LINE,
    base_layout,
    vline,
)
from pmtools.evm import EarnedValue
from pmtools.i18n import t, use_language

__all__ = ["evm_s_curve"]


def evm_s_curve(
    curve: pd.DataFrame,
    result: EarnedValue,
    *,
    forecast: dt.date | None = None,
    currency: str = "",
    language: str | None = None,
) -> go.Figure:
    """Cumulative planned value by date; EV and AC at the status date; the EAC projection.

    ``curve`` is ``planned_value_curve``; ``forecast`` the earned-schedule finish.
    """
    with use_language(language):
        dates = pd.to_datetime(curve["date"])
        status = pd.Timestamp(result.status_date)
        figure = go.Figure()
        figure.add_scatter(
            x=dates,
            y=curve["pv"],
            mode="lines",
            name=t("cost.pv"),
            line={"color": BASELINE, "width": 3},
        )
        figure.add_scatter(
            x=[status],
            y=[result.ev],
            mode="markers",
            name=t("cost.ev"),
            marker={"color": NORMAL, "size": 14, "symbol": "circle"},
        )
        figure.add_scatter(
            x=[status],
            y=[result.ac],
            mode="markers",
            name=t("cost.ac"),
            marker={"color": CRITICAL, "size": 14, "symbol": "diamond"},
        )
        if result.eac is not None and forecast is not None:
            figure.add_scatter(
                x=[status, pd.Timestamp(forecast)],
                y=[result.ac, result.eac],
                mode="lines+markers",
                name=t("cost.eac", eac=f"{result.eac:,.0f}"),
                line={"color": CRITICAL, "dash": "dash"},
            )
        figure.add_hline(
            y=result.bac,
            line={"color": DEADLINE, "dash": "dot"},
            annotation_text=t("cost.bac", bac=f"{result.bac:,.0f}"),
            annotation_position="top left",
        )
        vline(
            figure,
            status,
            label=t("gantt.status_date", date=result.status_date),
            colour=STATUS_LINE,
            bottom=True,
        )
        base_layout(figure, title=t("cost.title"), height=440)
        figure.update_yaxes(
            title=t("cost.money", currency=currency), rangemode="tozero", separatethousands=True
        )
        figure.update_xaxes(title=t("gantt.axis"), type="date")
        return figure
