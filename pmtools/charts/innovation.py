"""Innovation charts: the weighted idea ranking, the market comparison and its trend."""

from __future__ import annotations

import math
import re

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from pmtools.charts._style import (
    BASELINE,
    CRITICAL,
    DEADLINE,
    FLOAT,
    MILESTONE,
    NORMAL,
    STATUS_LINE,
    SUMMARY,
    above_panels,
    base_layout,
    esc,
)
from pmtools.i18n import t, use_language
from pmtools.model import IdeaScoring
from pmtools.render.palette import SCALE_LOW

__all__ = ["idea_ranking_chart", "market_comparison_chart", "market_trend_chart"]

_CRITERION_COLOURS = {
    "value": NORMAL,
    "feasibility": DEADLINE,
    "cost": STATUS_LINE,
    "risk": MILESTONE,
}
#: Subjects in the market charts: ours first in the house blue, then the others.
_SUBJECT_COLOURS = (STATUS_LINE, MILESTONE, DEADLINE, CRITICAL, SUMMARY, FLOAT, BASELINE)
_RANKED = 12  # ideas drawn in the ranking chart
_COLUMNS = 2
_PANEL_HEIGHT = 240


def _short(text: str, limit: int = 46) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def idea_ranking_chart(
    scores: pd.DataFrame, model: IdeaScoring, *, language: str | None = None
) -> go.Figure:
    """The ranked pending and approved ideas (``idea_scores``, best on top, at most 12): each
    bar is the weighted score split into the parts value, feasibility, cost and risk give
    it; the shortlist is marked with a star and a line below it."""
    with use_language(language):
        ranked = scores[scores["rank"].notna()].sort_values("rank").head(_RANKED)
        labels = [
            ("★ " if listed else "") + f"{esc(i)} · {esc(_short(str(idea)))}"
            for i, idea, listed in zip(
                ranked.index, ranked["idea"], ranked["shortlisted"], strict=True
            )
        ]
        figure = go.Figure()
        for criterion, colour in _CRITERION_COLOURS.items():
            weight = model.weight(criterion)
            if weight <= 0:
                continue
            figure.add_bar(
                y=labels,
                x=ranked[f"share_{criterion}"],
                orientation="h",
                name=t(f"innovation.criterion.{criterion}", weight=f"{weight:g}"),
                marker_color=colour,
                customdata=ranked[criterion],
                hovertemplate=t("innovation.ranking.hover"),
            )
        figure.add_scatter(
            y=labels,
            x=ranked["score"],
            mode="text",
            text=[f"{s:.2f}" for s in ranked["score"]],
            textposition="middle right",
            showlegend=False,
            hoverinfo="skip",
        )
        listed = int(ranked["shortlisted"].sum())
        if 0 < listed < len(ranked):
            figure.add_hline(
                y=listed - 0.5,
                line={"color": CRITICAL, "dash": "dash", "width": 1.5},
                annotation_text=t("innovation.ranking.cut", count=listed),
                annotation_position="bottom right",
            )
        base_layout(
            figure, title=t("innovation.ranking.title"), height=160 + 34 * max(len(labels), 3)
        )
        figure.update_layout(barmode="stack", margin={"t": 100}, legend={"traceorder": "normal"})
        figure.update_yaxes(autorange="reversed", automargin=True, type="category")
        figure.update_xaxes(title=t("innovation.ranking.axis"), range=[0, 5.6], dtick=1)
        return figure


def _value_text(value: float, unit: str) -> str:
    """``4.2 (1-5)`` for a score on a scale, ``9,400 members`` for a measured value."""
    number = f"{value:,.0f}" if abs(value) >= 100 else f"{value:g}"
    if re.fullmatch(r"\d+(\.\d+)?\s*-\s*\d+(\.\d+)?", unit.strip()):
        return f"{number} ({esc(unit.strip())})"
    return f"{number} {esc(unit)}".strip()


def market_comparison_chart(latest: pd.DataFrame, *, language: str | None = None) -> go.Figure:
    """Subjects (rows) against dimensions (columns) from ``market_latest``: each cell shows
    the latest value and its rank, coloured from the worst (light) to the best (dark)
    of the dimension, so dimensions in different units compare at a glance."""
    with use_language(language):
        dimensions = list(dict.fromkeys(latest["dimension"]))
        subjects = list(
            dict.fromkeys(latest.sort_values("kind", key=lambda k: k != "ours")["subject"])
        )
        z, text, hover = [], [], []
        for subject in subjects:
            z_row: list[float | None] = []
            text_row, hover_row = [], []
            for dimension in dimensions:
                cell = latest[(latest["subject"] == subject) & (latest["dimension"] == dimension)]
                if cell.empty:
                    z_row.append(None)
                    text_row.append("-")
                    hover_row.append(t("innovation.market.no_value"))
                    continue
                record = cell.iloc[0]
                value = _value_text(float(record["value"]), str(record["unit"]))
                rank = t(
                    "innovation.market.rank", rank=int(record["rank"]), of=int(record["subjects"])
                )
                z_row.append(float(record["relative"]))
                text_row.append(f"<b>{value}</b><br>{rank}")
                hover_row.append(
                    t(
                        "innovation.market.hover",
                        subject=esc(subject),
                        dimension=esc(dimension),
                        value=value,
                        rank=rank,
                        date=pd.Timestamp(record["date"]).date(),
                        better=t(f"team.kpi.better.{record['better']}"),
                    )
                )
            z.append(z_row)
            text.append(text_row)
            hover.append(hover_row)
        figure = go.Figure(
            go.Heatmap(
                z=z,
                x=[esc(d) for d in dimensions],
                y=[esc(s) for s in subjects],
                text=text,
                texttemplate="%{text}",
                hovertext=hover,
                hoverinfo="text",
                colorscale=[[0.0, SCALE_LOW], [1.0, NORMAL]],
                zmin=0,
                zmax=1,
                xgap=3,
                ygap=3,
                colorbar={
                    "title": {"text": t("innovation.market.scale")},
                    "tickvals": [0, 1],
                    "ticktext": [t("innovation.market.worst"), t("innovation.market.best")],
                    "len": 0.8,
                },
                textfont={"size": 12},
            )
        )
        base_layout(
            figure, title=t("innovation.market.title"), height=180 + 70 * max(len(subjects), 3)
        )
        figure.update_xaxes(side="top", showgrid=False, automargin=True)
        figure.update_yaxes(autorange="reversed", showgrid=False, automargin=True)
        figure.update_layout(margin={"t": 110})
        return figure


def market_trend_chart(trend: pd.DataFrame, *, language: str | None = None) -> go.Figure:
    """One panel per dimension (``market_trend``): each subject's value by date, ours drawn
    thick in blue; the panel title gives the unit and which way is better."""
    with use_language(language):
        dimensions = list(dict.fromkeys(trend["dimension"]))
        rows = max(1, math.ceil(len(dimensions) / _COLUMNS))
        titles = []
        for dimension in dimensions:
            part = trend[trend["dimension"] == dimension]
            unit = str(part["unit"].iloc[0])
            better = t(f"team.kpi.better.{part['better'].iloc[0]}")
            note = f"{esc(unit)} · {better}" if unit else better
            titles.append(f"<b>{esc(dimension)}</b><br><span style='font-size:11px'>{note}</span>")
        figure = make_subplots(
            rows=rows,
            cols=_COLUMNS,
            subplot_titles=titles,
            vertical_spacing=min(0.5 / rows, 0.14),
            horizontal_spacing=0.1,
        )
        ours = trend.loc[trend["kind"] == "ours", "subject"]
        subjects = list(dict.fromkeys([*ours, *trend["subject"]]))
        colours = {}
        others = iter(_SUBJECT_COLOURS * 3)
        for subject in subjects:
            colours[subject] = NORMAL if subject in set(ours) else next(others)
        for i, dimension in enumerate(dimensions):
            row, col = i // _COLUMNS + 1, i % _COLUMNS + 1
            part = trend[trend["dimension"] == dimension]
            for subject in subjects:
                line = part[part["subject"] == subject]
                if line.empty:
                    continue
                mine = subject in set(ours)
                figure.add_scatter(
                    x=line["date"],
                    y=line["value"],
                    mode="lines+markers",
                    name=esc(subject),
                    legendgroup=subject,
                    showlegend=i == 0
                    or subject
                    not in set(trend.loc[trend["dimension"].isin(dimensions[:i]), "subject"]),
                    line={"color": colours[subject], "width": 4 if mine else 2},
                    marker={"size": 9 if mine else 7},
                    hovertemplate=f"{esc(subject)}<br>%{{x|%Y-%m-%d}}: %{{y:,}}<extra></extra>",
                    row=row,
                    col=col,
                )
            figure.update_xaxes(type="date", tickformat="%Y-%m", row=row, col=col)
        base_layout(figure, title=t("innovation.trend.title"), height=130 + _PANEL_HEIGHT * rows)
        above_panels(figure)
        figure.update_annotations(font={"size": 12})
        return figure
