"""The one-page status report: RAG ratings with the rules behind them, and its sections.

Each area is rated green, amber or red by a stated rule (``RULES``), or
``none`` when the project has no data for it; the overall rating is the worst
area. The thresholds are the defaults PMOs commonly use and are written out on
the report next to each rating, so a reader can check them:

- schedule: red when the forecast finish is more than ``schedule_red_days``
  working days after the baseline finish, after the deadline, or SPI(t) is
  below ``index_red``; amber when it is more than ``schedule_amber_days``
  late or SPI(t) is below ``index_amber``.
- cost: red when CPI is below ``index_red`` or the forecast overrun (EAC -
  BAC) exceeds the reserve; amber when CPI is below ``index_amber`` or the
  forecast exceeds BAC (it uses reserve).
- scope: red when the requirement changes awaiting sign-off reach
  ``scope_red_share`` of the requirements in scope, each weighed by its priority
  (must 3, should 2, could 1, won't 0), or nothing has been signed off yet;
  amber with any change awaiting sign-off.
- risk: red when a high or critical threat has no response or its response
  is overdue; amber with any active high or critical threat, or any overdue
  response.
- quality: red when a must-have requirement marked done has no acceptance
  criteria or no tests, or ``quality_red_actions`` or more improvement
  actions are overdue; amber when any requirement in scope lacks acceptance
  criteria or tests, or any improvement action is overdue.
  With defect data (defects.csv or bugs in workitems.csv) it is also red when
  a critical defect has been open more than ``quality_critical_days`` calendar
  days, or more defects were found than fixed in each of the last
  ``quality_trend_weeks`` weeks; amber when any critical or major defect is
  open, the last week found more than it fixed, or a quality review is overdue
  or failed (and not passed since).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from pmtools.evm import EarnedValue
from pmtools.i18n import t
from pmtools.model import Attention, Project, StatusRules
from pmtools.quality import QualitySummary
from pmtools.schedule import ScheduleSummary

__all__ = [
    "AREAS",
    "RAGS",
    "Rating",
    "StatusReport",
    "StatusRules",
    "attention",
    "attention_frame",
    "status_report",
]

AREAS = ("scope", "schedule", "cost", "risk", "quality")
RAGS = ("green", "amber", "red", "none")
_WORST = {"green": 0, "amber": 1, "red": 2, "none": -1}
#: How much a requirement weighs in the scope rating, by MoSCoW priority.
PRIORITY_WEIGHTS = {"must": 3.0, "should": 2.0, "could": 1.0, "wont": 0.0}


@dataclass(frozen=True)
class Rating:
    """One area's rating: rag (green, amber, red, none) and the facts that set it."""

    area: str
    rag: str
    facts: str


@dataclass(frozen=True)
class StatusReport:
    """Everything on the status page, computed from the project files."""

    status_date: dt.date
    overall: str
    ratings: list[Rating]
    rules: StatusRules
    key_dates: pd.DataFrame
    done: pd.DataFrame
    next: pd.DataFrame
    risks: pd.DataFrame
    issues: pd.DataFrame
    changes: pd.DataFrame
    decisions: pd.DataFrame
    schedule: ScheduleSummary
    register: pd.DataFrame  # the scored risk register
    earned: EarnedValue | None  # None without planned costs
    attention: list[Attention] = field(default_factory=list)  # red first, then amber


def _worst(rags: list[str]) -> str:
    rated = [r for r in rags if r != "none"]
    return max(rated, key=_WORST.__getitem__) if rated else "none"


def _schedule(summary: ScheduleSummary, spi_t: float | None, rules: StatusRules) -> Rating:
    slip = summary.finish_variance
    late_for_deadline = summary.deadline_float is not None and summary.deadline_float < 0
    if slip is None and spi_t is None and summary.deadline is None:
        return Rating("schedule", "none", t("status.facts.none"))
    slip_days = slip or 0
    if (
        slip_days > rules.schedule_red_days
        or late_for_deadline
        or (spi_t is not None and spi_t < rules.index_red)
    ):
        rag = "red"
    elif slip_days > rules.schedule_amber_days or (spi_t is not None and spi_t < rules.index_amber):
        rag = "amber"
    else:
        rag = "green"
    facts = t(
        "status.facts.schedule",
        finish=summary.finish,
        slip=t("status.facts.slip", days=slip)
        if slip is not None
        else t("status.facts.no_baseline"),
        spi_t="-" if spi_t is None else f"{spi_t:.2f}",
    )
    if summary.deadline is not None:
        facts += t("status.facts.deadline", deadline=summary.deadline, float=summary.deadline_float)
    return Rating("schedule", rag, facts)


def _cost(project: Project, rules: StatusRules) -> tuple[Rating, EarnedValue | None]:
    from pmtools.evm import earned_value, reserve_state

    tasks = project.tasks
    no_costs = "planned_cost" not in tasks.columns or not tasks["planned_cost"].fillna(0).any()
    if no_costs:
        return Rating("cost", "none", t("status.facts.none")), None
    result = earned_value(project)
    reserve = reserve_state(project, result)
    cpi = result.cpi
    over = reserve["forecast_use"] or 0.0
    beyond = reserve["left"] is not None and reserve["left"] < 0
    if (cpi is not None and cpi < rules.index_red) or beyond:
        rag = "red"
    elif (cpi is not None and cpi < rules.index_amber) or over > 0:
        rag = "amber"
    else:
        rag = "green"
    facts = t(
        "status.facts.cost",
        cpi="-" if cpi is None else f"{cpi:.2f}",
        eac="-" if result.eac is None else f"{result.eac:,.0f}",
        bac=f"{result.bac:,.0f}",
        currency=project.currency or "",
    )
    if reserve["reserve"] is not None and reserve["left"] is not None:
        facts += t(
            "status.facts.reserve",
            reserve=f"{reserve['reserve']:,.0f}",
            left=f"{reserve['left']:,.0f}",
        )
    return Rating("cost", rag, facts), result


def _scope(project: Project, rules: StatusRules) -> tuple[Rating, pd.DataFrame]:
    from pmtools.requirements import in_play, signoff_state

    if project.requirements is None or project.requirements.empty:
        return Rating("scope", "none", t("status.facts.none")), pd.DataFrame()
    state = signoff_state(project)
    changes = state.changes
    count = len(changes)
    if state.signed_version is None:
        return Rating("scope", "red", t("status.facts.unsigned")), changes
    reqs = project.requirements
    scope_weight = float(reqs.loc[in_play(reqs), "priority"].map(PRIORITY_WEIGHTS).sum())
    change_weight = (
        float(changes["priority"].map(PRIORITY_WEIGHTS).fillna(0).sum()) if count else 0.0
    )
    share = change_weight / scope_weight if scope_weight else (1.0 if count else 0.0)
    rag = "red" if count and share >= rules.scope_red_share else "amber" if count else "green"
    facts = t(
        "status.facts.scope",
        version=state.signed_version,
        date=state.signed_on or "-",
        changes=count,
        share=f"{share:.0%}",
    )
    return Rating("scope", rag, facts), changes


def _risk(project: Project) -> tuple[Rating, pd.DataFrame]:
    from pmtools.risk import risk_register

    register = risk_register(project)
    if register.empty:
        return Rating("risk", "none", t("status.facts.none")), register
    active = register[register["active"]]
    threats = active[active["type"] == "threat"]
    serious = threats["rating"].isin(("high", "critical"))
    unmanaged = serious & ((threats["response"] == "") | threats["overdue"])
    if unmanaged.any():
        rag = "red"
    elif serious.any() or register["overdue"].any():
        rag = "amber"
    else:
        rag = "green"
    facts = t(
        "status.facts.risk",
        critical=int((threats["rating"] == "critical").sum()),
        high=int((threats["rating"] == "high").sum()),
        overdue=int(register["overdue"].sum()),
        unmanaged=int(unmanaged.sum()),
    )
    return Rating("risk", rag, facts), register


def _quality(project: Project, rules: StatusRules) -> Rating:
    from pmtools.agile import actions_overdue
    from pmtools.quality import has_quality_data, quality_summary
    from pmtools.requirements import in_play

    reqs = project.requirements
    overdue = len(actions_overdue(project)) if project.actions is not None else 0
    summary = quality_summary(project) if has_quality_data(project) else None
    if (reqs is None or reqs.empty) and project.actions is None and summary is None:
        return Rating("quality", "none", t("status.facts.none"))
    untested = must_done = 0
    if reqs is not None and not reqs.empty:
        in_scope = reqs[in_play(reqs)]
        lacking = (in_scope["acceptance_criteria"] == "") | (in_scope["tests"].map(len) == 0)
        untested = int(lacking.sum())
        must_done = int(
            (lacking & (in_scope["priority"] == "must") & (in_scope["status"] == "done")).sum()
        )
    red = bool(must_done or overdue >= rules.quality_red_actions)
    amber = bool(untested or overdue)
    facts = t("status.facts.quality", untested=untested, must_done=must_done, overdue=overdue)
    if summary is not None and summary.has_defects:
        red = red or _defects_red(summary, rules)
        amber = amber or _defects_amber(summary)
        facts = _defect_facts(summary) + " " + facts
    elif summary is not None and summary.reviews:
        amber = amber or bool(summary.reviews_overdue or summary.reviews_failed)
        facts = _review_facts(summary) + " " + facts
    rag = "red" if red else "amber" if amber else "green"
    return Rating("quality", rag, facts)


def _defects_red(summary: QualitySummary, rules: StatusRules) -> bool:
    critical_days = summary.oldest_critical_days
    stale = critical_days is not None and critical_days > rules.quality_critical_days
    weeks = rules.quality_trend_weeks
    return stale or (weeks > 0 and summary.outpacing_weeks >= weeks)


def _defects_amber(summary: QualitySummary) -> bool:
    serious = summary.open_by_severity.get("critical", 0) + summary.open_by_severity.get("major", 0)
    return bool(
        serious or summary.outpacing_weeks >= 1 or summary.reviews_overdue or summary.reviews_failed
    )


def _defect_facts(summary: QualitySummary) -> str:
    found = summary.found_by_week[-2:]
    fixed = summary.fixed_by_week[-2:]
    facts = t(
        "status.facts.defects",
        open=summary.open,
        critical=summary.open_by_severity.get("critical", 0),
        major=summary.open_by_severity.get("major", 0),
        found=" / ".join(map(str, found)) or "0",
        fixed=" / ".join(map(str, fixed)) or "0",
    )
    if summary.oldest_critical_days is not None:
        facts += " " + t("status.facts.critical_age", days=summary.oldest_critical_days)
    if summary.reviews:
        facts += " " + _review_facts(summary)
    return facts


def _review_facts(summary: QualitySummary) -> str:
    return t("status.facts.reviews", overdue=summary.reviews_overdue, failed=summary.reviews_failed)


def _key_dates(plan: pd.DataFrame, summary: ScheduleSummary) -> pd.DataFrame:
    """Milestones and the project finish: baseline, forecast, variance, status."""
    rows = plan[plan["milestone"]].copy()
    columns = ["name", "baseline_finish", "finish", "finish_variance", "status", "critical"]
    rows = rows.reindex(columns=columns)
    finish = pd.DataFrame(
        {
            "name": [t("status.project_finish")],
            "baseline_finish": [
                pd.NaT if summary.baseline_finish is None else pd.Timestamp(summary.baseline_finish)
            ],
            "finish": [pd.Timestamp(summary.finish)],
            "finish_variance": [summary.finish_variance],
            "status": ["finished" if (plan["status"] == "finished").all() else "not_started"],
            "critical": [True],
        },
        index=pd.Index(["—"], name="id"),
    )
    frame = pd.concat([rows, finish.reindex(columns=columns)])
    frame["finish"] = pd.to_datetime(frame["finish"])
    return frame.sort_values("finish", kind="stable")


def _done_and_next(
    project: Project, plan: pd.DataFrame, when: dt.date, rules: StatusRules
) -> tuple[pd.DataFrame, pd.DataFrame]:
    leaves = plan[~plan["summary"]]
    day = pd.Timestamp(when)
    since = day - pd.Timedelta(days=rules.lookback_days)
    finished = leaves["actual_finish"].notna() & (leaves["actual_finish"] > since)
    done = leaves[finished & (leaves["actual_finish"] <= day)].sort_values("actual_finish")
    done = (
        done[["name", "owner", "actual_finish"]]
        if "owner" in done
        else done[["name", "actual_finish"]]
    )
    until = day + pd.Timedelta(days=rules.lookahead_days)
    open_ = leaves[(leaves["status"] != "finished") & (pd.to_datetime(leaves["start"]) <= until)]
    upcoming = open_.sort_values(["start", "finish"])
    keep = [
        c
        for c in ("name", "owner", "start", "finish", "percent_complete", "critical")
        if c in upcoming
    ]
    return done, upcoming[keep]


def _decisions(project: Project, when: dt.date) -> pd.DataFrame:
    table = project.decisions
    if table is None or table.empty:
        return pd.DataFrame(columns=["decision", "owner", "needed_by", "overdue"])
    open_ = table[table["status"] == "open"].copy()
    open_["overdue"] = (open_["needed_by"] < pd.Timestamp(when)).fillna(False)
    return open_.sort_values("needed_by", na_position="last")[
        ["decision", "owner", "needed_by", "overdue"]
    ]


def attention(project: Project) -> list[Attention]:
    """What every practice says needs attention now (``Practice.attention``), red first."""
    import importlib

    from pmtools.tables import PRACTICES

    found: list[Attention] = []
    for practice in PRACTICES.values():
        if practice.attention is None:
            continue
        module, _, name = practice.attention.partition(":")
        found.extend(getattr(importlib.import_module(module), name)(project))
    order = {"red": 0, "amber": 1}
    return sorted(found, key=lambda a: order.get(a.level, 2))


def attention_frame(items: list[Attention]) -> pd.DataFrame:
    """The attention items as a table: practice (its title), level (rag), message."""
    from pmtools.i18n import get_language
    from pmtools.tables import PRACTICES

    language = get_language()
    return pd.DataFrame(
        {
            "practice": [PRACTICES[a.practice].title.get(language) for a in items],
            "rag": [a.level for a in items],
            "message": [a.message() for a in items],
        },
        columns=["practice", "rag", "message"],
    )


def status_report(project: Project, *, rules: StatusRules | None = None) -> StatusReport:
    """Rate the project and gather the sections of the status page at its status date.

    ``rules`` default to the project's (``status:`` in project.yaml, else the defaults).
    Computed once per project and rules (``Project.remember``).
    """
    chosen = rules or project.status_rules
    return project.remember(("status_report", chosen), lambda: _status_report(project, chosen))


def _status_report(project: Project, rules: StatusRules) -> StatusReport:
    from pmtools.risk import top_risks
    from pmtools.schedule import critical_path, schedule_summary

    when = project.status_date
    plan = critical_path(project)
    summary = schedule_summary(project, plan)
    cost, result = _cost(project, rules)
    spi_t = None if result is None else result.spi_t
    scope, changes = _scope(project, rules)
    risk, register = _risk(project)
    ratings = [scope, _schedule(summary, spi_t, rules), cost, risk, _quality(project, rules)]
    done, upcoming = _done_and_next(project, plan, when, rules)
    issues = register[register["status"] == "occurred"] if not register.empty else register
    return StatusReport(
        status_date=when,
        overall=_worst([r.rag for r in ratings]),
        ratings=ratings,
        rules=rules,
        key_dates=_key_dates(plan, summary),
        done=done,
        next=upcoming,
        risks=top_risks(register, 5),
        issues=issues,
        changes=changes,
        decisions=_decisions(project, when),
        schedule=summary,
        register=register,
        earned=result,
        attention=attention(project),
    )
