"""The training course: every lesson in both languages runs in trainer mode and every check
passes; sources are clean; lessons match the course's definition.

All lessons run in ONE warm kernel (the batch runner's, ``pmtools.report.batch``), so the
whole course takes seconds, not a cold kernel start per lesson.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import papermill
import pytest

from pmtools.report import batch
from pmtools.training import LESSONS
from tests.conftest import ROOT

TRAINING = ROOT / "notebooks" / "training"
LANGUAGES = ("en", "zh")
BOOKS = [(lesson, language) for lesson in LESSONS for language in LANGUAGES]
ALLOWED_METADATA = {"kernelspec", "language_info"}


def path_of(lesson: str, language: str) -> Path:
    return TRAINING / language / f"{lesson}.ipynb"


def test_every_lesson_has_both_notebooks_and_nothing_else():
    for language in LANGUAGES:
        assert sorted(p.stem for p in (TRAINING / language).glob("*.ipynb")) == sorted(LESSONS)


@pytest.mark.parametrize(("lesson", "language"), BOOKS, ids=[f"{n}-{lang}" for n, lang in BOOKS])
def test_lesson_source_is_clean_and_uses_its_exercises(lesson, language):
    book = json.loads(path_of(lesson, language).read_text(encoding="utf-8"))
    assert set(book["metadata"]) <= ALLOWED_METADATA
    for cell in book["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None
        assert set(cell["metadata"]) <= {"tags"}
    first = "".join(book["cells"][0]["source"])
    assert "parameters" in book["cells"][0]["metadata"]["tags"]
    assert "solutions = False" in first and f'language = "{language}"' in first
    code = "\n".join("".join(c["source"]) for c in book["cells"] if c["cell_type"] == "code")
    assert f'training.start("{lesson}"' in code
    shown = re.findall(r'training\.exercise\("([^"]+)"\)', code)
    assert shown == [e.id for e in LESSONS[lesson].exercises]  # each once, in order
    text = "\n".join("".join(c["source"]) for c in book["cells"] if c["cell_type"] == "markdown")
    if language == "zh":  # fully Chinese: every prose line has Chinese in it
        prose = [line for line in text.splitlines() if re.search(r"[A-Za-z]{4,}", line)]
        prose = [line for line in prose if not re.search(r"[\u4e00-\u9fff]", line)]
        assert prose == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_parameters_have_help_text(language):
    for lesson in LESSONS:
        parameters = papermill.inspect_notebook(str(path_of(lesson, language)))
        assert parameters["solutions"]["help"] and parameters["language"]["help"]


@pytest.fixture(scope="module")
def trainer_runs():
    """Every lesson in both languages, solutions=True, in one warm kernel."""
    runs = {}
    try:
        for lesson, language in BOOKS:
            book, error = batch._execute(
                path_of(lesson, language), {"solutions": True, "language": language}, 120
            )
            runs[lesson, language] = (book, error)
    finally:
        batch._drop_kernel()
    return runs


@pytest.mark.parametrize(("lesson", "language"), BOOKS, ids=[f"{n}-{lang}" for n, lang in BOOKS])
def test_lesson_runs_in_trainer_mode_and_every_check_passes(trainer_runs, lesson, language):
    book, error = trainer_runs[lesson, language]
    assert error is None
    outputs = json.dumps([c.get("outputs", []) for c in book.cells], ensure_ascii=False)
    verdicts = re.findall(r'data-verdict=\\"(\w+)\\"', outputs)
    assert verdicts == ["right"] * len(LESSONS[lesson].exercises)
    answer = {"en": "Answer: ", "zh": "答案："}[language]
    assert outputs.count(answer) == len(LESSONS[lesson].exercises)
    assert "Traceback" not in outputs
