"""The schedule editor: pick a task or add one, change its duration or predecessors, see the
finish move."""

from __future__ import annotations

import re
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

__all__ = ["ScheduleEditor", "next_id", "schedule_editor"]


class ScheduleEditor(TableEditor):
    """Pick a task (or New task), change its name, duration or predecessors, Apply to see the
    finish and the Gantt chart move (nothing written), Save to write tasks.csv. A new task
    gets the next free id in the project's own pattern (T450 after T440, T440), which the
    PM may change."""

    file = "tasks.csv"

    def __init__(self, project: Project) -> None:
        super().__init__(project)
        self.saved_finish = critical_path(project).attrs["project_finish"]
        options = self._options(project)
        self.task = w.Dropdown(
            options=options,
            value=options[min(1, len(options) - 1)][1],  # the first task, if any
            description=t("editor.task"),
            layout=w.Layout(width="60%"),
        )
        self.task_id = w.Text(description=t("editor.task_id"), layout=w.Layout(width="30%"))
        self.name = w.Text(description=t("editor.task_name"), layout=w.Layout(width="60%"))
        self.duration = w.BoundedIntText(min=0, max=10_000, description=t("editor.duration"))
        self.predecessors = w.Text(
            description=t("editor.predecessors"),
            layout=w.Layout(width="60%"),
            style={"description_width": "initial"},  # the whole word, not "Predecess..."
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
            w.HBox([self.task_id, self.name]),
            w.HBox([self.duration, self.predecessors]),
            w.HBox([self.apply, self.save_button]),
            self.finish,
        )
        self.box.children += (self.chart,)  # "saved" and any problem show above the chart
        self._load_task({"new": self.task.value})
        self._show(project)

    def _options(self, project: Project) -> list[tuple[str, str]]:
        """New task first, then every task that is not a summary."""
        leaves = project.tasks.index[~project.tasks["summary"].to_numpy()]
        tasks = [(f"{i} · {project.tasks.loc[i, 'name']}", str(i)) for i in leaves]
        return [(t("editor.new_task"), self._NEW), *tasks]

    @property
    def adding(self) -> bool:
        return bool(self.task.value == self._NEW)

    def _row(self) -> Any:
        return self.table.index[self.table["id"] == self.task.value][0]

    def _load_task(self, change: dict[str, Any]) -> None:
        self.task_id.layout.display = "" if self.adding else "none"
        if self.adding:
            self.task_id.value = next_id(self.table["id"].tolist())
            self.name.value, self.duration.value, self.predecessors.value = "", 1, ""
            self.shown = {}
            return
        row = self._row()
        self.name.value = self.table.loc[row, "name"]
        self.duration.value = int(float(self.table.loc[row, "duration"].strip() or 0))
        self.predecessors.value = self.table.loc[row, "predecessors"].strip()
        self.shown = self._values()

    def _values(self) -> dict[str, str]:
        """What the form holds, as the cells of tasks.csv."""
        return {
            "name": self.name.value.strip(),
            "duration": str(self.duration.value),
            "predecessors": self.predecessors.value.strip(),
        }

    def _edited(self) -> pd.DataFrame:
        table, row = self.row(self.task.value, "T{}")
        if self.adding:  # the id the PM kept or typed; the loader checks it is new and valid
            table.loc[row, "id"] = self.task_id.value.strip()
        self.assign(table, row, self._values())
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
        added = self.task_id.value.strip() if self.adding else None
        project = self.save(self._edited())
        if project is not None:
            self.saved_finish = critical_path(project).attrs["project_finish"]
            if added is not None:  # the new task joins the list, chosen
                self.task.options = self._options(project)
                self.task.value = added
            self._show(project)
        return project


def next_id(ids: list[str]) -> str:
    """A free task id in the project's own pattern: the prefix most ids share (T, not M for
    milestones), numbered on from the highest with the step of its last two (T450 after
    T430, T440), zero-padded as they are; T1 when no id ends in a number."""
    numbered = [(m.group(1), m.group(2)) for i in ids if (m := re.fullmatch(r"(.*?)(\d+)", i))]
    if not numbered:
        return _free("T", 1, 1, set(ids))
    prefixes = [p for p, _ in numbered]
    prefix = max(reversed(prefixes), key=prefixes.count)  # ties: the later one
    digits = [d for p, d in numbered if p == prefix]
    same = [int(d) for d in digits]
    step = same[-1] - same[-2] if len(same) > 1 and same[-1] > same[-2] else 1
    return _free(prefix, max(same) + step, step, set(ids), width=len(digits[-1]))


def _free(prefix: str, number: int, step: int, taken: set[str], width: int = 1) -> str:
    while f"{prefix}{number:0{width}d}" in taken:
        number += step
    return f"{prefix}{number:0{width}d}"


def schedule_editor(project: Project, *, force: bool = False) -> w.VBox | None:
    """The task editor with a live Gantt chart, or None when the notebook runs in batch."""
    box: w.VBox | None = editor_or_none(ScheduleEditor, project, force)
    return box
