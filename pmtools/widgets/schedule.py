"""The schedule editor: pick a task, change its duration or predecessors, see the finish move."""

from __future__ import annotations

from typing import Any

import ipywidgets as w
import pandas as pd
from IPython.display import display

from pmtools import charts
from pmtools.i18n import t
from pmtools.model import Project
from pmtools.render import escape
from pmtools.schedule import critical_path
from pmtools.widgets._base import TableEditor, editor_or_none

__all__ = ["ScheduleEditor", "schedule_editor"]


class ScheduleEditor(TableEditor):
    """Pick a task, change its duration or predecessors, Apply to see the finish and the Gantt
    chart move (nothing written), Save to write tasks.csv."""

    file = "tasks.csv"

    def __init__(self, project: Project) -> None:
        super().__init__(project)
        self.saved_finish = critical_path(project).attrs["project_finish"]
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
        self.save_button = w.Button(
            description=t("editor.save"), button_style="success", icon="save"
        )
        self.finish = w.HTML()
        self.chart = w.Output()
        for widget in (self.duration, self.predecessors):
            widget.add_class("pmtools-field")
        self.task.observe(self._load_task, names="value")
        self.apply.on_click(lambda _: self.preview())
        self.save_button.on_click(lambda _: self.write())
        self.box = self.form(
            "editor.schedule_title",
            self.task,
            w.HBox([self.duration, self.predecessors]),
            w.HBox([self.apply, self.save_button]),
            self.finish,
            self.chart,
        )
        self._load_task({"new": self.task.value})
        self._show(project)

    def _row(self) -> Any:
        return self.table.index[self.table["id"] == self.task.value][0]

    def _load_task(self, change: dict[str, Any]) -> None:
        row = self._row()
        self.duration.value = int(float(self.table.loc[row, "duration"].strip() or 0))
        self.predecessors.value = self.table.loc[row, "predecessors"].strip()
        self.shown = self._values()

    def _values(self) -> dict[str, str]:
        """What the form holds, as the cells of tasks.csv."""
        return {
            "duration": str(self.duration.value),
            "predecessors": self.predecessors.value.strip(),
        }

    def _edited(self) -> pd.DataFrame:
        table = self.table.copy()
        self.assign(table, self._row(), self._values())
        return table

    def _show(self, project: Project) -> None:
        plan = critical_path(project)
        finish = plan.attrs["project_finish"]
        delta = int(project.calendar.offset(finish) - project.calendar.offset(self.saved_finish))
        text = escape(t("editor.finish", finish=finish, delta=delta))
        self.finish.value = f'<span class="pmtools-finish">{text}</span>'
        with self.chart:
            self.chart.clear_output(wait=True)
            display(charts.gantt(plan, status_date=project.status_date))  # type: ignore[no-untyped-call]

    def preview(self) -> Project | None:
        """Validate the edit and redraw; nothing is written."""
        project = self.check(self._edited())
        if project is not None:
            self._show(project)
        return project

    def write(self) -> Project | None:
        """Validate and save tasks.csv atomically; on a problem nothing is written."""
        project = self.save(self._edited())
        if project is not None:
            self.saved_finish = critical_path(project).attrs["project_finish"]
            self._show(project)
        return project


def schedule_editor(project: Project, *, force: bool = False) -> w.VBox | None:
    """The task editor with a live Gantt chart, or None when the notebook runs in batch."""
    box: w.VBox | None = editor_or_none(ScheduleEditor, project, force)
    return box
