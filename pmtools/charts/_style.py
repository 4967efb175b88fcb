"""Shared look of pmtools charts: layout defaults and labelled lines; colours and fonts
come from ``pmtools.render.palette``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import plotly.graph_objects as go

from pmtools.render import escape
from pmtools.render.palette import (
    BASELINE,
    CRITICAL,
    DEADLINE,
    DONE,
    DONE_CRITICAL,
    FLOAT,
    FONT,
    MILESTONE,
    NORMAL,
    RATING_COLOURS,
    STATUS_LINE,
    SUMMARY,
)

__all__ = [
    "BASELINE",
    "CRITICAL",
    "DEADLINE",
    "DONE",
    "DONE_CRITICAL",
    "FLOAT",
    "FONT",
    "MILESTONE",
    "NORMAL",
    "RATING_COLOURS",
    "STATUS_LINE",
    "SUMMARY",
    "above_panels",
    "base_layout",
    "date_axis",
    "esc",
    "status_line",
    "vline",
]


def esc(text: Any) -> str:
    """User text for plotly labels (which understand a little HTML): ``render.escape``,
    quotes left as they are."""
    return escape(text, quote=False)


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


def above_panels(figure: go.Figure) -> go.Figure:
    """Room for the legend between the title and the panel titles of a chart of subplots:
    the legend goes on the title's line, at the right, and the panels start lower."""
    figure.update_layout(
        margin={"t": 125},
        legend={"yref": "container", "y": 0.995, "yanchor": "top", "x": 1, "xanchor": "right"},
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


#: Date ticks in Chinese at each zoom level (plotly's own month names are English only).
_ZH_DATE_TICKS = [
    {"dtickrange": [None, 86_400_000], "value": "%-m月%-d日 %H:%M"},
    {"dtickrange": [86_400_000, 604_800_000], "value": "%-m月%-d日"},
    {"dtickrange": [604_800_000, "M1"], "value": "%-m月%-d日"},
    {"dtickrange": ["M1", "M12"], "value": "%Y年%-m月"},
    {"dtickrange": ["M12", None], "value": "%Y年"},
]


#: Below this many days between the first and last date plotted, ticks are whole days.
_SHORT_SPAN_DAYS = 7


def date_axis(figure: go.Figure, *, dates: Iterable[Any] = (), **settings: Any) -> None:
    """Make the x axis a date axis (``settings`` as for ``update_xaxes``); in Chinese reports
    its ticks read 2026年3月 and 3月2日 instead of English month names. ``dates``: the dates
    plotted; when they lie within a week, the axis shows whole days with a day either side
    (plotly would tick hours)."""
    import pandas as pd

    from pmtools.i18n import get_language

    days = pd.to_datetime(pd.Series(list(dates), dtype=object), errors="coerce").dropna()
    if len(days) and "dtick" not in settings:
        first, last = days.min().normalize(), days.max().normalize()
        if (last - first).days < _SHORT_SPAN_DAYS:
            one = pd.Timedelta(days=1)
            settings.setdefault("range", [first - one, last + one])
            settings["dtick"] = 86_400_000
            settings.setdefault("tickformat", "%-m月%-d日" if get_language() == "zh" else "%b %-d")
    if get_language() == "zh" and "tickformat" not in settings:
        settings["tickformatstops"] = _ZH_DATE_TICKS
        settings.setdefault("hoverformat", "%Y-%m-%d")
    figure.update_xaxes(type="date", **settings)


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
