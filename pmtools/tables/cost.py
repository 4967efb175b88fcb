"""Cost management: costs.csv, the time-phased actual costs."""

from __future__ import annotations

from pmtools.tables._spec import Column, Doc, TableSpec

__all__ = ["COSTS"]

COSTS = TableSpec(
    "costs.csv",
    "cost",
    Doc("Costs", "成本"),
    (
        Column(
            "date",
            "date",
            Doc("when the cost was booked", "记账日期"),
            required=True,
            not_empty=True,
        ),
        Column(
            "task",
            "ref",
            Doc(
                "the task it is booked to; empty for project-level costs (travel, tools)",
                "记入的任务；项目级成本（差旅、工具）留空",
            ),
            Doc("task id", "任务编号"),
            refers_to="tasks.csv",
            code="task.unknown",
        ),
        Column(
            "amount",
            "number",
            Doc(
                "in the project's currency; negative for a credit note",
                "项目币种金额；冲销（贷项通知）为负数",
            ),
            Doc("number, negative allowed", "数值，可为负数"),
            required=True,
            not_empty=True,
            signed=True,
        ),
        Column(
            "category",
            "text",
            Doc(
                "`labour`, `hardware`, `licences`, ... (free text; empty shows as `-`)",
                "`labour`、`hardware`、`licences` 等（自由文本；为空时显示 `-`）",
            ),
        ),
        Column("description", "text", Doc("invoice or timesheet reference", "发票或工时单号")),
    ),
    intro=Doc(
        "actual costs by date, for example from the finance system's export, so the cost "
        "report can show spending by period and category.",
        "按日期记录的实际成本（例如财务系统导出），成本报告据此按期间和类别显示支出。",
    ),
)
