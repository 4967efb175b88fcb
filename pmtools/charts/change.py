"""Change charts: the approval flow, time to decision, and each pending change's impact on the
finish and the P80 finish."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go

from pmtools.charts._style import (
    BASELINE,
    CRITICAL,
    DEADLINE,
    DONE,
    FLOAT,
    MILESTONE,
    NORMAL,
    STATUS_LINE,
    base_layout,
    date_axis,
    esc,
    vline,
)
from pmtools.i18n import t, use_language
from pmtools.render.palette import RAG_COLOURS

__all__ = ["approval_flow", "change_label", "decision_times", "impact_chart"]

#: One colour per status, in the order of the approval flow.
STATUS_COLOURS = {
    "submitted": FLOAT,
    "assessed": NORMAL,
    "approved": DEADLINE,
    "implemented": DONE,
    "rejected": CRITICAL,
}
_LABEL_CHARS = 38


def change_label(change: str, title: str) -> str:
    """``CR-07 · Warranty claims in the inst…``: the id and the title cut to fit a chart axis
    (escaped for plotly)."""
    text = str(title)
    if len(text) > _LABEL_CHARS:
        text = text[: _LABEL_CHARS - 1].rstrip() + "…"
    return esc(f"{change} · {text}")


def approval_flow(
    counts: pd.DataFrame, *, currency: str = "", language: str | None = None
) -> go.Figure:
    """Changes per status in the order of the approval flow (``status_counts``), each bar
    labelled with its count and the cost impact it carries."""
    with use_language(language):
        order = ["submitted", "assessed", "approved", "implemented", "rejected"]
        frame = counts.reindex(order).fillna(0)
        labels = [t(f"change.status.{s}") for s in order]
        texts = [
            t("change.chart.flow.text", count=int(n), cost=f"{c:+,.0f}", currency=esc(currency))
            if n
            else "0"
            for n, c in zip(frame["count"], frame["cost_impact"], strict=True)
        ]
        figure = go.Figure()
        figure.add_bar(
            x=labels,
            y=frame["count"],
            marker_color=[STATUS_COLOURS[s] for s in order],
            text=texts,
            textposition="outside",
            cliponaxis=False,
            name=t("change.chart.flow.series"),
            hovertemplate="%{x}: %{text}<extra></extra>",
            showlegend=False,
        )
        base_layout(figure, title=t("change.chart.flow.title"), height=360)
        top = float(frame["count"].max()) if len(frame) else 1.0
        figure.update_yaxes(
            title=t("change.chart.flow.yaxis"), range=[0, max(top, 1) * 1.25], dtick=1
        )
        figure.update_xaxes(title=t("change.chart.flow.xaxis"))
        return figure


def decision_times(
    log: pd.DataFrame, *, target_days: int, language: str | None = None
) -> go.Figure:
    """Calendar days from request to decision per change (``change_log``); changes still
    waiting show their age so far, amber beyond ``target_days``; the target as a line."""
    with use_language(language):
        figure = go.Figure()
        labels = [change_label(str(i), row["title"]) for i, row in log.iterrows()]
        decided = log["days_to_decision"].notna()
        waiting = log["age_days"].notna()
        for status in ("approved", "implemented", "rejected"):
            part = decided & (log["status"] == status)
            if part.any():
                figure.add_bar(
                    y=[label for label, keep in zip(labels, part, strict=True) if keep],
                    x=log.loc[part, "days_to_decision"],
                    orientation="h",
                    name=t(f"change.status.{status}"),
                    marker_color=STATUS_COLOURS[status],
                    hovertemplate=t("change.chart.times.hover"),
                )
        if waiting.any():
            late = log["age_days"] > target_days
            figure.add_bar(
                y=[label for label, keep in zip(labels, waiting, strict=True) if keep],
                x=log.loc[waiting, "age_days"],
                orientation="h",
                name=t("change.chart.times.waiting"),
                marker={
                    "color": [RAG_COLOURS["amber"] if v else FLOAT for v in late[waiting].tolist()],
                    "pattern": {"shape": "/", "fgcolor": "#ffffff"},
                },
                hovertemplate=t("change.chart.times.hover_waiting"),
            )
        vline(
            figure,
            target_days,
            label=t("change.chart.times.target", days=target_days),
            colour=STATUS_LINE,
        )
        base_layout(figure, title=t("change.chart.times.title"), height=170 + 34 * max(len(log), 1))
        figure.update_layout(barmode="overlay", bargap=0.35)
        figure.update_yaxes(  # first change on top, a free row above it for the target's label
            range=[len(labels) - 0.5, -1.2],
            automargin=True,
            categoryorder="array",
            categoryarray=labels,
        )
        figure.update_xaxes(title=t("change.chart.times.xaxis"), rangemode="tozero")
        return figure


def impact_chart(
    impacts: pd.DataFrame, *, deadline: dt.date | None = None, language: str | None = None
) -> go.Figure:
    """Each pending change's forecast finish and P80 finish without and with it
    (``pending_impacts``): grey marks before, coloured after, joined by a line; the
    deadline as a line. Changes that cannot be applied are left out."""
    with use_language(language):
        usable = impacts[impacts["problem"] == ""]
        figure = go.Figure()
        labels = [change_label(str(i), row["title"]) for i, row in usable.iterrows()]
        for before, after, name_before, name_after, colour, symbol in (
            ("finish_before", "finish_after", "finish_without", "finish_with", NORMAL, "circle"),
            ("p80_before", "p80_after", "p80_without", "p80_with", MILESTONE, "diamond"),
        ):
            xs: list[object] = []
            ys: list[object] = []
            for label, (_, row) in zip(labels, usable.iterrows(), strict=True):
                xs += [row[before], row[after], None]
                ys += [label, label, None]
            figure.add_scatter(
                x=xs, y=ys, mode="lines", line={"color": colour, "width": 2},
                showlegend=False, hoverinfo="skip",
            )  # fmt: skip
            hover = "%{y}<br>%{x|%Y-%m-%d}<extra>%{fullData.name}</extra>"
            outline = {"width": 1, "color": colour}
            figure.add_scatter(
                x=usable[before], y=labels, mode="markers",
                name=t(f"change.chart.impact.{name_before}"), hovertemplate=hover,
                marker={"symbol": symbol, "size": 12, "color": BASELINE, "line": outline},
            )  # fmt: skip
            figure.add_scatter(
                x=usable[after], y=labels, mode="markers",
                name=t(f"change.chart.impact.{name_after}"), hovertemplate=hover,
                marker={"symbol": symbol, "size": 13, "color": colour},
            )  # fmt: skip
        if deadline is not None:
            vline(
                figure,
                pd.Timestamp(deadline),
                label=t("risk.deadline_line", date=deadline),
                colour=CRITICAL,
                dash="dot",
            )
        base_layout(
            figure, title=t("change.chart.impact.title"), height=230 + 48 * max(len(usable), 1)
        )
        figure.update_layout(
            legend={"y": 1.0, "yanchor": "bottom", "x": 0, "xanchor": "left"},
            margin={"t": 120},
        )
        figure.update_yaxes(  # first change on top, a free row above it for the deadline's label
            range=[len(labels) - 0.5, -1.2],
            automargin=True,
            categoryorder="array",
            categoryarray=labels,
        )
        plotted = [*usable["finish_before"], *usable["finish_after"]]
        plotted += [*usable["p80_before"], *usable["p80_after"]]
        date_axis(
            figure,
            title=t("change.chart.impact.xaxis"),
            dates=plotted + ([] if deadline is None else [deadline]),
        )
        return figure
