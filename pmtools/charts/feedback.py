"""Feedback charts: NPS and CSAT by month, themes by NPS group, days since each customer's
last visit."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from pmtools.charts._style import BASELINE, DEADLINE, NORMAL, base_layout, esc
from pmtools.i18n import t, use_language
from pmtools.render.palette import RAG_COLOURS

__all__ = ["score_trend_chart", "theme_chart", "visit_recency_chart"]

_GROUP_COLOURS = {
    "detractors": RAG_COLOURS["red"],
    "passives": "#aab7b8",
    "promoters": RAG_COLOURS["green"],
    "unscored": "#d6eaf8",
}
_THEMES_SHOWN = 12


def score_trend_chart(monthly: pd.DataFrame, *, language: str | None = None) -> go.Figure:
    """NPS by month with its 90 % interval and the number of answers behind it (top), and
    the CSAT share of satisfied answers (bottom) (``monthly_scores``). Months without
    answers are gaps, not zeros."""
    with use_language(language):
        months = list(monthly.index)
        figure = make_subplots(
            rows=2,
            cols=1,
            shared_xaxes=True,
            row_heights=[0.62, 0.38],
            vertical_spacing=0.08,
        )
        scored = monthly["nps"].notna()
        figure.add_scatter(
            x=months,
            y=monthly["nps"],
            mode="lines+markers+text",
            text=[
                t("feedback.chart.n", n=int(n)) if ok else ""
                for n, ok in zip(monthly["responses"], scored, strict=True)
            ],
            textposition="top right",
            textfont={"size": 10, "color": "#566573"},
            error_y={
                "type": "data",
                "symmetric": False,
                "array": (monthly["nps_high"] - monthly["nps"]).to_numpy(dtype=float),
                "arrayminus": (monthly["nps"] - monthly["nps_low"]).to_numpy(dtype=float),
                "color": BASELINE,
                "thickness": 1.5,
            },
            line={"color": NORMAL, "width": 2.5},
            marker={"size": 9, "color": NORMAL},
            name=t("feedback.chart.nps"),
            connectgaps=False,
            row=1,
            col=1,
        )
        figure.add_hline(y=0, line={"color": "#566573", "width": 1}, row=1, col=1)
        figure.add_scatter(
            x=months,
            y=monthly["csat"] * 100,
            mode="lines+markers",
            line={"color": DEADLINE, "width": 2.5},
            marker={"size": 8, "color": DEADLINE, "symbol": "diamond"},
            name=t("feedback.chart.csat"),
            connectgaps=False,
            customdata=np.stack(
                [monthly["csat_responses"], monthly["csat_mean"].fillna(0)], axis=-1
            )
            if len(monthly)
            else None,
            hovertemplate=t("feedback.chart.csat_hover"),
            row=2,
            col=1,
        )
        base_layout(figure, title=t("feedback.chart.trend"), height=520)
        figure.update_yaxes(title=t("feedback.chart.nps_axis"), range=[-105, 105], row=1, col=1)
        figure.update_yaxes(title=t("feedback.chart.csat_axis"), range=[0, 105], row=2, col=1)
        figure.update_xaxes(type="category", row=1, col=1)
        figure.update_xaxes(title=t("feedback.chart.month"), type="category", row=2, col=1)
        return figure


def theme_chart(themes: pd.DataFrame, *, language: str | None = None) -> go.Figure:
    """The most named themes (``themes``), each bar split into detractors, passives,
    promoters and answers without NPS; rank 1 on top."""
    with use_language(language):
        shown = themes.head(_THEMES_SHOWN)
        labels = [esc(theme) for theme in shown.index]
        figure = go.Figure()
        for column, colour in _GROUP_COLOURS.items():
            if not shown[column].any():
                continue
            figure.add_bar(
                x=shown[column],
                y=labels,
                orientation="h",
                name=t(f"feedback.chart.{column}"),
                marker_color=colour,
                hovertemplate="%{y}: %{x}<extra>%{fullData.name}</extra>",
            )
        base_layout(figure, title=t("feedback.chart.themes"), height=150 + 34 * len(shown))
        figure.update_layout(
            barmode="stack",
            margin={"l": 20, "r": 30, "t": 90, "b": 50},
            legend={"traceorder": "normal"},
        )
        figure.update_yaxes(autorange="reversed", type="category")
        figure.update_xaxes(title=t("feedback.chart.mentions"), dtick=1 if len(shown) else None)
        top = float(shown["mentions"].max()) if len(shown) else 1.0
        if top > 12:
            figure.update_xaxes(dtick=None)
        return figure


def visit_recency_chart(customers: pd.DataFrame, *, language: str | None = None) -> go.Figure:
    """Days since each customer's last visit (``customer_overview``) against the agreed
    interval: red when a visit is due and none is planned, amber when one is planned,
    green when the customer was visited in time."""
    with use_language(language):
        labels = [esc(name) for name in customers["organisation"]]
        days = customers["days_since"]
        figure = go.Figure()
        for state, colour in (
            ("due", RAG_COLOURS["red"]),
            ("planned", RAG_COLOURS["amber"]),
            ("ok", RAG_COLOURS["green"]),
        ):
            mask = (customers["state"] == state).to_numpy()
            if not mask.any():
                continue
            figure.add_bar(
                x=days[mask].fillna(0),
                y=[label for label, keep in zip(labels, mask, strict=True) if keep],
                orientation="h",
                marker_color=colour,
                text=[
                    t("feedback.chart.never")
                    if pd.isna(d)
                    else t("feedback.chart.days", days=int(d))
                    for d in days[mask]
                ],
                textposition="outside",
                name=t(f"feedback.chart.state.{state}"),
                hovertemplate="%{y}: %{text}<extra></extra>",
            )
        figure.add_scatter(
            x=customers["every_days"],
            y=labels,
            mode="markers",
            marker={"symbol": "line-ns", "size": 22, "line": {"width": 3, "color": "#34495e"}},
            name=t("feedback.chart.interval"),
            hovertemplate="%{y}: %{x}<extra></extra>",
        )
        base_layout(figure, title=t("feedback.chart.visits"), height=150 + 34 * len(customers))
        figure.update_layout(margin={"l": 20, "r": 40, "t": 90, "b": 50})
        top = max(
            float(days.max()) if days.notna().any() else 0.0,
            float(customers["every_days"].max()) if len(customers) else 0.0,
        )
        figure.update_xaxes(title=t("feedback.chart.days_axis"), range=[0, top * 1.18 + 5])
        figure.update_yaxes(
            type="category", categoryorder="array", categoryarray=labels, autorange="reversed"
        )
        return figure
