"""Status reporting: decisions.csv, the decision log."""

from __future__ import annotations

from pmtools.tables._spec import Column, Doc, TableSpec

__all__ = ["DECISIONS", "DECISION_STATUSES"]

DECISION_STATUSES = ("open", "decided", "deferred", "withdrawn")

DECISIONS = TableSpec(
    "decisions.csv",
    "status",
    Doc("Decisions", "决策"),
    (
        Column("id", "id", Doc("`D01`, ...", "`D01` 等"), required=True),
        Column(
            "decision",
            "text",
            Doc("the question to decide", "待决定的问题"),
            required=True,
            not_empty=True,
        ),
        Column("owner", "text", Doc("who decides", "决策人")),
        Column("needed_by", "date", Doc("the date the project needs the answer", "需要答复的日期")),
        Column(
            "status",
            "choice",
            Doc("", "状态"),
            Doc(
                "`open` (default), `decided`, `deferred`, `withdrawn`",
                "`open`（默认）、`decided`、`deferred`、`withdrawn`",
            ),
            choices=DECISION_STATUSES,
        ),
        Column("outcome", "text", Doc("what was decided", "决定结果")),
        Column("raised", "date", Doc("when it was raised", "提出日期")),
    ),
    index="id",
    intro=Doc(
        'the decision log; open decisions appear on the status report as "decisions needed".',
        "决策日志；未决事项在状态报告中列为“待决策”。",
    ),
)
