"""Benchmark: the levelling engine on the PSPLIB single-mode RCPSP sets j30, j60 and j120.

The engine is ``pmtools.cpm.level``, the code ``pmtools level`` and ``pmtools.level`` run.

Each ``.sm`` instance (Kolisch & Sprecher 1997) becomes a ``LevelProblem`` (every link
finish-to-start with lag 0, four renewable resources, the two dummy jobs as milestones) and
is levelled; the benchmark then checks every plan itself (each link, each resource on each
period) and prints per set: instances run, feasible plans, plans whose makespan the solver
proved optimal, average % deviation of the makespan from the optimum (j30) or best-known
makespan (j60, j120) and from the critical-path bound (``cpm_length``), and the median and
largest seconds per instance. Bounds come from ``makespans.csv`` next to the sets.

Before each set it times the genetic search's two decoders on the set's first instance in
the same run: the compiled one (numba) against the numpy one, as plans a second and their
ratio. The compiled kernels are loaded (compiled, the first time on a machine) before any
instance is timed, as on a machine that has levelled before.

    python benchmarks/levelling.py [--sets j30,j60,j120] [--sample N] [--time-limit S]
                                   [--jobs N] [--folders] [--data ../shared/data/psplib]

``--folders`` writes each instance as a project folder (tasks.csv, resources.csv) and levels it
with ``pmtools.level`` after ``load_project``, the code path of ``pmtools level``.
``--sample N`` runs every N-th instance (in parameter/instance order), so a quick run and a
full run share the code. Default time limits per instance: j30 1 s, j60 5 s, j120 5 s.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import statistics
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from pmtools.cpm.level import LevelProblem, level, level_problem

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = HERE.parent.parent / "shared" / "data" / "psplib"
DEFAULT_LIMITS = {"j30": 1.0, "j60": 5.0, "j90": 5.0, "j120": 5.0}


@dataclass(frozen=True)
class SmInstance:
    """One PSPLIB single-mode instance; jobs are 0-based (job 1 of the file is 0).

    ``durations`` in periods; ``successors`` per job (finish-to-start, lag 0); ``demands``
    per job and renewable resource (units per period); ``capacities`` per resource.
    """

    durations: list[int]
    successors: list[list[int]]
    demands: list[list[int]]
    capacities: list[int]


def read_sm(path: Path) -> SmInstance:
    """Parse a PSPLIB ``.sm`` file (single mode, renewable resources only).

    Raises ValueError when a section is missing or a job line does not parse.
    """
    lines = path.read_text().splitlines()

    def section(title: str) -> int:
        for i, line in enumerate(lines):
            if line.startswith(title):
                return i
        raise ValueError(f"{path}: no {title!r} section")

    jobs_line = next((x for x in lines if x.startswith("jobs (incl. supersource/sink )")), None)
    if jobs_line is None:
        raise ValueError(f"{path}: no 'jobs (incl. supersource/sink )' line")
    n = int(jobs_line.split(":")[1])
    successors: list[list[int]] = [[] for _ in range(n)]
    at = section("PRECEDENCE RELATIONS") + 2
    for line in lines[at : at + n]:
        parts = [int(x) for x in line.split()]
        job, count = parts[0] - 1, parts[2]
        successors[job] = [s - 1 for s in parts[3 : 3 + count]]
    durations = [0] * n
    demands: list[list[int]] = [[] for _ in range(n)]
    at = section("REQUESTS/DURATIONS") + 3
    for line in lines[at : at + n]:
        parts = [int(x) for x in line.split()]
        job = parts[0] - 1
        durations[job] = parts[2]
        demands[job] = parts[3:]
    at = section("RESOURCEAVAILABILITIES") + 2
    capacities = [int(x) for x in lines[at].split()]
    if not re.fullmatch(r"[\d\s]+", lines[at]) or any(len(d) != len(capacities) for d in demands):
        raise ValueError(f"{path}: resource requests and availabilities do not match")
    return SmInstance(durations, successors, demands, capacities)


def to_problem(instance: SmInstance) -> LevelProblem:
    """The instance as a levelling problem: FS links with lag 0, integer units."""
    pred = [j for j, succ in enumerate(instance.successors) for _ in succ]
    succ = [s for successors in instance.successors for s in successors]
    return level_problem(
        instance.durations, instance.demands, instance.capacities, pred=pred, succ=succ
    )


def check(instance: SmInstance, start: np.ndarray) -> list[str]:
    """Every broken link and over-allocated period of a plan, independently of pmtools."""
    problems = []
    for job, successors in enumerate(instance.successors):
        for s in successors:
            if start[s] < start[job] + instance.durations[job]:
                problems.append(f"link {job + 1} -> {s + 1} broken")
    if (start < 0).any():
        problems.append("a job starts before period 0")
    finish = int(max(int(start[j]) + d for j, d in enumerate(instance.durations)))
    load = np.zeros((len(instance.capacities), finish + 1), dtype=np.int64)
    for job, d in enumerate(instance.durations):
        load[:, start[job] : start[job] + d] += np.array(instance.demands[job])[:, None]
    over = np.argwhere(load > np.array(instance.capacities)[:, None])
    problems += [f"resource {r + 1} over capacity in period {t}" for r, t in over[:5]]
    return problems


@dataclass(frozen=True)
class Outcome:
    name: str
    makespan: int
    feasible: bool
    proven: bool
    seconds: float
    method: str


def write_folder(instance: SmInstance, folder: Path) -> Path:
    """The instance as a project folder: tasks.csv (job ``J<k>``, duration, FS predecessors,
    ``R<r>[units]`` per resource used) and resources.csv (``R1``..``R4`` with their
    capacities), on a calendar where every day is a working day."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "project.yaml").write_text(
        "name: PSPLIB\nstart: 2026-01-05\nstatus_date: 2026-01-05\n"
        "calendar:\n  workdays: Mon-Sun\n",
        encoding="utf-8",
    )
    preds: list[list[int]] = [[] for _ in instance.durations]
    for job, successors in enumerate(instance.successors):
        for s in successors:
            preds[s].append(job)
    lines = ["id,name,duration,predecessors,resources"]
    for job, duration in enumerate(instance.durations):
        uses = ";".join(
            f"R{r + 1}[{units}]" for r, units in enumerate(instance.demands[job]) if units
        )
        links = ";".join(f"J{p + 1}" for p in preds[job])
        lines.append(f"J{job + 1},job {job + 1},{duration},{links},{uses}")
    (folder / "tasks.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    resources = ["name,capacity"] + [
        f"R{r + 1},{capacity}" for r, capacity in enumerate(instance.capacities)
    ]
    (folder / "resources.csv").write_text("\n".join(resources) + "\n", encoding="utf-8")
    return folder


def run_project(path: Path, time_limit: float, workers: int, seed: int) -> Outcome:
    """Level the instance as ``pmtools level`` does: a project folder loaded, validated and
    levelled by ``pmtools.level``; the time counts loading too."""
    import tempfile

    import pmtools

    instance = read_sm(path)
    with tempfile.TemporaryDirectory(prefix="psplib-") as scratch:
        folder = write_folder(instance, Path(scratch) / path.stem)
        began = time.perf_counter()
        levelled = pmtools.level(
            pmtools.load_project(folder), time_limit=time_limit, seed=seed, workers=workers
        )
        seconds = time.perf_counter() - began
    plan = levelled.plan
    ids = [f"J{job + 1}" for job in range(len(instance.durations))]
    start = plan.loc[ids, "early_start"].to_numpy(dtype=np.int64)
    return Outcome(
        name=path.stem,
        makespan=int(plan.attrs["finish_offset"]),
        feasible=not check(instance, start),
        proven=levelled.finish_optimal,
        seconds=seconds,
        method=levelled.method,
    )


def run_one(path: Path, time_limit: float, workers: int, seed: int) -> Outcome:
    instance = read_sm(path)
    problem = to_problem(instance)
    began = time.perf_counter()
    result = level(problem, time_limit=time_limit, seed=seed, workers=workers)
    seconds = time.perf_counter() - began
    problems = check(instance, result.start)
    return Outcome(
        name=path.stem,
        makespan=result.finish,
        feasible=not problems,
        proven=result.finish_optimal,
        seconds=seconds,
        method=result.method,
    )


def decoder_speed(path: Path, plans: int = 512, seconds: float = 1.0) -> tuple[float, float]:
    """Plans a second the genetic search's two decoders build on one instance, compiled
    (numba; 0 when it is not installed) and numpy, timed in turn on the same random keys."""
    from pmtools.cpm import _compiled
    from pmtools.cpm import level as engine_module

    engine = engine_module._Population(engine_module._prepare(to_problem(read_sm(path))))
    keys = np.random.default_rng(0).random((plans, engine.inst.n))

    def rate(decode: Callable[[np.ndarray], object]) -> float:
        decode(keys)  # warm
        done, began = 0, time.perf_counter()
        while time.perf_counter() - began < seconds:
            decode(keys)
            done += plans
        return done / (time.perf_counter() - began)

    compiled = rate(engine.decode_compiled) if _compiled.available() else 0.0
    return compiled, rate(engine.decode_numpy)


def read_bounds(data: Path) -> dict[str, dict[str, str]]:
    with (data / "makespans.csv").open(newline="") as handle:
        return {row["instance"]: row for row in csv.DictReader(handle)}


def _instance_key(path: Path) -> tuple[int, int]:
    match = re.fullmatch(r"j\d+?(\d+)_(\d+)", path.stem)
    if match is None:
        return (0, 0)
    return int(match.group(1)), int(match.group(2))


def instances(data: Path, name: str, sample: int) -> list[Path]:
    files = sorted((data / name).glob("*.sm"), key=_instance_key)
    return files[::sample]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="PSPLIB folder")
    parser.add_argument("--sets", default="j30,j60,j120", help="comma-separated, e.g. j30,j60")
    parser.add_argument("--sample", type=int, default=1, help="run every N-th instance")
    parser.add_argument(
        "--time-limit", type=float, default=None, help="seconds per instance (default per set)"
    )
    parser.add_argument("--jobs", type=int, default=1, help="instances levelled in parallel")
    parser.add_argument(
        "--workers", type=int, default=None, help="solver threads per instance (default cores/jobs)"
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--verbose", action="store_true", help="one line per instance")
    parser.add_argument(
        "--folders",
        action="store_true",
        help="write each instance as a project folder and level it with pmtools.level, as "
        "pmtools level does (load and validation included in the time)",
    )
    args = parser.parse_args(argv)
    bounds = read_bounds(args.data)
    from pmtools.cpm import _compiled

    if _compiled.available():  # as on a machine that has levelled before: kernels cached
        began = time.perf_counter()
        _compiled.load()
        print(f"compiled decoder ready in {time.perf_counter() - began:.1f} s (before timing)")
    else:
        print("numba is not installed: the genetic search decodes with numpy")
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    workers = args.workers or max(1, cores // args.jobs)
    header = (
        f"{'set':5} {'limit_s':>7} {'run':>4} {'feasible':>8} {'proven':>6} "
        f"{'dev_best_%':>10} {'dev_cpm_%':>9} {'median_s':>8} {'max_s':>6}"
    )
    print(header, flush=True)
    failed = False
    for name in args.sets.split(","):
        files = instances(args.data, name, args.sample)
        limit = args.time_limit or DEFAULT_LIMITS.get(name, 5.0)
        compiled, numpy_rate = decoder_speed(files[0])
        speed = (
            f"compiled {compiled:,.0f} plans/s = {compiled / numpy_rate:.1f}x numpy "
            if compiled
            else ""
        )
        print(f"{name}: decoder on {files[0].stem}: {speed}(numpy {numpy_rate:,.0f} plans/s)")
        dev_best, dev_cpm, outcomes = [], [], []
        with ProcessPoolExecutor(max_workers=args.jobs) as pool:
            for o in pool.map(
                run_project if args.folders else run_one,
                files,
                [limit] * len(files),
                [workers] * len(files),
                [args.seed] * len(files),
            ):
                outcomes.append(o)
                row = bounds[o.name]
                best, cpm = int(row["optimal_or_best_makespan"]), int(row["cpm_length"])
                dev_best.append(100.0 * (o.makespan - best) / best)
                dev_cpm.append(100.0 * (o.makespan - cpm) / cpm)
                if args.verbose:
                    print(
                        f"  {o.name:12} {o.makespan:4} best {best:4} cpm {cpm:4} "
                        f"{'ok' if o.feasible else 'INFEASIBLE'} "
                        f"{'proven' if o.proven else '':6} {o.method} {o.seconds:.2f}s",
                        flush=True,
                    )
        seconds = [o.seconds for o in outcomes]
        feasible = sum(o.feasible for o in outcomes)
        failed |= feasible < len(outcomes)
        print(
            f"{name:5} {limit:7.1f} {len(outcomes):4} {feasible:8} "
            f"{sum(o.proven for o in outcomes):6} {statistics.fmean(dev_best):10.3f} "
            f"{statistics.fmean(dev_cpm):9.2f} {statistics.median(seconds):8.2f} "
            f"{max(seconds):6.2f}",
            flush=True,
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
