"""Resource charts: allocation heat map, utilisation, cost by resource, levelled Gantt."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from pmtools.charts._style import (
    BASELINE,
    CRITICAL,
    DEADLINE,
    FLOAT,
    NORMAL,
    base_layout,
    date_axis,
    esc,
    status_line,
    vline,
)
from pmtools.i18n import t, use_language

__all__ = ["allocation_heatmap", "cost_bars", "levelled_gantt", "utilisation_bars"]

_DAY = pd.Timedelta(days=1)
#: Utilisation colours: white (idle) through blue (fully booked) to red (booked beyond).
_SCALE_TOP = 150.0  # % of capacity at the top of the scale (100 % sits at two thirds)
_SCALE = [
    [0.0, "#f8f9f9"],
    [0.4 * 100 / _SCALE_TOP, "#aed6f1"],
    [100 / _SCALE_TOP, NORMAL],  # fully booked: the strongest blue
    [100.5 / _SCALE_TOP, "#f5b041"],  # booked beyond capacity: orange, then red
    [1.0, CRITICAL],
]


def _row_height(rows: int, *, each: int = 26, extra: int = 170) -> int:
    return max(extra + each * rows, 300)


def allocation_heatmap(
    weekly: pd.DataFrame,
    *,
    status_date: dt.date | None = None,
    language: str | None = None,
) -> go.Figure:
    """Resources (rows, resources.csv order) by week (columns): utilisation % of each
    week's capacity (``weekly_allocation``), 100 % blue, above it orange to red; a red
    triangle on each week with a working day over capacity; the status date as a line."""
    with use_language(language):
        figure = go.Figure()
        names = list(dict.fromkeys(weekly["resource"]))
        weeks = sorted(set(weekly["week"]))
        grid = weekly.pivot(index="resource", columns="week", values="utilisation_pct")
        grid = grid.reindex(index=names, columns=weeks)
        # work in a week with no capacity at all (leave): as far over as the scale goes
        stranded = weekly[(weekly["available"] <= 0) & (weekly["allocated"] > 0)]
        for name, week in zip(stranded["resource"], stranded["week"], strict=True):
            grid.loc[name, week] = _SCALE_TOP
        lookup = weekly.set_index(["resource", "week"])
        hover = [
            [
                t(
                    "resources.heatmap.hover",
                    resource=esc(name),
                    week=week.isoformat(),
                    allocated=_number(lookup.loc[(name, week), "allocated"]),
                    available=_number(lookup.loc[(name, week), "available"]),
                    share=_percent(lookup.loc[(name, week), "utilisation_pct"]),
                    over=int(lookup.loc[(name, week), "over_days"]),
                )
                for week in weeks
            ]
            for name in names
        ]
        x = [pd.Timestamp(w) + pd.Timedelta(days=3) for w in weeks]  # the middle of the week
        labels = [esc(n) for n in names]
        figure.add_heatmap(
            z=np.clip(grid.to_numpy(dtype=float), 0, _SCALE_TOP),
            x=x,
            y=labels,
            zmin=0,
            zmax=_SCALE_TOP,
            colorscale=_SCALE,
            hoverinfo="text",
            text=hover,
            xgap=1,
            ygap=1,
            colorbar={
                "title": {"text": t("resources.heatmap.scale"), "side": "right"},
                "tickvals": [0, 50, 100, 150],
                "ticktext": ["0", "50", "100", "≥150"],
                "thickness": 12,
            },
            showscale=True,
            name=t("resources.heatmap.scale"),
        )
        over = weekly[weekly["over_days"] > 0]
        figure.add_scatter(
            x=[pd.Timestamp(w) + pd.Timedelta(days=3) for w in over["week"]],
            y=[esc(n) for n in over["resource"]],
            mode="markers",
            marker={
                "symbol": "triangle-up",
                "size": 9,
                "color": CRITICAL,
                "line": {"color": "#ffffff", "width": 1},
            },
            name=t("resources.heatmap.over"),
            hoverinfo="skip",
        )
        base_layout(figure, title=t("resources.heatmap.title"), height=_row_height(len(names)))
        figure.update_yaxes(autorange="reversed", automargin=True, type="category")
        date_axis(figure, title=t("resources.heatmap.axis"), automargin=True)
        figure.update_layout(showlegend=True, legend={"y": 1.02})
        if status_date is not None:
            status_line(figure, status_date)
        return figure


def _number(value: Any) -> str:
    return f"{float(value):,.1f}".rstrip("0").rstrip(".")


def _percent(value: Any) -> str:
    return "-" if pd.isna(value) else f"{float(value):.0f} %"


def utilisation_bars(table: pd.DataFrame, *, language: str | None = None) -> go.Figure:
    """Horizontal bars: each resource's utilisation over the plan (``utilisation``), red
    where it has days over capacity, a line at 100 %."""
    with use_language(language):
        figure = go.Figure()
        names = [esc(n) for n in table.index]
        share = table["utilisation_pct"].fillna(0).to_numpy(dtype=float)
        over = table["over_days"].to_numpy() > 0
        for mask, key, colour in (
            (~over, "resources.utilisation.bar", NORMAL),
            (over, "resources.utilisation.over", CRITICAL),
        ):
            figure.add_bar(
                x=share[mask],
                y=[n for n, m in zip(names, mask, strict=True) if m],
                orientation="h",
                marker_color=colour,
                name=t(key),
                text=[f"{v:.0f} %" for v in share[mask]],
                textposition="outside",
                cliponaxis=False,
            )
        base_layout(figure, title=t("resources.utilisation.title"), height=_row_height(len(names)))
        top = max(float(share.max(initial=0)) * 1.15, 110.0)
        figure.update_xaxes(title=t("resources.utilisation.axis"), range=[0, top])
        figure.update_yaxes(
            autorange="reversed",
            automargin=True,
            type="category",
            categoryorder="array",
            categoryarray=names,
        )
        vline(figure, 100, label=t("resources.utilisation.full"), colour=DEADLINE, bottom=True)
        return figure


def cost_bars(table: pd.DataFrame, *, currency: str = "", language: str | None = None) -> go.Figure:
    """Horizontal bars: resource cost at day rates (``utilisation``'s cost), largest on top;
    resources without a rate are left out."""
    with use_language(language):
        priced = table["cost"].dropna().sort_values(ascending=False)
        figure = go.Figure()
        figure.add_bar(
            x=priced.to_numpy(dtype=float),
            y=[esc(n) for n in priced.index],
            orientation="h",
            marker_color=NORMAL,
            name=t("resources.cost.bar"),
            text=[f"{v:,.0f}" for v in priced],
            textposition="outside",
            cliponaxis=False,
        )
        base_layout(figure, title=t("resources.cost.title"), height=_row_height(len(priced)))
        top = float(priced.max()) * 1.2 if len(priced) else 1.0
        figure.update_xaxes(
            title=t("resources.cost.axis", currency=currency),
            range=[0, top],
            separatethousands=True,
        )
        figure.update_yaxes(autorange="reversed", automargin=True, type="category")
        figure.update_layout(showlegend=False)
        return figure


def levelled_gantt(
    levelled: Any,
    *,
    status_date: dt.date | None = None,
    language: str | None = None,
) -> go.Figure:
    """The tasks not finished at the status date (summaries left out), each as two bars:
    the unlevelled dates (grey, thin) and the levelled ones (blue, red when levelling
    delays the task); lines at both finishes and the status date. ``levelled`` is a
    ``pmtools.resources.Levelled``."""
    with use_language(language):
        after, before = levelled.plan, levelled.unlevelled
        shown = ~after["summary"].to_numpy(dtype=bool)
        if "status" in after.columns:
            shown &= (after["status"] != "finished").to_numpy()
        ids = after.index[shown]
        labels = [f"{esc(i)} {esc(after.loc[i, 'name'])}" for i in ids]
        labels = [label if len(label) <= 48 else label[:47] + "…" for label in labels]
        delay = (after.loc[ids, "early_start"] - before.loc[ids, "early_start"]).to_numpy()
        figure = go.Figure()

        def bars(
            frame: pd.DataFrame, mask: Any, name: str, colour: str, width: float, offset: float
        ) -> None:
            rows = ids[mask]
            start = pd.to_datetime(frame.loc[rows, "start"])
            end = pd.to_datetime(frame.loc[rows, "finish"]) + _DAY
            milestone = frame.loc[rows, "milestone"].to_numpy(dtype=bool)
            end = end.where(~milestone, start + pd.Timedelta(hours=12))
            hover = [
                t(
                    "resources.gantt.hover",
                    id=esc(i),
                    name=esc(frame.loc[i, "name"]),
                    start=pd.Timestamp(s).date(),
                    finish=pd.Timestamp(f).date(),
                )
                for i, s, f in zip(
                    rows, frame.loc[rows, "start"], frame.loc[rows, "finish"], strict=True
                )
            ]
            figure.add_bar(
                base=start,
                x=(end - start).dt.total_seconds() * 1000,
                y=[lab for lab, m in zip(labels, mask, strict=True) if m],
                orientation="h",
                marker_color=colour,
                width=width,
                offset=offset,
                name=name,
                hovertext=hover,
                hoverinfo="text",
            )

        everything = np.ones(len(ids), dtype=bool)
        bars(before, everything, t("resources.gantt.before"), BASELINE, 0.3, 0.05)
        bars(after, delay <= 0, t("resources.gantt.after"), NORMAL, 0.45, -0.45)
        if (delay > 0).any():
            bars(after, delay > 0, t("resources.gantt.moved"), CRITICAL, 0.45, -0.45)
        key = "resources.gantt.title" if levelled.finish_delay else "resources.gantt.title_same"
        base_layout(
            figure,
            title=t(key, delay=levelled.finish_delay),
            height=_row_height(len(ids), each=24),
        )
        figure.update_layout(barmode="overlay")
        figure.update_yaxes(
            autorange="reversed",
            automargin=True,
            type="category",
            categoryorder="array",
            categoryarray=labels,
        )
        date_axis(figure, title=t("resources.gantt.axis"))
        finish_before = before.attrs["project_finish"]
        finish_after = after.attrs["project_finish"]
        vline(
            figure,
            pd.Timestamp(finish_before) + _DAY,
            label=t("resources.gantt.finish_before", date=finish_before),
            colour=FLOAT,
            row=0,
        )
        if finish_after != finish_before:
            vline(
                figure,
                pd.Timestamp(finish_after) + _DAY,
                label=t("resources.gantt.finish_after", date=finish_after),
                colour=CRITICAL,
                row=1,
            )
        if status_date is not None:
            status_line(figure, status_date, at=pd.Timestamp(status_date) + _DAY)
        return figure
