"""Agile charts: velocity with its rolling mean, and the sprint burndown."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from pmtools.charts._style import BASELINE, CRITICAL, NORMAL, base_layout, date_axis, esc
from pmtools.i18n import get_language, t, use_language

__all__ = ["burndown_chart", "velocity_chart"]


def velocity_chart(frame: pd.DataFrame, *, language: str | None = None) -> go.Figure:
    """Committed and completed points per sprint, the rolling velocity as a line (``velocity``)."""
    with use_language(language):
        labels = [esc(s) for s in frame.index]
        figure = go.Figure()
        figure.add_bar(
            x=labels, y=frame["committed"], name=t("velocity.committed"), marker_color=BASELINE
        )
        figure.add_bar(
            x=labels, y=frame["completed"], name=t("velocity.completed"), marker_color=NORMAL
        )
        figure.add_scatter(
            x=labels,
            y=frame["rolling_velocity"],
            mode="lines+markers",
            name=t("velocity.rolling"),
            line={"color": CRITICAL, "width": 3},
        )
        base_layout(figure, title=t("velocity.title"), height=400)
        figure.update_layout(barmode="group")
        figure.update_yaxes(title=t("velocity.points"), rangemode="tozero")
        figure.update_xaxes(title=t("velocity.sprint"))
        return figure


def burndown_chart(frame: pd.DataFrame, sprint: str, *, language: str | None = None) -> go.Figure:
    """Remaining points per working day of one sprint against the ideal line (``burndown``)."""
    with use_language(language):
        figure = go.Figure()
        figure.add_scatter(
            x=frame["date"],
            y=frame["ideal"],
            mode="lines",
            name=t("burndown.ideal"),
            line={"color": BASELINE, "dash": "dash", "width": 2},
        )
        figure.add_scatter(
            x=frame["date"],
            y=frame["remaining"],
            mode="lines+markers",
            name=t("burndown.remaining"),
            line={"color": NORMAL, "width": 3},
        )
        base_layout(figure, title=t("burndown.title", sprint=esc(sprint)), height=380)
        figure.update_yaxes(title=t("velocity.points"), rangemode="tozero")
        date_axis(
            figure,
            title=t("gantt.axis"),
            tickformat="%-m月%-d日" if get_language() == "zh" else "%m-%d",
            rangebreaks=[
                {"bounds": ["sat", "mon"]}
            ],  # working days only: the ideal line is straight
        )
        return figure
