"""Gantt chart of a critical-path plan (the frame ``pmtools.critical_path`` returns)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from pmtools.charts._style import (
    BASELINE,
    CRITICAL,
    DONE,
    DONE_CRITICAL,
    FLOAT,
    MILESTONE,
    NORMAL,
    SUMMARY,
    base_layout,
    date_axis,
    esc,
    status_line,
)
from pmtools.i18n import t, use_language

__all__ = ["gantt", "milestone_chart"]

_DAY = pd.Timedelta(days=1)
_ROW_PX = 22
#: A milestone row's height (px): the diamond and its label, readable when printed.
_MILESTONE_ROW_PX = 32


def _labels(plan: pd.DataFrame) -> list[str]:
    summary = plan["summary"] if "summary" in plan.columns else pd.Series(False, index=plan.index)
    return [
        f"<b>{esc(name)}</b>  ({esc(task_id)})" if is_summary else f"{esc(name)}  ({esc(task_id)})"
        for task_id, name, is_summary in zip(plan.index, plan["name"], summary, strict=True)
    ]


def _ms(delta: pd.Series) -> list[float]:
    milliseconds: list[float] = (delta.dt.total_seconds() * 1000).tolist()
    return milliseconds


def gantt(
    plan: pd.DataFrame,
    *,
    language: str | None = None,
    status_date: dt.date | None = None,
    title: str | None = None,
    baseline: bool = True,
) -> go.Figure:
    """Bars from start to finish, one row per task in plan order (WBS indented).

    Critical tasks red, others blue, summaries dark and thin; the share done
    darker; milestones as diamonds; baseline bars grey under the current ones;
    total float as a grey line after each bar; a line at the status date.
    """
    with use_language(language):
        labels = _labels(plan)
        start = pd.to_datetime(plan["start"])
        end = pd.to_datetime(plan["finish"]) + _DAY  # bars cover the last working day
        leaf = ~plan["summary"] & ~plan["milestone"]
        percent = plan.get("percent_complete", pd.Series(0.0, index=plan.index)).fillna(0)
        hover = [
            t(
                "gantt.hover",
                id=esc(i),
                name=esc(n),
                start=s.date(),
                finish=f.date(),
                days=d,
                float=tf,
                percent=p,
            )
            for i, n, s, f, d, tf, p in zip(
                plan.index,
                plan["name"],
                start,
                pd.to_datetime(plan["finish"]),
                plan["duration"],
                plan["total_float"],
                percent,
                strict=True,
            )
        ]
        figure = go.Figure()
        has_baseline = (
            baseline and "baseline_start" in plan.columns and plan["baseline_start"].notna().any()
        )
        if has_baseline:
            b_start = pd.to_datetime(plan["baseline_start"])
            b_end = pd.to_datetime(plan["baseline_finish"]) + _DAY
            shown = b_start.notna() & b_end.notna() & ~plan["summary"]
            figure.add_bar(
                y=np.array(labels)[shown.to_numpy()],
                base=b_start[shown],
                x=_ms(b_end[shown] - b_start[shown]),
                orientation="h",
                marker_color=BASELINE,
                width=0.22,
                offset=0.12,
                name=t("gantt.baseline"),
                hoverinfo="skip",
            )
        for mask, colour, name, width in (
            (leaf & plan["critical"], CRITICAL, t("gantt.critical"), 0.5),
            (leaf & ~plan["critical"], NORMAL, t("gantt.normal"), 0.5),
            (plan["summary"], SUMMARY, t("gantt.summary"), 0.28),
        ):
            if not mask.any():
                continue
            m = mask.to_numpy()
            figure.add_bar(
                y=np.array(labels)[m],
                base=start[m],
                x=_ms(end[m] - start[m]),
                orientation="h",
                marker_color=colour,
                width=width,
                offset=-0.4 if width == 0.5 else -0.3,
                name=name,
                hovertext=np.array(hover)[m],
                hoverinfo="text",
            )
        done = leaf & (percent > 0)
        if done.any():
            m = done.to_numpy()
            share = (end[m] - start[m]) * (percent[m] / 100)
            colours = np.where(plan["critical"][m], DONE_CRITICAL, DONE)
            figure.add_bar(
                y=np.array(labels)[m],
                base=start[m],
                x=_ms(share),
                orientation="h",
                marker_color=colours,
                width=0.2,
                offset=-0.25,
                name=t("gantt.done"),
                hovertext=np.array(hover)[m],
                hoverinfo="text",
            )
        slack = leaf & (plan["total_float"] > 0)
        if slack.any() and "late_finish_date" in plan.columns:
            late_end = pd.to_datetime(plan["late_finish_date"]) + _DAY
            xs: list[object] = []
            ys: list[object] = []
            for label, a, b in zip(
                np.array(labels)[slack.to_numpy()], end[slack], late_end[slack], strict=True
            ):
                xs += [a, b, None]
                ys += [label, label, None]
            figure.add_scatter(
                x=xs,
                y=ys,
                mode="lines",
                line={"color": FLOAT, "width": 1.5, "dash": "dot"},
                name=t("gantt.float"),
                hoverinfo="skip",
            )
        milestones = plan["milestone"]
        if milestones.any():
            m = milestones.to_numpy()
            figure.add_scatter(
                x=end[m],
                y=np.array(labels)[m],
                mode="markers",
                marker={
                    "symbol": "diamond",
                    "size": 12,
                    "color": np.where(plan["critical"][m], CRITICAL, MILESTONE),
                    "line": {"color": "white", "width": 1},
                },
                name=t("gantt.milestone"),
                hovertext=np.array(hover)[m],
                hoverinfo="text",
            )
        if status_date is not None:
            status_line(figure, status_date, at=pd.Timestamp(status_date) + _DAY)
        height = max(320, _ROW_PX * len(plan) + 170)
        base_layout(figure, title=title or t("gantt.title"), height=height)
        figure.update_layout(barmode="overlay", bargap=0.2)
        figure.update_yaxes(
            autorange="reversed",
            categoryorder="array",
            categoryarray=labels,
            tickfont={"size": 11},
            automargin=True,
        )
        date_axis(
            figure,
            showgrid=True,
            gridcolor="#e5e7e9",
            title=t("gantt.axis"),
        )
        return figure


def milestone_chart(
    key_dates: pd.DataFrame,
    *,
    status_date: dt.date | None = None,
    language: str | None = None,
) -> go.Figure:
    """Each key date as a row: the baseline date (grey) and the forecast (red when
    later than the baseline, blue otherwise, dark when reached), joined by the slip.

    ``key_dates`` has name, baseline_finish, finish, finish_variance and status
    (``StatusReport.key_dates``).
    """
    with use_language(language):
        rows = key_dates.iloc[::-1]  # the earliest at the top
        labels = [
            f"{esc(name)}  ({esc(i)})" for i, name in zip(rows.index, rows["name"], strict=True)
        ]
        forecast = pd.to_datetime(rows["finish"])
        baseline = pd.to_datetime(rows["baseline_finish"])
        slip = rows["finish_variance"].fillna(0).to_numpy(dtype=float)
        reached = (rows["status"] == "finished").to_numpy()
        colours = [
            DONE if done else CRITICAL if late > 0 else NORMAL
            for done, late in zip(reached, slip, strict=True)
        ]
        figure = go.Figure()
        for label, base, now in zip(labels, baseline, forecast, strict=True):
            if pd.notna(base) and base != now:
                figure.add_scatter(
                    x=[base, now],
                    y=[label, label],
                    mode="lines",
                    line={"color": FLOAT, "width": 2},
                    showlegend=False,
                    hoverinfo="skip",
                )
        figure.add_scatter(
            x=baseline,
            y=labels,
            mode="markers",
            name=t("milestones.baseline"),
            marker={"symbol": "diamond-open", "size": 13, "color": BASELINE, "line": {"width": 2}},
        )
        figure.add_scatter(
            x=forecast,
            y=labels,
            mode="markers+text",
            name=t("milestones.forecast"),
            marker={"symbol": "diamond", "size": 14, "color": colours},
            text=[f"{s:+.0f}" if s else "" for s in slip],
            textposition="middle right",
            customdata=np.stack([slip], axis=-1),
            hovertemplate="%{y}<br>%{x|%Y-%m-%d}<br>"
            + t("milestones.slip")
            + " %{customdata[0]:+.0f}<extra></extra>",
        )
        if status_date is not None:
            status_line(figure, status_date)
        base_layout(figure, title=t("milestones.title"), height=120 + _MILESTONE_ROW_PX * len(rows))
        date_axis(figure, title=t("gantt.axis"))
        figure.update_yaxes(automargin=True)
        return figure
