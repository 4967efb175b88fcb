"""Team performance, conflict and learning: kpis.csv, conflicts.csv, learning.csv.

Also the row rules the innovation files share: ``duplicate_rows`` (the same key
twice) and ``same_within`` (a column that must agree within a group, such as a
KPI's direction).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from pmtools.tables._check import TableChecker
from pmtools.tables._spec import Column, Context, Doc, Parser, Rule, TableSpec

__all__ = [
    "CONFLICTS",
    "CONFLICT_APPROACHES",
    "CONFLICT_STATUSES",
    "DIRECTIONS",
    "KPIS",
    "LEARNING",
    "LEARNING_KINDS",
    "LEARNING_STATUSES",
    "PERIOD",
    "date_not_before",
    "duplicate_rows",
    "level_parser",
    "only_with_status",
    "same_within",
]

#: Which way a KPI (or a market dimension) is better.
DIRECTIONS = ("higher", "lower")
#: Thomas-Kilmann conflict modes, in PMBOK's words.
CONFLICT_APPROACHES = ("collaborate", "compromise", "accommodate", "avoid", "force")
CONFLICT_STATUSES = ("open", "in-progress", "escalated", "resolved")
LEARNING_KINDS = ("skill", "certification")
LEARNING_STATUSES = ("planned", "in-progress", "done", "dropped")
#: A KPI period is a calendar month.
PERIOD = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")

_APPROACH_ALIASES = {
    "collaborating": "collaborate",
    "problem-solve": "collaborate",
    "problem solving": "collaborate",
    "compromising": "compromise",
    "reconcile": "compromise",
    "accommodating": "accommodate",
    "smooth": "accommodate",
    "avoiding": "avoid",
    "withdraw": "avoid",
    "compete": "force",
    "competing": "force",
    "direct": "force",
}


# -- parsers and rules -----------------------------------------------------------------------


def level_parser(low: int = 1, high: int = 5) -> Parser:
    """A parser of whole levels ``low``..``high`` (``team.level.invalid`` for anything else)."""

    def parse(check: TableChecker, column: Column, context: Context, out: pd.DataFrame) -> None:
        text = check.cells(column.name)
        value = pd.to_numeric(text.where(text != ""), errors="coerce").astype(float)
        bad = (text != "") & (
            value.isna() | (value < low) | (value > high) | (value != np.floor(value))
        )
        check.report(bad, column.name, "team.level.invalid", low=low, high=high)
        if column.not_empty and check.has(column.name):
            check.report(text == "", column.name, "risk.value.empty")
        out[column.name] = value.where(~bad)

    return parse


def _period(check: TableChecker, column: Column, context: Context, out: pd.DataFrame) -> None:
    text = check.cells(column.name)
    bad = (text != "") & ~text.str.match(PERIOD.pattern)
    check.report(bad, column.name, "team.period.invalid")
    if check.has(column.name):
        check.report(text == "", column.name, "risk.value.empty")
    out[column.name] = text.where(~bad, "")


def duplicate_rows(columns: tuple[str, ...], report_at: str, code: str) -> Rule:
    """A rule: a row whose ``columns`` (all filled) repeat an earlier row's is reported at
    ``report_at`` with ``first_row``."""

    def rule(check: TableChecker, out: pd.DataFrame, context: Context) -> None:
        if not all(check.has(c) for c in columns):
            return
        key = check.cells(columns[0]).str.lower()
        for column in columns[1:]:
            key = key + "\x00" + check.cells(column).str.lower()
        filled = np.logical_and.reduce([check.cells(c) != "" for c in columns])
        rows = pd.Series(check.rows, index=out.index)
        first = rows[filled].groupby(key[filled]).transform("min").reindex(out.index)
        repeated = filled & key.where(filled).duplicated(keep="first") & first.notna()
        check.report(repeated, report_at, code, per_row={"first_row": first.fillna(0).astype(int)})

    return rule


def same_within(group: str, column: str, code: str, *, default: str = "") -> Rule:
    """A rule: within each value of ``group``, ``column`` must be the same as on the group's
    first row (an empty cell counts as ``default``); each row that differs is reported."""

    def rule(check: TableChecker, out: pd.DataFrame, context: Context) -> None:
        if not (check.has(group) and check.has(column)):
            return
        keys = check.cells(group).str.lower()
        values = out[column].fillna("").astype(str).str.lower().replace("", default)
        shown = check.cells(column).where(check.cells(column) != "", default)
        rows = pd.Series(check.rows, index=out.index)
        usable = keys != ""
        first_value = values[usable].groupby(keys[usable]).transform("first").reindex(out.index)
        first_shown = shown[usable].groupby(keys[usable]).transform("first").reindex(out.index)
        first_row = rows[usable].groupby(keys[usable]).transform("min").reindex(out.index)
        differs = usable & (values != first_value)
        first_row = first_row.fillna(0).astype(int)
        check.report(
            differs,
            column,
            code,
            per_row={"expected": first_shown, "first_row": first_row, "found": shown},
        )

    return rule


def date_not_before(column: str, earlier: str, code: str) -> Rule:
    """A rule: ``column`` is not before ``earlier`` on the same row."""

    def rule(check: TableChecker, out: pd.DataFrame, context: Context) -> None:
        backwards = (out[column] < out[earlier]).fillna(False)
        shown = out[earlier].dt.strftime("%Y-%m-%d")
        check.report(backwards, column, code, per_row={"earlier": shown})

    return rule


def only_with_status(
    column: str, statuses: tuple[str, ...], code: str, *, known: tuple[str, ...]
) -> Rule:
    """A rule: ``column`` may be filled only on rows whose ``status`` is one of ``statuses``
    (rows whose status is not one of ``known`` are reported for the status alone)."""

    def rule(check: TableChecker, out: pd.DataFrame, context: Context) -> None:
        valid = check.cells("status").str.lower().isin(("", *known))
        wrong = valid & out[column].notna() & ~out["status"].isin(statuses)
        check.report(
            wrong,
            column,
            code,
            per_row={"status": check.cells("status").where(check.cells("status") != "", "-")},
        )

    return rule


def _text(name: str, doc: Doc, *, required: bool = False, example: str = "") -> Column:
    return Column(name, "text", doc, required=required, not_empty=required, example=example)


def _level(name: str, doc: Doc, *, required: bool = False) -> Column:
    return Column(
        name,
        "custom",
        doc,
        Doc("whole number 1..5", "1 到 5 的整数"),
        required=required,
        not_empty=required,
        parse=level_parser(1, 5),
        example="3",
    )


_DIRECTION = Column(
    "better",
    "choice",
    Doc("which way is better", "哪个方向更好"),
    Doc("`higher` (default) or `lower`", "`higher`（越高越好，默认）或 `lower`（越低越好）"),
    choices=DIRECTIONS,
    default="higher",
)


# -- kpis.csv ------------------------------------------------------------------------------------

KPIS = TableSpec(
    "kpis.csv",
    "team",
    Doc("Team KPIs", "团队绩效指标"),
    (
        _text(
            "member",
            Doc(
                "the person, or the team's name for a team KPI",
                "成员姓名；团队指标填团队名称",
            ),
            required=True,
            example="Team",
        ),
        Column(
            "period",
            "custom",
            Doc(
                "the calendar month the actual was measured in",
                "实际值所属的自然月",
            ),
            Doc("month `YYYY-MM`, required", "月份 `YYYY-MM`，必填"),
            required=True,
            not_empty=True,
            parse=_period,
            example="2026-01",
        ),
        _text(
            "kpi",
            Doc(
                "the indicator, named the same in every period (`Velocity`, `On-time delivery`)",
                "指标名称，各期一致（如“迭代速度”“按时交付率”）",
            ),
            required=True,
            example="On-time delivery",
        ),
        Column(
            "target",
            "number",
            Doc("the target for the period, in the KPI's unit", "当期目标值，按指标单位"),
            required=True,
            not_empty=True,
            example="90",
        ),
        Column(
            "actual",
            "number",
            Doc(
                "the measured value; empty while not measured yet",
                "实测值；尚未测量时留空",
            ),
            example="85",
        ),
        Column(
            "unit",
            "text",
            Doc(
                "`%`, `points`, `hours`, `days`, ... (shown beside the values)",
                "`%`、`点`、`小时`、`天` 等（显示在数值旁）",
            ),
            example="%",
        ),
        _DIRECTION,
        _text("notes", Doc("how it is measured, or why it moved", "计量方法或变化原因")),
    ),
    rules=(
        duplicate_rows(("member", "kpi", "period"), "period", "team.kpi.duplicate"),
        same_within("kpi", "better", "team.kpi.better_differs", default="higher"),
    ),
    intro=Doc(
        "the team's key performance indicators: one row per person (or team), KPI and month.",
        "团队关键绩效指标：每人（或团队）、每个指标、每月一行。",
    ),
)


# -- conflicts.csv -------------------------------------------------------------------------------

CONFLICTS = TableSpec(
    "conflicts.csv",
    "team",
    Doc("Conflicts", "冲突"),
    (
        Column("id", "id", Doc("`C01`, ...", "`C01` 等"), required=True, example="C01"),
        Column("raised", "date", Doc("when it came up", "发现日期"), example="2026-01-12"),
        _text(
            "parties",
            Doc(
                "who is in conflict, separated by `;` (people, teams or organisations)",
                "冲突各方，以 `;` 分隔（个人、团队或单位）",
            ),
            required=True,
            example="Development; Operations",
        ),
        _text(
            "issue",
            Doc("what the conflict is about", "冲突的内容"),
            required=True,
            example="Release windows",
        ),
        _level(
            "intensity",
            Doc(
                "how heated it is: 1 a difference of opinion .. 5 open hostility",
                "激烈程度：1 意见分歧 .. 5 公开对立",
            ),
            required=True,
        ),
        _level(
            "impact",
            Doc(
                "its effect on the project: 1 negligible .. 5 threatens the goal",
                "对项目的影响：1 可忽略 .. 5 威胁项目目标",
            ),
            required=True,
        ),
        Column(
            "approach",
            "choice",
            Doc(
                "the chosen response mode (Thomas-Kilmann); empty while undecided. "
                "`competing`, `withdraw`, `smooth`, `problem-solve` are read as force, avoid, "
                "accommodate, collaborate",
                "所选的应对方式（托马斯-基尔曼模型）；未定时留空。`competing`、`withdraw`、"
                "`smooth`、`problem-solve` 分别读作 force、avoid、accommodate、collaborate",
            ),
            Doc(
                "`collaborate`, `compromise`, `accommodate`, `avoid`, `force`",
                "`collaborate`（合作）、`compromise`（妥协）、`accommodate`（迁就）、"
                "`avoid`（回避）、`force`（强制）",
            ),
            choices=CONFLICT_APPROACHES,
            default=None,
            aliases=_APPROACH_ALIASES,
            example="collaborate",
        ),
        _text("response", Doc("the planned response", "应对计划")),
        _text("owner", Doc("who leads the response", "应对负责人"), example="Project manager"),
        Column(
            "due", "date", Doc("when the response is due", "应对截止日期"), example="2026-01-30"
        ),
        Column(
            "status",
            "choice",
            Doc("", "状态"),
            Doc(
                "`open` (default), `in-progress`, `escalated`, `resolved`",
                "`open`（默认）、`in-progress`、`escalated`、`resolved`",
            ),
            choices=CONFLICT_STATUSES,
            default="open",
            example="open",
        ),
        Column("resolved", "date", Doc("when it was resolved", "解决日期")),
    ),
    index="id",
    rules=(
        date_not_before("due", "raised", "team.date.before_raised"),
        date_not_before("resolved", "raised", "team.date.before_raised"),
        only_with_status(
            "resolved", ("resolved",), "team.conflict.resolved_status", known=CONFLICT_STATUSES
        ),
    ),
    intro=Doc(
        "the conflict assessment and response plan.",
        "冲突评估与应对计划。",
    ),
)


# -- learning.csv --------------------------------------------------------------------------------

LEARNING = TableSpec(
    "learning.csv",
    "team",
    Doc("Learning plan", "学习计划"),
    (
        _text("person", Doc("who learns", "学习人"), required=True, example="Project manager"),
        _text(
            "skill",
            Doc(
                "the skill or certification (`PMP`, `Scrum Master (PSM I)`, `AWS Solutions "
                "Architect`)",
                "技能或认证（如 `PMP`、`Scrum Master (PSM I)`、`软考高级项目管理师`）",
            ),
            required=True,
            example="PMP",
        ),
        Column(
            "kind",
            "choice",
            Doc("a certification has an exam to pass", "认证需要通过考试"),
            Doc(
                "`skill` (default) or `certification`",
                "`skill`（技能，默认）或 `certification`（认证）",
            ),
            choices=LEARNING_KINDS,
            default="skill",
            example="certification",
        ),
        Column(
            "target_date",
            "date",
            Doc(
                "when it should be done (the exam date for a certification)",
                "计划完成日期（认证为考试日期）",
            ),
            example="2026-06-30",
        ),
        Column(
            "status",
            "choice",
            Doc("", "状态"),
            Doc(
                "`planned` (default), `in-progress`, `done`, `dropped`",
                "`planned`（默认）、`in-progress`、`done`、`dropped`",
            ),
            choices=LEARNING_STATUSES,
            default="planned",
            example="planned",
        ),
        Column(
            "hours_planned",
            "number",
            Doc("study hours planned", "计划学习小时数"),
            Doc("hours >= 0", "小时数 >= 0"),
            example="35",
        ),
        Column(
            "hours_done",
            "number",
            Doc("study hours spent so far", "已投入学习小时数"),
            Doc("hours >= 0", "小时数 >= 0"),
            example="0",
        ),
        Column("completed", "date", Doc("when it was done (exam passed)", "完成日期（通过考试）")),
        _text("notes", Doc("course, provider or exam details", "课程、机构或考试信息")),
    ),
    rules=(
        only_with_status(
            "completed", ("done",), "team.learning.completed_status", known=LEARNING_STATUSES
        ),
    ),
    intro=Doc(
        "the team's learning plan: skills and certifications, with study hours.",
        "团队学习计划：技能与认证，以及学习时数。",
    ),
)
