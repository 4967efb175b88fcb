"""The resource editor: pick a person or team (or a new one), edit capacity, role, day rate
and leave, save resources.csv."""

from __future__ import annotations

from typing import Any

import ipywidgets as w
import pandas as pd

from pmtools.i18n import t
from pmtools.model import Project
from pmtools.widgets._base import TableEditor, editor_or_none

__all__ = ["ResourceEditor", "resource_editor"]


class ResourceEditor(TableEditor):
    """Pick a resource by name (or a new one), edit it, save resources.csv; a name tasks.csv
    assigns but resources.csv lacks is offered first, so the file can be filled in."""

    file = "resources.csv"

    def __init__(self, project: Project) -> None:
        super().__init__(project)
        self.resource = w.Dropdown(description=t("col.resource"), layout=w.Layout(width="60%"))
        self.name = w.Text(description=t("editor.resource_name"), layout=w.Layout(width="60%"))
        self.capacity = w.BoundedFloatText(
            value=1.0, min=0.01, max=1000.0, step=0.5, description=t("col.capacity_units")
        )
        self.role = w.Text(description=t("col.role"), layout=w.Layout(width="60%"))
        self.rate = w.Text(description=t("editor.day_rate"))
        self.leave = w.Text(
            description=t("editor.leave"),
            placeholder="2026-12-21..2027-01-01; 2027-02-10",
            layout=w.Layout(width="80%"),
        )
        self.save_button = w.Button(
            description=t("editor.save"), button_style="success", icon="save"
        )
        self.resource.observe(lambda _: self._load(), names="value")
        self.save_button.on_click(lambda _: self.write())
        self._refresh_options()
        self.box = self.form(
            "editor.resource_title",
            self.resource,
            self.name,
            w.HBox([self.capacity, self.rate]),
            self.role,
            self.leave,
            self.save_button,
        )

    def _names(self) -> list[str]:
        return [str(n).strip() for n in self.table.get("name", pd.Series(dtype=object))]

    def _assigned(self) -> list[str]:
        """The names tasks.csv assigns, in order of first use."""
        cells = self.project.tasks.get("assignments", pd.Series(dtype=object))
        return list(dict.fromkeys(name for cell in cells for name, _ in (cell or [])))

    def _refresh_options(self) -> None:
        listed = self._names()
        missing = [n for n in self._assigned() if n not in listed]
        self.resource.options = (
            [(t("editor.new_resource"), self._NEW)]
            + [(t("editor.unlisted_resource", name=n), f"+{n}") for n in missing]
            + [(n, n) for n in listed]
        )
        self._load()

    def _load(self) -> None:
        self.shown = {}
        chosen = self.resource.value
        if chosen in (None, self._NEW) or str(chosen).startswith("+"):
            self.name.value = "" if chosen in (None, self._NEW) else str(chosen)[1:]
            self.capacity.value, self.role.value = 1.0, ""
            self.rate.value = self.leave.value = ""
            return
        row = self.table[self.table["name"].str.strip() == chosen].iloc[0]
        self.name.value = str(row.get("name", "")).strip()
        capacity = pd.to_numeric(str(row.get("capacity", "")).strip() or "1", errors="coerce")
        self.capacity.value = float(capacity) if pd.notna(capacity) and capacity > 0 else 1.0
        self.role.value = str(row.get("role", "")).strip()
        self.rate.value = str(row.get("cost_rate", "")).strip()
        self.leave.value = str(row.get("leave", "")).strip()
        self.shown = self._values()

    def _values(self) -> dict[str, str]:
        """What the form holds, as the cells of resources.csv."""
        return {
            "name": self.name.value.strip(),
            "capacity": f"{self.capacity.value:g}",
            "role": self.role.value.strip(),
            "cost_rate": self.rate.value.strip(),
            "leave": self.leave.value.strip(),
        }

    def _edited(self) -> pd.DataFrame:
        table = self.table.copy()
        for column in ("name", "capacity", "role", "cost_rate", "leave"):
            if column not in table.columns:
                table[column] = ""
        chosen = self.resource.value
        if chosen in (None, self._NEW) or str(chosen).startswith("+"):
            row: Any = len(table)
            table.loc[row] = {c: "" for c in table.columns}
        else:
            row = table.index[table["name"].str.strip() == chosen][0]
        self.assign(table, row, self._values())
        if not self.base.exists:  # a new file lists everyone tasks.csv assigns (1 unit each)
            for name in self._assigned():
                if name not in set(table["name"].str.strip()):
                    table.loc[len(table)] = {c: "" for c in table.columns} | {"name": name}
        return table

    def write(self) -> Project | None:
        """Validate and save resources.csv atomically; on a problem nothing is written."""
        project = self.save(self._edited())
        if project is not None:
            self._refresh_options()
        return project


def resource_editor(project: Project, *, force: bool = False) -> w.VBox | None:
    """The resources editor, or None when the notebook runs in batch."""
    box: w.VBox | None = editor_or_none(ResourceEditor, project, force)
    return box
