"""The requirement capture form: capture or edit a requirement, save requirements.csv."""

from __future__ import annotations

import ipywidgets as w
import pandas as pd

from pmtools.i18n import t
from pmtools.model import Project
from pmtools.tables.requirements import PRIORITIES, REQUIREMENT_STATUSES, REQUIREMENT_TYPES
from pmtools.widgets._base import TableEditor, editor_or_none

__all__ = ["RequirementEditor", "requirement_editor"]


class RequirementEditor(TableEditor):
    """Capture or edit a requirement; Save validates the folder and writes requirements.csv."""

    file = "requirements.csv"

    def __init__(self, project: Project) -> None:
        super().__init__(project)
        wide = w.Layout(width="70%")
        self.requirement = w.Dropdown(description=t("editor.requirement"), layout=wide)
        self.title = w.Text(description=t("editor.title"), layout=wide)
        self.description = w.Textarea(description=t("editor.description"), layout=wide)
        self.kind = w.Dropdown(options=list(REQUIREMENT_TYPES), description=t("col.type"))
        self.priority = w.Dropdown(options=list(PRIORITIES), description=t("col.priority"))
        self.value = w.BoundedIntText(value=5, min=1, max=10, description=t("col.value"))
        self.effort = w.BoundedFloatText(value=1, min=0, max=10_000, description=t("col.effort"))
        self.source = w.Text(description=t("editor.source"))
        self.criteria = w.Textarea(description=t("editor.criteria"), layout=wide)
        self.status = w.Dropdown(options=list(REQUIREMENT_STATUSES), description=t("col.status"))
        self.version = w.Text(description=t("col.version"))
        self.tasks = w.Text(description=t("col.tasks"))
        self.tests = w.Text(description=t("col.tests"))
        self.save_button = w.Button(
            description=t("editor.save"), button_style="success", icon="save"
        )
        self.requirement.observe(lambda _: self._load(), names="value")
        self.save_button.on_click(lambda _: self.write())
        self._refresh_options()
        self.box = self.form(
            "editor.requirement_title",
            self.requirement,
            self.title,
            self.description,
            w.HBox([self.kind, self.priority, self.status]),
            w.HBox([self.value, self.effort, self.version]),
            self.source,
            self.criteria,
            w.HBox([self.tasks, self.tests]),
            self.save_button,
        )

    def _refresh_options(self) -> None:
        self.requirement.options = self.picker(t("editor.new_requirement"))
        self._load()

    def _load(self) -> None:
        self.shown = {}
        if self.requirement.value in (None, self._NEW):
            for widget in (
                self.title,
                self.description,
                self.source,
                self.criteria,
                self.tasks,
                self.tests,
            ):
                widget.value = ""
            self.status.value, self.version.value = "proposed", ""
            return
        typed = self.project.requirements
        assert typed is not None
        known = typed.loc[self.requirement.value]
        row = self.table[self.table["id"] == self.requirement.value].iloc[0]
        self.title.value = row.get("title", "").strip()
        self.description.value = row.get("description", "").strip()
        self.kind.value = known["type"]
        self.priority.value = known["priority"]
        self.status.value = known["status"]
        self.value.value = int(known["business_value"]) if pd.notna(known["business_value"]) else 5
        self.effort.value = float(known["effort"]) if pd.notna(known["effort"]) else 0.0
        self.source.value = row.get("source", "").strip()
        self.criteria.value = row.get("acceptance_criteria", "").strip()
        self.version.value = row.get("version", "").strip()
        self.tasks.value = row.get("tasks", "").strip()
        self.tests.value = row.get("tests", "").strip()
        self.shown = self._values()

    def _values(self) -> dict[str, str]:
        """What the form holds, as the cells of requirements.csv."""
        return {
            "title": self.title.value.strip(),
            "description": self.description.value.strip(),
            "type": self.kind.value,
            "priority": self.priority.value,
            "status": self.status.value,
            "business_value": str(self.value.value),
            "effort": f"{self.effort.value:g}",
            "source": self.source.value.strip(),
            "acceptance_criteria": self.criteria.value.strip(),
            "version": self.version.value.strip(),
            "tasks": self.tasks.value.strip(),
            "tests": self.tests.value.strip(),
        }

    def _edited(self) -> pd.DataFrame:
        table, row = self.row(self.requirement.value, "REQ-{:03d}")
        self.assign(table, row, self._values())
        return table

    def write(self) -> Project | None:
        """Validate and save requirements.csv atomically; on a problem nothing is written."""
        project = self.save(self._edited())
        if project is not None:
            self._refresh_options()
        return project


def requirement_editor(project: Project, *, force: bool = False) -> w.VBox | None:
    """The requirement capture form, or None when the notebook runs in batch."""
    box: w.VBox | None = editor_or_none(RequirementEditor, project, force)
    return box
