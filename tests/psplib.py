"""Read PSPLIB single-mode ``.sm`` files into pmtools project folders (test helper)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Instance:
    durations: dict[int, int]
    successors: dict[int, list[int]]
    requests: dict[int, list[int]]
    capacities: list[int]
    mpm_time: int


def read_sm(path: Path) -> Instance:
    text = path.read_text()
    lines = text.splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("pronr."))
    mpm = int(lines[header + 1].split()[-1])
    succ: dict[int, list[int]] = {}
    dur: dict[int, int] = {}
    req: dict[int, list[int]] = {}
    section = None
    caps: list[int] = []
    for line in lines:
        if line.startswith("PRECEDENCE RELATIONS"):
            section = "prec"
            continue
        if line.startswith("REQUESTS/DURATIONS"):
            section = "req"
            continue
        if line.startswith("RESOURCEAVAILABILITIES"):
            section = "cap"
            continue
        if line.startswith("*") or not line.strip() or line.startswith(("jobnr", "---")):
            if line.startswith("*"):
                section = None if section != "cap" else section
            continue
        parts = line.split()
        if section == "prec" and parts[0].isdigit():
            succ[int(parts[0])] = [int(p) for p in parts[3:]]
        elif section == "req" and parts[0].isdigit():
            dur[int(parts[0])] = int(parts[2])
            req[int(parts[0])] = [int(p) for p in parts[3:]]
        elif section == "cap" and re.fullmatch(r"[\d\s]+", line):
            caps = [int(p) for p in parts]
    return Instance(dur, succ, req, caps, mpm)


def write_folder(instance: Instance, folder: Path, start: str = "2024-01-01") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    preds: dict[int, list[int]] = {j: [] for j in instance.durations}
    for job, successors in instance.successors.items():
        for s in successors:
            preds[s].append(job)
    rows = ["id,name,duration,predecessors"]
    for job in sorted(instance.durations):
        rows.append(
            f'J{job},Job {job},{instance.durations[job]},"{";".join(f"J{p}" for p in preds[job])}"'
        )
    (folder / "tasks.csv").write_text("\n".join(rows) + "\n")
    (folder / "project.yaml").write_text(f"name: {folder.name}\nstart: {start}\n")
    return folder
