"""Innovation management and market analysis: idea scoring, the shortlist, market comparison.

Definitions, at the project's status date:

- Weighted score of an idea (``ideas.csv``, weights from ``innovation.weights``
  in project.yaml): ``sum(weight x points) / sum(weight)`` on the 1..5 scale,
  where points are the score itself for value and feasibility and ``6 - score``
  for cost and risk (cheap and safe score high). An idea lacking the score of a
  criterion with a weight above 0 is *unscored*. Each criterion's share of the
  score is its ``weight x points / sum(weight)``.
- Ranking: scored ideas still open for the project (``pending`` or
  ``approved``) by score, then value, then the earlier proposal date; the
  shortlist is the first ``innovation.shortlist`` of them.
- An idea *waits* for a decision while pending; it needs attention when it has
  waited more than ``innovation.decision_days`` calendar days since it was
  proposed.
- Market (``market.csv``): the latest value of each subject on each dimension
  measured on or before the status date; subjects are ranked per dimension in
  its better direction (1 = best, ties share a rank) and placed on a 0..1 scale
  (1 = the best value, 0 = the worst; 1 for all when they are equal).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pmtools.model import Attention, IdeaScoring, Project

__all__ = [
    "INVERSE",
    "attention",
    "decision_counts",
    "idea_scores",
    "ideas_waiting",
    "market_latest",
    "market_position",
    "market_trend",
    "scoring",
    "shortlist",
]

#: Criteria where a high score is bad (points = 6 - score).
INVERSE = ("cost", "risk")
_CRITERIA = ("value", "feasibility", "cost", "risk")
_OPEN = ("pending", "approved")
_SHOWN = 3

_IDEAS = [
    "idea",
    "proposer",
    "date",
    "source",
    *_CRITERIA,
    "decision",
    "decision_date",
    "notes",
    "score",
    *(f"share_{c}" for c in _CRITERIA),
    "rank",
    "shortlisted",
    "waiting_days",
    "waiting",
]


def scoring(project: Project) -> IdeaScoring:
    """The project's idea scoring model (``innovation:`` in project.yaml, else the defaults)."""
    model = project.sections.get("innovation")
    return model if isinstance(model, IdeaScoring) else IdeaScoring()


def idea_scores(project: Project) -> pd.DataFrame:
    """ideas.csv with weighted scores, indexed by id in file order.

    Adds score (weighted, 1..5; NaN when unscored), share_<criterion> (each
    criterion's part of the score), rank (1 = best among scored pending or
    approved ideas; NaN otherwise), shortlisted (rank within the shortlist),
    waiting_days (calendar days a pending idea has waited since proposed; NaN
    otherwise) and waiting (waited more than ``decision_days``). Empty without ideas.
    """
    ideas = project.table("ideas.csv")
    if ideas is None or ideas.empty:
        return pd.DataFrame(columns=_IDEAS).rename_axis("id")
    model = scoring(project)
    frame = ideas.copy()
    total = sum(model.weight(c) for c in _CRITERIA)
    needed = [c for c in _CRITERIA if model.weight(c) > 0]
    unscored = frame[needed].isna().any(axis=1)
    score = pd.Series(0.0, index=frame.index)
    for criterion in _CRITERIA:
        points = 6 - frame[criterion] if criterion in INVERSE else frame[criterion]
        share = (model.weight(criterion) * points / total).where(~unscored)
        frame[f"share_{criterion}"] = share.fillna(0.0).where(~unscored)
        score = score + share.fillna(0.0)
    frame["score"] = score.where(~unscored)
    candidates = frame[frame["score"].notna() & frame["decision"].isin(_OPEN)]
    ordered = candidates.assign(
        _score=candidates["score"].round(9),  # 2 + 0.6 + 0.4 + 0.4 ties with 1.6 + 1.2 + 0.4 + 0.2
        _date=candidates["date"].fillna(pd.Timestamp.max),
    ).sort_values(["_score", "value", "_date"], ascending=[False, False, True], kind="stable")
    frame["rank"] = pd.Series(np.arange(1, len(ordered) + 1), index=ordered.index, dtype=float)
    frame["shortlisted"] = (frame["rank"] <= model.shortlist).fillna(False)
    day = pd.Timestamp(project.status_date)
    pending = frame["decision"] == "pending"
    frame["waiting_days"] = (day - frame["date"]).dt.days.where(pending)
    frame["waiting"] = (frame["waiting_days"] > model.decision_days).fillna(False)
    return frame[_IDEAS]


def shortlist(project: Project) -> pd.DataFrame:
    """The ranked shortlist: the best ``innovation.shortlist`` pending or approved scored
    ideas, rank order (``idea_scores`` columns)."""
    scores = idea_scores(project)
    return scores[scores["shortlisted"].astype(bool)].sort_values("rank")


def ideas_waiting(project: Project) -> pd.DataFrame:
    """Pending ideas, longest waiting first (``idea_scores`` columns; ``waiting`` marks those
    past ``decision_days``)."""
    scores = idea_scores(project)
    pending = scores[scores["decision"] == "pending"]
    return pending.sort_values("waiting_days", ascending=False, kind="stable")


def decision_counts(project: Project) -> dict[str, int]:
    """How many ideas carry each decision (every decision listed, 0 when none)."""
    from pmtools.tables.innovation import IDEA_DECISIONS

    scores = idea_scores(project)
    counts = scores["decision"].value_counts() if not scores.empty else pd.Series(dtype=int)
    return {d: int(counts.get(d, 0)) for d in IDEA_DECISIONS}


# -- market --------------------------------------------------------------------------------------

_TREND = ["dimension", "subject", "kind", "date", "value", "unit", "better", "source"]
_LATEST = [*_TREND, "rank", "relative", "subjects"]


def market_trend(project: Project) -> pd.DataFrame:
    """Every market.csv row measured on or before the status date, by dimension and subject
    (file order) and date. Columns: dimension, subject, kind, date, value, unit, better,
    source. Empty without rows."""
    market = project.table("market.csv")
    if market is None or market.empty:
        return pd.DataFrame(columns=_TREND)
    frame = market[market["date"] <= pd.Timestamp(project.status_date)].copy()
    dims = {d: i for i, d in enumerate(dict.fromkeys(market["dimension"]))}
    subjects = {s: i for i, s in enumerate(dict.fromkeys(market["subject"]))}
    frame["_d"] = frame["dimension"].map(dims)
    frame["_s"] = frame["subject"].map(subjects)
    frame = frame.sort_values(["_d", "_s", "date"], kind="stable")
    return frame[_TREND].reset_index(drop=True)


def market_latest(project: Project) -> pd.DataFrame:
    """The latest value of each subject on each dimension (``market_trend`` columns), with
    rank (1 = best in the dimension's better direction; ties share the best rank),
    relative (0 = worst .. 1 = best; 1 when all are equal) and subjects (how many
    were compared on the dimension)."""
    trend = market_trend(project)
    if trend.empty:
        return pd.DataFrame(columns=_LATEST)
    latest = trend.groupby(["dimension", "subject"], sort=False).tail(1).copy()
    lower = latest["better"] == "lower"
    oriented = latest["value"].where(~lower, -latest["value"])
    by_dimension = oriented.groupby(latest["dimension"])
    latest["rank"] = by_dimension.rank(ascending=False, method="min")
    low, high = by_dimension.transform("min"), by_dimension.transform("max")
    spread = (high - low).where(high > low)
    latest["relative"] = ((oriented - low) / spread).fillna(1.0)
    latest["subjects"] = latest.groupby("dimension")["subject"].transform("size")
    return latest[_LATEST].reset_index(drop=True)


def market_position(project: Project) -> pd.DataFrame:
    """Per dimension where our own offering (kind ``ours``) is measured: ours (its name),
    value, rank, subjects, unit, best (the best other subject), best_value and lead
    (ours ranks first). Empty without an ``ours`` subject."""
    columns = [
        "dimension",
        "ours",
        "value",
        "rank",
        "subjects",
        "unit",
        "best",
        "best_value",
        "lead",
    ]
    latest = market_latest(project)
    if latest.empty:
        return pd.DataFrame(columns=columns)
    rows = []
    for dimension, group in latest.groupby("dimension", sort=False):
        ours = group[group["kind"] == "ours"]
        others = group[group["kind"] != "ours"].sort_values("rank", kind="stable")
        if ours.empty:
            continue
        mine = ours.iloc[0]
        rows.append(
            {
                "dimension": dimension,
                "ours": mine["subject"],
                "value": mine["value"],
                "rank": mine["rank"],
                "subjects": mine["subjects"],
                "unit": mine["unit"],
                "best": others["subject"].iloc[0] if len(others) else None,
                "best_value": others["value"].iloc[0] if len(others) else np.nan,
                "lead": bool(mine["rank"] == 1),
            }
        )
    return pd.DataFrame(rows, columns=columns)


# -- attention -----------------------------------------------------------------------------------


def attention(project: Project) -> list[Attention]:
    """Pending ideas that waited more than ``innovation.decision_days`` for a decision (amber)."""
    waiting = ideas_waiting(project)
    late = waiting[waiting["waiting"].astype(bool)] if not waiting.empty else waiting
    if late.empty:
        return []
    labels = [f"{i} ({int(d)})" for i, d in zip(late.index, late["waiting_days"], strict=True)]
    names = ", ".join(labels[:_SHOWN]) + (", …" if len(labels) > _SHOWN else "")
    return [
        Attention(
            "innovation",
            "amber",
            "innovation.attention.waiting",
            {"count": len(late), "days": scoring(project).decision_days, "names": names},
        )
    ]
