"""ipywidgets editors for JupyterLab and Voilà: change a task or a risk, see the effect, save.

Editors appear only when a person runs the notebook (``notebook.interactive``);
under papermill they return None, so reports carry no dead forms. Every change
is validated by loading the whole folder in a scratch copy; Save writes
atomically through ``pmtools.io.save_table`` and keeps a PM's extra columns.
"""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

import ipywidgets as w
import pandas as pd
from IPython.display import display

from pmtools.errors import PmtoolsError, ProjectInvalid
from pmtools.i18n import t
from pmtools.io import TASKS_FILE, preview_table, risks_table, save_table, tasks_table
from pmtools.model import RISK_STATUSES, RISK_STRATEGIES, Project
from pmtools.notebook import interactive

__all__ = ["requirement_editor", "retro_form", "risk_editor", "schedule_editor"]

RISKS_FILE = "risks.csv"
REQUIREMENTS_FILE = "requirements.csv"


def _problems_html(error: PmtoolsError) -> str:
    if isinstance(error, ProjectInvalid):
        items = "".join(f"<li>{html.escape(str(p))}</li>" for p in error.problems)
        return f'<div class="pmtools-problems" style="color:#c0392b"><ul>{items}</ul></div>'
    return f'<div class="pmtools-problems" style="color:#c0392b">{html.escape(str(error))}</div>'


def _picker_options(table: pd.DataFrame, new_label: str, new_value: str) -> list[tuple[str, str]]:
    """Dropdown entries: "new" first, then ``id · title`` for each row."""
    ids = table["id"].tolist() if "id" in table.columns else []
    titles = table["title"].tolist() if "title" in table.columns else []
    return [(new_label, new_value)] + [
        (f"{i} · {title}", i) for i, title in zip(ids, titles, strict=True)
    ]


def _row_for(
    table: pd.DataFrame, chosen: str | None, new_value: str, id_format: str
) -> tuple[pd.DataFrame, Any]:
    """The table and the row label to edit: an existing id, or a new row with the next free id."""
    if chosen not in (None, new_value):
        return table, table.index[table["id"] == chosen][0]
    taken = set(table["id"]) if "id" in table.columns else set()
    number = len(table) + 1
    while id_format.format(number) in taken:
        number += 1
    table = table.copy()
    table.loc[len(table)] = {c: "" for c in table.columns} | {"id": id_format.format(number)}
    return table, table.index[-1]


def _saved_html(file: str) -> str:
    text = t("editor.saved", file=file, time=dt.datetime.now().strftime("%H:%M:%S"))
    return f'<span class="pmtools-saved" style="color:#1e8449">{html.escape(text)}</span>'


class ScheduleEditor:
    """Pick a task, change its duration or predecessors, see the finish move, save."""

    def __init__(self, project: Project) -> None:
        from pmtools import charts
        from pmtools.schedule import critical_path

        self._charts, self._critical_path = charts, critical_path
        self.project = project
        self.saved_finish = critical_path(project).attrs["project_finish"]
        self.table = tasks_table(project)
        leaves = project.tasks.index[~project.tasks["summary"].to_numpy()]
        options = [(f"{i} · {project.tasks.loc[i, 'name']}", i) for i in leaves]
        self.task = w.Dropdown(
            options=options, description=t("editor.task"), layout=w.Layout(width="60%")
        )
        self.duration = w.BoundedIntText(min=0, max=10_000, description=t("editor.duration"))
        self.predecessors = w.Text(
            description=t("editor.predecessors"), layout=w.Layout(width="60%")
        )
        self.apply = w.Button(description=t("editor.apply"), button_style="info", icon="refresh")
        self.save = w.Button(description=t("editor.save"), button_style="success", icon="save")
        self.finish = w.HTML()
        self.message = w.HTML()
        self.chart = w.Output()
        for widget in (self.duration, self.predecessors):
            widget.add_class("pmtools-field")
        self.task.observe(self._load_task, names="value")
        self.apply.on_click(lambda _: self.preview())
        self.save.on_click(lambda _: self.write())
        self.box = w.VBox(
            [
                w.HTML(f"<b>{html.escape(t('editor.schedule_title'))}</b>"),
                self.task,
                w.HBox([self.duration, self.predecessors]),
                w.HBox([self.apply, self.save]),
                self.finish,
                self.message,
                self.chart,
            ]
        )
        self.box.add_class("pmtools-editor")
        self._load_task({"new": self.task.value})
        self._show(project)

    def _row(self) -> Any:
        return self.table.index[self.table["id"] == self.task.value][0]

    def _load_task(self, change: dict[str, Any]) -> None:
        row = self._row()
        self.duration.value = int(float(self.table.loc[row, "duration"] or 0))
        self.predecessors.value = self.table.loc[row, "predecessors"]

    def _edited(self) -> pd.DataFrame:
        table = self.table.copy()
        row = self._row()
        table.loc[row, "duration"] = str(self.duration.value)
        table.loc[row, "predecessors"] = self.predecessors.value.strip()
        return table

    def _show(self, project: Project) -> None:
        plan = self._critical_path(project)
        finish = plan.attrs["project_finish"]
        delta = int(project.calendar.offset(finish) - project.calendar.offset(self.saved_finish))
        text = html.escape(t("editor.finish", finish=finish, delta=delta))
        self.finish.value = f'<span class="pmtools-finish">{text}</span>'
        with self.chart:
            self.chart.clear_output(wait=True)
            display(self._charts.gantt(plan, status_date=project.status_date))  # type: ignore[no-untyped-call]

    def preview(self) -> Project | None:
        """Validate the edit and redraw; nothing is written."""
        try:
            project = preview_table(self.project.path, TASKS_FILE, self._edited())
        except PmtoolsError as error:
            self.message.value = _problems_html(error)
            return None
        self.message.value = ""
        self._show(project)
        return project

    def write(self) -> Project | None:
        """Validate and save tasks.csv atomically; on a problem nothing is written."""
        try:
            project = save_table(self.project.path, TASKS_FILE, self._edited())
        except PmtoolsError as error:
            self.message.value = _problems_html(error)
            return None
        self.project = project
        self.table = tasks_table(project)
        self.message.value = _saved_html(TASKS_FILE)
        self.saved_finish = self._critical_path(project).attrs["project_finish"]
        self._show(project)
        return project


class RiskEditor:
    """Pick a risk (or a new one), edit its assessment and response, save risks.csv."""

    _NEW = "__new__"

    def __init__(self, project: Project) -> None:
        self.project = project
        self.table = risks_table(project)
        levels = list(range(1, project.risk_scale.levels + 1))
        self.risk = w.Dropdown(description=t("editor.risk"), layout=w.Layout(width="60%"))
        self.title = w.Text(description=t("col.title"), layout=w.Layout(width="60%"))
        self.kind = w.Dropdown(options=["threat", "opportunity"], description=t("editor.type"))
        self.probability = w.Dropdown(options=levels, description=t("col.probability"))
        self.impact = w.Dropdown(options=levels, description=t("col.impact"))
        self.owner = w.Text(description=t("col.owner"))
        self.strategy = w.Dropdown(description=t("col.strategy"))
        self.response = w.Textarea(description=t("col.response"), layout=w.Layout(width="60%"))
        self.due = w.DatePicker(description=t("col.response_due"))
        self.status = w.Dropdown(options=list(RISK_STATUSES), description=t("col.status"))
        self.save = w.Button(description=t("editor.save"), button_style="success", icon="save")
        self.message = w.HTML()
        self.kind.observe(self._strategies, names="value")
        self.risk.observe(lambda _: self._load(), names="value")
        self.save.on_click(lambda _: self.write())
        self._refresh_options()
        self.box = w.VBox(
            [
                w.HTML(f"<b>{html.escape(t('editor.risk_title'))}</b>"),
                self.risk,
                self.title,
                w.HBox([self.kind, self.status]),
                w.HBox([self.probability, self.impact]),
                w.HBox([self.owner, self.strategy]),
                self.response,
                self.due,
                self.save,
                self.message,
            ]
        )
        self.box.add_class("pmtools-editor")

    def _refresh_options(self) -> None:
        self.risk.options = _picker_options(self.table, t("editor.new_risk"), self._NEW)
        self._load()

    def _strategies(self, change: Any = None) -> None:
        self.strategy.options = ["", *RISK_STRATEGIES[self.kind.value]]

    def _load(self) -> None:
        self._strategies()
        if self.risk.value in (None, self._NEW):
            self.title.value = self.owner.value = self.response.value = ""
            self.status.value, self.due.value = "open", None
            return
        row = self.table[self.table["id"] == self.risk.value].iloc[0]
        self.title.value = row.get("title", "")
        self.kind.value = row.get("type") or "threat"
        self._strategies()
        for widget, column in ((self.probability, "probability"), (self.impact, "impact")):
            try:
                widget.value = int(float(row.get(column, "") or 1))
            except (ValueError, w.TraitError):
                widget.value = 1
        self.owner.value = row.get("owner", "")
        self.strategy.value = (
            row.get("strategy", "") if row.get("strategy", "") in self.strategy.options else ""
        )
        self.response.value = row.get("response", "")
        due = row.get("response_due", "")
        self.due.value = dt.date.fromisoformat(due) if due else None
        self.status.value = row.get("status") or "open"

    def _edited(self) -> pd.DataFrame:
        table, row = _row_for(self.table, self.risk.value, self._NEW, "R{:02d}")
        values = {
            "title": self.title.value.strip(),
            "type": self.kind.value,
            "probability": str(self.probability.value),
            "impact": str(self.impact.value),
            "owner": self.owner.value.strip(),
            "strategy": self.strategy.value,
            "response": self.response.value.strip(),
            "response_due": self.due.value.isoformat() if self.due.value else "",
            "status": self.status.value,
        }
        for column, value in values.items():
            table.loc[row, column] = value
        return table

    def write(self) -> Project | None:
        """Validate and save risks.csv atomically; on a problem nothing is written."""
        try:
            project = save_table(self.project.path, RISKS_FILE, self._edited())
        except PmtoolsError as error:
            self.message.value = _problems_html(error)
            return None
        self.project, self.table = project, risks_table(project)
        self.message.value = _saved_html(RISKS_FILE)
        self._refresh_options()
        return project


def schedule_editor(project: Project, *, force: bool = False) -> w.VBox | None:
    """The task editor with a live Gantt chart, or None when the notebook runs in batch."""
    if not (force or interactive()):
        return None
    return ScheduleEditor(project).box


def risk_editor(project: Project, *, force: bool = False) -> w.VBox | None:
    """The risk register editor, or None when the notebook runs in batch."""
    if not (force or interactive()):
        return None
    return RiskEditor(project).box


class RequirementEditor:
    """Capture or edit a requirement; Save validates the folder and writes requirements.csv."""

    _NEW = "__new__"

    def __init__(self, project: Project) -> None:
        from pmtools.io import requirements_table
        from pmtools.tables.requirements import PRIORITIES, REQUIREMENT_STATUSES, REQUIREMENT_TYPES

        self._table_of = requirements_table
        self.project = project
        self.table = requirements_table(project)
        wide = w.Layout(width="70%")
        self.requirement = w.Dropdown(description=t("editor.requirement"), layout=wide)
        self.title = w.Text(description=t("col.title"), layout=wide)
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
        self.save = w.Button(description=t("editor.save"), button_style="success", icon="save")
        self.message = w.HTML()
        self.requirement.observe(lambda _: self._load(), names="value")
        self.save.on_click(lambda _: self.write())
        self._refresh_options()
        self.box = w.VBox(
            [
                w.HTML(f"<b>{html.escape(t('editor.requirement_title'))}</b>"),
                self.requirement,
                self.title,
                self.description,
                w.HBox([self.kind, self.priority, self.status]),
                w.HBox([self.value, self.effort, self.version]),
                self.source,
                self.criteria,
                w.HBox([self.tasks, self.tests]),
                self.save,
                self.message,
            ]
        )
        self.box.add_class("pmtools-editor")

    def _refresh_options(self) -> None:
        self.requirement.options = _picker_options(
            self.table, t("editor.new_requirement"), self._NEW
        )
        self._load()

    def _load(self) -> None:
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
        row = self.table[self.table["id"] == self.requirement.value].iloc[0]
        self.title.value, self.description.value = row.get("title", ""), row.get("description", "")
        self.kind.value = row.get("type") or "functional"
        self.priority.value = row.get("priority") or "should"
        self.status.value = row.get("status") or "proposed"
        self.value.value = int(float(row.get("business_value") or 5))
        self.effort.value = float(row.get("effort") or 0)
        self.source.value, self.criteria.value = (
            row.get("source", ""),
            row.get("acceptance_criteria", ""),
        )
        self.version.value, self.tasks.value, self.tests.value = (
            row.get("version", ""),
            row.get("tasks", ""),
            row.get("tests", ""),
        )

    def _edited(self) -> pd.DataFrame:
        table, row = _row_for(self.table, self.requirement.value, self._NEW, "REQ-{:03d}")
        values = {
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
        for column, value in values.items():
            table.loc[row, column] = value
        return table

    def write(self) -> Project | None:
        """Validate and save requirements.csv atomically; on a problem nothing is written."""
        try:
            project = save_table(self.project.path, REQUIREMENTS_FILE, self._edited())
        except PmtoolsError as error:
            self.message.value = _problems_html(error)
            return None
        self.project, self.table = project, self._table_of(project)
        self.message.value = _saved_html(REQUIREMENTS_FILE)
        self._refresh_options()
        return project


def requirement_editor(project: Project, *, force: bool = False) -> w.VBox | None:
    """The requirement capture form, or None when the notebook runs in batch."""
    if not (force or interactive()):
        return None
    return RequirementEditor(project).box


class RetroForm:
    """One-click retro notes: pick the sprint and category, write the note, Add appends it."""

    def __init__(self, project: Project) -> None:
        from pmtools.agile import current_sprint
        from pmtools.tables.agile import RETRO_CATEGORIES

        self.project = project
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
        self.message = w.HTML()
        self.add.on_click(lambda _: self.write())
        self.box = w.VBox(
            [
                w.HTML(f"<b>{html.escape(t('editor.retro_title'))}</b>"),
                self.sprint,
                self.category,
                self.note,
                w.HBox([self.votes, self.author]),
                self.add,
                self.message,
            ]
        )
        self.box.add_class("pmtools-editor")

    def write(self) -> Project | None:
        """Append the note to retro.csv (validated, atomic); on a problem nothing is written."""
        from pmtools.io import _text_cells

        name = "retro.csv"
        current = self.project.retro
        table = (
            _text_cells(
                current.reset_index(drop=True), self.project.files.get(name), derived={"_row"}
            )
            if current is not None
            else pd.DataFrame(columns=["sprint", "category", "note", "votes", "author"])
        )
        row = {
            "sprint": self.sprint.value or "",
            "category": self.category.value,
            "note": self.note.value.strip(),
            "votes": str(self.votes.value),
            "author": self.author.value.strip(),
        }
        table = pd.concat([table, pd.DataFrame([row])], ignore_index=True).fillna("")
        try:
            project = save_table(self.project.path, name, table)
        except PmtoolsError as error:
            self.message.value = _problems_html(error)
            return None
        self.project = project
        self.note.value = ""
        self.message.value = _saved_html(name)
        return project


def retro_form(project: Project, *, force: bool = False) -> w.VBox | None:
    """The new-retro-note form, or None when the notebook runs in batch."""
    if not (force or interactive()):
        return None
    return RetroForm(project).box
