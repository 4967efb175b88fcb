"""Shared look of pmtools charts: colours, fonts, layout defaults."""

from __future__ import annotations

import html
from typing import Any

import plotly.graph_objects as go

# colours chosen to stay apart for colour-blind readers and in greyscale print
CRITICAL = "#c0392b"
NORMAL = "#2e86c1"
SUMMARY = "#34495e"
DONE = "#1b4f72"
DONE_CRITICAL = "#7b241c"
BASELINE = "#b3b6b7"
FLOAT = "#7f8c8d"
MILESTONE = "#8e44ad"
STATUS_LINE = "#d35400"
DEADLINE = "#1e8449"
RATING_COLOURS = {
    "low": "#82e0aa",
    "medium": "#f9e79f",
    "high": "#f5b041",
    "critical": "#e74c3c",
}
FONT = "Noto Sans CJK SC, Noto Sans SC, Microsoft YaHei, PingFang SC, Arial, sans-serif"


def esc(text: Any) -> str:
    """User text made safe for plotly labels, which understand a little HTML."""
    return html.escape(str(text), quote=False)


def base_layout(figure: go.Figure, *, title: str, height: int) -> go.Figure:
    """Apply the house layout: title, fonts, white background, readable margins."""
    figure.update_layout(
        title={"text": title, "x": 0.01, "xanchor": "left", "font": {"size": 18}},
        font={"family": FONT, "size": 12},
        height=height,
        template="plotly_white",
        margin={"l": 20, "r": 30, "t": 70, "b": 50},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "right", "x": 1},
        hoverlabel={"font": {"family": FONT}},
    )
    return figure


def vline(
    figure: go.Figure,
    x: Any,
    *,
    label: str,
    colour: str,
    dash: str = "dash",
    row: int = 0,
    bottom: bool = False,
) -> None:
    """A labelled vertical line across the plot (status date, deadline, percentiles).

    Labels sit inside the plot, to the right of the line, one ``row`` below the
    other so that lines close together keep readable labels.
    """
    figure.add_shape(
        type="line",
        x0=x,
        x1=x,
        y0=0,
        y1=1,
        yref="paper",
        line={"color": colour, "width": 2, "dash": dash},
    )
    y = 0.02 + 0.07 * row if bottom else 0.99 - 0.07 * row
    figure.add_annotation(
        x=x,
        y=y,
        yref="paper",
        text=label,
        showarrow=False,
        xanchor="left",
        yanchor="bottom" if bottom else "top",
        xshift=4,
        font={"color": colour, "size": 11},
        bgcolor="rgba(255,255,255,0.9)",
    )


def status_line(figure: go.Figure, day: Any, *, at: Any = None) -> None:
    """The status date as a labelled orange line along the bottom (``at``: where to draw
    it, default the date itself; the Gantt chart draws it at the end of the day)."""
    import pandas as pd

    from pmtools.i18n import t

    vline(
        figure,
        pd.Timestamp(day) if at is None else at,
        label=t("gantt.status_date", date=day),
        colour=STATUS_LINE,
        bottom=True,
    )
