"""Earned value management, with earned schedule.

Definitions (PMI, The Standard for Earned Value Management; Lipke, earned
schedule), over the leaf tasks of a project at its status date, money in the
project's currency, time in working days from the project start:

- BAC, budget at completion: the sum of ``planned_cost``.
- PV, planned value: each task's ``planned_cost`` spread evenly over its
  baseline working days (``baseline_start`` .. ``baseline_finish``; without
  baseline dates, the days the plan gives it scheduled as if nothing had
  started), summed over the days up to and including the status date.
- EV, earned value, by each task's ``ev_rule``: ``percent`` (the default)
  earns ``planned_cost x percent_complete / 100``; ``50/50`` earns half once
  the task has started (an actual start or any percent) and the rest when it
  is finished (an actual finish or 100 %); ``0/100`` earns everything at the
  finish and nothing before.
- AC, actual cost: a task's entries in ``costs.csv`` dated up to the status
  date when it has any, else its ``actual_cost``; entries without a task
  (project-level costs) are added.
- SV = EV - PV, CV = EV - AC, SPI = EV / PV, CPI = EV / AC.
- EAC, estimate at completion, three ways: ``eac`` = AC + (BAC - EV) / CPI
  (the CPI method, the one the CLI reports), ``eac_cpi_spi`` = AC + (BAC -
  EV) / (CPI x SPI) (the composite method), ``eac_at_budget`` = AC + BAC - EV
  (remaining work at the budgeted rate). ETC = EAC - AC, VAC = BAC - EAC.
- TCPI to BAC = (BAC - EV) / (BAC - AC); ``tcpi_eac`` = (BAC - EV) / (EAC - AC).
- AT, actual time: working days from the start through the status date.
- ES, earned schedule: C + (EV - PV(C)) / (PV(C + 1) - PV(C)), where PV(t) is
  the cumulative planned value after t working days and C the last t with
  PV(t) <= EV. SPI(t) = ES / AT. The earned-schedule forecast finish is the
  planned duration / SPI(t) working days from the start (Lipke's IEAC(t)).

An index whose denominator is 0 is None (JSON null), and so is every figure
computed from it.

History (``evm_periods``): earned value at earlier dates is rebuilt from the
status-date data. A task earns its reported percent in a straight line over
its working days from the actual start to its actual finish (or the status
date while it runs); a task's ``actual_cost`` is spent along the same line,
while ``costs.csv`` entries count on their own dates. At the status date the
history equals ``earned_value`` exactly.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from pmtools.model import Project

__all__ = [
    "SPEC_KEYS",
    "EarnedValue",
    "cost_by_category",
    "cost_by_phase",
    "cost_variance_by_task",
    "eac_methods",
    "earned_value",
    "evm_json",
    "evm_periods",
    "planned_value_curve",
    "reserve_state",
    "task_values",
]

#: The keys of ``pmtools evm --json`` fixed by SPEC.md, in order.
SPEC_KEYS = (
    "bac",
    "pv",
    "ev",
    "ac",
    "sv",
    "cv",
    "spi",
    "cpi",
    "eac",
    "etc",
    "vac",
    "tcpi",
    "es",
    "spi_t",
)


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
    eac_cpi_spi: float | None = None
    eac_at_budget: float | None = None
    tcpi_eac: float | None = None
    es_finish: dt.date | None = None

    @property
    def eac_method(self) -> str:
        """The method behind ``eac``: ``AC + (BAC - EV) / CPI``."""
        return "cpi"


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
    return _curve(project, *_baseline_days(project))


def _curve(
    project: Project, first: npt.NDArray[np.int64], last: npt.NDArray[np.int64]
) -> pd.DataFrame:
    tasks = project.tasks[~project.tasks["summary"].to_numpy()]
    cost = (
        tasks["planned_cost"].fillna(0).to_numpy(dtype=float)
        if "planned_cost" in tasks.columns
        else np.zeros(len(tasks))
    )
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


class _Progress:
    """Per leaf task, what earned value and actual cost need at any day count t
    (t = working days from the start through a date; the status date is ``at``)."""

    def __init__(self, project: Project, when: dt.date) -> None:
        tasks = project.tasks[~project.tasks["summary"].to_numpy()]
        cal = project.calendar
        self.project = project
        self.ids = tasks.index
        self.names = tasks["name"]
        self.at = int(cal.workdays_through(np.datetime64(when, "D")))

        def column(name: str) -> npt.NDArray[np.float64]:
            if name not in tasks.columns:
                return np.zeros(len(tasks))
            return tasks[name].fillna(0).to_numpy(dtype=float)

        def days(name: str, through: bool) -> npt.NDArray[np.float64]:
            if name not in tasks.columns:
                return np.full(len(tasks), np.nan)
            values = tasks[name].to_numpy(dtype="datetime64[D]")
            out = np.full(len(tasks), np.nan)
            known = ~np.isnat(values)
            if known.any():
                convert = cal.workdays_through if through else cal.offsets
                out[known] = convert(values[known])
            return out

        self.planned = column("planned_cost")
        self.percent = column("percent_complete")
        self.rule = (
            tasks["ev_rule"].replace("", "percent").to_numpy(dtype=object)
            if "ev_rule" in tasks.columns
            else np.full(len(tasks), "percent", dtype=object)
        )
        self.first, self.last = _baseline_days(project)
        first = self.first
        start = days("actual_start", through=False)
        finish = days("actual_finish", through=True)
        self.finished = ~np.isnan(finish) | (self.percent >= 100)
        self.started = ~np.isnan(start) | (self.percent > 0) | self.finished
        # the straight line runs from the day work started to the day it finished (or now)
        end = np.where(np.isnan(finish), self.at, finish)
        begin = np.where(np.isnan(start), first, start)
        self.begin = np.minimum(begin, end - 1)
        self.end = end
        self.task_cost = column("actual_cost")
        self.entries: pd.DataFrame | None = None
        costs = project.costs
        if costs is not None and len(costs):
            dated = costs[costs["date"].notna() & costs["amount"].notna()]
            dated = dated[dated["date"] <= pd.Timestamp(when)]
            self.entries = pd.DataFrame(
                {
                    "task": dated["task"].to_numpy(),
                    "t": cal.workdays_through(dated["date"].to_numpy(dtype="datetime64[D]")),
                    "amount": dated["amount"].to_numpy(dtype=float),
                    "category": dated["category"].replace("", "-").to_numpy()
                    if "category" in dated.columns
                    else "-",
                }
            )
        self.booked = (
            np.zeros(len(tasks), dtype=bool)
            if self.entries is None
            else np.asarray(self.ids.isin(set(self.entries["task"])))
        )

    def spread(self, t: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
        """Tasks x days: how far along each task's straight line t days are (0..1)."""
        span = (self.end - self.begin)[:, None]
        share = np.clip((t[None, :] - self.begin[:, None]) / span, 0.0, 1.0)
        return np.asarray(share, dtype=np.float64)

    def fraction(self, t: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
        """Tasks x days: the share of the status-date progress reached after t days."""
        return np.where(self.started[:, None], self.spread(t), 0.0)

    def earned(self, t: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
        """Tasks x days: earned value after t working days, by each task's rule."""
        share = self.fraction(t)
        percent = self.planned[:, None] * self.percent[:, None] / 100 * share
        begun = (t[None, :] > self.begin[:, None]) & self.started[:, None]
        complete = (t[None, :] >= self.end[:, None]) & self.finished[:, None]
        half = self.planned[:, None] * np.where(complete, 1.0, np.where(begun, 0.5, 0.0))
        whole = self.planned[:, None] * complete
        rule = self.rule[:, None]
        return np.where(rule == "0/100", whole, np.where(rule == "50/50", half, percent))

    def task_actuals(self, t: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
        """Tasks x days: ``actual_cost`` of the tasks without costs.csv entries, spread."""
        return np.where(self.booked[:, None], 0.0, self.task_cost[:, None] * self.spread(t))

    def values(self) -> npt.NDArray[np.float64]:
        """``values[t]``: the planned value after t working days, t = 0 .. the planned end."""
        curve = _curve(self.project, self.first, self.last)
        lo = int(curve["offset"].iloc[0])
        horizon = max(int(curve["offset"].iloc[-1]) + 1, 0)
        pv = curve["pv"].to_numpy()
        t = np.arange(horizon + 1)
        index = t - 1 - lo  # row t - 1 holds PV(t)
        return np.where(index < 0, 0.0, pv[np.clip(index, 0, pv.size - 1)])

    def spent(self, t: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
        """Tasks x days: actual cost after t working days; plus a last row of project costs."""
        line = self.task_actuals(t)
        extra = np.zeros((1, t.size))
        if self.entries is not None:
            position = pd.Series(np.arange(len(self.ids)), index=self.ids)
            rows = position.reindex(self.entries["task"]).to_numpy()
            amounts = self.entries["amount"].to_numpy()
            when = self.entries["t"].to_numpy()
            counted = when[:, None] <= t[None, :]
            on_task = ~np.isnan(rows)
            add = np.zeros_like(line)
            np.add.at(
                add, rows[on_task].astype(np.int64), amounts[on_task, None] * counted[on_task]
            )
            line = line + add
            extra[0] = (amounts[~on_task, None] * counted[~on_task]).sum(axis=0)
        return np.vstack([line, extra])


def _period_days(
    project: Project, when: dt.date, freq: str
) -> tuple[list[dt.date], npt.NDArray[np.int64]]:
    """Ends of the periods from the start to the status date (the status date last) and
    the working days through each."""
    ends = [d.date() for d in pd.date_range(project.start, when, freq=freq) if d.date() < when]
    ends.append(when)
    return ends, project.calendar.workdays_through(np.array(ends, dtype="datetime64[D]"))


def _pv_after(values: npt.NDArray[np.float64], days: int) -> float:
    if days <= 0:
        return 0.0
    return float(values[min(days, values.size - 1)])


def earned_value(project: Project) -> EarnedValue:
    """Earned value at the project's status date, the date the progress in tasks.csv
    describes. See the module docstring. Computed once per project (``Project.remember``)."""
    return project.remember("earned_value", lambda: _earned_value(project))


def _earned_value(project: Project) -> EarnedValue:
    when = project.status_date
    progress = _Progress(project, when)
    t = np.array([progress.at])
    return _figures(
        project,
        progress.values(),
        float(progress.planned.sum()),
        float(progress.earned(t).sum()),
        float(progress.spent(t).sum()),
        progress.at,
        when,
    )


def _figures(
    project: Project,
    values: npt.NDArray[np.float64],
    bac: float,
    ev: float,
    ac: float,
    at: int,
    when: dt.date,
) -> EarnedValue:
    """Every figure from BAC, EV, AC and the planned value after ``at`` working days."""
    pv = _pv_after(values, at)
    spi, cpi = _ratio(ev, pv), _ratio(ev, ac)
    eac = None if cpi is None else ac + (bac - ev) / cpi
    composite = None if cpi is None or spi is None or cpi * spi == 0 else cpi * spi
    eac_cpi_spi = None if composite is None else ac + (bac - ev) / composite
    es = _earned_schedule(ev, values)
    spi_t = None if es is None else _ratio(es, at)
    finish = None
    if spi_t:
        planned = values.size - 1
        offset = int(np.ceil(planned / spi_t - 1e-9))
        finish = project.calendar.date(max(offset - 1, 0))
    return EarnedValue(
        bac=bac,
        pv=pv,
        ev=ev,
        ac=ac,
        sv=ev - pv,
        cv=ev - ac,
        spi=spi,
        cpi=cpi,
        eac=eac,
        etc=None if eac is None else eac - ac,
        vac=None if eac is None else bac - eac,
        tcpi=_ratio(bac - ev, bac - ac),
        es=es,
        spi_t=spi_t,
        at=at,
        status_date=when,
        eac_cpi_spi=eac_cpi_spi,
        eac_at_budget=ac + bac - ev,
        tcpi_eac=None if eac is None else _ratio(bac - ev, eac - ac),
        es_finish=finish,
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
    """The ``pmtools evm --json`` document: the SPEC keys first, then ``at``,
    ``status_date``, the other EAC methods, TCPI to EAC and the earned-schedule finish."""
    doc: dict[str, float | int | str | None] = {}
    fields = asdict(result)
    for key in (*SPEC_KEYS, *(k for k in fields if k not in SPEC_KEYS)):
        value = fields[key]
        if isinstance(value, float):
            doc[key] = round(value, 4)
        elif isinstance(value, dt.date):
            doc[key] = value.isoformat()
        else:
            doc[key] = value
    doc["eac_method"] = result.eac_method
    return doc


def eac_methods(result: EarnedValue) -> pd.DataFrame:
    """The estimate at completion by each method (rows ``cpi``, ``cpi_spi``, ``budget``):
    eac, etc, vac and the TCPI needed to land on that EAC. Undefined figures are NaN."""
    rows = {}
    for method, eac in (
        ("cpi", result.eac),
        ("cpi_spi", result.eac_cpi_spi),
        ("budget", result.eac_at_budget),
    ):
        if eac is None:
            rows[method] = {"eac": np.nan, "etc": np.nan, "vac": np.nan, "tcpi": np.nan}
            continue
        tcpi = _ratio(result.bac - result.ev, eac - result.ac)
        rows[method] = {
            "eac": eac,
            "etc": eac - result.ac,
            "vac": result.bac - eac,
            "tcpi": np.nan if tcpi is None else tcpi,
        }
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = "method"
    return frame


def evm_periods(project: Project, *, freq: str = "W-FRI") -> pd.DataFrame:
    """Earned value at the end of each period up to the status date, for trends.

    ``freq`` is a pandas frequency: ``W-FRI`` (weeks ending Friday, the default)
    or ``ME`` (month ends). Columns: date, at, pv, ev, ac, sv, cv, spi, cpi, eac,
    es, spi_t, tcpi. How the history is rebuilt is in the module docstring.
    """
    when = project.status_date
    progress = _Progress(project, when)
    values = progress.values()
    ends, days = _period_days(project, when, freq)
    earned = progress.earned(days).sum(axis=0).tolist()
    spent = progress.spent(days).sum(axis=0).tolist()
    bac = float(progress.planned.sum())
    columns = ("pv", "ev", "ac", "sv", "cv", "spi", "cpi", "eac", "es", "spi_t", "tcpi")
    rows = []
    for day, at, ev, ac in zip(ends, days.tolist(), earned, spent, strict=True):
        figures = _figures(project, values, bac, ev, ac, at, day)
        rows.append({"date": day, "at": at, **{c: getattr(figures, c) for c in columns}})
    frame = pd.DataFrame(rows)
    return frame.astype({c: float for c in columns})


def task_values(project: Project) -> pd.DataFrame:
    """Per leaf task at the status date: name, budget, ev (by its rule), ac, cv, cpi."""
    progress = _Progress(project, project.status_date)
    t = np.array([progress.at])
    frame = pd.DataFrame(
        {
            "name": progress.names.to_numpy(),
            "budget": progress.planned,
            "ev": progress.earned(t)[:, 0],
            "ac": progress.spent(t)[:-1, 0],
        },
        index=progress.ids,
    )
    frame["cv"] = frame["ev"] - frame["ac"]
    frame["cpi"] = frame["ev"] / frame["ac"].where(frame["ac"] > 0)
    return frame


def reserve_state(project: Project, result: EarnedValue) -> dict[str, float | None]:
    """The reserve and how much of it the cost overrun uses.

    ``reserve``: ``management_reserve`` from project.yaml, else the approved
    ``budget`` minus BAC (None without either). ``used`` = max(0, AC - EV), the
    overrun so far; ``forecast_use`` = max(0, EAC - BAC); ``left`` = reserve -
    forecast_use (negative: the forecast overruns the reserve).
    """
    reserve = project.management_reserve
    if reserve is None and project.budget is not None:
        reserve = project.budget - result.bac
    used = max(0.0, result.ac - result.ev)
    forecast = None if result.eac is None else max(0.0, result.eac - result.bac)
    left = None if reserve is None or forecast is None else reserve - forecast
    return {"reserve": reserve, "used": used, "forecast_use": forecast, "left": left}


def cost_by_category(project: Project, *, freq: str = "ME") -> pd.DataFrame:
    """Actual cost by category and period (rows: period end; columns: categories).

    Categories come from ``costs.csv``; task actual costs without entries count
    as ``-`` spread like the earned value history. Empty without any actuals.
    """
    when = project.status_date
    progress = _Progress(project, when)
    ends, days = _period_days(project, when, freq)
    columns: dict[str, npt.NDArray[np.float64]] = {}
    line = progress.task_actuals(days)
    if line.any():
        columns["-"] = line.sum(axis=0)
    if progress.entries is not None:
        for category, group in progress.entries.groupby("category", sort=True):
            counted = group["t"].to_numpy()[:, None] <= days[None, :]
            columns[str(category)] = (group["amount"].to_numpy()[:, None] * counted).sum(axis=0)
    frame = pd.DataFrame(columns, index=pd.Index(ends, name="date"))
    return frame.diff().fillna(frame) if len(frame) else frame


def cost_by_phase(project: Project) -> pd.DataFrame:
    """Budget, earned value, actual cost, CV, CPI and the CPI forecast (EAC) per top-level
    phase (leaves outside any phase are grouped under their own id)."""
    from pmtools.cpm.network import summary_pairs

    tasks = project.tasks
    values = task_values(project)
    leaves = values.index
    top = pd.Series(leaves, index=leaves, dtype=object)
    if tasks["summary"].any():
        pairs = summary_pairs(tasks)
        roots = set(tasks.index[tasks["summary"].to_numpy() & tasks["parent"].isna().to_numpy()])
        pairs = pairs[pairs["summary"].isin(roots)]
        top.loc[pairs["leaf"].to_numpy()] = pairs["summary"].to_numpy()
    grouped = values[["budget", "ev", "ac"]].groupby(top, sort=False).sum()
    grouped.index.name = "id"
    grouped.insert(0, "name", tasks["name"].reindex(grouped.index).to_numpy())
    grouped["cv"] = grouped["ev"] - grouped["ac"]
    grouped["cpi"] = grouped["ev"] / grouped["ac"].where(grouped["ac"] > 0)
    forecast = grouped["ac"] + (grouped["budget"] - grouped["ev"]) / grouped["cpi"].where(
        grouped["cpi"] > 0
    )
    grouped["eac"] = forecast.where(grouped["ac"] > 0, grouped["budget"])  # not started: budget
    return grouped


def _unstarted(project: Project) -> pd.DataFrame:
    leaves = project.tasks[~project.tasks["summary"].to_numpy()]
    budget = (
        leaves["planned_cost"].fillna(0).astype(float)
        if "planned_cost" in leaves.columns
        else pd.Series(0.0, index=leaves.index)
    )
    return pd.DataFrame({"name": leaves["name"], "budget": budget, "ev": 0.0, "ac": 0.0})


def cost_variance_by_task(project: Project, *, top: int = 10) -> pd.DataFrame:
    """Leaf tasks furthest over budget so far (CV = EV - AC most negative first)."""
    frame = task_values(project)
    spent = frame[frame["ac"] > 0]
    return spent.sort_values("cv").head(top)
