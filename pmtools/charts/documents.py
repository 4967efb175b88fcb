"""Document charts: when each document's next review falls, and the register by type and status."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go

from pmtools.charts._style import DEADLINE, FLOAT, NORMAL, base_layout, esc, status_line
from pmtools.i18n import t, use_language
from pmtools.render.palette import RAG_COLOURS

__all__ = ["review_timeline", "status_by_type_chart"]

_STATE_COLOURS = {"overdue": RAG_COLOURS["red"], "due": RAG_COLOURS["amber"], "ok": DEADLINE}
_STATUS_COLOURS = {"draft": FLOAT, "in-review": NORMAL, "approved": DEADLINE, "obsolete": "#b3b6b7"}
_LABEL_CHARS = 38


def _label(doc: str, title: str) -> str:
    text = str(title)
    if len(text) > _LABEL_CHARS:
        text = text[: _LABEL_CHARS - 1].rstrip() + "…"
    return esc(f"{doc} · {text}")


def review_timeline(
    register: pd.DataFrame,
    *,
    status_date: dt.date,
    due_days: int,
    language: str | None = None,
) -> go.Figure:
    """The next review of each document with a review cycle (``document_register``), coloured
    overdue, due within ``due_days`` or fine; the status date and the due window marked."""
    with use_language(language):
        rows = register[register["next_review"].notna()].sort_values("next_review")
        figure = go.Figure()
        day = pd.Timestamp(status_date)
        figure.add_vrect(
            x0=day, x1=day + pd.Timedelta(days=due_days), fillcolor=RAG_COLOURS["amber"],
            opacity=0.10, line_width=0, layer="below",
        )  # fmt: skip
        labels = {doc: _label(str(doc), row["title"]) for doc, row in rows.iterrows()}
        for state, colour in _STATE_COLOURS.items():
            part = rows[rows["review_state"] == state]
            if part.empty:
                continue
            figure.add_scatter(
                x=part["next_review"],
                y=[labels[d] for d in part.index],
                mode="markers",
                name=t(f"documents.state.{state}"),
                marker={"size": 13, "color": colour, "symbol": "circle"},
                customdata=[
                    [
                        "" if pd.isna(r["last_review"]) else r["last_review"].strftime("%Y-%m-%d"),
                        int(r["review_every_days"]),
                    ]
                    for _, r in part.iterrows()
                ],
                hovertemplate=t("documents.chart.reviews.hover"),
            )
        status_line(figure, status_date)
        base_layout(
            figure,
            title=t("documents.chart.reviews.title", days=due_days),
            height=170 + 30 * max(len(rows), 1),
        )
        figure.update_yaxes(
            autorange="reversed", automargin=True, categoryorder="array",
            categoryarray=[labels[d] for d in rows.index],
        )  # fmt: skip
        figure.update_xaxes(title=t("documents.chart.reviews.xaxis"), type="date")
        return figure


def status_by_type_chart(counts: pd.DataFrame, *, language: str | None = None) -> go.Figure:
    """Documents per type, stacked by the status of their latest version (``status_by_type``)."""
    with use_language(language):
        figure = go.Figure()
        labels = [t("documents.type.none") if i == "-" else esc(i) for i in counts.index]
        for status, colour in _STATUS_COLOURS.items():
            if status in counts.columns and counts[status].sum():
                figure.add_bar(
                    x=counts[status],
                    y=labels,
                    orientation="h",
                    name=t(f"documents.status.{status}"),
                    marker_color=colour,
                    hovertemplate="%{y}: %{x}<extra>%{fullData.name}</extra>",
                )
        base_layout(
            figure, title=t("documents.chart.types.title"), height=160 + 30 * max(len(counts), 1)
        )
        figure.update_layout(barmode="stack")
        figure.update_yaxes(autorange="reversed", automargin=True)
        figure.update_xaxes(title=t("documents.chart.types.xaxis"), dtick=1)
        return figure
