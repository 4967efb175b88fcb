"""Stakeholders and communication: stakeholders.csv (the register) and communications.csv
(the communication plan).

Interest and influence are levels 1..5 (3 or more counts as high on the power/interest
grid). Engagement follows the PMBOK stakeholder engagement assessment matrix:
``unaware`` < ``resistant`` < ``neutral`` < ``supportive`` < ``leading``. A communication's
``frequency`` is one of ``FREQUENCIES`` or ``every N days``; ``pmtools.stakeholders``
turns it into due dates.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from pmtools.tables._check import TableChecker
from pmtools.tables._spec import Column, Context, Doc, TableSpec

__all__ = [
    "ATTITUDES",
    "CHANNELS",
    "COMMUNICATIONS",
    "ENGAGEMENT_LEVELS",
    "EVERY_DAYS",
    "FREQUENCIES",
    "LEVELS",
    "MEETING_CHANNELS",
    "STAKEHOLDERS",
]

#: The PMBOK engagement levels, lowest first.
ENGAGEMENT_LEVELS = ("unaware", "resistant", "neutral", "supportive", "leading")
ATTITUDES = ("positive", "neutral", "negative")
#: Interest and influence run from 1 to LEVELS.
LEVELS = 5
CHANNELS = (
    "meeting",
    "call",
    "workshop",
    "demo",
    "email",
    "report",
    "newsletter",
    "intranet",
    "chat",
)
#: Channels where people meet (the rest are written).
MEETING_CHANNELS = ("meeting", "call", "workshop", "demo")
FREQUENCIES = ("daily", "weekly", "biweekly", "monthly", "quarterly", "per-sprint", "once")
#: ``every 10 days``: the one frequency with a number in it.
EVERY_DAYS = re.compile(r"^every\s+(\d+)\s+days?$")
_FREQUENCY_ALIASES = {
    "fortnightly": "biweekly",
    "bi-weekly": "biweekly",
    "every two weeks": "biweekly",
    "per sprint": "per-sprint",
    "sprint": "per-sprint",
    "each sprint": "per-sprint",
    "one-off": "once",
}


def _level(check: TableChecker, column: Column, context: Context, out: pd.DataFrame) -> None:
    """Whole levels 1..5 (NaN where empty); anything else is reported."""
    text = check.cells(column.name)
    values = pd.to_numeric(text.where(text != ""), errors="coerce")
    bad = (text != "") & (
        values.isna() | (values < 1) | (values > LEVELS) | (values != np.floor(values))
    )
    check.report(bad, column.name, "stakeholders.level.invalid", high=LEVELS)
    if column.not_empty and check.has(column.name):
        check.report(text == "", column.name, "risk.value.empty")
    out[column.name] = values.where(~bad).astype(float)


def _frequency(check: TableChecker, column: Column, context: Context, out: pd.DataFrame) -> None:
    """One of FREQUENCIES or ``every N days`` (N >= 1), case-insensitive; kept normalised."""
    text = check.cells(column.name).str.strip().str.lower().str.replace(r"\s+", " ", regex=True)
    text = text.replace(_FREQUENCY_ALIASES)
    every = text.str.extract(EVERY_DAYS.pattern, expand=False)
    days = pd.to_numeric(every, errors="coerce")
    normal = text.where(days.isna(), "every " + days.fillna(0).astype(int).astype(str) + " days")
    ok = normal.isin(FREQUENCIES) | (days >= 1)
    bad = (text != "") & ~ok
    check.report(bad, column.name, "stakeholders.frequency.invalid")
    if column.not_empty and check.has(column.name):
        check.report(text == "", column.name, "risk.value.empty")
    out[column.name] = normal.where(~bad & (text != ""), "")


def once_needs_a_date(check: TableChecker, out: pd.DataFrame, context: Context) -> None:
    """A one-off message needs the date it is due (or was sent)."""
    undated = (out["frequency"] == "once") & out["next_due"].isna() & out["last_sent"].isna()
    check.report(undated, "next_due", "stakeholders.once.undated", found="")


_LEVEL_KIND = Doc("whole number 1..5", "1 到 5 的整数")
_ENGAGEMENT_KIND = Doc(
    "`unaware`, `resistant`, `neutral`, `supportive`, `leading`",
    "`unaware`（不知晓）、`resistant`（抵制）、`neutral`（中立）、`supportive`（支持）、"
    "`leading`（领导）",
)

STAKEHOLDERS = TableSpec(
    "stakeholders.csv",
    "stakeholders",
    Doc("Stakeholders", "干系人"),
    (
        Column(
            "id",
            "id",
            Doc(
                "`SH01`, ...; communications.csv names stakeholders by it",
                "`SH01` 等；沟通计划用它指代干系人",
            ),
            required=True,
            example="SH01",
        ),
        Column(
            "name",
            "text",
            Doc(
                "the person (or a group such as a works council)",
                "干系人姓名（或如工会这样的群体）",
            ),
            required=True,
            not_empty=True,
        ),
        Column("role", "text", Doc("their role", "角色/职务")),
        Column("organisation", "text", Doc("their organisation or department", "所属组织或部门")),
        Column(
            "interest",
            "custom",
            Doc(
                "how much the project's outcome affects them; 3 or more is high on the grid",
                "项目结果对其影响的程度；3 及以上在方格图中算高",
            ),
            _LEVEL_KIND,
            required=True,
            not_empty=True,
            parse=_level,
            example="4",
        ),
        Column(
            "influence",
            "custom",
            Doc(
                "their power over the project (budget, decisions, veto); 3 or more is high",
                "其对项目的权力（预算、决策、否决）；3 及以上算高",
            ),
            _LEVEL_KIND,
            required=True,
            not_empty=True,
            parse=_level,
            example="5",
        ),
        Column(
            "current_engagement",
            "choice",
            Doc(
                "where they stand today (PMBOK engagement assessment matrix)",
                "当前参与程度（PMBOK 干系人参与度评估矩阵）",
            ),
            _ENGAGEMENT_KIND,
            choices=ENGAGEMENT_LEVELS,
            default=None,
            code="stakeholders.engagement.invalid",
        ),
        Column(
            "desired_engagement",
            "choice",
            Doc(
                "where the project needs them; the gap is desired minus current in levels",
                "项目需要其达到的参与程度；差距 = 期望 - 当前（级数）",
            ),
            _ENGAGEMENT_KIND,
            choices=ENGAGEMENT_LEVELS,
            default=None,
            code="stakeholders.engagement.invalid",
        ),
        Column(
            "attitude",
            "choice",
            Doc("how they feel about the project", "对项目的态度"),
            Doc(
                "`positive`, `neutral`, `negative`",
                "`positive`（积极）、`neutral`（中立）、`negative`（消极）",
            ),
            choices=ATTITUDES,
            default=None,
        ),
        Column(
            "needs",
            "text",
            Doc("what they need from the project, their concerns", "其对项目的需要和关注点"),
        ),
        Column("contact", "text", Doc("email or phone", "电子邮件或电话")),
        Column(
            "owner",
            "text",
            Doc("who on the team manages the relationship", "团队中负责维护该关系的人"),
        ),
    ),
    index="id",
    intro=Doc(
        "the stakeholder register: one row per person or group with a stake in the project, "
        "rated for interest and influence, with their engagement today and the engagement "
        "the project needs.",
        "干系人登记册：每个与项目利益相关的人或群体一行，评定其利益和影响力，记录当前参与程度和项目需要的参与程度。",
    ),
)

COMMUNICATIONS = TableSpec(
    "communications.csv",
    "stakeholders",
    Doc("Communication plan", "沟通计划"),
    (
        Column("id", "id", Doc("`C01`, ...", "`C01` 等"), required=True, example="C01"),
        Column(
            "audience",
            "text",
            Doc("who receives it, in words", "接收对象（文字描述）"),
            required=True,
            not_empty=True,
        ),
        Column(
            "stakeholders",
            "id_list",
            Doc(
                "the stakeholders it reaches, ids in `stakeholders.csv`; the cadence check "
                "uses them",
                "覆盖的干系人，`stakeholders.csv` 中的编号；沟通频率检查据此进行",
            ),
            Doc("stakeholder ids separated by `;`", "以 `;` 分隔的干系人编号"),
            refers_to="stakeholders.csv",
            code="stakeholders.unknown",
            example="SH01",
        ),
        Column(
            "information",
            "text",
            Doc("what is communicated", "沟通内容"),
            required=True,
            not_empty=True,
        ),
        Column(
            "channel",
            "choice",
            Doc(
                "how; `meeting`, `call`, `workshop` and `demo` count as meetings, the rest as "
                "written",
                "方式；`meeting`、`call`、`workshop`、`demo` 算会议，其余算书面",
            ),
            choices=CHANNELS,
            default=None,
            aliases={
                "video-call": "call",
                "video call": "call",
                "phone": "call",
                "e-mail": "email",
            },
        ),
        Column(
            "frequency",
            "custom",
            Doc(
                "how often: `per-sprint` follows the sprint ends in `sprints.csv` (14 days "
                "without it); `once` is a single message on `next_due`",
                "频率：`per-sprint` 按 `sprints.csv` 中各迭代的结束日（没有时按 14 天）；`once` 为在 "
                "`next_due` 发出的一次性沟通",
            ),
            Doc(
                "`daily`, `weekly`, `biweekly`, `monthly`, `quarterly`, `per-sprint`, `once` "
                "or `every N days`",
                "`daily`、`weekly`、`biweekly`、`monthly`、`quarterly`、`per-sprint`、`once` "
                "或 `every N days`",
            ),
            required=True,
            not_empty=True,
            parse=_frequency,
            example="weekly",
        ),
        Column("owner", "text", Doc("who sends it or chairs it", "发送人或主持人")),
        Column(
            "last_sent",
            "date",
            Doc(
                "when it was last sent or held; overdue when last_sent + frequency is before "
                "the status date",
                "最近一次发送或召开的日期；最近日期 + 频率早于状态日期即为逾期",
            ),
        ),
        Column(
            "next_due",
            "date",
            Doc(
                "when the next one is due, if not last_sent + frequency (a first send, a "
                "one-off, a moved meeting)",
                "下一次的到期日，当它不是最近日期 + 频率时填写（首次发送、一次性沟通、改期的会议）",
            ),
        ),
    ),
    index="id",
    rules=(once_needs_a_date,),
    intro=Doc(
        "the communication plan: one row per recurring meeting, report or message, with when "
        "it was last sent, so the report can show what is overdue and what is due next.",
        "沟通计划：每个例行会议、报告或消息一行，记录最近发送日期，报告据此显示逾期和即将到期的沟通。",
    ),
)
