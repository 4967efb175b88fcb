"""The emergency forms: log an incident and record when service was restored (incidents.csv);
record a drill of a contingency plan (contingency.csv). Each saves its file safely."""

from __future__ import annotations

import datetime as dt
from typing import Any

import ipywidgets as w
import pandas as pd

from pmtools.i18n import t
from pmtools.model import Project
from pmtools.tables.emergency import SEVERITIES, SEVERITY_ALIASES
from pmtools.widgets._base import TableEditor, interactive
from pmtools.widgets._layout import fit_labels

__all__ = ["DrillForm", "IncidentForm", "emergency_editor"]


class IncidentForm(TableEditor):
    """Pick an incident (or a new one), edit it, *Restored now* fills in the end time; Save
    writes incidents.csv."""

    file = "incidents.csv"

    def __init__(self, project: Project) -> None:
        super().__init__(project)
        wide = w.Layout(width="70%")
        self.incident = w.Dropdown(description=t("emergency.editor.incident"), layout=wide)
        self.fields: dict[str, Any] = {
            "title": w.Text(description=t("emergency.editor.what"), layout=wide),
            "start": w.Text(description=t("emergency.col.start"), placeholder="YYYY-MM-DD HH:MM"),
            "end": w.Text(description=t("emergency.col.end"), placeholder="YYYY-MM-DD HH:MM"),
            "impact": w.Textarea(description=t("emergency.editor.impact"), layout=wide),
            "root_cause": w.Textarea(description=t("emergency.editor.root_cause"), layout=wide),
            "actions": w.Text(description=t("emergency.col.actions")),
        }
        self.severity = w.Dropdown(
            options=[(t(f"emergency.severity.{s}"), s) for s in SEVERITIES],
            description=t("emergency.col.severity"),
        )
        plans = project.table("contingency.csv")
        self.scenario = w.Dropdown(
            options=[("", "")]
            + (
                [(f"{i} · {s}", i) for i, s in plans["scenario"].items()]
                if plans is not None
                else []
            ),
            description=t("emergency.col.scenario"),
            layout=wide,
        )
        self.save_button = w.Button(
            description=t("editor.save"), button_style="success", icon="save"
        )
        self.now_button = w.Button(description=t("emergency.editor.restored_now"), icon="clock-o")
        self.incident.observe(lambda _: self._load(), names="value")
        self.save_button.on_click(lambda _: self.write())
        self.now_button.on_click(lambda _: self.restored_now())
        f = self.fields
        self.box = self.form(
            "emergency.editor.title",
            self.incident,
            f["title"],
            w.HBox([f["start"], f["end"], self.severity]),
            self.scenario,
            f["impact"],
            f["root_cause"],
            f["actions"],
            w.HBox([self.save_button, self.now_button]),
        )
        fit_labels(self.box)
        self._refresh()

    def _refresh(self, chosen: str | None = None) -> None:
        self.incident.options = self.picker(t("emergency.editor.new"))
        if chosen is not None:
            self.incident.value = chosen
        self._load()

    def _load(self) -> None:
        if self.incident.value in (None, self._NEW):
            for widget in self.fields.values():
                widget.value = ""
            self.fields["start"].value = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
            self.severity.value, self.scenario.value = "high", ""
            return
        row = self.table[self.table["id"] == self.incident.value].iloc[0]
        for name, widget in self.fields.items():
            widget.value = str(row.get(name, "") or "")
        written = str(row.get("severity") or "high")  # P1, 1 or SEV1 as well as critical
        self.severity.value = SEVERITY_ALIASES.get(written.strip().lower(), written)
        scenario = row.get("scenario", "")
        self.scenario.value = scenario if scenario in dict(self.scenario.options).values() else ""
        self.shown = self._values()

    def _values(self) -> dict[str, str]:
        values = {name: str(widget.value).strip() for name, widget in self.fields.items()}
        values["severity"] = self.severity.value
        values["scenario"] = self.scenario.value
        return values

    def _edited(self) -> tuple[pd.DataFrame, str]:
        table, row = self.row(self.incident.value, "INC-{:02d}")
        self.assign(table, row, self._values())  # untouched cells keep their text (P1 stays)
        return table, str(table.loc[row, "id"])

    def write(self) -> Project | None:
        """Validate and save incidents.csv atomically; on a problem nothing is written."""
        table, incident = self._edited()
        project = self.save(table)
        if project is not None:
            message = self.message.value
            self._refresh(incident)
            self.message.value = message
        return project

    def restored_now(self) -> Project | None:
        """Set the end time to now and save."""
        self.fields["end"].value = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
        return self.write()


class DrillForm(TableEditor):
    """Pick a contingency plan, set its last drill, drill cycle and owners; Save writes
    contingency.csv."""

    file = "contingency.csv"

    def __init__(self, project: Project) -> None:
        super().__init__(project)
        self.plan = w.Dropdown(
            options=[(f"{r['id']} · {r['scenario']}", r["id"]) for _, r in self.table.iterrows()],
            description=t("emergency.editor.plan"),
            layout=w.Layout(width="70%"),
        )
        self.last_drill = w.DatePicker(description=t("emergency.col.last_drill"))
        self.every = w.Text(description=t("emergency.col.drill_every_days"))
        self.owner = w.Text(description=t("emergency.col.owner"))
        self.backup = w.Text(description=t("emergency.col.backup_owner"))
        self.save_button = w.Button(
            description=t("editor.save"), button_style="success", icon="save"
        )
        self.plan.observe(lambda _: self._load(), names="value")
        self.save_button.on_click(lambda _: self.write())
        self.box = self.form(
            "emergency.editor.drill_title",
            self.plan,
            w.HBox([self.last_drill, self.every]),
            w.HBox([self.owner, self.backup]),
            w.HBox([self.save_button]),
        )
        fit_labels(self.box)
        self._load()

    def _load(self) -> None:
        if self.plan.value is None:
            return
        row = self.table[self.table["id"] == self.plan.value].iloc[0]
        text = row.get("last_drill", "")
        self.last_drill.value = dt.date.fromisoformat(text) if text else None
        self.every.value = str(row.get("drill_every_days", "") or "")
        self.owner.value = str(row.get("owner", "") or "")
        self.backup.value = str(row.get("backup_owner", "") or "")

    def write(self) -> Project | None:
        """Validate and save contingency.csv atomically; on a problem nothing is written."""
        if self.plan.value is None:
            return None
        table = self.table.copy()
        row = table.index[table["id"] == self.plan.value][0]
        table.loc[row, "last_drill"] = (
            self.last_drill.value.isoformat() if self.last_drill.value else ""
        )
        table.loc[row, "drill_every_days"] = self.every.value.strip()
        table.loc[row, "owner"] = self.owner.value.strip()
        table.loc[row, "backup_owner"] = self.backup.value.strip()
        return self.save(table)


def emergency_editor(project: Project, *, force: bool = False) -> w.VBox | None:
    """The incident form and, when the project has contingency plans, the drill form; None
    when the notebook runs in batch."""
    if not (force or interactive()):
        return None
    forms: list[w.Widget] = [IncidentForm(project).box]
    if project.table("contingency.csv") is not None:
        forms.append(DrillForm(project).box)
    return w.VBox(forms)
