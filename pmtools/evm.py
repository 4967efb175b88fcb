"""Earned value management, with earned schedule.

Definitions (PMI, The Standard for Earned Value Management; Lipke, earned
schedule), over the leaf tasks of a project at its status date, money in the
project's currency, time in working days from the project start:

- BAC, budget at completion: the sum of ``planned_cost``.
- PV, planned value: each task's ``planned_cost`` spread evenly over its
  baseline working days (``baseline_start`` .. ``baseline_finish``; without
  baseline dates, the days the plan gives it scheduled as if nothing had
  started), summed over the days up to and including the status date.
- EV, earned value: ``planned_cost x percent_complete / 100`` summed.
- AC, actual cost: ``actual_cost`` summed.
- SV = EV - PV, CV = EV - AC, SPI = EV / PV, CPI = EV / AC.
- EAC = AC + (BAC - EV) / CPI (the CPI forecast), ETC = EAC - AC,
  VAC = BAC - EAC, TCPI = (BAC - EV) / (BAC - AC).
- AT, actual time: working days from the start through the status date.
- ES, earned schedule: C + (EV - PV(C)) / (PV(C + 1) - PV(C)), where PV(t) is
  the cumulative planned value after t working days and C the last t with
  PV(t) <= EV. SPI(t) = ES / AT.

An index whose denominator is 0 is None (JSON null), and so is every figure
computed from it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from pmtools.errors import Problem, ProjectInvalid
from pmtools.model import Project

__all__ = [
    "EarnedValue",
    "cost_by_phase",
    "cost_variance_by_task",
    "earned_value",
    "evm_json",
    "forecast_finish",
    "planned_value_curve",
]


@dataclass(frozen=True)
class EarnedValue:
    """The earned value figures at one status date (SPEC.md ``pmtools evm --json``)."""

    bac: float
    pv: float
    ev: float
    ac: float
    sv: float
    cv: float
    spi: float | None
    cpi: float | None
    eac: float | None
    etc: float | None
    vac: float | None
    tcpi: float | None
    es: float | None
    spi_t: float | None
    at: int
    status_date: dt.date


def _ratio(top: float, bottom: float) -> float | None:
    return None if bottom == 0 else top / bottom


def _baseline_days(project: Project) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """First and one-past-last working-day offset of each leaf task's planned spread."""
    from pmtools.schedule import critical_path

    tasks = project.tasks[~project.tasks["summary"].to_numpy()]
    plan = critical_path(project, use_progress=False).reindex(tasks.index)
    first = plan["early_start"].to_numpy(dtype=np.int64).copy()
    last = plan["early_finish"].to_numpy(dtype=np.int64).copy()
    if "baseline_start" in tasks.columns and "baseline_finish" in tasks.columns:
        b_start = tasks["baseline_start"].to_numpy(dtype="datetime64[D]")
        b_finish = tasks["baseline_finish"].to_numpy(dtype="datetime64[D]")
        known = ~np.isnat(b_start) & ~np.isnat(b_finish)
        if known.any():
            cal = project.calendar
            first[known] = cal.offsets(b_start[known])
            last[known] = cal.workdays_through(b_finish[known])
    last = np.maximum(last, first + 1)  # a milestone's cost falls on its day
    return first, last


def planned_value_curve(project: Project) -> pd.DataFrame:
    """Cumulative planned value after each working day: columns offset, date, pv.

    Row t holds PV(t + 1), the planned value of the first t + 1 working days.
    """
    tasks = project.tasks[~project.tasks["summary"].to_numpy()]
    cost = (
        tasks["planned_cost"].fillna(0).to_numpy(dtype=float)
        if "planned_cost" in tasks.columns
        else np.zeros(len(tasks))
    )
    first, last = _baseline_days(project)
    lo = int(min(first.min(initial=0), 0))
    hi = int(max(last.max(initial=1), 1))
    rate = cost / (last - first)
    diff = np.zeros(hi - lo + 1)
    np.add.at(diff, first - lo, rate)
    np.add.at(diff, last - lo, -rate)
    daily = np.cumsum(diff)[:-1]
    offsets = np.arange(lo, hi)
    return pd.DataFrame(
        {"offset": offsets, "date": project.calendar.dates(offsets), "pv": np.cumsum(daily)}
    )


def earned_value(project: Project, *, status_date: dt.date | None = None) -> EarnedValue:
    """Earned value at ``status_date`` (default: the project's). See the module docstring.

    Raises ProjectInvalid when neither gives a status date.
    """
    when = status_date or project.status_date
    if when is None:
        raise ProjectInvalid([Problem("project.yaml", None, "status_date", "evm.no_status_date")])
    tasks = project.tasks[~project.tasks["summary"].to_numpy()]

    def column(name: str) -> npt.NDArray[np.float64]:
        if name not in tasks.columns:
            return np.zeros(len(tasks))
        return tasks[name].fillna(0).to_numpy(dtype=float)

    planned = column("planned_cost")
    percent = column("percent_complete")
    bac = float(planned.sum())
    ev = float((planned * percent / 100).sum())
    ac = float(column("actual_cost").sum())
    at = int(project.calendar.workdays_through(np.datetime64(when, "D")))
    curve = planned_value_curve(project)
    cumulative = dict(zip(curve["offset"].tolist(), curve["pv"].tolist(), strict=True))

    def pv_after(days: int) -> float:  # planned value of the first `days` working days
        if days <= int(curve["offset"].iloc[0]):
            return 0.0
        return float(cumulative.get(days - 1, curve["pv"].iloc[-1]))

    pv = pv_after(at)
    spi, cpi = _ratio(ev, pv), _ratio(ev, ac)
    eac = None if cpi is None else ac + (bac - ev) / cpi
    etc = None if eac is None else eac - ac
    vac = None if eac is None else bac - eac
    tcpi = _ratio(bac - ev, bac - ac)
    horizon = int(curve["offset"].iloc[-1]) + 1
    es = _earned_schedule(ev, np.array([pv_after(t) for t in range(max(horizon, 0) + 1)]))
    spi_t = None if es is None else _ratio(es, at)
    return EarnedValue(
        bac, pv, ev, ac, ev - pv, ev - ac, spi, cpi, eac, etc, vac, tcpi, es, spi_t, at, when
    )


def _earned_schedule(ev: float, values: npt.NDArray[np.float64]) -> float | None:
    """C + (EV - PV(C)) / (PV(C+1) - PV(C)) with C the last whole day whose PV <= EV.

    ``values[t]`` is the planned value after t working days, t = 0 .. horizon.
    """
    horizon = values.size - 1
    if horizon <= 0:
        return None
    tolerance = 1e-9 * max(1.0, abs(ev))
    reached = np.flatnonzero(values <= ev + tolerance)
    whole = int(reached[-1]) if reached.size else 0
    if whole >= horizon:
        return float(horizon)
    step = values[whole + 1] - values[whole]
    return float(whole + (ev - values[whole]) / step) if step > 0 else float(whole)


def evm_json(result: EarnedValue) -> dict[str, float | int | str | None]:
    """The ``pmtools evm --json`` document: the SPEC keys plus ``at`` and ``status_date``."""
    doc: dict[str, float | int | str | None] = {}
    for key, value in asdict(result).items():
        if isinstance(value, float):
            doc[key] = round(value, 4)
        elif isinstance(value, dt.date):
            doc[key] = value.isoformat()
        else:
            doc[key] = value
    return doc


def forecast_finish(project: Project, result: EarnedValue) -> dt.date | None:
    """Earned-schedule forecast of the finish: planned duration / SPI(t), as a date.

    The planned duration is the working days the planned value spans (the
    baseline, or the plan without progress). None when SPI(t) is undefined or 0.
    """
    if not result.spi_t:
        return None
    curve = planned_value_curve(project)
    planned = int(curve["offset"].iloc[-1]) + 1
    offset = int(np.ceil(planned / result.spi_t - 1e-9))
    return project.calendar.date(max(offset - 1, 0))


def cost_by_phase(project: Project) -> pd.DataFrame:
    """Budget, earned value, actual cost, CV and CPI per top-level phase (leaves outside
    any phase are grouped under their own id). Money in the project's currency."""
    from pmtools.network import summary_pairs

    tasks = project.tasks
    leaves = tasks[~tasks["summary"].to_numpy()]

    def values(name: str) -> pd.Series:
        if name not in leaves.columns:
            return pd.Series(0.0, index=leaves.index)
        return leaves[name].fillna(0).astype(float)

    frame = pd.DataFrame(
        {
            "budget": values("planned_cost"),
            "ev": values("planned_cost") * values("percent_complete") / 100,
            "ac": values("actual_cost"),
        }
    )
    top = pd.Series(leaves.index, index=leaves.index, dtype=object)
    if tasks["summary"].any():
        pairs = summary_pairs(tasks)
        roots = set(tasks.index[tasks["summary"].to_numpy() & tasks["parent"].isna().to_numpy()])
        pairs = pairs[pairs["summary"].isin(roots)]
        top.loc[pairs["leaf"].to_numpy()] = pairs["summary"].to_numpy()
    grouped = frame.groupby(top, sort=False).sum()
    grouped.index.name = "id"
    grouped.insert(0, "name", tasks["name"].reindex(grouped.index).to_numpy())
    grouped["cv"] = grouped["ev"] - grouped["ac"]
    grouped["cpi"] = grouped["ev"] / grouped["ac"].where(grouped["ac"] > 0)
    return grouped


def cost_variance_by_task(project: Project, *, top: int = 10) -> pd.DataFrame:
    """Leaf tasks furthest over budget so far (CV = EV - AC most negative first)."""
    tasks = project.tasks[~project.tasks["summary"].to_numpy()]
    if "actual_cost" not in tasks.columns or "planned_cost" not in tasks.columns:
        return pd.DataFrame(columns=["name", "budget", "ev", "ac", "cv", "cpi"])
    percent = (
        tasks["percent_complete"].fillna(0)
        if "percent_complete" in tasks.columns
        else pd.Series(0.0, index=tasks.index)
    )
    frame = pd.DataFrame(
        {
            "name": tasks["name"],
            "budget": tasks["planned_cost"].fillna(0),
            "ev": tasks["planned_cost"].fillna(0) * percent / 100,
            "ac": tasks["actual_cost"].fillna(0),
        }
    )
    frame["cv"] = frame["ev"] - frame["ac"]
    frame["cpi"] = frame["ev"] / frame["ac"].where(frame["ac"] > 0)
    spent = frame[frame["ac"] > 0]
    return spent.sort_values("cv").head(top)
