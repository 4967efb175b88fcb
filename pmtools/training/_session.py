"""A lesson as the learner sees it: its project, the exercises with answer boxes, ``check``.

``start`` opens a lesson (its sample project in the lesson's language) and makes
it the current one; ``exercise`` shows a question with an answer box and a Check
button when a person runs the notebook, the question alone under papermill, and
in trainer mode (``solutions=True``) the computed answer, checked. ``check`` is
the same check for learners who compute the answer in a code cell; its result
carries the answer as data (``application/vnd.pmtools.answer+json``) so the
grader reads it from the saved notebook without running anything.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from pmtools.i18n import get_language, set_language, t, use_language
from pmtools.io import load_project
from pmtools.model import Project
from pmtools.render import Markdown, escape
from pmtools.schedule import critical_path
from pmtools.training._exercise import Exercise, Result, score
from pmtools.training.lessons import EXERCISES, LESSONS, Lesson, lesson_dir
from pmtools.training.progress import load_progress, progress_path, record_answer

__all__ = [
    "ANSWER_MIME",
    "Feedback",
    "LessonSession",
    "check",
    "exercise",
    "progress",
    "reveal",
    "start",
]

ANSWER_MIME = "application/vnd.pmtools.answer+json"
_RENDERERS = "plotly_mimetype+notebook"


@dataclass
class LessonSession:
    """The lesson being worked through: its definition, project, language and mode."""

    lesson: Lesson
    project: Project
    language: str
    solutions: bool
    progress_file: Path

    @property
    def project_dir(self) -> Path:
        return self.project.path

    def plan(self) -> pd.DataFrame:
        """The lesson project's critical-path schedule (``pmtools.critical_path``)."""
        return critical_path(self.project)


_CURRENT: LessonSession | None = None


def start(
    lesson_id: str,
    *,
    language: str = "en",
    solutions: bool = False,
    project_dir: str | os.PathLike[str] | None = None,
) -> LessonSession:
    """Open lesson ``lesson_id`` (``02-critical-path``) and make it the current lesson.

    ``project_dir`` None takes the lesson's own sample project in ``language``.
    Answers are saved in ``.pmtools-progress.json`` in the current folder, except
    in trainer mode (``solutions=True``), which saves nothing.
    """
    global _CURRENT
    if lesson_id not in LESSONS:
        raise KeyError(t("training.unknown_lesson", found=lesson_id, known=", ".join(LESSONS)))
    set_language(language)
    folder = Path(project_dir) if project_dir else lesson_dir(lesson_id, language)
    project = load_project(folder)
    _CURRENT = LessonSession(LESSONS[lesson_id], project, language, solutions, progress_path())
    _configure_charts()
    return _CURRENT


def _configure_charts() -> None:
    """Charts render in JupyterLab and, embedded, in the HTML of a saved lesson (plotly.js
    goes into the notebook once per kernel: setting the renderer again would add it again)."""
    import plotly.io as pio

    if pio.renderers.default != _RENDERERS:
        pio.renderers.default = _RENDERERS


def current() -> LessonSession:
    if _CURRENT is None:
        raise RuntimeError("no lesson is open: run the lesson's first cells (training.start)")
    return _CURRENT


def _exercise(exercise_id: str, session: LessonSession) -> Exercise:
    known = [e.id for e in session.lesson.exercises]
    if exercise_id not in known:
        raise KeyError(t("training.unknown_exercise", found=exercise_id, known=", ".join(known)))
    return EXERCISES[exercise_id]


def prompt_text(exercise: Exercise, project: Project) -> str:
    values = exercise.values(project) if exercise.values else {}
    return t(exercise.prompt, **values)


def hint_text(exercise: Exercise, project: Project) -> str:
    values = exercise.values(project) if exercise.values else {}
    return t(exercise.hint, **values)


def choice_label(exercise: Exercise, code: str) -> str:
    key = f"{exercise.prompt}.{code}"
    label = t(key)
    return label if label != key else t(f"training.choice.{code}")


def shown(exercise: Exercise, value: Any) -> str:
    """An answer as a person reads it: 14, 2.5, 2026-11-19, A, B, C."""
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() else f"{value:,.2f}"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, frozenset | set | list | tuple):
        return ", ".join(sorted(map(str, value)))
    if exercise.kind == "choice":
        return choice_label(exercise, str(value))
    return str(value)


def plain_answer(value: Any) -> Any:
    """A parsed answer as JSON data: float, ISO date, sorted list of ids, text (a project
    answer: the folder as written, relative to the notebook's folder)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, frozenset | set):
        return sorted(map(str, value))
    if isinstance(value, float | int | str):
        return value
    return str(value)


def feedback_html(exercise: Exercise, project: Project, result: Result, *, reveal: bool) -> str:
    """The feedback line: right / partly right / not yet with the hint, the answer if revealed."""
    if result.problem:
        parts = [("#c0392b", t(result.problem, found=str(result.given)))]
    elif result.correct:
        parts = [("#1e8449", t("training.right"))]
    else:
        verdict = t("training.partial", score=result.score) if result.score else t("training.wrong")
        parts = [
            ("#c0392b", verdict),
            ("#7d5a00", t("training.hint", hint=hint_text(exercise, project))),
        ]
    if result.unmet:
        items = "".join(f"<li>{escape(t(key, **values))}</li>" for key, values in result.unmet)
        spans = _spans(parts)
        return (
            f'<div class="pmtools-feedback" data-verdict="wrong">{spans}'
            f'<ul style="color:#7d5a00;margin:4px 0">{items}</ul></div>'
        )
    if reveal and exercise.kind == "project":
        folder = Path(result.expected)
        parts.append(("#1f4e79", t("training.expected", expected=f"{folder.name}/")))
    elif reveal:
        parts.append(("#1f4e79", t("training.expected", expected=shown(exercise, result.expected))))
    spans = _spans(parts)
    state = "right" if result.correct else "wrong"
    return f'<div class="pmtools-feedback" data-verdict="{state}">{spans}</div>'


class Feedback:
    """What ``check`` returns: the feedback line, and the answer as data for the grader."""

    def __init__(self, html_text: str, text: str, record: dict[str, Any] | None) -> None:
        self.html_text = html_text
        self.text = text
        self.record = record

    def _repr_mimebundle_(self, **_: Any) -> dict[str, Any]:
        bundle: dict[str, Any] = {"text/html": self.html_text, "text/plain": self.text}
        if self.record is not None:
            bundle[ANSWER_MIME] = self.record
        return bundle


def _judge(session: LessonSession, exercise: Exercise, value: Any) -> tuple[Result, str]:
    """Score an answer, save it to the progress file (not in trainer mode), the feedback."""
    with use_language(session.language):  # a widget's callback runs outside the cell's context
        return _judged(session, exercise, value)


def _judged(session: LessonSession, exercise: Exercise, value: Any) -> tuple[Result, str]:
    result = score(exercise, session.project, value)
    if result.problem is None and not session.solutions:
        record_answer(
            session.progress_file,
            session.lesson.id,
            exercise.id,
            plain_answer(result.given),
            result.score,
            result.correct,
        )
    return result, feedback_html(exercise, session.project, result, reveal=session.solutions)


def check(exercise_id: str, value: Any) -> Feedback:
    """Check ``value`` as the answer to ``exercise_id`` of the current lesson.

    Says right or wrong (with a hint when wrong), saves the answer with the
    learner's progress and carries it in the cell's output for the class report.
    """
    session = current()
    exercise = _exercise(exercise_id, session)
    result, html_text = _judge(session, exercise, value)
    record = None
    if result.problem is None:
        record = {
            "lesson": session.lesson.id,
            "exercise": exercise.id,
            "answer": plain_answer(result.given),
            "at": dt.datetime.now().isoformat(timespec="seconds"),
        }
    verdict = t("training.right") if result.correct else t("training.wrong")
    return Feedback(html_text, verdict, record)


def _spans(parts: list[tuple[str, str]]) -> str:
    """Coloured sentences one after the other: a space between them, none after a Chinese
    full stop (还不对。提示：...)."""
    html = ""
    for number, (colour, text) in enumerate(parts):
        gap = "" if number == 0 or parts[number - 1][1].endswith(("。", "？", "：")) else " "
        html += f'{gap}<span style="color:{colour}">{escape(text)}</span>'
    return html


def _question_html(exercise: Exercise, session: LessonSession) -> str:
    number = session.lesson.exercises.index(exercise) + 1
    title = escape(t("training.exercise", number=number))
    prompt = escape(prompt_text(exercise, session.project))
    return (
        f'<div class="pmtools-exercise"><b>{title}</b> '
        f'<code style="color:#7f8c8d">{escape(exercise.id)}</code><br>{prompt}</div>'
    )


def exercise(exercise_id: str) -> Any:
    """Show exercise ``exercise_id``: the question and an answer box with a Check button.

    In trainer mode the computed answer is filled in and checked; under papermill
    (no one to type) the question alone.
    """
    from pmtools.widgets._base import interactive

    session = current()
    ex = _exercise(exercise_id, session)
    question = _question_html(ex, session)
    if session.solutions:
        _, html_text = _judge(session, ex, _solution_value(ex, session.project))
        return _Html(question + html_text)
    if not interactive():
        return _Html(question)
    return answer_box(ex, session, question)


def _solution_value(exercise: Exercise, project: Project) -> Any:
    from pmtools.training._exercise import expected_answer

    value = expected_answer(exercise, project)
    if exercise.kind == "text":
        return sorted(value)[0]
    return value


def answered_all(session: LessonSession) -> bool:
    """True when the learner's progress file holds an answer to every exercise of the lesson."""
    saved = load_progress(session.progress_file)["lessons"].get(session.lesson.id, {})
    return all(e.id in saved for e in session.lesson.exercises)


def reveal(*shown: Any) -> Any:
    """Show pmtools' own figures for the worked example (they hold the exercises' answers)
    in trainer mode, or once the learner has answered every exercise of the lesson; until
    then a note says so (run the cell again after answering)."""
    from IPython.display import display

    session = current()
    if not (session.solutions or answered_all(session)):
        note = escape(t("training.reveal.locked"))
        return _Html(f'<div class="pmtools-reveal-locked" style="color:#566573">{note}</div>')
    for item in shown[:-1]:
        display(item)  # type: ignore[no-untyped-call]
    return shown[-1] if shown else None


def capstone_editor(kind: str, folder: Path) -> Any:
    """The editor of ``kind`` (requirements, schedule, risks, progress) on the learner's
    folder, or every problem of the folder when it does not load; None under papermill."""
    from pmtools import widgets
    from pmtools.errors import PmtoolsError
    from pmtools.widgets._base import problems_html

    editors = {
        "requirements": widgets.requirement_editor,
        "schedule": widgets.schedule_editor,
        "risks": widgets.risk_editor,
        "progress": widgets.progress_editor,
    }
    try:
        project = load_project(folder)
    except PmtoolsError as exc:
        return _Html(problems_html(exc))
    return editors[kind](project)


def capstone_status(folder: Path) -> Any:
    """Show the status report's first paragraph and ratings for the learner's folder (what
    the customer would read); every problem of the folder when it does not load."""
    from IPython.display import display

    from pmtools import report
    from pmtools.errors import PmtoolsError
    from pmtools.status import status_report
    from pmtools.widgets._base import problems_html

    try:
        project = load_project(folder)
    except PmtoolsError as exc:
        return _Html(problems_html(exc))
    status = status_report(project)
    display(report.status.headline(project, status))  # type: ignore[no-untyped-call]
    return report.status.ratings(status)


def baseline_table(project: Project) -> pd.DataFrame:
    """tasks.csv's cells with every task's planned start and finish as its baseline (what
    "set baseline" does in MS Project): the dates of pmtools' schedule, written ISO."""
    from pmtools.io import tasks_table

    plan = critical_path(project)
    table = tasks_table(project)
    ids = table["id"].astype(str)
    for column, source in (("baseline_start", "start"), ("baseline_finish", "finish")):
        dates = {str(i): pd.Timestamp(d).date().isoformat() for i, d in plan[source].items()}
        table[column] = [dates.get(i, "") for i in ids]
    return table


def capstone_baseline(folder: Path) -> Any:
    """A button that saves the plan's dates as the baseline of the learner's tasks.csv (the
    file validated and written atomically; a message says what was saved or what is wrong);
    every problem of the folder when it does not load; under papermill or in trainer mode (the
    folder is the model answer) a note only."""
    import ipywidgets as w

    from pmtools.errors import PmtoolsError
    from pmtools.io import save_table
    from pmtools.tables.edit import snapshot
    from pmtools.widgets._base import interactive, problems_html

    try:
        load_project(folder)
    except PmtoolsError as exc:
        return _Html(problems_html(exc))
    if not interactive() or (_CURRENT is not None and _CURRENT.solutions):
        return _Html(escape(t("training.baseline.note")))  # the model answer is not written
    button = w.Button(
        description=t("training.baseline.button"), button_style="success", icon="save"
    )
    button.layout = w.Layout(width="auto")
    message = w.HTML()
    language = get_language()

    def on_save(_: Any) -> None:
        with use_language(language):  # a widget's callback runs outside the cell's context
            save(message)

    def save(message: Any) -> None:
        try:
            project = load_project(folder)
            base = snapshot(folder / "tasks.csv")
            table = baseline_table(project)
            project = save_table(folder, "tasks.csv", table, base=base)
        except PmtoolsError as exc:
            message.value = problems_html(exc)
            return
        except OSError as exc:
            message.value = problems_html(PmtoolsError(t("editor.write_failed", reason=exc)))
            return
        finish = max(table["baseline_finish"], default="")
        message.value = escape(t("training.baseline.saved", tasks=len(table), finish=finish))

    button.on_click(on_save)
    return w.VBox([button, message], layout=w.Layout(align_items="flex-start"))


def capstone_folder(name: str = "my-project") -> Path:
    """The learner's capstone project folder ``name`` beside the notebook.

    Made from the lesson's starter files the first time a person runs the lesson; in trainer
    mode the model answer; under papermill (nobody to write files) the starter, read only.
    """
    import shutil

    from pmtools.widgets._base import interactive

    session = current()
    if session.solutions:
        path: Path = session.lesson.exercises[0].answer(session.project)
        return path
    folder = Path.cwd() / name
    if not folder.exists() and interactive():
        shutil.copytree(session.project.path, folder)
    return folder if folder.exists() else session.project.path


class _Html:
    def __init__(self, html_text: str) -> None:
        self.html_text = html_text

    def _repr_html_(self) -> str:
        return self.html_text


def answer_box(exercise: Exercise, session: LessonSession, question: str) -> Any:
    """The answer widget: a text, date, dropdown or multi-select box, Check, a feedback line.

    Enter in a text box checks the answer as the Check button does (``continuous_update=
    False``: the value reaches the kernel on Enter or when the box loses focus, and an
    observer checks it); the same answer is not checked (nor saved) twice in a row, so
    typing then clicking Check counts one attempt. A multi-select box says how to pick
    several; a question asking for one id offers a dropdown.
    """
    import ipywidgets as w

    layout = w.Layout(width="22em")
    box: Any
    note = ""
    if exercise.kind == "date":
        box = w.DatePicker(description=t("training.answer"), layout=layout)
    elif exercise.kind == "choice":
        options = [(t("training.pick"), "")]
        options += [(choice_label(exercise, c), c) for c in exercise.choices]
        box = w.Dropdown(options=options, value="", description=t("training.answer"))
    elif exercise.kind == "ids" and exercise.options is not None and exercise.one:
        box = w.Dropdown(
            options=[
                (t("training.pick"), ""),
                *[(i, i) for i in exercise.options(session.project)],
            ],
            value="",
            description=t("training.answer"),
        )
    elif exercise.kind == "ids" and exercise.options is not None:
        ids = exercise.options(session.project)
        box = w.SelectMultiple(
            options=ids, rows=min(len(ids), 8), description=t("training.answer"), layout=layout
        )
        note = t("training.multiple")
    elif exercise.kind == "project":
        box = w.Text(
            value="my-project",
            description=t("training.folder"),
            layout=layout,
            continuous_update=False,
        )
    else:
        placeholder = {"number": "training.placeholder.number", "ids": "training.placeholder.ids"}
        box = w.Text(
            placeholder=t(placeholder.get(exercise.kind, "training.placeholder.text")),
            description=t("training.answer"),
            layout=layout,
            continuous_update=False,
        )
    unit = w.Label(t(exercise.unit) if exercise.unit else "")
    button = w.Button(description=t("training.check"), button_style="primary")
    line = w.HTML()
    last: list[Any] = []  # the answer last checked

    def on_check(_: Any) -> None:
        value: Any = box.value
        if isinstance(value, tuple):
            value = list(value) if value else ""
        if last and last[0] == value and line.value:
            return  # already checked (Enter, then Check): one attempt
        last[:] = [value]
        _, line.value = _judge(session, exercise, value)

    def on_enter(change: dict[str, Any]) -> None:
        if isinstance(box, w.Text) and str(change.get("new") or "").strip():
            on_check(None)

    button.on_click(on_check)
    box.observe(on_enter, names="value")
    line.add_class("pmtools-answer-feedback")
    parts: list[Any] = [w.HTML(question), w.HBox([box, unit, button])]
    if note:
        hint = w.HTML(f'<span style="color:#566573;font-size:90%">{escape(note)}</span>')
        hint.add_class("pmtools-answer-multiple")
        parts.append(hint)
    answer = w.VBox([*parts, line])
    answer.add_class("pmtools-answer")
    return answer


def progress(lessons: Iterable[str] | None = None) -> Markdown:
    """The learner's saved progress: per lesson, exercises right and share of the marks."""
    path = current().progress_file if _CURRENT else progress_path()
    data = load_progress(path)["lessons"]
    if not data:
        return Markdown(escape(t("training.progress.none", file=path.name)))
    lines = []
    for lesson_id in lessons or LESSONS:
        saved = data.get(lesson_id)
        if not saved or lesson_id not in LESSONS:
            continue
        total = len(LESSONS[lesson_id].exercises)
        marks = sum(float(r.get("score", 0)) for r in saved.values()) / total
        right = sum(bool(r.get("correct")) for r in saved.values())
        title = t(LESSONS[lesson_id].title)
        lines.append(
            "- "
            + escape(t("training.progress", lesson=title, right=right, total=total, score=marks))
        )
    return Markdown("\n".join(lines))
