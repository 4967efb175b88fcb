"""Portfolio charts: every project's milestones on one timeline, risk against value."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from pmtools.charts._style import CRITICAL, NORMAL, base_layout, date_axis, esc, status_line
from pmtools.i18n import t, use_language
from pmtools.render.palette import RAG_COLOURS

__all__ = ["milestone_gantt", "place_labels", "risk_value_bubbles"]


def milestone_gantt(
    rows: list[dict[str, Any]], *, status_date: dt.date | None = None, language: str | None = None
) -> go.Figure:
    """Every project's milestones on one timeline, a row per project: forecast (red when
    later than its baseline) and the baseline as open grey diamonds."""
    with use_language(language):
        figure = go.Figure()
        xs, ys, colours, texts, bx, by = [], [], [], [], [], []
        for row in sorted(rows, key=lambda r: str(r["project"]), reverse=True):
            label = esc(row["project"])
            for _, m in row["milestones"].iterrows():
                finish = pd.Timestamp(m["finish"])
                base = (
                    pd.Timestamp(m["baseline_finish"]) if pd.notna(m["baseline_finish"]) else None
                )
                xs.append(finish)
                ys.append(label)
                colours.append(CRITICAL if base is not None and finish > base else NORMAL)
                texts.append(esc(m["name"]))
                if base is not None:
                    bx.append(base)
                    by.append(label)
        figure.add_scatter(
            x=bx, y=by, mode="markers", name=t("milestones.baseline"),
            marker={"symbol": "diamond-open", "size": 11, "color": "#b3b6b7", "line": {"width": 2}},
            hoverinfo="skip",
        )  # fmt: skip
        figure.add_scatter(
            x=xs, y=ys, mode="markers", name=t("portfolio.milestone"), text=texts,
            marker={"symbol": "diamond", "size": 12, "color": colours},
            hovertemplate="%{y}<br>%{text}<br>%{x|%Y-%m-%d}<extra></extra>",
        )  # fmt: skip
        if status_date is not None:
            status_line(figure, status_date)
        base_layout(figure, title=t("portfolio.gantt"), height=160 + 44 * max(len(rows), 1))
        date_axis(figure, title=t("gantt.axis"))
        figure.update_yaxes(automargin=True)
        return figure


#: The directions a label may sit in around its bubble, in order of preference.
_DIRECTIONS = ((0, 1), (0, -1), (1, 0), (-1, 0), (1, 1), (-1, 1), (1, -1), (-1, -1))
#: How far out a label may go, in label heights beyond the bubble (0: next to it).
RINGS = (0.0, 1.5, 3.0, 5.0)


def _text_width(text: str) -> float:
    """Pixels a label takes at 12 px: wide (CJK) characters count double."""
    return sum(12.0 if ord(c) > 0x2E80 else 6.6 for c in text)


def place_labels(
    points: list[tuple[float, float, float]],
    texts: list[str],
    *,
    width: float = 880.0,
    height: float = 330.0,
) -> tuple[list[tuple[float, float]], list[tuple[float, float, float, float]]]:
    """Where each label goes so that no label covers another label or a bubble.

    ``points`` are (x, y, diameter) in pixels of the plot area (``width`` x
    ``height``, y upwards). Labels are placed in turn, each at the first free spot
    around its bubble — next to it, then one and two label heights further out (drawn
    with a leader line) — that stays inside the plot, else where it collides least.
    Returns each label's centre offset (dx, dy) from its bubble in pixels and its box
    (x0, y0, x1, y1).
    """
    boxes: list[tuple[float, float, float, float]] = []
    offsets: list[tuple[float, float]] = []
    circles = [(x, y, d / 2) for x, y, d in points]

    def cost(box: tuple[float, float, float, float]) -> float:
        x0, y0, x1, y1 = box
        area = 0.0
        for a0, b0, a1, b1 in boxes:
            area += max(0.0, min(x1, a1) - max(x0, a0)) * max(0.0, min(y1, b1) - max(y0, b0))
        for cx, cy, r in circles:
            dx = max(x0 - cx, 0.0, cx - x1)
            dy = max(y0 - cy, 0.0, cy - y1)
            if dx * dx + dy * dy < r * r:
                area += r * r
        outside = max(0.0, -x0) + max(0.0, x1 - width) + max(0.0, -y0) + max(0.0, y1 - height)
        return area + 100.0 * outside

    for (x, y, diameter), text in zip(points, texts, strict=True):
        w, h = _text_width(text), 14.0
        best: tuple[float, tuple[float, float], tuple[float, float, float, float]] | None = None
        for ring in RINGS:
            for ux, uy in _DIRECTIONS:
                dx = ux * (diameter / 2 + w / 2 + 3 + ring * h)
                dy = uy * (diameter / 2 + h / 2 + 3 + ring * h)
                box = (x + dx - w / 2, y + dy - h / 2, x + dx + w / 2, y + dy + h / 2)
                found = cost(box)
                if best is None or found < best[0]:
                    best = (found, (dx, dy), box)
                if found == 0:
                    break
            if best is not None and best[0] == 0:
                break
        assert best is not None
        offsets.append(best[1])
        boxes.append(best[2])
    return offsets, boxes


def risk_value_bubbles(frame: pd.DataFrame, *, language: str | None = None) -> go.Figure:
    """Risk (top risk score) against business value, one bubble per project: its size the
    number of open risks, its colour the health."""
    with use_language(language):
        figure = go.Figure()
        data = frame.copy()
        data["value"] = data["value"].fillna(0).astype(float)
        data["top_risk_score"] = data["top_risk_score"].fillna(0).astype(float)
        count = data["open_risks"].fillna(0).astype(float)
        most = float(count.max()) or 1.0
        data["_size"] = 16 + 34 * (count / most) ** 0.5
        x_range, y_range = _padded(data["value"]), _padded(data["top_risk_score"])
        width, height = 880.0, 330.0  # the plot area of a 460 px high chart on a page
        points = [
            (
                (x - x_range[0]) / (x_range[1] - x_range[0]) * width,
                (y - y_range[0]) / (y_range[1] - y_range[0]) * height,
                size,
            )
            for x, y, size in zip(data["value"], data["top_risk_score"], data["_size"], strict=True)
        ]
        order = sorted(range(len(points)), key=lambda i: -points[i][1])  # top of the chart first
        offsets, _ = place_labels(
            [points[i] for i in order], [str(data["project"].iloc[i]) for i in order]
        )
        for health, group in data.groupby("health", sort=False):
            figure.add_scatter(
                x=group["value"],
                y=group["top_risk_score"],
                mode="markers",
                name=t(f"status.rag.{health}"),
                text=[esc(p) for p in group["project"]],
                customdata=group["open_risks"].fillna(0),
                marker={
                    "size": group["_size"].tolist(),
                    "color": RAG_COLOURS[str(health)],
                    "opacity": 0.75,
                },
                hovertemplate="%{text}<br>" + t("portfolio.value") + " %{x:,.0f}<br>"
                + t("portfolio.risk") + " %{y}<br>" + t("portfolio.open_risks")
                + " %{customdata}<extra></extra>",
            )  # fmt: skip
        for i, (dx, dy) in zip(order, offsets, strict=True):
            size = float(data["_size"].iloc[i])
            text = str(data["project"].iloc[i])
            near = abs(dx) <= size / 2 + _text_width(text) / 2 + 3.5 and abs(dy) <= size / 2 + 10.5
            label = {
                "x": data["value"].iloc[i],
                "y": data["top_risk_score"].iloc[i],
                "text": esc(text),
                "font": {"size": 12},
            }
            if near:  # next to its bubble
                figure.add_annotation(**label, showarrow=False, xshift=dx, yshift=dy)
            else:  # further out, with a leader line to its bubble
                figure.add_annotation(
                    **label,
                    ax=dx,
                    ay=-dy,  # screen pixels point down
                    showarrow=True,
                    arrowhead=0,
                    arrowwidth=1,
                    arrowcolor="#99a3a4",
                    standoff=size / 2,
                )
        base_layout(figure, title=t("portfolio.bubbles"), height=460)
        if len(data):
            figure.update_xaxes(range=x_range)
            figure.update_yaxes(range=y_range)
        figure.update_xaxes(title=t("portfolio.value"))
        figure.update_yaxes(title=t("portfolio.risk"))
        return figure


def _padded(values: pd.Series) -> list[float]:
    """An axis range around ``values`` with room for the bubbles and their labels."""
    if values.empty:
        return [0.0, 1.0]
    low, high = float(values.min()), float(values.max())
    pad = max((high - low) * 0.25, abs(high) * 0.1, 1.0)
    return [low - pad, high + pad]
