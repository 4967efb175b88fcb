"""Document management: the register, reviews due, gaps, and each document's version history.

Rows of documents.csv sharing an ``id`` are the versions of one document.
Per document:

- its *latest* version is the highest version number (``1.10`` after ``1.9``);
  the title, type and location are the latest version's, the owner the
  latest one given;
- its *current* version is the highest approved version (what people work
  from), else the latest version; a document whose latest version is
  ``obsolete`` is withdrawn and needs no review, owner or approval;
- the next review is due ``review_every_days`` calendar days after the
  current version's last review (or its approval when never reviewed). At the
  status date it is ``overdue`` (due before it), ``due`` (within
  ``DUE_WITHIN_DAYS``), ``ok``, ``never`` (a cycle but no review or approval
  date yet), ``none`` (no cycle) or ``withdrawn``.
"""

from __future__ import annotations

import pandas as pd

from pmtools.model import Attention, Project
from pmtools.tables.requirements import version_key

__all__ = [
    "DUE_WITHIN_DAYS",
    "REVIEW_STATES",
    "attention",
    "document_gaps",
    "document_register",
    "reviews_due",
    "status_by_type",
    "version_history",
]

#: A review due within this many calendar days after the status date is "due".
DUE_WITHIN_DAYS = 14
REVIEW_STATES = ("overdue", "never", "due", "ok", "none", "withdrawn")

_FILE = "documents.csv"
_REGISTER = [
    "title",
    "doc_type",
    "owner",
    "versions",
    "latest_version",
    "latest_status",
    "approved_version",
    "approved_on",
    "last_review",
    "review_every_days",
    "next_review",
    "days_until",
    "review_state",
    "location",
]


def _rows(project: Project) -> pd.DataFrame | None:
    table = project.table(_FILE)
    if table is None or table.empty:
        return None
    rows = table.copy()
    rows["_order"] = range(len(rows))
    rows["_key"] = rows["version"].map(version_key)
    return rows


def document_register(project: Project) -> pd.DataFrame:
    """One row per document (index id, in order of first appearance).

    Columns: title, doc_type (the file's ``type``), owner, versions (rows),
    latest_version, latest_status, approved_version ('' when none is approved),
    approved_on (of that version), last_review and review_every_days (of the
    current version), next_review (NaT when unknown), days_until (calendar days
    from the status date to next_review; negative = overdue), review_state (see
    the module docs) and location. Empty without documents.csv.
    """
    rows = _rows(project)
    if rows is None:
        return pd.DataFrame(columns=_REGISTER, index=pd.Index([], name="id"))
    day = pd.Timestamp(project.status_date)
    records = []
    order = rows.groupby("id", sort=False)["_order"].min().sort_values().index
    for doc in order:
        versions = rows[rows["id"] == doc].sort_values(["_key", "_order"])
        latest = versions.iloc[-1]
        approved = versions[versions["status"] == "approved"]
        current = approved.iloc[-1] if len(approved) else latest
        owners = versions.loc[versions["owner"] != "", "owner"]
        every = current["review_every_days"]
        reference = (
            current["last_review"] if pd.notna(current["last_review"]) else current["approved_on"]
        )
        withdrawn = latest["status"] == "obsolete"
        next_review = pd.NaT
        if withdrawn:
            state = "withdrawn"
        elif pd.isna(every):
            state = "none"
        elif pd.isna(reference):
            state = "never"
        else:
            next_review = reference + pd.Timedelta(days=int(every))
            left = (next_review - day).days
            state = "overdue" if left < 0 else "due" if left <= DUE_WITHIN_DAYS else "ok"
        records.append(
            {
                "id": doc,
                "title": latest["title"],
                "doc_type": latest["type"],
                "owner": owners.iloc[-1] if len(owners) else "",
                "versions": len(versions),
                "latest_version": latest["version"],
                "latest_status": latest["status"],
                "approved_version": approved.iloc[-1]["version"] if len(approved) else "",
                "approved_on": approved.iloc[-1]["approved_on"] if len(approved) else pd.NaT,
                "last_review": current["last_review"],
                "review_every_days": every,
                "next_review": next_review,
                "days_until": float((next_review - day).days)
                if pd.notna(next_review)
                else float("nan"),
                "review_state": state,
                "location": latest["location"],
            }
        )
    frame = pd.DataFrame(records, columns=["id", *_REGISTER]).set_index("id")
    for column in ("approved_on", "last_review", "next_review"):
        frame[column] = pd.to_datetime(frame[column])
    return frame


def reviews_due(project: Project) -> pd.DataFrame:
    """Documents whose review is overdue, never done or due within ``DUE_WITHIN_DAYS``:
    the register's rows, never-reviewed first, then by next_review."""
    register = document_register(project)
    due = register[register["review_state"].isin(("overdue", "never", "due"))].copy()
    due["_never"] = due["review_state"] != "never"
    return due.sort_values(["_never", "next_review"], kind="stable").drop(columns="_never")


def document_gaps(project: Project) -> pd.DataFrame:
    """Documents in use (not withdrawn) without an owner or without any approved version:
    the register's rows with booleans ``no_owner`` and ``no_approved``."""
    register = document_register(project)
    live = register[register["review_state"] != "withdrawn"].copy()
    live["no_owner"] = live["owner"] == ""
    live["no_approved"] = live["approved_version"] == ""
    return live[live["no_owner"] | live["no_approved"]]


def version_history(project: Project) -> pd.DataFrame:
    """Every version of the documents that have more than one (index id, in register
    order, versions in number order): version, status, approved_on, last_review, owner,
    change_note, title."""
    rows = _rows(project)
    columns = ["version", "status", "approved_on", "last_review", "owner", "change_note", "title"]
    if rows is None:
        return pd.DataFrame(columns=columns, index=pd.Index([], name="id"))
    counts = rows["id"].value_counts()
    several = rows[rows["id"].map(counts) > 1].copy()
    first = rows.groupby("id", sort=False)["_order"].min()
    several["_first"] = several["id"].map(first)
    several = several.sort_values(["_first", "_key", "_order"])
    return several.set_index("id")[columns]


def status_by_type(project: Project) -> pd.DataFrame:
    """Documents per type (rows, '-' for none) and latest version status (columns draft,
    in-review, approved, obsolete), counts."""
    from pmtools.tables.documents import DOCUMENT_STATUSES

    register = document_register(project)
    if register.empty:
        return pd.DataFrame(columns=list(DOCUMENT_STATUSES))
    types = register["doc_type"].replace("", "-")
    counts = pd.crosstab(types, register["latest_status"])
    return counts.reindex(columns=list(DOCUMENT_STATUSES), fill_value=0)


def attention(project: Project) -> list[Attention]:
    """What the register says needs attention at the status date.

    Red: a review overdue by more than its whole cycle (one item each). Amber: the other
    overdue reviews (one item listing them with their days overdue), documents without an
    owner, documents in use without an approved version.
    """
    register = document_register(project)
    if register.empty:
        return []
    found: list[Attention] = []
    overdue = register[register["review_state"] == "overdue"].sort_values("days_until")
    late = -overdue["days_until"]
    skipped = late > overdue["review_every_days"]
    for doc, row in overdue[skipped].iterrows():
        values = {
            "id": doc,
            "title": row["title"],
            "days": int(-row["days_until"]),
            "every": int(row["review_every_days"]),
        }
        found.append(Attention("documents", "red", "documents.attention.overdue", values))
    if (~skipped).any():
        listed = ", ".join(f"{d} ({int(n)})" for d, n in late[~skipped].items())
        values = {"count": int((~skipped).sum()), "ids": listed}
        found.append(Attention("documents", "amber", "documents.attention.overdue_some", values))
    gaps = document_gaps(project)
    for column, key in (
        ("no_owner", "documents.attention.no_owner"),
        ("no_approved", "documents.attention.no_approved"),
    ):
        ids = list(gaps.index[gaps[column]])
        if ids:
            found.append(
                Attention("documents", "amber", key, {"count": len(ids), "ids": ", ".join(ids)})
            )
    return found
