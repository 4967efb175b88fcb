"""The feedback editors: record feedback, raise an improvement action from it, plan and
record customer visits; and the comment search box."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import ipywidgets as w
import pandas as pd

from pmtools.errors import PmtoolsError
from pmtools.feedback import comments
from pmtools.i18n import t
from pmtools.io import save_table, table_cells
from pmtools.model import Project
from pmtools.render import escape
from pmtools.render import table as html_table
from pmtools.tables.feedback import FEEDBACK_CHANNELS
from pmtools.widgets._base import TableEditor, editor_or_none, interactive, problems_html
from pmtools.widgets.stakeholders import widen_labels

__all__ = [
    "ActionFromFeedback",
    "CommentSearch",
    "FeedbackForm",
    "FeedbackTabs",
    "VisitEditor",
    "comment_search",
    "feedback_editor",
]

#: Columns of the comment table: column -> i18n key.
COMMENT_COLUMNS = {
    "date": "feedback.col.date",
    "organisation": "feedback.col.customer",
    "channel": "feedback.col.channel",
    "nps": "feedback.col.nps",
    "csat": "feedback.col.csat",
    "theme": "feedback.col.theme",
    "comment": "feedback.col.comment",
    "action": "feedback.col.action",
}


#: Coded columns of feedback tables: column -> i18n prefix.
CODED = {"channel": "feedback.channel", "group": "feedback.group"}


def _customers(project: Project) -> list[tuple[str, str]]:
    customers = project.table("customers.csv")
    names = customers["organisation"] if customers is not None else pd.Series(dtype=object)
    return [("-", ""), *((f"{i} · {n}", str(i)) for i, n in names.items())]


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


class FeedbackForm(TableEditor):
    """Record one piece of feedback: each Add appends a row to feedback.csv."""

    file = "feedback.csv"

    def __init__(self, project: Project) -> None:
        super().__init__(project)
        self.on_saved: list[Callable[[Project], None]] = []
        wide = w.Layout(width="70%")
        self.date = w.DatePicker(value=dt.date.today(), description=t("feedback.col.date"))
        self.customer = w.Dropdown(
            options=_customers(project), description=t("feedback.col.customer")
        )
        self.respondent = w.Text(description=t("feedback.col.respondent"))
        self.channel = w.Dropdown(
            options=[(t(f"feedback.channel.{c}"), c) for c in FEEDBACK_CHANNELS],
            description=t("feedback.col.channel"),
        )
        self.nps = w.Dropdown(
            options=[("-", "")] + [(str(i), str(i)) for i in range(11)],
            description=t("feedback.col.nps"),
        )
        self.csat = w.Dropdown(
            options=[("-", "")] + [(str(i), str(i)) for i in range(1, 6)],
            description=t("feedback.col.csat"),
        )
        self.comment = w.Textarea(description=t("feedback.col.comment"), layout=wide)
        self.theme = w.Text(
            description=t("feedback.col.theme"), placeholder="training; performance"
        )
        self.requirement = w.Text(description=t("feedback.col.requirement"))
        self.add = w.Button(description=t("editor.add"), button_style="success", icon="plus")
        self.add.on_click(lambda _: self.write())
        self.box = self.form(
            "feedback.editor.title",
            w.HBox([self.date, self.channel]),
            w.HBox([self.customer, self.respondent]),
            w.HBox([self.nps, self.csat]),
            self.comment,
            w.HBox([self.theme, self.requirement]),
            self.add,
        )

    def write(self) -> Project | None:
        """Append the feedback to feedback.csv (validated, atomic); nothing is written on a
        problem."""
        row = {
            "date": self.date.value.isoformat() if self.date.value else "",
            "customer": self.customer.value,
            "respondent": self.respondent.value.strip(),
            "channel": self.channel.value,
            "nps": self.nps.value,
            "csat": self.csat.value,
            "comment": self.comment.value.strip(),
            "theme": self.theme.value.strip(),
            "requirement": self.requirement.value.strip(),
        }
        table = pd.concat([self.table, pd.DataFrame([row])], ignore_index=True).fillna("")
        project = self.save(table)
        if project is not None:
            self.comment.value = self.respondent.value = ""
            self.nps.value = self.csat.value = ""
            for callback in self.on_saved:
                callback(project)
        return project

    def reload(self, project: Project) -> None:
        """Take feedback.csv as saved by another editor (so an Add here keeps its rows)."""
        super().reload(project)


class ActionFromFeedback(TableEditor):
    """Pick feedback that has no action yet, write the improvement action: Raise adds it to
    actions.csv (status open) and links the feedback to it."""

    file = "feedback.csv"

    def __init__(self, project: Project) -> None:
        super().__init__(project)
        self.on_saved: list[Callable[[Project], None]] = []
        wide = w.Layout(width="80%")
        self.feedback = w.Dropdown(description=t("feedback.editor.feedback"), layout=wide)
        self.action = w.Textarea(description=t("feedback.col.action_text"), layout=wide)
        self.owner = w.Text(description=t("feedback.col.owner"))
        self.due = w.DatePicker(description=t("feedback.col.due"))
        self.raise_button = w.Button(
            description=t("feedback.editor.raise"), button_style="warning", icon="flag"
        )
        self.raise_button.on_click(lambda _: self.write())
        self._refresh_options()
        self.box = self.form(
            "feedback.editor.action_title",
            self.feedback,
            self.action,
            w.HBox([self.owner, self.due]),
            self.raise_button,
        )

    def _refresh_options(self) -> None:
        table = self.table
        open_rows = table[table.get("action", pd.Series("", index=table.index)).fillna("") == ""]
        options = []
        for position, row in open_rows.iterrows():
            text = str(row.get("comment", "") or "")
            text = text if len(text) <= 70 else text[:69] + "…"
            label = " · ".join(p for p in (row.get("date", ""), row.get("customer", ""), text) if p)
            options.append((label, position))
        self.feedback.options = options[::-1]  # newest (last written) first

    def write(self) -> Project | None:
        """Add the action to actions.csv, then link the feedback row to it; on a problem
        nothing more is written and every problem is shown."""
        if self.feedback.value is None or not self.action.value.strip():
            return None
        actions = table_cells(self.project, "actions.csv")
        taken = set(actions["id"]) if "id" in actions.columns else set()
        number = len(actions) + 1
        while f"A{number:02d}" in taken:
            number += 1
        action_id = f"A{number:02d}"
        new = {
            "id": action_id,
            "action": self.action.value.strip(),
            "owner": self.owner.value.strip(),
            "due": self.due.value.isoformat() if self.due.value else "",
            "status": "open",
        }
        actions = pd.concat([actions, pd.DataFrame([new])], ignore_index=True).fillna("")
        try:
            save_table(self.project.path, "actions.csv", actions)
        except PmtoolsError as error:
            self.message.value = problems_html(error)
            return None
        table = self.table.copy()
        table.loc[self.feedback.value, "action"] = action_id
        project = self.save(table)
        if project is not None:
            self.action.value = self.owner.value = ""
            self._refresh_options()
            for callback in self.on_saved:
                callback(project)
        return project

    def reload(self, project: Project) -> None:
        """Take feedback.csv as saved by another editor (so a save here keeps its rows)."""
        super().reload(project)
        self._refresh_options()


class VisitEditor(TableEditor):
    """Pick a visit (or plan a new one), record when it took place and its outcome, save
    visits.csv."""

    file = "visits.csv"

    def __init__(self, project: Project) -> None:
        super().__init__(project)
        wide = w.Layout(width="70%")
        self.visit = w.Dropdown(description=t("feedback.editor.visit"), layout=wide)
        self.customer = w.Dropdown(
            options=_customers(project)[1:], description=t("feedback.col.customer")
        )
        self.purpose = w.Text(description=t("feedback.col.purpose"), layout=wide)
        self.visitor = w.Text(description=t("feedback.col.visitor"))
        self.planned = w.DatePicker(description=t("feedback.col.planned"))
        self.done = w.DatePicker(description=t("feedback.col.done"))
        self.outcome = w.Textarea(description=t("feedback.col.outcome"), layout=wide)
        self.action = w.Text(description=t("feedback.col.action"))
        self.save_button = w.Button(
            description=t("editor.save"), button_style="success", icon="save"
        )
        self.visit.observe(lambda _: self._load(), names="value")
        self.save_button.on_click(lambda _: self.write())
        self._refresh_options()
        self.box = self.form(
            "feedback.editor.visit_title",
            self.visit,
            w.HBox([self.customer, self.visitor]),
            self.purpose,
            w.HBox([self.planned, self.done]),
            self.outcome,
            self.action,
            self.save_button,
        )

    def _refresh_options(self) -> None:
        names = dict(_customers(self.project))
        labels = {v: k.split(" · ", 1)[-1] for k, v in names.items()}
        rows = self.table.to_dict("records")
        self.visit.options = [(t("feedback.editor.new_visit"), self._NEW)] + [
            (
                " · ".join(
                    p
                    for p in (r["id"], labels.get(r.get("customer", ""), ""), r.get("planned", ""))
                    if p
                ),
                r["id"],
            )
            for r in rows
        ]
        self._load()

    def _load(self) -> None:
        if self.visit.value in (None, self._NEW):
            for text in (self.purpose, self.visitor, self.outcome, self.action):
                text.value = ""
            self.planned.value = self.done.value = None
            return
        row = self.table[self.table["id"] == self.visit.value].iloc[0]
        customer = row.get("customer", "") or ""
        if customer in [v for _, v in self.customer.options]:
            self.customer.value = customer
        self.purpose.value = row.get("purpose", "") or ""
        self.visitor.value = row.get("visitor", "") or ""
        self.outcome.value = row.get("outcome", "") or ""
        self.action.value = row.get("action", "") or ""
        self.planned.value = _date(row.get("planned", "") or "")
        self.done.value = _date(row.get("done", "") or "")

    def edited(self) -> pd.DataFrame:
        """The table as it would be saved with the form's values."""
        table, row = self.row(self.visit.value, "V{:02d}")
        values = {
            "customer": self.customer.value or "",
            "purpose": self.purpose.value.strip(),
            "visitor": self.visitor.value.strip(),
            "planned": self.planned.value.isoformat() if self.planned.value else "",
            "done": self.done.value.isoformat() if self.done.value else "",
            "outcome": self.outcome.value.strip(),
            "action": self.action.value.strip(),
        }
        for column, value in values.items():
            table.loc[row, column] = value
        return table

    def write(self) -> Project | None:
        """Validate and save visits.csv atomically; on a problem nothing is written."""
        project = self.save(self.edited())
        if project is not None:
            self._refresh_options()
        return project


class CommentSearch:
    """A search box over the feedback comments: every word typed must appear in the
    comment, theme, respondent, customer or channel."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.query = w.Text(
            description=t("feedback.editor.search"),
            placeholder=t("feedback.editor.search_hint"),
            layout=w.Layout(width="60%"),
            continuous_update=True,
        )
        self.detractors = w.Checkbox(description=t("feedback.editor.only_detractors"), value=False)
        self.count = w.HTML()
        self.output = w.HTML(layout=w.Layout(width="100%"))
        self.query.observe(lambda _: self.update(), names="value")
        self.detractors.observe(lambda _: self.update(), names="value")
        self.update()
        self.count.add_class("pmtools-found")
        self.box = w.VBox([w.HBox([self.query, self.detractors]), self.count, self.output])
        self.box.add_class("pmtools-search")

    def update(self) -> None:
        """Show the comments matching the box."""
        found = comments(
            self.project, self.query.value, group="detractor" if self.detractors.value else None
        )
        self.count.value = t("feedback.editor.found", count=len(found))
        if found.empty:
            html = f"<i>{escape(t('feedback.editor.nothing'))}</i>"
        else:
            html = html_table(found, COMMENT_COLUMNS, coded=CODED)._repr_html_()  # type: ignore[union-attr]
        self.output.value = f'<div style="line-height:1.4">{html}</div>'


class FeedbackTabs:
    """Record feedback, raise an action from it, plan and record visits: one tab each."""

    def __init__(self, project: Project) -> None:
        self.form = FeedbackForm(project)
        self.actions = ActionFromFeedback(project)
        self.visits = VisitEditor(project)
        for editor in (self.form, self.actions, self.visits):
            widen_labels(editor.box)
        # both edit feedback.csv: each takes the other's saves before writing its own
        self.form.on_saved.append(self.actions.reload)
        self.actions.on_saved.append(self.form.reload)
        self.box = w.Tab(
            children=[self.form.box, self.actions.box, self.visits.box],
            titles=(
                t("feedback.editor.tab_feedback"),
                t("feedback.editor.tab_action"),
                t("feedback.editor.tab_visits"),
            ),
        )


def feedback_editor(project: Project, *, force: bool = False) -> w.Tab | None:
    """The feedback, action and visit editors, or None when the notebook runs in batch."""
    box: w.Tab | None = editor_or_none(FeedbackTabs, project, force)  # type: ignore[arg-type]
    return box


def comment_search(project: Project, *, force: bool = False) -> w.VBox | None:
    """The comment search box, or None when the notebook runs in batch (reports show the
    latest comments as a table instead)."""
    if not (force or interactive()):
        return None
    return CommentSearch(project).box
