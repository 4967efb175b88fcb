"""The Kanban flow report's text and sections: headline, the board, charts or a sentence,
aging work, the forecasts."""

from __future__ import annotations

from typing import Any

import pandas as pd

from pmtools.charts.flow import (
    aging_wip_chart,
    cumulative_flow_chart,
    cycle_time_scatter,
    forecast_chart,
    throughput_chart,
)
from pmtools.flow import FlowReport
from pmtools.i18n import get_language, t
from pmtools.model import Project
from pmtools.render import Markdown, Table, escape, inline, md, table
from pmtools.render.css import BOARD

__all__ = [
    "aging",
    "aging_table",
    "board",
    "cumulative_flow",
    "cycle_time",
    "efficiency",
    "forecast",
    "forecast_curve",
    "forecast_table",
    "headline",
    "throughput",
]

#: Cards shown in the backlog and done columns of the board (the rest are counted).
BACKLOG_CARDS = 8
DONE_CARDS = 5


def _days(value: float | None) -> str:
    return t("evm.null") if value is None else f"{value:.1f}".removesuffix(".0")


def _date(value: Any) -> str:
    return t("evm.null") if value is None else value.isoformat()


def _gap() -> str:
    """What goes between two sentences: a space, none in Chinese."""
    return "" if get_language() == "zh" else " "


def _has_items(result: FlowReport) -> bool:
    return not result.counted.empty


def headline(project: Project, result: FlowReport) -> Markdown:
    """The board in one paragraph: items by stage, cycle time, throughput, when the rest is
    done, and what needs attention (columns over their WIP limit, items aging)."""
    if project.table("workitems.csv") is None:
        return md("report.flow.none")
    counted = result.counted
    stages = counted["stage"].value_counts()
    text = t(
        "report.flow.headline",
        items=len(counted),
        date=result.status_date.isoformat(),
        backlog=int(stages.get("backlog", 0)),
        wip=int(stages.get("in_progress", 0)),
        done=int(stages.get("done", 0)),
    )
    p = result.percentiles
    if p.get(85) is not None:
        text += t(
            "report.flow.cycle",
            p50=_days(p.get(50)),
            p85=_days(p.get(85)),
            p95=_days(p.get(95)),
            count=len(result.cycle_times),
        )
    else:
        text += t("report.flow.no_cycle")
    if result.throughput_per_week is not None:
        text += t(
            "report.flow.throughput",
            per_week=f"{result.throughput_per_week:.1f}",
            days=int(result.history.size),
        )
    text += _when_sentence(result)
    over = result.wip[result.wip["over_limit"]]
    if len(over):
        listed = ", ".join(
            t("report.flow.over_item", column=inline(c), items=int(n), limit=int(limit))
            for c, n, limit in zip(over["column"], over["items"], over["wip_limit"], strict=True)
        )
        text += t("report.flow.over", columns=listed)
    old = result.aging[result.aging["exceeds_percentile"].fillna(0) >= 85]
    if len(old) and p.get(85) is not None:
        text += t(
            "report.flow.aging",
            count=len(old),
            days=_days(p.get(85)),
            ids=", ".join(inline(i) for i in old.index[:5]),
        )
    return Markdown(text)


def _when_sentence(result: FlowReport) -> str:
    when = result.when
    if result.items_left == 0:
        return t("report.flow.nothing_left")
    if when is None or when.finish.get(85) is None:
        return t("report.flow.when_never", left=result.items_left, days=int(result.history.size))
    return t(
        "report.flow.when",
        left=result.items_left,
        p50=_date(when.finish.get(50)),
        p85=_date(when.finish.get(85)),
        p95=_date(when.finish.get(95)),
    )


# -- the board ---------------------------------------------------------------------------------


def _card(row: pd.Series, item_id: Any, age: float | None, old: bool) -> str:
    kind = str(row.get("type") or "story")
    points = row.get("points")
    head = f'<span class="id">{escape(item_id)}</span>'
    if points is not None and pd.notna(points):
        head += " · " + escape(t("report.flow.card.points", points=_days(float(points))))
    meta = escape(row.get("owner") or "")
    if age is not None:
        age_text = escape(t("report.flow.card.age", days=_days(age)))
        meta += (" · " if meta else "") + f'<span class="age">{age_text}</span>'
    css = f"card {escape(kind)}" + (" old" if old else "")
    title = escape(row.get("title") or "")
    return f'<div class="{css}">{head}<br>{title}<br><span class="meta">{meta}</span></div>'


def board(result: FlowReport) -> Table | Markdown:
    """The board as columns of cards at the status date: every item in progress with its age,
    the oldest backlog items and the latest done ones; a column over its WIP limit framed
    red, an item older than the 85th percentile of cycle times shaded."""
    if not _has_items(result):
        return md("report.flow.no_items")
    counted = result.counted
    aging = result.aging
    ages = {k: float(v) for k, v in aging["age_days"].dropna().items()}
    old = {k for k, v in aging["exceeds_percentile"].dropna().items() if int(v) >= 85}
    wip = result.wip
    limits = wip["wip_limit"].astype(object).where(wip["wip_limit"].notna(), None).tolist()
    columns_html = []
    for name, stage, count, limit, over in zip(
        wip["column"], wip["stage"], wip["items"], limits, wip["over_limit"], strict=True
    ):
        inside = counted[counted["column"] == name]
        hidden = 0
        if stage == "done":
            inside = inside.sort_values("done", ascending=False, na_position="last")
            hidden = max(len(inside) - DONE_CARDS, 0)
            inside = inside.head(DONE_CARDS)
        elif stage == "backlog":
            inside = inside.sort_values("created", na_position="last")
            hidden = max(len(inside) - BACKLOG_CARDS, 0)
            inside = inside.head(BACKLOG_CARDS)
        else:
            order = [i for i in aging.index[aging["column"] == name] if i in inside.index]
            inside = inside.loc[order + [i for i in inside.index if i not in set(order)]]
        cards = [
            _card(
                item, item_id, ages.get(item_id) if stage == "in_progress" else None, item_id in old
            )
            for item_id, item in inside.iterrows()
        ]
        if hidden:
            key = "report.flow.board.more_done" if stage == "done" else "report.flow.board.more"
            cards.append(f'<div class="more">{escape(t(key, count=hidden))}</div>')
        tally = (
            str(count)
            if limit is None
            else t("report.flow.board.limit", items=count, limit=int(limit))
        )
        css = "col over" if over else "col"
        columns_html.append(
            f'<div class="{css}"><div class="head">{escape(name)}'
            f'<span class="count">{escape(tally)}</span></div>{"".join(cards)}</div>'
        )
    return Table(f'{BOARD}<div class="pmtools-board">{"".join(columns_html)}</div>')


# -- charts, or a sentence when there is nothing to draw ---------------------------------------


def cumulative_flow(result: FlowReport) -> Any:
    """The cumulative flow diagram from the first item created to the status date."""
    if not _has_items(result) or result.cumulative.empty:
        return md("report.flow.no_items")
    return cumulative_flow_chart(result.cumulative, result.board, status_date=result.status_date)


def cycle_time(result: FlowReport) -> Any:
    """The cycle-time scatter with the percentile lines, or why there is none."""
    if result.cycle_times.empty:
        return md("report.flow.no_cycle_times")
    return cycle_time_scatter(result.cycle_times, result.percentiles)


def aging(result: FlowReport) -> Any:
    """The items in progress by column and age against the cycle-time percentiles."""
    if result.aging["age_days"].notna().sum() == 0:
        return md("report.flow.no_wip")
    return aging_wip_chart(result.aging, result.board, result.percentiles)


def aging_table(result: FlowReport) -> Table | Markdown:
    """The items in progress, oldest first: title, owner, column, started, age, the highest
    percentile their age is beyond."""
    frame = result.aging.join(result.items[["title", "owner"]], how="left")
    beyond = frame["exceeds_percentile"]
    frame = frame.assign(
        board_column=frame["column"],
        beyond=[f"p{int(v)}" if pd.notna(v) else "" for v in beyond],
    )
    return table(
        frame,
        {
            "title": "flow.col.title",
            "owner": "col.owner",
            "board_column": "flow.col.column",
            "started": "flow.col.started",
            "age_days": "flow.col.age",
            "beyond": "flow.col.beyond",
        },
        formats={"age_days": "{:.0f}"},
        index="flow.col.item",
        empty="report.flow.no_wip",
    )


def throughput(result: FlowReport) -> Any:
    """Items done per week, with the mean of the forecast history."""
    if result.throughput_weekly.empty or not result.throughput_weekly.any():
        return md("report.flow.no_throughput")
    return throughput_chart(result.throughput_weekly, per_week=result.throughput_per_week)


def efficiency(result: FlowReport) -> Markdown:
    """Flow efficiency in one sentence: the share of in-progress time spent in active columns."""
    if result.efficiency is None:
        return md("report.flow.no_efficiency")
    waiting = [c.name for c in result.board.columns if not c.active]
    return md(
        "report.flow.efficiency",
        share=f"{result.efficiency:.0%}",
        waiting=", ".join(waiting) or "-",
    )


def forecast(project: Project, result: FlowReport) -> Markdown:
    """When the items left will be done, and how many will be done by the horizon (the
    deadline, or 30 days on), at 50, 85 and 95 % confidence."""
    if not _has_items(result):
        return md("report.flow.no_items")
    text = _when_sentence(result).strip()
    many = result.how_many
    if many is not None and result.items_left > 0:
        key = "deadline" if result.horizon == project.deadline else "days"
        reached = many.items.get(85, 0)
        values = {
            "date": result.horizon.isoformat(),
            "days": many.days,
            "p50": min(many.items.get(50, 0), result.items_left),
            "p85": min(reached, result.items_left),
            "p95": min(many.items.get(95, 0), result.items_left),
            "left": result.items_left,
        }
        if reached >= result.items_left:
            key = f"all_{key}"
        text += _gap() + t(f"report.flow.how_many.{key}", **values)
    text += _gap() + t(
        "report.flow.method", days=int(result.history.size), iterations=f"{result.iterations:,}"
    )
    return Markdown(text)


def forecast_table(project: Project, result: FlowReport) -> Table | Markdown:
    """Per confidence: the date all items left are done by, and the items done by the
    horizon, the deadline or 30 days on (never more than are left)."""
    deadline = project.deadline
    if result.when is None or result.items_left == 0:
        return md("report.flow.no_forecast")
    many = result.how_many.items if result.how_many is not None else {}
    rows = [
        {
            "confidence": f"{confidence} %",
            "finish": result.when.finish.get(confidence),
            "by_horizon": min(many.get(confidence, 0), result.items_left),
        }
        for confidence in sorted(result.when.finish)
    ]
    frame = pd.DataFrame(rows)
    frame["finish"] = [_date(v) for v in frame["finish"]]
    by = "flow.col.by_deadline" if result.horizon == deadline else "flow.col.by_days"
    return table(
        frame,
        {"confidence": "flow.col.confidence", "finish": "flow.col.finish", "by_horizon": by},
    )


def forecast_curve(project: Project, result: FlowReport) -> Any:
    """How many items by when: the Monte Carlo fan against the items left."""
    if result.curve.empty or result.items_left == 0:
        return md("report.flow.no_forecast")
    return forecast_chart(result.curve, result.items_left, result.when, deadline=project.deadline)
