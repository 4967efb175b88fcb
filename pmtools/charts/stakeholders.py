"""Stakeholder charts: the power/interest grid, engagement current against desired, and the
communication calendar."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go

from pmtools.charts._style import (
    BASELINE,
    CRITICAL,
    DEADLINE,
    NORMAL,
    base_layout,
    esc,
    status_line,
)
from pmtools.i18n import t, use_language
from pmtools.render.palette import RAG_COLOURS
from pmtools.tables.stakeholders import ENGAGEMENT_LEVELS, LEVELS

__all__ = ["communication_calendar_chart", "engagement_chart", "power_interest_grid"]

_SPLIT = 2.5  # levels 3..5 are high
_QUADRANT_FILL = {
    "manage-closely": "rgba(192,57,43,0.08)",
    "keep-satisfied": "rgba(185,119,14,0.08)",
    "keep-informed": "rgba(46,134,193,0.08)",
    "monitor": "rgba(127,140,141,0.06)",
}
#: (x0, x1, y0, y1) of each quadrant: x is interest, y influence.
_QUADRANT_BOX = {
    "manage-closely": (_SPLIT, 6.0, _SPLIT, 5.5),
    "keep-satisfied": (0.5, _SPLIT, _SPLIT, 5.5),
    "keep-informed": (_SPLIT, 6.0, 0.5, _SPLIT),
    "monitor": (0.5, _SPLIT, 0.5, _SPLIT),
}
_GAP_GROUPS = (
    ("on_target", RAG_COLOURS["green"]),
    ("one_short", RAG_COLOURS["amber"]),
    ("two_short", RAG_COLOURS["red"]),
    ("not_assessed", RAG_COLOURS["none"]),
)
_LABEL_CHARS = 22


def _short(name: object, limit: int = _LABEL_CHARS) -> str:
    text = str(name)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _gap_group(gap: float) -> str:
    if pd.isna(gap):
        return "not_assessed"
    if gap >= 2:
        return "two_short"
    return "one_short" if gap >= 1 else "on_target"


def _spread(register: pd.DataFrame) -> pd.DataFrame:
    """x, y of each point: stakeholders sharing a cell stack downwards from its centre, so
    that labels written to the right of each point never meet."""
    frame = register.dropna(subset=["interest", "influence"]).copy()
    frame["x"], frame["y"] = frame["interest"].astype(float), frame["influence"].astype(float)
    for _, cell in frame.groupby(["interest", "influence"], sort=False):
        count = len(cell)
        step = min(0.22, 0.8 / count)
        for j, sid in enumerate(cell.index):
            frame.loc[sid, "y"] += ((count - 1) / 2 - j) * step
            frame.loc[sid, "x"] += -0.06 if j % 2 else 0.0
    return frame


def power_interest_grid(register: pd.DataFrame, *, language: str | None = None) -> go.Figure:
    """Stakeholders on the power/interest grid (``stakeholder_register``), coloured by how
    far their engagement is below the desired level; the four quadrants shaded and named.

    Stakeholders sharing a cell are stacked so every label stays readable; the hover text
    gives role, organisation, engagement and needs.
    """
    with use_language(language):
        figure = go.Figure()
        for quadrant, (x0, x1, y0, y1) in _QUADRANT_BOX.items():
            figure.add_shape(
                type="rect",
                x0=x0,
                x1=x1,
                y0=y0,
                y1=y1,
                fillcolor=_QUADRANT_FILL[quadrant],
                line={"width": 0},
                layer="below",
            )
            right = x0 > _SPLIT - 1
            figure.add_annotation(
                x=x1 - 0.05 if right else x0 + 0.05,
                y=y1 - 0.05,
                text=f"<b>{t(f'stakeholders.quadrant.{quadrant}')}</b>",
                showarrow=False,
                xanchor="right" if right else "left",
                yanchor="top",
                font={"size": 12, "color": "#566573"},
            )
        for line in ({"x0": _SPLIT, "x1": _SPLIT, "y0": 0.5, "y1": 5.5},
                     {"x0": 0.5, "x1": 6.0, "y0": _SPLIT, "y1": _SPLIT}):  # fmt: skip
            figure.add_shape(type="line", line={"color": BASELINE, "width": 1}, **line)
        points = _spread(register)
        groups = (
            points["gap_levels"].map(_gap_group) if not points.empty else pd.Series(dtype=object)
        )
        for group, colour in _GAP_GROUPS:
            part = points[groups == group]
            if part.empty:
                continue
            hover = [
                t(
                    "stakeholders.chart.hover",
                    name=esc(row["name"]),
                    role=esc(row["role"]) or "-",
                    organisation=esc(row["organisation"]) or "-",
                    interest=int(row["interest"]),
                    influence=int(row["influence"]),
                    current=t(f"stakeholders.engagement.{row['current_engagement']}")
                    if row["current_engagement"]
                    else "-",
                    desired=t(f"stakeholders.engagement.{row['desired_engagement']}")
                    if row["desired_engagement"]
                    else "-",
                    needs=esc(row["needs"]) or "-",
                )
                for _, row in part.iterrows()
            ]
            figure.add_scatter(
                x=part["x"],
                y=part["y"],
                mode="markers+text",
                text=[esc(_short(n)) for n in part["name"]],
                textposition="middle right",
                textfont={"size": 11},
                marker={"size": 12, "color": colour, "line": {"color": "white", "width": 1}},
                name=t(f"stakeholders.chart.{group}"),
                hovertext=hover,
                hoverinfo="text",
            )
        base_layout(figure, title=t("stakeholders.chart.grid"), height=560)
        ticks = {"tickmode": "array", "tickvals": list(range(1, LEVELS + 1))}
        figure.update_xaxes(title=t("stakeholders.chart.interest"), range=[0.5, 6.0], **ticks)
        figure.update_yaxes(title=t("stakeholders.chart.influence"), range=[0.5, 5.5], **ticks)
        figure.update_xaxes(showgrid=False, zeroline=False)
        figure.update_yaxes(showgrid=False, zeroline=False)
        return figure


def engagement_chart(register: pd.DataFrame, *, language: str | None = None) -> go.Figure:
    """Each assessed stakeholder's current engagement and the desired one, joined by a
    line (``stakeholder_register``); the largest gaps on top."""
    with use_language(language):
        rated = register.dropna(subset=["current_level", "desired_level"])
        rated = rated.sort_values("gap_levels", ascending=False, kind="stable")
        names = [esc(_short(n, 28)) for n in rated["name"]]
        figure = go.Figure()
        xs: list[float | None] = []
        ys: list[str | None] = []
        for name, (_, row) in zip(names, rated.iterrows(), strict=True):
            xs += [row["current_level"], row["desired_level"], None]
            ys += [name, name, None]
        figure.add_scatter(
            x=xs,
            y=ys,
            mode="lines",
            line={"color": BASELINE, "width": 3},
            showlegend=False,
            hoverinfo="skip",
        )
        colours = [
            CRITICAL if gap >= 2 else RAG_COLOURS["amber"] if gap >= 1 else DEADLINE
            for gap in rated["gap_levels"]
        ]
        figure.add_scatter(
            x=rated["current_level"],
            y=names,
            mode="markers",
            marker={"size": 13, "color": colours, "symbol": "circle"},
            name=t("stakeholders.chart.current"),
            hovertemplate="%{y}: %{x}<extra></extra>",
        )
        figure.add_scatter(
            x=rated["desired_level"],
            y=names,
            mode="markers",
            marker={
                "size": 13,
                "color": "white",
                "symbol": "diamond",
                "line": {"color": NORMAL, "width": 2},
            },
            name=t("stakeholders.chart.desired"),
            hovertemplate="%{y}: %{x}<extra></extra>",
        )
        base_layout(figure, title=t("stakeholders.chart.engagement"), height=140 + 30 * len(rated))
        figure.update_xaxes(
            title=t("stakeholders.chart.level"),
            tickmode="array",
            tickvals=list(range(1, len(ENGAGEMENT_LEVELS) + 1)),
            ticktext=[t(f"stakeholders.engagement.{level}") for level in ENGAGEMENT_LEVELS],
            range=[0.6, len(ENGAGEMENT_LEVELS) + 0.4],
        )
        figure.update_yaxes(autorange="reversed", type="category")
        figure.update_layout(margin={"l": 20, "r": 30, "t": 90, "b": 50})
        return figure


def communication_calendar_chart(
    calendar: pd.DataFrame, status_date: dt.date, *, language: str | None = None
) -> go.Figure:
    """The sends of the coming weeks per communication (``communication_calendar``), the
    overdue ones as red crosses at the date they were due, and the status date."""
    with use_language(language):
        figure = go.Figure()
        labels = {label: esc(_short(label, 48)) for label in calendar["label"].unique()}
        order = list(dict.fromkeys(calendar.sort_values("id")["label"]))
        for overdue, colour, symbol, key in (
            (False, NORMAL, "circle", "stakeholders.chart.send"),
            (True, CRITICAL, "x", "stakeholders.chart.overdue"),
        ):
            part = calendar[calendar["overdue"] == overdue]
            if part.empty:
                continue
            figure.add_scatter(
                x=part["date"],
                y=[labels[label] for label in part["label"]],
                mode="markers",
                marker={"size": 11 if overdue else 9, "color": colour, "symbol": symbol},
                name=t(key),
                hovertemplate="%{y}<br>%{x|%Y-%m-%d}<extra></extra>",
            )
        status_line(figure, status_date)
        base_layout(figure, title=t("stakeholders.chart.calendar"), height=160 + 28 * len(order))
        figure.update_xaxes(
            title=t("gantt.axis"),
            type="date",
            dtick=7 * 24 * 3600 * 1000,  # a tick every Monday
            tick0="2024-01-01",
            tickformat="%Y-%m-%d",
        )
        figure.update_yaxes(
            type="category",
            categoryorder="array",
            categoryarray=[labels[label] for label in order],
            autorange="reversed",
        )
        return figure
