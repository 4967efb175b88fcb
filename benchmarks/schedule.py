"""Benchmark: ``pmtools schedule --json`` end to end against a plain-Python implementation.

For networks of 1k, 10k and 100k tasks (about two links each, every link type and
some lags) this writes a project folder, then times, in the same run and as
separate processes:

- ``pmtools schedule DIR --json`` (load, validate, schedule, dates, JSON), and
- ``benchmarks/plain_cpm.py DIR`` - the same job written the straightforward way in
  plain Python (csv module, dicts, a Kahn loop, two passes, json.dumps),

and prints the best of ``--repeat`` runs of each and their ratio (lower is better).
Both outputs are compared task by task before timing, so the two compute the same thing.

    python benchmarks/schedule.py [--sizes 1000,10000,100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def generate(folder: Path, n: int, *, seed: int = 7) -> Path:
    """Write a project of ``n`` tasks: phases of work packages, ~2 links per task."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "project.yaml").write_text(
        f"name: Generated {n}\nstart: 2026-01-05\ncalendar:\n  holidays: [2026-12-25, 2027-01-01]\n"
    )
    lines = ["id,name,duration,predecessors,owner"]
    for i in range(n):
        preds = []
        if i:
            window = min(i, 400)
            count = min(i, rng.choice((1, 2, 2, 3)))
            for p in sorted(set(rng.randrange(i - window, i) for _ in range(count))):
                kind = rng.choices(("", "SS", "FF", "SF"), weights=(80, 10, 8, 2))[0]
                lag = rng.choice((0, 0, 0, 1, 2, -1))
                entry = f"T{p}"
                if kind or lag:
                    entry += f" {kind or 'FS'}{lag:+d}"
                preds.append(entry)
        duration = 0 if rng.random() < 0.05 else rng.randint(1, 15)
        lines.append(f'T{i},Work package {i},{duration},"{";".join(preds)}",Owner {i % 37}')
    (folder / "tasks.csv").write_text("\n".join(lines) + "\n")
    return folder


def run(command: list[str]) -> tuple[float, bytes]:
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, check=True)
    return time.perf_counter() - started, result.stdout


def same_schedule(ours: bytes, theirs: bytes) -> None:
    a, b = json.loads(ours), json.loads(theirs)
    assert a["project"]["duration"] == b["project"]["duration"], "project durations differ"
    assert a["project"]["finish"] == b["project"]["finish"], "finish dates differ"
    keys = (
        "early_start",
        "early_finish",
        "late_start",
        "late_finish",
        "total_float",
        "free_float",
        "critical",
        "start",
        "finish",
    )
    for x, y in zip(a["tasks"], b["tasks"], strict=True):
        assert x["id"] == y["id"]
        for key in keys:
            assert x[key] == y[key], (x["id"], key, x[key], y[key])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="task counts, comma-separated")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; the best counts")
    args = parser.parse_args()
    pmtools = [sys.executable, "-m", "pmtools", "schedule"]
    plain = [sys.executable, str(HERE / "plain_cpm.py")]
    print(f"{'tasks':>8}  {'pmtools s':>10}  {'plain s':>10}  {'ratio':>6}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in (int(s) for s in args.sizes.split(",")):
            folder = generate(Path(tmp) / f"n{n}", n)
            _, ours = run([*pmtools, str(folder), "--json"])
            _, theirs = run([*plain, str(folder)])
            same_schedule(ours, theirs)
            ours_t = min(run([*pmtools, str(folder), "--json"])[0] for _ in range(args.repeat))
            plain_t = min(run([*plain, str(folder)])[0] for _ in range(args.repeat))
            print(f"{n:>8}  {ours_t:>10.3f}  {plain_t:>10.3f}  {ours_t / plain_t:>6.2f}")


if __name__ == "__main__":
    main()
