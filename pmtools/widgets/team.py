"""The team editors: record a KPI actual, assess a conflict, update the learning plan.

Each is a ``TableEditor`` of its own file; ``team_editor`` shows the three as tabs.
"""

from __future__ import annotations

import datetime as dt

import ipywidgets as w
import pandas as pd

from pmtools.i18n import t
from pmtools.model import Project
from pmtools.tables.team import (
    CONFLICT_APPROACHES,
    CONFLICT_STATUSES,
    DIRECTIONS,
    LEARNING_KINDS,
    LEARNING_STATUSES,
)
from pmtools.team import status_month
from pmtools.widgets._base import TableEditor, interactive

__all__ = ["ConflictEditor", "KpiForm", "LearningEditor", "team_editor"]

_WIDE = w.Layout(width="70%")
_LEVELS = [1, 2, 3, 4, 5]


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _iso(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def _number(value: str) -> float | None:
    try:
        return float(value) if value.strip() else None
    except ValueError:
        return None


class KpiForm(TableEditor):
    """Record a KPI's target and actual for a month: an existing member, KPI and month is
    updated in place, anything else is added as a row."""

    file = "kpis.csv"

    def __init__(self, project: Project) -> None:
        super().__init__(project)
        members = sorted(set(self.table.get("member", pd.Series(dtype=str))))
        kpis = sorted(set(self.table.get("kpi", pd.Series(dtype=str))))
        self.member = w.Combobox(options=members, description=t("team.col.member"))
        self.kpi = w.Combobox(options=kpis, description=t("team.col.kpi"), layout=_WIDE)
        self.period = w.Text(value=status_month(project), description=t("team.col.month"))
        self.target = w.Text(description=t("team.col.target"))
        self.actual = w.Text(description=t("team.col.actual"))
        self.unit = w.Text(description=t("team.col.unit"))
        self.better = w.Dropdown(
            options=[(t(f"team.kpi.better.{d}"), d) for d in DIRECTIONS],
            description=t("team.col.better"),
        )
        self.notes = w.Text(description=t("team.col.notes"), layout=_WIDE)
        self.save_button = w.Button(
            description=t("editor.save"), button_style="success", icon="save"
        )
        for widget in (self.member, self.kpi, self.period):
            widget.observe(lambda _: self._load(), names="value")
        self.save_button.on_click(lambda _: self.write())
        self.box = self.form(
            "team.editor.kpi_title",
            w.HTML(f"<small>{t('team.editor.kpi_hint')}</small>"),
            w.HBox([self.member, self.period]),
            self.kpi,
            w.HBox([self.target, self.actual]),
            w.HBox([self.unit, self.better]),
            self.notes,
            self.save_button,
        )

    def _match(self) -> pd.Series:
        table = self.table
        if table.empty:
            return pd.Series(dtype=bool)
        match: pd.Series = (
            (table["member"] == self.member.value.strip())
            & (table["kpi"] == self.kpi.value.strip())
            & (table["period"] == self.period.value.strip())
        )
        return match

    def _load(self) -> None:
        """Fill the fields from the row of the chosen member, KPI and month, or from the KPI's
        latest row (its target, unit and direction) when the month is new."""
        table = self.table
        if table.empty or not self.kpi.value.strip():
            return
        same = table[(table["kpi"] == self.kpi.value.strip())]
        if self.member.value.strip():
            same = same[same["member"] == self.member.value.strip()] if len(same) else same
        if same.empty:
            return
        hit = same[same["period"] == self.period.value.strip()]
        row = hit.iloc[0] if len(hit) else same.iloc[-1]
        self.target.value = row.get("target", "")
        self.actual.value = row.get("actual", "") if len(hit) else ""
        self.unit.value = row.get("unit", "")
        self.better.value = row.get("better") or "higher"
        self.notes.value = row.get("notes", "") if len(hit) else ""

    def _edited(self) -> pd.DataFrame:
        values = {
            "member": self.member.value.strip(),
            "period": self.period.value.strip(),
            "kpi": self.kpi.value.strip(),
            "target": self.target.value.strip(),
            "actual": self.actual.value.strip(),
            "unit": self.unit.value.strip(),
            "better": self.better.value,
            "notes": self.notes.value.strip(),
        }
        table = self.table.copy()
        for column in values:
            if column not in table.columns:
                table[column] = ""
        match = self._match()
        if len(match) and match.any():
            for column, value in values.items():
                table.loc[match, column] = value
            return table
        return pd.concat([table, pd.DataFrame([values])], ignore_index=True).fillna("")

    def write(self) -> Project | None:
        """Validate and save kpis.csv atomically; on a problem nothing is written."""
        return self.save(self._edited())


class ConflictEditor(TableEditor):
    """Pick a conflict (or a new one), assess intensity and impact, choose the approach and
    the response, save conflicts.csv."""

    file = "conflicts.csv"

    def __init__(self, project: Project) -> None:
        super().__init__(project)
        self.conflict = w.Dropdown(description=t("team.editor.conflict"), layout=_WIDE)
        self.parties = w.Text(description=t("team.col.parties"), layout=_WIDE)
        self.issue = w.Textarea(description=t("team.col.issue"), layout=_WIDE)
        self.intensity = w.Dropdown(options=_LEVELS, description=t("team.col.intensity"))
        self.impact = w.Dropdown(options=_LEVELS, description=t("team.col.impact"))
        self.approach = w.Dropdown(
            options=[(t("team.approach.none"), "")]
            + [(t(f"team.approach.{a}"), a) for a in CONFLICT_APPROACHES],
            description=t("team.col.approach"),
        )
        self.response = w.Textarea(description=t("col.response"), layout=_WIDE)
        self.owner = w.Text(description=t("col.owner"))
        self.due = w.DatePicker(description=t("col.due"))
        self.status = w.Dropdown(
            options=[(t(f"team.conflict.status.{s}"), s) for s in CONFLICT_STATUSES],
            description=t("col.status"),
        )
        self.save_button = w.Button(
            description=t("editor.save"), button_style="success", icon="save"
        )
        self.conflict.observe(lambda _: self._load(), names="value")
        self.save_button.on_click(lambda _: self.write())
        self._refresh_options()
        self.box = self.form(
            "team.editor.conflict_title",
            self.conflict,
            self.parties,
            self.issue,
            w.HBox([self.intensity, self.impact]),
            w.HBox([self.approach, self.status]),
            self.response,
            w.HBox([self.owner, self.due]),
            self.save_button,
        )

    def _refresh_options(self) -> None:
        ids = self.table["id"].tolist() if "id" in self.table.columns else []
        issues = self.table["issue"].tolist() if "issue" in self.table.columns else []
        self.conflict.options = [(t("team.editor.new_conflict"), self._NEW)] + [
            (f"{i} · {issue[:60]}", i) for i, issue in zip(ids, issues, strict=True)
        ]
        self._load()

    def _load(self) -> None:
        if self.conflict.value in (None, self._NEW):
            self.parties.value = self.issue.value = self.response.value = self.owner.value = ""
            self.intensity.value = self.impact.value = 3
            self.approach.value, self.status.value, self.due.value = "", "open", None
            return
        row = self.table[self.table["id"] == self.conflict.value].iloc[0]
        self.parties.value = row.get("parties", "")
        self.issue.value = row.get("issue", "")
        for widget, column in ((self.intensity, "intensity"), (self.impact, "impact")):
            try:
                widget.value = int(float(row.get(column, "") or 3))
            except (ValueError, w.TraitError):
                widget.value = 3
        approach = row.get("approach", "")
        self.approach.value = approach if approach in CONFLICT_APPROACHES else ""
        self.response.value = row.get("response", "")
        self.owner.value = row.get("owner", "")
        self.due.value = _date(row.get("due", ""))
        status = row.get("status", "")
        self.status.value = status if status in CONFLICT_STATUSES else "open"

    def _edited(self) -> pd.DataFrame:
        new = self.conflict.value in (None, self._NEW)
        table, row = self.row(self.conflict.value, "C{:02d}")
        values = {
            "parties": self.parties.value.strip(),
            "issue": self.issue.value.strip(),
            "intensity": str(self.intensity.value),
            "impact": str(self.impact.value),
            "approach": self.approach.value,
            "response": self.response.value.strip(),
            "owner": self.owner.value.strip(),
            "due": _iso(self.due.value),
            "status": self.status.value,
        }
        if new:
            values["raised"] = self.project.status_date.isoformat()
        resolved = table.loc[row, "resolved"] if "resolved" in table.columns else ""
        if self.status.value == "resolved" and not resolved:
            values["resolved"] = self.project.status_date.isoformat()
        elif self.status.value != "resolved":
            values["resolved"] = ""
        for column, value in values.items():
            table.loc[row, column] = value
        return table.fillna("")

    def write(self) -> Project | None:
        """Validate and save conflicts.csv atomically; on a problem nothing is written."""
        project = self.save(self._edited())
        if project is not None:
            self._refresh_options()
        return project


class LearningEditor(TableEditor):
    """Pick a learning item (or a new one) and update its target, status and hours."""

    file = "learning.csv"

    def __init__(self, project: Project) -> None:
        super().__init__(project)
        self.item = w.Dropdown(description=t("team.editor.item"), layout=_WIDE)
        self.person = w.Text(description=t("team.col.person"))
        self.skill = w.Text(description=t("team.col.skill"), layout=_WIDE)
        self.kind = w.Dropdown(
            options=[(t(f"team.kind.{k}"), k) for k in LEARNING_KINDS],
            description=t("team.col.kind"),
        )
        self.target_date = w.DatePicker(description=t("team.col.target_date"))
        self.status = w.Dropdown(
            options=[(t(f"team.learning.status.{s}"), s) for s in LEARNING_STATUSES],
            description=t("col.status"),
        )
        self.hours_planned = w.BoundedFloatText(
            min=0, max=10_000, description=t("team.learning.planned")
        )
        self.hours_done = w.BoundedFloatText(min=0, max=10_000, description=t("team.learning.done"))
        self.save_button = w.Button(
            description=t("editor.save"), button_style="success", icon="save"
        )
        self.item.observe(lambda _: self._load(), names="value")
        self.save_button.on_click(lambda _: self.write())
        self._refresh_options()
        self.box = self.form(
            "team.editor.learning_title",
            self.item,
            w.HBox([self.person, self.kind]),
            self.skill,
            w.HBox([self.target_date, self.status]),
            w.HBox([self.hours_planned, self.hours_done]),
            self.save_button,
        )

    def _refresh_options(self) -> None:
        rows = self.table.reset_index(drop=True)
        self.item.options = [(t("team.editor.new_item"), self._NEW)] + [
            (f"{r.get('person', '')} · {r.get('skill', '')}", str(i)) for i, r in rows.iterrows()
        ]
        self._load()

    def _load(self) -> None:
        if self.item.value in (None, self._NEW):
            self.person.value = self.skill.value = ""
            self.kind.value, self.status.value, self.target_date.value = "skill", "planned", None
            self.hours_planned.value = self.hours_done.value = 0
            return
        row = self.table.reset_index(drop=True).iloc[int(self.item.value)]
        self.person.value = row.get("person", "")
        self.skill.value = row.get("skill", "")
        self.kind.value = row.get("kind") if row.get("kind") in LEARNING_KINDS else "skill"
        self.status.value = (
            row.get("status") if row.get("status") in LEARNING_STATUSES else "planned"
        )
        self.target_date.value = _date(row.get("target_date", ""))
        self.hours_planned.value = _number(row.get("hours_planned", "")) or 0
        self.hours_done.value = _number(row.get("hours_done", "")) or 0

    def _edited(self) -> pd.DataFrame:
        table = self.table.reset_index(drop=True).copy()
        values = {
            "person": self.person.value.strip(),
            "skill": self.skill.value.strip(),
            "kind": self.kind.value,
            "target_date": _iso(self.target_date.value),
            "status": self.status.value,
            "hours_planned": f"{self.hours_planned.value:g}",
            "hours_done": f"{self.hours_done.value:g}",
        }
        if self.item.value in (None, self._NEW):
            row = len(table)
            table.loc[row] = {c: "" for c in table.columns}
        else:
            row = int(self.item.value)
        completed = table.loc[row, "completed"] if "completed" in table.columns else ""
        if self.status.value == "done" and not completed:
            values["completed"] = self.project.status_date.isoformat()
        elif self.status.value != "done":
            values["completed"] = ""
        for column, value in values.items():
            table.loc[row, column] = value
        return table.fillna("")

    def write(self) -> Project | None:
        """Validate and save learning.csv atomically; on a problem nothing is written."""
        project = self.save(self._edited())
        if project is not None:
            self._refresh_options()
        return project


def team_editor(project: Project, *, force: bool = False) -> w.Tab | None:
    """The KPI, conflict and learning editors as tabs, or None when the notebook runs in
    batch."""
    if not (force or interactive()):
        return None
    editors = (KpiForm(project), ConflictEditor(project), LearningEditor(project))
    tabs = w.Tab(children=[e.box for e in editors])
    for i, key in enumerate(("kpis", "conflicts", "learning")):
        tabs.set_title(i, t(f"team.editor.tab.{key}"))
    return tabs
