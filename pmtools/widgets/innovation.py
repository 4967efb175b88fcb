"""The innovation editors: log, score and decide an idea; add a market figure.

``innovation_editor`` shows both as tabs. The idea form shows the weighted score
and rank the idea would get before anything is saved.
"""

from __future__ import annotations

import datetime as dt

import ipywidgets as w
import pandas as pd

from pmtools.i18n import t
from pmtools.innovation import idea_scores
from pmtools.model import Project
from pmtools.tables.innovation import CRITERIA, IDEA_DECISIONS, MARKET_KINDS
from pmtools.tables.team import DIRECTIONS
from pmtools.widgets._base import TableEditor, interactive

__all__ = ["IdeaEditor", "MarketForm", "innovation_editor"]

_WIDE = w.Layout(width="70%")


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _iso(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


class IdeaEditor(TableEditor):
    """Pick an idea (or a new one), score it 1..5 on each criterion, record the decision;
    Preview shows its weighted score and rank, Save writes ideas.csv."""

    file = "ideas.csv"

    def __init__(self, project: Project) -> None:
        super().__init__(project)
        self.choice = w.Dropdown(description=t("innovation.editor.idea"), layout=_WIDE)
        self.idea = w.Text(description=t("innovation.col.idea"), layout=_WIDE)
        self.proposer = w.Text(description=t("innovation.col.proposer"))
        self.date = w.DatePicker(description=t("innovation.col.date"))
        self.source = w.Text(description=t("col.source"))
        self.scores = {
            c: w.Dropdown(
                options=[("-", "")] + [(str(k), str(k)) for k in range(1, 6)],
                description=t(f"innovation.col.{c}"),
                layout=w.Layout(width="180px"),
            )
            for c in CRITERIA
        }
        self.decision = w.Dropdown(
            options=[(t(f"innovation.decision.{d}"), d) for d in IDEA_DECISIONS],
            description=t("innovation.col.decision"),
        )
        self.decision_date = w.DatePicker(description=t("innovation.col.decision_date"))
        self.notes = w.Text(description=t("innovation.col.notes"), layout=_WIDE)
        self.score = w.HTML()
        self.preview_button = w.Button(description=t("innovation.editor.preview"), icon="eye")
        self.save_button = w.Button(
            description=t("editor.save"), button_style="success", icon="save"
        )
        self.choice.observe(lambda _: self._load(), names="value")
        self.preview_button.on_click(lambda _: self.preview())
        self.save_button.on_click(lambda _: self.write())
        self._refresh_options()
        self.box = self.form(
            "innovation.editor.idea_title",
            self.choice,
            self.idea,
            w.HBox([self.proposer, self.date]),
            self.source,
            w.HBox(list(self.scores.values())),
            w.HBox([self.decision, self.decision_date]),
            self.notes,
            self.score,
            w.HBox([self.preview_button, self.save_button]),
        )

    def _refresh_options(self) -> None:
        ids = self.table["id"].tolist() if "id" in self.table.columns else []
        ideas = self.table["idea"].tolist() if "idea" in self.table.columns else []
        self.choice.options = [(t("innovation.editor.new_idea"), self._NEW)] + [
            (f"{i} · {idea[:60]}", i) for i, idea in zip(ids, ideas, strict=True)
        ]
        self._load()

    def _load(self) -> None:
        self.score.value = ""
        if self.choice.value in (None, self._NEW):
            self.idea.value = self.proposer.value = self.source.value = self.notes.value = ""
            self.date.value = self.project.status_date
            for widget in self.scores.values():
                widget.value = ""
            self.decision.value, self.decision_date.value = "pending", None
            return
        row = self.table[self.table["id"] == self.choice.value].iloc[0]
        self.idea.value = row.get("idea", "")
        self.proposer.value = row.get("proposer", "")
        self.date.value = _date(row.get("date", ""))
        self.source.value = row.get("source", "")
        for criterion, widget in self.scores.items():
            text = str(row.get(criterion, ""))
            widget.value = text if text in {"1", "2", "3", "4", "5"} else ""
        decision = row.get("decision", "")
        self.decision.value = decision if decision in IDEA_DECISIONS else "pending"
        self.decision_date.value = _date(row.get("decision_date", ""))
        self.notes.value = row.get("notes", "")

    def _edited(self) -> tuple[pd.DataFrame, str]:
        table, row = self.row(self.choice.value, "I{:02d}")
        values = {
            "idea": self.idea.value.strip(),
            "proposer": self.proposer.value.strip(),
            "date": _iso(self.date.value),
            "source": self.source.value.strip(),
            **{c: widget.value for c, widget in self.scores.items()},
            "decision": self.decision.value,
            "decision_date": _iso(self.decision_date.value),
            "notes": self.notes.value.strip(),
        }
        if values["decision"] != "pending" and not values["decision_date"]:
            values["decision_date"] = self.project.status_date.isoformat()
        for column, value in values.items():
            table.loc[row, column] = value
        return table.fillna(""), str(table.loc[row, "id"])

    def _show_score(self, project: Project, idea: str) -> None:
        scores = idea_scores(project)
        rank = float(scores["rank"].get(idea, float("nan")))
        if rank == rank:  # ranked (not NaN)
            score = float(scores["score"][idea])
            self.score.value = t("innovation.editor.score", score=f"{score:.2f}", rank=int(rank))
        else:
            self.score.value = t("innovation.editor.unscored")

    def preview(self) -> Project | None:
        """The weighted score and rank the idea would get; nothing is written."""
        table, idea = self._edited()
        project = self.check(table)
        if project is not None:
            self._show_score(project, idea)
        return project

    def write(self) -> Project | None:
        """Validate and save ideas.csv atomically; on a problem nothing is written."""
        table, idea = self._edited()
        project = self.save(table)
        if project is not None:
            self._refresh_options()
            self.choice.value = idea
            self._show_score(project, idea)
        return project


class MarketForm(TableEditor):
    """Add one market figure: a subject's value on a dimension at a date."""

    file = "market.csv"

    def __init__(self, project: Project) -> None:
        super().__init__(project)
        subjects = sorted(set(self.table.get("subject", pd.Series(dtype=str))))
        dimensions = sorted(set(self.table.get("dimension", pd.Series(dtype=str))))
        self.subject = w.Combobox(options=subjects, description=t("innovation.col.subject"))
        self.kind = w.Dropdown(
            options=[(t(f"innovation.kind.{k}"), k) for k in MARKET_KINDS],
            description=t("innovation.col.kind"),
        )
        self.dimension = w.Combobox(
            options=dimensions, description=t("innovation.col.dimension"), layout=_WIDE
        )
        self.value = w.Text(description=t("innovation.col.value_measured"))
        self.unit = w.Text(description=t("team.col.unit"))
        self.better = w.Dropdown(
            options=[(t(f"team.kpi.better.{d}"), d) for d in DIRECTIONS],
            description=t("team.col.better"),
        )
        self.date = w.DatePicker(
            value=project.status_date, description=t("innovation.col.measured")
        )
        self.source = w.Text(description=t("col.source"), layout=_WIDE)
        self.add = w.Button(description=t("editor.add"), button_style="success", icon="plus")
        self.subject.observe(lambda _: self._fill(), names="value")
        self.dimension.observe(lambda _: self._fill(), names="value")
        self.add.on_click(lambda _: self.write())
        self.box = self.form(
            "innovation.editor.market_title",
            w.HBox([self.subject, self.kind]),
            self.dimension,
            w.HBox([self.value, self.unit, self.better]),
            self.date,
            self.source,
            self.add,
        )

    def _fill(self) -> None:
        """Take the kind of a known subject and the unit and direction of a known dimension."""
        table = self.table
        if table.empty:
            return
        same = table[table["subject"] == self.subject.value.strip()]
        if len(same) and same["kind"].iloc[-1] in MARKET_KINDS:
            self.kind.value = same["kind"].iloc[-1]
        dimension = table[table["dimension"] == self.dimension.value.strip()]
        if len(dimension):
            self.unit.value = dimension["unit"].iloc[-1]
            better = dimension["better"].iloc[-1]
            self.better.value = better if better in DIRECTIONS else "higher"

    def write(self) -> Project | None:
        """Append the figure to market.csv (validated, atomic); on a problem nothing is written."""
        row = {
            "subject": self.subject.value.strip(),
            "kind": self.kind.value,
            "dimension": self.dimension.value.strip(),
            "value": self.value.value.strip(),
            "unit": self.unit.value.strip(),
            "better": self.better.value,
            "date": _iso(self.date.value),
            "source": self.source.value.strip(),
        }
        table = pd.concat([self.table, pd.DataFrame([row])], ignore_index=True).fillna("")
        project = self.save(table)
        if project is not None:
            self.value.value = ""
        return project


def innovation_editor(project: Project, *, force: bool = False) -> w.Tab | None:
    """The idea and market editors as tabs, or None when the notebook runs in batch."""
    if not (force or interactive()):
        return None
    editors = (IdeaEditor(project), MarketForm(project))
    tabs = w.Tab(children=[e.box for e in editors])
    for i, key in enumerate(("ideas", "market")):
        tabs.set_title(i, t(f"innovation.editor.tab.{key}"))
    return tabs
