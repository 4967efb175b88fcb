"""Benchmark: ``pmtools simulate --json`` end to end against a straightforward numpy Monte Carlo.

For generated project folders of 2,000 and 10,000 tasks (about two links each, every
link type, lags, a three-point estimate on every task) this times, as whole commands
in fresh processes, so start-up (imports), loading and output are included:

- ``python -m pmtools simulate DIR --iterations N --seed 1 --json`` and
- ``python ../shared/bench/ref_mc.py DIR N`` (path relative to the repository; ``--ref``
  points elsewhere): a numpy Monte Carlo with one float64 row of iterations per task,
  triangular durations and a Python loop over tasks for the forward and backward pass.

Each command runs once untimed (warm caches, outputs checked), then ``--repeat`` times,
alternating pmtools and the reference; the medians are printed with the peak resident
memory of each process (``wait4`` rusage), the ratios pmtools / reference and the
targets beside them: time <= 1.0x at 2,000 tasks and <= 0.5x at 10,000 (10,000
iterations). The two do not sample the same distribution (pmtools: PERT-Beta), so
their P80s are close, not equal. Machines shared with other work give noisy timings:
the load average before and after is printed too.

    python benchmarks/simulate.py [--sizes 2000,10000] [--iterations 10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from benchmarks.schedule import generate  # noqa: E402

DEFAULT_REF = Path("../shared/bench/ref_mc.py")  # relative to the repository root
#: time ratio pmtools / reference to stay under, by task count (at 10,000 iterations)
TARGETS = {2000: 1.0, 10000: 0.5}


@dataclass(frozen=True)
class Run:
    seconds: float  # wall clock, process start to exit
    cpu: float  # user + system seconds of the process
    peak_mb: float  # peak resident memory
    output: str


def add_estimates(folder: Path) -> None:
    """Give every task a three-point estimate around its duration."""
    lines = (folder / "tasks.csv").read_text().splitlines()
    out = [lines[0] + ",optimistic,most_likely,pessimistic"]
    for i, line in enumerate(lines[1:]):
        duration = int(line.split(",")[2])
        low = max(duration - 1 - i % 3, 0) if duration else 0
        high = duration + (i % 5) * 2 if duration else 0
        out.append(f"{line},{low},{duration},{high}")
    (folder / "tasks.csv").write_text("\n".join(out) + "\n")


def run(command: list[str]) -> Run:
    """Run ``command`` in a fresh process; its wall time, CPU time and peak memory."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, cwd=ROOT)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if process.returncode:
            raise SystemExit(
                f"{' '.join(command)} failed ({process.returncode}):\n{err.read().decode()}"
            )
        return Run(
            seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, out.read().decode()
        )


def median(runs: list[Run], key: str) -> float:
    return statistics.median(getattr(r, key) for r in runs)


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="2000,10000", help="task counts, comma-separated")
    parser.add_argument("--iterations", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each; medians count")
    parser.add_argument(
        "--ref",
        type=Path,
        default=DEFAULT_REF,
        help=f"the reference Monte Carlo script (default: {DEFAULT_REF}, from the repository)",
    )
    args = parser.parse_args()
    ref = args.ref if args.ref.is_absolute() else ROOT / args.ref
    if not ref.is_file():
        print(f"skipped: no reference Monte Carlo at {ref} (point --ref at ref_mc.py)")
        return
    n_iter = args.iterations
    print(f"pmtools: python -m pmtools simulate DIR --iterations {n_iter} --seed 1 --json")
    print(f"ref:     python {os.path.relpath(ref, ROOT)} DIR {n_iter}")
    print(
        f"fresh processes, start-up included; median of {args.repeat} alternating runs;"
        f" load average {load()}"
    )
    print(
        f"{'tasks':>6} {'iter':>6} | {'pmtools s':>9} {'cpu s':>6} {'MB':>5} |"
        f" {'ref s':>6} {'cpu s':>6} {'MB':>5} | {'time':>5} {'target':>7} |"
        f" {'memory':>6} | {'P80 pm':>7} {'P80 ref':>7}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for n in (int(s) for s in args.sizes.split(",")):
            folder = generate(Path(tmp) / f"n{n}", n)
            add_estimates(folder)
            ours_cmd = [sys.executable, "-m", "pmtools", "simulate", str(folder)]
            ours_cmd += ["--iterations", str(n_iter), "--seed", "1", "--json"]
            theirs_cmd = [sys.executable, str(ref), str(folder), str(n_iter)]
            ours_doc = json.loads(run(ours_cmd).output)  # untimed: warm caches, check outputs
            theirs_doc = json.loads(run(theirs_cmd).output)
            assert ours_doc["iterations"] == theirs_doc["iterations"] == n_iter
            assert set(ours_doc["criticality"]) == set(theirs_doc["criticality"])
            ours: list[Run] = []
            theirs: list[Run] = []
            for _ in range(args.repeat):
                ours.append(run(ours_cmd))
                theirs.append(run(theirs_cmd))
            seconds = median(ours, "seconds") / median(theirs, "seconds")
            memory = median(ours, "peak_mb") / median(theirs, "peak_mb")
            target = TARGETS.get(n) if n_iter == 10_000 else None
            verdict = (
                "-" if target is None else f"{'<=' if seconds <= target else '> '}{target:.1f}"
            )
            print(
                f"{n:>6} {n_iter:>6} |"
                f" {median(ours, 'seconds'):>9.2f} {median(ours, 'cpu'):>6.2f}"
                f" {median(ours, 'peak_mb'):>5.0f} |"
                f" {median(theirs, 'seconds'):>6.2f} {median(theirs, 'cpu'):>6.2f}"
                f" {median(theirs, 'peak_mb'):>5.0f} |"
                f" {seconds:>5.2f} {verdict:>7} | {memory:>6.2f} |"
                f" {ours_doc['p80']:>7.1f} {theirs_doc['p80']:>7.1f}",
                flush=True,
            )
    print(f"time and memory are pmtools / ref; target: the time ratio to stay under; load {load()}")


if __name__ == "__main__":
    main()
