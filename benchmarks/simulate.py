"""Benchmark: Monte Carlo schedule risk against a straightforward numpy implementation.

For networks of 2,000 and 10,000 tasks (about two links each, every link type,
lags, three-point estimates on every task) and 10,000 iterations this runs, each
in its own process and in the same run:

- ``pmtools.simulate`` (PERT-Beta durations, forward and backward pass, criticality,
  Spearman sensitivity, percentiles), and
- the straightforward numpy way: one float64 row of iterations per task, sampled
  with ``Generator.beta``; a Python loop over tasks in topological order with
  vector operations over all iterations for each link, forward then backward;
  criticality from the floats; Spearman sensitivity by ranking every task's
  durations (``argsort`` twice) against the ranked finish,

and prints the time of each (best of ``--repeat``), the growth of peak resident
memory during the simulation, and the ratios pmtools / numpy. Both compute the
same statistics; the printed P80s agree within sampling noise.

    python benchmarks/simulate.py [--sizes 2000,10000] [--iterations 10000] [--repeat 2]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from benchmarks.schedule import generate  # noqa: E402

_MEMORY = """
def rss_kb(field):
    for line in open("/proc/self/status"):
        if line.startswith(field):
            return int(line.split()[1])
    return 0
"""

PMTOOLS = _MEMORY + textwrap.dedent(
    """
    import json, sys, time
    import pmtools
    from pmtools.montecarlo import simulate
    project = pmtools.load_project(sys.argv[1])
    iterations = int(sys.argv[2])
    simulate(project, iterations=512, seed=0)  # warm up: tables, caches
    before = rss_kb("VmRSS")
    started = time.perf_counter()
    result = simulate(project, iterations=iterations, seed=1)
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "peak_mb": (rss_kb("VmHWM") - before) / 1024,
                      "p80": result.percentile(80)}))
    """
)

NUMPY = _MEMORY + textwrap.dedent(
    """
    import json, sys, time
    import numpy as np
    import pmtools
    from pmtools.cpm.progress import progress_state
    project = pmtools.load_project(sys.argv[1])
    iterations = int(sys.argv[2])
    state = progress_state(project)
    net = state.net
    n = net.ids.size
    tasks = project.tasks.loc[net.ids]
    a = tasks["optimistic"].to_numpy(float)
    m = tasks["most_likely"].to_numpy(float)
    b = tasks["pessimistic"].to_numpy(float)
    order = net.order.order.tolist()
    preds = [[] for _ in range(n)]
    succs = [[] for _ in range(n)]
    for s, d, ff, tf, lag in zip(net.src.tolist(), net.dst.tolist(), net.from_finish.tolist(),
                                 net.to_finish.tolist(), net.lag.tolist()):
        preds[d].append((s, ff, tf, lag))
        succs[s].append((d, ff, tf, lag))
    start = state.min_start.astype(float)
    before = rss_kb("VmRSS")
    started = time.perf_counter()
    rng = np.random.default_rng(1)
    D = np.empty((n, iterations))
    for t in range(n):
        if b[t] > a[t]:
            r = (m[t] - a[t]) / (b[t] - a[t])
            D[t] = a[t] + (b[t] - a[t]) * rng.beta(1 + 4 * r, 1 + 4 * (1 - r), iterations)
        else:
            D[t] = m[t]
    ES = np.empty((n, iterations))
    EF = np.empty((n, iterations))
    for t in order:
        es = np.full(iterations, start[t])
        for p, ff, tf, lag in preds[t]:
            cand = (EF[p] if ff else ES[p]) + lag
            if tf:
                cand = cand - D[t]
            es = np.maximum(es, cand)
        ES[t] = es
        EF[t] = es + D[t]
    finish = EF.max(axis=0)
    LS = np.empty((n, iterations))
    LF = np.empty((n, iterations))
    for t in reversed(order):
        lf = finish.copy()
        for s, ff, tf, lag in succs[t]:
            cand = (LF[s] if tf else LS[s]) - lag
            if not ff:
                cand = cand + D[t]
            lf = np.minimum(lf, cand)
        LF[t] = lf
        LS[t] = lf - D[t]
    criticality = ((LS - ES) <= 1e-6).mean(axis=1)
    finish_rank = np.argsort(np.argsort(finish)).astype(float)
    finish_rank -= finish_rank.mean()
    sensitivity = np.zeros(n)
    for t in range(n):
        rank = np.argsort(np.argsort(D[t])).astype(float)
        rank -= rank.mean()
        denominator = np.sqrt((rank @ rank) * (finish_rank @ finish_rank))
        sensitivity[t] = (rank @ finish_rank) / denominator if denominator else 0.0
    p80 = float(np.percentile(finish, 80))
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "peak_mb": (rss_kb("VmHWM") - before) / 1024,
                      "p80": p80}))
    """
)


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


def run(code: str, folder: Path, iterations: int) -> dict[str, float]:
    result = subprocess.run(
        [sys.executable, "-c", code, str(folder), str(iterations)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="2000,10000", help="task counts, comma-separated")
    parser.add_argument("--iterations", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=2, help="runs of each; the best counts")
    args = parser.parse_args()
    print(
        f"{'tasks':>6} {'iter':>6} | {'pmtools s':>9} {'MB':>6} | {'numpy s':>8} {'MB':>6} |"
        f" {'time':>5} {'memory':>6} | {'P80 pm':>8} {'P80 np':>8}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for n in (int(s) for s in args.sizes.split(",")):
            folder = generate(Path(tmp) / f"n{n}", n)
            add_estimates(folder)
            ours = min(
                (run(PMTOOLS, folder, args.iterations) for _ in range(args.repeat)),
                key=lambda r: r["seconds"],
            )
            theirs = min(
                (run(NUMPY, folder, args.iterations) for _ in range(args.repeat)),
                key=lambda r: r["seconds"],
            )
            print(
                f"{n:>6} {args.iterations:>6} | {ours['seconds']:>9.2f} {ours['peak_mb']:>6.0f} |"
                f" {theirs['seconds']:>8.2f} {theirs['peak_mb']:>6.0f} |"
                f" {ours['seconds'] / theirs['seconds']:>5.2f}"
                f" {ours['peak_mb'] / max(theirs['peak_mb'], 1):>6.2f} |"
                f" {ours['p80']:>8.1f} {theirs['p80']:>8.1f}"
            )


if __name__ == "__main__":
    main()
