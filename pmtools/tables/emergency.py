"""Emergency management: contingency.csv (scenarios, plans and drills) and incidents.csv.

An incident names the contingency scenario it fell under (its RTO is the
target for the time to restore) and its follow-up actions, ids in
``actions.csv``, the improvement actions shared with the retrospective.
Incident times are ``YYYY-MM-DD HH:MM`` (a date alone means 00:00).
"""

from __future__ import annotations

import pandas as pd

from pmtools.errors import Problem
from pmtools.tables._check import TableChecker
from pmtools.tables._spec import Column, Context, Doc, Parser, TableSpec

__all__ = ["CONTINGENCY", "INCIDENTS", "SEVERITIES", "SEVERITY_ALIASES"]

#: Incident severities, most severe first; 1..4 (or P1..P4, SEV1..SEV4) are read as these.
SEVERITIES = ("critical", "high", "medium", "low")
SEVERITY_ALIASES = {
    **{str(i + 1): s for i, s in enumerate(SEVERITIES)},
    **{f"p{i + 1}": s for i, s in enumerate(SEVERITIES)},
    **{f"sev{i + 1}": s for i, s in enumerate(SEVERITIES)},
}


def _datetime(check: TableChecker, column: Column, context: Context, out: pd.DataFrame) -> None:
    """``datetime64[ns]`` from ``YYYY-MM-DD HH:MM`` or ``YYYY-MM-DD`` (NaT when empty)."""
    text = check.cells(column.name).astype(object)
    length = text.str.len()
    day = pd.to_datetime(text.where(length == 10), format="%Y-%m-%d", errors="coerce")
    minute = pd.to_datetime(text.where(length == 16), format="%Y-%m-%d %H:%M", errors="coerce")
    values = day.fillna(minute).astype("datetime64[ns]")
    bad = (text != "") & values.isna()
    check.report(bad, column.name, "emergency.datetime.invalid")
    if column.not_empty and check.has(column.name):
        check.report(text == "", column.name, "risk.value.empty")
    out[column.name] = values.where(~bad)


def _reference(file: str, *, many: bool) -> Parser:
    """A parser of ids into ``file``: each must be an id there, and the file must exist."""

    def parse(check: TableChecker, column: Column, context: Context, out: pd.DataFrame) -> None:
        lists = check.id_list(column.name)
        known = context.ids.get(file)
        for ids, row in zip(lists.tolist(), check.rows.tolist(), strict=True):
            for item in ids:
                if known is None:
                    code = "emergency.reference.no_file"
                elif item not in known:
                    code = "emergency.reference.unknown"
                else:
                    continue
                check.problems.append(
                    Problem(check.file, int(row), column.name, code, {"found": item, "file": file})
                )
            if not many and len(ids) > 1:
                check.problems.append(
                    Problem(
                        check.file, int(row), column.name, "emergency.reference.one", {"file": file}
                    )
                )
        out[column.name] = lists if many else lists.map(lambda v: v[0] if v else "")

    return parse


def backup_is_someone_else(check: TableChecker, out: pd.DataFrame, context: Context) -> None:
    """The backup owner is not the owner; a drill cycle is at least one day."""
    same = (out["backup_owner"] != "") & (
        out["backup_owner"].str.casefold() == out["owner"].str.casefold()
    )
    check.report(same, "backup_owner", "emergency.backup.same")
    check.report(
        (out["drill_every_days"] == 0).fillna(False), "drill_every_days", "emergency.every.invalid"
    )


def restored_after_start(check: TableChecker, out: pd.DataFrame, context: Context) -> None:
    """Service is restored (``end``) no earlier than the incident started."""
    backwards = (out["end"] < out["start"]).fillna(False)
    check.report(
        backwards, "end", "emergency.end_before_start", per_row={"start": check.cells("start")}
    )


_HOURS = Doc("hours >= 0", "小时 >= 0")

CONTINGENCY = TableSpec(
    "contingency.csv",
    "emergency",
    Doc("Contingency plans", "应急预案"),
    (
        Column("id", "id", Doc("`EP-01`, ...", "`EP-01` 等"), required=True, example="EP-01"),
        Column(
            "scenario",
            "text",
            Doc(
                "what could happen (data centre outage, key supplier fails, ...)",
                "可能发生的情形（机房停电、关键供应商失效等）",
            ),
            required=True,
            not_empty=True,
        ),
        Column("trigger", "text", Doc("the sign that the plan is invoked", "启动预案的信号")),
        Column(
            "plan",
            "text",
            Doc("what is done, or where the plan is kept", "应对措施，或预案存放位置"),
        ),
        Column("owner", "text", Doc("who invokes and leads the plan", "负责启动和指挥预案的人")),
        Column(
            "backup_owner",
            "text",
            Doc(
                "who leads it when the owner cannot; not the owner",
                "负责人不在时的替补；不能是负责人本人",
            ),
        ),
        Column("last_drill", "date", Doc("when the plan was last rehearsed", "最近一次演练日期")),
        Column(
            "drill_every_days",
            "whole",
            Doc(
                "drill cycle in calendar days; the next drill is due that long after the last. "
                "Empty: no drill cycle",
                "演练周期（日历天）；下次演练在上次演练后这么多天到期。留空：无演练周期",
            ),
            Doc("whole days >= 1", "整数天 >= 1"),
            code="emergency.every.invalid",
        ),
        Column(
            "rto_hours",
            "number",
            Doc(
                "recovery time objective: longest acceptable time to restore",
                "恢复时间目标（RTO）：可接受的最长恢复时间",
            ),
            _HOURS,
        ),
        Column(
            "rpo_hours",
            "number",
            Doc(
                "recovery point objective: most data that may be lost, in hours of work",
                "恢复点目标（RPO）：可接受的最大数据丢失（小时）",
            ),
            _HOURS,
        ),
    ),
    index="id",
    rules=(backup_is_someone_else,),
    intro=Doc(
        "the contingency plans: one row per scenario, with its owners, drill cycle and "
        "recovery targets.",
        "应急预案：每个情形一行，包括负责人、演练周期和恢复目标。",
    ),
)

INCIDENTS = TableSpec(
    "incidents.csv",
    "emergency",
    Doc("Incidents", "事件"),
    (
        Column("id", "id", Doc("`INC-01`, ...", "`INC-01` 等"), required=True, example="INC-01"),
        Column(
            "title",
            "text",
            Doc("what happened, in a few words", "发生了什么（简短）"),
            required=True,
            not_empty=True,
        ),
        Column(
            "start",
            "custom",
            Doc("when it started (or was detected)", "开始（或发现）时间"),
            Doc("`YYYY-MM-DD HH:MM`, required", "`YYYY-MM-DD HH:MM`，必填"),
            required=True,
            not_empty=True,
            parse=_datetime,
        ),
        Column(
            "end",
            "custom",
            Doc("when service was restored; empty while it is not", "服务恢复时间；尚未恢复则留空"),
            Doc("`YYYY-MM-DD HH:MM`", "`YYYY-MM-DD HH:MM`"),
            parse=_datetime,
        ),
        Column(
            "severity",
            "choice",
            Doc("how bad it was", "严重程度"),
            Doc(
                "`critical`, `high`, `medium`, `low` (or `1` to `4`, `P1` to `P4`), required",
                "`critical`（严重）、`high`（高）、`medium`（中）、`low`（低）（也可写 `1` 至 `4`、"
                "`P1` 至 `P4`），必填",
            ),
            required=True,
            not_empty=True,
            choices=SEVERITIES,
            aliases=SEVERITY_ALIASES,
        ),
        Column(
            "impact", "text", Doc("who or what was affected, and how", "影响了谁或什么，如何影响")
        ),
        Column("root_cause", "text", Doc("why it happened, once known", "根本原因（查明后填写）")),
        Column(
            "scenario",
            "custom",
            Doc(
                "the contingency scenario it fell under; its RTO is the restore target",
                "所属应急情形；其 RTO 为恢复目标",
            ),
            Doc("id in `contingency.csv`", "`contingency.csv` 中的编号"),
            parse=_reference("contingency.csv", many=False),
        ),
        Column(
            "actions",
            "custom",
            Doc("follow-up actions, ids in `actions.csv`", "后续改进措施，`actions.csv` 中的编号"),
            Doc("action ids separated by `;`", "以 `;` 分隔的措施编号"),
            parse=_reference("actions.csv", many=True),
        ),
    ),
    index="id",
    rules=(restored_after_start,),
    intro=Doc(
        "the incident log: one row per incident, with the scenario whose RTO it is measured "
        "against and its follow-up actions in `actions.csv`.",
        "事件日志：每个事件一行，注明用于衡量恢复时间的应急情形，以及 `actions.csv` 中的后续措施。",
    ),
)
