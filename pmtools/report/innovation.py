"""The innovation report: headline, the scoring model, the ranked shortlist, ideas waiting for
a decision, and the market comparison with its trend.

Each section returns a table, a chart or, when the project has no data for it,
a sentence saying which file to fill in.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from pmtools.charts.innovation import (
    idea_ranking_chart,
    market_comparison_chart,
    market_trend_chart,
)
from pmtools.i18n import t
from pmtools.innovation import (
    decision_counts,
    idea_scores,
    ideas_waiting,
    market_latest,
    market_position,
    market_trend,
    scoring,
    shortlist,
)
from pmtools.model import Project
from pmtools.render import Markdown, inline, md, table

__all__ = [
    "comparison",
    "headline",
    "ideas",
    "model",
    "position",
    "ranking",
    "shortlist_table",
    "trend",
    "unscored",
    "waiting",
]

_CODES = {"decision": "innovation.decision", "kind": "innovation.kind"}
_SCORES = {c: "{:.0f}" for c in ("value", "feasibility", "cost", "risk")}


def _ideas_part(project: Project) -> str | None:
    scores = idea_scores(project)
    if scores.empty:
        return None
    counts = decision_counts(project)
    text = t(
        "report.innovation.headline.ideas",
        total=len(scores),
        unscored=int(scores["score"].isna().sum()),
        **counts,
    )
    best = shortlist(project)
    if len(best):
        text += " " + t(
            "report.innovation.headline.best",
            id=inline(best.index[0]),
            idea=inline(best["idea"].iloc[0]),
            score=f"{best['score'].iloc[0]:.2f}",
        )
    waiting = scores[scores["waiting"].astype(bool)]
    text += " " + t(
        "report.innovation.headline.waiting",
        count=len(waiting),
        days=scoring(project).decision_days,
    )
    return text


def _market_part(project: Project) -> str | None:
    latest = market_latest(project)
    if latest.empty:
        return None
    text = t(
        "report.innovation.headline.market",
        subjects=latest["subject"].nunique(),
        dimensions=latest["dimension"].nunique(),
        date=pd.Timestamp(latest["date"].max()).date(),
    )
    place = market_position(project)
    if len(place):
        leads = place[place["lead"].astype(bool)]
        if len(leads):
            text += " " + t(
                "report.innovation.headline.position",
                ours=inline(place["ours"].iloc[0]),
                leads=len(leads),
                measured=len(place),
                names=", ".join(inline(d) for d in leads["dimension"]),
            )
        else:
            best = place.sort_values(["rank", "subjects"], kind="stable").iloc[0]
            text += " " + t(
                "report.innovation.headline.trails",
                ours=inline(best["ours"]),
                measured=len(place),
                place=t("innovation.market.rank", rank=int(best["rank"]), of=int(best["subjects"])),
                dimension=inline(best["dimension"]),
            )
    return text


def headline(project: Project) -> Markdown:
    """Ideas by decision, the shortlist's leader, ideas waiting too long, and where our own
    offering stands in the market; a sentence naming the files when there is neither."""
    parts = [p for p in (_ideas_part(project), _market_part(project)) if p]
    if not parts:
        return md("report.innovation.none")
    return Markdown("\n\n".join(parts))


def model(project: Project) -> Markdown:
    """The scoring model in one sentence: the weights, the inverse criteria, the shortlist."""
    weights = scoring(project)
    total = sum(w for _, w in weights.weights)
    terms = " + ".join(
        t(f"innovation.term.{name}", weight=f"{weight:g}")
        for name, weight in weights.weights
        if weight > 0
    )
    formula = (
        t("innovation.formula.sum", terms=terms)
        if abs(total - 1) < 1e-9
        else t("innovation.formula.ratio", terms=terms, total=f"{total:g}")
    )
    return Markdown(
        t(
            "report.innovation.model",
            formula=formula,
            shortlist=weights.shortlist,
            days=weights.decision_days,
        )
    )


def ranking(project: Project) -> Any:
    """The weighted ranking chart, or a sentence when no open idea is scored."""
    scores = idea_scores(project)
    if scores.empty:
        return md("report.innovation.no_ideas")
    if scores["rank"].isna().all():
        return md("report.innovation.no_ranked")
    return idea_ranking_chart(scores, scoring(project))


_IDEA_COLUMNS = {
    "idea": "innovation.col.idea",
    "proposer": "innovation.col.proposer",
    "value": "innovation.col.value",
    "feasibility": "innovation.col.feasibility",
    "cost": "innovation.col.cost",
    "risk": "innovation.col.risk",
    "score": "innovation.col.score",
    "decision": "innovation.col.decision",
}


def shortlist_table(project: Project) -> Any:
    """The shortlist in rank order with each criterion's score and the weighted score."""
    best = shortlist(project)
    return table(
        best,
        {"rank": "col.rank", **_IDEA_COLUMNS},
        index="col.id",
        formats={"score": "{:.2f}", "rank": "{:.0f}", **_SCORES},
        coded=_CODES,
        empty="report.innovation.no_ranked",
    )


def waiting(project: Project) -> Any:
    """Pending ideas, longest waiting first; those past ``decision_days`` are marked."""
    pending = ideas_waiting(project)
    return table(
        pending,
        {
            "idea": "innovation.col.idea",
            "proposer": "innovation.col.proposer",
            "date": "innovation.col.date",
            "score": "innovation.col.score",
            "rank": "col.rank",
            "waiting_days": "innovation.col.waiting_days",
            "waiting": "innovation.col.too_long",
        },
        index="col.id",
        formats={"score": "{:.2f}", "rank": "{:.0f}", "waiting_days": "{:.0f}"},
        empty="report.innovation.no_pending",
    )


def unscored(project: Project) -> Any:
    """Ideas still missing a score that the model weighs (nothing without ideas)."""
    scores = idea_scores(project)
    if scores.empty:
        return None  # the ranking above already says there are no ideas
    missing = scores[scores["score"].isna()]
    return table(
        missing,
        {k: v for k, v in _IDEA_COLUMNS.items() if k != "score"},
        index="col.id",
        formats=_SCORES,
        coded=_CODES,
        empty="report.innovation.all_scored",
    )


def ideas(project: Project) -> Any:
    """Every decided idea (approved, implemented, parked, rejected) with its decision date."""
    scores = idea_scores(project)
    decided = scores[scores["decision"] != "pending"] if not scores.empty else scores
    decided = decided.sort_values("decision_date", ascending=False, kind="stable")
    return table(
        decided,
        {
            "idea": "innovation.col.idea",
            "score": "innovation.col.score",
            "decision": "innovation.col.decision",
            "decision_date": "innovation.col.decision_date",
            "notes": "innovation.col.notes",
        },
        index="col.id",
        formats={"score": "{:.2f}"},
        coded=_CODES,
        empty="report.innovation.no_decided",
    )


# -- market --------------------------------------------------------------------------------------


def comparison(project: Project) -> Any:
    """The latest value of every subject on every dimension, or a sentence without market data."""
    latest = market_latest(project)
    if latest.empty:
        return md("report.innovation.no_market")
    return market_comparison_chart(latest)


def position(project: Project) -> Any:
    """Where our own offering ranks on each dimension against the best other subject."""
    if market_latest(project).empty:
        return md("report.innovation.no_market")
    place = market_position(project)
    shown = place.assign(
        place=[
            t("innovation.market.rank", rank=int(r), of=int(n))
            for r, n in zip(place["rank"], place["subjects"], strict=True)
        ]
    )
    return table(
        shown,
        {
            "dimension": "innovation.col.dimension",
            "unit": "team.col.unit",
            "value": "innovation.col.ours",
            "place": "innovation.col.place",
            "best": "innovation.col.best",
            "best_value": "innovation.col.best_value",
        },
        formats={"value": "{:,.10g}", "best_value": "{:,.10g}"},
        empty="report.innovation.no_ours",
    )


def trend(project: Project) -> Any:
    """Each dimension's values over time per subject, or a sentence without market data."""
    data = market_trend(project)
    if data.empty:
        return md("report.innovation.no_market")
    return market_trend_chart(data)
