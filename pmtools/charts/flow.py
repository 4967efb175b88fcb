"""Kanban flow charts: cumulative flow, cycle-time scatter, aging WIP, throughput, forecast.

Each takes the frames of ``pmtools.flow.flow_report`` and draws them; nothing here
computes a figure the report quotes.
"""

from __future__ import annotations

import datetime as dt
import itertools

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from pmtools.charts._style import BASELINE, DONE, NORMAL, base_layout, esc, status_line, vline
from pmtools.flow import Board, WhenForecast
from pmtools.i18n import t, use_language
from pmtools.render.palette import FLOW_COLOURS, PERCENTILE_COLOURS

__all__ = [
    "aging_wip_chart",
    "cumulative_flow_chart",
    "cycle_time_scatter",
    "forecast_chart",
    "throughput_chart",
]


def _days(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def column_colours(board: Board) -> dict[str, str]:
    """A colour per board column: backlog grey, in-progress columns distinct, done dark."""
    colours: dict[str, str] = {}
    progress = 0
    for name in board.names:
        stage = board.stage(name)
        if stage == "backlog":
            colours[name] = BASELINE
        elif stage == "done":
            colours[name] = DONE
        else:
            colours[name] = FLOW_COLOURS[progress % len(FLOW_COLOURS)]
            progress += 1
    return colours


def cumulative_flow_chart(
    cumulative: pd.DataFrame,
    board: Board,
    *,
    status_date: dt.date | None = None,
    language: str | None = None,
) -> go.Figure:
    """Items in each board column at the end of each day, stacked: done at the bottom, the
    backlog on top (``cumulative_flow``). The band widths are WIP; the slope of the done
    band is throughput."""
    with use_language(language):
        colours = column_colours(board)
        figure = go.Figure()
        for name in reversed(list(cumulative.columns)):
            figure.add_scatter(
                x=cumulative.index,
                y=cumulative[name],
                mode="lines",
                stackgroup="flow",
                name=esc(name),
                line={"width": 0.5, "color": colours.get(name, BASELINE)},
                fillcolor=colours.get(name, BASELINE),
                hovertemplate=f"{esc(name)}: %{{y}}<extra>%{{x|%Y-%m-%d}}</extra>",
            )
        if status_date is not None:
            status_line(figure, status_date)
        base_layout(figure, title=t("flow.chart.cfd.title"), height=420)
        figure.update_layout(legend={"traceorder": "reversed"})
        figure.update_yaxes(title=t("flow.chart.items"), rangemode="tozero")
        figure.update_xaxes(title=t("gantt.axis"), type="date")
        return figure


def _percentile_lines(
    figure: go.Figure, percentiles: dict[int, float | None], *, side: str = "right"
) -> None:
    for percent, days in sorted(percentiles.items()):
        if days is None:
            continue
        colour = PERCENTILE_COLOURS.get(percent, BASELINE)
        figure.add_hline(
            y=days,
            line={"color": colour, "dash": "dash", "width": 1.5},
            annotation_text=t("flow.chart.percentile", percent=percent, days=_days(days)),
            annotation_position=f"top {side}",
            annotation_font={"color": colour, "size": 11},
        )


def cycle_time_scatter(
    cycle_times: pd.DataFrame,
    percentiles: dict[int, float | None],
    *,
    language: str | None = None,
) -> go.Figure:
    """One dot per finished item at its done date and cycle time (days), with the 50th, 85th
    and 95th percentile lines (``cycle_times``, ``cycle_time_percentiles``)."""
    with use_language(language):
        figure = go.Figure()
        ids = [esc(i) for i in cycle_times.index]
        figure.add_scatter(
            x=cycle_times["done"],
            y=cycle_times["cycle_time_days"],
            mode="markers",
            name=t("flow.chart.cycle.items"),
            marker={"color": NORMAL, "size": 7, "opacity": 0.7},
            text=ids,
            hovertemplate=t("flow.chart.cycle.hover") + "<extra></extra>",
        )
        _percentile_lines(figure, percentiles)
        base_layout(figure, title=t("flow.chart.cycle.title"), height=400)
        figure.update_yaxes(title=t("flow.chart.days"), rangemode="tozero")
        figure.update_xaxes(title=t("flow.chart.done_date"), type="date")
        return figure


def aging_wip_chart(
    aging: pd.DataFrame,
    board: Board,
    percentiles: dict[int, float | None],
    *,
    language: str | None = None,
) -> go.Figure:
    """Items in progress by column (x) and age in days (y), labelled with their ids, against
    the cycle-time percentiles: an item above the 85 % line is older than 85 % of finished
    items took (``aging_wip``)."""
    with use_language(language):
        columns = list(board.in_progress_columns())
        figure = go.Figure()
        limits = [v for _, v in sorted(percentiles.items()) if v is not None]
        ages = aging["age_days"].dropna()
        top = max([*limits, *(ages.tolist() or [0.0])]) * 1.15 + 1
        bands = [0.0, *limits, top]
        shades = ("rgba(30,132,73,0.07)", "rgba(185,119,14,0.07)", "rgba(211,84,0,0.09)")
        for i, (low, high) in enumerate(itertools.pairwise(bands)):
            shade = shades[i] if i < len(shades) else "rgba(192,57,43,0.10)"
            figure.add_hrect(y0=low, y1=high, fillcolor=shade, line_width=0, layer="below")
        colours = column_colours(board)
        for place, column in enumerate(columns):
            inside = aging[(aging["column"] == column) & aging["age_days"].notna()]
            inside = inside.sort_values("age_days", ascending=False)
            count = len(inside)
            offsets = np.linspace(-0.3, 0.3, count) if count > 1 else np.zeros(count)
            figure.add_scatter(
                x=place + offsets,
                y=inside["age_days"],
                mode="markers+text",
                name=esc(column),
                # ids written only beside items older than the median cycle time (the rest
                # show theirs on hover), so crowded columns stay readable
                text=[
                    esc(i) if pd.notna(beyond) else ""
                    for i, beyond in zip(inside.index, inside["exceeds_percentile"], strict=True)
                ],
                hovertext=[esc(i) for i in inside.index],
                textposition="middle right",
                textfont={"size": 10},
                marker={
                    "color": colours[column],
                    "size": 11,
                    "line": {"color": "white", "width": 1},
                },
                hovertemplate=t("flow.chart.aging.hover") + "<extra></extra>",
                customdata=[esc(column)] * count,
            )
        _percentile_lines(figure, percentiles)
        base_layout(figure, title=t("flow.chart.aging.title"), height=420)
        figure.update_xaxes(
            title=t("flow.chart.column"),
            tickmode="array",
            tickvals=list(range(len(columns))),
            ticktext=[esc(c) for c in columns],
            range=[-0.6, len(columns) - 0.2],
            showgrid=False,
        )
        figure.update_yaxes(title=t("flow.chart.age"), range=[0, top])
        return figure


def throughput_chart(
    weekly: pd.Series, *, per_week: float | None = None, language: str | None = None
) -> go.Figure:
    """Items done per week (Monday to Sunday) as a run chart, with the forecast history's mean
    (``per_week``) as a dashed line (``throughput``)."""
    with use_language(language):
        figure = go.Figure()
        figure.add_bar(
            x=weekly.index,
            y=weekly.to_numpy(),
            name=t("flow.chart.throughput.items"),
            marker_color=NORMAL,
            hovertemplate=t("flow.chart.throughput.hover") + "<extra></extra>",
        )
        if per_week is not None:
            figure.add_hline(
                y=per_week,
                line={"color": PERCENTILE_COLOURS[85], "dash": "dash", "width": 1.5},
                annotation_text=t("flow.chart.throughput.mean", value=f"{per_week:.1f}"),
                annotation_position="top left",
            )
        base_layout(figure, title=t("flow.chart.throughput.title"), height=360)
        figure.update_yaxes(title=t("flow.chart.throughput.axis"), rangemode="tozero")
        figure.update_xaxes(title=t("flow.chart.week"), type="date", tickformat="%m-%d")
        return figure


def forecast_chart(
    curve: pd.DataFrame,
    items_left: int,
    when: WhenForecast | None,
    *,
    deadline: dt.date | None = None,
    language: str | None = None,
) -> go.Figure:
    """Items done from tomorrow on at 50, 85 and 95 % confidence (``forecast_curve``), the
    items left as a level and the dates they are all done by at each confidence."""
    with use_language(language):
        figure = go.Figure()
        for level in sorted(curve.columns, reverse=True):
            percent = int(level)
            colour = PERCENTILE_COLOURS.get(percent, NORMAL)
            figure.add_scatter(
                x=curve.index,
                y=curve[level],
                mode="lines",
                name=t("flow.chart.forecast.line", percent=percent),
                line={"color": colour, "width": 2.5 if percent == 85 else 1.5},
                line_shape="hv",
            )
        figure.add_hline(
            y=items_left,
            line={"color": DONE, "width": 1.5},
            annotation_text=t("flow.chart.forecast.left", left=items_left),
            annotation_position="top left",
        )
        if when is not None:
            for row, confidence in enumerate(sorted(when.finish)):
                day = when.finish[confidence]
                if day is None:
                    continue
                vline(
                    figure,
                    pd.Timestamp(day),
                    label=t("flow.chart.forecast.finish", percent=confidence, date=day.isoformat()),
                    colour=PERCENTILE_COLOURS.get(confidence, NORMAL),
                    dash="dot",
                    row=row,
                    bottom=True,
                )
        if deadline is not None and len(curve) and pd.Timestamp(deadline) <= curve.index[-1]:
            vline(
                figure,
                pd.Timestamp(deadline),
                label=t("flow.chart.forecast.deadline", date=deadline.isoformat()),
                colour=BASELINE,
                dash="dash",
            )
        base_layout(figure, title=t("flow.chart.forecast.title"), height=420)
        figure.update_yaxes(title=t("flow.chart.forecast.axis"), rangemode="tozero")
        figure.update_xaxes(title=t("gantt.axis"), type="date")
        return figure
