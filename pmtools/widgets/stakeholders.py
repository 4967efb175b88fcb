"""The stakeholder editors: the register (assess a stakeholder) and the communication plan
(edit an entry, or record that it went out)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import ipywidgets as w
import pandas as pd

from pmtools.i18n import t
from pmtools.model import Project
from pmtools.tables.stakeholders import ATTITUDES, CHANNELS, ENGAGEMENT_LEVELS, FREQUENCIES, LEVELS
from pmtools.widgets._base import TableEditor, editor_or_none

__all__ = [
    "CommunicationEditor",
    "StakeholderEditor",
    "StakeholderTabs",
    "stakeholder_editor",
    "widen_labels",
]


def widen_labels(box: w.Widget, width: str = "130px") -> None:
    """Give every labelled field in ``box`` the same label width, so that labels such as
    "Communication" are not cut off (check boxes keep their own)."""
    stack = [box]
    while stack:
        widget = stack.pop()
        stack.extend(getattr(widget, "children", ()))
        style: Any = getattr(widget, "style", None)
        if not isinstance(widget, w.Checkbox) and hasattr(style, "description_width"):
            style.description_width = width


def _choices(prefix: str, codes: tuple[str, ...]) -> list[tuple[str, str]]:
    return [("-", ""), *((t(f"{prefix}.{code}"), code) for code in codes)]


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


class StakeholderEditor(TableEditor):
    """Pick a stakeholder (or a new one), assess interest, influence and engagement, save
    stakeholders.csv."""

    file = "stakeholders.csv"

    def __init__(self, project: Project) -> None:
        super().__init__(project)
        #: called with the project after each successful save (the plan's stakeholder list)
        self.on_saved: list[Callable[[Project], None]] = []
        wide = w.Layout(width="70%")
        levels = list(range(1, LEVELS + 1))
        self.stakeholder = w.Dropdown(description=t("stakeholders.editor.pick"), layout=wide)
        self.name = w.Text(description=t("stakeholders.col.name"), layout=wide)
        self.role = w.Text(description=t("stakeholders.col.role"))
        self.organisation = w.Text(description=t("stakeholders.col.organisation"))
        self.interest = w.Dropdown(
            options=levels, value=3, description=t("stakeholders.col.interest")
        )
        self.influence = w.Dropdown(
            options=levels, value=3, description=t("stakeholders.col.influence")
        )
        self.current = w.Dropdown(
            options=_choices("stakeholders.engagement", ENGAGEMENT_LEVELS),
            description=t("stakeholders.col.current"),
        )
        self.desired = w.Dropdown(
            options=_choices("stakeholders.engagement", ENGAGEMENT_LEVELS),
            description=t("stakeholders.col.desired"),
        )
        self.attitude = w.Dropdown(
            options=_choices("stakeholders.attitude", ATTITUDES),
            description=t("stakeholders.col.attitude"),
        )
        self.needs = w.Textarea(description=t("stakeholders.col.needs"), layout=wide)
        self.contact = w.Text(description=t("stakeholders.col.contact"))
        self.owner = w.Text(description=t("stakeholders.col.owner"))
        self.save_button = w.Button(
            description=t("editor.save"), button_style="success", icon="save"
        )
        self.stakeholder.observe(lambda _: self._load(), names="value")
        self.save_button.on_click(lambda _: self.write())
        self._refresh_options()
        self.box = self.form(
            "stakeholders.editor.title",
            self.stakeholder,
            self.name,
            w.HBox([self.role, self.organisation]),
            w.HBox([self.interest, self.influence]),
            w.HBox([self.current, self.desired, self.attitude]),
            self.needs,
            w.HBox([self.contact, self.owner]),
            self.save_button,
        )

    def _refresh_options(self) -> None:
        names = self.table["name"].tolist() if "name" in self.table.columns else []
        self.stakeholder.options = [(t("stakeholders.editor.new"), self._NEW)] + [
            (f"{i} · {n}", i) for i, n in zip(self.table["id"].tolist(), names, strict=True)
        ]
        self._load()

    def _load(self) -> None:
        if self.stakeholder.value in (None, self._NEW):
            for text in (self.name, self.role, self.organisation, self.needs, self.contact):
                text.value = ""
            self.owner.value = ""
            self.interest.value = self.influence.value = 3
            self.current.value = self.desired.value = self.attitude.value = ""
            return
        row = self.table[self.table["id"] == self.stakeholder.value].iloc[0]
        for widget, column in (
            (self.name, "name"),
            (self.role, "role"),
            (self.organisation, "organisation"),
            (self.needs, "needs"),
            (self.contact, "contact"),
            (self.owner, "owner"),
        ):
            widget.value = row.get(column, "") or ""
        for widget, column in ((self.interest, "interest"), (self.influence, "influence")):
            try:
                widget.value = int(float(row.get(column, "") or 3))
            except (ValueError, w.TraitError):
                widget.value = 3
        for widget, column in (
            (self.current, "current_engagement"),
            (self.desired, "desired_engagement"),
            (self.attitude, "attitude"),
        ):
            value = (row.get(column, "") or "").lower()
            widget.value = value if value in [v for _, v in widget.options] else ""

    def edited(self) -> pd.DataFrame:
        """The table as it would be saved with the form's values."""
        table, row = self.row(self.stakeholder.value, "SH{:02d}")
        values = {
            "name": self.name.value.strip(),
            "role": self.role.value.strip(),
            "organisation": self.organisation.value.strip(),
            "interest": str(self.interest.value),
            "influence": str(self.influence.value),
            "current_engagement": self.current.value,
            "desired_engagement": self.desired.value,
            "attitude": self.attitude.value,
            "needs": self.needs.value.strip(),
            "contact": self.contact.value.strip(),
            "owner": self.owner.value.strip(),
        }
        for column, value in values.items():
            table.loc[row, column] = value
        return table

    def write(self) -> Project | None:
        """Validate and save stakeholders.csv atomically; on a problem nothing is written."""
        project = self.save(self.edited())
        if project is not None:
            self._refresh_options()
            for callback in self.on_saved:
                callback(project)
        return project


class CommunicationEditor(TableEditor):
    """Pick a communication (or a new one) and edit it, or record the day it went out;
    saves communications.csv."""

    file = "communications.csv"

    def __init__(self, project: Project) -> None:
        super().__init__(project)
        wide = w.Layout(width="70%")
        self.communication = w.Dropdown(
            description=t("stakeholders.editor.communication"), layout=wide
        )
        self.audience = w.Text(description=t("stakeholders.col.audience"), layout=wide)
        self.stakeholders = w.SelectMultiple(
            description=t("stakeholders.col.stakeholders"), rows=6, layout=wide
        )
        self.information = w.Text(description=t("stakeholders.col.information"), layout=wide)
        self.channel = w.Dropdown(
            options=_choices("stakeholders.channel", CHANNELS),
            description=t("stakeholders.col.channel"),
        )
        self.frequency = w.Combobox(
            options=list(FREQUENCIES),
            placeholder="weekly, every 10 days",
            description=t("stakeholders.col.frequency"),
            ensure_option=False,
        )
        self.owner = w.Text(description=t("stakeholders.col.owner"))
        self.next_due = w.DatePicker(description=t("stakeholders.col.next_due"))
        self.save_button = w.Button(
            description=t("editor.save"), button_style="success", icon="save"
        )
        self.sent_on = w.DatePicker(
            value=dt.date.today(), description=t("stakeholders.editor.sent_on")
        )
        self.sent_button = w.Button(
            description=t("stakeholders.editor.sent"), button_style="info", icon="check"
        )
        self.communication.observe(lambda _: self._load(), names="value")
        self.save_button.on_click(lambda _: self.write())
        self.sent_button.on_click(lambda _: self.mark_sent())
        self.refresh_stakeholders(project)
        self._refresh_options()
        self.box = self.form(
            "stakeholders.editor.plan_title",
            self.communication,
            self.audience,
            self.stakeholders,
            self.information,
            w.HBox([self.channel, self.frequency]),
            w.HBox([self.owner, self.next_due]),
            self.save_button,
            w.HTML(f"<b>{t('stakeholders.editor.record')}</b>"),
            w.HBox([self.sent_on, self.sent_button]),
        )

    def refresh_stakeholders(self, project: Project) -> None:
        """The stakeholders to choose from, after the register changed."""
        register = project.table("stakeholders.csv")
        names = register["name"] if register is not None else pd.Series(dtype=object)
        self.stakeholders.options = [(f"{i} · {n}", i) for i, n in names.items()]

    def _refresh_options(self) -> None:
        information = (
            self.table["information"].tolist() if "information" in self.table.columns else []
        )
        self.communication.options = [(t("stakeholders.editor.new_communication"), self._NEW)] + [
            (f"{i} · {text}", i)
            for i, text in zip(self.table["id"].tolist(), information, strict=True)
        ]
        self._load()

    def _load(self) -> None:
        known = {v for _, v in self.stakeholders.options}
        if self.communication.value in (None, self._NEW):
            for text in (self.audience, self.information, self.owner, self.frequency):
                text.value = ""
            self.stakeholders.value, self.channel.value, self.next_due.value = (), "", None
            return
        row = self.table[self.table["id"] == self.communication.value].iloc[0]
        self.audience.value = row.get("audience", "") or ""
        self.information.value = row.get("information", "") or ""
        self.owner.value = row.get("owner", "") or ""
        self.frequency.value = row.get("frequency", "") or ""
        channel = (row.get("channel", "") or "").lower()
        self.channel.value = channel if channel in CHANNELS else ""
        ids = [i.strip() for i in (row.get("stakeholders", "") or "").replace(",", ";").split(";")]
        self.stakeholders.value = tuple(i for i in ids if i in known)
        self.next_due.value = _date(row.get("next_due", "") or "")

    def edited(self) -> tuple[pd.DataFrame, Any]:
        """The table with the form's values, and the edited row's label."""
        table, row = self.row(self.communication.value, "C{:02d}")
        values = {
            "audience": self.audience.value.strip(),
            "stakeholders": ";".join(self.stakeholders.value),
            "information": self.information.value.strip(),
            "channel": self.channel.value,
            "frequency": self.frequency.value.strip(),
            "owner": self.owner.value.strip(),
            "next_due": self.next_due.value.isoformat() if self.next_due.value else "",
        }
        for column, value in values.items():
            table.loc[row, column] = value
        return table, row

    def write(self) -> Project | None:
        """Validate and save communications.csv atomically; on a problem nothing is written."""
        table, _ = self.edited()
        project = self.save(table)
        if project is not None:
            self._refresh_options()
        return project

    def mark_sent(self) -> Project | None:
        """Set the chosen communication's last_sent to the date given (clearing a next_due
        that date has reached) and save."""
        if self.communication.value in (None, self._NEW) or self.sent_on.value is None:
            return None
        table = self.table.copy()
        row = table.index[table["id"] == self.communication.value][0]
        sent = self.sent_on.value
        table.loc[row, "last_sent"] = sent.isoformat()
        due = _date(str(table.loc[row, "next_due"])) if "next_due" in table.columns else None
        if due is not None and due <= sent:
            table.loc[row, "next_due"] = ""
        chosen = self.communication.value
        project = self.save(table)
        if project is not None:
            self._refresh_options()
            self.communication.value = chosen
        return project


class StakeholderTabs:
    """The register and the communication plan editors side by side in tabs."""

    def __init__(self, project: Project) -> None:
        self.register = StakeholderEditor(project)
        self.plan = CommunicationEditor(project)
        self.register.on_saved.append(self.plan.refresh_stakeholders)
        widen_labels(self.register.box)
        widen_labels(self.plan.box)
        self.box = w.Tab(
            children=[self.register.box, self.plan.box],
            titles=(t("stakeholders.editor.tab_register"), t("stakeholders.editor.tab_plan")),
        )


def stakeholder_editor(project: Project, *, force: bool = False) -> w.Tab | None:
    """The stakeholder register and communication plan editors, or None in batch runs."""
    box: w.Tab | None = editor_or_none(StakeholderTabs, project, force)  # type: ignore[arg-type]
    return box
