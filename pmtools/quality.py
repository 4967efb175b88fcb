"""Quality management: reviews of the quality plan, defect metrics and requirement coverage.

Everything is computed at the project's status date, in calendar days:

- A review (a row of quality.csv) still ``pending`` is **overdue** when its
  ``review_date`` is before the status date and **due** when it falls within
  ``DUE_WITHIN_DAYS`` (14) days from it, the status date included.
- The defects are defects.csv's rows; without that file, the bugs of workitems.csv
  (``defects``); with both, defects.csv plus the bugs that no row names in its
  ``work_item`` or ``id`` (``defect_source`` says which). ``rejected`` defects are
  left out of every count. A defect is **open** at a date when it was found on or
  before it and not fixed by then (no ``fixed_on``, or a later one).
- Arrival and closure per week: weeks of 7 days ending on the status date's
  weekday, the last one ending on the status date.
- Age of an open defect: status date - found_on, in days.
- Defect density: defects found per KLOC of the component (sizes under
  ``quality: components:`` in project.yaml).
- Escaped defects: found in ``uat`` or ``production``, after the team's own testing.
- Requirement coverage: requirements in play (not rejected, not won't-have) with at
  least one test, with acceptance criteria, and the defects linked to each.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from pmtools.model import Attention, Project
from pmtools.tables.quality import (
    DEFECT_PHASES,
    ESCAPED_PHASES,
    OPEN_STATUSES,
    SEVERITIES,
)

__all__ = [
    "AGE_BUCKETS",
    "DEFECT_COLUMNS",
    "DUE_WITHIN_DAYS",
    "QualitySummary",
    "attention",
    "defect_density",
    "defect_source",
    "defect_trend",
    "defects",
    "defects_by_phase",
    "has_quality_data",
    "open_by_age",
    "open_defects",
    "quality_summary",
    "requirement_coverage",
    "review_results",
    "reviews",
    "reviews_due",
    "severity_of_priority",
]

#: A pending review this many days ahead of the status date (or fewer) is due.
DUE_WITHIN_DAYS = 14
#: Age buckets of open defects: (name, first day, last day or None), in calendar days.
AGE_BUCKETS: tuple[tuple[str, int, int | None], ...] = (
    ("0_7", 0, 7),
    ("8_14", 8, 14),
    ("15_30", 15, 30),
    ("over_30", 31, None),
)
DEFECT_COLUMNS = (
    "title",
    "severity",
    "component",
    "phase_found",
    "found_on",
    "fixed_on",
    "status",
    "requirement",
    "source",
)
_DAY = pd.Timedelta(days=1)
_PRIORITY_SEVERITY = {
    **dict.fromkeys(
        ("highest", "blocker", "critical", "urgent", "最高", "紧急", "致命"), "critical"
    ),
    **dict.fromkeys(("high", "major", "高", "严重"), "major"),
    **dict.fromkeys(("medium", "normal", "minor", "中", "普通", "一般"), "minor"),
    **dict.fromkeys(("low", "lowest", "trivial", "低", "最低", "轻微", "建议"), "trivial"),
}
_STAGE_STATUS = {"backlog": "open", "in_progress": "in_progress", "done": "closed"}


def severity_of_priority(priority: str) -> str:
    """A tracker's priority as a defect severity: Highest (最高) critical, High (高) major,
    Medium (中) minor, Low/Lowest (低/最低) trivial; anything else major."""
    return _PRIORITY_SEVERITY.get(str(priority).strip().casefold(), "major")


# -- the defects ---------------------------------------------------------------------------


def _from_file(table: pd.DataFrame) -> pd.DataFrame:
    frame = table.copy()
    frame["source"] = "defects.csv"
    return frame.reindex(columns=list(DEFECT_COLUMNS))


def _from_bugs(project: Project) -> pd.DataFrame:
    from pmtools.flow import bugs

    found = bugs(project)
    items = project.table("workitems.csv")
    linked = items["requirements"] if items is not None and "requirements" in items else None
    requirement = [
        (linked.get(i) or [""])[0] if linked is not None else "" for i in found["id"].tolist()
    ]
    frame = pd.DataFrame(
        {
            "title": found["title"].astype(object).tolist(),
            "severity": [severity_of_priority(p) for p in found["priority"].fillna("").tolist()],
            "component": "",
            "phase_found": "",
            "found_on": pd.to_datetime(found["created"]).dt.normalize().tolist(),
            "fixed_on": pd.to_datetime(found["done"]).dt.normalize().tolist(),
            "status": [_STAGE_STATUS.get(s, "open") for s in found["stage"].tolist()],
            "requirement": requirement,
            "source": "workitems.csv",
        },
        index=pd.Index(found["id"].astype(str).tolist(), name="id"),
    )
    frame["found_on"] = frame["found_on"].astype("datetime64[ns]")
    frame["fixed_on"] = frame["fixed_on"].astype("datetime64[ns]")
    return frame


def defects(project: Project) -> pd.DataFrame | None:
    """Every defect of the project, rejected ones included, indexed by id.

    Columns title, severity, component, phase_found (``""`` when unknown, as for
    tracker bugs), found_on and fixed_on (``datetime64[ns]``), status, requirement
    and source (``defects.csv`` or ``workitems.csv``). None when the project has
    neither defects.csv nor bugs in workitems.csv.
    """
    return project.remember("quality.defects", lambda: _defects(project))


def _defects(project: Project) -> pd.DataFrame | None:
    table = project.table("defects.csv")
    items = project.table("workitems.csv")
    has_bugs = items is not None and bool((items["type"] == "bug").any())
    if table is None and not has_bugs:
        return None
    parts = []
    named: set[str] = set()
    if table is not None:
        parts.append(_from_file(table))
        named = set(map(str, table.index)) | set(table["work_item"].astype(str)) - {""}
    if has_bugs:
        from_bugs = _from_bugs(project)
        parts.append(from_bugs[~from_bugs.index.isin(named)])
    frame = pd.concat(parts) if len(parts) > 1 else parts[0]
    for column in ("found_on", "fixed_on"):
        frame[column] = pd.to_datetime(frame[column]).astype("datetime64[ns]")
    for column in ("title", "severity", "component", "phase_found", "status", "requirement"):
        frame[column] = frame[column].fillna("").astype(object)
    frame.index.name = "id"
    return frame


def defect_source(project: Project) -> str | None:
    """Where the defects come from: ``defects`` (defects.csv only), ``workitems`` (the
    tracker's bugs, no defects.csv), ``merged`` (defects.csv plus bugs it does not name),
    or None without any."""
    frame = defects(project)
    if frame is None:
        return None
    sources = set(frame["source"])
    if project.table("defects.csv") is None:
        return "workitems"
    return "merged" if "workitems.csv" in sources else "defects"


def _counted(project: Project) -> pd.DataFrame | None:
    """Defects found by the status date, rejected ones left out."""
    frame = defects(project)
    if frame is None:
        return None
    day = pd.Timestamp(project.status_date)
    return frame[(frame["status"] != "rejected") & (frame["found_on"] <= day)]


def _open_at(frame: pd.DataFrame, day: pd.Timestamp) -> pd.Series:
    fixed = frame["fixed_on"].notna() & (frame["fixed_on"] <= day)
    still = frame["status"].isin(OPEN_STATUSES) | frame["fixed_on"].notna()
    return (frame["found_on"] <= day) & ~fixed & still


def open_defects(project: Project) -> pd.DataFrame:
    """The defects open at the status date, most severe first, then oldest first.

    Columns title, severity, component, found_on, age_days (status date - found_on,
    in days), status, requirement, source. Empty without defects.
    """
    frame = _counted(project)
    columns = ["title", "severity", "component", "found_on", "age_days", "status", "requirement"]
    if frame is None:
        return pd.DataFrame(columns=[*columns, "source"])
    day = pd.Timestamp(project.status_date)
    found = frame[_open_at(frame, day)].copy()
    found["age_days"] = (day - found["found_on"]).dt.days.astype(int)
    found["rank"] = found["severity"].map({s: i for i, s in enumerate(SEVERITIES)})
    found = found.sort_values(["rank", "age_days"], ascending=[True, False], kind="stable")
    return found[[*columns, "source"]]


def open_by_age(project: Project) -> pd.DataFrame:
    """Open defects at the status date counted by severity (rows, most severe first) and
    age bucket (columns ``0_7``, ``8_14``, ``15_30``, ``over_30``: days since found), with a
    ``total`` column. Empty without open defects."""
    found = open_defects(project)
    names = [name for name, _, _ in AGE_BUCKETS]
    if found.empty:
        return pd.DataFrame(columns=[*names, "total"])
    counts = pd.DataFrame(0, index=pd.Index(SEVERITIES, name="severity"), columns=names)
    for name, low, high in AGE_BUCKETS:
        inside = found["age_days"] >= low
        if high is not None:
            inside &= found["age_days"] <= high
        counts[name] = found[inside].groupby("severity").size().reindex(SEVERITIES, fill_value=0)
    counts["total"] = counts[names].sum(axis=1)
    return counts.astype(int)


def defect_trend(project: Project) -> pd.DataFrame:
    """Defect arrival against closure per week, up to the status date.

    One row per 7-day week ending on ``week_end`` (the last one the status date),
    from the week of the first defect: ``found`` and ``fixed`` in that week,
    ``found_total`` and ``fixed_total`` (cumulative) and ``open`` at its end.
    Empty without defects.
    """
    frame = _counted(project)
    columns = ["week_end", "found", "fixed", "found_total", "fixed_total", "open"]
    if frame is None or frame.empty:
        return pd.DataFrame(columns=columns)
    day = pd.Timestamp(project.status_date)
    weeks = int((day - frame["found_on"].min()) / _DAY) // 7 + 1
    ends = [day - pd.Timedelta(days=7 * k) for k in range(weeks - 1, -1, -1)]
    fixed_on = frame["fixed_on"].where(frame["fixed_on"] <= day)
    rows = []
    for end in ends:
        start = end - pd.Timedelta(days=7)
        rows.append(
            {
                "week_end": end,
                "found": int(((frame["found_on"] > start) & (frame["found_on"] <= end)).sum()),
                "fixed": int(((fixed_on > start) & (fixed_on <= end)).sum()),
                "found_total": int((frame["found_on"] <= end).sum()),
                "fixed_total": int((fixed_on <= end).sum()),
                "open": int(_open_at(frame, end).sum()),
            }
        )
    return pd.DataFrame(rows, columns=columns)


def defect_density(project: Project) -> pd.DataFrame:
    """Defects by component: ``defects`` found by the status date, ``open`` at it,
    ``size_kloc`` (project.yaml ``quality: components:``, NaN when not given) and
    ``per_kloc`` = defects / size_kloc (NaN without a size). Indexed by component,
    highest density first, components without a size last. Empty when no defect names a
    component and no size is given."""
    frame = _counted(project)
    sizes: dict[str, float] = dict(project.sections.get("components") or {})
    columns = ["defects", "open", "size_kloc", "per_kloc"]
    named = (
        frame[frame["component"] != ""]
        if frame is not None
        else pd.DataFrame(columns=["component"])
    )
    components = list(dict.fromkeys([*sizes, *named["component"].tolist()]))
    if not components or frame is None:
        return pd.DataFrame(columns=columns, index=pd.Index([], name="component"))
    day = pd.Timestamp(project.status_date)
    result = pd.DataFrame(index=pd.Index(components, name="component"))
    result["defects"] = named.groupby("component").size().reindex(components, fill_value=0)
    opened = named[_open_at(named, day)] if not named.empty else named
    result["open"] = opened.groupby("component").size().reindex(components, fill_value=0)
    result["size_kloc"] = pd.Series(sizes, dtype=float).reindex(components)
    result["per_kloc"] = result["defects"] / result["size_kloc"]
    result[["defects", "open"]] = result[["defects", "open"]].astype(int)
    return result.sort_values("per_kloc", ascending=False, na_position="last", kind="stable")


def defects_by_phase(project: Project) -> pd.DataFrame:
    """Defects found by the status date per phase found (requirements .. production),
    ``defects`` and ``escaped`` (True for uat and production). Phases with no defect are
    kept; defects without a phase (tracker bugs) are left out. Empty without defects of a
    known phase."""
    frame = _counted(project)
    if frame is None or not (frame["phase_found"] != "").any():
        return pd.DataFrame(columns=["defects", "escaped"])
    counts = frame.groupby("phase_found").size().reindex(DEFECT_PHASES, fill_value=0)
    result = pd.DataFrame({"defects": counts.astype(int)})
    result["escaped"] = result.index.isin(ESCAPED_PHASES)
    result.index.name = "phase"
    return result


def requirement_coverage(project: Project) -> pd.DataFrame:
    """Per requirement in play: title, priority, status, ``tests`` (number of test ids),
    ``criteria`` (has acceptance criteria), ``defects`` linked (found by the status date,
    rejected left out) and ``open_defects``. Empty without requirements.csv."""
    from pmtools.requirements import in_play

    reqs = project.requirements
    columns = ["title", "priority", "status", "tests", "criteria", "defects", "open_defects"]
    if reqs is None or reqs.empty:
        return pd.DataFrame(columns=columns)
    live = reqs[in_play(reqs)]
    result = pd.DataFrame(index=live.index)
    result["title"] = live["title"]
    result["priority"] = live["priority"]
    result["status"] = live["status"]
    result["tests"] = live["tests"].map(len).astype(int)
    result["criteria"] = live["acceptance_criteria"].astype(str).str.strip() != ""
    frame = _counted(project)
    if frame is None:
        result["defects"] = result["open_defects"] = 0
        return result[columns]
    linked = frame[frame["requirement"] != ""]
    day = pd.Timestamp(project.status_date)
    result["defects"] = (
        linked.groupby("requirement").size().reindex(result.index, fill_value=0).astype(int)
    )
    still = linked[_open_at(linked, day)]
    result["open_defects"] = (
        still.groupby("requirement").size().reindex(result.index, fill_value=0).astype(int)
    )
    return result[columns]


# -- reviews -------------------------------------------------------------------------------


def reviews(project: Project) -> pd.DataFrame:
    """The quality plan with each review's ``state`` at the status date: ``overdue``
    (pending, dated before it), ``due`` (pending, within 14 days), ``planned`` (pending,
    later), ``unscheduled`` (pending, no date) or ``done`` (a result), and ``days``
    (review_date - status date, negative when past). Ordered by review date. Empty
    without quality.csv."""
    table = project.table("quality.csv")
    columns = [
        "deliverable",
        "standard",
        "metric",
        "target",
        "review_type",
        "review_date",
        "reviewer",
        "result",
        "notes",
        "state",
        "days",
    ]
    if table is None or table.empty:
        return pd.DataFrame(columns=columns)
    day = pd.Timestamp(project.status_date)
    frame = table.copy()
    days = (frame["review_date"] - day) / _DAY
    pending = frame["result"] == "pending"
    state = pd.Series("done", index=frame.index, dtype=object)
    state[pending & frame["review_date"].isna()] = "unscheduled"
    state[pending & (days > DUE_WITHIN_DAYS)] = "planned"
    state[pending & (days >= 0) & (days <= DUE_WITHIN_DAYS)] = "due"
    state[pending & (days < 0)] = "overdue"
    frame["state"] = state
    frame["days"] = days.astype("Int64")
    return frame.sort_values("review_date", na_position="last", kind="stable")[columns]


def reviews_due(project: Project) -> pd.DataFrame:
    """The overdue reviews (oldest first), then those due in the next 14 days."""
    frame = reviews(project)
    return frame[frame["state"].isin(("overdue", "due"))]


def review_results(project: Project) -> pd.DataFrame:
    """The reviews that have a result (newest first), and the failed ones still standing:
    ``open_failure`` is True for a ``fail`` with no later pass or conditional pass of the
    same deliverable."""
    frame = reviews(project)
    done = frame[frame["state"] == "done"].copy()
    passed = done[done["result"].isin(("pass", "conditional"))]
    standing = []
    for deliverable, when, result in zip(
        done["deliverable"], done["review_date"], done["result"], strict=True
    ):
        later = passed[(passed["deliverable"] == deliverable) & (passed["review_date"] > when)]
        standing.append(result == "fail" and later.empty)
    done["open_failure"] = standing
    return done.sort_values("review_date", ascending=False, kind="stable")


# -- summary and attention -----------------------------------------------------------------


@dataclass(frozen=True)
class QualitySummary:
    """The quality figures at the status date for the headline, the status page and the
    portfolio. Counts leave rejected defects out; days are calendar days."""

    status_date: dt.date
    source: str | None  # defect_source
    defects: int  # found by the status date
    open: int
    open_by_severity: dict[str, int] = field(default_factory=dict)
    oldest_critical_days: int | None = None  # age of the oldest open critical defect
    found_by_week: tuple[int, ...] = ()  # the last weeks, oldest first (trend weeks)
    fixed_by_week: tuple[int, ...] = ()
    escaped: int = 0
    known_phase: int = 0  # defects whose phase is known (the escaped share's base)
    reviews: int = 0
    reviews_overdue: int = 0
    reviews_due: int = 0
    reviews_failed: int = 0  # failures still standing
    requirements: int = 0  # in play
    with_tests: int = 0
    with_criteria: int = 0

    @property
    def has_defects(self) -> bool:
        return self.source is not None

    @property
    def outpacing_weeks(self) -> int:
        """How many of the last weeks in a row (ending at the status date) found more
        defects than they fixed."""
        count = 0
        for found, fixed in zip(
            reversed(self.found_by_week), reversed(self.fixed_by_week), strict=True
        ):
            if found <= fixed:
                break
            count += 1
        return count


def quality_summary(project: Project, *, weeks: int = 4) -> QualitySummary:
    """The quality figures at the status date; ``weeks``: how many last weeks of arrival
    and closure it keeps."""
    frame = _counted(project)
    found = open_defects(project)
    trend = defect_trend(project).tail(weeks)
    plan = reviews(project)
    coverage = requirement_coverage(project)
    critical = found[found["severity"] == "critical"]
    phases = defects_by_phase(project)
    failures = review_results(project)
    return QualitySummary(
        status_date=project.status_date,
        source=defect_source(project),
        defects=0 if frame is None else len(frame),
        open=len(found),
        open_by_severity={s: int((found["severity"] == s).sum()) for s in SEVERITIES},
        oldest_critical_days=int(critical["age_days"].max()) if len(critical) else None,
        found_by_week=tuple(int(v) for v in trend["found"]),
        fixed_by_week=tuple(int(v) for v in trend["fixed"]),
        escaped=int(phases.loc[phases["escaped"], "defects"].sum()) if len(phases) else 0,
        known_phase=int(phases["defects"].sum()) if len(phases) else 0,
        reviews=len(plan),
        reviews_overdue=int((plan["state"] == "overdue").sum()),
        reviews_due=int((plan["state"] == "due").sum()),
        reviews_failed=int(failures["open_failure"].sum()) if len(failures) else 0,
        requirements=len(coverage),
        with_tests=int((coverage["tests"] > 0).sum()) if len(coverage) else 0,
        with_criteria=int(coverage["criteria"].sum()) if len(coverage) else 0,
    )


def has_quality_data(project: Project) -> bool:
    """Whether the project has a quality plan, defects.csv or bugs among its work items."""
    from pmtools.tables.quality import has_quality

    return has_quality(project)


def attention(project: Project) -> list[Attention]:
    """What quality says needs the PM's attention at the status date: red for critical
    defects open (ids, oldest first, up to three), amber for reviews overdue and for failed
    reviews not yet passed on a later review."""
    found: list[Attention] = []
    open_ = open_defects(project)
    critical = open_[open_["severity"] == "critical"]
    if len(critical):
        values = {
            "count": len(critical),
            "days": int(critical["age_days"].max()),
            "ids": ", ".join(map(str, critical.index[:3])),
        }
        found.append(Attention("quality", "red", "quality.attention.critical", values))
    plan = reviews(project)
    overdue = plan[plan["state"] == "overdue"]
    if len(overdue):
        values = {"count": len(overdue), "ids": ", ".join(map(str, overdue.index[:3]))}
        found.append(Attention("quality", "amber", "quality.attention.overdue", values))
    failures = review_results(project)
    if len(failures):
        for label, row in failures[failures["open_failure"]].iterrows():
            values = {
                "id": label,
                "deliverable": row["deliverable"],
                "date": row["review_date"].date() if pd.notna(row["review_date"]) else "-",
            }
            found.append(Attention("quality", "amber", "quality.attention.failed", values))
    return found
