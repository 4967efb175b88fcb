"""Monte Carlo schedule risk: vectorised over iterations, level by level over tasks.

Model. Each leaf task with a three-point estimate (optimistic a, most likely m,
pessimistic b, working days) draws its duration from a PERT-Beta (default:
Beta(1 + 4r, 1 + 4(1 - r)) scaled to [a, b], r = (m - a) / (b - a)),
triangular or uniform distribution; tasks without estimates keep their
duration. Every draw is the inverse CDF of a uniform grade U, so a duration is
a monotone function of its grade: the PERT quantile function is tabulated once
per distinct shape (2,049 points, linear interpolation), triangular and uniform
are closed-form. Correlation uses a one-factor Gaussian copula: the grade is
``Phi(sqrt(rho) W + sqrt(1 - rho) E)`` with W shared by all tasks (or by the
tasks in one group, ``correlation_by``) and E the task's own noise.

Active risks (open or monitoring) with a schedule impact occur in a fraction
``chance`` of the runs and then add a triangular(min, most likely, max) delay
to each unfinished task they name (an opportunity takes it off instead); the
delay is whole working days on top of the work left, also for tasks in progress.
Progress at the status date is applied as in ``pmtools.schedule``: finished
tasks keep their actual dates; in-progress tasks finish ``ceil(duration x
remaining fraction)`` days after the status date.

Each run schedules the network with all four link types and lags exactly as
the critical path method does (forward pass), then a backward pass against that
run's finish gives each task's float: ``criticality`` is the fraction of runs
in which a task had zero float (finished tasks count as never critical: their
dates are history). ``sensitivity`` is Spearman's rank correlation
between a task's sampled duration and the project finish, computed as the
grade correlation ``12 E[(U - 1/2)(V - 1/2)]`` with U the duration's grade and V
the finish's rank within its block of iterations (consistent with Spearman's
rho; risk-event delays are not part of U).

PERT (the classic three-point approximation, shown beside the simulation): a
task's expected duration is ``(optimistic + 4 x most_likely + pessimistic) / 6``
and its standard deviation ``(pessimistic - optimistic) / 6``; the project's
expected duration is the critical path through expected durations, its standard
deviation the root of the summed variances along that path, and the chance of
finishing by a date the normal distribution's value there. It ignores merge bias
(parallel paths can finish late together), which the simulation captures.

Iterations run in chunks of whole blocks of 512 iterations, each block drawing
from its own generator spawned from ``seed``, so the same seed gives the same
numbers whatever the chunk size. A chunk holds about a million task x iteration
cells (one block for large networks), so its working arrays stay in the cache
and memory stays bounded; the arrays are allocated once and reused. Rows of the
working arrays are tasks in the pass order of ``pmtools.cpm.batched``.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from pmtools.cpm.batched import (
    CriticalCount,
    apply_progress,
    backward,
    deterministic_pass,
    forward,
    plan_of,
)
from pmtools.cpm.network import Network
from pmtools.cpm.progress import ProgressState, progress_state
from pmtools.model import DISTRIBUTIONS, Project

__all__ = [
    "PertSummary",
    "SimulationResult",
    "pert_summary",
    "pert_tasks",
    "simulate",
    "simulation_json",
]

FloatArray = npt.NDArray[np.floating[Any]]  # float32 in simulations, float64 once
IntArray = npt.NDArray[np.int64]

BLOCK = 512  # iterations per random block: results do not depend on the chunk size
_TILE_CELLS = 32 * 1024  # task x iteration cells sampled at a time (temporaries stay in cache)
_CHUNK_CELLS = 2**20  # task x iteration cells scheduled at a time, at least one block
_TABLE_POINTS = 2049
_DEFAULT_BUDGET = 256 * 2**20  # bytes of working arrays per chunk


# ---------------------------------------------------------------------------------------------
# sampling


@lru_cache(maxsize=4096)
def _pert_quantiles(mode_position: float) -> npt.NDArray[np.float32]:
    """Quantiles of Beta(1 + 4r, 1 + 4(1 - r)) at ``_TABLE_POINTS`` evenly spaced grades."""
    alpha, beta = 1 + 4 * mode_position, 1 + 4 * (1 - mode_position)
    cells = 16384
    x = np.linspace(0.0, 1.0, cells + 1)
    middle = (x[:-1] + x[1:]) / 2  # midpoint rule: the density is bounded (alpha, beta >= 1)
    log_pdf = (alpha - 1) * np.log(middle) + (beta - 1) * np.log1p(-middle)
    pdf = np.exp(log_pdf - log_pdf.max())
    cdf = np.concatenate([[0.0], np.cumsum(pdf)])
    cdf /= cdf[-1]
    grades = np.linspace(0.0, 1.0, _TABLE_POINTS)
    return np.interp(grades, cdf, x).astype(np.float32)


def _phi(z: FloatArray) -> FloatArray:
    """Standard normal CDF (Abramowitz & Stegun 7.1.26, absolute error < 1.5e-7)."""
    x = np.abs(z) * np.float32(1 / math.sqrt(2))
    t = 1 / (1 + np.float32(0.3275911) * x)
    poly = t * (
        np.float32(0.254829592)
        + t
        * (
            np.float32(-0.284496736)
            + t
            * (
                np.float32(1.421413741)
                + t * (np.float32(-1.453152027) + t * np.float32(1.061405429))
            )
        )
    )
    erf = 1 - poly * np.exp(-x * x)
    result: FloatArray = (np.float32(0.5) * (1 + np.sign(z) * erf)).astype(np.float32)
    return result


@dataclass(frozen=True)
class _Sampler:
    """Draws durations of the tasks with spread from grades."""

    rows: IntArray  # tasks with optimistic < pessimistic
    low: FloatArray
    mode: FloatArray
    high: FloatArray
    distribution: str
    table: npt.NDArray[np.float32] | None  # PERT quantiles, all shapes in one flat array
    slope: npt.NDArray[np.float32] | None  # table[i + 1] - table[i]
    offset: npt.NDArray[np.int32]  # where each task's shape starts in the flat table
    group: IntArray  # correlation group of each task (0 = the one shared factor)
    groups: int
    correlation: float
    span: FloatArray = field(init=False)  # high - low
    #: table (real part) and slope (imaginary part) as float64, read with one gather
    points: npt.NDArray[np.complex128] | None = field(init=False)
    offset_f32: npt.NDArray[np.float32] = field(init=False)

    def __post_init__(self) -> None:
        points = None
        if self.table is not None and self.slope is not None:
            points = np.empty(self.table.size, dtype=np.complex128)
            points.real = self.table
            points.imag = self.slope
            # grade 1 lands on the last point of a shape, which interpolation never reads
            # otherwise: it holds table[last - 1] + 1 x slope[last - 1], so no index clamps
            last = np.arange(_TABLE_POINTS - 1, points.size, _TABLE_POINTS)
            points.real[last] = points.real[last - 1] + points.imag[last - 1]
            points.imag[last] = 0.0
        derived = {
            "span": self.high - self.low,
            "points": points,
            "offset_f32": self.offset.astype(np.float32),
        }
        for name, value in derived.items():
            object.__setattr__(self, name, value)

    def grades(self, rng: np.random.Generator, count: int) -> FloatArray:
        k = self.rows.size
        if self.correlation <= 0:
            return rng.random((k, count), dtype=np.float32)
        z = rng.standard_normal((k, count), dtype=np.float32)
        common = rng.standard_normal((self.groups, count), dtype=np.float32)
        rho = np.float32(self.correlation)
        z *= np.sqrt(1 - rho)
        z += np.sqrt(rho) * common[self.group]
        return _phi(z)

    def durations(self, u: FloatArray) -> FloatArray:
        """Durations (working days) of the sampled tasks for grades ``u`` (k x c)."""
        out = np.empty(u.shape, dtype=np.float32)
        self.fill(u, out, np.arange(u.shape[0]), slice(None))
        return out

    def fill(self, u: FloatArray, out: FloatArray, rows: IntArray, columns: slice) -> None:
        """Write the durations for grades ``u`` (k x c) to ``out[rows[i], columns]``.

        Works through a few tasks at a time so the temporaries stay in the cache;
        every value is computed as the whole-array formulas do, bit for bit.
        """
        k, c = u.shape
        step = max(1, _TILE_CELLS // max(c, 1))
        low, mode, high, span = self.low, self.mode, self.high, self.span
        pert = self.distribution == "pert"
        if pert:
            position = np.empty(step * c, dtype=np.float32)
            whole = np.empty(step * c, dtype=np.float32)
            index = np.empty(step * c, dtype=np.int32)
            wide = np.empty(step * c, dtype=np.float64)
            point = np.empty(step * c, dtype=np.complex128)
            drawn = np.empty(step * c, dtype=np.float32)
        for first in range(0, k, step):
            part = slice(first, min(first + step, k))
            m = part.stop - first
            grade = u[part]
            lo, sp = low[part, None], span[part, None]
            if self.distribution == "uniform":
                out[rows[part], columns] = lo + grade * sp
                continue
            if self.distribution == "triangular":
                mo, hi = mode[part, None], high[part, None]
                cut = (mo - lo) / sp
                left = lo + np.sqrt(grade * sp * (mo - lo))
                right = hi - np.sqrt((1 - grade) * sp * (hi - mo))
                out[rows[part], columns] = np.where(grade < cut, left, right)
                continue
            assert self.points is not None
            # position = u (TABLE_POINTS - 1), i = floor(position): table[i] + (position - i)
            # slope[i] in float64, then to float32, x span + low. position - i is exact in
            # float32 and its product with slope[i] in float64; grade 1 reads the last point.
            p = position[: m * c].reshape(m, c)
            w = whole[: m * c].reshape(m, c)
            i = index[: m * c].reshape(m, c)
            f = wide[: m * c].reshape(m, c)
            z = point[: m * c].reshape(m, c)
            d = drawn[: m * c].reshape(m, c)
            np.multiply(grade, np.float32(_TABLE_POINTS - 1), out=p)
            np.floor(p, out=w)
            np.subtract(p, w, out=p)  # the fraction
            np.add(w, self.offset_f32[part, None], out=i, casting="unsafe")  # flat table row
            np.take(self.points, i, out=z, mode="clip")
            np.multiply(z.imag, p, out=f)
            np.add(z.real, f, out=f)
            np.copyto(d, f, casting="same_kind")
            np.multiply(d, sp, out=d)
            np.add(d, lo, out=d)
            out[rows[part], columns] = d


def _sampler(
    project: Project,
    net: Network,
    state: ProgressState,
    distribution: str,
    correlation: float,
    correlation_by: str | None,
) -> _Sampler:
    tasks = project.tasks[state.leaf]
    duration = net.duration.astype(np.float64)
    columns = []
    for column in ("optimistic", "most_likely", "pessimistic"):
        values = (
            tasks[column].to_numpy(dtype=float)
            if column in tasks.columns
            else np.full(len(tasks), np.nan)
        )
        columns.append(np.where(np.isnan(values), duration, values))
    low, mode, high = columns
    rows = np.flatnonzero((high > low) & ~state.finished)
    low, mode, high = low[rows], mode[rows], high[rows]
    table = slope = None
    offset = np.zeros(rows.size, dtype=np.int32)
    if distribution == "pert" and rows.size:
        position = np.round((mode - low) / (high - low), 3)
        distinct, shape = np.unique(position, return_inverse=True)
        grid = np.stack([_pert_quantiles(float(p)) for p in distinct])
        table = grid.ravel()
        slope = np.diff(grid, axis=1, append=grid[:, -1:]).astype(np.float32).ravel()
        offset = (shape * _TABLE_POINTS).astype(np.int32)
    group = np.zeros(rows.size, dtype=np.int64)
    groups = 1
    if correlation_by and correlation_by in tasks.columns:
        codes, uniques = pd.factorize(tasks[correlation_by].to_numpy()[rows])
        group, groups = codes.astype(np.int64), max(len(uniques), 1)
        group[group < 0] = 0
    return _Sampler(
        rows,
        low.astype(np.float32),
        mode.astype(np.float32),
        high.astype(np.float32),
        distribution,
        table,
        slope,
        offset,
        group,
        groups,
        float(correlation),
    )


@dataclass(frozen=True)
class _RiskEvents:
    ids: list[str]
    chance: FloatArray
    low: FloatArray
    mode: FloatArray
    high: FloatArray
    pair_risk: IntArray  # (risk, task row) pairs the delay applies to
    pair_task: IntArray
    pair_sign: FloatArray  # +1 a threat's delay, -1 an opportunity's saving

    def delays(self, rng: np.random.Generator, count: int) -> FloatArray:
        r = len(self.ids)
        occurs = rng.random((r, count), dtype=np.float32) < self.chance[:, None]
        u = rng.random((r, count), dtype=np.float32)
        low, mode, high = self.low[:, None], self.mode[:, None], self.high[:, None]
        span = np.maximum(high - low, np.float32(1e-9))
        cut = (mode - low) / span
        size = np.where(
            u < cut,
            low + np.sqrt(u * span * (mode - low)),
            high - np.sqrt((1 - u) * span * (high - mode)),
        )
        return np.where(occurs, size, np.float32(0))


def _risk_events(project: Project, net: Network) -> _RiskEvents | None:
    risks = project.risks
    if risks is None or risks.empty:
        return None
    active = risks[
        risks["status"].isin(("open", "monitoring"))
        & risks["schedule_max"].notna()
        & risks["chance"].notna()
    ]
    position = {task: i for i, task in enumerate(net.ids.tolist())}
    done = set(net.ids[progress_state(project).finished].tolist())
    pair_risk, pair_task, pair_sign, ids = [], [], [], []
    rows = zip(active.index, active["tasks"], active["type"], strict=True)
    for k, (risk_id, linked, kind) in enumerate(rows):
        ids.append(str(risk_id))
        for task in linked:
            if task in position and task not in done:  # finished work cannot slip any more
                pair_risk.append(k)
                pair_task.append(position[task])
                pair_sign.append(-1.0 if kind == "opportunity" else 1.0)
    if not ids:
        return None
    f32 = np.float32
    return _RiskEvents(
        ids,
        active["chance"].to_numpy(f32),
        active["schedule_min"].to_numpy(f32),
        active["schedule_most_likely"].to_numpy(f32),
        active["schedule_max"].to_numpy(f32),
        np.asarray(pair_risk, np.int64),
        np.asarray(pair_task, np.int64),
        np.asarray(pair_sign, np.float32),
    )


# ---------------------------------------------------------------------------------------------
# results


@dataclass(frozen=True)
class SimulationResult:
    """The outcome of ``simulate``.

    ``finish`` holds the project finish of every run in working days from offset
    0 (continuous: a run finishing at 41.3 ends during working day 42).
    ``criticality`` and ``sensitivity`` are indexed by leaf task id.
    """

    project: Project = field(repr=False)
    iterations: int
    seed: int
    distribution: str
    correlation: float
    finish: npt.NDArray[np.float64] = field(repr=False)
    criticality: pd.Series = field(repr=False)
    sensitivity: pd.Series = field(repr=False)
    deterministic: float
    risk_ids: tuple[str, ...] = ()
    task_deadlines: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)

    def percentile(self, q: float) -> float:
        """The q-th percentile (0..100) of the finish, in working days."""
        return float(np.percentile(self.finish, q))

    def finish_date(self, offset: float) -> np.datetime64:
        """The last working day of a run that finishes at ``offset`` working days."""
        whole = max(math.ceil(offset - 1e-6), 0)
        if whole == 0:
            return np.datetime64(self.project.start, "D")
        day: np.datetime64 = self.project.calendar.dates(np.array([whole - 1]))[0]
        return day

    @property
    def deadline_offset(self) -> int | None:
        if self.project.deadline is None:
            return None
        return int(
            self.project.calendar.workdays_through(np.datetime64(self.project.deadline, "D"))
        )

    @property
    def deadline_probability(self) -> float | None:
        """Share of runs finishing on or before the project's deadline (None without one)."""
        limit = self.deadline_offset
        if limit is None:
            return None
        return float(np.mean(self.finish <= limit + 1e-6))

    def s_curve(self, points: int = 101) -> pd.DataFrame:
        """Cumulative probability of finishing by each offset: columns probability, offset, date."""
        probability = np.linspace(0, 1, points)
        offsets = np.quantile(self.finish, probability)
        dates = [self.finish_date(o) for o in offsets]
        return pd.DataFrame({"probability": probability, "offset": offsets, "date": dates})

    def histogram(self, bins: int = 30) -> pd.DataFrame:
        """Runs per finish interval: columns left, right (working days), count, share."""
        counts, edges = np.histogram(self.finish, bins=bins)
        return pd.DataFrame(
            {
                "left": edges[:-1],
                "right": edges[1:],
                "count": counts,
                "share": counts / counts.sum(),
            }
        )


def simulate(
    project: Project,
    *,
    iterations: int = 10_000,
    seed: int | None = None,
    distribution: str | None = None,
    correlation: float | None = None,
    correlation_by: str | None = None,
    risks: bool = True,
    memory_budget: int = _DEFAULT_BUDGET,
) -> SimulationResult:
    """Run ``iterations`` schedules with sampled durations and risk events.

    ``distribution`` and ``correlation`` default to project.yaml's
    ``simulation:`` settings; ``seed`` None draws a fresh seed (reported in the
    result, so the run can be repeated). ``risks=False`` ignores the register.
    Raises ValueError for an unknown distribution or a correlation outside 0..1.
    """
    settings = project.simulation
    distribution = (distribution or settings.distribution).lower()
    if distribution not in DISTRIBUTIONS:
        raise ValueError(f"distribution must be one of {', '.join(DISTRIBUTIONS)}")
    rho = settings.correlation if correlation is None else float(correlation)
    if not 0 <= rho <= 1:
        raise ValueError("correlation must be between 0 and 1")
    by = correlation_by if correlation_by is not None else settings.correlation_by
    if iterations < 1:
        raise ValueError("iterations must be at least 1")
    if seed is None:
        seed = int(np.random.SeedSequence().generate_state(1)[0])
    state = progress_state(project)
    net = state.net
    n = net.ids.size
    plan = plan_of(project)
    order, position = plan.order, plan.position  # rows of the working arrays: pass order
    sampler = _sampler(project, net, state, distribution, rho, by)
    sampled = position[sampler.rows]
    unsampled = np.setdiff1d(np.arange(n), sampled)
    events = _risk_events(project, net) if risks else None
    start = np.where(state.fixed, state.fixed_start, state.min_start).astype(np.float32)[order]
    base = net.duration.astype(np.float32)[order]
    blocks = math.ceil(iterations / BLOCK)
    generators = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(blocks)]
    # bytes per iteration: durations, both passes, their scratch rows, grades, delays
    pairs = events.pair_task.size if events is not None else 0
    per_iteration = 4 * (5 * n + plan.scratch_rows + sampler.rows.size + pairs)
    chunk_blocks = max(
        1,
        min(
            blocks,
            memory_budget // max(per_iteration * BLOCK, 1),
            _CHUNK_CELLS // max(n * BLOCK, 1),
        ),
    )
    width = min(chunk_blocks * BLOCK, iterations)
    space = {
        name: np.empty(rows * width, dtype=np.float32)
        for name, rows in (
            ("duration", n),
            ("early", 2 * n),
            ("late", 2 * n),
            ("scratch", plan.scratch_rows),
        )
    }
    finish_all = np.empty(iterations, dtype=np.float64)
    deadline_rows = np.flatnonzero((state.deadline < np.iinfo(np.int64).max // 8) & ~state.finished)
    deadline_limit = state.deadline[deadline_rows].astype(np.float32)[:, None] + np.float32(1e-4)
    deadline_early = n + position[deadline_rows]  # rows of EF in the forward buffer
    deadline_met = np.zeros(deadline_rows.size, dtype=np.int64)
    critical_count = np.zeros(n, dtype=np.int64)  # pass order
    grade_sum = np.zeros(sampler.rows.size, dtype=np.float64)
    tolerance = np.float32(1e-3)
    for first in range(0, blocks, chunk_blocks):
        block_ids = range(first, min(first + chunk_blocks, blocks))
        sizes = [min(BLOCK, iterations - b * BLOCK) for b in block_ids]
        c = sum(sizes)

        def view(name: str, rows: int, c: int = c) -> FloatArray:
            return space[name][: rows * c].reshape(rows, c)

        duration = view("duration", n)
        duration[unsampled] = base[unsampled, None]
        grades: list[FloatArray] = []
        delays = np.zeros((pairs, c), dtype=np.float32) if events else None
        column = 0
        for b, size in zip(block_ids, sizes, strict=True):  # a block's arrays stay in cache
            rng = generators[b]
            part = slice(column, column + size)
            if sampler.rows.size:
                grades.append(block := sampler.grades(rng, size))
                sampler.fill(block, duration, sampled, part)
            if events is not None and delays is not None:
                delays[:, part] = events.delays(rng, size)[events.pair_risk]
            column += size
        apply_progress(state, duration, order)
        if events is not None and delays is not None:  # whole days added to the work left
            np.add.at(duration, position[events.pair_task], delays * events.pair_sign[:, None])
            np.maximum(duration, 0, out=duration)
        scratch = view("scratch", plan.scratch_rows)
        early = forward(plan, duration, start, out=view("early", 2 * n), scratch=scratch)
        finish = early[n:].max(axis=0) if n else np.zeros(c, dtype=np.float32)
        deadline_met += (early[deadline_early] <= deadline_limit).sum(axis=1)
        slack = tolerance + np.float32(1e-5) * finish[None, :]  # critical: LS - ES <= slack
        counting = CriticalCount(early[:n], slack, critical_count)
        backward(
            plan, duration, finish, out=view("late", 2 * n), scratch=scratch, critical=counting
        )
        done = first * BLOCK
        finish_all[done : done + c] = finish
        column = 0
        for size, block in zip(sizes, grades, strict=False):  # ranks of the finish per block
            part = slice(column, column + size)
            ranks = np.argsort(np.argsort(finish[part], kind="stable"), kind="stable")
            v = ((ranks + 0.5) / size - 0.5).astype(np.float32)
            grade_sum += (block - np.float32(0.5)) @ v
            column += size
    critical_count = critical_count[position]  # file order again
    critical_count[state.finished] = 0  # work already done drives nothing any more
    ids = pd.Index(net.ids, name="id")
    sensitivity = np.zeros(n)
    sensitivity[sampler.rows] = 12 * grade_sum / iterations
    expected = deterministic_pass(project, net.duration).finish
    deadline_dates = project.calendar.dates(np.maximum(state.deadline[deadline_rows] - 1, 0))
    task_deadlines = pd.DataFrame(
        {"deadline": deadline_dates, "probability": deadline_met / iterations},
        index=pd.Index(net.ids[deadline_rows], name="id"),
    )
    return SimulationResult(
        project=project,
        iterations=iterations,
        seed=seed,
        distribution=distribution,
        correlation=rho,
        finish=finish_all,
        criticality=pd.Series(critical_count / iterations, index=ids, name="criticality"),
        sensitivity=pd.Series(np.clip(sensitivity, -1, 1), index=ids, name="sensitivity"),
        deterministic=expected,
        risk_ids=tuple(events.ids) if events is not None else (),
        task_deadlines=task_deadlines,
    )


def simulation_json(result: SimulationResult) -> dict[str, object]:
    """The ``pmtools simulate --json`` document (SPEC.md keys plus extras)."""

    def days(x: float) -> float:
        return round(float(x), 2)

    def iso(x: Any) -> str:
        return str(x)[:10]

    pert = pert_summary(result.project)
    p = {q: result.percentile(q) for q in (10, 50, 80, 90)}
    doc: dict[str, object] = {
        "iterations": result.iterations,
        "seed": result.seed,
        "distribution": result.distribution,
        "correlation": result.correlation,
        "deterministic": days(result.deterministic),
        "mean": days(result.finish.mean()),
        "std": days(result.finish.std()),
        "p10": days(p[10]),
        "p50": days(p[50]),
        "p80": days(p[80]),
        "p90": days(p[90]),
        "finish_p50": iso(result.finish_date(p[50])),
        "finish_p80": iso(result.finish_date(p[80])),
        "finish_p90": iso(result.finish_date(p[90])),
        "deadline": None
        if result.project.deadline is None
        else result.project.deadline.isoformat(),
        "deadline_probability": None
        if result.deadline_probability is None
        else round(result.deadline_probability, 4),
        "pert": {
            "expected": days(pert.expected_duration),
            "std": days(pert.std),
            "deadline_probability": None
            if pert.probability is None
            else round(pert.probability, 4),
        },
        "risk_events": list(result.risk_ids),
        "task_deadlines": {
            str(k): {"deadline": iso(row.deadline), "probability": round(float(row.probability), 4)}
            for k, row in result.task_deadlines.iterrows()
        },
        "criticality": _rounded(result.criticality),
        "sensitivity": _rounded(result.sensitivity),
    }
    return doc


def _rounded(values: pd.Series) -> dict[str, float]:
    """{id: value to 4 decimals}, read as Python lists (much faster than Series.items)."""
    return {
        str(k): round(v, 4) for k, v in zip(values.index.tolist(), values.tolist(), strict=True)
    }


# ---------------------------------------------------------------------------------------------
# PERT


def pert_tasks(project: Project) -> pd.DataFrame:
    """Expected duration and standard deviation (working days) of every leaf task.

    Tasks without three-point estimates keep their planned duration with no
    spread. Columns: optimistic, most_likely, pessimistic, expected, std.
    """
    tasks = project.tasks[~project.tasks["summary"].to_numpy()]
    duration = tasks["duration"].astype(float)
    frame = pd.DataFrame(index=tasks.index)
    for column in ("optimistic", "most_likely", "pessimistic"):
        values = tasks[column] if column in tasks.columns else pd.Series(np.nan, index=tasks.index)
        frame[column] = values.astype(float).fillna(duration)
    o, m, p = frame["optimistic"], frame["most_likely"], frame["pessimistic"]
    frame["expected"] = (o + 4 * m + p) / 6
    frame["std"] = (p - o) / 6
    return frame


@dataclass(frozen=True)
class PertSummary:
    """The PERT normal approximation of the project finish (working days, dates)."""

    expected_duration: float
    std: float
    critical_path: list[str]
    target: dt.date | None
    target_offset: int | None
    probability: float | None  # chance of finishing by target (normal approximation)


def _normal_cdf(x: float) -> float:
    return 0.5 * (1.0 + math.erf(x / math.sqrt(2.0)))


def pert_summary(project: Project, *, target: dt.date | None = None) -> PertSummary:
    """Expected finish, its spread along the PERT critical path, and P(finish by target).

    ``target`` defaults to the project's deadline. The path is the chain of
    critical tasks (through expected durations) with the largest total variance.
    """
    estimates = pert_tasks(project)
    net_result = deterministic_pass(project, estimates["expected"].to_numpy())
    variance = (estimates["std"] ** 2).to_numpy()
    chain = net_result.heaviest_critical_chain(variance)
    ids = [str(estimates.index[i]) for i in chain]
    expected = float(net_result.finish)
    std = float(math.sqrt(variance[chain].sum())) if chain else 0.0
    target = target or project.deadline
    offset = probability = None
    if target is not None:
        offset = int(project.calendar.workdays_through(np.datetime64(target, "D")))
        if std > 0:
            probability = _normal_cdf((offset - expected) / std)
        else:
            probability = 1.0 if expected <= offset else 0.0
    return PertSummary(expected, std, ids, target, offset, probability)
