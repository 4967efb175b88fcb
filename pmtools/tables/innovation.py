"""Innovation management and market analysis: ideas.csv and market.csv.

How ideas are scored (the weights of value, feasibility, cost and risk) is set
under ``innovation:`` in project.yaml (``pmtools.tables.settings``).
"""

from __future__ import annotations

import pandas as pd

from pmtools.tables._check import TableChecker
from pmtools.tables._spec import Column, Context, Doc, TableSpec
from pmtools.tables.settings import IDEA_CRITERIA
from pmtools.tables.team import (
    DIRECTIONS,
    date_not_before,
    duplicate_rows,
    level_parser,
    same_within,
)

__all__ = ["CRITERIA", "IDEAS", "IDEA_DECISIONS", "MARKET", "MARKET_KINDS", "OPEN_DECISIONS"]

#: The idea scoring criteria; cost and risk count inversely (5 = most expensive, riskiest).
CRITERIA = IDEA_CRITERIA
IDEA_DECISIONS = ("pending", "approved", "rejected", "parked", "implemented")
#: Decisions that leave an idea a candidate for the shortlist.
OPEN_DECISIONS = ("pending", "approved")
MARKET_KINDS = ("competitor", "ours", "segment")

_CRITERIA_DOCS = {
    "value": Doc(
        "benefit to the customer or the project: 1 little .. 5 a lot",
        "对客户或项目的收益：1 很小 .. 5 很大",
    ),
    "feasibility": Doc("how doable it is now: 1 hard .. 5 easy", "当前可行性：1 很难 .. 5 容易"),
    "cost": Doc(
        "what it costs: 1 cheap .. 5 expensive (counts inversely)",
        "成本：1 很低 .. 5 很高（反向计分）",
    ),
    "risk": Doc(
        "what could go wrong: 1 safe .. 5 risky (counts inversely)",
        "风险：1 很安全 .. 5 风险很高（反向计分）",
    ),
}


def _criterion(name: str) -> Column:
    return Column(
        name,
        "custom",
        _CRITERIA_DOCS[name],
        Doc("whole number 1..5", "1 到 5 的整数"),
        parse=level_parser(1, 5),
        example="3",
    )


def _decision_dated(check: TableChecker, out: pd.DataFrame, context: Context) -> None:
    """A decision other than pending carries the date it was taken."""
    if not check.has("decision_date"):
        return
    missing = (out["decision"] != "pending") & (check.cells("decision_date") == "")
    check.report(
        missing,
        "decision_date",
        "innovation.decision_date.missing",
        per_row={"decision": out["decision"]},
    )


IDEAS = TableSpec(
    "ideas.csv",
    "innovation",
    Doc("Ideas", "创意"),
    (
        Column("id", "id", Doc("`I01`, ...", "`I01` 等"), required=True, example="I01"),
        Column(
            "idea",
            "text",
            Doc("the idea in a sentence", "一句话描述创意"),
            required=True,
            not_empty=True,
            example="Automate the smoke test",
        ),
        Column("proposer", "text", Doc("who proposed it", "提出人")),
        Column("date", "date", Doc("when it was proposed", "提出日期"), example="2026-01-15"),
        Column(
            "source",
            "text",
            Doc(
                "where it came from: a retrospective (`retro S04`), a customer, a workshop",
                "来源：迭代回顾（`retro S04`）、客户、研讨会等",
            ),
        ),
        *(_criterion(name) for name in CRITERIA),
        Column(
            "decision",
            "choice",
            Doc("where the decision stands", "决策状态"),
            Doc(
                "`pending` (default), `approved`, `rejected`, `parked`, `implemented`",
                "`pending`（待决，默认）、`approved`（批准）、`rejected`（否决）、"
                "`parked`（搁置）、`implemented`（已实施）",
            ),
            choices=IDEA_DECISIONS,
            default="pending",
        ),
        Column(
            "decision_date",
            "date",
            Doc("when it was decided (required once decided)", "决策日期（作出决定后必填）"),
        ),
        Column("notes", "text", Doc("why, and what happens next", "理由及后续安排")),
    ),
    index="id",
    rules=(
        date_not_before("decision_date", "date", "innovation.decision_date.before_date"),
        _decision_dated,
    ),
    intro=Doc(
        "the idea log, scored for the weighted ranking.",
        "创意登记表，打分后按加权模型排序。",
    ),
)

MARKET = TableSpec(
    "market.csv",
    "innovation",
    Doc("Market analysis", "市场分析"),
    (
        Column(
            "subject",
            "text",
            Doc(
                "the competitor, segment or option compared (`Vendor A`, `Our portal`)",
                "比较的竞争对手、细分市场或方案（如“供应商 A”“我方门户”）",
            ),
            required=True,
            not_empty=True,
            example="Competitor A",
        ),
        Column(
            "kind",
            "choice",
            Doc("what the subject is", "比较对象的类型"),
            Doc(
                "`competitor` (default), `ours` (our own offering), `segment`",
                "`competitor`（竞争对手，默认）、`ours`（我方）、`segment`（细分市场）",
            ),
            choices=MARKET_KINDS,
            default="competitor",
            example="competitor",
        ),
        Column(
            "dimension",
            "text",
            Doc(
                "what is compared (`price`, `app rating`, `features`), named the same on every row",
                "比较维度（如“价格”“应用评分”“功能”），各行名称一致",
            ),
            required=True,
            not_empty=True,
            example="Price",
        ),
        Column(
            "value",
            "number",
            Doc("the score or measured value", "评分或测量值"),
            required=True,
            not_empty=True,
            example="4",
        ),
        Column(
            "unit",
            "text",
            Doc(
                "`1-5`, `EUR/month`, `%`, ...; the same for every row of a dimension",
                "`1-5`、`元/月`、`%` 等；同一维度各行一致",
            ),
            example="1-5",
        ),
        Column(
            "better",
            "choice",
            Doc("which way is better for the dimension", "该维度哪个方向更好"),
            Doc(
                "`higher` (default) or `lower`", "`higher`（越高越好，默认）或 `lower`（越低越好）"
            ),
            choices=DIRECTIONS,
            default="higher",
        ),
        Column(
            "date",
            "date",
            Doc("when it was measured or published", "测量或发布日期"),
            required=True,
            not_empty=True,
            example="2026-01-15",
        ),
        Column("source", "text", Doc("where the figure comes from", "数据来源")),
        Column("notes", "text", Doc("remarks", "备注")),
    ),
    rules=(
        duplicate_rows(("subject", "dimension", "date"), "date", "innovation.market.duplicate"),
        same_within("dimension", "unit", "innovation.market.unit_differs"),
        same_within("dimension", "better", "innovation.market.better_differs", default="higher"),
    ),
    intro=Doc(
        "market analysis: competitors, segments or options scored on the same dimensions over "
        "time.",
        "市场分析：竞争对手、细分市场或方案在相同维度上的评分，随时间记录。",
    ),
)
