"""The schedule report's text: the headline under its title."""

from __future__ import annotations

from typing import Any

from pmtools.i18n import t
from pmtools.render import Markdown

__all__ = ["headline"]


def headline(summary: Any) -> Markdown:
    """Forecast finish, progress, slip against the baseline and the deadline, in one paragraph."""
    text = t(
        "report.schedule.headline",
        start=summary.start,
        finish=summary.finish,
        duration=summary.duration,
        done=summary.finished,
        tasks=summary.tasks,
        in_progress=summary.in_progress,
        critical=summary.critical_tasks,
    )
    if summary.finish_variance is not None:
        text += t(
            "report.schedule.baseline",
            baseline=summary.baseline_finish,
            variance=summary.finish_variance,
        )
    if summary.deadline is not None:
        if summary.deadline_float >= 0:
            text += t(
                "report.schedule.deadline_ok",
                deadline=summary.deadline,
                float=summary.deadline_float,
            )
        else:
            text += t(
                "report.schedule.deadline_late",
                deadline=summary.deadline,
                late=-summary.deadline_float,
            )
    return Markdown(text)
