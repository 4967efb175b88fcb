"""Risk management: risks.csv, the risk register.

Probability and impact are levels on the project's scale (``risk:`` in
project.yaml, 5 x 5 by default); a probability may also be a percentage such
as ``35%``, kept as the chance and shown at the nearest level.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pmtools.errors import Problem
from pmtools.model import RISK_STATUSES, RISK_STRATEGIES, RISK_TYPES, RiskScale
from pmtools.tables._check import TableChecker
from pmtools.tables._spec import MAX_DAYS, Column, Context, Doc, TableSpec

__all__ = ["RISKS"]

_SCHEDULE = ("schedule_min", "schedule_most_likely", "schedule_max")


def _scale(context: Context) -> RiskScale:
    scale = context.sections.get("risk")
    return scale if isinstance(scale, RiskScale) else RiskScale()


def _level(check: TableChecker, column: Column, context: Context, out: pd.DataFrame) -> None:
    """Whole levels 1..scale.levels (NaN where empty); anything else is reported."""
    scale = _scale(context)
    text = check.cells(column.name)
    values = pd.to_numeric(text.where(text != ""), errors="coerce")
    bad = (text != "") & (
        values.isna() | (values < 1) | (values > scale.levels) | (values != np.floor(values))
    )
    check.report(bad, column.name, "risk.level.invalid", levels=scale.levels)
    if column.not_empty and check.has(column.name):
        check.report(text == "", column.name, "risk.value.empty")
    out[column.name] = values.where(~bad)


def _probability(check: TableChecker, column: Column, context: Context, out: pd.DataFrame) -> None:
    """Probability level and ``chance`` (0..1): a level 1..N, or a percentage such as ``35%``."""
    scale = _scale(context)
    text = check.cells("probability")
    is_percent = text.str.endswith("%")
    percent = pd.to_numeric(text.where(is_percent).str.rstrip("%"), errors="coerce") / 100
    level_text = text.where(~is_percent, "")
    levels = pd.to_numeric(level_text.where(level_text != ""), errors="coerce")
    bad_level = (level_text != "") & (
        levels.isna() | (levels < 1) | (levels > scale.levels) | (levels != np.floor(levels))
    )
    bad_percent = is_percent & (percent.isna() | (percent <= 0) | (percent > 1))
    check.report(
        bad_level | bad_percent, "probability", "risk.probability.invalid", levels=scale.levels
    )
    check.report(text == "", "probability", "risk.value.empty")
    chances = np.asarray(scale.probability, dtype=float)
    levels = levels.where(~bad_level)
    chance = levels.map(lambda v: chances[int(v) - 1] if pd.notna(v) else np.nan)
    chance = chance.where(~is_percent, percent)
    # a percentage sits at the level whose chance is nearest
    nearest = percent.map(
        lambda p: float(np.abs(chances - p).argmin() + 1) if pd.notna(p) else np.nan
    )
    level = levels.where(~is_percent, nearest)
    bad = bad_level | bad_percent
    out["probability"] = level.where(~bad)
    out["chance"] = chance.where(~bad).astype(float)


def _tasks(check: TableChecker, column: Column, context: Context, out: pd.DataFrame) -> None:
    """Task ids the schedule impact delays: leaf tasks only, required with a schedule impact."""
    linked = check.id_list("tasks")
    task_ids = context.ids.get("tasks.csv", set())
    given = pd.DataFrame({c: check.cells(c) != "" for c in _SCHEDULE}).sum(axis=1)
    for pos, (ids, row) in enumerate(zip(linked.tolist(), check.rows.tolist(), strict=True)):
        for task in ids:
            if task not in task_ids:
                check.problems.append(
                    Problem(check.file, row, "tasks", "risk.task.unknown", {"found": task})
                )
            elif task in context.summary_ids:
                check.problems.append(
                    Problem(check.file, row, "tasks", "risk.task.summary", {"found": task})
                )
        if given.iloc[pos] == 3 and not ids:
            check.problems.append(Problem(check.file, row, "tasks", "risk.tasks.missing"))
    out["tasks"] = linked


def _strategy(check: TableChecker, column: Column, context: Context, out: pd.DataFrame) -> None:
    """A threat's or an opportunity's strategy, as its type allows."""
    strategy = check.cells("strategy").str.lower()
    allowed = out["type"].map(lambda k: RISK_STRATEGIES[k])
    bad = (strategy != "") & ~pd.Series(
        [s in a for s, a in zip(strategy, allowed, strict=True)], index=strategy.index, dtype=bool
    )
    check.report(
        bad, "strategy", "risk.strategy.invalid", per_row={"expected": allowed.map(", ".join)}
    )
    out["strategy"] = strategy.where(~bad, "")


def schedule_impact_complete(check: TableChecker, out: pd.DataFrame, context: Context) -> None:
    """All three delays or none, in order min <= most likely <= max."""
    given = pd.DataFrame({c: check.cells(c) != "" for c in _SCHEDULE})
    count = given.sum(axis=1)
    partial = (count > 0) & (count < 3)
    names = given.apply(lambda r: ", ".join(c for c in _SCHEDULE if r[c]), axis=1)
    check.report(partial, "schedule_min", "risk.schedule.incomplete", per_row={"given": names})
    low, mode, high = (out[c] for c in _SCHEDULE)
    disorder = ((low > mode) | (mode > high)).fillna(False)
    check.report(
        disorder,
        "schedule_most_likely",
        "risk.schedule.order",
        per_row={c: check.cells(c) for c in _SCHEDULE},
    )


def residual_not_higher(check: TableChecker, out: pd.DataFrame, context: Context) -> None:
    """A threat's residual levels are no higher than its current ones."""
    threat = out["type"] == "threat"
    for residual, current in (
        ("residual_probability", "probability"),
        ("residual_impact", "impact"),
    ):
        higher = threat & (out[residual] > out[current]).fillna(False)
        check.report(
            higher, residual, "risk.residual.higher", per_row={"current": check.cells(current)}
        )


def dates_in_order(check: TableChecker, out: pd.DataFrame, context: Context) -> None:
    """The response is not due before the risk was raised; raised is not after the status date."""
    early_due = (out["response_due"] < out["raised"]).fillna(False)
    check.report(
        early_due,
        "response_due",
        "risk.due_before_raised",
        per_row={"raised": check.cells("raised")},
    )
    if context.status_date is not None:
        future = (out["raised"] > pd.Timestamp(context.status_date)).fillna(False)
        check.report(
            future,
            "raised",
            "actual.after_status_date",
            status_date=context.status_date.isoformat(),
        )


_LEVEL = Doc("level 1..N", "等级 1..N")
_DAYS = Doc("working days >= 0", "工作日 >= 0")

RISKS = TableSpec(
    "risks.csv",
    "risks",
    Doc("Risk register", "风险登记册"),
    (
        Column(
            "id",
            "id",
            Doc(
                "unique risk id without spaces, commas or semicolons (`R01`)",
                "唯一的风险编号，不含空格、逗号或分号（`R01`）",
            ),
            required=True,
        ),
        Column(
            "title",
            "text",
            Doc("short name of the risk", "风险简称"),
            required=True,
            not_empty=True,
        ),
        Column(
            "type",
            "choice",
            Doc(
                "opportunities have negative EMV (an expected saving)",
                "机会的 EMV 为负（预期节省）",
            ),
            Doc(
                "`threat` (default) or `opportunity`",
                "`threat`（威胁，默认）或 `opportunity`（机会）",
            ),
            choices=RISK_TYPES,
            default="threat",
            code="risk.type.invalid",
        ),
        Column(
            "category",
            "text",
            Doc(
                "e.g. technical, vendor, resource, scope, compliance",
                "例如技术、供应商、资源、范围、合规",
            ),
        ),
        Column("cause", "text", Doc("why the risk exists", "风险成因")),
        Column("effect", "text", Doc("what happens if it occurs", "发生后的影响")),
        Column("trigger", "text", Doc("the early warning sign to watch", "需要关注的预警信号")),
        Column("owner", "text", Doc("the person who owns the response", "负责应对的人")),
        Column(
            "probability",
            "custom",
            Doc(
                "likelihood; a level stands for the chance listed in `risk.probability`, a "
                "percentage is used as is (and shown at the nearest level)",
                "可能性；等级对应 `risk.probability` 中列出的概率，百分比按原值使用（显示在最接近的等级）",
            ),
            Doc("level 1..N, or a percentage such as `35%`", "等级 1..N，或百分比如 `35%`"),
            required=True,
            parse=_probability,
        ),
        Column(
            "impact",
            "custom",
            Doc("severity if it occurs", "发生后的严重程度"),
            _LEVEL,
            required=True,
            not_empty=True,
            parse=_level,
        ),
        Column(
            "residual_probability",
            "custom",
            Doc("expected probability after the response", "应对后的预期可能性"),
            _LEVEL,
            parse=_level,
        ),
        Column(
            "residual_impact",
            "custom",
            Doc("expected impact after the response", "应对后的预期影响"),
            _LEVEL,
            parse=_level,
        ),
        Column(
            "schedule_min",
            "number",
            Doc(
                "delay if it occurs: least; all three or none, min <= most likely <= max",
                "发生时的延误：最少；三项全填或全不填，最少 <= 最可能 <= 最多",
            ),
            _DAYS,
            high=MAX_DAYS,
        ),
        Column(
            "schedule_most_likely",
            "number",
            Doc("delay if it occurs: most likely", "发生时的延误：最可能"),
            _DAYS,
            high=MAX_DAYS,
        ),
        Column(
            "schedule_max",
            "number",
            Doc("delay if it occurs: most", "发生时的延误：最多"),
            _DAYS,
            high=MAX_DAYS,
        ),
        Column(
            "tasks",
            "custom",
            Doc(
                "the tasks the delay applies to (tasks, not summary tasks); required with a "
                "schedule impact",
                "延误作用的任务（须为具体任务而非摘要任务）；有进度影响时必填",
            ),
            Doc("task ids separated by `;`", "以 `;` 分隔的任务编号"),
            parse=_tasks,
        ),
        Column(
            "cost_impact",
            "number",
            Doc(
                "cost if it occurs (saving, for an opportunity); EMV = chance x cost_impact",
                "发生时的成本（机会则为节省）；EMV = 概率 x cost_impact",
            ),
            Doc("number >= 0", "数值 >= 0"),
        ),
        Column(
            "strategy",
            "custom",
            Doc("the response strategy", "应对策略"),
            Doc(
                "threats: `avoid`, `mitigate`, `transfer`, `accept`, `escalate`; opportunities: "
                "`exploit`, `enhance`, `share`, `accept`, `escalate`",
                "威胁：`avoid`、`mitigate`、`transfer`、`accept`、`escalate`；机会：`exploit`、"
                "`enhance`、`share`、`accept`、`escalate`",
            ),
            parse=_strategy,
        ),
        Column("response", "text", Doc("the response actions", "应对措施")),
        Column(
            "response_due",
            "date",
            Doc(
                "when the response is due; an open risk past it is overdue at the status date",
                "应对的截止日期；在状态日期已过期且仍未关闭的风险即为逾期",
            ),
        ),
        Column(
            "status",
            "choice",
            Doc(
                "only open and monitoring risks count in the matrix, rankings and simulation",
                "只有 open 和 monitoring 的风险计入矩阵、排名和模拟",
            ),
            Doc(
                "`open` (default), `monitoring`, `occurred`, `closed`",
                "`open`（默认）、`monitoring`、`occurred`、`closed`",
            ),
            choices=RISK_STATUSES,
            default="open",
            code="risk.status.invalid",
        ),
        Column("raised", "date", Doc("when the risk was raised", "风险提出日期")),
    ),
    index="id",
    rules=(schedule_impact_complete, residual_not_higher, dates_in_order),
    derived=("chance",),
    intro=Doc(
        "the risk register: one row per risk. Scores use the scale set in `project.yaml` under "
        "`risk:` (5 x 5 by default).",
        "风险登记册：每个风险一行。评分使用 `project.yaml` 中 `risk:` 设置的等级（默认 5 x 5）。",
    ),
)
