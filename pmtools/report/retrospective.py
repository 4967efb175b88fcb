"""The retrospective report's text: headline and the retro board's heading."""

from __future__ import annotations

from typing import Any

import pandas as pd

from pmtools import agile
from pmtools.agile import current_sprint, forecast, retro_board
from pmtools.flow import sprint_forecast, workitems
from pmtools.i18n import t
from pmtools.model import Project
from pmtools.render import Markdown, inline, md

__all__ = ["board_heading", "burndown", "headline", "velocity"]


def headline(project: Project, *, seed: int = 1) -> Markdown:
    """Current sprint, recent velocity and say/do, and the forecast of sprints left.

    With work items naming the sprints, velocity is counted from them and the forecast
    is ``flow.sprint_forecast`` (Monte Carlo over the last velocities, for the story
    points of the items not done) at 50, 85 and 95 % confidence.
    """
    if project.sprints is None or project.sprints.empty:
        return md("report.retro.none")
    frame = agile.velocity(project)
    finished = frame[frame["finished"]].tail(3)
    outlook = forecast(project)
    if outlook is None or finished.empty:
        return md("report.retro.no_finished")
    if bool(frame["from_items"].any()):
        return _headline_from_items(project, frame, finished, seed)
    low, high = outlook.sprints_low, outlook.sprints_high
    spread = "" if low == high else t("report.retro.spread", fast=low, slow=high)
    return Markdown(
        t(
            "report.retro.headline",
            current=inline(current_sprint(project) or "-"),
            velocity=outlook.velocity_mean,
            say_do=float(finished["say_do"].mean()),
            remaining=outlook.remaining_points,
            sprints=outlook.sprints_mean,
            spread=spread,
            finish=outlook.finish_mean,
        )
    )


def velocity(project: Project) -> Any:
    """Committed and completed points per sprint as a chart, or a sentence without sprints."""
    from pmtools.charts import velocity_chart

    frame = agile.velocity(project)
    if frame.empty:
        return md("report.retro.none")
    return velocity_chart(frame)


def burndown(project: Project) -> Any:
    """The current sprint's burndown chart, or a sentence when there is none to draw."""
    from pmtools.charts import burndown_chart

    sprint = current_sprint(project)
    frame = agile.burndown(project)
    if sprint is None or frame.empty:
        return md("report.retro.no_burndown")
    return burndown_chart(frame, sprint)


def _headline_from_items(
    project: Project, frame: pd.DataFrame, finished: pd.DataFrame, seed: int
) -> Markdown:
    result = sprint_forecast(project, workitems(project), seed=seed)
    text = t(
        "report.retro.items.velocity",
        current=inline(current_sprint(project) or "-"),
        velocity=float(finished["completed"].mean()),
        say_do=float(finished["say_do"].mean()),
        sprints=int(frame["from_items"].sum()),
    )
    if result is None or result.remaining_points <= 0:
        return Markdown(text + t("report.retro.items.nothing_left"))
    counts, dates = result.sprints, result.finish
    if counts.get(85) is None:
        return Markdown(text + t("report.retro.items.never", remaining=result.remaining_points))
    return Markdown(
        text
        + t(
            "report.retro.items.forecast",
            remaining=result.remaining_points,
            p50=counts.get(50),
            p85=counts.get(85),
            p95=counts.get(95),
            finish=dates.get(85) or "-",
            history=result.history_sprints,
        )
    )


def board_heading(project: Project) -> Markdown:
    """The heading of the retro board, naming the sprint it shows."""
    board = retro_board(project)
    return md("report.retro.board", sprint=board["sprint"].iloc[0] if len(board) else "-")
