"""The change editor: raise a change request, assess its impact on a copy of the plan, record
the decision, and approve and apply it to tasks.csv when the PM says so."""

from __future__ import annotations

import datetime as dt
from typing import Any

import ipywidgets as w
import pandas as pd

from pmtools.change import PENDING, change_cells, change_impact
from pmtools.errors import PmtoolsError
from pmtools.i18n import t
from pmtools.io import save_table
from pmtools.model import Project
from pmtools.render import escape
from pmtools.tables.change import CHANGE_STATUSES
from pmtools.widgets._base import TableEditor, editor_or_none, problems_html
from pmtools.widgets._layout import fit_labels

__all__ = ["ChangeEditor", "change_editor"]


class ChangeEditor(TableEditor):
    """Pick a change request (or a new one) and edit it. *Assess* shows its impact on a copy
    of the plan (nothing written); *Save* writes changes.csv; *Approve and apply* writes its
    task changes to tasks.csv, then marks it implemented in changes.csv."""

    file = "changes.csv"

    def __init__(self, project: Project) -> None:
        super().__init__(project)
        wide = w.Layout(width="70%")
        self.change = w.Dropdown(description=t("change.editor.change"), layout=wide)
        self.fields: dict[str, Any] = {
            "title": w.Text(description=t("change.col.change"), layout=wide),
            "requested_by": w.Text(description=t("change.col.requested_by")),
            "description": w.Textarea(description=t("change.editor.description"), layout=wide),
            "reason": w.Textarea(description=t("change.editor.reason"), layout=wide),
            "requirements": w.Text(description=t("change.editor.requirements")),
            "tasks": w.Text(description=t("change.editor.tasks")),
            "task_changes": w.Textarea(
                description=t("change.editor.task_changes"),
                placeholder="T370+=5; new:T455:10:T370:P7:Task name; T385 after T455",
                layout=wide,
            ),
            "cost_impact": w.Text(description=t("change.col.cost_impact")),
            "decision": w.Text(description=t("change.editor.decision"), layout=wide),
            "approver": w.Text(description=t("change.col.approver")),
        }
        for name, widget in self.fields.items():
            widget.add_class("pmtools-field")
            widget.add_class(f"pmtools-{name.replace('_', '-')}")
        self.requested_on = w.DatePicker(description=t("change.col.requested_on"))
        self.decided_on = w.DatePicker(description=t("change.col.decided_on"))
        self.status = w.Dropdown(
            options=[(t(f"change.status.{s}"), s) for s in CHANGE_STATUSES],
            description=t("col.status"),
        )
        self.assess_button = w.Button(
            description=t("change.editor.assess"), button_style="info", icon="line-chart"
        )
        self.save_button = w.Button(
            description=t("editor.save"), button_style="success", icon="save"
        )
        self.apply_button = w.Button(
            description=t("change.editor.apply"), button_style="warning", icon="check"
        )
        self.impact = w.HTML()
        self.impact.add_class("pmtools-impact-box")
        self.change.observe(lambda _: self._load(), names="value")
        self.assess_button.on_click(lambda _: self.assess())
        self.save_button.on_click(lambda _: self.write())
        self.apply_button.on_click(lambda _: self.approve_and_apply())
        f = self.fields
        self.box = self.form(
            "change.editor.title",
            self.change,
            f["title"],
            w.HBox([f["requested_by"], self.requested_on]),
            f["description"],
            f["reason"],
            w.HBox([f["requirements"], f["tasks"]]),
            f["task_changes"],
            w.HBox([f["cost_impact"], self.status]),
            f["decision"],
            w.HBox([f["approver"], self.decided_on]),
            w.HBox([self.assess_button, self.save_button, self.apply_button]),
            self.impact,
        )
        fit_labels(self.box)
        self._refresh()

    def _refresh(self) -> None:
        self.change.options = self.picker(t("change.editor.new"))
        self._load()

    def _load(self) -> None:
        self.impact.value = ""
        chosen = self.change.value
        if chosen in (None, self._NEW):
            for widget in self.fields.values():
                widget.value = ""
            self.requested_on.value = self.project.status_date
            self.decided_on.value = None
            self.status.value = "submitted"
            return
        row = self.table[self.table["id"] == chosen].iloc[0]
        for name, widget in self.fields.items():
            widget.value = str(row.get(name, "") or "")
        self.requested_on.value = _date(row.get("requested_on", ""))
        self.decided_on.value = _date(row.get("decided_on", ""))
        self.status.value = row.get("status") or "submitted"

    def _edited(self, **overrides: str) -> tuple[pd.DataFrame, str]:
        """The table with the form's change in it, and the change's id."""
        table, row = self.row(self.change.value, "CR-{:02d}")
        values = {name: str(widget.value).strip() for name, widget in self.fields.items()}
        values["requested_on"] = _iso(self.requested_on.value)
        values["decided_on"] = _iso(self.decided_on.value)
        values["status"] = self.status.value
        values.update(overrides)
        for column, value in values.items():
            table.loc[row, column] = value
        return table, str(table.loc[row, "id"])

    def assess(self) -> Project | None:
        """Validate the form and show the change's impact on a copy of the plan; nothing is
        written."""
        table, change = self._edited()
        project = self.check(table)
        if project is not None:
            self.impact.value = impact_html(project, change)
        return project

    def write(self) -> Project | None:
        """Validate and save changes.csv atomically; on a problem nothing is written."""
        table, change = self._edited()
        project = self.save(table)
        if project is not None:
            self._refresh_to(change)
        return project

    def approve_and_apply(self) -> Project | None:
        """Write the change's task changes to tasks.csv, then mark it implemented (decided
        today unless a date is given). Only a pending change can be applied; if either file
        would be invalid, nothing is written."""
        if self.status.value not in PENDING:
            self.message.value = problems_html(
                PmtoolsError(
                    t("change.editor.not_pending", status=t(f"change.status.{self.status.value}"))
                )
            )
            return None
        decided = _iso(self.decided_on.value) or dt.date.today().isoformat()
        table, change = self._edited(status="approved", decided_on=decided)
        preview = self.check(table)
        if preview is None:
            return None
        try:
            cells = change_cells(preview, change)
            save_table(self.project.path, "tasks.csv", cells)
        except PmtoolsError as error:
            self.message.value = problems_html(error)
            return None
        final, _ = self._edited(status="implemented", decided_on=decided)
        project = self.save(final)
        if project is not None:
            self.message.value += " " + escape(t("change.editor.applied", id=change))
            self._refresh_to(change)
        return project

    def _refresh_to(self, change: str) -> None:
        message = self.message.value
        self.change.options = self.picker(t("change.editor.new"))
        self.change.value = change
        self._load()
        self.message.value = message


def _date(text: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(text)) if text else None
    except ValueError:
        return None


def _iso(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def impact_html(project: Project, change: str) -> str:
    """The change's impact as a few lines: finish, P80, budget, tasks becoming critical, or
    why it cannot be applied."""
    impact = change_impact(project, change)
    if impact.problems:
        items = "".join(f"<li>{escape(str(p))}</li>" for p in impact.problems)
        return f'<div class="pmtools-impact" style="color:#c0392b"><ul>{items}</ul></div>'
    text = t(
        "change.editor.impact",
        finish_before=impact.finish_before,
        finish_after=impact.finish_after,
        slip=impact.slip_days,
        p80_before=impact.p80_before,
        p80_after=impact.p80_after,
        p80_slip=impact.p80_slip_days,
        bac_before="-" if impact.bac_before is None else f"{impact.bac_before:,.0f}",
        bac_after="-" if impact.bac_after is None else f"{impact.bac_after:,.0f}",
        critical=", ".join(impact.joins_critical) or "-",
    )
    return f'<div class="pmtools-impact">{escape(text)}</div>'


def change_editor(project: Project, *, force: bool = False) -> w.VBox | None:
    """The change request form, or None when the notebook runs in batch."""
    box: w.VBox | None = editor_or_none(ChangeEditor, project, force)
    return box
