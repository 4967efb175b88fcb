"""The document register editor: pick a version and edit it, start a new document or a new
version of one, record a review, and save documents.csv safely."""

from __future__ import annotations

import datetime as dt
from typing import Any

import ipywidgets as w
import pandas as pd

from pmtools.i18n import t
from pmtools.model import Project
from pmtools.tables.documents import DOCUMENT_STATUSES
from pmtools.tables.requirements import version_key
from pmtools.widgets._base import TableEditor, editor_or_none
from pmtools.widgets._layout import fit_labels

__all__ = ["DocumentEditor", "document_editor", "next_version"]

_TEXT = ("id", "title", "type", "owner", "version", "review_every_days", "location", "change_note")


def next_version(version: str) -> str:
    """The next minor version: ``1.2`` -> ``1.3``, ``2`` -> ``2.1`` (``1.0`` when unreadable)."""
    parts = list(version_key(version))
    if not parts:
        return "1.0"
    if len(parts) == 1:
        parts.append(0)
    parts[-1] += 1
    return ".".join(map(str, parts))


class DocumentEditor(TableEditor):
    """Pick a document version (or a new document), edit it and Save; *New version* starts the
    next version of the picked document as a draft; *Reviewed today* sets its last review."""

    file = "documents.csv"

    def __init__(self, project: Project) -> None:
        super().__init__(project)
        wide = w.Layout(width="70%")
        self.pick = w.Dropdown(description=t("documents.editor.pick"), layout=wide)
        labels = {
            "id": "col.id",
            "title": "documents.col.title",
            "type": "documents.col.doc_type",
            "owner": "documents.col.owner",
            "version": "documents.col.version",
            "review_every_days": "documents.col.review_every_days",
            "location": "documents.col.location",
            "change_note": "documents.col.change_note",
        }
        self.fields: dict[str, Any] = {
            name: w.Text(
                description=t(key),
                layout=wide if name in ("title", "location", "change_note") else w.Layout(),
            )
            for name, key in labels.items()
        }
        self.status = w.Dropdown(
            options=[(t(f"documents.status.{s}"), s) for s in DOCUMENT_STATUSES],
            description=t("col.status"),
        )
        self.approved_on = w.DatePicker(description=t("documents.col.approved_on"))
        self.last_review = w.DatePicker(description=t("documents.col.last_review"))
        self.save_button = w.Button(
            description=t("editor.save"), button_style="success", icon="save"
        )
        self.version_button = w.Button(description=t("documents.editor.new_version"), icon="copy")
        self.review_button = w.Button(description=t("documents.editor.reviewed"), icon="check")
        self._copying = False
        self.pick.observe(lambda _: self._load(), names="value")
        self.save_button.on_click(lambda _: self.write())
        self.version_button.on_click(lambda _: self.new_version())
        self.review_button.on_click(lambda _: self.reviewed_today())
        f = self.fields
        self.box = self.form(
            "documents.editor.title",
            self.pick,
            w.HBox([f["id"], f["version"], self.status]),
            f["title"],
            w.HBox([f["type"], f["owner"]]),
            w.HBox([self.approved_on, self.last_review, f["review_every_days"]]),
            f["location"],
            f["change_note"],
            w.HBox([self.save_button, self.version_button, self.review_button]),
        )
        fit_labels(self.box)
        self._refresh()

    def _options(self) -> list[tuple[str, str]]:
        rows = [
            (f"{r['id']} v{r['version']} · {r['title']}", str(i)) for i, r in self.table.iterrows()
        ]
        return [(t("documents.editor.new"), self._NEW), *rows]

    def _refresh(self, chosen: str | None = None) -> None:
        self.pick.options = self._options()
        if chosen is not None:
            self.pick.value = chosen
        self._load()

    def _free_id(self) -> str:
        taken = set(self.table["id"]) if "id" in self.table.columns else set()
        number = len(taken) + 1
        while f"DOC-{number:02d}" in taken:
            number += 1
        return f"DOC-{number:02d}"

    def _load(self) -> None:
        if self._copying:
            return
        if self.pick.value in (None, self._NEW):
            for widget in self.fields.values():
                widget.value = ""
            self.fields["id"].value = self._free_id()
            self.fields["version"].value = "0.1"
            self.status.value = "draft"
            self.approved_on.value = self.last_review.value = None
            return
        row = self.table.loc[int(self.pick.value)]
        for name, widget in self.fields.items():
            widget.value = str(row.get(name, "") or "")
        self.status.value = row.get("status") or "draft"
        self.approved_on.value = _date(row.get("approved_on"))
        self.last_review.value = _date(row.get("last_review"))

    def _edited(self) -> tuple[pd.DataFrame, int]:
        table = self.table.copy()
        if self.pick.value in (None, self._NEW):
            position = len(table)
            table.loc[position] = dict.fromkeys(table.columns, "")
        else:
            position = int(self.pick.value)
        values = {name: str(widget.value).strip() for name, widget in self.fields.items()}
        values["status"] = self.status.value
        values["approved_on"] = self.approved_on.value.isoformat() if self.approved_on.value else ""
        values["last_review"] = self.last_review.value.isoformat() if self.last_review.value else ""
        for column, value in values.items():
            table.loc[position, column] = value
        return table, position

    def write(self) -> Project | None:
        """Validate and save documents.csv atomically; on a problem nothing is written."""
        table, position = self._edited()
        project = self.save(table)
        if project is not None:
            message = self.message.value
            self._refresh(str(position) if position < len(self.table) else None)
            self.message.value = message
        return project

    def new_version(self) -> None:
        """Fill the form with the next version of the picked document, as a draft (not saved)."""
        if self.pick.value in (None, self._NEW):
            return
        version = next_version(self.fields["version"].value)
        self._copying = True
        try:
            self.pick.value = self._NEW
        finally:
            self._copying = False
        self.fields["version"].value = version
        self.fields["change_note"].value = ""
        self.status.value = "draft"
        self.approved_on.value = self.last_review.value = None

    def reviewed_today(self) -> Project | None:
        """Set the picked version's last review to today and save."""
        self.last_review.value = dt.date.today()
        return self.write()


def _date(text: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(text)) if text else None
    except ValueError:
        return None


def document_editor(project: Project, *, force: bool = False) -> w.VBox | None:
    """The document register editor, or None when the notebook runs in batch."""
    box: w.VBox | None = editor_or_none(DocumentEditor, project, force)
    return box
