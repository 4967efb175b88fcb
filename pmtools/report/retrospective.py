"""The retrospective report's text: headline and the retro board's heading."""

from __future__ import annotations

import pandas as pd

from pmtools.agile import current_sprint, forecast, retro_board, velocity
from pmtools.flow import sprint_forecast, workitems
from pmtools.i18n import t
from pmtools.model import Project
from pmtools.render import Markdown, inline, md

__all__ = ["board_heading", "headline"]


def headline(project: Project, *, seed: int = 1) -> Markdown:
    """Current sprint, recent velocity and say/do, and the forecast of sprints left.

    With work items naming the sprints, velocity is counted from them and the forecast
    is ``flow.sprint_forecast`` (Monte Carlo over the last velocities, for the story
    points of the items not done) at 50, 85 and 95 % confidence.
    """
    if project.sprints is None or project.sprints.empty:
        return md("report.retro.none")
    frame = velocity(project)
    finished = frame[frame["finished"]].tail(3)
    outlook = forecast(project)
    if outlook is None or finished.empty:
        return md("report.retro.none")
    if bool(frame["from_items"].any()):
        return _headline_from_items(project, frame, finished, seed)
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
