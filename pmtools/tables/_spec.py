"""What a project file is: columns with kinds, rules and documentation (not how they are checked).

A ``TableSpec`` declares one CSV file of a project folder: each ``Column`` with
its kind (``id``, ``text``, ``date``, ``number``, ``choice``, ...), whether the
header must have it and every row must fill it, the values it allows, the
table whose ids it refers to, its unit and its documentation in English and
Chinese. Row rules check several columns together. ``pmtools.tables._check``
runs a declaration; the registry (``pmtools.tables``) lists every file kind.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from pmtools.tables._limits import MAX_AMOUNT, MAX_DAYS

if TYPE_CHECKING:
    from pmtools.model import Project
    from pmtools.tables._checker import TableChecker

__all__ = ["MAX_AMOUNT", "MAX_DAYS", "Column", "Context", "Doc", "Practice", "Rule", "TableSpec"]

#: The column kinds the checker knows.
KINDS = (
    "id",  # unique, no spaces, commas or semicolons
    "text",
    "date",  # YYYY-MM-DD
    "number",  # >= 0 unless ``low`` says otherwise
    "whole",  # whole numbers (working days, levels)
    "percent",  # 0..100, a trailing % allowed
    "choice",  # one of ``choices`` (case-insensitive)
    "ref",  # an id of the table ``refers_to`` (empty allowed)
    "id_list",  # ids separated by ; (or ,), each checked against ``refers_to`` if set
    "custom",  # parsed by ``parse``
)


@dataclass(frozen=True)
class Doc:
    """A text in English and Chinese."""

    en: str
    zh: str

    def get(self, language: str) -> str:
        return self.zh if language == "zh" and self.zh else self.en


@dataclass(frozen=True)
class Context:
    """What checking one file may need of the rest of the folder.

    ``ids`` maps each file loaded so far to its ids (``tasks.csv`` -> task ids);
    ``summary_ids`` are the summary tasks; ``sections`` the typed project.yaml
    sections (``risk`` -> RiskScale, ...); ``tables`` the typed tables loaded so
    far (a rule comparing two files reads the earlier one here).
    """

    start: dt.date | None = None
    status_date: dt.date | None = None
    ids: Mapping[str, set[str]] = field(default_factory=dict)
    summary_ids: set[str] = field(default_factory=set)
    sections: Mapping[str, Any] = field(default_factory=dict)
    tables: Mapping[str, pd.DataFrame] = field(default_factory=dict)


#: ``parse(check, column, context, out)`` fills ``out[column]`` (and may add derived columns).
Parser = Callable[["TableChecker", "Column", Context, pd.DataFrame], None]
#: A row rule: ``rule(check, out, context)`` reports problems across columns of ``out``.
Rule = Callable[["TableChecker", pd.DataFrame, Context], None]


@dataclass(frozen=True)
class Column:
    """One column of a project file.

    ``required``: the header must have it. ``not_empty``: every row must fill it.
    ``choices``/``default``/``aliases``/``ignore``: for ``choice`` columns (an empty
    cell means ``default``; ``default=None`` keeps it empty). ``refers_to``: the
    file whose ids a ``ref``/``id_list`` column names. ``low``/``high``: bounds of
    numbers. ``code``: the message key for a bad value (else the kind's).
    ``kind_doc``/``doc``: the "kind" and "meaning" cells of the documentation.
    ``example``: the template's sample value.
    """

    name: str
    kind: str
    doc: Doc
    kind_doc: Doc | None = None
    required: bool = False
    not_empty: bool = False
    choices: tuple[str, ...] = ()
    default: str | None = None
    aliases: Mapping[str, str] = field(default_factory=dict)
    ignore: str = ""
    refers_to: str | None = None
    low: float | None = None  # numbers: the smallest allowed (None: 0 unless ``signed``)
    high: float | None = None  # numbers: the largest allowed (None: MAX_AMOUNT)
    signed: bool = False  # numbers may be negative (a credit note in costs.csv)
    unit: str = ""
    code: str | None = None
    parse: Parser | None = None
    example: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"{self.name}: unknown column kind {self.kind!r}")
        if self.kind == "custom" and self.parse is None:
            raise ValueError(f"{self.name}: a custom column needs a parse function")


#: ``parse(frame, layout, problems, context) -> (typed frame, extras)`` replacing the
#: generic column loop (``tasks.csv`` uses it for its vectorised fast path).
TableParser = Callable[..., Any]


@dataclass(frozen=True)
class TableSpec:
    """One file kind of a project folder.

    ``file``: its name (``risks.csv``); ``practice``: the practice it belongs to;
    ``index``: the id column that becomes the frame's index (rows without a usable
    id are dropped from the loaded table, after being reported); ``rules``: row
    rules run after the columns; ``derived``: columns added at load time that are
    not written back; ``parser``: replaces the generic checker (the columns still
    document the file and drive the parser).
    """

    file: str
    practice: str
    title: Doc
    columns: tuple[Column, ...]
    index: str | None = None
    rules: tuple[Rule, ...] = ()
    derived: tuple[str, ...] = ()
    parser: TableParser | None = None
    required_file: bool = False
    editable: bool = True
    intro: Doc = Doc("", "")

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def required_columns(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)

    def column(self, name: str) -> Column:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)

    def position(self, name: str | None) -> int:
        """The column's place in the declaration (problems of a row are listed in it)."""
        for i, column in enumerate(self.columns):
            if column.name == name:
                return i
        return -1 if name is None else len(self.columns)


@dataclass(frozen=True)
class Practice:
    """A practice: its files, its report notebook and when that report applies.

    ``notebook``: the report notebook's name in ``notebooks/`` (None: no report of
    its own); ``applies``: whether the report has anything to show for a project
    (None: always); ``attention``: ``"module:function"`` of a computation
    ``function(project) -> list[Attention]`` whose items the status report and the
    portfolio show as needing attention now (named, not imported: computations sit
    above the tables).
    """

    name: str
    title: Doc
    files: tuple[str, ...] = ()
    notebook: str | None = None
    applies: Callable[[Project], bool] | None = None
    attention: str | None = None
