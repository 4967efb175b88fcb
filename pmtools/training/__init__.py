"""The training course for new PMs: lessons with self-checking exercises and a class report.

In a lesson notebook::

    from pmtools import training
    lesson = training.start("02-critical-path", language=language, solutions=solutions)
    training.exercise("02.duration")        # question, answer box, Check
    training.check("02.duration", 14)       # the same check from a code cell
    training.table(frame, ["name"], language=language)  # a worked example's table
    training.reveal(table)                  # answers: after the exercises are answered

``lessons`` defines the course (every expected answer computed from the
lesson's project by pmtools), ``_exercise`` the checkers, ``progress`` the
learner's saved answers, ``grade`` the trainer's class report.
"""

from __future__ import annotations

from pmtools.training._exercise import Exercise, Result, expected_answer, parse_answer, score
from pmtools.training._session import (
    ANSWER_MIME,
    Feedback,
    LessonSession,
    capstone_baseline,
    capstone_editor,
    capstone_folder,
    capstone_status,
    check,
    exercise,
    progress,
    reveal,
    start,
)
from pmtools.training._table import table
from pmtools.training.lessons import EXERCISES, LESSONS, Lesson, lesson_dir

__all__ = [
    "ANSWER_MIME",
    "EXERCISES",
    "LESSONS",
    "Exercise",
    "Feedback",
    "Lesson",
    "LessonSession",
    "Result",
    "capstone_baseline",
    "capstone_editor",
    "capstone_folder",
    "capstone_status",
    "check",
    "exercise",
    "expected_answer",
    "lesson_dir",
    "parse_answer",
    "progress",
    "reveal",
    "score",
    "start",
    "table",
]
