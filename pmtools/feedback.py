"""Customer feedback and relationships: NPS and CSAT with their trends, themes, comments,
improvement actions raised from feedback, customer visits.

Definitions (feedback.csv, customers.csv, visits.csv and the shared actions.csv, at the
project's status date; feedback dated after it is not counted):

- NPS (Net Promoter Score): answers 9-10 are promoters, 7-8 passives, 0-6 detractors;
  NPS = 100 x (promoters - detractors) / answers, in points from -100 to +100. No
  answers: no NPS (None), never 0.
- Its 90 % interval is the adjusted-Wald interval for a difference of trinomial
  proportions (Rocks, "Interval estimation for the net promoter score", The American
  Statistician 70(4), 2016): with m = n + 3, p = (promoters + 3/4) / m and d =
  (detractors + 3/4) / m, the interval is (p - d) +- z sqrt((p + d - (p - d)^2) / m),
  z = 1.645, clipped to -100..+100 and rounded outwards to whole points. It stays
  honest for small samples (five mixed answers give an interval about 100 points wide)
  where the plain normal approximation collapses to nothing.
- CSAT: answers 4-5 are satisfied; CSAT = satisfied / answers (share 0..1), with the
  mean answer (1..5).
- Trend: by calendar month; the headline compares the last ``WINDOW_DAYS`` days up to
  the status date with the ``WINDOW_DAYS`` days before. NPS is *falling* when it drops
  by ``NPS_DROP`` points or more between the two.
- Themes: each theme of a row counts once; detractor share = detractors / NPS answers
  among the rows naming the theme (NaN without NPS answers).
- A detractor answer (NPS 0-6 or CSAT 1-2) is *followed up* when its row names an
  action or a requirement.
- Visits: *overdue* when the planned date is before the status date and the visit has
  neither a done date nor an outcome. A customer's last visit is the later of
  ``last_visit`` in customers.csv and the latest done visit; it is *due* a visit when
  that is more than ``visit_every_days`` (default ``VISIT_EVERY_DAYS``) calendar days
  before the status date, or it was never visited.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np
import pandas as pd

from pmtools.i18n import t
from pmtools.model import Attention, Project
from pmtools.stakeholders import name_list

__all__ = [
    "CONFIDENCE",
    "FOLLOW_UP_DAYS",
    "NPS_DROP",
    "VISIT_EVERY_DAYS",
    "WINDOW_DAYS",
    "FeedbackSummary",
    "NetPromoter",
    "Satisfaction",
    "attention",
    "comments",
    "csat",
    "customer_overview",
    "detractors_without_follow_up",
    "feedback_actions",
    "feedback_frame",
    "feedback_summary",
    "monthly_scores",
    "nps",
    "themes",
    "visits_overdue",
    "visits_upcoming",
    "visits_without_outcome",
]

#: Confidence level of the NPS interval.
CONFIDENCE = 0.90
#: A fall of at least this many NPS points between two windows is "falling".
NPS_DROP = 10.0
#: Length in calendar days of the headline's recent window (and of the one before it).
WINDOW_DAYS = 90
#: How often a customer should be visited when customers.csv does not say.
VISIT_EVERY_DAYS = 90
#: Detractor answers from the last this many days should be followed up.
FOLLOW_UP_DAYS = 30


@dataclass(frozen=True)
class NetPromoter:
    """NPS of a set of answers: the counts behind it, the score and its interval (points)."""

    responses: int
    promoters: int
    passives: int
    detractors: int
    score: float  # -100..+100
    low: float  # the CONFIDENCE interval, adjusted Wald
    high: float


@dataclass(frozen=True)
class Satisfaction:
    """CSAT of a set of answers: how many, how many satisfied (4-5), share and mean."""

    responses: int
    satisfied: int
    share: float  # 0..1
    mean: float  # 1..5


def nps(answers: pd.Series | list[float], *, confidence: float = CONFIDENCE) -> NetPromoter | None:
    """The NPS of ``answers`` (0..10; NaN ignored) with its adjusted-Wald interval; None
    when there are no answers."""
    values = pd.Series(answers, dtype=float).dropna()
    n = len(values)
    if n == 0:
        return None
    promoters = int((values >= 9).sum())
    detractors = int((values <= 6).sum())
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    m = n + 3
    p, d = (promoters + 0.75) / m, (detractors + 0.75) / m
    centre = p - d
    half = z * math.sqrt(max(p + d - centre**2, 0.0) / m)
    return NetPromoter(
        responses=n,
        promoters=promoters,
        passives=n - promoters - detractors,
        detractors=detractors,
        score=100.0 * (promoters - detractors) / n,
        low=float(math.floor(100.0 * max(-1.0, centre - half))),
        high=float(math.ceil(100.0 * min(1.0, centre + half))),
    )


def csat(answers: pd.Series | list[float]) -> Satisfaction | None:
    """CSAT of ``answers`` (1..5; NaN ignored); None when there are no answers."""
    values = pd.Series(answers, dtype=float).dropna()
    if values.empty:
        return None
    satisfied = int((values >= 4).sum())
    return Satisfaction(len(values), satisfied, satisfied / len(values), float(values.mean()))


_FRAME_COLUMNS = [
    "date",
    "customer",
    "organisation",
    "respondent",
    "channel",
    "nps",
    "csat",
    "group",
    "comment",
    "theme",
    "requirement",
    "action",
    "month",
]


def feedback_frame(project: Project) -> pd.DataFrame:
    """feedback.csv up to the status date, newest first, with ``organisation`` (the
    customer's, from customers.csv), ``group`` (promoter, passive, detractor or empty)
    and ``month`` (``YYYY-MM``). Row numbers of the file are the index."""
    table = project.table("feedback.csv")
    if table is None or table.empty:
        return pd.DataFrame(columns=_FRAME_COLUMNS)
    frame = table[table["date"] <= pd.Timestamp(project.status_date)].copy()
    frame.index = pd.Index(frame["_row"].astype(int), name="row")
    customers = project.table("customers.csv")
    names = customers["organisation"] if customers is not None else pd.Series(dtype=object)
    frame["organisation"] = frame["customer"].map(names).astype(object).fillna(frame["customer"])
    frame["group"] = np.select(
        [frame["nps"] >= 9, frame["nps"] >= 7, frame["nps"] >= 0],
        ["promoter", "passive", "detractor"],
        default="",
    )
    frame["month"] = frame["date"].dt.strftime("%Y-%m")
    return frame.reindex(columns=_FRAME_COLUMNS).sort_values("date", ascending=False, kind="stable")


def monthly_scores(project: Project) -> pd.DataFrame:
    """NPS and CSAT by calendar month, from the first month with feedback to the status date.

    Index: month (``YYYY-MM``). Columns: responses, promoters, passives, detractors, nps,
    nps_low, nps_high (points; NaN in a month without NPS answers), csat_responses,
    csat (share satisfied 0..1), csat_mean (NaN without CSAT answers).
    """
    frame = feedback_frame(project)
    columns = [
        "responses",
        "promoters",
        "passives",
        "detractors",
        "nps",
        "nps_low",
        "nps_high",
        "csat_responses",
        "csat",
        "csat_mean",
    ]
    if frame.empty:
        return pd.DataFrame(columns=columns, index=pd.Index([], name="month"))
    first = frame["date"].min()
    months = pd.period_range(first, pd.Timestamp(project.status_date), freq="M").strftime("%Y-%m")
    rows = {}
    for month in months:
        part = frame[frame["month"] == month]
        score, satisfaction = nps(part["nps"]), csat(part["csat"])
        rows[month] = {
            "responses": score.responses if score else 0,
            "promoters": score.promoters if score else 0,
            "passives": score.passives if score else 0,
            "detractors": score.detractors if score else 0,
            "nps": score.score if score else np.nan,
            "nps_low": score.low if score else np.nan,
            "nps_high": score.high if score else np.nan,
            "csat_responses": satisfaction.responses if satisfaction else 0,
            "csat": satisfaction.share if satisfaction else np.nan,
            "csat_mean": satisfaction.mean if satisfaction else np.nan,
        }
    result = pd.DataFrame.from_dict(rows, orient="index").reindex(columns=columns)
    result.index.name = "month"
    return result


@dataclass(frozen=True)
class FeedbackSummary:
    """The headline of the feedback report.

    ``overall``/``recent``/``previous``: NPS of every answer up to the status date, of
    the last ``WINDOW_DAYS`` days and of the ``WINDOW_DAYS`` before (None without
    answers); the same for CSAT. ``falling``: recent NPS at least ``NPS_DROP`` below
    previous. ``feedback``: rows counted; ``top_theme``: the most named theme (None);
    ``actions``/``actions_open``/``actions_overdue``: improvement actions raised from
    feedback or visits; ``visits_overdue``; ``customers_due``: customers due a visit with
    none planned.
    """

    feedback: int
    overall: NetPromoter | None
    recent: NetPromoter | None
    previous: NetPromoter | None
    csat_overall: Satisfaction | None
    csat_recent: Satisfaction | None
    falling: bool
    top_theme: str | None
    actions: int
    actions_open: int
    actions_overdue: int
    visits_overdue: int
    customers_due: int
    window_days: int = WINDOW_DAYS


def feedback_summary(project: Project) -> FeedbackSummary | None:
    """The headline figures; None when the project has none of the three feedback files."""
    if all(project.table(f) is None for f in ("feedback.csv", "customers.csv", "visits.csv")):
        return None
    frame = feedback_frame(project)
    today = pd.Timestamp(project.status_date)
    recent_from = today - pd.Timedelta(days=WINDOW_DAYS)
    previous_from = recent_from - pd.Timedelta(days=WINDOW_DAYS)
    recent = frame[frame["date"] > recent_from]
    previous = frame[(frame["date"] > previous_from) & (frame["date"] <= recent_from)]
    recent_nps, previous_nps = nps(recent["nps"]), nps(previous["nps"])
    falling = (
        recent_nps is not None
        and previous_nps is not None
        and recent_nps.score <= previous_nps.score - NPS_DROP
    )
    ranked = themes(project)
    actions = feedback_actions(project)
    customers = customer_overview(project)
    return FeedbackSummary(
        feedback=len(frame),
        overall=nps(frame["nps"]),
        recent=recent_nps,
        previous=previous_nps,
        csat_overall=csat(frame["csat"]),
        csat_recent=csat(recent["csat"]),
        falling=falling,
        top_theme=str(ranked.index[0]) if not ranked.empty else None,
        actions=len(actions),
        actions_open=int(actions["status"].isin(("open", "in-progress")).sum()),
        actions_overdue=int(actions["days_overdue"].notna().sum()) if not actions.empty else 0,
        visits_overdue=len(visits_overdue(project)),
        customers_due=int((customers["state"] == "due").sum()) if not customers.empty else 0,
    )


def themes(project: Project, *, by: str = "mentions") -> pd.DataFrame:
    """Feedback themes ranked by ``mentions`` (then detractor share) or by ``detractors``
    (detractor share, then mentions).

    Index: theme. Columns: mentions (rows naming it), promoters, passives, detractors,
    unscored (rows without an NPS answer), detractor_share (detractors / NPS answers,
    NaN without any), nps (points, NaN without answers), csat_mean, last (the latest
    date), latest (the latest comment naming it).
    """
    frame = feedback_frame(project)
    columns = [
        "mentions",
        "promoters",
        "passives",
        "detractors",
        "unscored",
        "detractor_share",
        "nps",
        "csat_mean",
        "last",
        "latest",
    ]
    exploded = frame.explode("theme") if not frame.empty else frame
    exploded = exploded[exploded["theme"].notna() & (exploded["theme"] != "")]
    if exploded.empty:
        return pd.DataFrame(columns=columns, index=pd.Index([], name="theme"))
    rows = {}
    for theme, part in exploded.groupby("theme", sort=False):
        score = nps(part["nps"])
        satisfaction = csat(part["csat"])
        said = part[part["comment"] != ""]
        rows[theme] = {
            "mentions": len(part),
            "promoters": int((part["group"] == "promoter").sum()),
            "passives": int((part["group"] == "passive").sum()),
            "detractors": int((part["group"] == "detractor").sum()),
            "unscored": int((part["group"] == "").sum()),
            "detractor_share": score.detractors / score.responses if score else np.nan,
            "nps": score.score if score else np.nan,
            "csat_mean": satisfaction.mean if satisfaction else np.nan,
            "last": part["date"].max(),
            "latest": said["comment"].iloc[0] if len(said) else "",
        }
    result = pd.DataFrame.from_dict(rows, orient="index").reindex(columns=columns)
    result.index.name = "theme"
    keys = ["mentions", "detractor_share"] if by == "mentions" else ["detractor_share", "mentions"]
    result["_t"] = result.index
    ranked = result.sort_values(
        [*keys, "_t"], ascending=[False, False, True], na_position="last", kind="stable"
    )
    return ranked.drop(columns="_t")


def comments(project: Project, query: str = "", *, group: str | None = None) -> pd.DataFrame:
    """Feedback rows with a comment, newest first, whose comment, theme, respondent,
    customer or channel contains ``query`` (case-insensitive; every word must match);
    ``group`` keeps only promoters, passives or detractors. Columns as ``feedback_frame``
    with ``theme`` joined by ``; ``."""
    frame = feedback_frame(project)
    frame = frame[frame["comment"] != ""].copy()
    if group is not None:
        frame = frame[frame["group"] == group]
    frame["theme"] = frame["theme"].map(_joined)
    if query.strip() and not frame.empty:
        text = (
            frame[["comment", "theme", "respondent", "organisation", "channel"]]
            .fillna("")
            .astype(str)
            .agg(" ".join, axis=1)
            .str.casefold()
        )
        keep = pd.Series(True, index=frame.index)
        for word in query.casefold().split():
            keep &= text.str.contains(word, regex=False)
        frame = frame[keep]
    return frame


def _joined(themes: object) -> str:
    return "; ".join(themes) if isinstance(themes, list) else ""


def detractors_without_follow_up(project: Project, *, days: int = FOLLOW_UP_DAYS) -> pd.DataFrame:
    """Detractor answers (NPS 0-6 or CSAT 1-2) of the last ``days`` days whose row names
    neither an action nor a requirement, newest first (``feedback_frame`` columns, theme
    joined by ``; ``)."""
    frame = feedback_frame(project)
    if frame.empty:
        return frame
    since = pd.Timestamp(project.status_date) - pd.Timedelta(days=days)
    unhappy = (frame["nps"] <= 6) | (frame["csat"] <= 2)
    linked = (frame["action"] != "") | (frame["requirement"] != "")
    found = frame[unhappy & ~linked & (frame["date"] > since)].copy()
    found["theme"] = found["theme"].map(_joined)
    return found


def feedback_actions(project: Project) -> pd.DataFrame:
    """Improvement actions of actions.csv raised from feedback or visits.

    Index: action id. Columns: action, owner, due, status, days_overdue (calendar days,
    NaN unless open or in progress and due before the status date), feedback (rows
    naming it), themes (their themes, joined), visits (visit ids naming it, joined).
    Overdue first, then by due date.
    """
    columns = ["action", "owner", "due", "status", "days_overdue", "feedback", "themes", "visits"]
    actions = project.actions
    frame = feedback_frame(project)
    visits = project.table("visits.csv")
    named: dict[str, dict[str, object]] = {}
    for _, row in frame[frame["action"] != ""].iterrows():
        entry = named.setdefault(row["action"], {"feedback": 0, "themes": [], "visits": []})
        entry["feedback"] = int(entry["feedback"]) + 1  # type: ignore[call-overload]
        entry["themes"] += [t for t in row["theme"] if t not in entry["themes"]]  # type: ignore[operator]
    if visits is not None and "action" in visits.columns:
        for vid, action in visits["action"].items():
            if action:
                entry = named.setdefault(action, {"feedback": 0, "themes": [], "visits": []})
                entry["visits"].append(str(vid))  # type: ignore[attr-defined]
    if actions is None or not named:
        return pd.DataFrame(columns=columns, index=pd.Index([], name="id"))
    today = pd.Timestamp(project.status_date)
    ids = [i for i in actions.index if i in named]
    result = actions.loc[ids].reindex(columns=["action", "owner", "due", "status"]).copy()
    late = result["status"].isin(("open", "in-progress")) & (result["due"] < today)
    result["days_overdue"] = (today - result["due"]).dt.days.where(late).astype(float)
    result["feedback"] = [int(named[i]["feedback"]) for i in ids]  # type: ignore[call-overload]
    result["themes"] = ["; ".join(named[i]["themes"]) for i in ids]  # type: ignore[arg-type]
    result["visits"] = ["; ".join(named[i]["visits"]) for i in ids]  # type: ignore[arg-type]
    result.index.name = "id"
    result["_o"] = result["days_overdue"].isna()
    return result.sort_values(["_o", "due"], kind="stable").drop(columns="_o")


# -- customers and visits ---------------------------------------------------------------------


_VISIT_COLUMNS = ["customer", "organisation", "purpose", "visitor", "planned", "done", "outcome"]


def _visits(project: Project) -> pd.DataFrame:
    visits = project.table("visits.csv")
    if visits is None or visits.empty:
        empty = pd.DataFrame(
            {c: pd.Series(dtype=object) for c in [*_VISIT_COLUMNS, "action"]},
            index=pd.Index([], name="id"),
        )
        return empty.astype({"planned": "datetime64[ns]", "done": "datetime64[ns]"})
    frame = visits.copy()
    customers = project.table("customers.csv")
    names = customers["organisation"] if customers is not None else pd.Series(dtype=object)
    frame["organisation"] = frame["customer"].map(names).astype(object).fillna(frame["customer"])
    return frame


def visits_overdue(project: Project) -> pd.DataFrame:
    """Visits planned before the status date with neither a done date nor an outcome,
    most overdue first; adds days_overdue (calendar days)."""
    frame = _visits(project)
    today = pd.Timestamp(project.status_date)
    late = frame[(frame["planned"] < today) & frame["done"].isna() & (frame["outcome"] == "")]
    late = late.reindex(columns=[*_VISIT_COLUMNS, "action"]).copy()
    late["days_overdue"] = (today - late["planned"]).dt.days.astype(float)
    return late.sort_values("days_overdue", ascending=False, kind="stable")


def visits_upcoming(project: Project, *, days: int = 42) -> pd.DataFrame:
    """Visits planned from the status date through ``days`` calendar days after it, not done."""
    frame = _visits(project)
    today = pd.Timestamp(project.status_date)
    until = today + pd.Timedelta(days=days)
    coming = frame[(frame["planned"] >= today) & (frame["planned"] <= until) & frame["done"].isna()]
    return coming.reindex(columns=_VISIT_COLUMNS).sort_values("planned", kind="stable")


def visits_without_outcome(project: Project) -> pd.DataFrame:
    """Visits done by the status date whose outcome is not written down yet."""
    frame = _visits(project)
    done = frame[(frame["done"] <= pd.Timestamp(project.status_date)) & (frame["outcome"] == "")]
    return done.reindex(columns=_VISIT_COLUMNS).sort_values("done", kind="stable")


def customer_overview(project: Project) -> pd.DataFrame:
    """Every customer with its last visit, the next planned one and its NPS.

    Index: customer id. Columns: organisation, owner, contract, value, last_visit (the
    later of customers.csv's and the latest done visit up to the status date),
    days_since (calendar days, NaN if never visited), every_days (visit_every_days or
    ``VISIT_EVERY_DAYS``), next_visit (the earliest planned visit neither done nor
    closed with an outcome; it may be overdue), state (``due``: not visited for longer
    than every_days, or never, and no visit planned; ``planned``: due with a visit
    planned; ``ok``), responses and nps
    (its NPS answers up to the status date; NaN without). Due first.
    """
    customers = project.table("customers.csv")
    columns = [
        "organisation",
        "owner",
        "contract",
        "value",
        "last_visit",
        "days_since",
        "every_days",
        "next_visit",
        "state",
        "responses",
        "nps",
    ]
    if customers is None or customers.empty:
        return pd.DataFrame(columns=columns, index=pd.Index([], name="id"))
    today = pd.Timestamp(project.status_date)
    visits = _visits(project)
    done = visits[visits["done"] <= today].groupby("customer")["done"].max()
    pending = visits[visits["done"].isna() & (visits["outcome"] == "") & visits["planned"].notna()]
    upcoming = pending.groupby("customer")["planned"].min()
    frame = customers.reindex(columns=columns).copy()
    for column in ("owner", "contract"):
        frame[column] = frame[column].fillna("")
    own = customers["last_visit"] if "last_visit" in customers.columns else pd.NaT
    frame["last_visit"] = pd.concat(
        [pd.Series(own, index=customers.index), done.reindex(customers.index)], axis=1
    ).max(axis=1)
    frame["last_visit"] = pd.to_datetime(frame["last_visit"])
    frame["days_since"] = (today - frame["last_visit"]).dt.days.astype(float)
    every = (
        customers["visit_every_days"]
        if "visit_every_days" in customers.columns
        else pd.Series(np.nan, index=customers.index)
    )
    frame["every_days"] = every.fillna(VISIT_EVERY_DAYS).astype(float)
    frame["next_visit"] = pd.to_datetime(upcoming.reindex(customers.index))
    overdue = frame["days_since"].isna() | (frame["days_since"] > frame["every_days"])
    frame["state"] = np.where(
        overdue, np.where(frame["next_visit"].notna(), "planned", "due"), "ok"
    )
    answers = feedback_frame(project)
    by_customer = {c: nps(part["nps"]) for c, part in answers.groupby("customer")}
    frame["responses"] = [
        by_customer[c].responses if by_customer.get(c) else 0  # type: ignore[union-attr]
        for c in customers.index
    ]
    frame["nps"] = [
        by_customer[c].score if by_customer.get(c) else np.nan  # type: ignore[union-attr]
        for c in customers.index
    ]
    frame.index.name = "id"
    rank = {"due": 0, "planned": 1, "ok": 2}
    frame["_s"] = frame["state"].map(rank)
    return frame.sort_values(["_s", "days_since"], ascending=[True, False], kind="stable").drop(
        columns="_s"
    )


def attention(project: Project) -> list[Attention]:
    """What needs the PM now: visits overdue (red); the recent NPS when it is below zero
    (red) or falling (amber); customers due a visit with none planned, improvement actions
    from feedback overdue and recent detractor answers without follow-up (amber)."""
    summary = feedback_summary(project)
    if summary is None:
        return []
    items: list[Attention] = []
    late = visits_overdue(project)
    if len(late):
        described = [
            t("feedback.attention.visit", what=row["organisation"], days=row["days_overdue"])
            for _, row in late.iterrows()
        ]
        items.append(
            Attention(
                "feedback",
                "red",
                "feedback.attention.visits",
                {"count": len(late), "items": name_list(described, items=True)},
            )
        )
    recent, previous = summary.recent, summary.previous
    if recent is not None and (recent.score < 0 or summary.falling):
        values = {"score": recent.score, "n": recent.responses, "days": WINDOW_DAYS}
        if summary.falling and previous is not None:
            key, values = "feedback.attention.falling", {**values, "previous": previous.score}
        else:
            key = "feedback.attention.negative"
        items.append(Attention("feedback", "red" if recent.score < 0 else "amber", key, values))
    customers = customer_overview(project)
    due = customers[customers["state"] == "due"] if not customers.empty else customers
    if len(due):
        items.append(
            Attention(
                "feedback",
                "amber",
                "feedback.attention.customers",
                {"count": len(due), "names": name_list(due["organisation"])},
            )
        )
    actions = feedback_actions(project)
    overdue = actions[actions["days_overdue"].notna()] if not actions.empty else actions
    if len(overdue):
        items.append(
            Attention(
                "feedback",
                "amber",
                "feedback.attention.actions",
                {"count": len(overdue), "ids": name_list(overdue.index)},
            )
        )
    unanswered = detractors_without_follow_up(project)
    if len(unanswered):
        items.append(
            Attention(
                "feedback",
                "amber",
                "feedback.attention.follow_up",
                {"count": len(unanswered), "days": FOLLOW_UP_DAYS},
            )
        )
    return items
