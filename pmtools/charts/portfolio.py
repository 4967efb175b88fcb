"""Portfolio charts: every project's milestones on one timeline, risk against value."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from pmtools.charts._style import CRITICAL, NORMAL, base_layout, esc, status_line
from pmtools.i18n import t, use_language
from pmtools.render.palette import RAG_COLOURS

__all__ = ["milestone_gantt", "risk_value_bubbles"]


def milestone_gantt(
    rows: list[dict[str, Any]], *, status_date: dt.date | None = None, language: str | None = None
) -> go.Figure:
    """Every project's milestones on one timeline, a row per project: forecast (red when
    later than its baseline) and the baseline as open grey diamonds."""
    with use_language(language):
        figure = go.Figure()
        xs, ys, colours, texts, bx, by = [], [], [], [], [], []
        for row in sorted(rows, key=lambda r: str(r["project"]), reverse=True):
            label = esc(row["project"])
            for _, m in row["milestones"].iterrows():
                finish = pd.Timestamp(m["finish"])
                base = (
                    pd.Timestamp(m["baseline_finish"]) if pd.notna(m["baseline_finish"]) else None
                )
                xs.append(finish)
                ys.append(label)
                colours.append(CRITICAL if base is not None and finish > base else NORMAL)
                texts.append(esc(m["name"]))
                if base is not None:
                    bx.append(base)
                    by.append(label)
        figure.add_scatter(
            x=bx, y=by, mode="markers", name=t("milestones.baseline"),
            marker={"symbol": "diamond-open", "size": 11, "color": "#b3b6b7", "line": {"width": 2}},
            hoverinfo="skip",
        )  # fmt: skip
        figure.add_scatter(
            x=xs, y=ys, mode="markers", name=t("portfolio.milestone"), text=texts,
            marker={"symbol": "diamond", "size": 12, "color": colours},
            hovertemplate="%{y}<br>%{text}<br>%{x|%Y-%m-%d}<extra></extra>",
        )  # fmt: skip
        if status_date is not None:
            status_line(figure, status_date)
        base_layout(figure, title=t("portfolio.gantt"), height=160 + 44 * max(len(rows), 1))
        figure.update_xaxes(title=t("gantt.axis"), type="date")
        figure.update_yaxes(automargin=True)
        return figure


def risk_value_bubbles(frame: pd.DataFrame, *, language: str | None = None) -> go.Figure:
    """Risk (top risk score) against business value, one bubble per project: its size the
    number of open risks, its colour the health."""
    with use_language(language):
        figure = go.Figure()
        data = frame.copy()
        data["value"] = data["value"].fillna(0).astype(float)
        data["top_risk_score"] = data["top_risk_score"].fillna(0).astype(float)
        count = data["open_risks"].fillna(0).astype(float)
        most = float(count.max()) or 1.0
        # neighbours along the value axis get their labels on opposite sides
        order = data["value"].rank(method="first").astype(int)
        data["_pos"] = ["top center" if o % 2 else "bottom center" for o in order]
        for health, group in data.groupby("health", sort=False):
            sizes = (16 + 34 * (count[group.index] / most) ** 0.5).tolist()
            figure.add_scatter(
                x=group["value"],
                y=group["top_risk_score"],
                mode="markers+text",
                name=t(f"status.rag.{health}"),
                text=[esc(p) for p in group["project"]],
                textposition=group["_pos"].tolist(),
                customdata=count[group.index],
                marker={"size": sizes, "color": RAG_COLOURS[str(health)], "opacity": 0.75},
                hovertemplate="%{text}<br>" + t("portfolio.value") + " %{x:,.0f}<br>"
                + t("portfolio.risk") + " %{y}<br>" + t("portfolio.open_risks")
                + " %{customdata}<extra></extra>",
            )  # fmt: skip

        def padded(values: pd.Series) -> list[float]:
            low, high = float(values.min()), float(values.max())
            pad = max((high - low) * 0.25, abs(high) * 0.1, 1.0)
            return [low - pad, high + pad]

        base_layout(figure, title=t("portfolio.bubbles"), height=460)
        if len(data):
            figure.update_xaxes(range=padded(data["value"]))
            figure.update_yaxes(range=padded(data["top_risk_score"]))
        figure.update_xaxes(title=t("portfolio.value"))
        figure.update_yaxes(title=t("portfolio.risk"))
        return figure
