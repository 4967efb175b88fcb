"""The risk editor: pick a risk (or a new one), edit its assessment and response, save."""

from __future__ import annotations

import datetime as dt
from typing import Any

import ipywidgets as w
import pandas as pd

from pmtools.i18n import t
from pmtools.model import RISK_STATUSES, RISK_STRATEGIES, Project
from pmtools.widgets._base import TableEditor, editor_or_none

__all__ = ["RiskEditor", "risk_editor"]


class RiskEditor(TableEditor):
    """Pick a risk (or a new one), edit its assessment and response, save risks.csv."""

    file = "risks.csv"

    def __init__(self, project: Project) -> None:
        super().__init__(project)
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
        self.save_button = w.Button(
            description=t("editor.save"), button_style="success", icon="save"
        )
        self.kind.observe(self._strategies, names="value")
        self.risk.observe(lambda _: self._load(), names="value")
        self.save_button.on_click(lambda _: self.write())
        self._refresh_options()
        self.box = self.form(
            "editor.risk_title",
            self.risk,
            self.title,
            w.HBox([self.kind, self.status]),
            w.HBox([self.probability, self.impact]),
            w.HBox([self.owner, self.strategy]),
            self.response,
            self.due,
            self.save_button,
        )

    def _refresh_options(self) -> None:
        self.risk.options = self.picker(t("editor.new_risk"))
        self._load()

    def _strategies(self, change: Any = None) -> None:
        self.strategy.options = ["", *RISK_STRATEGIES[self.kind.value]]

    def _load(self) -> None:
        self._strategies()
        self.shown = {}
        if self.risk.value in (None, self._NEW):
            self.title.value = self.owner.value = self.response.value = ""
            self.status.value, self.due.value = "open", None
            return
        row = self.table[self.table["id"] == self.risk.value].iloc[0]
        typed = self.project.risks
        self.title.value = row.get("title", "").strip()
        self.kind.value = row.get("type", "").strip().lower() or "threat"
        self._strategies()
        for widget, column in ((self.probability, "probability"), (self.impact, "impact")):
            level = typed.loc[self.risk.value, column] if typed is not None else None
            widget.value = int(level) if level is not None and pd.notna(level) else 1
        self.owner.value = row.get("owner", "").strip()
        strategy = row.get("strategy", "").strip().lower()
        self.strategy.value = strategy if strategy in self.strategy.options else ""
        self.response.value = row.get("response", "").strip()
        due = row.get("response_due", "").strip()
        self.due.value = dt.date.fromisoformat(due) if due else None
        self.status.value = row.get("status", "").strip().lower() or "open"
        self.shown = self._values()

    def _values(self) -> dict[str, str]:
        """What the form holds, as the cells of risks.csv."""
        return {
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

    def _edited(self) -> pd.DataFrame:
        table, row = self.row(self.risk.value, "R{:02d}")
        self.assign(table, row, self._values())
        return table

    def write(self) -> Project | None:
        """Validate and save risks.csv atomically; on a problem nothing is written."""
        project = self.save(self._edited())
        if project is not None:
            self._refresh_options()
        return project


def risk_editor(project: Project, *, force: bool = False) -> w.VBox | None:
    """The risk register editor, or None when the notebook runs in batch."""
    box: w.VBox | None = editor_or_none(RiskEditor, project, force)
    return box
