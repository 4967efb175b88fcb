"""Risk charts: the probability x impact heat map, finish S-curve, histogram, tornado."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from pmtools.charts._style import (
    CRITICAL,
    DEADLINE,
    NORMAL,
    RATING_COLOURS,
    STATUS_LINE,
    base_layout,
    date_axis,
    esc,
    vline,
)
from pmtools.i18n import t, use_language
from pmtools.model import RiskScale
from pmtools.montecarlo import SimulationResult
from pmtools.risk import RATINGS, rating_label, scale_labels

__all__ = ["finish_histogram", "finish_s_curve", "risk_heatmap", "tornado"]


def risk_heatmap(
    matrix: pd.DataFrame, scale: RiskScale, *, language: str | None = None, title: str | None = None
) -> go.Figure:
    """Cells coloured by rating; each shows how many active risks it holds and their ids."""
    with use_language(language):
        levels = scale.levels
        grid = matrix.pivot(index="probability", columns="impact", values="score").sort_index()
        codes = {rating: i for i, rating in enumerate(RATINGS)}
        rating_grid = matrix.pivot(
            index="probability", columns="impact", values="rating"
        ).sort_index()
        z = rating_grid.map(lambda r: codes[r]).to_numpy()
        ids = matrix.pivot(index="probability", columns="impact", values="ids").sort_index()
        colourscale = []
        for i, rating in enumerate(RATINGS):
            colourscale += [
                [i / len(RATINGS), RATING_COLOURS[rating]],
                [(i + 1) / len(RATINGS), RATING_COLOURS[rating]],
            ]
        x_labels = [f"{k}<br>{name}" for k, name in enumerate(scale_labels(levels, "impact"), 1)]
        y_labels = [f"{name} {k}" for k, name in enumerate(scale_labels(levels, "probability"), 1)]
        text = [
            [
                (f"<b>{len(cell)}</b><br>" + _wrap(cell)) if cell else ""
                for cell in ids.loc[p].tolist()
            ]
            for p in grid.index
        ]
        hover = [
            [
                t(
                    "heatmap.hover",
                    probability=p,
                    impact=i,
                    score=int(grid.loc[p, i]),
                    rating=rating_label(rating_grid.loc[p, i]),
                    ids=esc(", ".join(ids.loc[p, i])) or "-",
                )
                for i in grid.columns
            ]
            for p in grid.index
        ]
        figure = go.Figure(
            go.Heatmap(
                z=z,
                x=x_labels,
                y=y_labels,
                text=text,
                texttemplate="%{text}",
                hovertext=hover,
                hoverinfo="text",
                colorscale=colourscale,
                zmin=0,
                zmax=len(RATINGS) - 1e-9,
                showscale=False,
                xgap=3,
                ygap=3,
                textfont={"size": 12},
            )
        )
        for rating in RATINGS:  # a legend for the colours
            figure.add_scatter(
                x=[None],
                y=[None],
                mode="markers",
                name=rating_label(rating),
                marker={"size": 14, "symbol": "square", "color": RATING_COLOURS[rating]},
            )
        base_layout(figure, title=title or t("heatmap.title"), height=140 + 85 * levels)
        figure.update_xaxes(title=t("heatmap.impact"), side="bottom", showgrid=False)
        figure.update_yaxes(title=t("heatmap.probability"), showgrid=False)
        return figure


def _wrap(ids: list[str], per_line: int = 4) -> str:
    safe = [esc(i) for i in ids]
    return "<br>".join(", ".join(safe[i : i + per_line]) for i in range(0, len(safe), per_line))


def _markers(figure: go.Figure, result: SimulationResult, *, axis_dates: bool) -> None:
    if result.project.deadline is not None:
        x = pd.Timestamp(result.project.deadline) if axis_dates else result.deadline_offset
        vline(
            figure,
            x,
            label=t("risk.deadline_line", date=result.project.deadline),
            colour=DEADLINE,
            dash="solid",
            row=0,
        )
    for row, (q, dash) in enumerate(((50, "dot"), (80, "dash"), (90, "dashdot")), start=1):
        offset = result.percentile(q)
        at: object = pd.Timestamp(result.finish_date(offset)) if axis_dates else offset
        label = f"P{q}: {result.finish_date(offset)}" if axis_dates else f"P{q}: {offset:.1f}"
        vline(figure, at, label=label, colour=NORMAL if q != 80 else CRITICAL, dash=dash, row=row)


def finish_s_curve(result: SimulationResult, *, language: str | None = None) -> go.Figure:
    """Chance of finishing by each date, with P50/P80/P90 and the deadline."""
    with use_language(language):
        curve = result.s_curve()
        dates = pd.to_datetime(curve["date"])
        figure = go.Figure(
            go.Scatter(
                x=dates,
                y=curve["probability"] * 100,
                mode="lines",
                line={"color": NORMAL, "width": 3},
                name=t("scurve.series"),
                hovertemplate=t("scurve.hover"),
            )
        )
        _markers(figure, result, axis_dates=True)
        base_layout(figure, title=t("scurve.title", iterations=result.iterations), height=420)
        figure.update_yaxes(title=t("scurve.yaxis"), range=[0, 100], ticksuffix="%")
        date_axis(figure, title=t("scurve.xaxis"))
        return figure


def finish_histogram(result: SimulationResult, *, language: str | None = None) -> go.Figure:
    """How often each finish occurred (working days), with P50/P80/P90 and the deadline."""
    with use_language(language):
        bins = result.histogram(bins=min(40, max(10, int(np.ptp(result.finish)) + 1)))
        figure = go.Figure(
            go.Bar(
                x=(bins["left"] + bins["right"]) / 2,
                y=bins["share"] * 100,
                width=(bins["right"] - bins["left"]) * 0.95,
                marker_color=NORMAL,
                name=t("histogram.series"),
                hovertemplate=t("histogram.hover"),
            )
        )
        _markers(figure, result, axis_dates=False)
        base_layout(figure, title=t("histogram.title"), height=400)
        figure.update_yaxes(title=t("histogram.yaxis"), ticksuffix="%")
        figure.update_xaxes(title=t("histogram.xaxis"))
        return figure


def tornado(
    result: SimulationResult, names: pd.Series, *, top: int = 15, language: str | None = None
) -> go.Figure:
    """The tasks whose duration moves the finish most (Spearman), with their criticality."""
    with use_language(language):
        frame = pd.DataFrame({"sensitivity": result.sensitivity, "criticality": result.criticality})
        frame = frame[frame["sensitivity"].abs() >= 0.02]  # below that: sampling noise
        frame = frame.reindex(frame["sensitivity"].abs().sort_values(ascending=False).index[:top])
        labels = [f"{esc(names.get(i, i))} ({esc(i)})" for i in frame.index]
        colours = [
            CRITICAL if c >= 0.5 else STATUS_LINE if c > 0 else NORMAL for c in frame["criticality"]
        ]
        figure = go.Figure(
            go.Bar(
                y=labels,
                x=frame["sensitivity"],
                orientation="h",
                marker_color=colours,
                name=t("tornado.series"),
                hovertemplate="%{y}: %{x:.2f}<extra></extra>",
            )
        )
        figure.add_scatter(  # labels right of each bar (or of zero), clear of the task names
            x=frame["sensitivity"].clip(lower=0),
            y=labels,
            mode="text",
            textposition="middle right",
            text=[
                " " + t("tornado.label", s=s, c=100 * c)
                for s, c in zip(frame["sensitivity"], frame["criticality"], strict=True)
            ],
            hoverinfo="skip",
            cliponaxis=False,
        )
        base_layout(figure, title=t("tornado.title"), height=max(300, 34 * len(frame) + 160))
        figure.update_yaxes(autorange="reversed", automargin=True)
        figure.update_xaxes(
            title=t("tornado.xaxis"), range=[min(0, frame["sensitivity"].min() * 1.3), 1.15]
        )
        figure.update_layout(showlegend=False)
        return figure
