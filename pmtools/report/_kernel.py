"""What the batch runner asks of its warm kernel: load a project once, then its portfolio row.

These run inside the report kernel. ``prepare`` loads (and validates) the project
into the kernel's report cache, where every notebook of the project then finds
it; ``row`` computes the project's portfolio row from that same load, after the
notebooks ran, so results they computed (the status report, the plan) are
reused. Each writes one JSON document to stdout after ``MARKER``: that is how
the runner reads it back.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from pmtools.errors import PmtoolsError, ProjectInvalid
from pmtools.i18n import use_language
from pmtools.report._base import load_cached, locate
from pmtools.tables import PRACTICES

__all__ = ["MARKER", "prepare", "row"]

MARKER = "\x1epmtools-json\x1e"


def _emit(document: dict[str, Any]) -> None:
    sys.stdout.write(MARKER + json.dumps(document, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def prepare(
    project_dir: str, status_date: str | None, language: str | None, notebooks: list[str]
) -> None:
    """Load the project into the cache; emit ``{"ok": bool, "problems": [...], "skip":
    [notebooks whose practice has nothing to show for it]}``, the problems in ``language``,
    else the project's, else English."""

    try:
        project = load_cached(locate(project_dir), status_date)
    except ProjectInvalid as exc:
        with use_language(language or exc.language or "en"):
            _emit({"ok": False, "problems": [str(p) for p in exc.problems]})
        return
    except PmtoolsError as exc:
        with use_language(language or "en"):
            _emit({"ok": False, "problems": [str(exc)]})
        return
    skip = [
        practice.notebook
        for practice in PRACTICES.values()
        if practice.notebook in notebooks
        and practice.applies is not None
        and not practice.applies(project)
    ]
    _emit({"ok": True, "problems": [], "skip": skip})


def row(project_dir: str, status_date: str | None, language: str | None, folder: str) -> None:
    """Emit the project's portfolio row as JSON values (dates ISO, milestones as records)."""
    import datetime as dt

    import pandas as pd

    from pmtools.portfolio import project_row

    project = load_cached(locate(project_dir), status_date)
    with use_language(language or project.language):
        values = project_row(project, folder=folder)

    def plain(value: Any) -> Any:
        if isinstance(value, pd.Timestamp):
            return value.date().isoformat()
        if isinstance(value, dt.date):
            return value.isoformat()
        if not isinstance(value, str) and pd.isna(value):
            return None
        return value

    document = {key: plain(value) for key, value in values.items() if key != "milestones"}
    document["milestones"] = [
        {k: plain(v) for k, v in item.items()}
        for item in values["milestones"].reset_index().to_dict("records")
    ]
    _emit(document)
