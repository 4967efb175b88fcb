"""The course: its lessons, each with a sample project folder and its exercises.

Every expected answer is a function of the lesson's project computed with
pmtools, so the same exercise checks the English and the Chinese sample data
(same ids, numbers and dates; only the text differs) and changes with them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from pmtools.agile import burndown, velocity
from pmtools.change import change_impact, change_log
from pmtools.documents import document_register
from pmtools.emergency import drill_schedule, incident_log
from pmtools.errors import ProjectInvalid, ProjectNotFound
from pmtools.evm import earned_value
from pmtools.feedback import csat, customer_overview, feedback_frame, nps
from pmtools.flow import board_of, cycle_time_percentiles, cycle_times, wip, workitems
from pmtools.innovation import idea_scores
from pmtools.io import load_project
from pmtools.model import Project
from pmtools.montecarlo import SimulationResult, pert_tasks, simulate
from pmtools.quality import defect_density, quality_summary, reviews
from pmtools.requirements import changes_since_signoff, in_play, requirements_frame, traceability
from pmtools.resources import level, utilisation
from pmtools.risk import open_threat_emv, overdue_responses, risk_register
from pmtools.schedule import critical_path, schedule_summary, slippage
from pmtools.stakeholders import communication_plan, communications_overdue, stakeholder_register
from pmtools.status import status_report
from pmtools.team import conflict_register, conflicts_overdue, kpi_scorecard, learning_items
from pmtools.training._exercise import Criterion, Exercise

__all__ = ["DATA_DIR", "EXERCISES", "LESSONS", "Lesson", "lesson_dir"]

_PACKAGE = Path(__file__).resolve().parent.parent  # pmtools/
_PACKAGED = _PACKAGE / "_notebooks" / "training"
#: The lessons' notebooks and sample projects: packaged, or notebooks/training of a checkout.
TRAINING_DIR = _PACKAGED if _PACKAGED.is_dir() else _PACKAGE.parent / "notebooks" / "training"
DATA_DIR = TRAINING_DIR / "data"


@dataclass(frozen=True)
class Lesson:
    """One lesson: ``id`` is its notebook's name (``02-critical-path``), ``title`` an i18n key."""

    id: str
    title: str
    exercises: tuple[Exercise, ...]

    @property
    def number(self) -> str:
        return self.id.split("-", 1)[0]


def _version_texts(project: Project) -> set[str]:
    """DOC-2's approved version as a PM may write it: ``1.0``, ``v1.0``, ``version 1.0``."""
    version = str(document_register(project).loc["DOC-2", "approved_version"])
    return {version, f"v{version}", f"version {version}", f"版本{version}", f"版本 {version}"}


def lesson_dir(lesson_id: str, language: str) -> Path:
    """The lesson's sample project folder in ``language`` (en or zh)."""
    return DATA_DIR / language / lesson_id


# -- helpers: the facts the exercises ask about --------------------------------------------------


def _leaves(project: Project) -> pd.DataFrame:
    return project.tasks[~project.tasks["summary"].to_numpy()]


def _task_ids(project: Project) -> list[str]:
    return [str(i) for i in _leaves(project).index]


def _requirement_ids(project: Project) -> list[str]:
    return [str(i) for i in requirements_frame(project).index]


def _plan(project: Project) -> pd.DataFrame:
    """The lesson project's schedule, computed once per loaded project."""
    return project.remember(("training", "plan"), lambda: critical_path(project))


def _longest_tasks(project: Project) -> set[str]:
    leaves = _leaves(project)
    return set(leaves.index[leaves["duration"] == leaves["duration"].max()])


def _without_criteria(project: Project) -> set[str]:
    reqs = requirements_frame(project)
    live = reqs[in_play(reqs)]
    empty = live["acceptance_criteria"].fillna("").astype(str).str.strip() == ""
    return set(live.index[empty])


def _untraced(project: Project) -> set[str]:
    trace = traceability(project)
    return set(trace.index[trace["gap"].isin(("untraced", "both"))])


def _must_count(project: Project) -> int:
    reqs = requirements_frame(project)
    return int(((reqs["priority"] == "must") & in_play(reqs)).sum())


def _task_value(task: str, column: str) -> Callable[[Project], Any]:
    def value(project: Project) -> Any:
        return _plan(project).loc[task, column]

    return value


def _task_name(task: str) -> Callable[[Project], dict[str, Any]]:
    def values(project: Project) -> dict[str, Any]:
        return {"task": task, "name": project.tasks.loc[task, "name"]}

    return values


def _finish(project: Project) -> dt.date:
    return schedule_summary(project, _plan(project)).finish


def _finish_variance(project: Project) -> int | None:
    return schedule_summary(project, _plan(project)).finish_variance


def _open_and_late(project: Project) -> set[str]:
    late = slippage(_plan(project), top=len(project.tasks))
    return set(late.index[late["status"] != "finished"])


def _critical(project: Project) -> set[str]:
    plan = _plan(project)
    return set(plan.index[plan["critical"] & ~plan["summary"]])


def _pert_expected(task: str) -> Callable[[Project], float]:
    def value(project: Project) -> float:
        expected: float = pert_tasks(project)["expected"].astype(float)[task]
        return expected

    return value


def _simulation(project: Project) -> SimulationResult:
    """The lesson's Monte Carlo run: 10,000 schedules, seed 1 (the notebook shows the same)."""
    return project.remember(
        ("training", "simulation"), lambda: simulate(project, iterations=10_000, seed=1)
    )


def _p80(project: Project) -> float:
    return _simulation(project).percentile(80)


def _p80_later(project: Project) -> str:
    plan_days = schedule_summary(project, _plan(project)).duration
    return "yes" if _p80(project) > plan_days else "no"


def _risk_value(risk: str, column: str) -> Callable[[Project], Any]:
    def value(project: Project) -> Any:
        return risk_register(project).loc[risk, column]

    return value


def _risk_title(risk: str) -> Callable[[Project], dict[str, Any]]:
    def values(project: Project) -> dict[str, Any]:
        return {"risk": risk, "title": risk_register(project).loc[risk, "title"]}

    return values


def _risks_rated_high(project: Project) -> set[str]:
    register = risk_register(project)
    return set(register.index[register["active"] & register["rating"].isin(("high", "critical"))])


def _risk_ids(project: Project) -> list[str]:
    return [str(i) for i in risk_register(project).index]


def _evm(field: str) -> Callable[[Project], Any]:
    def value(project: Project) -> Any:
        return getattr(earned_value(project), field)

    return value


def _rolling_velocity(project: Project) -> float:
    finished = velocity(project)
    finished = finished[finished["finished"]]
    return float(finished["rolling_velocity"].iloc[-1])


def _behind_ideal(project: Project) -> float:
    """Points above the ideal line on the last day with a burndown figure."""
    frame = burndown(project).dropna(subset=["remaining"])
    last = frame.iloc[-1]
    return float(last["remaining"] - last["ideal"])


def _items_in_progress(project: Project) -> int:
    items = workitems(project)
    if items is None:
        return 0
    board = board_of(project)
    frame = wip(items, board)
    return int(frame.loc[frame["stage"] == "in_progress", "items"].sum())


def _cycle_time_p85(project: Project) -> float | None:
    items = workitems(project)
    if items is None:
        return None
    return cycle_time_percentiles(cycle_times(items), (85,))[85]


def _quadrant(quadrant: str) -> Callable[[Project], set[str]]:
    def value(project: Project) -> set[str]:
        register = stakeholder_register(project)
        return set(register.index[register["quadrant"] == quadrant])

    return value


def _customers_due(project: Project) -> set[str]:
    """Customers not visited for longer than their cycle and no visit planned."""
    overview = customer_overview(project)
    return set(overview.index[overview["state"] == "due"])


def _customer_ids(project: Project) -> list[str]:
    return sorted(str(i) for i in customer_overview(project).index)


def _stakeholder_ids(project: Project) -> list[str]:
    return [str(i) for i in stakeholder_register(project).index.sort_values()]


def _communication_ids(project: Project) -> list[str]:
    return [str(i) for i in communication_plan(project).index]


def _nps(project: Project) -> float | None:
    score = nps(feedback_frame(project)["nps"])
    return None if score is None else score.score


def _csat_share(project: Project) -> float | None:
    score = csat(feedback_frame(project)["csat"])
    return None if score is None else 100 * score.share


def _kpi_result(kpi_row: int) -> Callable[[Project], str]:
    def value(project: Project) -> str:
        return str(kpi_scorecard(project)["result"].iloc[kpi_row])

    return value


def _kpi_name(kpi_row: int) -> Callable[[Project], dict[str, Any]]:
    def values(project: Project) -> dict[str, Any]:
        return {"kpi": kpi_scorecard(project)["kpi"].iloc[kpi_row]}

    return values


def _conflict_ids(project: Project) -> list[str]:
    return sorted(str(i) for i in conflict_register(project).index)


def _learning_overdue(project: Project) -> int:
    items = learning_items(project)
    return int((items["state"] == "overdue").sum()) if not items.empty else 0


def _idea_score(idea: str) -> Callable[[Project], float]:
    def value(project: Project) -> float:
        score: float = idea_scores(project)["score"].astype(float)[idea]
        return score

    return value


def _impact(change: str, field: str) -> Callable[[Project], Any]:
    def value(project: Project) -> Any:
        return getattr(change_impact(project, change), field)

    return value


def _moves_finish(change: str) -> Callable[[Project], str]:
    def value(project: Project) -> str:
        slip = change_impact(project, change).slip_days
        return "yes" if slip else "no"

    return value


def _awaiting(project: Project) -> set[str]:
    log = change_log(project)
    return set(log.index[log["status"].isin(("submitted", "assessed"))])


def _change_ids(project: Project) -> list[str]:
    return [str(i) for i in change_log(project).index]


def _documents_in_state(*states: str) -> Callable[[Project], set[str]]:
    def value(project: Project) -> set[str]:
        register = document_register(project)
        return set(register.index[register["review_state"].isin(states)])

    return value


def _document_ids(project: Project) -> list[str]:
    return [str(i) for i in document_register(project).index]


def _drills_not_done(project: Project) -> set[str]:
    drills = drill_schedule(project)
    return set(drills.index[drills["drill_state"].isin(("overdue", "never"))])


def _scenario_ids(project: Project) -> list[str]:
    return sorted(str(i) for i in drill_schedule(project).index)


def _incident_ids(project: Project) -> list[str]:
    return sorted(str(i) for i in incident_log(project).index)


def _missed_rto(project: Project) -> set[str]:
    log = incident_log(project)
    return {str(i) for i, met in log["met_rto"].items() if met is False}


def _density(component_row: int) -> Callable[[Project], float]:
    def value(project: Project) -> float:
        return float(defect_density(project)["per_kloc"].iloc[component_row])

    return value


def _component(component_row: int) -> Callable[[Project], dict[str, Any]]:
    def values(project: Project) -> dict[str, Any]:
        return {"component": defect_density(project).index[component_row]}

    return values


def _reviews_overdue(project: Project) -> set[str]:
    table = reviews(project)
    return set(table.index[table["state"] == "overdue"]) if not table.empty else set()


def _review_ids(project: Project) -> list[str]:
    return [str(i) for i in reviews(project).index]


def _levelled(project: Project, within_float: bool) -> Any:
    """The lesson's levelling: one solver thread and a fixed seed, so the same plan each time."""
    return project.remember(
        ("training", "level", within_float),
        lambda: level(project, within_float=within_float, workers=1, seed=0),
    )


def _utilisation(resource_row: int, column: str) -> Callable[[Project], float]:
    def value(project: Project) -> float:
        return float(utilisation(project)[column].iloc[resource_row])

    return value


def _resource(resource_row: int) -> Callable[[Project], dict[str, Any]]:
    def values(project: Project) -> dict[str, Any]:
        return {"resource": utilisation(project).index[resource_row]}

    return values


def _levels_within_float(project: Project) -> str:
    return "yes" if _levelled(project, True).conflicts.empty else "no"


# -- the capstone: reviews of the learner's own project folder --------------------------------

#: The capstone's model answer: a folder beside the brief (``14-capstone-model``).
CAPSTONE = "14-capstone"


def _model_folder(project: Project) -> Path:
    return project.path.parent / f"{CAPSTONE}-model"


def _loaded(folder: Path) -> tuple[Project | None, list[Criterion]]:
    """The learner's project, or the criteria it fails: no folder, or every problem found."""
    try:
        return load_project(folder), []
    except ProjectNotFound:
        return None, [(False, "training.14.no_folder", {"folder": folder.name})]
    except ProjectInvalid as exc:
        shown: list[Criterion] = [
            (False, "training.14.problem", {"problem": str(p)}) for p in exc.problems[:5]
        ]
        if len(exc.problems) > 5:
            shown.append((False, "training.14.more_problems", {"count": len(exc.problems) - 5}))
        return None, shown


def _unless_none(rows: pd.DataFrame, key: str) -> str:
    """``key``, or its ``.none`` variant when there is nothing yet to check it on."""
    return key if len(rows) else f"{key}.none"


def _ids(ids: Any) -> str:
    return ", ".join(sorted(map(str, ids))) or "-"


def _review_requirements(folder: Path, brief: Project) -> list[Criterion]:
    mine, failed = _loaded(folder)
    if mine is None:
        return failed
    reqs = requirements_frame(mine)
    live = reqs[in_play(reqs)]
    must = live[live["priority"] == "must"]
    criteria = live["acceptance_criteria"].fillna("").astype(str).str.strip() == ""
    no_criteria = set(must.index[criteria.reindex(must.index, fill_value=True)])
    untraced = set(must.index[~must["tasks"].map(bool)])
    return [
        (len(live) >= 4, "training.14.req.count", {"found": len(live)}),
        (
            len(must) >= 1 and len(live) > len(must),
            "training.14.req.moscow",
            {"must": len(must), "others": len(live) - len(must)},
        ),
        (
            len(must) > 0 and not no_criteria,
            _unless_none(must, "training.14.req.criteria"),
            {"ids": _ids(no_criteria)},
        ),
        (
            len(must) > 0 and not untraced,
            _unless_none(must, "training.14.req.traced"),
            {"ids": _ids(untraced)},
        ),
    ]


def _review_schedule(folder: Path, brief: Project) -> list[Criterion]:
    mine, failed = _loaded(folder)
    if mine is None:
        return failed
    leaves = _leaves(mine)
    plan = critical_path(mine, use_progress=False)
    finish = schedule_summary(mine, plan).finish
    deadline = brief.deadline
    return [
        (len(leaves) >= 5, "training.14.tasks.count", {"found": len(leaves)}),
        (bool((leaves["duration"] == 0).any()), "training.14.tasks.milestone", {}),
        (
            deadline is None or finish <= deadline,
            "training.14.tasks.deadline",
            {"finish": finish, "deadline": deadline},
        ),
    ]


def _review_risks(folder: Path, brief: Project) -> list[Criterion]:
    mine, failed = _loaded(folder)
    if mine is None:
        return failed
    register = risk_register(mine)
    active = register[register["active"]] if not register.empty else register
    missing = set()
    for column in ("owner", "response"):
        if column in active.columns:
            empty = active[column].fillna("").astype(str).str.strip() == ""
            missing |= set(active.index[empty])
    if "response_due" in active.columns:
        missing |= set(active.index[active["response_due"].isna()])
    return [
        (len(active) >= 3, "training.14.risks.count", {"found": len(active)}),
        (
            len(active) > 0 and not missing,
            _unless_none(active, "training.14.risks.response"),
            {"ids": _ids(missing)},
        ),
    ]


def _review_status(folder: Path, brief: Project) -> list[Criterion]:
    mine, failed = _loaded(folder)
    if mine is None:
        return failed
    tasks = _leaves(mine)
    progress = "percent_complete" in tasks.columns and bool(
        (tasks["percent_complete"].fillna(0) > 0).any()
    )
    baseline = "baseline_finish" in tasks.columns and bool(tasks["baseline_finish"].notna().any())
    overall = status_report(mine).overall
    return [
        (mine.status_date_source == "project", "training.14.status.date", {}),
        (progress, "training.14.status.progress", {}),
        (baseline, "training.14.status.baseline", {}),
        # the starter folder is rated too (one task, no progress): that earns nothing yet
        (progress and overall in ("green", "amber", "red"), "training.14.status.rating", {}),
    ]


# -- the lessons ----------------------------------------------------------------------------------

LESSONS: dict[str, Lesson] = {
    lesson.id: lesson
    for lesson in (
        Lesson(
            "00-start-here",
            "training.00.title",
            (
                Exercise(
                    "00.tasks",
                    "number",
                    "training.00.tasks.prompt",
                    "training.00.tasks.hint",
                    lambda p: len(_leaves(p)),
                ),
                Exercise(
                    "00.start",
                    "date",
                    "training.00.start.prompt",
                    "training.00.start.hint",
                    lambda p: p.start,
                ),
                Exercise(
                    "00.longest",
                    "ids",
                    "training.00.longest.prompt",
                    "training.00.longest.hint",
                    _longest_tasks,
                    options=_task_ids,
                    one=True,
                ),
            ),
        ),
        Lesson(
            "01-requirements",
            "training.01.title",
            (
                Exercise(
                    "01.must",
                    "number",
                    "training.01.must.prompt",
                    "training.01.must.hint",
                    _must_count,
                ),
                Exercise(
                    "01.criteria",
                    "ids",
                    "training.01.criteria.prompt",
                    "training.01.criteria.hint",
                    _without_criteria,
                    options=_requirement_ids,
                ),
                Exercise(
                    "01.untraced",
                    "ids",
                    "training.01.untraced.prompt",
                    "training.01.untraced.hint",
                    _untraced,
                    options=_requirement_ids,
                ),
                Exercise(
                    "01.signoff",
                    "ids",
                    "training.01.signoff.prompt",
                    "training.01.signoff.hint",
                    lambda p: set(changes_since_signoff(p).index),
                    options=_requirement_ids,
                ),
            ),
        ),
        Lesson(
            "02-critical-path",
            "training.02.title",
            (
                Exercise(
                    "02.duration",
                    "number",
                    "training.02.duration.prompt",
                    "training.02.duration.hint",
                    lambda p: schedule_summary(p, _plan(p)).duration,
                    unit="training.unit.days",
                ),
                Exercise(
                    "02.critical",
                    "ids",
                    "training.02.critical.prompt",
                    "training.02.critical.hint",
                    _critical,
                    options=_task_ids,
                ),
                Exercise(
                    "02.float",
                    "number",
                    "training.02.float.prompt",
                    "training.02.float.hint",
                    _task_value("D", "total_float"),
                    unit="training.unit.days",
                    values=_task_name("D"),
                ),
                Exercise(
                    "02.early-start",
                    "number",
                    "training.02.early_start.prompt",
                    "training.02.early_start.hint",
                    _task_value("E", "early_start"),
                    unit="training.unit.days",
                    values=_task_name("E"),
                ),
                Exercise(
                    "02.finish",
                    "date",
                    "training.02.finish.prompt",
                    "training.02.finish.hint",
                    _finish,
                ),
            ),
        ),
        Lesson(
            "03-time-tracking",
            "training.03.title",
            (
                Exercise(
                    "03.finish",
                    "date",
                    "training.03.finish.prompt",
                    "training.03.finish.hint",
                    _finish,
                ),
                Exercise(
                    "03.variance",
                    "number",
                    "training.03.variance.prompt",
                    "training.03.variance.hint",
                    _finish_variance,
                    unit="training.unit.days",
                ),
                Exercise(
                    "03.late",
                    "ids",
                    "training.03.late.prompt",
                    "training.03.late.hint",
                    _open_and_late,
                    options=_task_ids,
                ),
            ),
        ),
        Lesson(
            "04-pert-monte-carlo",
            "training.04.title",
            (
                Exercise(
                    "04.pert",
                    "number",
                    "training.04.pert.prompt",
                    "training.04.pert.hint",
                    _pert_expected("B"),
                    tolerance=0.05,
                    unit="training.unit.days",
                    values=_task_name("B"),
                ),
                Exercise(
                    "04.plan",
                    "number",
                    "training.04.plan.prompt",
                    "training.04.plan.hint",
                    lambda p: schedule_summary(p, _plan(p)).duration,
                    unit="training.unit.days",
                ),
                Exercise(
                    "04.p80",
                    "number",
                    "training.04.p80.prompt",
                    "training.04.p80.hint",
                    _p80,
                    tolerance=0.05,
                    relative=True,
                    unit="training.unit.days",
                ),
                Exercise(
                    "04.later",
                    "choice",
                    "training.04.later.prompt",
                    "training.04.later.hint",
                    _p80_later,
                    choices=("yes", "no"),
                ),
            ),
        ),
        Lesson(
            "05-risks",
            "training.05.title",
            (
                Exercise(
                    "05.score",
                    "number",
                    "training.05.score.prompt",
                    "training.05.score.hint",
                    _risk_value("R3", "score"),
                    values=_risk_title("R3"),
                ),
                Exercise(
                    "05.high",
                    "ids",
                    "training.05.high.prompt",
                    "training.05.high.hint",
                    _risks_rated_high,
                    options=_risk_ids,
                ),
                Exercise(
                    "05.overdue",
                    "ids",
                    "training.05.overdue.prompt",
                    "training.05.overdue.hint",
                    lambda p: set(overdue_responses(p).index),
                    options=_risk_ids,
                ),
                Exercise(
                    "05.emv",
                    "number",
                    "training.05.emv.prompt",
                    "training.05.emv.hint",
                    lambda p: open_threat_emv(risk_register(p)),
                    tolerance=0.01,
                    relative=True,
                    values=lambda p: {"currency": p.currency or ""},
                ),
            ),
        ),
        Lesson(
            "06-earned-value",
            "training.06.title",
            (
                Exercise(
                    "06.cpi",
                    "number",
                    "training.06.cpi.prompt",
                    "training.06.cpi.hint",
                    _evm("cpi"),
                    tolerance=0.01,
                ),
                Exercise(
                    "06.spi",
                    "number",
                    "training.06.spi.prompt",
                    "training.06.spi.hint",
                    _evm("spi"),
                    tolerance=0.01,
                ),
                Exercise(
                    "06.eac",
                    "number",
                    "training.06.eac.prompt",
                    "training.06.eac.hint",
                    _evm("eac"),
                    tolerance=0.01,
                    relative=True,
                    values=lambda p: {"currency": p.currency or ""},
                ),
                Exercise(
                    "06.es",
                    "number",
                    "training.06.es.prompt",
                    "training.06.es.hint",
                    _evm("es"),
                    tolerance=0.5,
                    unit="training.unit.days",
                ),
            ),
        ),
        Lesson(
            "07-agile-kanban",
            "training.07.title",
            (
                Exercise(
                    "07.velocity",
                    "number",
                    "training.07.velocity.prompt",
                    "training.07.velocity.hint",
                    _rolling_velocity,
                    tolerance=0.1,
                    unit="training.unit.points",
                ),
                Exercise(
                    "07.burndown",
                    "number",
                    "training.07.burndown.prompt",
                    "training.07.burndown.hint",
                    _behind_ideal,
                    tolerance=0.1,
                    unit="training.unit.points",
                ),
                Exercise(
                    "07.wip",
                    "number",
                    "training.07.wip.prompt",
                    "training.07.wip.hint",
                    _items_in_progress,
                ),
                Exercise(
                    "07.cycle",
                    "number",
                    "training.07.cycle.prompt",
                    "training.07.cycle.hint",
                    _cycle_time_p85,
                    tolerance=0.05,
                    unit="training.unit.calendar_days",
                ),
            ),
        ),
        Lesson(
            "08-stakeholders-feedback",
            "training.08.title",
            (
                Exercise(
                    "08.manage",
                    "ids",
                    "training.08.manage.prompt",
                    "training.08.manage.hint",
                    _quadrant("manage-closely"),
                    options=_stakeholder_ids,
                ),
                Exercise(
                    "08.visits",
                    "ids",
                    "training.08.visits.prompt",
                    "training.08.visits.hint",
                    _customers_due,
                    options=_customer_ids,
                ),
                Exercise(
                    "08.overdue",
                    "ids",
                    "training.08.overdue.prompt",
                    "training.08.overdue.hint",
                    lambda p: set(communications_overdue(p).index),
                    options=_communication_ids,
                ),
                Exercise(
                    "08.nps",
                    "number",
                    "training.08.nps.prompt",
                    "training.08.nps.hint",
                    _nps,
                    tolerance=0.5,
                    percent=True,  # 10 and 10% both read as 10 (points of %)
                ),
                Exercise(
                    "08.csat",
                    "number",
                    "training.08.csat.prompt",
                    "training.08.csat.hint",
                    _csat_share,
                    tolerance=0.5,
                    percent=True,
                    unit="training.unit.percent",
                ),
            ),
        ),
        Lesson(
            "09-change-control",
            "training.09.title",
            (
                Exercise(
                    "09.awaiting",
                    "ids",
                    "training.09.awaiting.prompt",
                    "training.09.awaiting.hint",
                    _awaiting,
                    options=_change_ids,
                ),
                Exercise(
                    "09.float",
                    "number",
                    "training.09.float.prompt",
                    "training.09.float.hint",
                    _task_value("C", "total_float"),
                    unit="training.unit.days",
                    values=_task_name("C"),
                ),
                Exercise(
                    "09.slip",
                    "number",
                    "training.09.slip.prompt",
                    "training.09.slip.hint",
                    _impact("CR-1", "slip_days"),
                    unit="training.unit.days",
                ),
                Exercise(
                    "09.moves",
                    "choice",
                    "training.09.moves.prompt",
                    "training.09.moves.hint",
                    _moves_finish("CR-2"),
                    choices=("yes", "no"),
                ),
                Exercise(
                    "09.bac",
                    "number",
                    "training.09.bac.prompt",
                    "training.09.bac.hint",
                    _impact("CR-1", "bac_after"),
                    tolerance=0.01,
                    relative=True,
                    values=lambda p: {"currency": p.currency or ""},
                ),
            ),
        ),
        Lesson(
            "10-quality",
            "training.10.title",
            (
                Exercise(
                    "10.open",
                    "number",
                    "training.10.open.prompt",
                    "training.10.open.hint",
                    lambda p: quality_summary(p).open,
                ),
                Exercise(
                    "10.outpacing",
                    "number",
                    "training.10.outpacing.prompt",
                    "training.10.outpacing.hint",
                    lambda p: quality_summary(p).outpacing_weeks,
                ),
                Exercise(
                    "10.density",
                    "number",
                    "training.10.density.prompt",
                    "training.10.density.hint",
                    _density(0),
                    tolerance=0.01,
                    values=_component(0),
                ),
                Exercise(
                    "10.escaped",
                    "number",
                    "training.10.escaped.prompt",
                    "training.10.escaped.hint",
                    lambda p: quality_summary(p).escaped,
                ),
                Exercise(
                    "10.reviews",
                    "ids",
                    "training.10.reviews.prompt",
                    "training.10.reviews.hint",
                    _reviews_overdue,
                    options=_review_ids,
                ),
            ),
        ),
        Lesson(
            "11-resources",
            "training.11.title",
            (
                Exercise(
                    "11.over",
                    "number",
                    "training.11.over.prompt",
                    "training.11.over.hint",
                    _utilisation(1, "over_days"),
                    unit="training.unit.days",
                    values=_resource(1),
                ),
                Exercise(
                    "11.peak",
                    "number",
                    "training.11.peak.prompt",
                    "training.11.peak.hint",
                    _utilisation(1, "peak_load"),
                    tolerance=0.01,
                    values=_resource(1),
                ),
                Exercise(
                    "11.utilisation",
                    "number",
                    "training.11.utilisation.prompt",
                    "training.11.utilisation.hint",
                    _utilisation(0, "utilisation_pct"),
                    tolerance=0.5,
                    percent=True,
                    unit="training.unit.percent",
                    values=_resource(0),
                ),
                Exercise(
                    "11.float",
                    "choice",
                    "training.11.float.prompt",
                    "training.11.float.hint",
                    _levels_within_float,
                    choices=("yes", "no"),
                    values=_resource(1),
                ),
                Exercise(
                    "11.delay",
                    "number",
                    "training.11.delay.prompt",
                    "training.11.delay.hint",
                    lambda p: _levelled(p, False).finish_delay,
                    unit="training.unit.days",
                ),
            ),
        ),
        Lesson(
            "12-documents-emergency",
            "training.12.title",
            (
                Exercise(
                    "12.overdue",
                    "ids",
                    "training.12.overdue.prompt",
                    "training.12.overdue.hint",
                    _documents_in_state("overdue"),
                    options=_document_ids,
                ),
                Exercise(
                    "12.current",
                    "text",
                    "training.12.current.prompt",
                    "training.12.current.hint",
                    _version_texts,
                ),
                Exercise(
                    "12.drills",
                    "ids",
                    "training.12.drills.prompt",
                    "training.12.drills.hint",
                    _drills_not_done,
                    options=_scenario_ids,
                ),
                Exercise(
                    "12.restore",
                    "number",
                    "training.12.restore.prompt",
                    "training.12.restore.hint",
                    lambda p: incident_log(p).loc["INC-2", "hours_to_restore"],
                    tolerance=0.1,
                    unit="training.unit.hours",
                ),
                Exercise(
                    "12.missed",
                    "ids",
                    "training.12.missed.prompt",
                    "training.12.missed.hint",
                    _missed_rto,
                    options=_incident_ids,
                ),
            ),
        ),
        Lesson(
            "13-team",
            "training.13.title",
            (
                Exercise(
                    "13.kpi",
                    "choice",
                    "training.13.kpi.prompt",
                    "training.13.kpi.hint",
                    _kpi_result(2),
                    choices=("met", "near", "missed"),
                    values=_kpi_name(2),
                ),
                Exercise(
                    "13.severity",
                    "number",
                    "training.13.severity.prompt",
                    "training.13.severity.hint",
                    lambda p: conflict_register(p).loc["C3", "severity"],
                ),
                Exercise(
                    "13.overdue",
                    "ids",
                    "training.13.overdue.prompt",
                    "training.13.overdue.hint",
                    lambda p: set(conflicts_overdue(p).index),
                    options=_conflict_ids,
                ),
                Exercise(
                    "13.learning",
                    "number",
                    "training.13.learning.prompt",
                    "training.13.learning.hint",
                    _learning_overdue,
                ),
                Exercise(
                    "13.idea",
                    "number",
                    "training.13.idea.prompt",
                    "training.13.idea.hint",
                    _idea_score("I2"),
                    tolerance=0.05,
                ),
            ),
        ),
        Lesson(
            CAPSTONE,
            "training.14.title",
            tuple(
                Exercise(
                    f"14.{part}",
                    "project",
                    f"training.14.{part}.prompt",
                    f"training.14.{part}.hint",
                    _model_folder,
                    review=review,
                )
                for part, review in (
                    ("requirements", _review_requirements),
                    ("schedule", _review_schedule),
                    ("risks", _review_risks),
                    ("status", _review_status),
                )
            ),
        ),
    )
}

#: Every exercise of the course by id.
EXERCISES: dict[str, Exercise] = {e.id: e for lesson in LESSONS.values() for e in lesson.exercises}
