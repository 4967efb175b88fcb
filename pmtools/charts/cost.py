"""Cost charts: the planned value S-curve with earned value, actual cost and the forecast;
SPI/CPI trends; spending by category; reserve burn."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from pmtools.charts._style import (
    BASELINE,
    CRITICAL,
    DEADLINE,
    MILESTONE,
    NORMAL,
    STATUS_LINE,
    base_layout,
    date_axis,
    esc,
    status_line,
)
from pmtools.evm import EarnedValue
from pmtools.i18n import t, use_language

__all__ = ["cost_by_category_chart", "evm_s_curve", "index_trend", "reserve_burn"]

_CATEGORY_COLOURS = ("#2e86c1", "#8e44ad", "#d35400", "#1e8449", "#b7950b", "#5d6d7e", "#c0392b")


def evm_s_curve(
    curve: pd.DataFrame,
    result: EarnedValue,
    *,
    forecast: dt.date | None = None,
    periods: pd.DataFrame | None = None,
    currency: str = "",
    language: str | None = None,
) -> go.Figure:
    """Cumulative planned value by date; EV and AC to the status date; the EAC projection.

    ``curve`` is ``planned_value_curve``; ``forecast`` the earned-schedule finish;
    ``periods`` (``evm_periods``) draws EV and AC as lines through the past periods,
    without it they are dots at the status date.
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
        history = periods is not None and len(periods) > 1
        when = pd.to_datetime(periods["date"]) if history else [status]  # type: ignore[index]
        for key, colour, symbol in (("ev", NORMAL, "circle"), ("ac", CRITICAL, "diamond")):
            figure.add_scatter(
                x=when,
                y=periods[key] if history else [getattr(result, key)],  # type: ignore[index]
                mode="lines+markers" if history else "markers",
                name=t(f"cost.{key}"),
                line={"color": colour, "width": 2.5},
                marker={"color": colour, "size": 6 if history else 14, "symbol": symbol},
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
        status_line(figure, result.status_date)
        base_layout(figure, title=t("cost.title"), height=440)
        figure.update_yaxes(
            title=t("cost.money", currency=currency), rangemode="tozero", separatethousands=True
        )
        date_axis(figure, title=t("gantt.axis"))
        return figure


def index_trend(
    periods: pd.DataFrame,
    *,
    amber: float = 0.95,
    red: float = 0.85,
    language: str | None = None,
) -> go.Figure:
    """SPI, CPI and SPI(t) by period (``evm_periods``), with 1.0 and the amber/red thresholds."""
    with use_language(language):
        dates = pd.to_datetime(periods["date"])
        figure = go.Figure()
        for key, colour, dash in (
            ("cpi", CRITICAL, "solid"),
            ("spi", NORMAL, "solid"),
            ("spi_t", MILESTONE, "dot"),
        ):
            figure.add_scatter(
                x=dates,
                y=periods[key],
                mode="lines+markers",
                name=t(f"cost.index.{key}"),
                line={"color": colour, "dash": dash, "width": 2.5},
                connectgaps=False,
            )
        figure.add_hline(y=1.0, line={"color": DEADLINE, "width": 1})
        for level, colour, label, where in (
            (amber, "#b9770e", "amber", "top right"),
            (red, CRITICAL, "red", "bottom right"),
        ):
            figure.add_hline(
                y=level,
                line={"color": colour, "dash": "dash", "width": 1},
                annotation_text=t(f"cost.index.{label}", value=f"{level:.2f}"),
                annotation_position=where,
            )
        values = periods[["cpi", "spi", "spi_t"]].to_numpy(dtype=float)
        finite = values[np.isfinite(values)]
        # every value stays on the chart, with the thresholds and 1.0 always in view
        low = min(float(finite.min()) if finite.size else 1.0, red)
        high = max(float(finite.max()) if finite.size else 1.0, 1.0)
        pad = max((high - low) * 0.06, 0.03)
        low, high = max(low - pad, 0.0), high + pad
        base_layout(figure, title=t("cost.index.title"), height=360)
        figure.update_yaxes(title=t("cost.index.axis"), range=[low, high])
        date_axis(figure, title=t("gantt.axis"))
        return figure


def cost_by_category_chart(
    frame: pd.DataFrame, *, currency: str = "", language: str | None = None
) -> go.Figure:
    """Stacked bars: actual cost per period and category (``cost_by_category``)."""
    with use_language(language):
        figure = go.Figure()
        labels = [pd.Timestamp(d).strftime("%Y-%m") for d in frame.index]
        for i, category in enumerate(frame.columns):
            name = t("cost.category.none") if category == "-" else esc(category)
            figure.add_bar(
                x=labels,
                y=frame[category],
                name=name,
                marker_color=_CATEGORY_COLOURS[i % len(_CATEGORY_COLOURS)],
            )
        base_layout(figure, title=t("cost.category.title"), height=380)
        figure.update_layout(barmode="stack")
        figure.update_yaxes(
            title=t("cost.money_month", currency=currency),
            rangemode="tozero",
            separatethousands=True,
        )
        figure.update_xaxes(title=t("cost.category.axis"), type="category")
        return figure


def reserve_burn(
    periods: pd.DataFrame,
    reserve: float,
    *,
    forecast_left: float | None = None,
    currency: str = "",
    language: str | None = None,
) -> go.Figure:
    """Reserve left after the cost overrun so far (max(0, AC - EV)) by period, and the
    reserve left after the forecast overrun at completion as a dashed level."""
    with use_language(language):
        dates = pd.to_datetime(periods["date"])
        left = reserve - np.maximum(periods["ac"] - periods["ev"], 0.0)
        figure = go.Figure()
        figure.add_scatter(
            x=dates,
            y=left,
            mode="lines+markers",
            fill="tozeroy",
            name=t("cost.reserve.left"),
            line={"color": DEADLINE, "width": 2.5},
        )
        figure.add_hline(
            y=reserve,
            line={"color": BASELINE, "dash": "dot"},
            annotation_text=t("cost.reserve.total", value=f"{reserve:,.0f}"),
            annotation_position="top left",
        )
        if forecast_left is not None:
            figure.add_hline(
                y=forecast_left,
                line={"color": CRITICAL if forecast_left < 0 else STATUS_LINE, "dash": "dash"},
                annotation_text=t("cost.reserve.forecast", value=f"{forecast_left:,.0f}"),
                annotation_position="bottom left",
            )
        base_layout(figure, title=t("cost.reserve.title"), height=340)
        figure.update_yaxes(
            title=t("cost.money_plain", currency=currency),
            separatethousands=True,
            rangemode="tozero",
        )
        date_axis(figure, title=t("gantt.axis"))
        return figure
