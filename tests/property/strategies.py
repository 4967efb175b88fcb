"""Hypothesis strategies: random task networks written as project folders."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from hypothesis import strategies as st

import pmtools
from pmtools.model import Project


@dataclass(frozen=True)
class Network:
    durations: list[int]
    links: list[tuple[int, int, str, int]]  # predecessor, successor, type, lag

    def csv(self) -> str:
        preds: dict[int, list[str]] = {i: [] for i in range(len(self.durations))}
        for p, s, kind, lag in self.links:
            entry = f"T{p}" if kind == "FS" and lag == 0 else f"T{p} {kind}{lag:+d}"
            preds[s].append(entry)
        rows = ["id,name,duration,predecessors"]
        rows += [f'T{i},Task {i},{d},"{";".join(preds[i])}"' for i, d in enumerate(self.durations)]
        return "\n".join(rows) + "\n"


@st.composite
def task_networks(
    draw: st.DrawFn, *, max_tasks: int = 25, types: tuple[str, ...] = ("FS", "SS", "FF", "SF")
) -> Network:
    n = draw(st.integers(1, max_tasks))
    durations = draw(st.lists(st.integers(0, 12), min_size=n, max_size=n))
    links = []
    for successor in range(1, n):
        count = draw(st.integers(0, min(3, successor)))
        preds = draw(
            st.lists(st.integers(0, successor - 1), min_size=count, max_size=count, unique=True)
        )
        for p in preds:
            links.append((p, successor, draw(st.sampled_from(types)), draw(st.integers(-4, 6))))
    return Network(durations, links)


@contextmanager
def as_project(network: Network, start: str = "2026-03-04") -> Iterator[Project]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "project.yaml").write_text(f"name: generated\nstart: {start}\n")
        (folder / "tasks.csv").write_text(network.csv())
        yield pmtools.load_project(folder)
