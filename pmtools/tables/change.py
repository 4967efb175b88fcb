"""Change management: changes.csv, the change log with each request's plan changes.

A change request names the requirements and tasks it affects and, in
``task_changes``, how it would change the plan: entries separated by ``;``,
each one of

- ``ID=DAYS``: set task ID's duration to DAYS working days (``T370=35``);
- ``ID+=DAYS`` / ``ID-=DAYS``: lengthen or shorten it by DAYS (``T370+=8``);
- ``ID after LINKS``: task ID also waits for LINKS (``T385 after T455``);
- ``new:ID:DAYS:LINKS:PARENT:NAME``: add task ID lasting DAYS after LINKS,
  under the summary task PARENT (may be empty), called NAME (the rest of the
  entry, colons included): ``new:T455:10:T370,T330 SS+5:P7:Warranty claims``.

LINKS are predecessor entries as ``tasks.csv`` writes them (``T370``,
``T330 SS+5``), separated by ``,``. ``parse_task_changes`` reads the grammar;
the checker adds what needs the rest of the folder (task ids, summary tasks).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from pmtools.errors import Problem
from pmtools.tables._check import TableChecker
from pmtools.tables._spec import Column, Context, Doc, TableSpec
from pmtools.tables.tasks import parse_suffix

__all__ = [
    "CHANGES",
    "CHANGES_FILE",
    "CHANGE_STATUSES",
    "DECIDED_STATUSES",
    "TaskChange",
    "parse_task_changes",
]

CHANGES_FILE = "changes.csv"
CHANGE_STATUSES = ("submitted", "assessed", "approved", "rejected", "implemented")
#: Statuses that record a decision: they need decided_on and an approver.
DECIDED_STATUSES = ("approved", "rejected", "implemented")

_SET = re.compile(r"^(?P<task>\S+?)\s*(?P<op>\+=|-=|=)\s*(?P<days>.*)$")
_AFTER = re.compile(r"^(?P<task>\S+)\s+after\s+(?P<links>.+)$", re.I)
_NEW_ID_BAD = re.compile(r"[\s,;:]")
_KIND = {"=": "set", "+=": "grow", "-=": "shrink"}


@dataclass(frozen=True)
class TaskChange:
    """One entry of ``task_changes``.

    ``kind``: ``set``, ``grow``, ``shrink`` (``days`` working days), ``after``
    (``links`` added to ``task``'s predecessors) or ``new`` (task ``task`` called
    ``name``, ``days`` long, after ``links``, under ``parent``). ``text`` is the
    entry as written.
    """

    kind: str
    task: str
    text: str
    days: int | None = None
    links: tuple[str, ...] = ()
    name: str = ""
    parent: str = ""

    def link_ids(self) -> tuple[str, ...]:
        """The task ids of ``links`` (``T330 SS+5`` -> ``T330``)."""
        return tuple(link.split(" ", 1)[0] for link in self.links)


#: A grammar problem: message key and its values.
EntryProblem = tuple[str, dict[str, Any]]


def _days(text: str, entry: str, problems: list[EntryProblem]) -> int | None:
    text = text.strip()
    if re.fullmatch(r"\d+", text):
        return int(text)
    problems.append(("change.entry.days", {"entry": entry, "found": text}))
    return None


def _links(text: str, entry: str, problems: list[EntryProblem]) -> tuple[str, ...]:
    links: list[str] = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        head, _, tail = part.partition(" ")
        tail = tail.strip()
        if not head or (tail and parse_suffix(tail) is None):
            problems.append(("change.entry.link", {"entry": entry, "found": part}))
            continue
        links.append(f"{head} {tail}" if tail else head)
    return tuple(links)


def _entry(text: str, problems: list[EntryProblem]) -> TaskChange | None:
    if text.lower().startswith("new:"):
        parts = text[4:].split(":", 4)
        if len(parts) != 5:
            problems.append(("change.entry.invalid", {"found": text}))
            return None
        task, days_text, links_text, parent, name = (p.strip() for p in parts)
        if not task or _NEW_ID_BAD.search(task):
            problems.append(("change.entry.new_id", {"entry": text, "found": task}))
            return None
        if not name:
            problems.append(("change.entry.new_name", {"entry": text}))
        days = _days(days_text, text, problems)
        links = _links(links_text, text, problems)
        if days is None or not name:
            return None
        return TaskChange("new", task, text, days=days, links=links, name=name, parent=parent)
    after = _AFTER.match(text)
    if after is not None:
        links = _links(after.group("links"), text, problems)
        if not links:
            return None
        return TaskChange("after", after.group("task"), text, links=links)
    found = _SET.match(text)
    if found is None or not found.group("task"):
        problems.append(("change.entry.invalid", {"found": text}))
        return None
    days = _days(found.group("days"), text, problems)
    if days is None:
        return None
    return TaskChange(_KIND[found.group("op")], found.group("task"), text, days=days)


def parse_task_changes(text: str) -> tuple[list[TaskChange], list[EntryProblem]]:
    """The entries of a ``task_changes`` cell and the grammar problems found in it.

    Entries are separated by ``;`` (or new lines); blanks are skipped. A new task
    added twice in one change is a problem.
    """
    entries: list[TaskChange] = []
    problems: list[EntryProblem] = []
    for raw in re.split(r"[;\n]", text or ""):
        entry = raw.strip()
        if entry:
            parsed = _entry(entry, problems)
            if parsed is not None:
                entries.append(parsed)
    added = [e.task for e in entries if e.kind == "new"]
    for task in sorted({t for t in added if added.count(t) > 1}):
        problems.append(("change.entry.new_twice", {"found": task}))
    return entries, problems


def _task_changes(check: TableChecker, column: Column, context: Context, out: pd.DataFrame) -> None:
    """Check each entry's grammar and the tasks it names; the cell text is kept as written."""
    text = check.cells(column.name)
    found = context.ids.get("tasks.csv")
    known: set[str] = found if found is not None else set()
    for cell, row in zip(text.tolist(), check.rows.tolist(), strict=True):
        entries, problems = parse_task_changes(cell)
        added = {e.task for e in entries if e.kind == "new"}
        for entry in entries if found is not None else []:
            names = [] if entry.kind == "new" else [entry.task]
            for task in names:
                if task not in known:
                    problems.append(
                        ("change.entry.task_unknown", {"entry": entry.text, "found": task})
                    )
                elif task in context.summary_ids and entry.kind != "after":
                    problems.append(("change.entry.summary", {"entry": entry.text, "found": task}))
            for task in entry.link_ids():
                if task not in known and task not in added:
                    problems.append(
                        ("change.entry.task_unknown", {"entry": entry.text, "found": task})
                    )
            if entry.parent and entry.parent not in context.summary_ids:
                problems.append(
                    ("change.entry.parent", {"entry": entry.text, "found": entry.parent})
                )
        for code, values in problems:
            check.problems.append(Problem(check.file, int(row), column.name, code, values))
    out[column.name] = text


def _signed_amount(
    check: TableChecker, column: Column, context: Context, out: pd.DataFrame
) -> None:
    """An amount that may be negative (a saving); NaN where empty."""
    text = check.cells(column.name)
    values = pd.to_numeric(text.where(text != ""), errors="coerce").astype(float)
    bad = (text != "") & (values.isna() | ~np.isfinite(values.fillna(0)))
    check.report(bad, column.name, "change.amount.invalid")
    out[column.name] = values.where(~bad)


def decisions_complete(check: TableChecker, out: pd.DataFrame, context: Context) -> None:
    """A decided change has a decision date and an approver; an open one has no decision date;
    nothing is decided before it was requested."""
    decided = out["status"].isin(DECIDED_STATUSES)
    has_date = out["decided_on"].notna()
    status = out["status"]
    check.report(
        decided & ~has_date & (check.cells("decided_on") == ""),
        "decided_on",
        "change.decided_on.missing",
        per_row={"status": status},
    )
    check.report(
        ~decided & has_date, "decided_on", "change.decided_on.open", per_row={"status": status}
    )
    early = (out["decided_on"] < out["requested_on"]).fillna(False)
    check.report(
        early,
        "decided_on",
        "change.decided_before_requested",
        per_row={"requested": check.cells("requested_on")},
    )
    check.report(
        decided & (out["approver"] == ""),
        "approver",
        "change.approver.missing",
        per_row={"status": status},
    )


CHANGES = TableSpec(
    CHANGES_FILE,
    "change",
    Doc("Change requests", "变更请求"),
    (
        Column("id", "id", Doc("`CR-01`, ...", "`CR-01` 等"), required=True, example="CR-01"),
        Column(
            "title",
            "text",
            Doc("the change asked for, in a few words", "变更内容（简短）"),
            required=True,
            not_empty=True,
        ),
        Column("requested_by", "text", Doc("who asked for it", "提出人")),
        Column(
            "requested_on",
            "date",
            Doc(
                "when it was asked for; time to decision counts from here",
                "提出日期；决策用时从此日算起",
            ),
            required=True,
            not_empty=True,
        ),
        Column("description", "text", Doc("what would change", "变更的具体内容")),
        Column("reason", "text", Doc("why it is needed", "变更原因")),
        Column(
            "requirements",
            "id_list",
            Doc("the requirements it adds or changes", "新增或修改的需求"),
            Doc("requirement ids separated by `;`", "以 `;` 分隔的需求编号"),
            refers_to="requirements.csv",
            code="change.requirement.unknown",
        ),
        Column(
            "tasks",
            "id_list",
            Doc(
                "the tasks it affects (their float is compared before and after)",
                "受影响的任务（比较变更前后的浮动时间）",
            ),
            Doc("task ids separated by `;`", "以 `;` 分隔的任务编号"),
            refers_to="tasks.csv",
            code="task.unknown",
        ),
        Column(
            "task_changes",
            "custom",
            Doc(
                "how the plan changes, entries separated by `;`: `ID=DAYS` sets a task's "
                "duration, `ID+=DAYS` / `ID-=DAYS` lengthens or shortens it, `ID after LINKS` "
                "adds predecessors, `new:ID:DAYS:LINKS:PARENT:NAME` adds a task (PARENT, a "
                "summary task, may be empty). LINKS are predecessor entries as in `tasks.csv`, "
                "separated by `,` (`T370,T330 SS+5`). Empty: no change to the plan",
                "计划如何变化，各项以 `;` 分隔：`ID=DAYS` 设定任务工期，`ID+=DAYS` / "
                "`ID-=DAYS` 延长或缩短工期，`ID after LINKS` 增加紧前任务，"
                "`new:ID:DAYS:LINKS:PARENT:NAME` 新增任务（PARENT 为摘要任务，可为空）。LINKS 为"
                "与 `tasks.csv` 相同写法的紧前任务，以 `,` 分隔（`T370,T330 SS+5`）。"
                "留空表示不改计划",
            ),
            Doc("plan changes", "计划变更"),
            parse=_task_changes,
        ),
        Column(
            "cost_impact",
            "custom",
            Doc(
                "change to the budget at completion in the project's currency; negative for a "
                "saving. Applying the change adds it to the `planned_cost` of the tasks it "
                "lengthens or adds, in proportion to the working days",
                "对完工预算的影响（项目币种），节省为负数。应用变更时按增加的工作日比例计入"
                "被延长或新增任务的 `planned_cost`",
            ),
            Doc("amount (may be negative)", "金额（可为负）"),
            parse=_signed_amount,
        ),
        Column(
            "status",
            "choice",
            Doc(
                "`submitted` (default) -> `assessed` -> `approved` or `rejected`; "
                "`implemented` once the plan carries it",
                "`submitted`（已提交，默认）-> `assessed`（已评估）-> `approved`（批准）或 "
                "`rejected`（否决）；计划已包含该变更后为 `implemented`（已实施）",
            ),
            choices=CHANGE_STATUSES,
        ),
        Column("decision", "text", Doc("the decision and its conditions", "决定及其条件")),
        Column(
            "approver",
            "text",
            Doc("who decided; required once approved or rejected", "决策人；批准或否决后必填"),
        ),
        Column(
            "decided_on",
            "date",
            Doc(
                "when it was decided; required once approved, rejected or implemented",
                "决定日期；批准、否决或实施后必填",
            ),
        ),
    ),
    index="id",
    rules=(decisions_complete,),
    intro=Doc(
        "the change log: one row per change request. The change report applies each request "
        "that is not yet in the plan to a copy of the plan and shows its effect on the finish, "
        "the critical path, float, cost and the P80 finish.",
        "变更日志：每个变更请求一行。变更报告把尚未纳入计划的每个请求应用到计划的副本上，"
        "显示其对完工日期、关键路径、浮动时间、成本和 P80 完工日期的影响。",
    ),
)
