"""Sprints and retrospectives: sprints.csv, burndown.csv, retro.csv, actions.csv."""

from __future__ import annotations

import pandas as pd

from pmtools.tables._check import TableChecker
from pmtools.tables._spec import Column, Context, Doc, TableSpec

__all__ = ["ACTIONS", "ACTION_STATUSES", "BURNDOWN", "RETRO", "RETRO_CATEGORIES", "SPRINTS"]

RETRO_CATEGORIES = ("went-well", "to-improve", "idea", "kudos")
ACTION_STATUSES = ("open", "in-progress", "done", "dropped")

_POINTS = Doc("points", "故事点")
_SPRINT_REF = Doc("sprint id", "迭代编号")


def end_not_before_start(check: TableChecker, out: pd.DataFrame, context: Context) -> None:
    """A period's ``end`` is not before its ``start``."""
    backwards = (out["end"] < out["start"]).fillna(False)
    check.report(
        backwards, "end", "sprint.end_before_start", per_row={"start": check.cells("start")}
    )


def one_row_per_day(check: TableChecker, out: pd.DataFrame, context: Context) -> None:
    """One remaining-points figure per sprint and day."""
    twice = out.duplicated(subset=["sprint", "date"], keep="first") & out["date"].notna()
    check.report(twice, "date", "burndown.duplicate", per_row={"sprint": check.cells("sprint")})


def _sprint(name: str = "sprint", *, required: bool = True) -> Column:
    return Column(
        name,
        "ref",
        Doc("the sprint, an id in `sprints.csv`", "所属迭代，须为 `sprints.csv` 中的编号"),
        _SPRINT_REF,
        required=required,
        not_empty=required,
        refers_to="sprints.csv",
        code="sprint.unknown",
        example="S01",
    )


SPRINTS = TableSpec(
    "sprints.csv",
    "retrospective",
    Doc("Sprints", "迭代"),
    (
        Column("sprint", "id", Doc("`S01`, `S02`, ...", "`S01`、`S02` 等"), required=True),
        Column("name", "text", Doc("", "迭代名称")),
        Column("start", "date", Doc("first day", "第一天"), required=True, not_empty=True),
        Column("end", "date", Doc("last day", "最后一天"), required=True, not_empty=True),
        Column(
            "committed",
            "number",
            Doc("story points committed at planning", "计划会上承诺的故事点"),
            _POINTS,
            required=True,
            not_empty=True,
        ),
        Column(
            "completed",
            "number",
            Doc(
                "story points done (empty for sprints not finished)",
                "完成的故事点（未结束的迭代留空）",
            ),
            _POINTS,
        ),
        Column(
            "added", "number", Doc("scope added during the sprint", "迭代中追加的范围"), _POINTS
        ),
        Column("goal", "text", Doc("the sprint goal", "迭代目标")),
    ),
    index="sprint",
    rules=(end_not_before_start,),
    intro=Doc("one row per sprint, in order.", "每个迭代一行，按顺序。"),
)

BURNDOWN = TableSpec(
    "burndown.csv",
    "retrospective",
    Doc("Burndown", "燃尽"),
    (
        _sprint(),
        Column("date", "date", Doc("the working day", "工作日"), required=True, not_empty=True),
        Column(
            "remaining",
            "number",
            Doc("story points left at the end of the day", "当天结束时剩余的故事点"),
            _POINTS,
            required=True,
            not_empty=True,
        ),
    ),
    rules=(one_row_per_day,),
    intro=Doc("remaining points per working day of a sprint.", "迭代中每个工作日的剩余故事点。"),
)

RETRO = TableSpec(
    "retro.csv",
    "retrospective",
    Doc("Retrospective notes", "回顾会记录"),
    (
        _sprint(),
        Column(
            "category",
            "choice",
            Doc("what kind of note", "记录类别"),
            Doc(
                "`went-well`, `to-improve`, `idea`, `kudos`",
                "`went-well`（做得好）、`to-improve`（待改进）、`idea`（想法）、`kudos`（致谢）",
            ),
            required=True,
            not_empty=True,
            choices=RETRO_CATEGORIES,
        ),
        Column("note", "text", Doc("the note", "记录内容"), required=True, not_empty=True),
        Column("votes", "number", Doc("dot votes", "投票数")),
        Column("author", "text", Doc("who wrote it", "作者")),
    ),
    intro=Doc("notes from retrospectives.", "迭代回顾会的记录。"),
)

ACTIONS = TableSpec(
    "actions.csv",
    "retrospective",
    Doc("Improvement actions", "改进措施"),
    (
        Column("id", "id", Doc("`A01`, ...", "`A01` 等"), required=True),
        Column(
            "action", "text", Doc("what will be done", "要做的事"), required=True, not_empty=True
        ),
        Column("owner", "text", Doc("who does it", "负责人")),
        Column("due", "date", Doc("when it is due", "截止日期")),
        Column(
            "status",
            "choice",
            Doc("", "状态"),
            Doc(
                "`open` (default), `in-progress`, `done`, `dropped`",
                "`open`（默认）、`in-progress`、`done`、`dropped`",
            ),
            choices=ACTION_STATUSES,
        ),
        _sprint(required=False),
        Column("closed", "date", Doc("when it was closed", "关闭日期")),
    ),
    index="id",
    intro=Doc("improvement actions.", "改进措施。"),
)
