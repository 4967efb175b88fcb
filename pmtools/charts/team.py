"""Team charts: KPI trends against targets, the conflict matrix, learning hours, retro signals."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from pmtools.charts._style import (
    BASELINE,
    DEADLINE,
    MILESTONE,
    NORMAL,
    RATING_COLOURS,
    STATUS_LINE,
    SUMMARY,
    above_panels,
    base_layout,
    esc,
)
from pmtools.i18n import t, use_language
from pmtools.render.palette import RAG_COLOURS
from pmtools.risk import RATINGS, rating_label

__all__ = ["collaboration_chart", "conflict_heatmap", "kpi_trend_chart", "learning_chart"]

#: KPI results as status colours.
RESULT_COLOURS = {
    "met": RAG_COLOURS["green"],
    "near": RAG_COLOURS["amber"],
    "missed": RAG_COLOURS["red"],
}
_COLUMNS = 2  # KPI panels per row
_PANEL_HEIGHT = 230  # px per row of KPI panels


def _months(periods: pd.Series) -> list[str]:
    """Every month from the first to the last period, ``YYYY-MM``."""
    first, last = pd.Period(min(periods), "M"), pd.Period(max(periods), "M")
    return [str(p) for p in pd.period_range(first, last, freq="M")]


def _short(text: str, limit: int = 48) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _value_range(group: pd.DataFrame) -> dict[str, object]:
    """The y axis of a KPI panel: from 0 when the values spread over more than a third of
    their size (counts, hours), else around the values, so 99.2 against 99.5 shows."""
    values = pd.concat([group["target"], group["actual"]]).dropna()
    low, high = float(values.min()), float(values.max())
    if low <= 0 or (high - low) > high / 3:
        return {"rangemode": "tozero"}
    pad = max((high - low) * 0.25, abs(high) * 0.003)
    return {"range": [low - pad, high + pad]}


def kpi_trend_chart(history: pd.DataFrame, *, language: str | None = None) -> go.Figure:
    """One panel per member and KPI (``kpi_history``): the actual by month, each point
    coloured by its result (met, near, missed), and the target as a dashed line."""
    with use_language(language):
        groups = list(history.groupby(["member", "kpi"], sort=False))
        rows = max(1, math.ceil(len(groups) / _COLUMNS))
        titles = [
            f"<b>{esc(_short(str(kpi)))}</b><br><span style='font-size:11px'>{esc(member)}"
            + (f" · {esc(group['unit'].iloc[0])}" if group["unit"].iloc[0] else "")
            + f" · {t('team.kpi.better.' + group['better'].iloc[0])}</span>"
            for (member, kpi), group in groups
        ]
        figure = make_subplots(
            rows=rows,
            cols=_COLUMNS,
            subplot_titles=titles,
            vertical_spacing=min(0.5 / rows, 0.12),
            horizontal_spacing=0.1,
        )
        months = _months(history["period"]) if len(history) else []
        for i, (_, group) in enumerate(groups):
            row, col = i // _COLUMNS + 1, i % _COLUMNS + 1
            figure.add_scatter(
                x=group["period"],
                y=group["target"],
                mode="lines+markers",
                line={"color": BASELINE, "dash": "dash", "width": 2, "shape": "hvh"},
                marker={"symbol": "line-ew-open", "size": 16, "color": BASELINE},
                name=t("team.kpi.target"),
                legendgroup="target",
                showlegend=i == 0,
                hovertemplate=t("team.kpi.hover_target"),
                row=row,
                col=col,
            )
            measured = group[group["actual"].notna()]
            figure.add_scatter(
                x=measured["period"],
                y=measured["actual"],
                mode="lines+markers",
                line={"color": NORMAL, "width": 2},
                marker={
                    "size": 11,
                    "color": [RESULT_COLOURS[r] for r in measured["result"]],
                    "line": {"color": "white", "width": 1},
                },
                name=t("team.kpi.actual"),
                legendgroup="actual",
                showlegend=i == 0,
                customdata=[t(f"team.result.{r}") for r in measured["result"]],
                hovertemplate=t("team.kpi.hover_actual"),
                row=row,
                col=col,
            )
            figure.update_xaxes(
                type="category", categoryorder="array", categoryarray=months, row=row, col=col
            )
            figure.update_yaxes(_value_range(group), row=row, col=col)
        for result, colour in RESULT_COLOURS.items():  # the colours of the points
            figure.add_scatter(
                x=[None],
                y=[None],
                mode="markers",
                marker={"size": 11, "color": colour},
                name=t(f"team.result.{result}"),
            )
        base_layout(figure, title=t("team.kpi.title"), height=110 + _PANEL_HEIGHT * rows)
        above_panels(figure)
        figure.update_annotations(font={"size": 12})
        return figure


def conflict_heatmap(
    matrix: pd.DataFrame, register: pd.DataFrame, *, language: str | None = None
) -> go.Figure:
    """The 5 x 5 intensity x impact grid (``conflict_matrix``) coloured by rating; each cell
    shows how many active conflicts it holds and their ids; the hover names the issue and
    the chosen approach (``conflict_register`` supplies them)."""
    with use_language(language):
        codes = {rating: i for i, rating in enumerate(RATINGS)}
        z, text, hover = [], [], []
        levels = range(1, 6)
        for intensity in levels:
            z_row, text_row, hover_row = [], [], []
            for impact in levels:
                cell = matrix[(matrix["intensity"] == intensity) & (matrix["impact"] == impact)]
                record = cell.iloc[0]
                ids = list(record["ids"])
                z_row.append(codes[record["rating"]])
                approaches = [t(f"team.approach.{a or 'none'}") for a in record["approaches"]]
                text_row.append(
                    f"<b>{len(ids)}</b><br>"
                    + "<br>".join(f"{esc(i)} · {a}" for i, a in zip(ids, approaches, strict=True))
                    if ids
                    else ""
                )
                lines = [
                    t(
                        "team.conflict.hover_item",
                        id=esc(i),
                        issue=esc(_short(str(register.loc[i, "issue"]), 60)),
                        approach=t(f"team.approach.{register.loc[i, 'approach'] or 'none'}"),
                    )
                    for i in ids
                ]
                hover_row.append(
                    t(
                        "team.conflict.hover",
                        intensity=intensity,
                        impact=impact,
                        severity=intensity * impact,
                        rating=rating_label(record["rating"]),
                    )
                    + ("<br>" + "<br>".join(lines) if lines else "")
                )
            z.append(z_row)
            text.append(text_row)
            hover.append(hover_row)
        colourscale = []
        for i, rating in enumerate(RATINGS):
            colourscale += [
                [i / len(RATINGS), RATING_COLOURS[rating]],
                [(i + 1) / len(RATINGS), RATING_COLOURS[rating]],
            ]
        figure = go.Figure(
            go.Heatmap(
                z=z,
                x=[f"{k}<br>{t(f'team.impact.{k}')}" for k in levels],
                y=[f"{t(f'team.intensity.{k}')} {k}" for k in levels],
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
        for rating in RATINGS:
            figure.add_scatter(
                x=[None],
                y=[None],
                mode="markers",
                name=rating_label(rating),
                marker={"size": 14, "symbol": "square", "color": RATING_COLOURS[rating]},
            )
        base_layout(figure, title=t("team.conflict.title"), height=560)
        figure.update_xaxes(title=t("team.conflict.impact_axis"), showgrid=False)
        figure.update_yaxes(title=t("team.conflict.intensity_axis"), showgrid=False)
        return figure


def learning_chart(progress: pd.DataFrame, *, language: str | None = None) -> go.Figure:
    """Study hours planned and done per person (``learning_progress``), the share done
    written at the end of each bar."""
    with use_language(language):
        people = [esc(p) for p in progress["person"]]
        figure = go.Figure()
        figure.add_bar(
            y=people,
            x=progress["hours_planned"],
            orientation="h",
            name=t("team.learning.planned"),
            marker_color=BASELINE,
            hovertemplate=t("team.learning.hover"),
        )
        labels = ["" if pd.isna(p) else f"{p:.0f} %" for p in progress["progress_percent"].tolist()]
        figure.add_bar(
            y=people,
            x=progress["hours_done"],
            orientation="h",
            name=t("team.learning.done"),
            marker_color=NORMAL,
            text=labels,
            textposition="outside",
            cliponaxis=False,
            hovertemplate=t("team.learning.hover"),
        )
        base_layout(figure, title=t("team.learning.title"), height=140 + 38 * max(len(people), 3))
        figure.update_layout(barmode="group", bargap=0.25)
        figure.update_yaxes(autorange="reversed", automargin=True)
        figure.update_xaxes(title=t("team.learning.axis"), rangemode="tozero")
        return figure


_CATEGORY_COLOURS = {
    "went-well": DEADLINE,
    "kudos": MILESTONE,
    "idea": NORMAL,
    "to-improve": STATUS_LINE,
}


def collaboration_chart(signals: pd.DataFrame, *, language: str | None = None) -> go.Figure:
    """Retro notes per sprint stacked by category, the actions carried over (left axis,
    counts) and the positive share of notes (right axis, %) (``collaboration_signals``)."""
    with use_language(language):
        sprints = [esc(s) for s in signals["sprint"]]
        figure = make_subplots(specs=[[{"secondary_y": True}]])
        for category, colour in _CATEGORY_COLOURS.items():
            figure.add_bar(
                x=sprints,
                y=signals[category],
                name=t(f"category.{category}"),
                marker_color=colour,
                opacity=0.85,
                secondary_y=False,
            )
        figure.add_scatter(
            x=sprints,
            y=signals["carried_over"],
            mode="lines+markers",
            name=t("team.collab.carried"),
            line={"color": RAG_COLOURS["red"], "width": 2.5},
            marker={"symbol": "diamond", "size": 10},
            secondary_y=False,
        )
        figure.add_scatter(
            x=sprints,
            y=signals["positive_percent"],
            mode="lines+markers",
            name=t("team.collab.positive"),
            line={"color": SUMMARY, "width": 2, "dash": "dot"},
            cliponaxis=False,
            secondary_y=True,
        )
        base_layout(figure, title=t("team.collab.title"), height=420)
        figure.update_layout(barmode="stack", margin={"t": 100}, legend={"traceorder": "normal"})
        figure.update_xaxes(title=t("velocity.sprint"), type="category")
        stacked = signals[list(_CATEGORY_COLOURS)].sum(axis=1)
        top = (
            max(float(stacked.max()), float(signals["carried_over"].max()), 1.0)
            if len(signals)
            else 1.0
        )
        figure.update_yaxes(  # headroom above the tallest bar, as on the right axis
            title=t("team.collab.count_axis"), range=[0, top * 1.08], secondary_y=False
        )
        figure.update_yaxes(
            title=t("team.collab.share_axis"),
            range=[0, 105],  # room above 100 for its tick label and a marker at 100 %
            tickvals=list(range(0, 101, 20)),
            showgrid=False,
            secondary_y=True,
        )
        return figure
