"""Risk register scoring, the probability x impact matrix and trends.

Scores and ratings (project.yaml ``risk:``): ``score = probability level x
impact level``; the rating is ``low`` below the first band, then ``medium``,
``high`` and ``critical`` from the thresholds in ``RiskScale.bands``.
Expected monetary value: ``emv = chance x cost_impact``, positive for threats
(expected cost) and negative for opportunities (expected saving). Closed risks
keep their scores but drop out of the matrix, rankings and EMV totals.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from pmtools.i18n import t
from pmtools.model import Project

__all__ = [
    "RATINGS",
    "open_threat_emv",
    "overdue_responses",
    "rate",
    "rating_counts",
    "rating_label",
    "risk_matrix",
    "risk_register",
    "risk_trend",
    "scale_labels",
    "top_risks",
    "trend_since_snapshot",
]

RATINGS = ("low", "medium", "high", "critical")
_ACTIVE = ("open", "monitoring")


def scale_labels(levels: int, axis: str, language: str | None = None) -> list[str]:
    """Names of the levels on the probability or impact axis (``axis``), in a language.

    A 5-point scale has names (Rare .. Almost certain, Negligible .. Severe);
    other scales are numbered.
    """
    if levels == 5:
        return [t(f"risk.{axis}.5.{k}", language) for k in range(1, 6)]
    return [t("risk.level", language, level=k) for k in range(1, levels + 1)]


def rating_label(rating: str, language: str | None = None) -> str:
    """The translated name of a rating (low, medium, high, critical)."""
    return t(f"risk.rating.{rating}", language)


def rate(scores: pd.Series | np.ndarray, bands: tuple[int, int, int]) -> pd.Series:
    """The rating (low/medium/high/critical) of each score; NaN scores give NaN."""
    values = pd.Series(scores, dtype=float)
    labels = pd.Series(pd.NA, index=values.index, dtype=object)
    known = values.notna()
    index = np.searchsorted(np.asarray(bands, dtype=float), values[known].to_numpy(), side="right")
    labels[known] = np.asarray(RATINGS, dtype=object)[index]
    return labels


def _empty_register() -> pd.DataFrame:
    return pd.DataFrame(
        columns=[
            "title",
            "type",
            "owner",
            "probability",
            "impact",
            "score",
            "rating",
            "chance",
            "cost_impact",
            "emv",
            "status",
            "response_due",
            "overdue",
            "rank",
        ]
    )


def risk_register(project: Project) -> pd.DataFrame:
    """The register with scores: one row per risk id, in file order.

    Adds ``score``, ``rating``, ``residual_score``, ``residual_rating``, ``emv``
    (currency units), ``active`` (open or monitoring), ``overdue`` (an active
    risk whose response_due is before the status date) and ``rank`` (1 = the
    highest active score; ties broken by EMV, then file order; NaN when closed).
    """
    if project.risks is None or project.risks.empty:
        return _empty_register()
    register = project.risks.copy()
    bands = project.risk_scale.bands
    register["score"] = register["probability"] * register["impact"]
    register["rating"] = rate(register["score"], bands).to_numpy()
    register["residual_score"] = register["residual_probability"] * register["residual_impact"]
    register["residual_rating"] = rate(register["residual_score"], bands).to_numpy()
    sign = np.where(register["type"] == "opportunity", -1.0, 1.0)
    register["emv"] = register["chance"] * register["cost_impact"] * sign
    register["active"] = register["status"].isin(_ACTIVE)
    due = register["response_due"]
    register["overdue"] = register["active"] & (due < pd.Timestamp(project.status_date)).fillna(
        False
    )
    active = register[register["active"]]
    order = active.assign(_emv=active["emv"].abs().fillna(0), _pos=np.arange(len(active)))
    order = order.sort_values(["score", "_emv", "_pos"], ascending=[False, False, True])
    register["rank"] = pd.Series(np.arange(1, len(order) + 1), index=order.index).reindex(
        register.index
    )
    return register


def top_risks(register: pd.DataFrame, count: int = 10) -> pd.DataFrame:
    """The ``count`` highest-ranked active risks of a scored register, rank order."""
    if register.empty:
        return register
    ranked = register[register["rank"].notna()].sort_values("rank")
    return ranked.head(count)


def rating_counts(register: pd.DataFrame) -> dict[str, int]:
    """How many active risks carry each rating."""
    active = register[register["active"]] if not register.empty else register
    counts = active["rating"].value_counts() if not active.empty else pd.Series(dtype=int)
    return {rating: int(counts.get(rating, 0)) for rating in RATINGS}


def open_threat_emv(register: pd.DataFrame) -> float:
    """Expected monetary value of the active threats (currency units)."""
    if register.empty:
        return 0.0
    threats = register[register["active"] & (register["type"] == "threat")]
    return float(threats["emv"].fillna(0).sum())


def overdue_responses(project: Project) -> pd.DataFrame:
    """Active risks whose response is due before the status date, most overdue first.

    Adds ``days_overdue`` (calendar days between response_due and the status date).
    """
    register = risk_register(project)
    if register.empty:
        return register
    late = register[register["overdue"]].copy()
    if late.empty:
        return late
    when = pd.Timestamp(project.status_date)
    late["days_overdue"] = (when - late["response_due"]).dt.days
    return late.sort_values(["days_overdue", "score"], ascending=[False, False])


def risk_matrix(project: Project, *, residual: bool = False) -> pd.DataFrame:
    """The probability x impact matrix of active risks, one row per cell.

    Columns: probability and impact levels, ``score``, ``rating``, ``count`` and
    ``ids`` (risk ids in the cell, in register order). Every cell of the scale
    is present, empty ones with count 0, ordered by probability then impact.
    """
    scale = project.risk_scale
    levels = np.arange(1, scale.levels + 1)
    grid = pd.MultiIndex.from_product([levels, levels], names=["probability", "impact"])
    register = risk_register(project)
    p_col, i_col = (
        ("residual_probability", "residual_impact") if residual else ("probability", "impact")
    )
    ids: dict[tuple[int, int], list[str]] = {cell: [] for cell in grid}
    if not register.empty:
        active = register[register["active"]].dropna(subset=[p_col, i_col])
        for risk_id, p, i in zip(active.index, active[p_col], active[i_col], strict=True):
            ids[(int(p), int(i))].append(str(risk_id))
    matrix = pd.DataFrame(index=grid).reset_index()
    matrix["score"] = matrix["probability"] * matrix["impact"]
    matrix["rating"] = rate(matrix["score"], scale.bands).to_numpy()
    matrix["ids"] = [
        ids[(p, i)] for p, i in zip(matrix["probability"], matrix["impact"], strict=True)
    ]
    matrix["count"] = matrix["ids"].map(len)
    return matrix


def risk_trend(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """How each risk moved between two scored registers (``risk_register`` frames).

    One row per id in either: ``score_before``, ``score_after`` and ``change``:
    ``new`` (only after), ``removed`` (only before), ``closed`` (active before,
    closed after), ``reopened``, ``up``, ``down`` or ``same`` (score).
    """
    left = before[["score", "status"]].rename(
        columns={"score": "score_before", "status": "status_before"}
    )
    right = after[["score", "status"]].rename(
        columns={"score": "score_after", "status": "status_after"}
    )
    trend = left.join(right, how="outer")
    trend = trend.reindex([*after.index, *[i for i in before.index if i not in after.index]])
    was_active = trend["status_before"].isin(_ACTIVE)
    is_active = trend["status_after"].isin(_ACTIVE)
    change = np.select(
        [
            trend["status_before"].isna(),
            trend["status_after"].isna(),
            was_active & ~is_active,
            ~was_active & is_active,
            trend["score_after"] > trend["score_before"],
            trend["score_after"] < trend["score_before"],
        ],
        ["new", "removed", "closed", "reopened", "up", "down"],
        default="same",
    )
    trend["change"] = change
    return trend


def trend_since_snapshot(
    project: Project, register: pd.DataFrame
) -> tuple[dt.date, pd.DataFrame] | None:
    """What changed since the latest register in ``history/``: its date and one row per risk
    that changed (title, change, score_before, score_after); None without a snapshot."""
    from pmtools.io import risk_snapshots

    snapshots = risk_snapshots(project)
    if not snapshots:
        return None
    day, older = snapshots[-1]
    older = older.assign(score=older["probability"] * older["impact"])
    older["rating"] = rate(older["score"], project.risk_scale.bands).to_numpy()
    trend = risk_trend(older, register)
    changed = trend[trend["change"] != "same"].copy()
    changed["title"] = (
        register["title"].reindex(changed.index).fillna(older["title"].reindex(changed.index))
    )
    return day, changed
