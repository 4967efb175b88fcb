"""Quality management: quality.csv (the quality plan and its reviews) and defects.csv.

Component sizes for defect density are not a file: they sit under ``quality:
components:`` in project.yaml, in KLOC (``pmtools.tables.settings``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from pmtools.tables._checker import TableChecker
from pmtools.tables._spec import Column, Context, Doc, TableSpec

if TYPE_CHECKING:
    from pmtools.model import Project

__all__ = [
    "DEFECTS",
    "DEFECT_PHASES",
    "DEFECT_STATUSES",
    "ESCAPED_PHASES",
    "OPEN_STATUSES",
    "QUALITY",
    "REVIEW_RESULTS",
    "REVIEW_TYPES",
    "SEVERITIES",
    "has_quality",
]

REVIEW_TYPES = (
    "review",
    "inspection",
    "walkthrough",
    "test",
    "audit",
    "acceptance",
    "rehearsal",
)
REVIEW_RESULTS = ("pending", "pass", "conditional", "fail")
#: Most severe first.
SEVERITIES = ("critical", "major", "minor", "trivial")
DEFECT_PHASES = ("requirements", "design", "build", "test", "uat", "production")
#: Phases after the team's own testing: a defect found there escaped it.
ESCAPED_PHASES = ("uat", "production")
DEFECT_STATUSES = ("open", "in_progress", "fixed", "closed", "rejected")
#: Statuses of a defect still to be fixed.
OPEN_STATUSES = ("open", "in_progress")


def result_needs_date(check: TableChecker, out: pd.DataFrame, context: Context) -> None:
    """A review with a result (pass, conditional, fail) says when it took place."""
    check.report(
        (out["result"] != "pending") & out["review_date"].isna() & (out["result"] != ""),
        "review_date",
        "quality.review.result_without_date",
        per_row={"result": out["result"]},
        found="",
    )


def fixed_after_found(check: TableChecker, out: pd.DataFrame, context: Context) -> None:
    """``fixed_on`` is not before ``found_on``; a fixed or closed defect says when."""
    backwards = (out["fixed_on"] < out["found_on"]).fillna(False)
    check.report(
        backwards,
        "fixed_on",
        "quality.defect.fixed_before_found",
        per_row={
            "fixed": out["fixed_on"].dt.strftime("%Y-%m-%d"),
            "found": out["found_on"].dt.strftime("%Y-%m-%d"),
        },
    )
    undated = out["status"].isin(("fixed", "closed")) & out["fixed_on"].isna()
    check.report(
        undated,
        "fixed_on",
        "quality.defect.fixed_without_date",
        per_row={"status": out["status"]},
        found="",
    )


QUALITY = TableSpec(
    "quality.csv",
    "quality",
    Doc("Quality plan and reviews", "质量计划与评审"),
    (
        Column(
            "id",
            "id",
            Doc("unique id without spaces (`QP-01`)", "唯一编号，不含空格（`QP-01`）"),
            required=True,
            example="QP-01",
        ),
        Column(
            "deliverable",
            "text",
            Doc(
                "what is checked: a document, a component, a release", "检查对象：文档、组件或版本"
            ),
            required=True,
            not_empty=True,
            example="Solution design",
        ),
        Column(
            "standard",
            "text",
            Doc(
                "the standard or checklist it must meet (ISO 25010, house coding standard, ...)",
                "须符合的标准或检查单（ISO 25010、公司编码规范等）",
            ),
            example="Design review checklist v2",
        ),
        Column(
            "metric",
            "text",
            Doc("what is measured", "度量指标"),
            example="open major findings",
        ),
        Column(
            "target",
            "text",
            Doc(
                "the value that passes (`0`, `< 2 s`, `>= 80 %`)",
                "合格值（`0`、`< 2 s`、`>= 80 %`）",
            ),
            example="0",
        ),
        Column(
            "review_type",
            "choice",
            Doc(
                "how it is checked (Chinese names accepted: 评审, 检查, 走查, 测试, 审计, 验收, 演练)",
                "检查方式（可写中文：评审、检查、走查、测试、审计、验收、演练）",
            ),
            Doc(
                "`review` (default), `inspection`, `walkthrough`, `test`, `audit`, "
                "`acceptance`, `rehearsal`",
                "`review`（评审，默认）、`inspection`（检查）、`walkthrough`（走查）、"
                "`test`（测试）、`audit`（审计）、`acceptance`（验收）、`rehearsal`（演练）",
            ),
            choices=REVIEW_TYPES,
            default="review",
            aliases={
                "peer review": "review",
                "评审": "review",
                "检查": "inspection",
                "走查": "walkthrough",
                "测试": "test",
                "审计": "audit",
                "验收": "acceptance",
                "演练": "rehearsal",
            },
            example="review",
        ),
        Column(
            "review_date",
            "date",
            Doc(
                "when the review is planned, or took place once it has a result; a pending "
                "review before the status date is overdue",
                "计划评审日期，有结果后为实际评审日期；状态日期前仍待定的评审即逾期",
            ),
            example="2026-07-15",
        ),
        Column("reviewer", "text", Doc("who reviews", "评审人"), example="QA lead"),
        Column(
            "result",
            "choice",
            Doc(
                "the outcome (Chinese accepted: 待定, 通过, 有条件通过, 不通过)",
                "评审结论（可写中文：待定、通过、有条件通过、不通过）",
            ),
            Doc(
                "`pending` (default), `pass`, `conditional`, `fail`",
                "`pending`（待定，默认）、`pass`（通过）、`conditional`（有条件通过）、"
                "`fail`（不通过）",
            ),
            choices=REVIEW_RESULTS,
            default="pending",
            aliases={
                "passed": "pass",
                "failed": "fail",
                "待定": "pending",
                "通过": "pass",
                "有条件通过": "conditional",
                "不通过": "fail",
            },
            example="pending",
        ),
        Column("notes", "text", Doc("findings, conditions, follow-up", "发现、条件与跟进")),
    ),
    index="id",
    rules=(result_needs_date,),
    intro=Doc(
        "the quality plan: one row per check of a deliverable against a standard, with its "
        "review and result. The quality report lists the reviews due in the next 14 days and "
        "those overdue (still `pending` after their date).",
        "质量计划：每行是一项针对某交付物按某标准的检查，含评审与结论。质量报告列出未来 14 "
        "天内到期的评审和逾期评审（过了日期仍为 `pending`）。",
    ),
)

DEFECTS = TableSpec(
    "defects.csv",
    "quality",
    Doc("Defects", "缺陷"),
    (
        Column(
            "id",
            "id",
            Doc("unique id without spaces (`D-001`)", "唯一编号，不含空格（`D-001`）"),
            required=True,
            example="D-001",
        ),
        Column(
            "title",
            "text",
            Doc("what goes wrong", "缺陷描述"),
            required=True,
            not_empty=True,
            example="Quote PDF shows the net price twice",
        ),
        Column(
            "severity",
            "choice",
            Doc(
                "how bad it is; Chinese test teams' levels are accepted: 致命 = critical, "
                "严重 = major, 一般 = minor, 轻微 = trivial",
                "严重程度；可写中文：致命 = critical、严重 = major、一般 = minor、轻微 = trivial",
            ),
            Doc(
                "`critical`, `major` (default), `minor`, `trivial`",
                "`critical`（致命）、`major`（严重，默认）、`minor`（一般）、`trivial`（轻微）",
            ),
            required=True,
            choices=SEVERITIES,
            default="major",
            aliases={
                "blocker": "critical",
                "致命": "critical",
                "严重": "major",
                "一般": "minor",
                "轻微": "trivial",
                "建议": "trivial",
            },
            example="major",
        ),
        Column(
            "component",
            "text",
            Doc(
                "the part of the system; defect density uses the sizes under `quality: "
                "components:` in project.yaml",
                "所属组件；缺陷密度使用 project.yaml 中 `quality: components:` 下的规模",
            ),
            example="Quoting",
        ),
        Column(
            "phase_found",
            "choice",
            Doc(
                "where it was found; `uat` and `production` count as escaped (Chinese "
                "accepted: 需求, 设计, 开发, 测试, 用户验收, 生产)",
                "发现阶段；`uat` 和 `production` 计为逃逸缺陷（可写中文：需求、设计、开发、"
                "测试、用户验收、生产）",
            ),
            Doc(
                "`requirements`, `design`, `build`, `test` (default), `uat`, `production`",
                "`requirements`、`design`、`build`、`test`（默认）、`uat`、`production`",
            ),
            choices=DEFECT_PHASES,
            default="test",
            aliases={
                "code": "build",
                "sit": "test",
                "需求": "requirements",
                "设计": "design",
                "开发": "build",
                "编码": "build",
                "测试": "test",
                "用户验收": "uat",
                "验收": "uat",
                "生产": "production",
                "上线后": "production",
            },
            example="test",
        ),
        Column(
            "found_on",
            "date",
            Doc("when it was reported", "发现日期"),
            required=True,
            not_empty=True,
            example="2026-07-20",
        ),
        Column(
            "fixed_on",
            "date",
            Doc(
                "when the fix was delivered; needed once the status is `fixed` or `closed`",
                "修复交付日期；状态为 `fixed` 或 `closed` 时必填",
            ),
        ),
        Column(
            "status",
            "choice",
            Doc(
                "`open` and `in_progress` count as open; `rejected` (not a defect) is left "
                "out of every count (Chinese accepted: 新建, 处理中, 已修复, 已关闭, 已拒绝)",
                "`open` 和 `in_progress` 计为未关闭；`rejected`（不是缺陷）不计入任何统计（可写"
                "中文：新建、处理中、已修复、已关闭、已拒绝）",
            ),
            Doc(
                "`open` (default), `in_progress`, `fixed`, `closed`, `rejected`",
                "`open`（新建，默认）、`in_progress`（处理中）、`fixed`（已修复）、"
                "`closed`（已关闭）、`rejected`（已拒绝）",
            ),
            choices=DEFECT_STATUSES,
            default="open",
            aliases={
                "in progress": "in_progress",
                "in-progress": "in_progress",
                "新建": "open",
                "打开": "open",
                "处理中": "in_progress",
                "已修复": "fixed",
                "已解决": "fixed",
                "已关闭": "closed",
                "已拒绝": "rejected",
            },
            example="open",
        ),
        Column(
            "requirement",
            "ref",
            Doc("the requirement it breaks", "违反的需求"),
            Doc("requirement id", "需求编号"),
            refers_to="requirements.csv",
            code="quality.requirement.unknown",
        ),
        Column(
            "work_item",
            "ref",
            Doc(
                "the tracker's bug in workitems.csv this row stands for; that bug is then "
                "not counted a second time",
                "本行对应的 workitems.csv 中的缺陷工作项；该工作项不再重复计数",
            ),
            Doc("work item id", "工作项编号"),
            refers_to="workitems.csv",
            code="quality.work_item.unknown",
        ),
    ),
    index="id",
    rules=(fixed_after_found,),
    intro=Doc(
        "one row per defect. Without this file the quality report counts the bugs of "
        "workitems.csv (priority Highest = critical, High = major, Medium = minor, Low = "
        "trivial); with both, it counts this file's defects and the bugs no row names in "
        "`work_item` or `id`.",
        "每个缺陷一行。没有此文件时，质量报告统计 workitems.csv 中的缺陷（优先级最高 = "
        "critical、高 = major、中 = minor、低 = trivial）；两者都有时，统计本文件的缺陷，加上"
        "未被任何行的 `work_item` 或 `id` 指明的工作项缺陷。",
    ),
)


def has_quality(project: Project) -> bool:
    """Whether the quality report has anything to show: a quality plan, defects, or bugs
    among the work items."""
    if project.table("quality.csv") is not None or project.table("defects.csv") is not None:
        return True
    items = project.table("workitems.csv")
    return items is not None and bool((items["type"] == "bug").any())
