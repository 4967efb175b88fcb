"""Shared fixtures: tiny project folders written from inline text."""

from __future__ import annotations

import functools
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
EXAMPLES = ROOT / "examples"

MakeProject = Callable[..., Path]


@functools.cache
def report_applies(project_dir: Path, notebook: str) -> bool:
    """Whether ``pmtools report`` builds ``notebook`` for the project (``Practice.applies``:
    a project without work items gets no flow report)."""
    from pmtools.io import load_project
    from pmtools.tables import PRACTICES

    practice = next((p for p in PRACTICES.values() if p.notebook == notebook), None)
    if practice is None or practice.applies is None:
        return True
    return practice.applies(load_project(project_dir))


def write_project(
    folder: Path,
    tasks: str,
    *,
    start: str = "2026-03-02",
    extra_yaml: str = "",
    name: str = "Test project",
) -> Path:
    """Write project.yaml and tasks.csv into ``folder`` and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    yaml_text = f"name: {name}\nstart: {start}\n" + textwrap.dedent(extra_yaml)
    (folder / "project.yaml").write_text(yaml_text, encoding="utf-8")
    (folder / "tasks.csv").write_text(textwrap.dedent(tasks).lstrip(), encoding="utf-8")
    return folder


@pytest.fixture
def make_project(tmp_path: Path) -> MakeProject:
    """``make_project(tasks_csv, start=..., extra_yaml=...)`` -> a fresh project folder."""
    counter = iter(range(1000))

    def make(tasks: str, **kwargs: str) -> Path:
        return write_project(tmp_path / f"p{next(counter)}", tasks, **kwargs)

    return make


# notebooks that are test data (a report that fails on purpose), not notebooks to validate
collect_ignore_glob = [
    "notebooks/cases/*.ipynb",
    "data/course/*.ipynb",
    "data/course/*/*.ipynb",
]  # learners' saved lessons (kept as *.ipynb.saved): data for the grader, never run
