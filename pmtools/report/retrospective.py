"""The retrospective report's text: headline and the retro board's heading."""

from __future__ import annotations

from typing import Any

from pmtools import agile
from pmtools.agile import current_sprint, forecast, retro_board
from pmtools.i18n import t
from pmtools.model import Project
from pmtools.render import Markdown, inline, md

__all__ = ["board_heading", "burndown", "headline", "velocity"]


def headline(project: Project) -> Markdown:
    """Current sprint, recent velocity and say/do, and the forecast of sprints left."""
    if project.sprints is None or project.sprints.empty:
        return md("report.retro.none")
    frame = agile.velocity(project)
    finished = frame[frame["finished"]].tail(3)
    outlook = forecast(project)
    if outlook is None or finished.empty:
        return md("report.retro.no_finished")
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


def board_heading(project: Project) -> Markdown:
    """The heading of the retro board, naming the sprint it shows."""
    board = retro_board(project)
    return md("report.retro.board", sprint=board["sprint"].iloc[0] if len(board) else "-")
