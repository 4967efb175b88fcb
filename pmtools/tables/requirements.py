"""Requirements capture and sign-off: requirements.csv and signoff.csv."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from pmtools.tables._check import TableChecker
from pmtools.tables._spec import Column, Context, Doc, TableSpec

__all__ = [
    "PRIORITIES",
    "REQUIREMENTS",
    "REQUIREMENT_STATUSES",
    "REQUIREMENT_TYPES",
    "SIGNOFF",
    "version_key",
]

REQUIREMENT_TYPES = ("functional", "non-functional")
PRIORITIES = ("must", "should", "could", "wont")
REQUIREMENT_STATUSES = ("proposed", "approved", "rejected", "changed", "done")
_VERSION = re.compile(r"^\d+(\.\d+)*$")


def version_key(version: str) -> tuple[int, ...]:
    """``"1.10"`` -> ``(1, 10)``: versions compare part by part, not as text."""
    return tuple(int(part) for part in version.split(".")) if _VERSION.match(version) else ()


def _version(check: TableChecker, column: Column, context: Context, out: pd.DataFrame) -> None:
    text = check.cells(column.name)
    bad = (text != "") & ~text.str.match(_VERSION.pattern)
    check.report(bad, column.name, "version.invalid")
    if column.not_empty:
        check.report(text == "", column.name, "risk.value.empty")
    out[column.name] = text.where(~bad, "")


def _business_value(
    check: TableChecker, column: Column, context: Context, out: pd.DataFrame
) -> None:
    value = check.number(column.name)
    bad = value.notna() & ((value < 1) | (value > 10) | (value != np.floor(value)))
    check.report(bad, column.name, "requirement.value.invalid")
    out[column.name] = value.where(~bad)


_VERSION_KIND = Doc("like `1.0`, `1.2`", "形如 `1.0`、`1.2`")

REQUIREMENTS = TableSpec(
    "requirements.csv",
    "requirements",
    Doc("Requirements", "需求"),
    (
        Column(
            "id",
            "id",
            Doc("unique id without spaces (`REQ-001`)", "唯一编号，不含空格（`REQ-001`）"),
            required=True,
            example="REQ-001",
        ),
        Column("title", "text", Doc("short name", "简称"), required=True, not_empty=True),
        Column("description", "text", Doc("what the system shall do", "系统应做什么")),
        Column(
            "type",
            "choice",
            Doc("", "需求类型"),
            Doc(
                "`functional` (default) or `non-functional`",
                "`functional`（功能性，默认）或 `non-functional`（非功能性）",
            ),
            choices=REQUIREMENT_TYPES,
            default="functional",
            ignore="'",
            aliases={"nonfunctional": "non-functional"},
        ),
        Column(
            "category",
            "text",
            Doc(
                "e.g. sales, finance, integration; performance, security for non-functional",
                "例如销售、财务、集成；非功能性需求如性能、安全",
            ),
        ),
        Column(
            "priority",
            "choice",
            Doc(
                "MoSCoW priority (`won't` is read as `wont`)",
                "MoSCoW 优先级（`won't` 读作 `wont`）",
            ),
            Doc("`must`, `should`, `could`, `wont`", "`must`、`should`、`could`、`wont`"),
            required=True,
            choices=PRIORITIES,
            default="should",
            ignore="'",
        ),
        Column(
            "business_value",
            "custom",
            Doc(
                "value to the customer, for the value/effort ranking",
                "对客户的价值，用于价值/工作量排序",
            ),
            Doc("whole number 1..10", "1 到 10 的整数"),
            parse=_business_value,
        ),
        Column(
            "effort",
            "number",
            Doc("estimated person-days", "估计人天"),
            Doc("number >= 0", "数值 >= 0"),
        ),
        Column("source", "text", Doc("the stakeholder who asked for it", "提出需求的干系人")),
        Column(
            "acceptance_criteria",
            "text",
            Doc("testable criteria, several separated by `;`", "可测试的验收标准，多条以 `;` 分隔"),
        ),
        Column(
            "status",
            "choice",
            Doc("", "状态"),
            Doc(
                "`proposed` (default), `approved`, `rejected`, `changed`, `done`",
                "`proposed`（提出，默认）、`approved`、`rejected`、`changed`、`done`",
            ),
            choices=REQUIREMENT_STATUSES,
            default="proposed",
            ignore="'",
        ),
        Column(
            "version",
            "custom",
            Doc(
                "document version in which the requirement last changed; newer than the last "
                "signed version = awaiting sign-off",
                "需求最后变更所在的文档版本；比最近签署的版本新即为待签署",
            ),
            _VERSION_KIND,
            parse=_version,
        ),
        Column(
            "tasks",
            "id_list",
            Doc(
                "the tasks that deliver it (traceability); empty = untraced",
                "交付该需求的任务（可追溯性）；为空即未追溯",
            ),
            Doc("task ids separated by `;`", "以 `;` 分隔的任务编号"),
            refers_to="tasks.csv",
            code="risk.task.unknown",
        ),
        Column(
            "tests",
            "id_list",
            Doc(
                "the test cases that prove it; empty = untested",
                "验证该需求的测试用例；为空即未测试",
            ),
            Doc("test ids separated by `;`", "以 `;` 分隔的测试编号"),
        ),
        Column("raised", "date", Doc("when it was raised", "提出日期")),
    ),
    index="id",
    intro=Doc(
        "one row per requirement.",
        "每条需求一行。",
    ),
)

SIGNOFF = TableSpec(
    "signoff.csv",
    "requirements",
    Doc("Sign-off", "签署记录"),
    (
        Column(
            "version",
            "custom",
            Doc("the version of the requirements document signed", "签署的需求文档版本"),
            _VERSION_KIND,
            required=True,
            not_empty=True,
            parse=_version,
        ),
        Column(
            "date", "date", Doc("when it was signed", "签署日期"), required=True, not_empty=True
        ),
        Column("signed_by", "text", Doc("who signed it", "签署人"), required=True, not_empty=True),
        Column("role", "text", Doc("their role", "签署人角色")),
        Column("organisation", "text", Doc("their organisation", "签署人所在组织")),
        Column("comment", "text", Doc("", "备注")),
    ),
    intro=Doc(
        "the customer's sign-off record: one row per signed version of the requirements document.",
        "客户签署记录：需求文档的每个签署版本一行。",
    ),
)
