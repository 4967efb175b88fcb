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
from pmtools.io import preview_table, save_table, table_cells
from pmtools.model import Project
from pmtools.render import escape

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


def saved_html(file: str) -> str:
    """The green "saved" line with the time."""
    text = t("editor.saved", file=file, time=dt.datetime.now().strftime("%H:%M:%S"))
    return f'<span class="pmtools-saved" style="color:#1e8449">{escape(text)}</span>'


class TableEditor:
    """An editor of one project file (``file``): its cells, a message line, safe saves.

    Subclasses build their widgets, turn them into an edited copy of ``table`` and
    call ``check`` (what-if) or ``save``; ``picker``/``row`` serve editors that pick
    a row by id.
    """

    file: str = ""
    _NEW = "__new__"

    def __init__(self, project: Project) -> None:
        self.project = project
        self.table = table_cells(project, self.file)
        self.message = w.HTML()

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
            project = preview_table(self.project.path, self.file, table)
        except PmtoolsError as error:
            self.message.value = problems_html(error)
            return None
        self.message.value = ""
        return project

    def save(self, table: pd.DataFrame) -> Project | None:
        """Validate and write ``table`` atomically; on a problem nothing is written and every
        problem is shown. On success the editor holds the project as saved."""
        try:
            project = save_table(self.project.path, self.file, table)
        except PmtoolsError as error:
            self.message.value = problems_html(error)
            return None
        self.project, self.table = project, table_cells(project, self.file)
        self.message.value = saved_html(self.file)
        return project


def editor_or_none(make: Callable[[Project], TableEditor], project: Project, force: bool) -> Any:
    """The editor's box when a person runs the notebook (or ``force``), else None."""
    if not (force or interactive()):
        return None
    return make(project).box  # type: ignore[attr-defined]
