"""The quality editor: log a defect or close it (defects.csv), plan a review or record its
result (quality.csv); each saves its file safely."""

from __future__ import annotations

import datetime as dt

import ipywidgets as w
import pandas as pd

from pmtools.i18n import t
from pmtools.model import Project
from pmtools.render import escape
from pmtools.tables.quality import DEFECT_PHASES, DEFECT_STATUSES, REVIEW_RESULTS, REVIEW_TYPES
from pmtools.tables.quality import SEVERITIES as SEVERITY_CODES
from pmtools.widgets._base import TableEditor, editor_or_none

__all__ = ["DefectEditor", "QualityEditor", "ReviewEditor", "quality_editor"]


def _date(text: str) -> dt.date | None:
    text = text.strip()
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _iso(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def _choice(text: str, allowed: tuple[str, ...], default: str) -> str:
    value = text.strip().lower().replace(" ", "_")
    return value if value in allowed else default


class DefectEditor(TableEditor):
    """Pick a defect (or a new one): title, severity, component, phase, dates, status,
    requirement; Save writes defects.csv. Setting the status to fixed or closed fills
    ``fixed_on`` with the status date when it is empty."""

    file = "defects.csv"

    def __init__(self, project: Project) -> None:
        super().__init__(project)
        wide = w.Layout(width="60%")
        self.defect = w.Dropdown(description=t("editor.defect"), layout=wide)
        self.title = w.Text(description=t("col.title"), layout=wide)
        self.severity = w.Dropdown(
            options=[(t(f"severity.{s}"), s) for s in SEVERITY_CODES],
            description=t("col.severity"),
        )
        self.component = w.Text(description=t("col.component"))
        self.phase = w.Dropdown(
            options=[(t(f"phase.{p}"), p) for p in DEFECT_PHASES], description=t("col.phase_found")
        )
        self.found_on = w.DatePicker(description=t("col.found_on"))
        self.fixed_on = w.DatePicker(description=t("col.fixed_on"))
        self.status = w.Dropdown(
            options=[(t(f"defect.status.{s}"), s) for s in DEFECT_STATUSES],
            description=t("col.status"),
        )
        requirements = project.requirements
        ids = list(map(str, requirements.index)) if requirements is not None else []
        self.requirement = w.Dropdown(options=["", *ids], description=t("col.requirement"))
        items = project.table("workitems.csv")
        bugs = list(map(str, items.index[items["type"] == "bug"])) if items is not None else []
        self.work_item = w.Dropdown(options=["", *bugs], description=t("col.work_item"))
        self.save_button = w.Button(
            description=t("editor.save"), button_style="success", icon="save"
        )
        self.defect.observe(lambda _: self._load(), names="value")
        self.status.observe(self._closing, names="value")
        self.save_button.on_click(lambda _: self.write())
        self._refresh_options()
        self.box = self.form(
            "editor.defect_title",
            self.defect,
            self.title,
            w.HBox([self.severity, self.status]),
            w.HBox([self.component, self.phase]),
            w.HBox([self.found_on, self.fixed_on]),
            w.HBox([self.requirement, self.work_item] if bugs else [self.requirement]),
            self.save_button,
        )

    def _refresh_options(self) -> None:
        self.defect.options = self.picker(t("editor.new_defect"))
        self._load()

    def _closing(self, change: object = None) -> None:
        if self.status.value in ("fixed", "closed") and self.fixed_on.value is None:
            self.fixed_on.value = self.project.status_date

    def _load(self) -> None:
        self.shown = {}
        if self.defect.value in (None, self._NEW):
            self.title.value = self.component.value = ""
            self.severity.value, self.phase.value, self.status.value = "major", "test", "open"
            self.found_on.value, self.fixed_on.value = self.project.status_date, None
            self.requirement.value = self.work_item.value = ""
            return
        row = self.table[self.table["id"] == self.defect.value].iloc[0]
        self.title.value = row.get("title", "").strip()
        self.severity.value = _choice(row.get("severity", ""), SEVERITY_CODES, "major")
        self.component.value = row.get("component", "").strip()
        self.phase.value = _choice(row.get("phase_found", ""), DEFECT_PHASES, "test")
        self.found_on.value = _date(row.get("found_on", ""))
        self.fixed_on.value = _date(row.get("fixed_on", ""))
        self.status.value = _choice(row.get("status", ""), DEFECT_STATUSES, "open")
        requirement = row.get("requirement", "").strip()
        self.requirement.value = requirement if requirement in self.requirement.options else ""
        item = row.get("work_item", "").strip()
        self.work_item.value = item if item in self.work_item.options else ""
        self.shown = self._values()

    def _values(self) -> dict[str, str]:
        """What the form holds, as the cells of defects.csv."""
        return {
            "title": self.title.value.strip(),
            "severity": self.severity.value,
            "component": self.component.value.strip(),
            "phase_found": self.phase.value,
            "found_on": _iso(self.found_on.value),
            "fixed_on": _iso(self.fixed_on.value),
            "status": self.status.value,
            "requirement": self.requirement.value or "",
            "work_item": self.work_item.value or "",
        }

    def _edited(self) -> pd.DataFrame:
        table, row = self.row(self.defect.value, "D-{:03d}")
        self.assign(table, row, self._values())
        return table

    def write(self) -> Project | None:
        """Validate and save defects.csv atomically; on a problem nothing is written."""
        chosen = self.defect.value
        table = self._edited()
        project = self.save(table)
        if project is not None:
            self._refresh_options()
            if chosen in (None, self._NEW):
                self.defect.value = self.table["id"].iloc[-1]
        return project


class ReviewEditor(TableEditor):
    """Pick a review of the quality plan (or a new one): deliverable, type, date, reviewer,
    result and notes; Save writes quality.csv."""

    file = "quality.csv"

    def __init__(self, project: Project) -> None:
        super().__init__(project)
        wide = w.Layout(width="60%")
        self.review = w.Dropdown(description=t("editor.review"), layout=wide)
        self.deliverable = w.Text(description=t("col.deliverable"), layout=wide)
        self.kind = w.Dropdown(
            options=[(t(f"review.type.{k}"), k) for k in REVIEW_TYPES],
            description=t("col.review_type"),
        )
        self.date = w.DatePicker(description=t("col.review_date"))
        self.reviewer = w.Text(description=t("col.reviewer"))
        self.result = w.Dropdown(
            options=[(t(f"review.result.{r}"), r) for r in REVIEW_RESULTS],
            description=t("col.result"),
        )
        self.notes = w.Textarea(description=t("col.notes"), layout=wide)
        self.save_button = w.Button(
            description=t("editor.save"), button_style="success", icon="save"
        )
        self.review.observe(lambda _: self._load(), names="value")
        self.save_button.on_click(lambda _: self.write())
        self._refresh_options()
        self.box = self.form(
            "editor.review_title",
            self.review,
            self.deliverable,
            w.HBox([self.kind, self.date]),
            w.HBox([self.reviewer, self.result]),
            self.notes,
            self.save_button,
        )

    def picker(self, new_label: str) -> list[tuple[str, str]]:
        ids = self.table["id"].tolist() if "id" in self.table.columns else []
        names = self.table["deliverable"].tolist() if "deliverable" in self.table.columns else []
        return [(new_label, self._NEW)] + [
            (f"{i} · {name}", i) for i, name in zip(ids, names, strict=True)
        ]

    def _refresh_options(self) -> None:
        self.review.options = self.picker(t("editor.new_review"))
        self._load()

    def _load(self) -> None:
        self.shown = {}
        if self.review.value in (None, self._NEW):
            self.deliverable.value = self.reviewer.value = self.notes.value = ""
            self.kind.value, self.result.value, self.date.value = "review", "pending", None
            return
        row = self.table[self.table["id"] == self.review.value].iloc[0]
        self.deliverable.value = row.get("deliverable", "").strip()
        self.kind.value = _choice(row.get("review_type", ""), REVIEW_TYPES, "review")
        self.date.value = _date(row.get("review_date", ""))
        self.reviewer.value = row.get("reviewer", "").strip()
        self.result.value = _choice(row.get("result", ""), REVIEW_RESULTS, "pending")
        self.notes.value = row.get("notes", "").strip()
        self.shown = self._values()

    def _values(self) -> dict[str, str]:
        """What the form holds, as the cells of quality.csv."""
        return {
            "deliverable": self.deliverable.value.strip(),
            "review_type": self.kind.value,
            "review_date": _iso(self.date.value),
            "reviewer": self.reviewer.value.strip(),
            "result": self.result.value,
            "notes": self.notes.value.strip(),
        }

    def _edited(self) -> pd.DataFrame:
        table, row = self.row(self.review.value, "QP-{:02d}")
        self.assign(table, row, self._values())
        return table

    def write(self) -> Project | None:
        """Validate and save quality.csv atomically; on a problem nothing is written."""
        project = self.save(self._edited())
        if project is not None:
            self._refresh_options()
        return project


class QualityEditor:
    """Both quality forms as tabs: defects and reviews."""

    def __init__(self, project: Project) -> None:
        self.defects = DefectEditor(project)
        self.reviews = ReviewEditor(project)
        tabs = w.Tab(children=[self.defects.box, self.reviews.box])
        tabs.set_title(0, t("editor.defects_tab"))
        tabs.set_title(1, t("editor.reviews_tab"))
        self.box = w.VBox([w.HTML(f"<b>{escape(t('editor.quality_title'))}</b>"), tabs])


def quality_editor(project: Project, *, force: bool = False) -> w.VBox | None:
    """The defect and review editor, or None when the notebook runs in batch."""
    box: w.VBox | None = editor_or_none(QualityEditor, project, force)  # type: ignore[arg-type]
    return box
