"""Change management: the change log, time to decision, and each pending change's impact.

A change is *pending* while it is ``submitted``, ``assessed`` or ``approved``
(approved but not yet ``implemented`` in the plan); it is *awaiting a decision*
while ``submitted`` or ``assessed``.

Time to decision is counted in calendar days from ``requested_on`` to
``decided_on``; a change awaiting a decision shows its age at the status date.

Impact: ``apply_change`` applies a change's ``task_changes`` to a copy of the
tasks table's cells (``change_cells``) and builds a new Project from them
through the same parser and checks as ``tasks.csv`` on load; nothing is
written. ``change_impact`` compares the plan before and after: the forecast
finish and its slip in working days, the open critical tasks, the float of the
affected tasks, the budget at completion and the Monte Carlo P80 finish
(``ITERATIONS`` runs with seed ``SEED`` on both sides, so the comparison is
repeatable).

How entries change ``tasks.csv`` (``pmtools.tables.change`` gives the grammar):

- ``ID=DAYS``, ``ID+=DAYS``, ``ID-=DAYS`` set the duration; a three-point
  estimate moves by the same number of days (never below 0); a task in
  progress keeps the work done, so its ``percent_complete`` becomes
  ``done / new duration`` (done = old duration x percent / 100). A finished
  task cannot change, nor can a task be shortened below the work done.
- ``ID after LINKS`` appends LINKS to the task's predecessors.
- ``new:...`` inserts a row after the last task under PARENT (at the end
  without one), with the name, duration and predecessors given.
- ``cost_impact`` is added to ``planned_cost`` (when the file has that
  column): shared among the changed and new tasks in proportion to the working
  days each gains or loses, evenly when no entry changes a duration, over the
  change's ``tasks`` when it has no entries; otherwise it is not in the plan
  (``ChangeImpact.cost_in_plan`` is False) and BAC after = BAC + cost_impact.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from pmtools.errors import Problem, ProjectInvalid
from pmtools.io import table_cells
from pmtools.model import Attention, Project, TableFile
from pmtools.tables import Context
from pmtools.tables.change import (
    CHANGE_STATUSES,
    CHANGES_FILE,
    TaskChange,
    parse_task_changes,
)
from pmtools.tables.tasks import TASKS_FILE, check_cycles, parse_tasks

__all__ = [
    "AWAITING",
    "DECISION_DAYS",
    "ITERATIONS",
    "PENDING",
    "SEED",
    "ChangeImpact",
    "PlanMeasures",
    "apply_change",
    "attention",
    "change_cells",
    "change_impact",
    "change_log",
    "decision_summary",
    "float_changes",
    "pending_impacts",
    "plan_measures",
    "status_counts",
]

#: Statuses of a change not yet in the plan, and of one still waiting for a decision.
PENDING = ("submitted", "assessed", "approved")
AWAITING = ("submitted", "assessed")
#: A change waiting longer than this (calendar days) for a decision, or approved this long ago
#: and still not implemented, needs attention (amber).
DECISION_DAYS = 14
#: Monte Carlo runs and seed of the before/after P80 comparison.
ITERATIONS = 2000
SEED = 1

_ESTIMATES = ("optimistic", "most_likely", "pessimistic")
_LOG_COLUMNS = [
    "title",
    "requested_by",
    "requested_on",
    "status",
    "cost_impact",
    "approver",
    "decided_on",
    "days_to_decision",
    "age_days",
    "waiting",
]


def _changes(project: Project) -> pd.DataFrame | None:
    table = project.table(CHANGES_FILE)
    return None if table is None or table.empty else table


def change_log(project: Project) -> pd.DataFrame:
    """One row per change, in file order (index id).

    Columns: title, requested_by, requested_on, status, cost_impact, approver,
    decided_on, ``days_to_decision`` (calendar days from request to decision;
    NaN while undecided), ``age_days`` (calendar days since the request at the
    status date, for changes awaiting a decision; NaN otherwise) and ``waiting``
    (awaiting a decision for more than ``DECISION_DAYS``). Empty without changes.csv.
    """
    table = _changes(project)
    if table is None:
        return pd.DataFrame(columns=_LOG_COLUMNS, index=pd.Index([], name="id"))
    day = pd.Timestamp(project.status_date)
    log = table[_LOG_COLUMNS[:7]].copy()
    log["days_to_decision"] = (log["decided_on"] - log["requested_on"]).dt.days.astype(float)
    awaiting = log["status"].isin(AWAITING)
    age = (day - log["requested_on"]).dt.days.clip(lower=0).astype(float)
    log["age_days"] = age.where(awaiting)
    log["waiting"] = awaiting & (age > DECISION_DAYS)
    return log


def status_counts(project: Project) -> pd.DataFrame:
    """Changes per status in the order of the approval flow (index status): count and
    cost_impact (sum, the project's currency). Every status is listed, with 0 where none."""
    log = change_log(project)
    grouped = log.groupby("status")["cost_impact"]
    counts = grouped.size().reindex(CHANGE_STATUSES, fill_value=0)
    costs = grouped.sum(min_count=1).reindex(CHANGE_STATUSES).fillna(0.0)
    frame = pd.DataFrame({"count": counts.astype(int), "cost_impact": costs.astype(float)})
    frame.index.name = "status"
    return frame


@dataclass(frozen=True)
class DecisionSummary:
    """How fast changes are decided: ``median_days``/``longest_days`` over decided changes
    (calendar days; None when none is decided), the changes awaiting a decision, the oldest
    one's age and how many wait longer than ``DECISION_DAYS``."""

    changes: int
    decided: int
    median_days: float | None
    longest_days: float | None
    awaiting: int
    oldest_days: float | None
    waiting: int
    approved_cost: float
    pending_cost: float


def decision_summary(project: Project) -> DecisionSummary | None:
    """The headline numbers of the change log, or None without changes.csv."""
    log = change_log(project)
    if log.empty:
        return None
    days = log["days_to_decision"].dropna()
    age = log["age_days"].dropna()
    cost = log["cost_impact"].fillna(0.0)
    return DecisionSummary(
        changes=len(log),
        decided=len(days),
        median_days=float(days.median()) if len(days) else None,
        longest_days=float(days.max()) if len(days) else None,
        awaiting=len(age),
        oldest_days=float(age.max()) if len(age) else None,
        waiting=int(log["waiting"].sum()),
        approved_cost=float(cost[log["status"].isin(("approved", "implemented"))].sum()),
        pending_cost=float(cost[log["status"].isin(AWAITING)].sum()),
    )


# -- applying a change to a copy of the plan ---------------------------------------------------


def _entries(project: Project, change_id: str) -> tuple[pd.Series, list[TaskChange]]:
    table = _changes(project)
    if table is None or change_id not in table.index:
        raise ProjectInvalid(
            [Problem(CHANGES_FILE, None, "id", "change.apply.unknown", {"found": change_id})]
        )
    row = table.loc[table.index == change_id].iloc[0]
    entries, _ = parse_task_changes(str(row["task_changes"]))
    return row, entries


def _number_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}".rstrip("0").rstrip(".")


def _float(text: Any) -> float | None:
    try:
        value = float(str(text).rstrip("%"))
    except ValueError:
        return None
    return None if math.isnan(value) else value


class _Cells:
    """The tasks.csv cells being changed, with the problems found on the way."""

    def __init__(self, project: Project, row: pd.Series) -> None:
        self.project = project
        self.cells = table_cells(project, TASKS_FILE).reset_index(drop=True)
        self.where = Problem(CHANGES_FILE, int(row["_row"]), "task_changes", "")
        self.problems: list[Problem] = []
        self.weights: dict[str, float] = {}

    def problem(self, code: str, **values: Any) -> None:
        self.problems.append(replace(self.where, code=code, values=values))

    def position(self, task: str) -> int:
        return int(np.flatnonzero(self.cells["id"].to_numpy() == task)[0])

    def finished(self, task: str) -> bool:
        tasks = self.project.tasks
        if task not in tasks.index:
            return False
        percent = tasks.loc[task].get("percent_complete", np.nan)
        finish = tasks.loc[task].get("actual_finish", pd.NaT)
        return bool((pd.notna(percent) and percent >= 100) or pd.notna(finish))

    def duration(self, entry: TaskChange) -> None:
        task, days = entry.task, entry.days or 0
        if self.finished(task):
            self.problem("change.apply.finished", task=task)
            return
        at = self.position(task)
        old = _float(self.cells.at[at, "duration"]) or 0.0
        new = {"set": days, "grow": old + days, "shrink": old - days}[entry.kind]
        if new < 0:
            self.problem(
                "change.apply.negative", entry=entry.text, task=task, days=_number_text(new)
            )
            return
        percent_text = (
            self.cells.at[at, "percent_complete"] if "percent_complete" in self.cells else ""
        )
        percent = _float(percent_text) or 0.0
        if 0 < percent < 100:
            done = old * percent / 100
            if new < done:
                self.problem(
                    "change.apply.below_done",
                    entry=entry.text,
                    task=task,
                    days=_number_text(new),
                    done=_number_text(round(done, 1)),
                )
                return
            share = round(100 * done / new, 1) if new else 100.0
            suffix = "%" if str(percent_text).endswith("%") else ""
            self.cells.at[at, "percent_complete"] = _number_text(share) + suffix
        self.cells.at[at, "duration"] = _number_text(new)
        for column in _ESTIMATES:
            value = _float(self.cells.at[at, column]) if column in self.cells else None
            if value is not None:
                self.cells.at[at, column] = _number_text(max(value + new - old, 0.0))
        self.weights[task] = self.weights.get(task, 0.0) + abs(new - old)

    def after(self, entry: TaskChange) -> None:
        at = self.position(entry.task)
        current = str(self.cells.at[at, "predecessors"]).strip()
        self.cells.at[at, "predecessors"] = ";".join(
            [p for p in (current,) if p] + list(entry.links)
        )

    def new(self, entry: TaskChange) -> None:
        ids = self.cells["id"].tolist()
        if entry.task in ids:
            self.problem("change.apply.exists", task=entry.task)
            return
        row = dict.fromkeys(self.cells.columns, "")
        row.update(id=entry.task, name=entry.name, duration=str(entry.days or 0))
        row["predecessors"] = ";".join(entry.links)
        end = len(self.cells)
        if entry.parent:
            if "parent" in self.cells.columns:
                row["parent"] = entry.parent
            elif "wbs" in self.cells.columns:
                row["wbs"] = self._next_wbs(entry.parent)
            end = self._after_descendants(entry.parent)
        top, bottom = self.cells.iloc[:end], self.cells.iloc[end:]
        self.cells = pd.concat([top, pd.DataFrame([row]), bottom], ignore_index=True)
        self.weights[entry.task] = self.weights.get(entry.task, 0.0) + float(entry.days or 0)

    def _after_descendants(self, parent: str) -> int:
        parents = self.project.tasks["parent"]
        inside = {parent}
        last = self.position(parent)
        for i, task in enumerate(self.cells["id"].tolist()):
            above = parents.get(task) if task in parents.index else None
            if isinstance(above, str) and above in inside:
                inside.add(task)
                last = i
        return last + 1

    def _next_wbs(self, parent: str) -> str:
        base = str(self.cells.at[self.position(parent), "wbs"])
        taken = set(self.cells["wbs"].tolist())
        number = 1
        while f"{base}.{number}" in taken:
            number += 1
        return f"{base}.{number}"

    def cost(self, amount: float, listed: list[str]) -> bool:
        """Add ``amount`` to planned_cost by weight; False when it cannot go into the plan."""
        if amount == 0:
            return True
        if "planned_cost" not in self.cells.columns:
            return False
        weights = {k: v for k, v in self.weights.items() if v > 0}
        if not weights:
            changed = list(self.weights) or [t for t in listed if not self._summary(t)]
            weights = dict.fromkeys(changed, 1.0)
        if not weights:
            return False
        total = sum(weights.values())
        left = amount
        for i, (task, weight) in enumerate(weights.items()):
            share = left if i == len(weights) - 1 else round(amount * weight / total, 2)
            left -= share
            at = self.position(task)
            current = _float(self.cells.at[at, "planned_cost"]) or 0.0
            self.cells.at[at, "planned_cost"] = _number_text(round(current + share, 2))
        return True

    def _summary(self, task: str) -> bool:
        tasks = self.project.tasks
        return task in tasks.index and bool(tasks.at[task, "summary"])


def _apply(project: Project, change_id: str) -> tuple[pd.DataFrame, bool, list[Problem]]:
    row, entries = _entries(project, change_id)
    work = _Cells(project, row)
    for entry in entries:
        if entry.kind in ("set", "grow", "shrink"):
            work.duration(entry)
        elif entry.kind == "after":
            work.after(entry)
        else:
            work.new(entry)
    cost = row["cost_impact"]
    in_plan = work.cost(0.0 if pd.isna(cost) else float(cost), list(row["tasks"]))
    return work.cells, in_plan, work.problems


def change_cells(project: Project, change_id: str) -> pd.DataFrame:
    """The text cells of tasks.csv with change ``change_id`` applied (see the module docs);
    ``pmtools.io.save_table`` writes them when the change is approved and applied.

    Raises ProjectInvalid, each problem located at the change's ``task_changes`` cell,
    when the change cannot be applied (a finished task, a task already there, ...).
    """
    cells, _, problems = _apply(project, change_id)
    if problems:
        raise ProjectInvalid(problems, str(project.path), project.language)
    return cells


def _project_from_cells(project: Project, cells: pd.DataFrame, where: Problem) -> Project:
    frame = cells.astype(str).copy()
    frame["_row"] = np.arange(2, len(frame) + 2, dtype=np.int64)
    layout = TableFile(tuple(cells.columns))
    problems: list[Problem] = []
    context = Context(
        start=project.start, status_date=project.status_date, sections=project.sections
    )
    tasks, links = parse_tasks(frame, layout, problems, context)
    usable = tasks.set_index("id", drop=True)
    network, _ = (
        check_cycles(usable, links, problems, by_position=True) if not problems else (None, [])
    )
    if problems:
        wrapped = [
            replace(where, code="change.apply.plan", values={"problem": p}) for p in problems
        ]
        raise ProjectInvalid(wrapped, str(project.path), project.language)
    tables = {**project.tables, TASKS_FILE: usable}
    return replace(project, tasks=usable, links=links, network=network, tables=tables)


def apply_change(project: Project, change_id: str) -> Project:
    """A copy of ``project`` with change ``change_id`` applied to its tasks; nothing is written.

    The new tasks table goes through the same parser and checks as tasks.csv on
    load (a link loop, a duplicate link, a bad cell); raises ProjectInvalid with
    the problems located at the change's ``task_changes`` cell.
    """
    row, _ = _entries(project, change_id)
    cells = change_cells(project, change_id)
    where = Problem(CHANGES_FILE, int(row["_row"]), "task_changes", "")
    return _project_from_cells(project, cells, where)


@dataclass(frozen=True)
class ChangeImpact:
    """One change applied to a copy of the plan, before against after.

    Dates are the forecast finish and the Monte Carlo P80 finish; ``slip_days`` and
    ``p80_slip_days`` are working days (after - before, positive = later). ``critical_*``
    are the open critical tasks (not finished, not summaries). BAC is the sum of
    ``planned_cost`` (None without that column). ``chance_*`` is the chance of meeting
    the deadline (None without one). When the change cannot be applied, ``problems``
    says why and the ``*_after`` figures are None.
    """

    change: str
    title: str
    status: str
    cost_impact: float | None
    finish_before: dt.date
    p80_before: dt.date
    bac_before: float | None
    chance_before: float | None
    critical_before: tuple[str, ...]
    finish_after: dt.date | None = None
    p80_after: dt.date | None = None
    bac_after: float | None = None
    chance_after: float | None = None
    critical_after: tuple[str, ...] = ()
    slip_days: int | None = None
    p80_slip_days: int | None = None
    cost_in_plan: bool = True
    floats: pd.DataFrame | None = None
    problems: tuple[Problem, ...] = ()

    @property
    def joins_critical(self) -> tuple[str, ...]:
        """Tasks critical after the change that were not before."""
        return tuple(t for t in self.critical_after if t not in self.critical_before)

    @property
    def leaves_critical(self) -> tuple[str, ...]:
        """Tasks critical before the change that are not after."""
        if self.problems:
            return ()
        return tuple(t for t in self.critical_before if t not in self.critical_after)


@dataclass(frozen=True)
class PlanMeasures:
    """What a change is measured on: the forecast finish (date and working-day offset), the
    Monte Carlo P80 finish, BAC (None without ``planned_cost``), the chance of meeting the
    deadline (None without one), the open critical tasks and the plan itself."""

    finish: dt.date
    offset: int
    p80: dt.date
    bac: float | None
    chance: float | None
    critical: tuple[str, ...]
    plan: pd.DataFrame


def _open_critical(plan: pd.DataFrame) -> tuple[str, ...]:
    leaves = plan[~plan["summary"] & plan["critical"] & (plan["status"] != "finished")]
    return tuple(str(i) for i in leaves.index)


def _bac(project: Project) -> float | None:
    tasks = project.tasks
    if "planned_cost" not in tasks.columns:
        return None
    return float(tasks.loc[~tasks["summary"].to_numpy(), "planned_cost"].fillna(0).sum())


def _measure(project: Project) -> PlanMeasures:
    from pmtools.montecarlo import simulate
    from pmtools.schedule import critical_path

    plan = critical_path(project)
    result = simulate(project, iterations=ITERATIONS, seed=SEED)
    p80 = pd.Timestamp(result.finish_date(result.percentile(80))).date()
    return PlanMeasures(
        finish=plan.attrs["project_finish"],
        offset=int(plan.attrs["finish_offset"]),
        p80=p80,
        bac=_bac(project),
        chance=result.deadline_probability,
        critical=_open_critical(plan),
        plan=plan,
    )


def plan_measures(project: Project) -> PlanMeasures:
    """The plan's measures without any pending change (computed once per project)."""
    return project.remember(("change.baseline", ITERATIONS, SEED), lambda: _measure(project))


def _affected(row: pd.Series, entries: list[TaskChange]) -> list[str]:
    """The change's ``tasks``, then each entry's task and the tasks it links to, once each."""
    found: list[str] = list(row["tasks"])
    for entry in entries:
        for task in (entry.task, *entry.link_ids()):
            if task not in found:
                found.append(task)
    return found


def change_impact(project: Project, change_id: str) -> ChangeImpact:
    """Change ``change_id`` applied to a copy of the plan: finish, slip, critical tasks,
    float of the affected tasks, BAC and the P80 finish before and after.

    Computed once per project and change (``Project.remember``). A change that cannot be
    applied gives an impact whose ``problems`` say why.
    """
    return project.remember(("change.impact", change_id), lambda: _impact(project, change_id))


def _impact(project: Project, change_id: str) -> ChangeImpact:
    row, entries = _entries(project, change_id)
    before = plan_measures(project)
    cost = None if pd.isna(row["cost_impact"]) else float(row["cost_impact"])
    common: dict[str, Any] = {
        "change": change_id,
        "title": str(row["title"]),
        "status": str(row["status"]),
        "cost_impact": cost,
        "finish_before": before.finish,
        "p80_before": before.p80,
        "bac_before": before.bac,
        "chance_before": before.chance,
        "critical_before": before.critical,
    }
    cells, in_plan, problems = _apply(project, change_id)
    where = Problem(CHANGES_FILE, int(row["_row"]), "task_changes", "")
    if not problems:
        try:
            changed = _project_from_cells(project, cells, where)
        except ProjectInvalid as error:
            problems = error.problems
    if problems:
        return ChangeImpact(**common, problems=tuple(problems))
    after = _measure(changed)
    cal = project.calendar
    affected = _affected(row, entries)
    floats = pd.DataFrame(
        {
            "name": [after.plan["name"].get(t, "") for t in affected],
            "float_before": [before.plan["total_float"].get(t, np.nan) for t in affected],
            "float_after": [after.plan["total_float"].get(t, np.nan) for t in affected],
            "critical_after": [bool(after.plan["critical"].get(t, False)) for t in affected],
        },
        index=pd.Index(affected, name="id"),
    ).astype({"float_before": float, "float_after": float})
    bac_after = after.bac
    if not in_plan and cost is not None:
        bac_after = (after.bac or 0.0) + cost
    return ChangeImpact(
        **common,
        finish_after=after.finish,
        p80_after=after.p80,
        bac_after=bac_after,
        chance_after=after.chance,
        critical_after=after.critical,
        slip_days=after.offset - before.offset,
        p80_slip_days=int(cal.offset(after.p80) - cal.offset(before.p80)),
        cost_in_plan=in_plan,
        floats=floats,
    )


def _pending_ids(project: Project) -> list[str]:
    log = change_log(project)
    return [str(i) for i in log.index[log["status"].isin(PENDING)]]


_IMPACT_COLUMNS = [
    "title",
    "status",
    "cost_impact",
    "finish_before",
    "finish_after",
    "slip_days",
    "p80_before",
    "p80_after",
    "p80_slip_days",
    "bac_before",
    "bac_after",
    "chance_before",
    "chance_after",
    "joins_critical",
    "leaves_critical",
    "problem",
]


def pending_impacts(project: Project) -> pd.DataFrame:
    """The impact of every pending change (submitted, assessed, approved), one row each
    (index id): the ``ChangeImpact`` figures, ``joins_critical``/``leaves_critical`` as
    lists of task ids and ``problem`` (why it cannot be applied, in the current language;
    '' when it can). Chances are fractions 0..1. Empty when nothing is pending."""
    rows = []
    for change in _pending_ids(project):
        impact = change_impact(project, change)
        rows.append(
            {
                "id": change,
                **{c: getattr(impact, c) for c in _IMPACT_COLUMNS if hasattr(impact, c)},
                "joins_critical": list(impact.joins_critical),
                "leaves_critical": list(impact.leaves_critical),
                "problem": "; ".join(p.message() for p in impact.problems),
            }
        )
    frame = pd.DataFrame(rows, columns=["id", *_IMPACT_COLUMNS]).set_index("id")
    for column in ("finish_before", "finish_after", "p80_before", "p80_after"):
        frame[column] = pd.to_datetime(frame[column])
    return frame


def float_changes(project: Project) -> pd.DataFrame:
    """Float of each pending change's affected tasks before and after (working days):
    columns change, task, name, float_before, float_after, critical_after; NaN before
    for a task the change adds. Changes that cannot be applied are left out."""
    parts = []
    for change in _pending_ids(project):
        impact = change_impact(project, change)
        if impact.floats is not None and not impact.floats.empty:
            part = impact.floats.reset_index().rename(columns={"id": "task"})
            part.insert(0, "change", change)
            parts.append(part)
    columns = ["change", "task", "name", "float_before", "float_after", "critical_after"]
    if not parts:
        return pd.DataFrame(columns=columns)
    return pd.concat(parts, ignore_index=True)[columns]


def attention(project: Project) -> list[Attention]:
    """What the change log says needs attention at the status date.

    Red: an assessed change whose P80 finish would move later and past the deadline.
    Amber: a change waiting more than ``DECISION_DAYS`` for a decision, or approved more
    than ``DECISION_DAYS`` ago and still not implemented in the plan.
    """
    log = change_log(project)
    if log.empty:
        return []
    found: list[Attention] = []
    day = pd.Timestamp(project.status_date)
    if project.deadline is not None:
        for change in log.index[log["status"] == "assessed"]:
            impact = change_impact(project, str(change))
            if (
                impact.p80_after is not None
                and impact.p80_slip_days is not None
                and impact.p80_slip_days > 0
                and impact.p80_after > project.deadline
            ):
                found.append(
                    Attention(
                        "change",
                        "red",
                        "change.attention.p80",
                        {
                            "id": change,
                            "title": impact.title,
                            "p80": impact.p80_after,
                            "days": impact.p80_slip_days,
                            "deadline": project.deadline,
                        },
                    )
                )
    for change, row in log[log["waiting"]].iterrows():
        found.append(
            Attention(
                "change",
                "amber",
                "change.attention.waiting",
                {"id": change, "title": row["title"], "days": int(row["age_days"])},
            )
        )
    approved = log[(log["status"] == "approved") & log["decided_on"].notna()]
    for change, row in approved.iterrows():
        days = int((day - row["decided_on"]).days)
        if days > DECISION_DAYS:
            found.append(
                Attention(
                    "change",
                    "amber",
                    "change.attention.not_applied",
                    {"id": change, "title": row["title"], "days": days},
                )
            )
    return found
