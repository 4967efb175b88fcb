"""The retrospective report's text: headline and the retro board's heading."""

from __future__ import annotations

from pmtools.agile import current_sprint, forecast, retro_board, velocity
from pmtools.i18n import t
from pmtools.model import Project
from pmtools.render import Markdown, inline, md

__all__ = ["board_heading", "headline"]


def headline(project: Project) -> Markdown:
    """Current sprint, recent velocity and say/do, and the forecast of sprints left."""
    if project.sprints is None or project.sprints.empty:
        return md("report.retro.none")
    frame = velocity(project)
    finished = frame[frame["finished"]].tail(3)
    outlook = forecast(project)
    if outlook is None or finished.empty:
        return md("report.retro.none")
    return Markdown(
        t(
            "report.retro.headline",
            current=inline(current_sprint(project) or "-"),
            velocity=outlook.velocity_mean,
            say_do=float(finished["say_do"].mean()),
            remaining=outlook.remaining_points,
            sprints=outlook.sprints_mean,
            fast=outlook.sprints_low,
            slow=outlook.sprints_high,
            finish=outlook.finish_mean,
        )
    )


def board_heading(project: Project) -> Markdown:
    """The heading of the retro board, naming the sprint it shows."""
    board = retro_board(project)
    return md("report.retro.board", sprint=board["sprint"].iloc[0] if len(board) else "-")
