"""Agile metrics: velocity, forecast, burndown, the retro board and improvement actions.

Definitions. A sprint is *finished* when its end is on or before the status
date and it has a ``completed`` figure; the *current* sprint contains the status
date. Velocity is completed points per finished sprint; the rolling velocity
is the mean of the last three. The say/do ratio is completed / committed. The
forecast divides the remaining points (the committed points of sprints not
finished, or ``remaining`` when given) by the lowest, mean and highest of the
last three velocities and rounds up to whole sprints. An action is *overdue*
when it is open or in progress and due before the status date; it is *carried
over* when it stays open while two or more sprints have ended since the sprint
that raised it.

Work items. When ``workitems.csv`` names sprints of ``sprints.csv`` (by id or
name), those sprints' completed points and burndown come from the items:
*completed* is the points of the sprint's items (epics aside) in a done column
with a done date on or before the sprint's last day (and the status date; an
item done without a date counts as done in its sprint), and the burndown's
*remaining* at the end of each working day is the points of the sprint's items
created by then and not yet done (an item done without a date counts until the
sprint's last day). Started and done dates missing in workitems.csv are taken
from transitions.csv. Committed and added points stay as ``sprints.csv`` has
them; sprints no item names keep their ``completed`` and ``burndown.csv``.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from pmtools.model import Project
from pmtools.tables.flow import DEFAULT_BOARD, Board, fill_dates_from_transitions

__all__ = [
    "Forecast",
    "actions_carried_over",
    "actions_overdue",
    "burndown",
    "current_sprint",
    "forecast",
    "retro_board",
    "sprint_items",
    "velocity",
]

_WINDOW = 3


def _status_day(project: Project) -> pd.Timestamp:
    return pd.Timestamp(project.status_date)


def sprint_items(project: Project) -> pd.DataFrame | None:
    """The work items that name a sprint of sprints.csv, epics aside (None without either).

    The typed items of ``workitems.csv`` with ``sprint_id`` (the sprint's id),
    points, created, done (empty ones taken from transitions.csv) and stage.
    """
    items, sprints = project.table("workitems.csv"), project.sprints
    if items is None or sprints is None or "sprint_id" not in items.columns:
        return None
    board = project.sections.get("board")
    board = board if isinstance(board, Board) else DEFAULT_BOARD
    items = fill_dates_from_transitions(items, project.table("transitions.csv"), board)
    named: pd.DataFrame = items[
        (items["type"] != "epic") & items["sprint_id"].isin(set(sprints.index))
    ]
    return named


def _completed_from_items(project: Project, frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` (sprints in order) with completed points from the work items naming them."""
    named = sprint_items(project)
    if named is None or named.empty:
        frame["from_items"] = False
        return frame
    day = _status_day(project)
    last_day = frame["end"].where(frame["end"] < day, day) + pd.Timedelta(days=1)
    cutoff = named["sprint_id"].map(last_day)
    done = (named["stage"] == "done") & (named["done"].isna() | (named["done"] < cutoff))
    points = named["points"].fillna(0.0).where(done, 0.0).groupby(named["sprint_id"]).sum()
    frame["from_items"] = frame.index.isin(set(named["sprint_id"])) & (frame["start"] <= day)
    counted = points.reindex(frame.index).fillna(0.0)
    frame["completed"] = counted.where(frame["from_items"], frame["completed"])
    return frame


def velocity(project: Project) -> pd.DataFrame:
    """One row per sprint in order: committed, completed, added (points), finished,
    say_do (completed / committed), rolling_velocity (mean completed of the last
    three finished sprints up to this one) and from_items (completed counted from
    workitems.csv, see the module docs)."""
    sprints = project.sprints
    if sprints is None or sprints.empty:
        return pd.DataFrame(
            columns=[
                "name",
                "start",
                "end",
                "committed",
                "completed",
                "added",
                "finished",
                "say_do",
                "rolling_velocity",
                "from_items",
            ]
        )
    day = _status_day(project)
    frame = _completed_from_items(project, sprints.sort_values("start").copy())
    frame["finished"] = (frame["end"] <= day) & frame["completed"].notna()
    frame["say_do"] = frame["completed"] / frame["committed"].where(frame["committed"] > 0)
    done = frame["completed"].where(frame["finished"])
    frame["rolling_velocity"] = done.rolling(_WINDOW, min_periods=1).mean().where(frame["finished"])
    return frame


def current_sprint(project: Project) -> str | None:
    """The id of the sprint containing the status date (None if none does)."""
    if project.sprints is None or project.sprints.empty:
        return None
    day = _status_day(project)
    sprints = project.sprints
    hit = sprints[(sprints["start"] <= day) & (sprints["end"] >= day)]
    return str(hit.index[0]) if len(hit) else None


@dataclass(frozen=True)
class Forecast:
    """Sprints still needed at low, mean and high velocity, and when they would end."""

    remaining_points: float
    velocity_low: float
    velocity_mean: float
    velocity_high: float
    sprints_low: int | None  # at the highest velocity: the optimistic count
    sprints_mean: int | None
    sprints_high: int | None  # at the lowest velocity
    finish_low: dt.date | None
    finish_mean: dt.date | None
    finish_high: dt.date | None


def forecast(project: Project, *, remaining: float | None = None) -> Forecast | None:
    """How many more sprints the remaining points need (None without finished sprints)."""
    frame = velocity(project)
    finished = frame[frame["finished"]]
    if finished.empty:
        return None
    recent = finished["completed"].tail(_WINDOW).astype(float)
    low, mean, high = float(recent.min()), float(recent.mean()), float(recent.max())
    if remaining is None:
        open_sprints = frame[~frame["finished"]]
        left = open_sprints["committed"].fillna(0) + open_sprints["added"].fillna(0)
        left -= open_sprints["completed"].fillna(0)
        remaining = float(left.clip(lower=0).sum())
    length = (finished["end"] - finished["start"]).dt.days.tail(_WINDOW).mean() + 3
    start = pd.Timestamp(finished["end"].iloc[-1])

    def count(speed: float) -> int | None:
        return math.ceil(remaining / speed) if speed > 0 else None

    def when(sprints: int | None) -> dt.date | None:
        if sprints is None:
            return None
        return (start + pd.Timedelta(days=float(length) * sprints)).date()

    counts = (count(high), count(mean), count(low))
    return Forecast(remaining, low, mean, high, *counts, *(when(c) for c in counts))


def burndown(project: Project, sprint: str | None = None) -> pd.DataFrame:
    """Remaining points per day of a sprint (default: the current one) beside the ideal line.

    Columns: date, remaining, ideal (straight from the committed points on the
    first working day to zero on the last).
    """
    sprint = sprint or current_sprint(project)
    data = project.burndown
    if sprint is None or project.sprints is None or sprint not in project.sprints.index:
        return pd.DataFrame(columns=["date", "remaining", "ideal"])
    row = project.sprints.loc[sprint]
    days = project.calendar.working_days(row["start"].date(), row["end"].date())
    committed = pd.to_numeric(pd.Series([row["committed"]])).iloc[0]
    ideal = np.linspace(float(committed), 0.0, num=max(len(days), 1))
    frame = pd.DataFrame({"date": pd.to_datetime(days), "ideal": ideal})
    named = sprint_items(project)
    if named is not None and (named["sprint_id"] == sprint).any():
        ends = pd.Timestamp(project.sprints["end"].loc[sprint])
        frame["remaining"] = _remaining_from_items(project, named, sprint, frame["date"], ends)
        return frame[["date", "remaining", "ideal"]]
    if data is None:
        return pd.DataFrame(columns=["date", "remaining", "ideal"])
    actual = data[data["sprint"] == sprint][["date", "remaining"]]
    return frame.merge(actual, on="date", how="left")[["date", "remaining", "ideal"]]


def _remaining_from_items(
    project: Project, named: pd.DataFrame, sprint: str, dates: pd.Series, last: pd.Timestamp
) -> pd.Series:
    """Points of the sprint's items created and not done by the end of each date (NaN after
    the status date); an item done without a date counts as done on ``last``."""
    items = named[named["sprint_id"] == sprint]
    points = items["points"].fillna(0.0).to_numpy()
    created = items["created"].dt.normalize().fillna(pd.Timestamp.min).to_numpy()
    finished = items["done"].dt.normalize().fillna(last).where(items["stage"] == "done")
    finished_at = finished.fillna(pd.Timestamp.max).to_numpy()
    day = _status_day(project)
    values = []
    for date in pd.to_datetime(dates):
        if date > day:
            values.append(np.nan)
            continue
        moment = date.to_datetime64()
        still_open = (created <= moment) & ~(finished_at <= moment)
        values.append(float(points[still_open].sum()))
    return pd.Series(values, index=dates.index, dtype=float)


def retro_board(project: Project, sprint: str | None = None) -> pd.DataFrame:
    """Retro notes of a sprint (default: the latest with notes), by category then votes."""
    notes = project.retro
    if notes is None or notes.empty:
        return pd.DataFrame(columns=["sprint", "category", "note", "votes", "author"])
    if sprint is None:
        order = list(project.sprints.index) if project.sprints is not None else []
        with_notes = [s for s in order if s in set(notes["sprint"])] or sorted(set(notes["sprint"]))
        sprint = with_notes[-1]
    board = notes[notes["sprint"] == sprint].copy()
    rank = {"went-well": 0, "to-improve": 1, "idea": 2, "kudos": 3}
    board["_c"] = board["category"].map(rank)
    board = board.sort_values(["_c", "votes"], ascending=[True, False]).drop(columns="_c")
    return board


def actions_overdue(project: Project) -> pd.DataFrame:
    """Open or in-progress actions due before the status date, most overdue first (days_overdue)."""
    actions = project.actions
    if actions is None or actions.empty:
        return pd.DataFrame(columns=["action", "owner", "due", "status", "sprint", "days_overdue"])
    day = _status_day(project)
    late = actions[actions["status"].isin(("open", "in-progress")) & (actions["due"] < day)].copy()
    late["days_overdue"] = (day - late["due"]).dt.days
    return late.sort_values("days_overdue", ascending=False)


def actions_carried_over(project: Project) -> pd.DataFrame:
    """Actions still open after two or more sprints ended since they were raised (sprints_open)."""
    actions, sprints = project.actions, project.sprints
    if actions is None or actions.empty or sprints is None:
        return pd.DataFrame(columns=["action", "owner", "due", "status", "sprint", "sprints_open"])
    day = _status_day(project)
    ends = sprints["end"]
    still = actions[actions["status"].isin(("open", "in-progress"))].copy()
    raised_end = still["sprint"].map(ends)
    still["sprints_open"] = [
        int(((ends > end) & (ends <= day)).sum()) if pd.notna(end) else 0 for end in raised_end
    ]
    return still[still["sprints_open"] >= 2].sort_values("sprints_open", ascending=False)
