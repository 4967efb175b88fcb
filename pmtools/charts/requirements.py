"""Requirements charts: MoSCoW by status, value against effort."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from pmtools.charts._style import base_layout, esc
from pmtools.i18n import t, use_language

__all__ = ["moscow_bars", "value_effort_chart"]

_STATUS_COLOURS = {
    "done": "#1e8449",
    "approved": "#2e86c1",
    "changed": "#f5b041",
    "proposed": "#aab7b8",
    "rejected": "#c0392b",
}
_LABELLED = 8  # only the best-ranked carry their id on the chart; every point has a hover text
# neighbouring ranks often sit close together: their labels go to different sides
_POSITIONS = ("top center", "bottom center", "middle right", "middle left")
_PRIORITY_COLOURS = {"must": "#c0392b", "should": "#f39c12", "could": "#2e86c1", "wont": "#95a5a6"}


def moscow_bars(summary: pd.DataFrame, *, language: str | None = None) -> go.Figure:
    """Requirements per MoSCoW priority, stacked by status (``moscow_summary`` frame)."""
    with use_language(language):
        labels = [t(f"reqdoc.priority.{p}") for p in summary.index]
        figure = go.Figure()
        for status, colour in _STATUS_COLOURS.items():
            if status in summary.columns and summary[status].sum():
                figure.add_bar(
                    x=summary[status],
                    y=labels,
                    orientation="h",
                    name=t(f"status.req.{status}"),
                    marker_color=colour,
                    hovertemplate="%{y}: %{x}<extra>%{fullData.name}</extra>",
                )
        base_layout(figure, title=t("reqchart.moscow"), height=320)
        figure.update_layout(barmode="stack")
        figure.update_yaxes(autorange="reversed")
        figure.update_xaxes(title=t("reqchart.count"), dtick=2)
        return figure


def value_effort_chart(frame: pd.DataFrame, *, language: str | None = None) -> go.Figure:
    """Business value against effort; upper left is worth doing first (``value_effort`` frame).

    The eight best-ranked requirements are labelled with their id.
    """
    with use_language(language):
        figure = go.Figure()
        for priority, colour in _PRIORITY_COLOURS.items():
            part = frame[frame["priority"] == priority]
            if part.empty:
                continue
            ranks = part["rank"] if "rank" in part.columns else pd.Series(0, index=part.index)
            labels = [
                esc(i) if r <= _LABELLED else "" for i, r in zip(part.index, ranks, strict=True)
            ]
            figure.add_scatter(
                x=part["effort"],
                y=part["business_value"],
                mode="markers+text",
                text=labels,
                textposition=[_POSITIONS[int(r) % len(_POSITIONS)] for r in ranks.fillna(0)],
                textfont={"size": 10},
                marker={"size": 12, "color": colour, "opacity": 0.85},
                name=t(f"reqdoc.priority.{priority}"),
                hovertext=[
                    f"{esc(i)}: {esc(title)}"
                    for i, title in zip(part.index, part["title"], strict=True)
                ],
                hoverinfo="text",
            )
        base_layout(figure, title=t("reqchart.value_effort"), height=460)
        figure.update_xaxes(title=t("reqchart.effort"), rangemode="tozero")
        figure.update_yaxes(title=t("reqchart.value"), range=[0, 10.8])
        return figure
