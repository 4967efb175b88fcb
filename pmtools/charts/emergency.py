"""Emergency charts: incidents by month and severity, time to restore against the RTO."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from pmtools.charts._style import BASELINE, DEADLINE, FLOAT, SUMMARY, base_layout, esc
from pmtools.i18n import t, use_language
from pmtools.render.palette import RAG_COLOURS

__all__ = ["incidents_by_month_chart", "restore_chart"]

SEVERITY_COLOURS = {"critical": "#7b241c", "high": "#c0392b", "medium": "#f5b041", "low": "#85c1e9"}
_LABEL_CHARS = 34


def _label(incident: str, title: str) -> str:
    text = str(title)
    if len(text) > _LABEL_CHARS:
        text = text[: _LABEL_CHARS - 1].rstrip() + "…"
    return esc(f"{incident} · {text}")


def incidents_by_month_chart(counts: pd.DataFrame, *, language: str | None = None) -> go.Figure:
    """Incidents started per month, stacked by severity (``incidents_by_month``)."""
    with use_language(language):
        months = [pd.Timestamp(m).strftime("%Y-%m") for m in counts.index]
        figure = go.Figure()
        for severity, colour in SEVERITY_COLOURS.items():
            if severity in counts.columns and counts[severity].sum():
                figure.add_bar(
                    x=months,
                    y=counts[severity],
                    name=t(f"emergency.severity.{severity}"),
                    marker_color=colour,
                    hovertemplate="%{x}: %{y}<extra>%{fullData.name}</extra>",
                )
        base_layout(figure, title=t("emergency.chart.months.title"), height=340)
        figure.update_layout(barmode="stack", legend={"traceorder": "normal"}, bargap=0.45)
        top = int(counts.sum(axis=1).max()) if len(counts) else 1
        figure.update_yaxes(
            title=t("emergency.chart.months.yaxis"), dtick=1, range=[0, max(top, 1) + 0.5]
        )
        figure.update_xaxes(title=t("emergency.chart.months.xaxis"), type="category")
        return figure


def restore_chart(log: pd.DataFrame, *, language: str | None = None) -> go.Figure:
    """Hours to restore per incident (``incident_log``), coloured by whether it met its
    scenario's RTO; open incidents hatched with their hours so far; each RTO as a mark."""
    with use_language(language):
        rows = log.sort_values("start")
        labels = [_label(str(i), r["title"]) for i, r in rows.iterrows()]
        outcome = [
            "open"
            if r["open"]
            else "none"
            if r["met_rto"] is None
            else "met"
            if r["met_rto"]
            else "missed"
            for _, r in rows.iterrows()
        ]
        colours = {
            "met": DEADLINE,
            "missed": RAG_COLOURS["red"],
            "open": RAG_COLOURS["amber"],
            "none": FLOAT,
        }
        figure = go.Figure()
        for kind, colour in colours.items():
            keep = [o == kind for o in outcome]
            if not any(keep):
                continue
            part = rows[keep]
            figure.add_bar(
                y=[label for label, k in zip(labels, keep, strict=True) if k],
                x=part["hours_to_restore"],
                orientation="h",
                name=t(f"emergency.chart.restore.{kind}"),
                marker={"color": colour, "pattern": {"shape": "/" if kind == "open" else ""}},
                customdata=[[t(f"emergency.severity.{s}")] for s in part["severity"]],
                hovertemplate=t("emergency.chart.restore.hover"),
            )
        targets = rows["rto_hours"].notna()
        if targets.any():
            figure.add_scatter(
                x=rows.loc[targets, "rto_hours"],
                y=[label for label, k in zip(labels, targets, strict=True) if k],
                mode="markers",
                name=t("emergency.chart.restore.rto"),
                marker={"symbol": "line-ns", "size": 22, "line": {"width": 3, "color": SUMMARY}},
                hovertemplate=t("emergency.chart.restore.hover_rto"),
            )
        base_layout(
            figure, title=t("emergency.chart.restore.title"), height=210 + 34 * max(len(rows), 1)
        )
        figure.update_layout(
            barmode="overlay",
            bargap=0.35,
            legend={"y": 1.0, "yanchor": "bottom", "x": 0, "xanchor": "left"},
            margin={"t": 120},
        )
        figure.update_yaxes(
            autorange="reversed", automargin=True, categoryorder="array", categoryarray=labels
        )
        figure.update_xaxes(
            title=t("emergency.chart.restore.xaxis"), rangemode="tozero", gridcolor=BASELINE
        )
        return figure
