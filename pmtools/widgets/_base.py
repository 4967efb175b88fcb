"""The shared base of every editor: load a project file's cells, validate, save safely, tell.

Editors appear only when a person runs the notebook (``interactive``); under
papermill they return None, so reports carry no dead forms. Every change is
validated by loading the whole folder in a scratch copy; Save writes atomically
through ``pmtools.io.save_table`` and keeps a PM's extra columns.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from typing import Any

import ipywidgets as w
import pandas as pd

from pmtools.errors import PmtoolsError, ProjectInvalid
from pmtools.i18n import t
from pmtools.io import preview_table, save_table
from pmtools.model import Project
from pmtools.render import escape
from pmtools.tables import REGISTRY
from pmtools.tables.edit import snapshot

__all__ = ["TableEditor", "editor_or_none", "interactive"]


def interactive() -> bool:
    """True inside JupyterLab, Notebook or Voilà; False under papermill or nbconvert.

    Jupyter servers start kernels with a session name; batch runs do not.
    ``PMTOOLS_INTERACTIVE=0/1`` overrides the guess.
    """
    forced = os.environ.get("PMTOOLS_INTERACTIVE")
    if forced is not None:
        return forced not in ("", "0", "false", "no")
    markers = ("JPY_SESSION_NAME", "VOILA_REQUEST_URL", "VOILA_KERNEL_ID")  # Jupyter server, Voilà
    return any(os.environ.get(name) for name in markers)


def problems_html(error: PmtoolsError) -> str:
    """Every problem of a refused save, as a red list."""
    if isinstance(error, ProjectInvalid):
        items = "".join(f"<li>{escape(str(p))}</li>" for p in error.problems)
        return f'<div class="pmtools-problems" style="color:#c0392b"><ul>{items}</ul></div>'
    return f'<div class="pmtools-problems" style="color:#c0392b">{escape(str(error))}</div>'


def saved_html(file: str, *, merged: bool = False) -> str:
    """The green "saved" line with the time (and, after a merge, that others' edits stayed)."""
    key = "editor.merged" if merged else "editor.saved"
    text = t(key, file=file, time=dt.datetime.now().strftime("%H:%M:%S"))
    return f'<span class="pmtools-saved" style="color:#1e8449">{escape(text)}</span>'


class TableEditor:
    """An editor of one project file (``file``): its cells, a message line, safe saves.

    ``table`` holds the file's cells exactly as written (a snapshot taken when the
    editor opens). Subclasses build their widgets, turn them into an edited copy of
    ``table`` (``assign`` writes only the values a PM changed, so untouched cells
    keep their exact text) and call ``check`` (what-if) or ``save``; ``picker`` and
    ``row`` serve editors that pick a row by id.
    """

    file: str = ""
    _NEW = "__new__"

    def __init__(self, project: Project) -> None:
        self.project = project
        self.shown: dict[str, Any] = {}  # what the widgets showed of the row being edited
        self.message = w.HTML()
        self._reload()

    def reload(self, project: Project) -> None:
        """Take the file as it is now (another editor of the same file saved it): later saves
        merge onto that version."""
        self.project = project
        self._reload()

    def _reload(self) -> None:
        self.base = snapshot(self.project.path / self.file)
        self.table = self.base.frame(columns=REGISTRY[self.file].column_names)

    def assign(self, table: pd.DataFrame, row: Any, values: dict[str, str]) -> None:
        """Write ``values`` into ``table`` at ``row``: for an existing row only those that
        differ from what the form showed (``shown``), so untouched cells keep their text."""
        new = row not in self.table.index
        for column, value in values.items():
            if new or column not in self.shown or self.shown[column] != value:
                table.loc[row, column] = value

    def form(self, title_key: str, *children: w.Widget) -> w.VBox:
        """The editor's box: a bold title, the children, the message line."""
        box = w.VBox([w.HTML(f"<b>{escape(t(title_key))}</b>"), *children, self.message])
        box.add_class("pmtools-editor")
        return box

    def picker(self, new_label: str) -> list[tuple[str, str]]:
        """Dropdown entries: "new" first, then ``id · title`` for each row."""
        ids = self.table["id"].tolist() if "id" in self.table.columns else []
        titles = self.table["title"].tolist() if "title" in self.table.columns else []
        return [(new_label, self._NEW)] + [
            (f"{i} · {title}", i) for i, title in zip(ids, titles, strict=True)
        ]

    def row(self, chosen: str | None, id_format: str) -> tuple[pd.DataFrame, Any]:
        """A copy of the table and the row to edit: ``chosen`` or a new row with a free id."""
        table = self.table.copy()
        if chosen not in (None, self._NEW):
            return table, table.index[table["id"] == chosen][0]
        taken = set(table["id"]) if "id" in table.columns else set()
        number = len(table) + 1
        while id_format.format(number) in taken:
            number += 1
        table.loc[len(table)] = {c: "" for c in table.columns} | {"id": id_format.format(number)}
        return table, table.index[-1]

    def check(self, table: pd.DataFrame) -> Project | None:
        """The project as it would be with ``table``; problems shown, nothing written."""
        try:
            project = preview_table(self.project.path, self.file, table, base=self.base)
        except PmtoolsError as error:
            self.message.value = problems_html(error)
            return None
        self.message.value = ""
        return project

    def save(self, table: pd.DataFrame) -> Project | None:
        """Validate and write ``table`` without losing anyone's work (``io.save_table``): on a
        problem, a clash with edits made on disk meanwhile, or a disk error nothing is
        written and the message says why. On success the editor holds the file as saved."""
        merged = snapshot(self.project.path / self.file).digest != self.base.digest
        try:
            project = save_table(self.project.path, self.file, table, base=self.base)
        except PmtoolsError as error:
            self.message.value = problems_html(error)
            return None
        except OSError as error:  # disk full, read-only folder, permissions
            self.message.value = problems_html(PmtoolsError(t("editor.write_failed", reason=error)))
            return None
        self.project = project
        self._reload()
        self.message.value = saved_html(self.file, merged=merged)
        return project


def editor_or_none(make: Callable[[Project], TableEditor], project: Project, force: bool) -> Any:
    """The editor's box when a person runs the notebook (or ``force``), else None."""
    if not (force or interactive()):
        return None
    return make(project).box  # type: ignore[attr-defined]
