"""Errors of the importers and exporters.

    PmtoolsError
     +-- InteropError        a file cannot be read or written (one line: file, line, why)
     +-- ProjectInvalid
          +-- ImportedInvalid  the imported folder was written but does not validate

Both keep their arguments in ``args`` so they pickle across worker processes.
"""

from __future__ import annotations

from typing import Any

from pmtools.errors import PmtoolsError, Problem, ProjectInvalid
from pmtools.i18n import t

__all__ = ["ImportedInvalid", "InteropError"]


class InteropError(PmtoolsError):
    """A schedule file that cannot be imported or exported; ``str()`` is one translated line."""

    def __init__(self, code: str, values: dict[str, Any] | None = None) -> None:
        super().__init__(code, values or {})
        self.code = code
        self.values = dict(values or {})

    def __str__(self) -> str:
        return t(self.code, **self.values)


class ImportedInvalid(ProjectInvalid):
    """The folder an import wrote does not validate; ``warnings`` are the import's own notes."""

    def __init__(
        self, problems: list[Problem], project_dir: str = "", warnings: list[str] | None = None
    ) -> None:
        super().__init__(problems, project_dir)
        self.args = (problems, project_dir, warnings)
        self.warnings = list(warnings or [])
