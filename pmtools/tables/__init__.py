"""The project files: one declaration per file kind, and the registry that lists them.

``REGISTRY`` maps each file name to its ``TableSpec``, in load order (a file
comes after the files whose ids it refers to). ``load_project`` checks every
file it finds through it, ``pmtools new`` copies their templates,
``templates/README.md`` documents their columns from it, notebook editors save
through it, and ``pmtools report`` takes its notebooks from ``PRACTICES``.

A new practice adds a module here declaring its files and one entry in each of
``REGISTRY`` and ``PRACTICES`` (see CONTRIBUTING.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pmtools.tables._check import TableChecker, check_table, parse_column
from pmtools.tables._spec import Column, Context, Doc, Practice, TableSpec
from pmtools.tables.agile import ACTIONS, BURNDOWN, RETRO, SPRINTS
from pmtools.tables.change import CHANGES
from pmtools.tables.cost import COSTS
from pmtools.tables.documents import DOCUMENTS
from pmtools.tables.emergency import CONTINGENCY, INCIDENTS
from pmtools.tables.feedback import CUSTOMERS, FEEDBACK, VISITS
from pmtools.tables.files import atomic_write_text, read_csv_table, write_csv_table
from pmtools.tables.flow import TRANSITIONS, WORKITEMS, has_workitems
from pmtools.tables.innovation import IDEAS, MARKET
from pmtools.tables.quality import DEFECTS, QUALITY, has_quality
from pmtools.tables.requirements import REQUIREMENTS, SIGNOFF
from pmtools.tables.resources import RESOURCES
from pmtools.tables.risks import RISKS
from pmtools.tables.settings import KEYS, PROJECT_FILE, Key
from pmtools.tables.stakeholders import COMMUNICATIONS, STAKEHOLDERS
from pmtools.tables.status import DECISIONS
from pmtools.tables.tasks import TASKS, TASKS_FILE
from pmtools.tables.team import CONFLICTS, KPIS, LEARNING

if TYPE_CHECKING:
    from pmtools.model import Project

__all__ = [
    "KEYS",
    "PRACTICES",
    "PROJECT_FILE",
    "REGISTRY",
    "TASKS_FILE",
    "Column",
    "Context",
    "Doc",
    "Key",
    "Practice",
    "TableChecker",
    "TableSpec",
    "atomic_write_text",
    "check_table",
    "parse_column",
    "read_csv_table",
    "report_notebooks",
    "spec",
    "write_csv_table",
]


def _assigns_resources(project: Project) -> bool:
    """The resources report applies when a task assigns a resource."""
    return "assignments" in project.tasks.columns and bool(
        project.tasks["assignments"].map(bool).any()
    )


#: Every file kind of a project folder, in load order.
REGISTRY: dict[str, TableSpec] = {
    spec.file: spec
    for spec in (
        TASKS,
        RESOURCES,
        RISKS,
        REQUIREMENTS,
        SIGNOFF,
        SPRINTS,
        BURNDOWN,
        RETRO,
        ACTIONS,
        COSTS,
        DECISIONS,
        WORKITEMS,
        TRANSITIONS,
        STAKEHOLDERS,
        COMMUNICATIONS,
        CUSTOMERS,
        VISITS,
        FEEDBACK,
        KPIS,
        CONFLICTS,
        LEARNING,
        IDEAS,
        MARKET,
        CHANGES,
        DOCUMENTS,
        CONTINGENCY,
        INCIDENTS,
        QUALITY,
        DEFECTS,
    )
}

#: The practices, in the order their reports are listed.
PRACTICES: dict[str, Practice] = {
    practice.name: practice
    for practice in (
        Practice("status", Doc("Status report", "状态报告"), ("decisions.csv",), "status"),
        Practice("schedule", Doc("Schedule", "进度"), ("tasks.csv",), "schedule"),
        Practice("risks", Doc("Risks", "风险"), ("risks.csv",), "risks"),
        Practice(
            "requirements",
            Doc("Requirements", "需求"),
            ("requirements.csv", "signoff.csv"),
            "requirements",
        ),
        Practice(
            "retrospective",
            Doc("Retrospective", "迭代回顾"),
            ("sprints.csv", "burndown.csv", "retro.csv", "actions.csv"),
            "retrospective",
            applies=lambda project: project.sprints is not None and not project.sprints.empty,
        ),
        Practice("cost", Doc("Cost", "成本"), ("costs.csv",), "cost"),
        Practice(
            "flow",
            Doc("Kanban flow", "看板流动"),
            ("workitems.csv", "transitions.csv"),
            "flow",
            applies=has_workitems,
            attention="pmtools.flow:attention",
        ),
        Practice(
            "stakeholders",
            Doc("Stakeholders and communication", "干系人与沟通"),
            ("stakeholders.csv", "communications.csv"),
            "stakeholders",
            attention="pmtools.stakeholders:attention",
        ),
        Practice(
            "feedback",
            Doc("Customer feedback", "客户反馈"),
            ("feedback.csv", "customers.csv", "visits.csv"),
            "feedback",
            attention="pmtools.feedback:attention",
        ),
        Practice(
            "team",
            Doc("Team", "团队"),
            ("kpis.csv", "conflicts.csv", "learning.csv"),
            "team",
            attention="pmtools.team:attention",
        ),
        Practice(
            "innovation",
            Doc("Innovation", "创新"),
            ("ideas.csv", "market.csv"),
            "innovation",
            attention="pmtools.innovation:attention",
        ),
        Practice(
            "change",
            Doc("Change", "变更"),
            ("changes.csv",),
            "change",
            attention="pmtools.change:attention",
        ),
        Practice(
            "documents",
            Doc("Documents", "文档"),
            ("documents.csv",),
            "documents",
            attention="pmtools.documents:attention",
        ),
        Practice(
            "emergency",
            Doc("Emergency", "应急"),
            ("contingency.csv", "incidents.csv"),
            "emergency",
            attention="pmtools.emergency:attention",
        ),
        Practice(
            "quality",
            Doc("Quality", "质量"),
            ("quality.csv", "defects.csv"),
            "quality",
            applies=has_quality,
            attention="pmtools.quality:attention",
        ),
        Practice(
            "resources",
            Doc("Resources", "资源"),
            ("resources.csv",),
            "resources",
            applies=_assigns_resources,
            attention="pmtools.resources:attention",
        ),
    )
}


def spec(file: str) -> TableSpec:
    """The declaration of ``file`` (``risks.csv``); KeyError names the known files."""
    try:
        return REGISTRY[file]
    except KeyError:
        raise KeyError(f"{file} is not a project file; known: {', '.join(REGISTRY)}") from None


def report_notebooks() -> tuple[str, ...]:
    """The report notebooks ``pmtools report`` runs by default, in order."""
    return tuple(p.notebook for p in PRACTICES.values() if p.notebook)
