"""Document management: documents.csv, the document register with its version history.

One row per version of a document: rows sharing an ``id`` are that document's
versions, so ``id`` is checked as an id (no spaces, commas or semicolons) but
may repeat; the same version twice is a problem.
"""

from __future__ import annotations

import re

import pandas as pd

from pmtools.tables._check import TableChecker
from pmtools.tables._spec import Column, Context, Doc, TableSpec
from pmtools.tables.requirements import version_key

__all__ = ["DOCUMENTS", "DOCUMENT_STATUSES"]

DOCUMENT_STATUSES = ("draft", "in-review", "approved", "obsolete")

_BAD_ID = re.compile(r"[\s,;]")


def _document_id(check: TableChecker, column: Column, context: Context, out: pd.DataFrame) -> None:
    """A document id on every row, without spaces, commas or semicolons; it may repeat."""
    text = check.cells(column.name)
    if check.has(column.name):
        check.report(text == "", column.name, "id.empty")
    check.report(text.map(lambda v: bool(_BAD_ID.search(v))), column.name, "id.invalid")
    out[column.name] = text


def _version(check: TableChecker, column: Column, context: Context, out: pd.DataFrame) -> None:
    """A version such as ``1.0`` or ``2.1`` on every row."""
    text = check.cells(column.name)
    if check.has(column.name):
        check.report(text == "", column.name, "risk.value.empty")
    bad = (text != "") & text.map(lambda v: version_key(v) == ())
    check.report(bad, column.name, "version.invalid")
    out[column.name] = text.where(~bad, "")


def versions_unique(check: TableChecker, out: pd.DataFrame, context: Context) -> None:
    """The same version of a document appears once."""
    usable = (out["id"] != "") & (out["version"] != "")
    key = out["id"] + "\x00" + out["version"].map(lambda v: ".".join(map(str, version_key(v))))
    twice = usable & key.where(usable).duplicated(keep="first")
    if twice.any():
        first = pd.Series(check.rows, index=out.index).groupby(key).transform("min")
        check.report(
            twice,
            "version",
            "documents.version.duplicate",
            per_row={"document": out["id"], "first_row": first},
        )


def approval_dated(check: TableChecker, out: pd.DataFrame, context: Context) -> None:
    """An approved version has its approval date; a draft or a version in review has none;
    a review cycle is at least one day; nothing is reviewed before it was approved."""
    approved = out["status"] == "approved"
    dated = out["approved_on"].notna()
    check.report(
        approved & ~dated & (check.cells("approved_on") == ""),
        "approved_on",
        "documents.approved_on.missing",
    )
    check.report(
        out["status"].isin(("draft", "in-review")) & dated,
        "approved_on",
        "documents.approved_on.unapproved",
        per_row={"status": out["status"]},
    )
    check.report(
        (out["review_every_days"] == 0).fillna(False),
        "review_every_days",
        "documents.every.invalid",
    )
    early = (out["last_review"] < out["approved_on"]).fillna(False)
    check.report(
        early,
        "last_review",
        "documents.review_before_approval",
        per_row={"approved": check.cells("approved_on")},
    )


DOCUMENTS = TableSpec(
    "documents.csv",
    "documents",
    Doc("Document register", "文档登记册"),
    (
        Column(
            "id",
            "custom",
            Doc(
                "`DOC-01`, ...; several rows with the same id are the versions of one document",
                "`DOC-01` 等；编号相同的多行是同一文档的各个版本",
            ),
            Doc("id, required (repeats for each version)", "编号，必填（每个版本重复）"),
            required=True,
            parse=_document_id,
            example="DOC-01",
        ),
        Column(
            "title", "text", Doc("the document's title", "文档标题"), required=True, not_empty=True
        ),
        Column(
            "type",
            "text",
            Doc(
                "`plan`, `specification`, `contract`, `design`, `manual`, `report`, ... (free text)",
                "`plan`、`specification`、`contract`、`design`、`manual`、`report` 等（自由文本）",
            ),
        ),
        Column("owner", "text", Doc("who keeps it up to date", "负责维护的人")),
        Column(
            "version",
            "custom",
            Doc("this row's version: `1.0`, `2.1`, ...", "本行的版本号：`1.0`、`2.1` 等"),
            Doc("version, required", "版本号，必填"),
            required=True,
            parse=_version,
        ),
        Column(
            "status",
            "choice",
            Doc("where this version stands", "该版本的状态"),
            Doc(
                "`draft` (default), `in-review`, `approved`, `obsolete`",
                "`draft`（草稿，默认）、`in-review`（评审中）、`approved`（已批准）、`obsolete`（作废）",
            ),
            choices=DOCUMENT_STATUSES,
            aliases={"in review": "in-review", "review": "in-review"},
        ),
        Column(
            "approved_on",
            "date",
            Doc(
                "when this version was approved; required for approved versions",
                "该版本的批准日期；已批准版本必填",
            ),
        ),
        Column(
            "last_review",
            "date",
            Doc("when this version was last reviewed", "该版本最近一次评审日期"),
        ),
        Column(
            "review_every_days",
            "whole",
            Doc(
                "review cycle in calendar days; the next review is due that long after the last "
                "review (or the approval). Empty: no periodic review",
                "评审周期（日历天）；下次评审在最近一次评审（或批准）后这么多天到期。留空：不定期评审",
            ),
            Doc("whole days >= 1", "整数天 >= 1"),
            code="documents.every.invalid",
        ),
        Column(
            "location", "text", Doc("where it is kept: a link or a path", "存放位置：链接或路径")
        ),
        Column("change_note", "text", Doc("what changed in this version", "本版本的变更说明")),
    ),
    rules=(versions_unique, approval_dated),
    intro=Doc(
        "the document register: one row per version of a document, so a document's rows are "
        "its version history. The documents report lists reviews due and overdue at the status "
        "date, documents without an owner or an approved version, and each version history.",
        "文档登记册：每个文档版本一行，同一文档的多行即其版本历史。文档报告列出截至状态日期"
        "到期和逾期的评审、没有负责人或没有批准版本的文档，以及各文档的版本历史。",
    ),
)
