"""The learner's progress: every checked answer, saved beside the notebooks.

``.pmtools-progress.json`` in the folder the lessons run from (JupyterLab runs a
notebook in its own folder) holds, per lesson and exercise, the last answer
checked, its score and when (``answer``, ``score``, ``correct``, ``at``), and every
attempt in order (``attempts``: a list of the same four fields), so the trainer sees
what a learner answered first. Files written before attempts were kept have the last
answer only: it loads as a single attempt. The file is written atomically (a temporary
file, then ``os.replace``), so a crash never leaves half a file; the grader reads it
as data.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

from pmtools.tables.files import atomic_write_text

__all__ = ["PROGRESS_FILE", "attempts", "load_progress", "progress_path", "record_answer"]

PROGRESS_FILE = ".pmtools-progress.json"
FORMAT = "pmtools-progress"


def progress_path(folder: str | os.PathLike[str] | None = None) -> Path:
    """The progress file in ``folder`` (default: ``PMTOOLS_PROGRESS_DIR``, else the current one)."""
    base = folder or os.environ.get("PMTOOLS_PROGRESS_DIR") or Path.cwd()
    return Path(base) / PROGRESS_FILE


def load_progress(path: Path) -> dict[str, Any]:
    """The saved progress (``{"format", "lessons": {lesson: {exercise: record}}}``); an empty
    one when there is no file. Raises ValueError for a file that is not a progress file."""
    if not path.exists():
        return {"format": FORMAT, "lessons": {}}
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("lessons"), dict):
        raise ValueError(f"{path.name} is not a pmtools progress file")
    return data


_FIELDS = ("answer", "score", "correct", "at")


def attempts(record: dict[str, Any]) -> list[dict[str, Any]]:
    """Every attempt saved in one exercise's record, first first; a record from a file
    written before attempts were kept (the last answer only) is its one attempt."""
    saved = record.get("attempts")
    if isinstance(saved, list) and saved:
        return [a for a in saved if isinstance(a, dict) and "answer" in a]
    return [{k: record[k] for k in _FIELDS if k in record}] if "answer" in record else []


def record_answer(
    path: Path, lesson: str, exercise: str, answer: Any, score: float, correct: bool
) -> None:
    """Save an answer to ``exercise``: appended to its attempts, and as the last answer."""
    data = load_progress(path)
    answers = data["lessons"].setdefault(lesson, {})
    earlier = answers.get(exercise)
    attempt = {
        "answer": answer,
        "score": round(float(score), 4),
        "correct": bool(correct),
        "at": dt.datetime.now().isoformat(timespec="seconds"),
    }
    history = attempts(earlier) if isinstance(earlier, dict) else []
    answers[exercise] = {**attempt, "attempts": [*history, attempt]}
    data["format"] = FORMAT
    atomic_write_text(path, json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
