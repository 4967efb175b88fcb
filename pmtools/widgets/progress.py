"""The progress form: the open tasks at the status date, one at a time, saved to tasks.csv."""

from __future__ import annotations

import datetime as dt
from typing import Any

import ipywidgets as w
import pandas as pd

from pmtools.errors import ProjectInvalid
from pmtools.i18n import t
from pmtools.interop.progress import apply_progress, percent_text, progress_sheet
from pmtools.model import Project
from pmtools.render import escape
from pmtools.widgets._base import TableEditor, editor_or_none, problems_html

__all__ = ["ProgressEditor", "progress_editor"]


class ProgressEditor(TableEditor):
    """Pick an open task, enter percent complete, actual start and finish or the working days
    remaining at the status date, Save: the same rules as ``pmtools import --update``
    (``pmtools.interop.progress``), validated with the whole folder, saved without losing
    anyone's edits."""

    file = "tasks.csv"

    def __init__(self, project: Project) -> None:
        super().__init__(project)
        self.task = w.Dropdown(description=t("editor.task"), layout=w.Layout(width="70%"))
        self.percent = w.BoundedFloatText(min=0, max=100, step=5, description=t("editor.percent"))
        self.remaining = w.BoundedIntText(min=0, max=100_000, description=t("editor.remaining"))
        self.actual_start = w.DatePicker(description=t("editor.actual_start"))
        self.actual_finish = w.DatePicker(description=t("editor.actual_finish"))
        self.state = w.HTML()
        self.save_button = w.Button(
            description=t("editor.save"), button_style="success", icon="save"
        )
        for widget in (self.percent, self.remaining, self.actual_start, self.actual_finish):
            widget.add_class("pmtools-field")
        self.task.observe(lambda change: self._load_task(), names="value")
        self.save_button.on_click(lambda _: self.write())
        self.box = self.form(
            "editor.progress_title",
            self.task,
            self.state,
            w.HBox([self.percent, self.remaining]),
            w.HBox([self.actual_start, self.actual_finish]),
            self.save_button,
        )
        self._fill_tasks()

    def _fill_tasks(self, keep: str | None = None) -> None:
        self.sheet = progress_sheet(self.project).set_index("id")
        options = [(f"{i} · {row['name']}", i) for i, row in self.sheet.iterrows()]
        self.task.options = options
        if options:
            ids = [i for _, i in options]
            self.task.value = keep if keep in ids else ids[0]
        self._load_task()

    def _load_task(self) -> None:
        if self.task.value is None or self.task.value not in self.sheet.index:
            self.state.value = escape(t("editor.progress_none"))
            return
        row = self.sheet.loc[self.task.value]
        self.percent.value = float(row["percent_now"])
        self.remaining.value = int(row["remaining_now"])
        self.actual_start.value = row["actual_start"] if pd.notna(row["actual_start"]) else None
        self.actual_finish.value = row["actual_finish"] if pd.notna(row["actual_finish"]) else None
        self.state.value = escape(
            t(
                "editor.progress_state",
                date=self.project.status_date,
                duration=int(row["duration"]),
                start=row["forecast_start"],
                finish=row["forecast_finish"],
            )
        )
        self.shown = self._values()

    def _values(self) -> dict[str, str]:
        def day(value: dt.date | None) -> str:
            return value.isoformat() if value else ""

        return {
            "percent_complete": percent_text(float(self.percent.value)),
            "remaining": str(int(self.remaining.value)),
            "actual_start": day(self.actual_start.value),
            "actual_finish": day(self.actual_finish.value),
        }

    def updates(self) -> pd.DataFrame:
        """The form's update: the task id and the fields changed since it was shown."""
        changed = {k: v for k, v in self._values().items() if self.shown.get(k) != v and v}
        frame = pd.DataFrame([{"id": self.task.value, **changed}], dtype=object)
        frame["_row"] = 2
        return frame

    def write(self) -> Project | None:
        """Apply the update and save tasks.csv; on a problem nothing is written."""
        try:
            update = apply_progress(
                self.project, self.table, self.updates(), file=t("editor.progress_form")
            )
        except ProjectInvalid as error:
            self.message.value = problems_html(error)
            return None
        task = self.task.value
        project = self.save(update.table)
        if project is not None:
            self._fill_tasks(keep=task)
        return project


def progress_editor(project: Project, *, force: bool = False) -> Any:
    """The progress form, or None when the notebook runs in batch."""
    return editor_or_none(ProgressEditor, project, force)
