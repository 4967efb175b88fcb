"""The trainer's class report: every learner's saved answers re-checked, per lesson.

``pmtools course grade SUBMISSIONS/ --out class.html`` reads, for each learner
(a folder per learner, or files at the top named ``<learner>.ipynb``,
``<learner>-<lesson>.ipynb`` or ``<learner>.json``), the answers they saved:
the progress file the answer boxes write (``.pmtools-progress.json``) and the
answers ``training.check`` left in the saved notebooks' outputs
(``application/vnd.pmtools.answer+json``). Both are read as data: nothing a
learner wrote is run. Each answer is checked again against the answer pmtools
computes from the lesson's project (never the score the learner's file claims);
the last answer to an exercise counts, and the first one tells whether the learner
got it right at the first attempt (the report counts, per exercise, the learners
wrong at first). A file that cannot be read is listed and the rest of the class is
graded.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pmtools.i18n import get_language, t
from pmtools.io import load_project
from pmtools.model import Project
from pmtools.render import escape
from pmtools.render.css import PORTFOLIO
from pmtools.render.palette import RAG_COLOURS
from pmtools.training._exercise import score
from pmtools.training._session import ANSWER_MIME, hint_text, prompt_text
from pmtools.training.lessons import EXERCISES, LESSONS, lesson_dir
from pmtools.training.progress import PROGRESS_FILE, attempts

__all__ = [
    "ClassReport",
    "ExerciseSummary",
    "LearnerGrade",
    "class_report_html",
    "grade",
    "grade_json",
]


@dataclass
class LearnerGrade:
    """One learner: the last answer to each exercise, its check, the first answer's check,
    how many attempts, and files that failed."""

    name: str
    answers: dict[str, Any] = field(default_factory=dict)  # exercise id -> last answer
    stamps: dict[str, str] = field(default_factory=dict)  # exercise id -> when answered
    scores: dict[str, float] = field(default_factory=dict)  # exercise id -> 0..1
    correct: dict[str, bool] = field(default_factory=dict)
    first: dict[str, Any] = field(default_factory=dict)  # exercise id -> first answer
    first_correct: dict[str, bool] = field(default_factory=dict)
    tries: dict[str, int] = field(default_factory=dict)  # exercise id -> attempts saved
    problems: list[tuple[str, str]] = field(default_factory=list)  # (file, reason)

    def lesson_score(self, lesson: str) -> float | None:
        """Share of the lesson's marks (0..1); None when no answer to it was saved."""
        exercises = [e.id for e in LESSONS[lesson].exercises]
        if not any(e in self.scores for e in exercises):
            return None
        return sum(self.scores.get(e, 0.0) for e in exercises) / len(exercises)

    def total(self, lessons: list[str]) -> float | None:
        """Share of the marks over ``lessons`` (unanswered exercises count 0)."""
        exercises = [e.id for lesson in lessons for e in LESSONS[lesson].exercises]
        if not exercises or not self.scores:
            return None
        return sum(self.scores.get(e, 0.0) for e in exercises) / len(exercises)


@dataclass(frozen=True)
class ExerciseSummary:
    """One exercise over the class: learners who answered it, how many were wrong at their
    first attempt, how many are still wrong at their last, and the class's mean final mark
    (0..1)."""

    exercise: str
    answered: int
    wrong_first: int
    wrong: int
    score: float


@dataclass(frozen=True)
class ClassReport:
    """Every learner graded, the lessons the class worked on, the exercises most got wrong
    (id, learners who answered, learners wrong; at least half wrong, hardest first) and
    every answered exercise in course order."""

    folder: Path
    learners: list[LearnerGrade]
    lessons: list[str]
    hard: list[tuple[str, int, int]]
    exercises: list[ExerciseSummary] = field(default_factory=list)


# -- reading submissions ---------------------------------------------------------------------


def _learner_of(path: Path) -> str:
    """``alice.ipynb``, ``alice-02-critical-path.ipynb``, ``alice.json`` -> ``alice``."""
    stem = path.name.removesuffix(PROGRESS_FILE).removesuffix(".json").removesuffix(".ipynb")
    for lesson in LESSONS:
        for sep in ("-", "_", "."):
            if stem.endswith(sep + lesson):
                return stem.removesuffix(sep + lesson)
    return stem.rstrip(".-_") or path.name


def _files(folder: Path) -> dict[str, list[Path]]:
    """Each learner's files: a folder per learner, or top-level files named by learner."""
    found: dict[str, list[Path]] = {}
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            files = [
                p
                for p in sorted(entry.rglob("*"))
                if p.is_file()
                and ".ipynb_checkpoints" not in p.parts
                and (p.suffix == ".ipynb" or p.name == PROGRESS_FILE)
            ]
            found.setdefault(entry.name, []).extend(files)
        elif entry.suffix in (".ipynb", ".json"):
            found.setdefault(_learner_of(entry), []).append(entry)
    return found


def _records(path: Path) -> list[dict[str, Any]]:
    """The answer records in a notebook's outputs or a progress file, as data.

    Raises ValueError with a translated reason for a file that is neither."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(t("training.grade.bad_json", line=exc.lineno)) from None
    except (OSError, UnicodeDecodeError, RecursionError, MemoryError) as exc:
        raise ValueError(t("training.grade.unreadable", found=type(exc).__name__)) from None
    if isinstance(data, dict) and isinstance(data.get("cells"), list):
        records = []
        for cell in data["cells"]:
            outputs = cell.get("outputs", []) if isinstance(cell, dict) else []
            for output in outputs if isinstance(outputs, list) else []:
                record = (
                    output.get("data", {}).get(ANSWER_MIME) if isinstance(output, dict) else None
                )
                if isinstance(record, dict):
                    records.append(record)
        return records
    if isinstance(data, dict) and isinstance(data.get("lessons"), dict):
        records = []
        for lesson, answers in data["lessons"].items():
            for exercise, record in (answers if isinstance(answers, dict) else {}).items():
                if isinstance(record, dict):  # every attempt (an old file: the last one)
                    records.extend(
                        {"lesson": lesson, "exercise": exercise, **attempt}
                        for attempt in attempts(record)
                    )
        return records
    kind = type(data).__name__
    raise ValueError(t("training.grade.bad_shape", found=kind))


# -- grading ---------------------------------------------------------------------------------

_PROJECTS: dict[tuple[str, str], Project] = {}


def _project(lesson: str) -> Project:
    """The lesson's sample project in the report's language (both give the same answers, a
    test checks; the language only changes the names quoted in questions)."""
    key = (lesson, get_language())
    if key not in _PROJECTS:
        _PROJECTS[key] = load_project(lesson_dir(*key))
    return _PROJECTS[key]


def _check(
    learner: LearnerGrade, exercise: str, answer: Any, base: Path, root: Path
) -> tuple[float, bool]:
    """Score one answer again; an answer or folder the checker cannot take counts 0 and is
    listed (once per exercise)."""
    try:
        result = score(EXERCISES[exercise], _project(_lesson_of(exercise)), answer, base=base)
    except Exception as exc:  # a learner's odd answer or folder never stops the class
        reason = t("training.grade.unchecked", exercise=exercise, found=type(exc).__name__)
        problem = (str(base.relative_to(root)), reason)
        if problem not in learner.problems:
            learner.problems.append(problem)
        return 0.0, False
    return result.score, result.correct


def _grade_learner(name: str, files: list[Path], root: Path) -> LearnerGrade:
    learner = LearnerGrade(name)
    # every saved attempt per exercise: (when, order read, answer, folder it was given in)
    given: dict[str, list[tuple[str, int, Any, Path]]] = {}
    for path in files:
        try:
            records = _records(path)
        except ValueError as exc:
            learner.problems.append((str(path.relative_to(root)), str(exc)))
            continue
        for record in records:
            exercise = str(record.get("exercise", ""))
            if exercise not in EXERCISES or "answer" not in record:
                continue
            found = given.setdefault(exercise, [])
            found.append((str(record.get("at", "")), len(found), record["answer"], path.parent))
    for exercise, found in given.items():
        found.sort(key=lambda item: (item[0], item[1]))  # by time; a tie: the later read
        # the same answer may be saved twice (a check() output and the progress file)
        learner.tries[exercise] = len({(when, repr(answer)) for when, _, answer, _ in found})
        _, _, first, first_base = found[0]
        last_at, _, last, last_base = found[-1]
        learner.answers[exercise], learner.stamps[exercise] = last, last_at
        learner.first[exercise] = first
        learner.scores[exercise], learner.correct[exercise] = _check(
            learner, exercise, last, last_base, root
        )
        learner.first_correct[exercise] = (
            learner.correct[exercise]  # one attempt: checked once
            if len(found) == 1
            else _check(learner, exercise, first, first_base, root)[1]
        )
    return learner


def _lesson_of(exercise: str) -> str:
    return next(
        lesson.id for lesson in LESSONS.values() if exercise in {e.id for e in lesson.exercises}
    )


def grade(folder: str | Path) -> ClassReport:
    """Grade every learner's submission in ``folder``; raises FileNotFoundError without one."""
    root = Path(folder)
    if not root.is_dir():
        raise FileNotFoundError(str(root))
    learners = [_grade_learner(name, files, root) for name, files in _files(root).items()]
    lessons = [
        lesson.id
        for lesson in LESSONS.values()
        if any(learner.lesson_score(lesson.id) is not None for learner in learners)
    ]
    summaries = []
    for lesson in lessons:
        for exercise in LESSONS[lesson].exercises:
            answered = [lr for lr in learners if exercise.id in lr.correct]
            if answered:
                summaries.append(
                    ExerciseSummary(
                        exercise.id,
                        len(answered),
                        sum(not lr.first_correct[exercise.id] for lr in answered),
                        sum(not lr.correct[exercise.id] for lr in answered),
                        sum(lr.scores[exercise.id] for lr in answered) / len(answered),
                    )
                )
    hard = [(e.exercise, e.answered, e.wrong) for e in summaries if e.wrong * 2 >= e.answered]
    hard.sort(key=lambda item: (-item[2] / item[1], -item[2], item[0]))
    return ClassReport(root, learners, lessons, hard, summaries)


def grade_json(report: ClassReport) -> dict[str, Any]:
    """The class report as JSON data: scores as shares 0..1 (None: nothing saved)."""
    return {
        "lessons": report.lessons,
        "learners": [
            {
                "name": learner.name,
                "total": learner.total(report.lessons),
                "lessons": {lesson: learner.lesson_score(lesson) for lesson in report.lessons},
                "exercises": {
                    exercise: {
                        "answer": learner.answers[exercise],
                        "score": learner.scores[exercise],
                        "correct": learner.correct[exercise],
                        "first_answer": learner.first[exercise],
                        "first_correct": learner.first_correct[exercise],
                        "attempts": learner.tries[exercise],
                    }
                    for exercise in sorted(learner.answers)
                },
                "problems": [f"{file}: {reason}" for file, reason in learner.problems],
            }
            for learner in report.learners
        ],
        "hardest": [
            {"exercise": exercise, "answered": answered, "wrong": wrong}
            for exercise, answered, wrong in report.hard
        ],
        "exercises": [
            {
                "exercise": row.exercise,
                "answered": row.answered,
                "wrong_first": row.wrong_first,
                "wrong": row.wrong,
                "score": row.score,
            }
            for row in report.exercises
        ],
    }


# -- the page --------------------------------------------------------------------------------


def _cell(share: float | None) -> str:
    if share is None:
        return '<td class="num" style="color:#7f8c8d">&ndash;</td>'
    colour = RAG_COLOURS["green" if share >= 0.8 else "amber" if share >= 0.5 else "red"]
    return f'<td class="num" style="color:{colour};font-weight:600">{share:.0%}</td>'


def _exercises_html(report: ClassReport) -> str:
    """Every answered exercise: learners who answered, wrong at the first attempt, still
    wrong at the last, and the class's mean final mark."""
    if not report.exercises:
        return ""
    rows = []
    for row in report.exercises:
        definition = EXERCISES[row.exercise]
        project = _project(_lesson_of(row.exercise))
        rows.append(
            f"<tr><td>{escape(row.exercise)}</td>"
            f"<td>{escape(prompt_text(definition, project))}</td>"
            f'<td class="num">{row.answered}</td><td class="num">{row.wrong_first}</td>'
            f'<td class="num">{row.wrong}</td>{_cell(row.score)}</tr>'
        )
    head = "".join(
        f"<th>{escape(t(key))}</th>"
        for key in (
            "training.grade.exercise",
            "training.grade.question",
            "training.grade.answered",
            "training.grade.wrong_first",
            "training.grade.wrong_last",
            "training.grade.mark",
        )
    )
    return (
        f"<h2>{escape(t('training.grade.exercises'))}</h2>"
        f"<p class='sub'>{escape(t('training.grade.exercises.note'))}</p>"
        f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def class_report_html(report: ClassReport) -> str:
    """The class report as one HTML page (every learner text escaped)."""
    head = "".join(
        f'<th class="lesson">{escape(LESSONS[lesson].number)} '
        f"{escape(t(LESSONS[lesson].title))}</th>"
        for lesson in report.lessons
    )
    rows = []
    for learner in report.learners:
        cells = "".join(_cell(learner.lesson_score(lesson)) for lesson in report.lessons)
        total = _cell(learner.total(report.lessons))
        rows.append(f"<tr><td>{escape(learner.name)}</td>{total}{cells}</tr>")
    scores = (  # the course score next to the name: in view however many lessons follow
        f"<table><thead><tr><th>{escape(t('training.grade.learner'))}</th>"
        f"<th>{escape(t('training.grade.total'))}</th>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )
    if report.hard:
        hard_rows = []
        for exercise, answered, wrong in report.hard:
            definition = EXERCISES[exercise]
            project = _project(_lesson_of(exercise))
            hard_rows.append(
                f"<tr><td>{escape(exercise)}</td>"
                f"<td>{escape(prompt_text(definition, project))}</td>"
                f'<td class="num">{wrong}</td><td class="num">{answered}</td>'
                f"<td>{escape(hint_text(definition, project))}</td></tr>"
            )
        hard = (
            f"<p class='sub'>{escape(t('training.grade.hard.note'))}</p>"
            f"<table><thead><tr><th>{escape(t('training.grade.exercise'))}</th>"
            f"<th>{escape(t('training.grade.question'))}</th>"
            f"<th>{escape(t('training.grade.wrong'))}</th>"
            f"<th>{escape(t('training.grade.answered'))}</th>"
            f"<th>{escape(t('training.grade.hint'))}</th></tr></thead>"
            f"<tbody>{''.join(hard_rows)}</tbody></table>"
        )
    else:
        hard = f"<p>{escape(t('training.grade.hard.none'))}</p>"
    by_exercise = _exercises_html(report)
    problems = [
        escape(t("training.grade.problem", learner=learner.name, file=file, reason=reason))
        for learner in report.learners
        for file, reason in learner.problems
    ]
    failures = ""
    if problems:
        items = "".join(f'<div class="failure">{p}</div>' for p in problems)
        failures = f"<h2>{escape(t('training.grade.problems'))}</h2>{items}"
    subtitle = t(
        "training.grade.subtitle",
        learners=len(report.learners),
        lessons=len(report.lessons),
        date=dt.date.today().isoformat(),
    )
    title = escape(t("training.grade.title"))
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title>'
        f"<style>{PORTFOLIO}th{{white-space:nowrap}}"
        # a lesson's title wraps in its column: fifteen on one line made the page 4,700 px wide
        "th.lesson{white-space:normal;min-width:4.5em;max-width:7em;vertical-align:bottom;font-size:90%}"
        ".wide{overflow-x:auto}"
        f"</style></head><body><h1>{title}</h1>"
        f'<div class="sub">{escape(subtitle)}</div>'
        f"<h2>{escape(t('training.grade.scores'))}</h2>"
        f'<p class="sub">{escape(t("training.grade.scores.note"))}</p>'
        f'<div class="wide">{scores}</div>'
        f"<h2>{escape(t('training.grade.hard'))}</h2>{hard}{by_exercise}{failures}"
        "</body></html>\n"
    )
