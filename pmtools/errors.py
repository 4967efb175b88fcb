"""Exceptions raised by pmtools.

    PmtoolsError                 every error pmtools raises on purpose
     +-- ProjectInvalid          one or more Problems in a project folder; nothing written
     |    +-- CycleError         the task links form a loop (also a ProjectInvalid)
     +-- ProjectNotFound         the folder or its project.yaml does not exist
     +-- FileChanged             a save met edits made to the file since it was loaded

A Problem names the file, the spreadsheet row (header = row 1), the column
and an i18n message key; ``str(problem)`` renders ``file:row:column: message``
in the current language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pmtools.i18n import t

__all__ = [
    "CycleError",
    "FileChanged",
    "PmtoolsError",
    "Problem",
    "ProjectInvalid",
    "ProjectNotFound",
]


class PmtoolsError(Exception):
    """Base class of every error pmtools raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a project file, located as a spreadsheet shows it."""

    file: str
    row: int | None
    column: str | None
    code: str
    values: dict[str, Any] = field(default_factory=dict, compare=False)

    def message(self) -> str:
        """The translated message without the location."""
        return t(self.code, **self.values)

    def location(self) -> str:
        """``file:row:column`` with the parts that are known."""
        return ":".join(str(p) for p in (self.file, self.row, self.column) if p)

    def __str__(self) -> str:
        return f"{self.location()}: {self.message()}"

    def as_dict(self) -> dict[str, Any]:
        """Machine-readable form, for ``--json`` output and portfolio listings."""
        return {
            "file": self.file,
            "row": self.row,
            "column": self.column,
            "code": self.code,
            "message": self.message(),
        }


class ProjectInvalid(PmtoolsError):
    """All problems found in one project folder; nothing was written."""

    def __init__(
        self, problems: list[Problem], project_dir: str = "", language: str | None = None
    ) -> None:
        super().__init__(problems, project_dir, language)  # same args: pickles across processes
        self.problems = list(problems)
        self.project_dir = project_dir
        self.language = language  # the project's language, when project.yaml could tell

    def __str__(self) -> str:
        return "\n".join(map(str, self.problems))


class CycleError(ProjectInvalid):
    """The task links form at least one loop; ``cycles`` lists the ids on each, in order."""

    def __init__(
        self,
        problems: list[Problem],
        project_dir: str = "",
        cycles: list[list[str]] | None = None,
        language: str | None = None,
    ) -> None:
        super().__init__(problems, project_dir, language)
        self.args = (problems, project_dir, cycles, language)
        self.cycles = cycles or []


class ProjectNotFound(PmtoolsError):
    """The project folder, or its project.yaml, does not exist."""

    def __init__(self, path: str) -> None:
        super().__init__(path)
        self.path = path

    def __str__(self) -> str:
        return t("project.not_found", path=self.path)


class FileChanged(PmtoolsError):
    """The file changed on disk since it was loaded and the edits meet; nothing was written.

    ``theirs``: the rows (ids) changed on disk; ``clash``: the rows both sides changed
    (or ``header``/``file`` when the file's columns changed or it was removed).
    """

    def __init__(self, file: str, theirs: list[str], clash: list[str]) -> None:
        super().__init__(file, theirs, clash)
        self.file, self.theirs, self.clash = file, list(theirs), list(clash)

    def __str__(self) -> str:
        if self.clash in (["header"], ["file"]):
            return t(f"save.changed.{self.clash[0]}", file=self.file)
        return t(
            "save.changed.rows",
            file=self.file,
            theirs=", ".join(self.theirs) or "-",
            clash=", ".join(self.clash),
        )
