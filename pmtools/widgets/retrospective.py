"""The retro note form: pick the sprint and category, write the note, Add appends it."""

from __future__ import annotations

import ipywidgets as w
import pandas as pd

from pmtools.agile import current_sprint
from pmtools.i18n import t
from pmtools.model import Project
from pmtools.tables.agile import RETRO_CATEGORIES
from pmtools.widgets._base import TableEditor, editor_or_none

__all__ = ["RetroForm", "retro_form"]


class RetroForm(TableEditor):
    """One-click retro notes during the meeting: each Add appends a row to retro.csv."""

    file = "retro.csv"

    def __init__(self, project: Project) -> None:
        super().__init__(project)
        sprints = list(project.sprints.index) if project.sprints is not None else []
        self.sprint = w.Dropdown(
            options=sprints,
            value=current_sprint(project) or (sprints[-1] if sprints else None),
            description=t("col.sprint"),
        )
        self.category = w.ToggleButtons(options=[(t(f"category.{c}"), c) for c in RETRO_CATEGORIES])
        self.note = w.Textarea(description=t("col.note"), layout=w.Layout(width="70%"))
        self.votes = w.BoundedIntText(value=0, min=0, max=99, description=t("col.votes"))
        self.author = w.Text(description=t("col.author"))
        self.add = w.Button(description=t("editor.add"), button_style="success", icon="plus")
        self.add.on_click(lambda _: self.write())
        self.box = self.form(
            "editor.retro_title",
            self.sprint,
            self.category,
            self.note,
            w.HBox([self.votes, self.author]),
            self.add,
        )

    def write(self) -> Project | None:
        """Append the note to retro.csv (validated, atomic); on a problem nothing is written."""
        row = {
            "sprint": self.sprint.value or "",
            "category": self.category.value,
            "note": self.note.value.strip(),
            "votes": str(self.votes.value),
            "author": self.author.value.strip(),
        }
        table = pd.concat([self.table, pd.DataFrame([row])], ignore_index=True).fillna("")
        project = self.save(table)
        if project is not None:
            self.note.value = ""
        return project


def retro_form(project: Project, *, force: bool = False) -> w.VBox | None:
    """The new-retro-note form, or None when the notebook runs in batch."""
    box: w.VBox | None = editor_or_none(RetroForm, project, force)
    return box
