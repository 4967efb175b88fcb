"""The board editor: move a card to another column, or add a work item; both save safely.

A move changes the item's status in workitems.csv (the first status of the column it
goes to), sets ``started`` when it leaves the backlog for the first time and ``done``
when it reaches a done column (clearing ``done`` when it is reopened), and, when the
folder keeps a status history, appends the move to transitions.csv. Both files are
validated together with the rest of the folder before either is written.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from typing import Any

import ipywidgets as w
import pandas as pd

from pmtools.errors import PmtoolsError
from pmtools.flow import ITEM_TYPES, Board, board_of
from pmtools.i18n import t
from pmtools.io import save_tables
from pmtools.model import Project
from pmtools.render import escape
from pmtools.tables import REGISTRY
from pmtools.tables.edit import snapshot
from pmtools.widgets._base import TableEditor, editor_or_none, problems_html, saved_html

__all__ = ["FlowEditor", "flow_editor", "next_id"]

WORKITEMS = "workitems.csv"
TRANSITIONS = "transitions.csv"
_NUMBERED = re.compile(r"^(.*?)(\d+)$")


def next_id(ids: list[str]) -> str:
    """A new id after the most common ``PREFIX<number>`` of ``ids`` (``W-1`` when none)."""
    parts = [m.groups() for m in map(_NUMBERED.match, ids) if m]
    if not parts:
        return "W-1"
    prefix = Counter(p for p, _ in parts).most_common(1)[0][0]
    number = max(int(n) for p, n in parts if p == prefix) + 1
    taken = set(ids)
    while f"{prefix}{number}" in taken:
        number += 1
    return f"{prefix}{number}"


def _status_for(board: Board, column: str) -> str:
    """The status an item gets in ``column``: the column's first status, else its name."""
    for entry in board.columns:
        if entry.name == column:
            return entry.statuses[0] if entry.statuses else entry.name
    raise KeyError(column)


class FlowEditor(TableEditor):
    """Move a card or add a work item; saves workitems.csv (and transitions.csv) safely."""

    file = WORKITEMS

    def __init__(self, project: Project) -> None:
        super().__init__(project)
        self._reload_history()
        self.board = board_of(project)
        when = dt.datetime.combine(project.status_date, dt.datetime.now().time())
        self.when = w.NaiveDatetimePicker(
            value=when.replace(second=0, microsecond=0), description=t("editor.flow.on")
        )
        self.item = w.Dropdown(description=t("editor.flow.item"), layout=w.Layout(width="70%"))
        self.to = w.Dropdown(options=list(self.board.names), description=t("editor.flow.to"))
        self.move_button = w.Button(
            description=t("editor.flow.move"), button_style="success", icon="arrow-right"
        )
        self.title = w.Text(description=t("flow.col.title"), layout=w.Layout(width="70%"))
        self.kind = w.Dropdown(options=list(ITEM_TYPES), value="story", description=t("col.type"))
        self.owner = w.Text(description=t("col.owner"))
        self.points = w.Text(description=t("velocity.points"), layout=w.Layout(width="12em"))
        sprints = project.sprints
        choices = [""] + (list(sprints.index) if sprints is not None else [])
        self.sprint = w.Dropdown(options=choices, description=t("col.sprint"))
        self.column = w.Dropdown(options=list(self.board.names), description=t("flow.col.column"))
        self.add_button = w.Button(
            description=t("editor.flow.add"), button_style="success", icon="plus"
        )
        self.move_button.on_click(lambda _: self.move(self.item.value, self.to.value))
        self.add_button.on_click(lambda _: self.add())
        self._refresh()
        self.box = self.form(
            "editor.flow_title",
            self.when,
            w.HBox([self.item, self.to, self.move_button]),
            w.HTML(f"<b>{escape(t('editor.flow.new'))}</b>"),
            self.title,
            w.HBox([self.kind, self.column]),
            w.HBox([self.owner, self.points, self.sprint]),
            self.add_button,
        )

    def _refresh(self) -> None:
        table = self.table
        kinds = table["type"] if "type" in table.columns else pd.Series("", index=table.index)
        cards = table[kinds.str.lower() != "epic"]
        self.item.options = [
            (f"{i} · {title} [{status}]", i)
            for i, title, status in zip(cards["id"], cards["title"], cards["status"], strict=True)
        ]

    def _moment(self) -> str:
        value = self.when.value or dt.datetime.combine(self.project.status_date, dt.time(12))
        return f"{value:%Y-%m-%d %H:%M}"

    def _reload_history(self) -> None:
        """The status history as written (None when the folder keeps none)."""
        base = snapshot(self.project.path / TRANSITIONS)
        self.history_base = base if base.exists else None

    def _history(self) -> pd.DataFrame | None:
        if self.history_base is None:
            return None
        return self.history_base.frame(columns=REGISTRY[TRANSITIONS].column_names)

    def moved(self, item: str, column: str, at: str) -> tuple[pd.DataFrame, pd.DataFrame | None]:
        """The cells of workitems.csv (and transitions.csv) after moving ``item`` to
        ``column`` at ``at`` (``YYYY-MM-DD HH:MM``); nothing is written."""
        table = self.table.copy()
        row = table.index[table["id"] == item][0]
        before = str(table.loc[row, "status"])
        status = _status_for(self.board, column)
        stage = self.board.stage(column)
        table.loc[row, "status"] = status
        if stage != "backlog" and not table.loc[row, "started"]:
            table.loc[row, "started"] = at
        table.loc[row, "done"] = at if stage == "done" else ""
        history = self._history()
        if history is not None:
            move = {"item": item, "from": before, "to": status, "at": at}
            history = pd.concat([history, pd.DataFrame([move])], ignore_index=True).fillna("")
        return table, history

    def added(self, values: dict[str, str], at: str) -> tuple[pd.DataFrame, pd.DataFrame | None]:
        """The cells after adding an item (``values``: title, type, owner, points, sprint,
        column) created at ``at``; its id follows the file's numbering."""
        table = self.table.copy()
        column = values.get("column") or self.board.names[0]
        status = _status_for(self.board, column)
        stage = self.board.stage(column)
        new = {c: "" for c in table.columns}
        new.update(
            {
                "id": next_id([str(i) for i in table["id"]]),
                "title": values.get("title", "").strip(),
                "type": values.get("type", "story"),
                "status": status,
                "owner": values.get("owner", "").strip(),
                "points": values.get("points", "").strip(),
                "sprint": values.get("sprint", ""),
                "created": at,
                "started": at if stage != "backlog" else "",
                "done": at if stage == "done" else "",
            }
        )
        table = pd.concat([table, pd.DataFrame([new])], ignore_index=True).fillna("")
        history = self._history()
        if history is not None and stage != "backlog":
            move = {"item": new["id"], "from": "", "to": status, "at": at}
            history = pd.concat([history, pd.DataFrame([move])], ignore_index=True).fillna("")
        return table, history

    def _save(self, table: pd.DataFrame, history: pd.DataFrame | None) -> Project | None:
        """Save workitems.csv (and transitions.csv) as ``TableEditor.save`` saves one file:
        both validated together first, nothing written on a problem or a clash."""
        changed = {WORKITEMS: table}
        bases = {WORKITEMS: self.base}
        if history is not None and self.history_base is not None:
            changed[TRANSITIONS] = history
            bases[TRANSITIONS] = self.history_base
        merged = any(snapshot(b.path).digest != b.digest for b in bases.values())
        try:
            project = save_tables(self.project.path, changed, bases=bases)
        except PmtoolsError as error:
            self.message.value = problems_html(error)
            return None
        except OSError as error:  # disk full, read-only folder, permissions
            self.message.value = problems_html(PmtoolsError(t("editor.write_failed", reason=error)))
            return None
        self.project = project
        self._reload()
        self._reload_history()
        self.message.value = saved_html(", ".join(changed), merged=merged)
        self._refresh()
        return project

    def move(self, item: str | None, column: str | None, at: str | None = None) -> Project | None:
        """Move ``item`` to ``column`` and save; on a problem nothing is written."""
        if not item or not column:
            return None
        return self._save(*self.moved(item, column, at or self._moment()))

    def add(self, values: dict[str, Any] | None = None, at: str | None = None) -> Project | None:
        """Add the item in the form (or ``values``) and save; on a problem nothing is written."""
        if values is None:
            values = {
                "title": self.title.value,
                "type": self.kind.value,
                "owner": self.owner.value,
                "points": self.points.value,
                "sprint": self.sprint.value or "",
                "column": self.column.value,
            }
        project = self._save(*self.added(values, at or self._moment()))
        if project is not None:
            self.title.value = self.points.value = ""
        return project


def flow_editor(project: Project, *, force: bool = False) -> w.VBox | None:
    """The board editor (move a card, add an item), or None when the notebook runs in batch."""
    box: w.VBox | None = editor_or_none(FlowEditor, project, force)
    return box
