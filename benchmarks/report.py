"""Batch reports against bare papermill, measured in the same run.

Generates N project folders (copies of the example projects, renamed, round-robin),
runs ``pmtools report`` with the core four notebooks and ``--jobs 2 --force``, then
runs the same number of bare papermill executions of a one-cell notebook, two at a
time, and prints both wall times and their ratio (target: report <= 0.5x bare).

    .venv/bin/python benchmarks/report.py --projects 50
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORE = "schedule,risks,requirements,retrospective"


def bare(notebook: Path, out: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "papermill", "-k", "python3", "--log-level", "ERROR",
         str(notebook), str(out)],
        check=True, capture_output=True,
    )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--projects", type=int, default=50)
    args = parser.parse_args()
    examples = sorted(p for p in (ROOT / "examples").iterdir() if (p / "project.yaml").is_file())
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        dirs = []
        for i in range(args.projects):
            target = root / "projects" / f"p{i:03d}-{examples[i % len(examples)].name}"
            shutil.copytree(examples[i % len(examples)], target)
            dirs.append(str(target))
        began = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "pmtools", "report", *dirs, "--out", str(root / "out"),
             "--notebooks", CORE, "--jobs", "2", "--force"],
            check=True, capture_output=True,
        )  # fmt: skip
        report = time.perf_counter() - began
        count = args.projects * len(CORE.split(","))
        trivial = root / "trivial.ipynb"
        trivial.write_text(
            '{"cells":[{"cell_type":"code","execution_count":null,"metadata":{"tags":["parameters"]},'
            '"outputs":[],"source":"x = 1"}],"metadata":{"kernelspec":{"name":"python3",'
            '"display_name":"Python 3","language":"python"}},"nbformat":4,"nbformat_minor":5}',
            encoding="utf-8",
        )
        began = time.perf_counter()
        with ThreadPoolExecutor(max_workers=2) as pool:
            list(pool.map(lambda i: bare(trivial, root / f"bare{i}.ipynb"), range(count)))
        baseline = time.perf_counter() - began
    print(
        f"pmtools report: {args.projects} projects x 4 notebooks ({count} reports), "
        f"--jobs 2: {report:.1f} s"
    )
    print(
        f"bare papermill: {count} executions of a one-cell notebook, 2 at a time: {baseline:.1f} s"
    )
    print(f"ratio: {report / baseline:.2f}x (target <= 0.5x)")


if __name__ == "__main__":
    main()
