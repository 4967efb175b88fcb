"""The baseline for benchmarks/schedule.py: the critical path written plainly in Python.

Reads project.yaml (start, weekday Mon-Fri, a list of holiday dates) and tasks.csv
with the csv module, checks ids, durations and predecessor references, orders the
tasks with Kahn's algorithm, runs the forward and backward passes for FS/SS/FF/SF
links with lags, computes total and free float, converts offsets to dates with a
list of working days and prints the same JSON shape as ``pmtools schedule --json``.
It is what a competent developer would write without numpy: dicts, lists, loops.
"""

from __future__ import annotations

import bisect
import csv
import datetime as dt
import json
import re
import sys
from collections import deque
from pathlib import Path

import yaml

LINK = re.compile(r"^(\S+?)(?:\s+(FS|SS|FF|SF)?([+-]\d+)?)?$")


def main(folder: Path) -> None:
    settings = yaml.safe_load((folder / "project.yaml").read_text())
    start = settings["start"]
    holidays = set((settings.get("calendar") or {}).get("holidays") or [])
    with open(folder / "tasks.csv", newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    ids, duration, preds = [], {}, {}
    for number, row in enumerate(rows, start=2):
        task = row["id"].strip()
        if task in duration:
            sys.exit(f"tasks.csv:{number}:id: duplicate id {task}")
        if not row["duration"].strip().isdigit():
            sys.exit(f"tasks.csv:{number}:duration: expected whole days")
        ids.append(task)
        duration[task] = int(row["duration"])
        links = []
        for entry in re.split(r"[;,]", row["predecessors"]):
            entry = entry.strip()
            if entry:
                match = LINK.match(entry)
                if not match:
                    sys.exit(f"tasks.csv:{number}:predecessors: malformed {entry}")
                links.append((match.group(1), match.group(2) or "FS", int(match.group(3) or 0)))
        preds[task] = links
    succs = {task: [] for task in ids}
    indegree = dict.fromkeys(ids, 0)
    for task in ids:
        for pred, kind, lag in preds[task]:
            if pred not in duration:
                sys.exit(f"unknown predecessor {pred}")
            succs[pred].append((task, kind, lag))
            indegree[task] += 1
    queue = deque(t for t in ids if indegree[t] == 0)
    order = []
    while queue:
        task = queue.popleft()
        order.append(task)
        for succ, _, _ in succs[task]:
            indegree[succ] -= 1
            if indegree[succ] == 0:
                queue.append(succ)
    if len(order) != len(ids):
        sys.exit("cycle")
    es, ef = {}, {}
    for task in order:
        best = 0
        for pred, kind, lag in preds[task]:
            if kind == "FS":
                cand = ef[pred] + lag
            elif kind == "SS":
                cand = es[pred] + lag
            elif kind == "FF":
                cand = ef[pred] + lag - duration[task]
            else:
                cand = es[pred] + lag - duration[task]
            best = max(best, cand)
        es[task], ef[task] = best, best + duration[task]
    finish = max(ef.values(), default=0)
    ls, lf, free = {}, {}, {}
    for task in reversed(order):
        best = finish
        slack = finish - ef[task]
        for succ, kind, lag in succs[task]:
            if kind == "FS":
                best = min(best, ls[succ] - lag)
                slack = min(slack, es[succ] - lag - ef[task])
            elif kind == "SS":
                best = min(best, ls[succ] - lag + duration[task])
                slack = min(slack, es[succ] - lag - es[task])
            elif kind == "FF":
                best = min(best, lf[succ] - lag)
                slack = min(slack, ef[succ] - lag - ef[task])
            else:
                best = min(best, lf[succ] - lag + duration[task])
                slack = min(slack, ef[succ] - lag - es[task])
        lf[task], ls[task] = best, best - duration[task]
        free[task] = max(0, min(slack, ls[task] - es[task]))
    # working days: enough for the whole schedule
    days, day = [], start
    while len(days) <= finish + 1:
        if day.weekday() < 5 and day not in holidays:
            days.append(day)
        day += dt.timedelta(days=1)
    origin = bisect.bisect_left(days, start)

    def when(offset: int) -> str:
        return days[origin + offset].isoformat()

    tasks = []
    for task in ids:
        if duration[task] == 0:
            first = last = when(es[task] - 1) if es[task] > 0 else start.isoformat()
        else:
            first, last = when(es[task]), when(ef[task] - 1)
        tasks.append(
            {
                "id": task,
                "early_start": es[task],
                "early_finish": ef[task],
                "late_start": ls[task],
                "late_finish": lf[task],
                "total_float": ls[task] - es[task],
                "free_float": free[task],
                "critical": ls[task] - es[task] <= 0,
                "start": first,
                "finish": last,
            }
        )
    project = {
        "duration": finish,
        "start": start.isoformat(),
        "finish": when(finish - 1) if finish else start.isoformat(),
    }
    sys.stdout.write(json.dumps({"project": project, "tasks": tasks}))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
