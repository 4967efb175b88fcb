"""Customer feedback and relationships: customers.csv, visits.csv and feedback.csv.

NPS answers are whole numbers 0..10 (9-10 promoters, 7-8 passives, 0-6 detractors),
CSAT answers 1..5 (4-5 satisfied). Improvement actions raised from feedback live in the
retrospective practice's ``actions.csv``; feedback and visits name them by id.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from pmtools.tables._check import TableChecker
from pmtools.tables._spec import Column, Context, Doc, Parser, TableSpec

__all__ = [
    "CUSTOMERS",
    "FEEDBACK",
    "FEEDBACK_CHANNELS",
    "THEME_SEPARATORS",
    "VISITS",
    "split_themes",
]

FEEDBACK_CHANNELS = ("survey", "interview", "user-test", "support", "review", "visit")
#: Themes in one cell are separated by any of these (ASCII and full-width).
THEME_SEPARATORS = re.compile(r"[;,；，、]")


def split_themes(text: str) -> list[str]:
    """``"portal; speed"`` -> ``["portal", "speed"]`` (blanks dropped, order kept)."""
    return [part.strip() for part in THEME_SEPARATORS.split(text) if part.strip()]


def _score(low: int, high: int) -> Parser:
    def parse(check: TableChecker, column: Column, context: Context, out: pd.DataFrame) -> None:
        """Whole answers low..high (NaN where empty); anything else is reported."""
        text = check.cells(column.name)
        values = pd.to_numeric(text.where(text != ""), errors="coerce")
        bad = (text != "") & (
            values.isna() | (values < low) | (values > high) | (values != np.floor(values))
        )
        check.report(bad, column.name, "feedback.score.invalid", low=low, high=high)
        out[column.name] = values.where(~bad).astype(float)

    return parse


def _themes(check: TableChecker, column: Column, context: Context, out: pd.DataFrame) -> None:
    out[column.name] = check.cells(column.name).map(split_themes)


def _interval(check: TableChecker, column: Column, context: Context, out: pd.DataFrame) -> None:
    """Whole days >= 1 (NaN where empty)."""
    text = check.cells(column.name)
    values = pd.to_numeric(text.where(text != ""), errors="coerce")
    bad = (text != "") & (values.isna() | (values < 1) | (values != np.floor(values)))
    check.report(bad, column.name, "feedback.interval.invalid")
    out[column.name] = values.where(~bad).astype(float)


def something_said(check: TableChecker, out: pd.DataFrame, context: Context) -> None:
    """A feedback row carries an NPS answer, a CSAT answer or a comment."""
    empty = out["nps"].isna() & out["csat"].isna() & (out["comment"] == "")
    empty &= (check.cells("nps") == "") & (check.cells("csat") == "")  # not a bad score
    check.report(empty, "comment", "feedback.empty", found="")


def visit_has_a_date(check: TableChecker, out: pd.DataFrame, context: Context) -> None:
    """A visit is planned for a date or was done on one."""
    undated = (check.cells("planned") == "") & (check.cells("done") == "")
    check.report(undated, "planned", "feedback.visit.undated", found="")


_ACTION_DOC = Doc("action id", "措施编号")

CUSTOMERS = TableSpec(
    "customers.csv",
    "feedback",
    Doc("Customers", "客户"),
    (
        Column(
            "id",
            "id",
            Doc(
                "`CU01`, ...; feedback and visits name customers by it",
                "`CU01` 等；反馈和拜访用它指代客户",
            ),
            required=True,
            example="CU01",
        ),
        Column(
            "organisation",
            "text",
            Doc("the customer organisation or unit", "客户单位或部门"),
            required=True,
            not_empty=True,
        ),
        Column(
            "contacts",
            "text",
            Doc("names and roles, several separated by `;`", "联系人及其角色，多个以 `;` 分隔"),
        ),
        Column(
            "contract",
            "text",
            Doc("contract or agreement reference and type", "合同或协议编号及类型"),
        ),
        Column(
            "value",
            "number",
            Doc("contract value in the project's currency", "合同金额（项目币种）"),
        ),
        Column("owner", "text", Doc("who on the team owns the relationship", "团队中的客户负责人")),
        Column(
            "visit_every_days",
            "custom",
            Doc(
                "how often the customer should be visited; empty = every 90 days",
                "应拜访客户的间隔天数；为空即每 90 天",
            ),
            Doc("whole days >= 1", "整数天 >= 1"),
            parse=_interval,
        ),
        Column(
            "last_visit",
            "date",
            Doc(
                "the last visit before the visits in `visits.csv` (the later of the two counts)",
                "`visits.csv` 记录之前的最近一次拜访（取两者中较晚者）",
            ),
        ),
    ),
    index="id",
    intro=Doc(
        "customer records: one row per customer organisation (or unit) the project serves, "
        "with its contacts, contract and how often it should be visited.",
        "客户档案：项目服务的每个客户单位（或部门）一行，记录联系人、合同和拜访频率。",
    ),
)

VISITS = TableSpec(
    "visits.csv",
    "feedback",
    Doc("Customer visits", "客户拜访"),
    (
        Column("id", "id", Doc("`V01`, ...", "`V01` 等"), required=True, example="V01"),
        Column(
            "customer",
            "ref",
            Doc(
                "the customer visited, an id in `customers.csv`",
                "拜访的客户，`customers.csv` 中的编号",
            ),
            Doc("customer id", "客户编号"),
            required=True,
            not_empty=True,
            refers_to="customers.csv",
            code="feedback.customer.unknown",
            example="CU01",
        ),
        Column("purpose", "text", Doc("why the visit is made", "拜访目的")),
        Column("visitor", "text", Doc("who visits", "拜访人")),
        Column("planned", "date", Doc("the date planned", "计划日期")),
        Column(
            "done",
            "date",
            Doc(
                "the date it took place; a planned date passed without a done date or an "
                "outcome is overdue",
                "实际拜访日期；计划日期已过而既无实际日期又无结果即为逾期",
            ),
        ),
        Column(
            "outcome",
            "text",
            Doc("what came out of it (or why it was cancelled)", "拜访结果（或取消原因）"),
        ),
        Column(
            "action",
            "ref",
            Doc("the follow-up action, an id in `actions.csv`", "后续措施，`actions.csv` 中的编号"),
            _ACTION_DOC,
            refers_to="actions.csv",
            code="feedback.action.unknown",
        ),
    ),
    index="id",
    rules=(visit_has_a_date,),
    intro=Doc(
        "follow-up visits to customers, planned and done, with their outcome.",
        "对客户的回访，包括计划的和已完成的，以及拜访结果。",
    ),
)

FEEDBACK = TableSpec(
    "feedback.csv",
    "feedback",
    Doc("Customer feedback", "客户反馈"),
    (
        Column(
            "date",
            "date",
            Doc(
                "when it was given; feedback after the status date is not counted",
                "反馈日期；晚于状态日期的反馈不计入",
            ),
            required=True,
            not_empty=True,
        ),
        Column(
            "customer",
            "ref",
            Doc(
                "the customer, an id in `customers.csv`; empty for anonymous answers",
                "客户，`customers.csv` 中的编号；匿名答卷留空",
            ),
            Doc("customer id", "客户编号"),
            refers_to="customers.csv",
            code="feedback.customer.unknown",
        ),
        Column("respondent", "text", Doc("who gave it", "反馈人")),
        Column(
            "channel",
            "choice",
            Doc("where it came from", "反馈来源"),
            Doc(
                "`survey`, `interview`, `user-test`, `support`, `review`, `visit`",
                "`survey`（问卷）、`interview`（访谈）、`user-test`（用户测试）、`support`（支持请求）、"
                "`review`（评价）、`visit`（拜访）",
            ),
            choices=FEEDBACK_CHANNELS,
            default=None,
            aliases={"user test": "user-test", "usertest": "user-test"},
        ),
        Column(
            "nps",
            "custom",
            Doc(
                'answer to "how likely are you to recommend ...": 9-10 promoter, 7-8 passive, '
                "0-6 detractor",
                "“您向他人推荐的可能性有多大”的回答：9-10 推荐者，7-8 被动者，0-6 贬损者",
            ),
            Doc("whole number 0..10", "0 到 10 的整数"),
            parse=_score(0, 10),
            example="9",
        ),
        Column(
            "csat",
            "custom",
            Doc("satisfaction: 4-5 counts as satisfied", "满意度：4-5 算满意"),
            Doc("whole number 1..5", "1 到 5 的整数"),
            parse=_score(1, 5),
            example="4",
        ),
        Column("comment", "text", Doc("what they said", "反馈内容")),
        Column(
            "theme",
            "custom",
            Doc(
                "what it is about, e.g. `training`, `performance`; several separated by `;`",
                "反馈主题，如 `培训`、`性能`；多个以 `;` 分隔",
            ),
            Doc("text", "文本"),
            parse=_themes,
        ),
        Column(
            "requirement",
            "ref",
            Doc(
                "the requirement it concerns, an id in `requirements.csv`",
                "涉及的需求，`requirements.csv` 中的编号",
            ),
            Doc("requirement id", "需求编号"),
            refers_to="requirements.csv",
            code="feedback.requirement.unknown",
        ),
        Column(
            "action",
            "ref",
            Doc(
                "the improvement action raised from it, an id in `actions.csv`",
                "据此提出的改进措施，`actions.csv` 中的编号",
            ),
            _ACTION_DOC,
            refers_to="actions.csv",
            code="feedback.action.unknown",
        ),
    ),
    rules=(something_said,),
    intro=Doc(
        "customer feedback: one row per survey answer, interview, user test, support request "
        "or review, with its NPS and CSAT answers when asked.",
        "客户反馈：每份问卷答卷、访谈、用户测试、支持请求或评价一行，询问过时记录 NPS 和 CSAT 的回答。",
    ),
)
