"""Exercises and their checkers: what a question asks, how an answer is read and scored.

An ``Exercise`` names its prompt and hint (i18n keys) and how to compute the
expected answer from the lesson's project with pmtools (``answer``), so no
expected value is ever typed into a lesson. ``score`` reads a learner's answer
(text from an answer box, or a value computed in a code cell) and compares it:

==========  =========================================  =====================================
kind        answer                                     right when
==========  =========================================  =====================================
number      ``12``, ``12.5``, ``1,250``, ``95%``       within ``tolerance`` (absolute, or a
            (0.95, or 95 for a ``percent`` exercise),  share of the expected value if
            ``7 days`` (a unit word after it ignored)  ``relative``)
date        ``2026-11-20`` (or a date)                 the same day
choice      one of ``choices``                         the expected choice
ids         ``A, C; D`` (or a list): ids of tasks,     the same set; partial credit: right
            requirements, risks, ...                   ids found minus wrong ids given (a
                                                       ``one`` id question refuses two)
text        free text                                  one of the accepted texts (case and
                                                       spaces ignored)
==========  =========================================  =====================================
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pmtools.model import Project

__all__ = ["KINDS", "Exercise", "Result", "expected_answer", "parse_answer", "score"]

Kind = Literal["number", "date", "choice", "ids", "text", "project"]
KINDS: tuple[Kind, ...] = ("number", "date", "choice", "ids", "text", "project")
#: One criterion of a ``project`` review: met or not, its i18n key and values.
Criterion = tuple[bool, str, dict[str, Any]]


class AnswerUnreadable(ValueError):
    """The answer cannot be read as the exercise's kind; ``key`` is the i18n message."""

    def __init__(self, key: str, found: str) -> None:
        super().__init__(key, found)
        self.key = key
        self.found = found


@dataclass(frozen=True)
class Exercise:
    """One question of a lesson.

    ``id`` is unique in the course (``02.float``); ``prompt`` and ``hint`` are i18n
    keys, filled with the values ``values(project)`` returns (task names, ...).
    ``answer(project)`` computes the expected answer with pmtools: a float for
    ``number``, a ``datetime.date`` for ``date``, a choice code for ``choice``, a
    set of ids for ``ids``, a set of accepted texts for ``text``. ``choices`` are
    the codes offered for ``choice`` (labels ``<prompt>.<code>`` or
    ``training.choice.<code>``); ``unit`` an i18n key shown after a number box;
    ``options(project)`` the ids an ``ids`` answer box offers to pick from;
    ``percent`` says a number is in percent (``60`` and ``60%`` both read as 60);
    ``review(folder, project)`` checks a ``project`` answer: the learner's folder against
    the lesson's brief, one criterion per thing asked (``answer`` gives the model folder);
    ``one`` says an ``ids`` question asks for exactly one id (``A, B`` is refused as
    unreadable, never counted right or partly right).
    """

    id: str
    kind: Kind
    prompt: str
    hint: str
    answer: Callable[[Project], Any]
    tolerance: float = 0.0
    relative: bool = False
    choices: tuple[str, ...] = ()
    unit: str | None = None
    values: Callable[[Project], dict[str, Any]] | None = None
    options: Callable[[Project], list[str]] | None = None
    percent: bool = False
    review: Callable[[Path, Project], list[Criterion]] | None = None
    one: bool = False

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {self.kind!r}")
        if self.kind == "choice" and not self.choices:
            raise ValueError(f"exercise {self.id}: a choice needs choices")
        if self.kind == "project" and self.review is None:
            raise ValueError(f"exercise {self.id}: a project answer needs a review")
        if self.one and self.kind != "ids":
            raise ValueError(f"exercise {self.id}: only an ids question asks for one id")

    @property
    def lesson(self) -> str:
        """The lesson number: the part of the id before the dot (``02``)."""
        return self.id.split(".", 1)[0]


@dataclass(frozen=True)
class Result:
    """The verdict on one answer: score 0..1 (partial credit for sets of ids), right or
    wrong, and the hint key to show when wrong (None when right or unreadable).
    ``problem`` is the i18n key saying why an answer could not be read."""

    score: float
    correct: bool
    hint: str | None
    expected: Any
    given: Any
    problem: str | None = None
    unmet: tuple[tuple[str, dict[str, Any]], ...] = ()  # a project's criteria not met


def expected_answer(exercise: Exercise, project: Project) -> Any:
    """The expected answer computed from ``project`` (normalised like a learner's answer)."""
    value = exercise.answer(project)
    if exercise.kind == "number":
        return float(value)
    if exercise.kind == "date":
        return _date(value)
    if exercise.kind == "ids":
        return frozenset(str(v) for v in value)
    if exercise.kind == "text":
        return frozenset(_norm(v) for v in value)
    if exercise.kind == "project":
        return Path(value)
    return str(value)


_SPLIT = re.compile(r"[,;，；、\s]+")


def _norm(text: Any) -> str:
    return " ".join(str(text).split()).casefold()


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if hasattr(value, "to_pydatetime"):  # pandas Timestamp
        return value.to_pydatetime().date()  # type: ignore[no-any-return]
    text = str(value).strip().replace("/", "-").replace(".", "-")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise AnswerUnreadable("training.unreadable.date", str(value)) from None


#: Currency signs and codes a learner may type before or after an amount.
_CURRENCY = re.compile(
    r"^(?:[€$£¥￥]|EUR|USD|GBP|CNY|RMB)\s*|\s*(?:[€$£¥￥元]|EUR|USD|GBP|CNY|RMB)$", re.I
)


#: A unit a learner may type after a number: words only (``7 days``, ``12 hours``, ``4.4
#: points``, ``2 个工作日``), never a digit, so ``1e3`` stays a number.
_UNIT_WORDS = re.compile(r"(?<=[\d%])\s*[^\W\d_][^\d]*$")


def _number_text(text: str) -> str:
    """A typed number as Python reads it: spaces, currency and a unit word after it dropped;
    a comma before exactly three digits separates thousands (``108,000``, ``1,234,567.5``),
    any other comma is a decimal comma (``0,83``, ``12,5``)."""
    text = _CURRENCY.sub("", text.strip())
    text = _UNIT_WORDS.sub("", text).replace(" ", "").replace("\u00a0", "")
    if re.fullmatch(r"[-+]?\d{1,3}(,\d{3})+(\.\d*)?%?", text):
        return text.replace(",", "")
    if text.count(",") == 1 and "." not in text:
        return text.replace(",", ".")
    return text


def parse_answer(exercise: Exercise, value: Any) -> Any:
    """A learner's answer as the exercise's kind; raises ``AnswerUnreadable``."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise AnswerUnreadable("training.unreadable.empty", "")
    if exercise.kind == "number":
        if isinstance(value, bool):
            raise AnswerUnreadable("training.unreadable.number", str(value))
        if isinstance(value, int | float):
            number = float(value)
        else:
            text = _number_text(str(value))
            share = text.endswith("%")
            try:
                number = float(text.rstrip("%")) / (100 if share and not exercise.percent else 1)
            except ValueError:
                raise AnswerUnreadable("training.unreadable.number", str(value)) from None
        if not math.isfinite(number):
            raise AnswerUnreadable("training.unreadable.number", str(value))
        return number
    if exercise.kind == "date":
        return _date(value)
    if exercise.kind == "ids":
        items: Iterable[Any] = _SPLIT.split(value.strip()) if isinstance(value, str) else value
        ids = frozenset(str(v).strip() for v in items if str(v).strip())
        if exercise.one and len(ids) != 1:
            raise AnswerUnreadable("training.unreadable.one", ", ".join(sorted(ids)))
        return ids
    if exercise.kind == "project":
        return str(value).strip()
    if exercise.kind == "choice":
        code = str(value).strip()
        matches = [c for c in exercise.choices if c.casefold() == code.casefold()]
        if not matches:
            raise AnswerUnreadable("training.unreadable.choice", code)
        return matches[0]
    return _norm(value)


def score(exercise: Exercise, project: Project, value: Any, *, base: Path | None = None) -> Result:
    """Check ``value`` against the answer computed from ``project``.

    A ``project`` answer is a folder, relative to ``base`` (default: the current folder);
    an absolute folder or one outside ``base`` is refused (the grader reads only what a
    learner handed in)."""
    expected = expected_answer(exercise, project)
    try:
        given = parse_answer(exercise, value)
    except AnswerUnreadable as exc:
        return Result(0.0, False, None, expected, value, problem=exc.key)
    if exercise.kind == "project":
        assert exercise.review is not None
        root = (base or Path.cwd()).resolve()
        folder = (root / given).resolve()
        if base is not None and not folder.is_relative_to(root):
            return Result(0.0, False, None, expected, given, problem="training.unreadable.folder")
        criteria = exercise.review(folder, project)
        unmet = tuple((key, values) for ok, key, values in criteria if not ok)
        points = (len(criteria) - len(unmet)) / len(criteria) if criteria else 0.0
        right = bool(criteria) and not unmet
        return Result(points, right, None if right else exercise.hint, expected, given, None, unmet)
    if exercise.kind == "number":
        allowed = exercise.tolerance * (abs(expected) if exercise.relative else 1.0)
        right = abs(given - expected) <= allowed + 1e-9
        points = 1.0 if right else 0.0
    elif exercise.kind == "ids":
        found = len(given & expected)
        wrong = len(given - expected)
        points = max(0.0, (found - wrong) / len(expected)) if expected else float(not given)
        right = given == expected
    elif exercise.kind == "text":
        right = given in expected
        points = float(right)
    else:
        right = given == expected
        points = float(right)
    return Result(points, right, None if right else exercise.hint, expected, given)
